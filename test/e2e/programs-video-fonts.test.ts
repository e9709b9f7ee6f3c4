/**
 * The VGA BIOS's character-generator services (RBIL INT 10h AX=1130h, 1111h, 1112h, 1114h): test/fixtures/programs/
 * video-fonts.asm asks where each ROM font is and reads character 41h from there, then loads each font into mode 3.
 * The test checks the glyph bytes against emulator/video's fonts (the ones the VGA renders with) and the text
 * geometry against what a 400-line VGA gives each cell height: 400 / height rows, the CRTC's maximum scan line, and
 * the BIOS data area's rows and height.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FONT_8X14 } from "../../emulator/video/font-8x14.ts";
import { FONT_8X16 } from "../../emulator/video/font-8x16.ts";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import { runProgram } from "../support/program-runner.ts";

const hex = (value: number, digits = 2) => value.toString(16).toUpperCase().padStart(digits, "0");
const glyph = (font: Uint8Array, height: number, code: number) =>
  Array.from(font.subarray(code * height, (code + 1) * height), (byte) => hex(byte)).join(" ");
/** Scan lines of the VGA's text modes. */
const SCAN_LINES = 400;

test("AX=1130h points at each ROM font and describes the screen's; AX=111xh loads a font and re-rows the screen", () => {
  const run = runProgram("video-fonts", "at", 5_000);

  // Mode 3 shows the 8x16 font on 25 rows: CX = 16 and DL = 24 whichever font is asked for.
  for (const [bh, font, height] of [
    [0x02, FONT_8X14, 14],
    [0x03, FONT_8X8, 8],
    [0x06, FONT_8X16, 16],
  ] as const) {
    assert.equal(run.value(`INFO ${hex(bh)}`), `${hex(16, 4)} ${hex(24)} GLYPH ${glyph(font, height, 0x41)}`);
  }

  const loads = run.lines.filter((line) => line.startsWith("LOADED "));
  const expected = [
    [0x11, 14],
    [0x12, 8],
    [0x14, 16],
    [0x11, 14],
  ].map(([al, height]) => {
    const rows = Math.floor(SCAN_LINES / height);
    return `LOADED ${hex(al)} ROWS ${hex(rows - 1)} HEIGHT ${hex(height)} MAXSCAN ${hex(height - 1)}`;
  });
  assert.deepEqual(loads, expected);
  assert.equal(run.value("SCREEN"), `${hex(14, 4)} ${hex(Math.floor(SCAN_LINES / 14) - 1)}`);
});
