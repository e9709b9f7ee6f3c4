/**
 * IBM Color/Graphics Monitor Adapter (CGA) at register level: the Motorola 6845 CRT controller, the mode control
 * and colour select registers, the status register, and 16 KB of display memory at B8000h, mirrored up to BFFFFh
 * (the card decodes only address bits 0–13 inside B8000h–BFFFFh). Register bits follow the IBM Technical
 * Reference "Color/Graphics Monitor Adapter" (I/O addresses 3D0h–3DFh); frame generation is in
 * emulator/video/cga-renderer.ts, at the adapter's native resolution.
 *
 * The machine maps it with `memory.mapDevice(cga.memoryStart, cga.memoryLength, cga)` and registers `cga.ports`.
 */
import type { Device, DeviceState } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import type { MemoryMappedDevice } from "../memory.ts";
import type { Scheduler } from "../scheduler.ts";
import { renderCga, cgaScreenText } from "../video/cga-renderer.ts";
import { FrameBuffer, type VideoFrame } from "../video/frame.ts";

export const CGA_MEMORY_BYTES = 0x4000;
/** MC6845 registers R0–R17. */
export const CRTC_REGISTER_COUNT = 18;

/** 6845 register numbers (MC6845 data sheet, "Register File"). */
export const R_HORIZONTAL_TOTAL = 0;
export const R_HORIZONTAL_DISPLAYED = 1;
export const R_VERTICAL_TOTAL = 4;
export const R_VERTICAL_TOTAL_ADJUST = 5;
export const R_VERTICAL_DISPLAYED = 6;
export const R_VERTICAL_SYNC_POSITION = 7;
export const R_MAXIMUM_SCAN_LINE = 9;
export const R_CURSOR_START = 10;
export const R_CURSOR_END = 11;
export const R_START_ADDRESS_HIGH = 12;
export const R_START_ADDRESS_LOW = 13;
export const R_CURSOR_HIGH = 14;
export const R_CURSOR_LOW = 15;

/** Bits each 6845 register implements; the rest read and store as 0 (MC6845 data sheet, Table 2). */
const REGISTER_BITS = [
  0xff, 0xff, 0xff, 0x0f, 0x7f, 0x1f, 0x7f, 0x7f, 0x03, 0x1f, 0x7f, 0x1f, 0x3f, 0xff, 0x3f, 0xff, 0x3f, 0xff,
];
/** Registers the CPU can read back: the cursor address (R14/R15) and the light pen address (R16/R17). */
const FIRST_READABLE_REGISTER = 14;

/** Mode control register (3D8h) bits. */
export const MODE_HIGH_RES_TEXT = 0x01;
export const MODE_GRAPHICS = 0x02;
export const MODE_BLACK_AND_WHITE = 0x04;
export const MODE_VIDEO_ENABLE = 0x08;
export const MODE_HIGH_RES_GRAPHICS = 0x10;
export const MODE_BLINK = 0x20;

/** Status register (3DAh) bits: display inactive (retrace or border) and vertical sync. */
export const STATUS_DISPLAY_INACTIVE = 0x01;
export const STATUS_VERTICAL_SYNC = 0x08;

/** The card's 14.31818 MHz crystal: one dot per period in 80-column text and 640-dot graphics. */
const DOT_CLOCK_HZ = 14_318_180;
/** The 6845's vertical sync lasts 16 scan lines; the MC6845 has no register for it (data sheet, R3). */
const VERTICAL_SYNC_LINES = 16;
/** Until the CRTC is programmed the beam runs at the CGA's 15.7 kHz, 262-line timing. */
const DEFAULT_LINE_DOTS = 912;
const DEFAULT_TOTAL_LINES = 262;

/** The registers the frame generator reads. */
export interface CgaRegisters {
  readonly crtc: Uint8Array;
  readonly mode: number;
  readonly colorSelect: number;
}

export class CgaAdapter implements Device, MemoryMappedDevice, CgaRegisters {
  readonly name = "cga";
  readonly memoryStart = 0xb8000;
  readonly memoryLength = 0x8000;
  readonly ports: readonly PortHandler[];
  readonly crtc = new Uint8Array(CRTC_REGISTER_COUNT);
  readonly memory = new Uint8Array(CGA_MEMORY_BYTES);
  crtcIndex = 0;
  mode = 0;
  colorSelect = 0;
  private readonly frame = new FrameBuffer();

  constructor(private readonly scheduler: Scheduler) {
    // The card decodes 3D0h–3D7h with address bit 0 choosing index or data, so the 6845 answers at four port
    // pairs; 3D4h/3D5h are the documented ones.
    const crtcPorts: PortHandler[] = [];
    for (const base of [0x3d0, 0x3d2, 0x3d4, 0x3d6]) {
      crtcPorts.push(
        {
          port: base,
          name: `CGA 6845 index${base === 0x3d4 ? "" : " (mirror)"}`,
          write: (_port, value) => {
            this.crtcIndex = value & 0x1f;
          },
        },
        {
          port: base + 1,
          name: `CGA 6845 data${base === 0x3d4 ? "" : " (mirror)"}`,
          read: () => this.readCrtc(),
          write: (_port, value) => this.writeCrtc(value),
        },
      );
    }
    this.ports = [
      ...crtcPorts,
      {
        port: 0x3d8,
        name: "CGA mode control",
        write: (_port, value) => {
          this.mode = value & 0x3f;
        },
      },
      {
        port: 0x3d9,
        name: "CGA colour select",
        write: (_port, value) => {
          this.colorSelect = value & 0x3f;
        },
      },
      { port: 0x3da, name: "CGA status", read: () => this.readStatus() },
    ];
  }

