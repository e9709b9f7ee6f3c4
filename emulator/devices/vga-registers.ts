/**
 * The VGA's register files and the values derived from them that both the CPU memory path and the frame generator
 * read. Register numbering and bit meanings follow the IBM VGA Technical Reference (PS/2 Display Adapter
 * Technical Reference, "Registers"): sequencer 00h–04h, CRT controller 00h–18h, graphics controller 00h–08h,
 * attribute controller 00h–14h, and the 256-entry video DAC with 6-bit components.
 */

/** Sequencer register indexes (port 3C5h). */
export const SEQ_RESET = 0x00;
export const SEQ_CLOCKING_MODE = 0x01;
export const SEQ_MAP_MASK = 0x02;
export const SEQ_CHARACTER_MAP_SELECT = 0x03;
export const SEQ_MEMORY_MODE = 0x04;
export const SEQ_REGISTER_COUNT = 5;

/** CRT controller register indexes (port 3B5h/3D5h). */
export const CRTC_HORIZONTAL_TOTAL = 0x00;
export const CRTC_HORIZONTAL_DISPLAY_END = 0x01;
export const CRTC_VERTICAL_TOTAL = 0x06;
export const CRTC_OVERFLOW = 0x07;
export const CRTC_PRESET_ROW_SCAN = 0x08;
export const CRTC_MAXIMUM_SCAN_LINE = 0x09;
export const CRTC_CURSOR_START = 0x0a;
export const CRTC_CURSOR_END = 0x0b;
export const CRTC_START_ADDRESS_HIGH = 0x0c;
export const CRTC_START_ADDRESS_LOW = 0x0d;
export const CRTC_CURSOR_LOCATION_HIGH = 0x0e;
export const CRTC_CURSOR_LOCATION_LOW = 0x0f;
export const CRTC_VERTICAL_RETRACE_START = 0x10;
export const CRTC_VERTICAL_RETRACE_END = 0x11;
export const CRTC_VERTICAL_DISPLAY_END = 0x12;
export const CRTC_OFFSET = 0x13;
export const CRTC_UNDERLINE_LOCATION = 0x14;
export const CRTC_MODE_CONTROL = 0x17;
export const CRTC_LINE_COMPARE = 0x18;
export const CRTC_REGISTER_COUNT = 0x19;

/** Graphics controller register indexes (port 3CFh). */
export const GC_SET_RESET = 0x00;
export const GC_ENABLE_SET_RESET = 0x01;
export const GC_COLOR_COMPARE = 0x02;
export const GC_DATA_ROTATE = 0x03;
export const GC_READ_MAP_SELECT = 0x04;
export const GC_MODE = 0x05;
export const GC_MISCELLANEOUS = 0x06;
export const GC_COLOR_DONT_CARE = 0x07;
export const GC_BIT_MASK = 0x08;
export const GC_REGISTER_COUNT = 9;

/** Attribute controller register indexes (port 3C0h). */
export const ATTR_PALETTE_COUNT = 0x10;
export const ATTR_MODE_CONTROL = 0x10;
export const ATTR_OVERSCAN_COLOR = 0x11;
export const ATTR_COLOR_PLANE_ENABLE = 0x12;
export const ATTR_HORIZONTAL_PEL_PANNING = 0x13;
export const ATTR_COLOR_SELECT = 0x14;
export const ATTR_REGISTER_COUNT = 0x15;
/** Attribute address register bit 5, Palette Address Source: 1 = the palette feeds the display. */
export const ATTR_PALETTE_ADDRESS_SOURCE = 0x20;

