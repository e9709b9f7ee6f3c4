/**
 * The CGA adapter on the XT (issue 6): test/fixtures/graphics/cga-palettes.asm programs the card by port (the
 * registers themselves, not our system BIOS's CGA services, which test/e2e/programs-video-cga.test.ts covers) and draws a pattern in 320x200, 640x200 and 80x25 text; the test computes
 * each picture from the pattern's definition and the CGA's documented palettes and compares the frame pixel for
 * pixel at the card's native resolution.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import { assertPicture, GraphicsRun, RGBI_HEX } from "./graphics-harness.ts";

test("CGA: 320x200 in every palette, 640x200 and 80x25 text, frames at native resolution", () => {
  const run = new GraphicsRun("cga-palettes", "xt", "cga");
  assert.equal(run.machine.cga, run.machine.display);
  assert.throws(() => run.machine.vga, /CGA/);
  // Colour select bit 5 picks green/red/brown or cyan/magenta/white, bit 4 intensifies them, bits 0-3 are the
  // background; with colour burst off (mode 0Eh) an RGBI monitor shows cyan/red/white (IBM PC/XT TR, CGA).
  const palettes: [stage: string, colours: number[]][] = [
    ["P0", [0, 2, 4, 6]],
    ["P0 BRIGHT", [0, 10, 12, 14]],
    ["P1 BLUE", [1, 3, 5, 7]],
    ["P1 BRIGHT WHITE", [15, 11, 13, 15]],
    ["P2", [0, 3, 4, 7]],
    ["P2 BRIGHT RED", [4, 11, 12, 15]],
  ];
  for (const [stage, colours] of palettes) {
    const frame = run.stage(stage);
    assert.equal(frame.width, 320, stage);
    assert.equal(frame.height, 200, stage);
    assertPicture(frame, 320, 200, (x, y) => RGBI_HEX[colours[((x >> 3) + (y >> 3)) & 3]], stage);
    run.next();
  }

  const hires = run.stage("HIRES");
  assert.equal(hires.width, 640);
  assertPicture(hires, 640, 200, (x, y) => RGBI_HEX[((x >> 2) ^ (y >> 1)) & 1 ? 12 : 0], "640x200");
  run.next();

  const text = run.stage("TEXT");
  assert.equal(run.machine.display.screenText().split("\n")[0], "CGA");
  assert.equal(text.width, 640);
  // The cursor (R14/R15 = 0, lines 6-7) blinks over cell 0; compare the lines above it.
  assertPicture(
    text,
    640,
    200,
    (x, y) => {
      const cell = x >> 3;
      if (y >= 8 || cell > 2) return RGBI_HEX[0];
      const code = "CGA".charCodeAt(cell);
      if (cell === 0 && y >= 6) return text.pixels[(y * 640 + x) * 4] === 0xff ? RGBI_HEX[14] : RGBI_HEX[1];
      return (FONT_8X8[code * 8 + y] << (x & 7)) & 0x80 ? RGBI_HEX[14] : RGBI_HEX[1];
    },
    "80x25 text",
  );
});