  reset(): void {
    this.crtc.fill(0);
    this.memory.fill(0);
    this.crtcIndex = 0;
    this.mode = 0;
    this.colorSelect = 0;
  }

  read8(address: number): number {
    return this.memory[address & (CGA_MEMORY_BYTES - 1)];
  }

  write8(address: number, value: number): void {
    this.memory[address & (CGA_MEMORY_BYTES - 1)] = value;
  }

  /** Renders the picture at native resolution (text 320 or 640 x 200, graphics 320x200 or 640x200); reused frame. */
  renderFrame(): VideoFrame {
    renderCga(this, this.memory, this.frame, this.frameNumber());
    return this.frame;
  }

  /** The text on screen (rows joined by "\n", trailing blanks trimmed); empty in graphics modes. */
  screenText(): string {
    return this.mode & MODE_GRAPHICS ? "" : cgaScreenText(this, this.memory);
  }

  /** Whether the CRTC has been given a usable timing (a BIOS or program set it up). */
  private get programmed(): boolean {
    return this.crtc[R_HORIZONTAL_TOTAL] !== 0 && this.crtc[R_VERTICAL_TOTAL] !== 0;
  }

  /**
   * Duration of one scan line: R0 + 1 character clocks of 8 dots at the full dot clock in 80-column text, 16 dots
   * (8 pixels at half the clock) in 40-column text and in both graphics modes.
   */
  get lineNs(): number {
    if (!this.programmed) return (DEFAULT_LINE_DOTS * 1e9) / DOT_CLOCK_HZ;
    const dots = this.mode & MODE_HIGH_RES_TEXT && !(this.mode & MODE_GRAPHICS) ? 8 : 16;
    return ((this.crtc[R_HORIZONTAL_TOTAL] + 1) * dots * 1e9) / DOT_CLOCK_HZ;
  }

  /** Scan lines per frame: (R4 + 1) character rows of R9 + 1 lines, plus R5 adjust lines. */
  get totalLines(): number {
    if (!this.programmed) return DEFAULT_TOTAL_LINES;
    const rowLines = this.crtc[R_MAXIMUM_SCAN_LINE] + 1;
    return (this.crtc[R_VERTICAL_TOTAL] + 1) * rowLines + this.crtc[R_VERTICAL_TOTAL_ADJUST];
  }

  get frameNs(): number {
    return this.lineNs * this.totalLines;
  }

  /** Frames completed since virtual time 0: the clock the cursor and character blink count. */
  frameNumber(): number {
    return Math.floor(this.scheduler.now / this.frameNs);
  }

  /**
   * 3DAh: bit 0 is set while the beam is outside the displayed area (horizontal or vertical retrace and borders),
   * when the CPU can reach memory without snow; bit 3 while vertical sync is active, from the row R7 names for 16
   * lines. Light pen bits 1 and 2 read 0 (no pen attached).
   */
  private readStatus(): number {
    const lineNs = this.lineNs;
    const inFrame = this.scheduler.now % (lineNs * this.totalLines);
    const line = Math.floor(inFrame / lineNs);
    const rowLines = this.crtc[R_MAXIMUM_SCAN_LINE] + 1;
    const displayedLines = this.programmed ? this.crtc[R_VERTICAL_DISPLAYED] * rowLines : 200;
    const totalColumns = this.programmed ? this.crtc[R_HORIZONTAL_TOTAL] + 1 : DEFAULT_LINE_DOTS / 16;
    const displayedColumns = this.programmed ? this.crtc[R_HORIZONTAL_DISPLAYED] : 40;
    const column = Math.floor(((inFrame - line * lineNs) / lineNs) * totalColumns);
    const syncStart = this.programmed ? this.crtc[R_VERTICAL_SYNC_POSITION] * rowLines : 224;
    let status = 0;
    if (line >= displayedLines || column >= displayedColumns) status |= STATUS_DISPLAY_INACTIVE;
    if (line >= syncStart && line < syncStart + VERTICAL_SYNC_LINES) status |= STATUS_VERTICAL_SYNC;
    return status;
  }

  private readCrtc(): number {
    const index = this.crtcIndex;
    return index >= FIRST_READABLE_REGISTER && index < CRTC_REGISTER_COUNT ? this.crtc[index] : 0;
  }

  private writeCrtc(value: number): void {
    const index = this.crtcIndex;
    // R16/R17 hold the light pen address: read-only.
    if (index < 16) this.crtc[index] = value & REGISTER_BITS[index];
  }

  saveState(): DeviceState {
    return {
      crtcIndex: this.crtcIndex,
      crtc: this.crtc.slice(),
      mode: this.mode,
      colorSelect: this.colorSelect,
      memory: this.memory.slice(),
    };
  }

  loadState(state: DeviceState): void {
    const number = (key: string): number => {
      const value = state[key];
      if (typeof value !== "number") throw new Error(`cga state: ${key} is not a number`);
      return value;
    };
    const bytes = (key: string, length: number): Uint8Array => {
      const value = state[key];
      if (!(value instanceof Uint8Array) || value.length !== length) {
        throw new Error(`cga state: ${key} is not ${length} bytes`);
      }
      return value;
    };
    // Check everything before changing anything, so a bad state leaves the adapter as it was.
    const loaded = {
      crtcIndex: number("crtcIndex"),
      crtc: bytes("crtc", CRTC_REGISTER_COUNT),
      mode: number("mode"),
      colorSelect: number("colorSelect"),
      memory: bytes("memory", CGA_MEMORY_BYTES),
    };
    this.crtcIndex = loaded.crtcIndex;
    this.crtc.set(loaded.crtc);
    this.mode = loaded.mode;
    this.colorSelect = loaded.colorSelect;
    this.memory.set(loaded.memory);
  }
}
