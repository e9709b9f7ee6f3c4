/**
 * VGA graphics modes through our INT 10h (issue 6): test/fixtures/graphics/vga-modes.asm sets each mode, draws a
 * pattern into video memory in the layout the hardware defines, adds pixels and characters through INT 10h and
 * changes palettes; the test computes each picture from the pattern's definition (below) and compares the rendered
 * frame pixel for pixel. The frame follows the registers only: nothing here tells the renderer the mode number.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { aspectCorrect } from "../../emulator/video/aspect.ts";
import { FONT_8X14 } from "../../emulator/video/font-8x14.ts";
import { FONT_8X16 } from "../../emulator/video/font-8x16.ts";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import type { VideoFrame } from "../../emulator/video/frame.ts";
import { assertPicture, GraphicsRun, hex6, RGBI_HEX, RGBI_6BIT } from "./graphics-harness.ts";

/** A character cell drawn by INT 10h in a graphics mode: glyph dots in `colour`, the rest of the cell colour 0. */
interface Cell {
  readonly code: number;
  readonly row: number;
  readonly column: number;
  readonly colour: number;
}

/** The value of pixel (x, y) inside `cell` (height 8, 14 or 16), or undefined outside it. */
function cellPixel(cells: readonly Cell[], height: number, x: number, y: number): number | undefined {
  const font = height === 16 ? FONT_8X16 : height === 14 ? FONT_8X14 : FONT_8X8;
  for (const { code, row, column, colour } of cells) {
    if (x >= column * 8 && x < column * 8 + 8 && y >= row * height && y < row * height + height) {
      const dots = font[code * height + (y - row * height)];
      return (dots << (x - column * 8)) & 0x80 ? colour : 0;
    }
  }
  return undefined;
}

/** Mode 4/5 pattern as drawn, plus the INT 10h dots, the XORed pixel and the characters. */
function cga4Value(x: number, y: number, withExtras: boolean): number {
  if (withExtras) {
    const cell = cellPixel(
      [
        { code: 0x41, row: 20, column: 5, colour: 3 },
        { code: 0x41, row: 20, column: 6, colour: 3 },
        { code: 0x42, row: 22, column: 0, colour: 2 },
      ],
      8,
      x,
      y,
    );
    if (cell !== undefined) return cell;
    if (y === x + 100 && x < 16) return 2;
    if (x === 50 && y === 0) return 2 ^ 3;
  }
  return ((x >> 3) + (y >> 3)) & 3;
}

/** The planar pattern's four bands (vga-modes.asm, planar_pattern) for a mode `height` lines high. */
function planarBands(x: number, y: number, height: number): number {
  const band1 = (px: number, py: number): number => ((px >> 4) + (py >> 4)) & 15;
  if (y < height >> 1) return band1(x, y);
  if (y < (height * 3) >> 2) return x % 2 === 0 ? (y >> 2) & 15 : 0;
  if (y < height - 10) return x % 8 < 4 ? 5 : 0;
  return band1(x, y - (height - 10));
}

function planarValue(x: number, y: number, height: number, cellHeight: number): number {
  const cell = cellPixel([{ code: 0x41, row: 2, column: 3, colour: 14 }], cellHeight, x, y);
  if (cell !== undefined) return cell;
  if (x === y && x < 16) return 12;
  if (x === 20 && y === 0) return 0;
  return planarBands(x, y, height);
}

/** The program's custom DAC: entry i = (i / 4, 63 - i / 4, 5i mod 64), entry 255 later set to red by AX=1010h. */
function customDac(index: number): string {
  if (index === 255) return hex6([63, 0, 0]);
  return hex6([index >> 2, 63 - (index >> 2), (index * 5) & 63]);
}

