/**
 * Frame generation for the IBM Color/Graphics Monitor Adapter from its registers and 16 KB of memory (IBM
 * Technical Reference, "Color/Graphics Monitor Adapter": alphanumeric modes, 320x200 four-colour and 640x200
 * two-colour graphics), at the adapter's native resolution: one output pixel per pixel the card shifts out (text
 * cells 8x8, 40 or 80 per row; graphics 320 or 640 across), R6 x (R9 + 1) lines. The border is not drawn.
 *
 * The 6845's memory address counts character clocks from the start address (R12/R13); a character row advances it
 * by R1. Text reads a character and attribute byte per clock. Graphics reads two bytes per clock, with the row scan
 * counter's bit 0 selecting the bank at 2000h for odd lines.
 */
import {
  MODE_BLACK_AND_WHITE,
  MODE_BLINK,
  MODE_GRAPHICS,
  MODE_HIGH_RES_GRAPHICS,
  MODE_VIDEO_ENABLE,
  R_CURSOR_END,
  R_CURSOR_HIGH,
  R_CURSOR_LOW,
  R_CURSOR_START,
  R_HORIZONTAL_DISPLAYED,
  R_MAXIMUM_SCAN_LINE,
  R_START_ADDRESS_HIGH,
  R_START_ADDRESS_LOW,
  R_VERTICAL_DISPLAYED,
  type CgaRegisters,
} from "../devices/cga.ts";
import { CP437_TO_UNICODE } from "./cp437.ts";
import { FONT_8X8 } from "./font-8x8.ts";
import type { FrameBuffer } from "./frame.ts";

/**
 * The RGBI monitor's 16 colours as RGBA words (R in the low byte): each of red, green, blue gives two thirds of full
 * scale, intensity adds one third to all three, and the IBM 5153 turns dark yellow (6) into brown by halving green.
 */
export const CGA_RGBI_COLORS: Uint32Array = (() => {
  const colors = new Uint32Array(16);
  for (let color = 0; color < 16; color++) {
    const intensity = color & 8 ? 0x55 : 0;
    const red = (color & 4 ? 0xaa : 0) + intensity;
    const green = color === 6 ? 0x55 : (color & 2 ? 0xaa : 0) + intensity;
    const blue = (color & 1 ? 0xaa : 0) + intensity;
    colors[color] = (red | (green << 8) | (blue << 16) | 0xff000000) >>> 0;
  }
  return colors;
})();

/** The cursor blinks at 1/16 of the field rate (8 frames on, 8 off), blinking characters at 1/32 (16 on, 16 off). */
const CURSOR_BLINK_SHIFT = 3;
const CHARACTER_BLINK_SHIFT = 4;
/** The four colours of a 320x200 picture, rebuilt from the colour select register each frame. */
const graphicsColors = new Uint32Array(4);

/**
 * RGBI values of pixel values 1–3 in 320x200 graphics: colour select bit 5 picks green/red/brown or
 * cyan/magenta/white, bit 4 intensifies them; with the mode register's black-and-white bit (colour burst off) an
 * RGBI monitor shows a third set, cyan/red/white, because the blue bit then comes from the pixel's low bit.
 */
export function cgaGraphicsPalette(mode: number, colorSelect: number, pixel: number): number {
  if (pixel === 0) return colorSelect & 0x0f;
  const blue = mode & MODE_BLACK_AND_WHITE ? pixel & 1 : (colorSelect >> 5) & 1;
  return (pixel << 1) | blue | (colorSelect & 0x10 ? 8 : 0);
}

export function renderCga(regs: CgaRegisters, memory: Uint8Array, frame: FrameBuffer, frameNumber: number): void {
  const crtc = regs.crtc;
  const mode = regs.mode;
  const columns = crtc[R_HORIZONTAL_DISPLAYED];
  const rowLines = crtc[R_MAXIMUM_SCAN_LINE] + 1;
  const graphics = (mode & MODE_GRAPHICS) !== 0;
  const highRes = graphics && (mode & MODE_HIGH_RES_GRAPHICS) !== 0;
  frame.resize(columns * (highRes ? 16 : 8), crtc[R_VERTICAL_DISPLAYED] * rowLines);
  const { width, height, words } = frame;
  // Mode control bit 3 off blanks the picture (the BIOS does this while it changes modes).
  if ((mode & MODE_VIDEO_ENABLE) === 0 || width === 0 || height === 0) {
    words.fill(CGA_RGBI_COLORS[0]);
    return;
  }
  const start = ((crtc[R_START_ADDRESS_HIGH] << 8) | crtc[R_START_ADDRESS_LOW]) & 0x3fff;
  if (!graphics) renderText(regs, memory, words, width, height, start, frameNumber);
  else if (highRes) renderHighRes(regs, memory, words, width, height, start);
  else renderMediumRes(regs, memory, words, width, height, start);
}

