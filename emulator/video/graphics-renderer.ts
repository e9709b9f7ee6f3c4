/**
 * Frame generation for the VGA's graphics modes from the registers and video memory (IBM VGA Technical Reference,
 * graphics controller mode register bits 5–6, "shift register" modes): planar 16-colour pixels (one bit from each
 * plane), the CGA-compatible interleaved 2-bit pixels, and 256-colour pixels (one byte per pixel, four planes per
 * character clock, each pixel two dots wide). Output is in monitor dots, as in the text renderer: 8 per character
 * clock, doubled when the dot clock is halved, so 320x200 modes come out 640x400 and mode 12h 640x480.
 */
import {
  ATTR_HORIZONTAL_PEL_PANNING,
  ATTR_MODE_CONTROL,
  CRTC_MAXIMUM_SCAN_LINE,
  CRTC_OFFSET,
  CRTC_PRESET_ROW_SCAN,
  GC_MODE,
  type VgaRegisters,
} from "../devices/vga-registers.ts";
import type { FrameBuffer } from "./frame.ts";
import { dotRepeat, screenBlanked } from "./text-renderer.ts";

const attributeColors = new Uint32Array(16);
const dacColors = new Uint32Array(256);
/** One scan line's pixel values before colour lookup; 2048 covers 256 character clocks of 8 dots. */
const lineValues = new Uint8Array(2048 + 16);

/** Renders a graphics-mode picture into `frame` (planes interleaved as in VgaMemory). */
export function renderGraphics(regs: VgaRegisters, planes: Uint8Array, frame: FrameBuffer): void {
  const crtc = regs.crtc;
  const columns = regs.displayedColumns;
  const repeat = dotRepeat(regs);
  const dotsPerLine = columns * 8;
  frame.resize(dotsPerLine * repeat, regs.displayedLines);
  const { width, height, words } = frame;
  if (screenBlanked(regs)) {
    words.fill(0xff000000);
    return;
  }
  const shiftMode = regs.gc[GC_MODE] & 0x60;
  const colors = shiftMode & 0x40 ? dacColors : attributeColors;
  if (shiftMode & 0x40) for (let index = 0; index < 256; index++) dacColors[index] = regs.dacColor(index);
  else for (let color = 0; color < 16; color++) attributeColors[color] = regs.attributeColor(color);

  const maxScan = regs.characterHeight - 1;
  const doubleScan = (crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x80) !== 0;
  const rowPitch = crtc[CRTC_OFFSET] * 2;
  const lineCompare = regs.lineCompare;
  let pan = regs.attr[ATTR_HORIZONTAL_PEL_PANNING] & 7;
  let rowStart = regs.startAddress;
  let rowScan = crtc[CRTC_PRESET_ROW_SCAN] & 0x1f;
  let secondOfPair = false;
  for (let y = 0; y < height; y++) {
    if (y === lineCompare) {
      rowStart = 0;
      rowScan = 0;
      secondOfPair = false;
      if (regs.attr[ATTR_MODE_CONTROL] & 0x20) pan = 0;
    }
    // One extra character clock feeds the dots that panning shifts in from the right.
    for (let column = 0; column <= columns; column++) {
      const address = regs.scanAddress(rowStart + column, rowScan) * 4;
      const p0 = planes[address];
      const p1 = planes[address + 1];
      const p2 = planes[address + 2];
      const p3 = planes[address + 3];
      const base = column * 8;
      if (shiftMode & 0x40) {
        // 256 colours: the four planes' bytes are four pixels, each held for two dots.
        lineValues[base] = lineValues[base + 1] = p0;
        lineValues[base + 2] = lineValues[base + 3] = p1;
        lineValues[base + 4] = lineValues[base + 5] = p2;
        lineValues[base + 6] = lineValues[base + 7] = p3;
      } else if (shiftMode & 0x20) {
        // Interleaved: 2-bit pixels from planes 0/2 for the first four dots and 1/3 for the next four.
        for (let i = 0; i < 4; i++) {
          const shift = 6 - 2 * i;
          lineValues[base + i] = ((p0 >> shift) & 3) | (((p2 >> shift) & 3) << 2);
          lineValues[base + 4 + i] = ((p1 >> shift) & 3) | (((p3 >> shift) & 3) << 2);
        }
      } else {
        for (let i = 0; i < 8; i++) {
          const bit = 7 - i;
          lineValues[base + i] =
            ((p0 >> bit) & 1) | (((p1 >> bit) & 1) << 1) | (((p2 >> bit) & 1) << 2) | (((p3 >> bit) & 1) << 3);
        }
      }
    }
    const lineBase = y * width;
    for (let x = 0; x < dotsPerLine; x++) {
      const color = colors[lineValues[x + pan]];
      const out = lineBase + x * repeat;
      words[out] = color;
      if (repeat === 2) words[out + 1] = color;
    }
    if (doubleScan && !secondOfPair) {
      secondOfPair = true;
      continue;
    }
    secondOfPair = false;
    if (rowScan >= maxScan) {
      rowScan = 0;
      rowStart += rowPitch;
    } else {
      rowScan++;
    }
  }
}