export class VgaRegisters {
  /** Miscellaneous Output register (write 3C2h, read 3CCh). */
  misc = 0;
  /** Feature Control register (write 3BAh/3DAh, read 3CAh). */
  featureControl = 0;
  seqIndex = 0;
  readonly seq = new Uint8Array(SEQ_REGISTER_COUNT);
  crtcIndex = 0;
  readonly crtc = new Uint8Array(CRTC_REGISTER_COUNT);
  gcIndex = 0;
  readonly gc = new Uint8Array(GC_REGISTER_COUNT);
  /** Attribute address register: index in bits 0–4, Palette Address Source in bit 5. */
  attrIndex = 0;
  /** The 3C0h flip-flop: false while the next write is an index, true while it is data. */
  attrDataNext = false;
  readonly attr = new Uint8Array(ATTR_REGISTER_COUNT);
  /** Video DAC: 256 entries of red, green, blue, 6 bits each. */
  readonly dac = new Uint8Array(256 * 3);
  /** PEL mask (3C6h), ANDed with every pixel's DAC index. */
  pelMask = 0xff;
  /** The DAC's address register, shared by the read (3C7h) and write (3C8h) index ports. */
  dacAddress = 0;
  /** Which of red, green, blue the next 3C9h access is. */
  dacComponent = 0;
  /** True after a write to 3C7h (read mode), false after a write to 3C8h (write mode). */
  dacReadMode = false;
  /** Components written so far for the entry at dacAddress; the DAC stores all three after the third. */
  readonly dacStaging = new Uint8Array(3);

  reset(): void {
    this.misc = 0;
    this.featureControl = 0;
    this.seqIndex = this.crtcIndex = this.gcIndex = this.attrIndex = 0;
    this.attrDataNext = false;
    this.seq.fill(0);
    this.crtc.fill(0);
    this.gc.fill(0);
    this.attr.fill(0);
    this.dac.fill(0);
    this.pelMask = 0xff;
    this.dacAddress = this.dacComponent = 0;
    this.dacReadMode = false;
    this.dacStaging.fill(0);
  }

  /** Misc Output bit 0 (I/O Address Select): 1 puts the CRTC and status ports at 3Dxh, 0 at 3Bxh. */
  get colorIoAddresses(): boolean {
    return (this.misc & 0x01) !== 0;
  }

  /** Vertical display end in scan lines: CRTC 12h plus overflow bits 1 (bit 8) and 6 (bit 9), plus one. */
  get displayedLines(): number {
    const overflow = this.crtc[CRTC_OVERFLOW];
    return (this.crtc[CRTC_VERTICAL_DISPLAY_END] | ((overflow & 0x02) << 7) | ((overflow & 0x40) << 3)) + 1;
  }

  /** Vertical total in scan lines: CRTC 06h plus overflow bits 0 (bit 8) and 5 (bit 9), plus two. */
  get totalLines(): number {
    const overflow = this.crtc[CRTC_OVERFLOW];
    return (this.crtc[CRTC_VERTICAL_TOTAL] | ((overflow & 0x01) << 8) | ((overflow & 0x20) << 4)) + 2;
  }

  /** First line of vertical retrace: CRTC 10h plus overflow bits 2 (bit 8) and 7 (bit 9). */
  get verticalRetraceStart(): number {
    const overflow = this.crtc[CRTC_OVERFLOW];
    return this.crtc[CRTC_VERTICAL_RETRACE_START] | ((overflow & 0x04) << 6) | ((overflow & 0x80) << 2);
  }

  /**
   * Lines of vertical retrace: it ends when the line counter's low four bits equal CRTC 11h bits 0–3, so it lasts
   * 1 to 16 lines.
   */
  get verticalRetraceLines(): number {
    return (this.crtc[CRTC_VERTICAL_RETRACE_END] - this.verticalRetraceStart) & 0x0f || 16;
  }

  /** Line compare (split screen): CRTC 18h plus overflow bit 4 (bit 8) and maximum scan line bit 6 (bit 9). */
  get lineCompare(): number {
    return (
      this.crtc[CRTC_LINE_COMPARE] |
      ((this.crtc[CRTC_OVERFLOW] & 0x10) << 4) |
      ((this.crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x40) << 3)
    );
  }

  /** Character clocks displayed per line: CRTC 01h plus one. */
  get displayedColumns(): number {
    return this.crtc[CRTC_HORIZONTAL_DISPLAY_END] + 1;
  }

