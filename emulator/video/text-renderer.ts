/**
 * Frame generation for the VGA's alphanumeric modes, driven only by the registers and video memory (not by a BIOS
 * mode number), following the IBM VGA Technical Reference, "Alphanumeric Modes": plane 0 holds character codes,
 * plane 1 attributes, plane 2 the fonts (32 bytes per character). The picture is produced scan line by scan line
 * so the preset row scan, double scanning and the line compare split behave as on the CRTC.
 *
 * Output is at the mode's native resolution: 9 or 8 pixels per character clock (the sequencer halving the dot clock
 * in 40-column modes only makes each pixel two dots wide on the monitor), and one line per scan line the CRTC
 * generates (a double-scanned line is shown once), so 80x25 text is 720x400 and 40x25 text 360x400.
 */
import {
  ATTR_HORIZONTAL_PEL_PANNING,
  ATTR_MODE_CONTROL,
  ATTR_PALETTE_ADDRESS_SOURCE,
  CRTC_CURSOR_END,
  CRTC_CURSOR_START,
  CRTC_MAXIMUM_SCAN_LINE,
  CRTC_OFFSET,
  CRTC_PRESET_ROW_SCAN,
  CRTC_UNDERLINE_LOCATION,
  SEQ_CHARACTER_MAP_SELECT,
  SEQ_CLOCKING_MODE,
  type VgaRegisters,
} from "../devices/vga-registers.ts";
import { CP437_TO_UNICODE } from "./cp437.ts";
import type { FrameBuffer } from "./frame.ts";

/** The cursor blinks on for 16 frames and off for 16; blinking characters on for 32 and off for 32. */
const CURSOR_BLINK_SHIFT = 4;
const CHARACTER_BLINK_SHIFT = 5;

const attributeColors = new Uint32Array(16);

/**
 * Offset in plane 2 of character map n (0–7): maps 0–3 start at 0, 16, 32, 48 KB and maps 4–7 at 8, 24, 40,
 * 56 KB (sequencer register 03h, Character Map Select).
 */
function fontOffset(map: number): number {
  return (map & 3) * 0x4000 + (map >> 2) * 0x2000;
}

/** Scan lines per character row as displayed: CRTC 09h bit 7 (double scan) shows every line twice. */
function linesPerRow(regs: VgaRegisters): number {
  return regs.characterHeight * (regs.crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x80 ? 2 : 1);
}

/** True when the picture is blanked: Screen Off (clocking mode bit 5) or the palette handed to the CPU (PAS = 0). */
export function screenBlanked(regs: VgaRegisters): boolean {
  return (regs.seq[SEQ_CLOCKING_MODE] & 0x20) !== 0 || (regs.attrIndex & ATTR_PALETTE_ADDRESS_SOURCE) === 0;
}

