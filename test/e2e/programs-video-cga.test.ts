/**
 * INT 10h for the CGA in the system BIOS (the XT's display may be a CGA, which has no ROM of its own): on an XT with
 * a CGA (and on an AT), test/fixtures/programs/video-cga.asm sets every mode, writes text and pixels through INT 10h,
 * reads them back, scrolls and runs the teletype across the bottom line. The test checks the BIOS's answers, the
 * 6845, mode control and colour select values of IBM's tables, and every frame pixel for pixel (at the CGA's native
 * 320x200 or 640x200) against a model of the screen it builds from the program's steps with the 8x8 font. FreeDOS
 * boots on it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { CgaAdapter } from "../../emulator/devices/cga.ts";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import type { VideoFrame } from "../../emulator/video/frame.ts";
import { floppyFormat, floppyWithProgram, programBinary, ProgramRun } from "../support/program-runner.ts";
import { testData } from "../support/testdata.ts";
import { assertPicture, RGBI_HEX } from "./graphics-harness.ts";

const ROWS = 25;

/** IBM's 6845 values (IBM PC/XT TR, video parameter table at F000:F0A4): 40x25, 80x25 and graphics, R0-R15. */
const CRTC_40 = [0x38, 0x28, 0x2d, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_80 = [0x71, 0x50, 0x5a, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_GRAPHICS = [0x38, 0x28, 0x2d, 0x0a, 0x7f, 0x06, 0x64, 0x70, 0x02, 0x01, 0x06, 0x07, 0, 0, 0, 0];

/** Per mode 0-6: 6845 values, columns, regen length, mode control (3D8h) and colour select (3D9h) after AH=00h. */
const MODES = [
  { crtc: CRTC_40, columns: 40, size: 0x0800, control: 0x2c, select: 0x30 },
  { crtc: CRTC_40, columns: 40, size: 0x0800, control: 0x28, select: 0x30 },
  { crtc: CRTC_80, columns: 80, size: 0x1000, control: 0x2d, select: 0x30 },
  { crtc: CRTC_80, columns: 80, size: 0x1000, control: 0x29, select: 0x30 },
  { crtc: CRTC_GRAPHICS, columns: 40, size: 0x4000, control: 0x2a, select: 0x30 },
  { crtc: CRTC_GRAPHICS, columns: 40, size: 0x4000, control: 0x2e, select: 0x30 },
  { crtc: CRTC_GRAPHICS, columns: 80, size: 0x4000, control: 0x1e, select: 0x3f },
];

const hex = (value: number, digits = 2) => value.toString(16).toUpperCase().padStart(digits, "0");

/** Whether dot `x` (0-7, left to right) of line `line` of character `code` is set in the 8x8 font. */
function dot(code: number, line: number, x: number): boolean {
  return ((FONT_8X8[code * 8 + line] << x) & 0x80) !== 0;
}

/** A text screen as the BIOS should leave it: a character and an attribute per cell, and a cursor. */
class TextScreen {
  readonly chars: number[];
  readonly attrs: number[];
  row = 0;
  column = 0;

  constructor(readonly columns: number) {
    this.chars = new Array<number>(columns * ROWS).fill(0x20);
    this.attrs = new Array<number>(columns * ROWS).fill(0x07);
  }

  write(row: number, column: number, text: string, attr?: number): void {
    for (let i = 0; i < text.length; i++) {
      this.chars[row * this.columns + column + i] = text.charCodeAt(i);
      if (attr !== undefined) this.attrs[row * this.columns + column + i] = attr;
    }
  }

  /** AH=06h (down = false) / AH=07h over rows top-bottom, columns left-right; 0 lines clears the window. */
  scroll(top: number, left: number, bottom: number, right: number, lines: number, attr: number, down: boolean): void {
    const height = bottom - top + 1;
    const n = lines === 0 || lines > height ? height : lines;
    const rows = Array.from({ length: height }, (_, i) => top + i);
    if (down) rows.reverse();
    for (const [i, row] of rows.entries()) {
      const from = down ? row - n : row + n;
      for (let column = left; column <= right; column++) {
        const to = row * this.columns + column;
        if (i < height - n) {
          this.chars[to] = this.chars[from * this.columns + column];
          this.attrs[to] = this.attrs[from * this.columns + column];
        } else {
          this.chars[to] = 0x20;
          this.attrs[to] = attr;
        }
      }
    }
  }

  /** AH=0Eh: characters keep their cells' attributes; a line feed on the last row scrolls in the cursor's one. */
  teletype(text: string): void {
    for (const c of text) {
      if (c === "\r") this.column = 0;
      else if (c === "\n") this.lineFeed();
      else if (c === "\b") this.column = Math.max(0, this.column - 1);
      else if (c !== "\x07") {
        this.write(this.row, this.column, c);
        if (++this.column === this.columns) {
          this.column = 0;
          this.lineFeed();
        }
      }
    }
  }

  private lineFeed(): void {
    if (this.row < ROWS - 1) this.row++;
    else this.scroll(0, 0, ROWS - 1, this.columns - 1, 1, this.attrs[this.row * this.columns + this.column], false);
  }

  text(): string {
    const lines: string[] = [];
    for (let row = 0; row < ROWS; row++) {
      const codes = this.chars.slice(row * this.columns, (row + 1) * this.columns);
      lines.push(String.fromCharCode(...codes).trimEnd());
    }
    return lines.join("\n");
  }

  /** The picture with the cursor off: foreground attr bits 0-3, background bits 4-6 (blink enabled). */
  colour(x: number, y: number): string {
    const cell = (y >> 3) * this.columns + (x >> 3);
    const attr = this.attrs[cell];
    return RGBI_HEX[dot(this.chars[cell], y & 7, x & 7) ? attr & 0x0f : (attr >> 4) & 7];
  }
}

/** A graphics screen as the BIOS should leave it: a pixel value per pixel (2 bits in 320x200, 1 bit in 640x200). */
class PixelScreen {
  readonly pixels: Uint8Array;
  readonly width: number;
  row = 0;
  column = 0;

  constructor(readonly bits: 1 | 2) {
    this.width = bits === 2 ? 320 : 640;
    this.pixels = new Uint8Array(this.width * 200);
  }

  get columns(): number {
    return this.width / 8;
  }

  /** AH=0Ch: bit 7 XORs the colour in. */
  plot(x: number, y: number, colour: number): void {
    const value = colour & (this.bits === 2 ? 3 : 1);
    this.pixels[y * this.width + x] = colour & 0x80 ? this.pixels[y * this.width + x] ^ value : value;
  }

  /** AH=09h/0Ah/0Eh: in 320x200 the dots in colour & 3 on colour 0, in 640x200 the dots as 1s; bit 7 XORs. */
  character(row: number, column: number, code: number, colour: number): void {
    for (let line = 0; line < 8; line++) {
      for (let x = 0; x < 8; x++) {
        const on = dot(code, line, x);
        const value = on ? (this.bits === 2 ? colour & 3 : 1) : 0;
        const at = (row * 8 + line) * this.width + column * 8 + x;
        this.pixels[at] = colour & 0x80 ? this.pixels[at] ^ value : value;
      }
    }
  }

  /** AH=06h/07h in character rows and columns; the opened lines get `fill` as a byte of pixels. */
  scroll(top: number, left: number, bottom: number, right: number, lines: number, fill: number, down: boolean): void {
    const height = bottom - top + 1;
    const n = lines === 0 || lines > height ? height : lines;
    const rows = Array.from({ length: height }, (_, i) => top + i);
    if (down) rows.reverse();
    const perByte = 8 / this.bits;
    for (const [i, row] of rows.entries()) {
      const from = down ? row - n : row + n;
      for (let line = 0; line < 8; line++) {
        for (let x = left * 8; x < (right + 1) * 8; x++) {
          const to = (row * 8 + line) * this.width + x;
          if (i < height - n) this.pixels[to] = this.pixels[(from * 8 + line) * this.width + x];
          else {
            const shift = 8 - this.bits * ((x % perByte) + 1);
            this.pixels[to] = (fill >> shift) & ((1 << this.bits) - 1);
          }
        }
      }
    }
  }

  /** AH=0Eh in colour `colour`; the bottom line scrolls the screen up with colour 0. */
  teletype(text: string, colour: number): void {
    for (const c of text) {
      this.character(this.row, this.column, c.charCodeAt(0), colour);
      if (++this.column === this.columns) {
        this.column = 0;
        if (this.row < ROWS - 1) this.row++;
        else this.scroll(0, 0, ROWS - 1, this.columns - 1, 1, 0, false);
      }
    }
  }
}

/** Runs to `STAGE name` and returns the frame; the program then waits for a key (`next`). */
function stage(run: ProgramRun, name: string): VideoFrame {
  assert.ok(run.runUntil(new RegExp(`^STAGE ${name}$`), 10_000), `no STAGE ${name}; COM1:\n${run.lines.join("\n")}`);
  return run.machine.display.renderFrame();
}

function next(run: ProgramRun): void {
  run.session.type(" ");
}

function cgaOf(run: ProgramRun): CgaAdapter {
  const cga = run.machine.cga;
  assert.ok(cga, "the machine has a CGA");
  return cga;
}

// The XT finds the CGA from its configuration switches, the AT from the CMOS equipment byte.
for (const profile of ["xt", "at"] as const) {
  test(`CGA INT 10h in the system BIOS: modes 0-6, text, pages, pixels, characters, scrolling, teletype (${profile})`, () => {
    const floppy = floppyWithProgram(programBinary("video-cga"), floppyFormat("1.44M"));
    const run = new ProgramRun({ profile, floppy, video: "cga" });
    const cga = cgaOf(run);

    for (const [mode, expected] of MODES.entries()) {
      const frame = stage(run, `SET ${hex(mode)}`);
      const line = run.lines.filter((l) => l.startsWith("MODE ")).at(-1);
      assert.equal(
        line,
        `MODE ${hex(mode)} COLS ${hex(expected.columns)} PAGE 00 SIZE ${hex(expected.size, 4)} ` +
          `MSR ${hex(expected.control)} PAL ${hex(expected.select)} CRTC 03D4 SHAPE 0607 CURSOR 0000`,
      );
      assert.deepEqual([...cga.crtc.subarray(0, 16)], expected.crtc, `mode ${mode}: 6845 R0-R15`);
      assert.equal(cga.mode, expected.control, `mode ${mode}: mode control`);
      assert.equal(cga.colorSelect, expected.select, `mode ${mode}: colour select`);
      // Memory was filled with A5h 5Ah before the mode set: text clears to blanks in 07h, graphics to 0.
      const fill = mode < 4 ? [0x20, 0x07] : [0, 0];
      assert.ok(
        cga.memory.every((byte, i) => byte === fill[i & 1]),
        `mode ${mode}: memory cleared`,
      );
      assert.equal(frame.width, expected.columns === 80 ? 640 : 320);
      assert.equal(frame.height, 200);
      next(run);
    }
    assert.equal(run.value("MODE7"), "06", "mode 7 is the monochrome adapter's: nothing changes");

    // 40x25: AH=13h, AH=09h, AH=0Ah, cursor off.
    const text40 = new TextScreen(40);
    text40.write(1, 2, "CGA 40 COLUMNS", 0x1e);
    text40.write(3, 10, "XXXXX", 0x4f);
    text40.write(5, 0, "yyy");
    const frame40 = stage(run, "TEXT40");
    assert.equal(run.value("STRING CURSOR"), "01 10");
    assert.equal(run.value("READ"), "4F58");
    assert.equal(run.value("SHAPE"), "2000");
    assert.equal(run.session.screenText(), text40.text());
    assertPicture(frame40, 320, 200, (x, y) => text40.colour(x, y), "40x25");
    next(run);

    // 80x25: rows, three windows, then the teletype over the bottom line (two scrolls of the whole screen).
    const text80 = new TextScreen(80);
    for (let row = 0; row < ROWS; row++) text80.write(row, row, `ROW${String(row).padStart(2, "0")}`, row + 1);
    text80.scroll(2, 5, 9, 30, 2, 0x4f, false);
    text80.scroll(12, 0, 15, 39, 1, 0x2e, true);
    text80.scroll(20, 64, 21, 69, 0, 0x70, false);
    text80.row = 24;
    text80.column = 75;
    text80.teletype("ABCDEFGH\bZ\r\nEND\x07");
    const frame80 = stage(run, "TEXT80");
    assert.equal(run.value("TTY CURSOR"), `${hex(text80.row)} ${hex(text80.column)}`);
    assert.equal(run.session.screenText(), text80.text());
    assertPicture(frame80, 640, 200, (x, y) => text80.colour(x, y), "80x25");
    // The 6845's cursor follows: row * 80 + column on page 0.
    assert.equal((cga.crtc[14] << 8) | cga.crtc[15], text80.row * 80 + text80.column);
    next(run);

    // Page 1: the 6845 starts at 4 KB (2048 characters); its cursor is page 1's.
    stage(run, "PAGE1");
    assert.equal(run.value("ACTIVE"), "01 CURSOR 0008");
    assert.equal(run.session.screenText().split("\n")[0], "PAGE ONE");
    assert.equal((cga.crtc[12] << 8) | cga.crtc[13], 0x0800);
    assert.equal((cga.crtc[14] << 8) | cga.crtc[15], 0x0808);
    next(run);

    // 320x200: the pattern, a window scrolled up with fill byte 55h (colour 1), characters, XOR, teletype.
    const medium = new PixelScreen(2);
    for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) medium.plot(x, y, ((x >> 2) + (y >> 2)) & 3);
    medium.scroll(0, 0, 5, 7, 1, 0x55, false);
    for (let column = 5; column < 8; column++) medium.character(10, column, 0x41, 0x02);
    medium.character(10, 6, 0x5a, 0x83);
    medium.character(12, 0, 0xc9, 0x01);
    medium.plot(100, 100, 0x82);
    medium.plot(101, 100, 0x01);
    medium.plot(101, 100, 0x83);
    medium.row = 20;
    medium.column = 0;
    medium.teletype("Hi", 3);
    // What the program reads back before its last teletype scrolls the screen.
    const modelPixels = [medium.pixels[5 * 320 + 5], medium.pixels[39 * 320 + 63], medium.pixels[44 * 320 + 10]];
    const xorPixels = [medium.pixels[100 * 320 + 100], medium.pixels[100 * 320 + 101]];
    assert.deepEqual(xorPixels, [2, 2]);
    medium.row = 24;
    medium.column = 38;
    medium.teletype("XYZ", 2);
    const frame4 = stage(run, "MODE4");
    assert.equal(run.value("PAL"), "01", "AH=0Bh: palette 0, background blue, not intensified");
    assert.equal(run.value("GREAD"), "0041");
    assert.equal(run.value("GHIGH"), "00C9", "80h-FFh are read back through INT 1Fh");
    assert.equal(run.value("PIXELS"), modelPixels.map((p) => hex(p)).join(" "));
    assert.equal(run.value("XORPIX"), xorPixels.map((p) => hex(p)).join(" "));
    assert.equal(run.value("GTTY"), "0069");
    assert.equal(run.value("GTTY CURSOR"), `${hex(medium.row)} ${hex(medium.column)}`);
    // Colour select 01h: background 1, palette 0 (green, red, brown), not intensified (IBM PC/XT TR, CGA).
    const palette4 = [1, 2, 4, 6];
    assertPicture(frame4, 320, 200, (x, y) => RGBI_HEX[palette4[medium.pixels[y * 320 + x]]], "mode 4");
    next(run);

    // Mode 5: colour burst off, colour select 30h: cyan, red, white, intensified.
    const frame5 = stage(run, "MODE5");
    const palette5 = [0, 11, 12, 15];
    assertPicture(frame5, 320, 200, (x, y) => RGBI_HEX[palette5[y < 8 && x < 24 ? (x >> 3) + 1 : 0]], "mode 5");
    next(run);

    // 640x200: the pattern, a window scrolled down, characters and an XOR erase, teletype; foreground yellow.
    const high = new PixelScreen(1);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 128; x++) high.plot(x, y, ((x >> 1) ^ (y >> 1)) & 1);
    high.scroll(0, 0, 3, 15, 1, 0, true);
    for (let column = 20; column < 24; column++) high.character(5, column, 0x43, 0x01);
    high.character(5, 21, 0x43, 0x81);
    high.row = 6;
    high.column = 0;
    high.teletype("OK", 1);
    const frame6 = stage(run, "MODE6");
    assert.equal(run.value("PAL6"), "2E", "AH=0Bh BL=0Eh keeps bits 5-7 of 3Fh");
    assert.equal(run.value("G6READ"), "0043");
    assert.equal(run.value("G6BLANK"), "0000", "an empty cell matches character 0");
    const pixels6 = [high.pixels[9 * 640 + 2], high.pixels[4 * 640 + 2], high.pixels[10 * 640]];
    assert.deepEqual(pixels6, [1, 0, 1], "the read-back points are not all background");
    assert.equal(run.value("PIXELS6"), pixels6.map((p) => hex(p)).join(" "));
    assertPicture(frame6, 640, 200, (x, y) => RGBI_HEX[high.pixels[y * 640 + x] ? 14 : 0], "mode 6");
    next(run);

    run.finish(5_000);
    assert.equal(run.value("BACK"), "00", "page 9 is past the 16 KB: page 0 stays");
    assert.equal(run.value("KEEP MODE"), "03 CELL 074B", "AL bit 7 keeps memory; AH=0Fh gives the mode without it");

    // POST: INT 10h to the system ROM, INT 1Dh at the parameter table, INT 1Fh at glyphs 80h-FFh, 80x25 colour.
    const memory = run.machine.memory;
    const word = (address: number) => memory.read8(address) | (memory.read8(address + 1) << 8);
    const vector = (n: number) => [word(n * 4 + 2), word(n * 4)];
    assert.equal(vector(0x10)[0], 0xf000);
    assert.deepEqual(vector(0x1d), [0xf000, 0xf0a4]);
    const [segment, offset] = vector(0x1f);
    const high128 = Array.from({ length: 1024 }, (_, i) => memory.read8(segment * 16 + offset + i));
    assert.deepEqual(high128, [...FONT_8X8.subarray(1024)]);
    const low128 = Array.from({ length: 1024 }, (_, i) => memory.read8(0xffa6e + i));
    assert.deepEqual(low128, [...FONT_8X8.subarray(0, 1024)], "F000:FA6E holds glyphs 00h-7Fh");
    assert.equal(word(0x410) & 0x30, 0x20, "equipment word: 80x25 colour");
  });
}

test("FreeDOS boots on an XT with a CGA and answers ver /r", (t) => {
  const path = testData("images/freedos/freedos.boot.disk.1.4MB.img");
  if (!path) return t.skip("no FreeDOS 1.44 MB image");
  const run = new ProgramRun({ profile: "xt", floppy: new Uint8Array(readFileSync(path)), video: "cga" });
  assert.ok(run.session.waitForText(/A:\\>/, 30_000), run.session.screenText());
  assert.match(run.session.screenText(), /^Realmode BIOS\nMemory: 640 KB/, "POST's messages reach the CGA");
  run.session.type("ver /r\r");
  assert.ok(run.session.waitForText(/FreeDOS kernel version/, 10_000), run.session.screenText());
});