function renderText(
  regs: CgaRegisters,
  memory: Uint8Array,
  words: Uint32Array,
  width: number,
  height: number,
  start: number,
  frameNumber: number,
): void {
  const crtc = regs.crtc;
  const columns = crtc[R_HORIZONTAL_DISPLAYED];
  const rowLines = crtc[R_MAXIMUM_SCAN_LINE] + 1;
  const blinkEnabled = (regs.mode & MODE_BLINK) !== 0;
  const blinkVisible = ((frameNumber >> CHARACTER_BLINK_SHIFT) & 1) === 0;
  // R10 bits 5-6 = 01 turns the cursor off; any other value shows it, blinking with the card's own counter.
  const cursorShown = (crtc[R_CURSOR_START] & 0x60) !== 0x20 && ((frameNumber >> CURSOR_BLINK_SHIFT) & 1) === 0;
  const cursorStart = crtc[R_CURSOR_START] & 0x1f;
  const cursorEnd = crtc[R_CURSOR_END];
  const cursorAddress = ((crtc[R_CURSOR_HIGH] << 8) | crtc[R_CURSOR_LOW]) & 0x3fff;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / rowLines);
    const rowScan = y - row * rowLines;
    const cursorHere = cursorShown && rowScan >= cursorStart && rowScan <= cursorEnd;
    const lineBase = y * width;
    for (let column = 0; column < columns; column++) {
      const counter = (start + row * columns + column) & 0x3fff;
      const address = (counter * 2) & 0x3fff;
      const code = memory[address];
      const attribute = memory[address + 1];
      // The character ROM has 8 lines per glyph; row scan bits 0-2 address them.
      let dots = FONT_8X8[code * 8 + (rowScan & 7)];
      if (blinkEnabled && attribute & 0x80 && !blinkVisible) dots = 0;
      if (cursorHere && counter === cursorAddress) dots = 0xff;
      const foreground = CGA_RGBI_COLORS[attribute & 0x0f];
      const background = CGA_RGBI_COLORS[blinkEnabled ? (attribute >> 4) & 7 : attribute >> 4];
      const out = lineBase + column * 8;
      for (let dot = 0; dot < 8; dot++) words[out + dot] = (dots << dot) & 0x80 ? foreground : background;
    }
  }
}

function renderMediumRes(
  regs: CgaRegisters,
  memory: Uint8Array,
  words: Uint32Array,
  width: number,
  height: number,
  start: number,
): void {
  for (let pixel = 0; pixel < 4; pixel++) {
    graphicsColors[pixel] = CGA_RGBI_COLORS[cgaGraphicsPalette(regs.mode, regs.colorSelect, pixel)];
  }
  const columns = regs.crtc[R_HORIZONTAL_DISPLAYED];
  const rowLines = regs.crtc[R_MAXIMUM_SCAN_LINE] + 1;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / rowLines);
    const bank = ((y - row * rowLines) & 1) << 13;
    const lineBase = y * width;
    for (let column = 0; column < columns; column++) {
      const address = bank | (((start + row * columns + column) * 2) & 0x1fff);
      const out = lineBase + column * 8;
      for (let half = 0; half < 2; half++) {
        const byte = memory[address + half];
        const at = out + half * 4;
        words[at] = graphicsColors[byte >> 6];
        words[at + 1] = graphicsColors[(byte >> 4) & 3];
        words[at + 2] = graphicsColors[(byte >> 2) & 3];
        words[at + 3] = graphicsColors[byte & 3];
      }
    }
  }
}

/** 640x200: one bit per pixel, 1 in the colour select register's low four bits on black. */
function renderHighRes(
  regs: CgaRegisters,
  memory: Uint8Array,
  words: Uint32Array,
  width: number,
  height: number,
  start: number,
): void {
  const foreground = CGA_RGBI_COLORS[regs.colorSelect & 0x0f];
  const background = CGA_RGBI_COLORS[0];
  const columns = regs.crtc[R_HORIZONTAL_DISPLAYED];
  const rowLines = regs.crtc[R_MAXIMUM_SCAN_LINE] + 1;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / rowLines);
    const bank = ((y - row * rowLines) & 1) << 13;
    const lineBase = y * width;
    for (let column = 0; column < columns; column++) {
      const address = bank | (((start + row * columns + column) * 2) & 0x1fff);
      const bits = (memory[address] << 8) | memory[address + 1];
      const out = lineBase + column * 16;
      for (let dot = 0; dot < 16; dot++) words[out + dot] = (bits << dot) & 0x8000 ? foreground : background;
    }
  }
}

/** The characters of the text screen as Unicode, one line per character row, trailing blanks trimmed. */
export function cgaScreenText(regs: CgaRegisters, memory: Uint8Array): string {
  const crtc = regs.crtc;
  const columns = crtc[R_HORIZONTAL_DISPLAYED];
  const start = (crtc[R_START_ADDRESS_HIGH] << 8) | crtc[R_START_ADDRESS_LOW];
  const lines: string[] = [];
  for (let row = 0; row < crtc[R_VERTICAL_DISPLAYED]; row++) {
    let line = "";
    for (let column = 0; column < columns; column++) {
      line += CP437_TO_UNICODE[memory[((start + row * columns + column) * 2) & 0x3fff]];
    }
    lines.push(line.trimEnd());
  }
  return lines.join("\n");
}