/** Renders the text screen into `frame` (planes interleaved as in VgaMemory) for frame number `frameNumber`. */
export function renderText(regs: VgaRegisters, planes: Uint8Array, frame: FrameBuffer, frameNumber: number): void {
  const crtc = regs.crtc;
  const columns = regs.displayedColumns;
  const charWidth = regs.characterWidth;
  const monitorLines = regs.displayedLines;
  // A double-scanned line (CRTC 09h bit 7) is one picture line shown twice.
  const lineRepeat = crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x80 ? 2 : 1;
  frame.resize(columns * charWidth, Math.ceil(monitorLines / lineRepeat));
  const { width, words } = frame;
  if (screenBlanked(regs)) {
    words.fill(0xff000000);
    return;
  }
  for (let color = 0; color < 16; color++) attributeColors[color] = regs.attributeColor(color);

  const attrMode = regs.attr[ATTR_MODE_CONTROL];
  const blinkEnabled = (attrMode & 0x08) !== 0;
  const blinkVisible = ((frameNumber >> CHARACTER_BLINK_SHIFT) & 1) === 0;
  // Line graphics enable (mode control bit 2): the ninth dot of C0h–DFh repeats the eighth so lines join up.
  const lineGraphics = (attrMode & 0x04) !== 0;
  const cursorStart = crtc[CRTC_CURSOR_START] & 0x1f;
  const cursorEnd = crtc[CRTC_CURSOR_END] & 0x1f;
  // Cursor start bit 5 turns the cursor off; the cursor also blinks with the frame counter.
  const cursorShown = (crtc[CRTC_CURSOR_START] & 0x20) === 0 && ((frameNumber >> CURSOR_BLINK_SHIFT) & 1) === 0;
  const cursorAddress = regs.cursorLocation;
  const underlineScan = crtc[CRTC_UNDERLINE_LOCATION] & 0x1f;
  const maxScan = regs.characterHeight - 1;
  const doubleScan = (crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x80) !== 0;
  const rowPitch = crtc[CRTC_OFFSET] * 2;
  // Character map select: attribute bit 3 = 1 selects map A (bits 5, 3, 2), 0 selects map B (bits 4, 1, 0).
  const mapSelect = regs.seq[SEQ_CHARACTER_MAP_SELECT];
  const fontA = fontOffset(((mapSelect >> 2) & 3) | ((mapSelect >> 3) & 4));
  const fontB = fontOffset((mapSelect & 3) | ((mapSelect >> 2) & 4));
  const lineCompare = regs.lineCompare;
  // Pel panning in 9-dot text: 8 means no shift and 0–7 shift left by 1–8 dots; in 8-dot text 0–7 shift 0–7.
  const panRegister = regs.attr[ATTR_HORIZONTAL_PEL_PANNING] & 0x0f;
  let pan = charWidth === 9 ? (panRegister < 8 ? panRegister + 1 : 0) : panRegister & 7;

  let rowStart = regs.startAddress;
  let rowScan = crtc[CRTC_PRESET_ROW_SCAN] & 0x1f;
  let secondOfPair = false;
  let outLine = 0;
  for (let y = 0; y < monitorLines; y++) {
    if (y === lineCompare) {
      // The split screen restarts at address 0, row scan 0; mode control bit 5 also cancels panning below it.
      rowStart = 0;
      rowScan = 0;
      secondOfPair = false;
      if (attrMode & 0x20) pan = 0;
    }
    if (y % lineRepeat === 0) {
      // The first scan line of a double-scanned pair is the picture line.
      const lineBase = outLine++ * width;
      const underlineHere = rowScan === underlineScan;
      const cursorHere = cursorShown && rowScan >= cursorStart && rowScan <= cursorEnd;
      for (let column = 0; column <= columns; column++) {
        const firstDot = column * charWidth - pan;
        if (firstDot >= columns * charWidth) break;
        const counter = rowStart + column;
        const address = regs.scanAddress(counter, rowScan) * 4;
        const code = planes[address];
        const attribute = planes[address + 1];
        const foreground = attributeColors[attribute & 0x0f];
        const background = attributeColors[blinkEnabled ? (attribute >> 4) & 7 : attribute >> 4];
        let dots = 0;
        if (rowScan < 32) {
          const font = attribute & 0x08 ? fontA : fontB;
          dots = planes[(font + code * 32 + rowScan) * 4 + 2] << 1;
          if (charWidth === 9 && lineGraphics && code >= 0xc0 && code <= 0xdf) dots |= (dots >> 1) & 1;
        }
        // Underline: the VGA draws it on the underline row for attributes with foreground 1 and background 0
        // (bits 0-2 = 001, bits 4-6 = 000), in colour modes too.
        if (underlineHere && (attribute & 0x77) === 0x01) dots = 0x1ff;
        if (blinkEnabled && attribute & 0x80 && !blinkVisible) dots = 0;
        // The cursor is drawn in the cell's foreground colour over the character, blinking on its own clock.
        if (cursorHere && (counter & 0xffff) === cursorAddress) dots = 0x1ff;
        for (let dot = 0; dot < charWidth; dot++) {
          const x = firstDot + dot;
          if (x < 0) continue;
          // Glyph bits sit at 8..1 of `dots` (bit 0 is the ninth dot); 8-dot characters use bits 8..1 only.
          const color = (dots >> (8 - dot)) & 1 ? foreground : background;
          words[lineBase + x] = color;
        }
      }
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

/**
 * The characters on the text screen as Unicode, one line per character row, trailing blanks trimmed. Uses the
 * same start address, offset and addressing mode as the display.
 */
export function textScreen(regs: VgaRegisters, planes: Uint8Array): string {
  const rows = Math.floor(regs.displayedLines / linesPerRow(regs));
  const columns = regs.displayedColumns;
  const rowPitch = regs.crtc[CRTC_OFFSET] * 2;
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = "";
    for (let column = 0; column < columns; column++) {
      line += CP437_TO_UNICODE[planes[regs.scanAddress(regs.startAddress + row * rowPitch + column, 0) * 4]];
    }
    lines.push(line.trimEnd());
  }
  return lines.join("\n");
}
