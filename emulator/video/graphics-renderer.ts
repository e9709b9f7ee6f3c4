/**
 * Frame generation for the VGA's graphics modes from the registers and video memory (IBM VGA Technical Reference,
 * graphics controller mode register bits 5–6, "shift register" modes): planar 16-colour pixels (one bit from each
 * plane), the CGA-compatible interleaved 2-bit pixels, and 256-colour pixels (one byte per pixel, four planes per
 * character clock, each pixel two dots wide). Output is at the mode's native resolution, one output pixel per pixel the
 * shift register produces: 8 per character clock (4 in 256-colour modes, whose pixels are two dots wide), and one
 * output line per distinct scan line: double scanning (CRTC 09h bit 7) and, when the row scan counter does not
 * take part in addressing (CRTC 17h bits 0 and 1 set), the character height (CRTC 09h bits 0-4) repeat a line on
 * the monitor without changing it. So mode 13h and 0Dh are 320x200, 0Eh 640x200, 10h 640x350, 12h 640x480, and the
 * CGA modes (whose row scan picks the odd-line bank) 320x200 and 640x200.
 */
import {
  ATTR_HORIZONTAL_PEL_PANNING,
  ATTR_MODE_CONTROL,
  CRTC_MAXIMUM_SCAN_LINE,
  CRTC_MODE_CONTROL,
  CRTC_OFFSET,
  CRTC_PRESET_ROW_SCAN,
  GC_MODE,
  type VgaRegisters,
} from "../devices/vga-registers.ts";
import type { FrameBuffer } from "./frame.ts";
import { screenBlanked } from "./text-renderer.ts";

const attributeColors = new Uint32Array(16);
const dacColors = new Uint32Array(256);
/** One scan line's pixel values before colour lookup; 2048 covers 256 character clocks of 8 pixels. */
const lineValues = new Uint8Array(2048 + 16);

/**
 * Monitor scan lines per distinct picture line: 2 with double scanning, times the character height when every scan
 * line of a character row reads the same addresses (CRTC 17h bits 0-1 set: row scan bits 0-1 do not replace memory
 * address bits 13-14).
 */
export function graphicsLineRepeat(regs: VgaRegisters): number {
  const crtc = regs.crtc;
  const doubled = crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x80 ? 2 : 1;
  return (crtc[CRTC_MODE_CONTROL] & 0x03) === 0x03 ? doubled * regs.characterHeight : doubled;
}

/** Renders a graphics-mode picture into `frame` (planes interleaved as in VgaMemory). */
export function renderGraphics(regs: VgaRegisters, planes: Uint8Array, frame: FrameBuffer): void {
  const crtc = regs.crtc;
  const columns = regs.displayedColumns;
  const shiftMode = regs.gc[GC_MODE] & 0x60;
  const wide = (shiftMode & 0x40) !== 0;
  // 256-colour pixels are 8 bits, shifted out one per two dots: four per character clock.
  const pixelsPerClock = wide ? 4 : 8;
  const pixelsPerLine = columns * pixelsPerClock;
  const monitorLines = regs.displayedLines;
  const lineRepeat = graphicsLineRepeat(regs);
  frame.resize(pixelsPerLine, Math.ceil(monitorLines / lineRepeat));
  const { width, words } = frame;
  if (screenBlanked(regs)) {
    words.fill(0xff000000);
    return;
  }
  const colors = wide ? dacColors : attributeColors;
  if (wide) for (let index = 0; index < 256; index++) dacColors[index] = regs.dacColor(index);
  else for (let color = 0; color < 16; color++) attributeColors[color] = regs.attributeColor(color);

  const maxScan = regs.characterHeight - 1;
  const doubleScan = (crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x80) !== 0;
  const rowPitch = crtc[CRTC_OFFSET] * 2;
  const lineCompare = regs.lineCompare;
  // Pel panning counts dots; a 256-colour pixel is two of them.
  let pan = (regs.attr[ATTR_HORIZONTAL_PEL_PANNING] & 7) >> (wide ? 1 : 0);
  let rowStart = regs.startAddress;
  let rowScan = crtc[CRTC_PRESET_ROW_SCAN] & 0x1f;
  let secondOfPair = false;
  let outLine = 0;
  for (let y = 0; y < monitorLines; y++) {
    if (y === lineCompare) {
      rowStart = 0;
      rowScan = 0;
      secondOfPair = false;
      if (regs.attr[ATTR_MODE_CONTROL] & 0x20) pan = 0;
    }
    // The first monitor line of each repeated group is the picture line; the others show the same dots.
    if (y % lineRepeat === 0) {
      // One extra character clock feeds the pixels that panning shifts in from the right.
      for (let column = 0; column <= columns; column++) {
        const address = regs.scanAddress(rowStart + column, rowScan) * 4;
        const p0 = planes[address];
        const p1 = planes[address + 1];
        const p2 = planes[address + 2];
        const p3 = planes[address + 3];
        const base = column * pixelsPerClock;
        if (wide) {
          // 256 colours: the four planes' bytes are four pixels.
          lineValues[base] = p0;
          lineValues[base + 1] = p1;
          lineValues[base + 2] = p2;
          lineValues[base + 3] = p3;
        } else if (shiftMode & 0x20) {
          // Interleaved: 2-bit pixels from planes 0/2 for the first four pixels and 1/3 for the next four.
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
      const lineBase = outLine * width;
      for (let x = 0; x < pixelsPerLine; x++) words[lineBase + x] = colors[lineValues[x + pan]];
      outLine++;
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
