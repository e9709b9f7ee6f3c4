/**
 * Where the VGA's beam is at a given virtual time, from the CRTC timing registers and the dot clock, so Input
 * Status 1 and the frame counter need no scheduled events. With the standard register sets this gives the VGA's
 * two monitor timings: 720x400 text / 320x200 at 31.47 kHz and 449 lines (70 Hz), 640x480 at 31.47 kHz and 525
 * lines (60 Hz) (IBM VGA Technical Reference, "CRT Controller Registers"; Misc Output bits 2–3 clock select).
 */
import { CRTC_HORIZONTAL_TOTAL, SEQ_CLOCKING_MODE, type VgaRegisters } from "./vga-registers.ts";

/** The two VGA crystal dot clocks, selected by Misc Output bits 2–3 (00 = 25.175 MHz, 01 = 28.322 MHz). */
const DOT_CLOCK_640 = 25_175_000;
const DOT_CLOCK_720 = 28_322_000;
/** Until the BIOS programs the CRTC, time runs at the 70 Hz, 449-line timing the VGA powers up into. */
const DEFAULT_LINE_NS = (100 * 9 * 1e9) / DOT_CLOCK_720;
const DEFAULT_TOTAL_LINES = 449;

/** Input Status 1 bit 0: display disabled (horizontal or vertical blanking). */
export const STATUS_DISPLAY_DISABLED = 0x01;
/** Input Status 1 bit 3: vertical retrace. */
export const STATUS_VERTICAL_RETRACE = 0x08;

export class VgaTiming {
  constructor(private readonly regs: VgaRegisters) {}

  /** Character clocks per scan line: CRTC 00h plus five. */
  private get totalColumns(): number {
    return this.regs.crtc[CRTC_HORIZONTAL_TOTAL] + 5;
  }

  private get programmed(): boolean {
    return this.regs.crtc[CRTC_HORIZONTAL_TOTAL] !== 0 && this.regs.totalLines > this.regs.displayedLines;
  }

  /** Duration of one scan line in nanoseconds. */
  get lineNs(): number {
    if (!this.programmed) return DEFAULT_LINE_NS;
    const clock = ((this.regs.misc >> 2) & 3) === 1 ? DOT_CLOCK_720 : DOT_CLOCK_640;
    // Clocking mode bit 3 divides the dot clock by two (the 40-column and 320-pixel modes).
    const dotsPerCharacter = this.regs.characterWidth * (this.regs.seq[SEQ_CLOCKING_MODE] & 0x08 ? 2 : 1);
    return (this.totalColumns * dotsPerCharacter * 1e9) / clock;
  }

  /** Duration of one frame in nanoseconds. */
  get frameNs(): number {
    return this.lineNs * (this.programmed ? this.regs.totalLines : DEFAULT_TOTAL_LINES);
  }

  /** Frames completed since virtual time 0: the clock the cursor and character blink count. */
  frameNumber(now: number): number {
    return Math.floor(now / this.frameNs);
  }

  /** Bits 0 and 3 of Input Status 1 at virtual time `now`. */
  inputStatus1(now: number): number {
    const lineNs = this.lineNs;
    const totalLines = this.programmed ? this.regs.totalLines : DEFAULT_TOTAL_LINES;
    const inFrame = now % (lineNs * totalLines);
    const line = Math.floor(inFrame / lineNs);
    const column = Math.floor(((inFrame - line * lineNs) / lineNs) * this.totalColumns);
    const retraceStart = this.regs.verticalRetraceStart;
    let status = 0;
    if (line >= retraceStart && line < retraceStart + this.regs.verticalRetraceLines) status |= STATUS_VERTICAL_RETRACE;
    if (line >= this.regs.displayedLines || column >= this.regs.displayedColumns) status |= STATUS_DISPLAY_DISABLED;
    return status;
  }
}