test("VGA graphics: CGA, EGA and VGA modes, palettes, DAC and a mode X page flip through INT 10h", () => {
  const run = new GraphicsRun("vga-modes", "at", "vga");
  const palettes: [stage: string, colours: number[]][] = [
    ["MODE4 DEFAULT", [0, 11, 13, 15]],
    ["MODE4 P0 BRIGHT", [0, 10, 12, 14]],
    ["MODE4 P0 BLUE", [1, 2, 4, 6]],
    ["MODE4 P1 BLUE", [1, 3, 5, 7]],
    ["MODE4 P1 BRIGHT", [0, 11, 13, 15]],
  ];
  for (const [stage, colours] of palettes) {
    const frame = run.stage(stage);
    assert.deepEqual(frame.displayAspect, { width: 4, height: 3 }, stage);
    assertPicture(frame, 320, 200, (x, y) => RGBI_HEX[colours[cga4Value(x, y, true)]], stage);
    run.next();
  }
  assert.equal(run.value("PIXEL"), "01 02", "AH=0Dh reads the XORed pixel and an AH=0Ch dot");
  assert.equal(run.value("CURSOR"), "1601", "teletype advanced the cursor");
  assert.equal(run.lines.filter((l) => l.startsWith("CHAR "))[0], "CHAR 0041", "AH=08h recognises the 'A' in mode 4");

  assertPicture(run.stage("MODE5"), 320, 200, (x, y) => RGBI_HEX[[0, 11, 13, 15][cga4Value(x, y, false)]], "mode 5");
  run.next();

  assertPicture(
    run.stage("MODE6"),
    640,
    200,
    (x, y) => {
      const value = cellPixel([{ code: 0x41, row: 1, column: 1, colour: 1 }], 8, x, y) ?? ((x >> 2) ^ (y >> 1)) & 1;
      return RGBI_HEX[value ? 15 : 0];
    },
    "mode 6",
  );
  assert.equal(run.value("CHAR"), "0041", "AH=08h recognises the 'A' in mode 6");
  run.next();

  const planar: [stage: string, width: number, height: number, cellHeight: number][] = [
    ["MODE0D", 320, 200, 8],
    ["MODE0E", 640, 200, 8],
    ["MODE10", 640, 350, 14],
    ["MODE12", 640, 480, 16],
  ];
  for (const [stage, width, height, cellHeight] of planar) {
    const frame = run.stage(stage);
    // Mode 12h's stage first set palette register 1 to 3Fh: colour 1 shows white.
    const colour = (value: number): string => (stage === "MODE12" && value === 1 ? "ffffff" : RGBI_HEX[value]);
    assertPicture(frame, width, height, (x, y) => colour(planarValue(x, y, height, cellHeight)), stage);
    assert.equal(run.value("PIXEL"), "00 0C", `${stage}: AH=0Dh after an XOR and an AH=0Ch dot`);
    assert.equal(run.value("CHAR"), "0041", `${stage}: AH=08h recognises the 'A'`);
    run.next();
  }
  assert.equal(run.value("PAL"), "3F 05 3F 14 05 0000", "AX=1007h, 1008h, 1009h and 101Ah read back");

  assertPicture(
    run.stage("MODE13"),
    320,
    200,
    (x, y) => {
      if (x === 7 && y === 190) return customDac(0xfe);
      return customDac(cellPixel([{ code: 0x41, row: 3, column: 4, colour: 15 }], 8, x, y) ?? (x + 2 * y) & 255);
    },
    "mode 13h",
  );
  assert.equal(run.value("DAC"), "3F 00 00 003F0A", "AX=1015h and 1017h read the DAC");
  assert.equal(run.value("PIXEL"), "FE");
  const chars = run.lines.filter((l) => l.startsWith("CHAR "));
  assert.deepEqual(chars.slice(-2), ["CHAR 0041", "CHAR 0000"], "mode 13h: the 'A', then the pattern matches no glyph");
  run.next();

  assertPicture(run.stage("MODEX PAGE0"), 320, 200, (x, y) => customDac(((x ^ y) & 15) + 16), "mode X page 0");
  run.next();
  assertPicture(run.stage("MODEX PAGE1"), 320, 200, (x, y) => customDac(((x + y) & 15) + 32), "mode X page 1");
  assert.deepEqual(RGBI_6BIT[6], [42, 21, 0], "brown");
});

/** Width, height and RGB bytes of a PNG from encodePng (8-bit truecolour, every row filter 0). */
function decodePng(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (1 + width * 3)], 0, "filter type 0");
    rgb.set(raw.subarray(y * (1 + width * 3) + 1, (y + 1) * (1 + width * 3)), y * width * 3);
  }
  return { width, height, rgb };
}

/** Checks a screenshot against a frame: the same size and the same RGB for every pixel. */
function assertScreenshot(png: Uint8Array, frame: VideoFrame, label: string): void {
  const { width, height, rgb } = decodePng(png);
  assert.equal(`${width}x${height}`, `${frame.width}x${frame.height}`, label);
  let differ = 0;
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) if (rgb[i * 3 + c] !== frame.pixels[i * 4 + c]) differ++;
  }
  assert.equal(differ, 0, `${label}: ${differ} colour components differ`);
}

test("screenshots are at the mode's native resolution, or stretched to 4:3 with aspect", () => {
  const run = new GraphicsRun("vga-modes", "at", "vga");
  // The VGA BIOS's mode 3 during POST, before the program's first mode set.
  for (let ms = 0; ms < 2_000 && run.machine.display.renderFrame().width !== 720; ms += 5) run.session.runMs(5);
  const cases: [label: string, native: string, stretched: string][] = [];
  const shoot = (label: string, native: string, stretched: string): void => {
    const frame = run.machine.display.renderFrame();
    const plain = run.session.screenshotPng();
    const aspect = run.session.screenshotPng({ aspect: true });
    assert.equal(`${frame.width}x${frame.height}`, native, label);
    assertScreenshot(plain, frame, `${label} native`);
    const corrected = aspectCorrect(frame);
    assert.equal(`${corrected.width}x${corrected.height}`, stretched, label);
    assertScreenshot(aspect, corrected, `${label} aspect`);
    cases.push([label, native, stretched]);
  };
  shoot("text 80x25 after POST", "720x400", "720x540");
  run.stage("MODE4 DEFAULT");
  shoot("mode 4", "320x200", "320x240");
  for (const stage of ["MODE4 P0 BRIGHT", "MODE4 P0 BLUE", "MODE4 P1 BLUE", "MODE4 P1 BRIGHT", "MODE5", "MODE6"]) {
    run.next();
    run.stage(stage);
  }
  shoot("mode 6", "640x200", "640x480");
  for (const stage of ["MODE0D", "MODE0E", "MODE10"]) {
    run.next();
    run.stage(stage);
  }
  shoot("mode 10h", "640x350", "640x480");
  run.next();
  run.stage("MODE12");
  shoot("mode 12h", "640x480", "640x480");
  run.next();
  const mode13 = run.stage("MODE13");
  shoot("mode 13h", "320x200", "320x240");
  // Mode 13h's aspect picture: 6 output lines for every 5 source lines; a line inside one source line is a copy.
  const stretched = decodePng(run.session.screenshotPng({ aspect: true }));
  const at = (x: number, y: number, width: number): number => (y * width + x) * 3;
  for (let x = 0; x < 320; x += 37) {
    assert.deepEqual(
      [...stretched.rgb.subarray(at(x, 0, 320), at(x, 0, 320) + 3)],
      [...mode13.pixels.subarray(x * 4, x * 4 + 3)],
      `x ${x}: the first line of the stretched picture is the first line of the frame`,
    );
  }
  assert.equal(cases.length, 6);
});