  /** Sequencer clocking mode bit 0: 1 = 8-dot characters, 0 = 9-dot. */
  get characterWidth(): number {
    return this.seq[SEQ_CLOCKING_MODE] & 0x01 ? 8 : 9;
  }

  /** Scan lines per character row: CRTC 09h bits 0–4 plus one. */
  get characterHeight(): number {
    return (this.crtc[CRTC_MAXIMUM_SCAN_LINE] & 0x1f) + 1;
  }

  get startAddress(): number {
    return (this.crtc[CRTC_START_ADDRESS_HIGH] << 8) | this.crtc[CRTC_START_ADDRESS_LOW];
  }

  get cursorLocation(): number {
    return (this.crtc[CRTC_CURSOR_LOCATION_HIGH] << 8) | this.crtc[CRTC_CURSOR_LOCATION_LOW];
  }

  /** Attribute mode control bit 0: the display path is in graphics mode (GC misc bit 0 mirrors it for memory). */
  get graphicsMode(): boolean {
    return (this.attr[ATTR_MODE_CONTROL] & 0x01) !== 0;
  }

  /**
   * Turns the CRTC's memory address counter into a video memory address for scan line `rowScan` of a character
   * row: doubleword mode (CRTC 14h bit 6) shifts it left two, word mode (CRTC 17h bit 6 clear) shifts it left one
   * and rotates bit 13 or bit 15 (address wrap, CRTC 17h bit 5) into bit 0, byte mode uses it as is. With CRTC 17h
   * bits 0 or 1 clear, row scan bits 0 and 1 replace address bits 13 and 14: the CGA's interleaved graphics banks.
   */
  scanAddress(counter: number, rowScan: number): number {
    const mode = this.crtc[CRTC_MODE_CONTROL];
    let address: number;
    if (this.crtc[CRTC_UNDERLINE_LOCATION] & 0x40) address = (counter << 2) | ((counter >> 14) & 3);
    else if (mode & 0x40) address = counter;
    else address = (counter << 1) | (mode & 0x20 ? (counter >> 15) & 1 : (counter >> 13) & 1);
    if ((mode & 0x01) === 0) address = (address & ~0x2000) | ((rowScan & 1) << 13);
    if ((mode & 0x02) === 0) address = (address & ~0x4000) | ((rowScan & 2) << 13);
    return address & 0xffff;
  }

  /**
   * The 32-bit RGBA (little-endian byte order R, G, B, A) of a 4-bit attribute colour, through the colour plane
   * enable mask, the palette register, the colour select bits and the PEL mask into the DAC (IBM VGA Technical
   * Reference, attribute controller registers 12h and 14h, mode control bit 7).
   */
  attributeColor(color: number): number {
    const masked = color & this.attr[ATTR_COLOR_PLANE_ENABLE] & 0x0f;
    return this.dacColor(this.paletteIndex(this.attr[masked] & 0x3f));
  }

  /** DAC index of a 6-bit palette register value: colour select supplies bits 6–7, and bits 4–5 when P54S is set. */
  paletteIndex(palette: number): number {
    const select = this.attr[ATTR_COLOR_SELECT];
    const low = this.attr[ATTR_MODE_CONTROL] & 0x80 ? (palette & 0x0f) | ((select & 0x03) << 4) : palette;
    return low | ((select & 0x0c) << 4);
  }

  /** RGBA of a DAC entry after the PEL mask, each 6-bit component widened to 8 bits. */
  dacColor(index: number): number {
    const entry = (index & this.pelMask) * 3;
    return (
      (widen(this.dac[entry]) | (widen(this.dac[entry + 1]) << 8) | (widen(this.dac[entry + 2]) << 16) | 0xff000000) >>>
      0
    );
  }
}

/** A 6-bit DAC component as 8 bits, repeating the top bits so 3Fh becomes FFh. */
function widen(component: number): number {
  return (component << 2) | (component >> 4);
}
