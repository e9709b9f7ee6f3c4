/**
 * IBM VGA (PS/2 Video Graphics Array) at register level: Miscellaneous Output, sequencer, CRT controller, graphics
 * controller, attribute controller, video DAC and the two status registers, with the 256 KB of video memory
 * mapped at A0000h–BFFFFh (the graphics controller decides which part of that window answers). Port and bit
 * meanings follow the IBM VGA Technical Reference; the memory path is in vga-memory.ts, beam timing in
 * vga-timing.ts, frame generation in emulator/video/.
 *
 * The machine maps it with `memory.mapDevice(vga.memoryStart, vga.memoryLength, vga)` and registers `vga.ports`.
 */
import type { Device, DeviceState } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import type { MemoryMappedDevice } from "../memory.ts";
import type { Scheduler } from "../scheduler.ts";
import { FrameBuffer, type VideoFrame } from "../video/frame.ts";
import { renderGraphics } from "../video/graphics-renderer.ts";
import { renderText, textScreen } from "../video/text-renderer.ts";
import { PLANE_BYTES, VgaMemory } from "./vga-memory.ts";
import {
  ATTR_PALETTE_ADDRESS_SOURCE,
  ATTR_PALETTE_COUNT,
  ATTR_REGISTER_COUNT,
  CRTC_OVERFLOW,
  CRTC_REGISTER_COUNT,
  CRTC_VERTICAL_RETRACE_END,
  GC_REGISTER_COUNT,
  SEQ_REGISTER_COUNT,
  VgaRegisters,
} from "./vga-registers.ts";
import { VgaTiming } from "./vga-timing.ts";

/** Input Status 0 bit 4, switch sense: the DAC's comparator sees a colour monitor's load on its outputs. */
const STATUS0_COLOR_MONITOR = 0x10;

export class VgaAdapter implements Device, MemoryMappedDevice {
  readonly name = "vga";
  readonly memoryStart = 0xa0000;
  readonly memoryLength = 0x20000;
  readonly registers = new VgaRegisters();
  readonly memory = new VgaMemory(this.registers);
  readonly timing = new VgaTiming(this.registers);
  readonly ports: readonly PortHandler[];
  private readonly frame = new FrameBuffer();

  constructor(private readonly scheduler: Scheduler) {
    const regs = this.registers;
    // The CRTC index/data and Input Status 1 / Feature Control ports answer at 3Bxh or 3Dxh, whichever Misc
    // Output bit 0 selects; the other set is not decoded, so it reads as an undriven bus.
    const crtcPorts = (base: number, color: boolean, label: string): PortHandler[] => [
      {
        port: base + 4,
        name: `VGA CRTC index (${label})`,
        read: () => (regs.colorIoAddresses === color ? regs.crtcIndex : 0xff),
        write: (_port, value) => {
          if (regs.colorIoAddresses === color) regs.crtcIndex = value & 0x3f;
        },
      },
      {
        port: base + 5,
        name: `VGA CRTC data (${label})`,
        read: () => (regs.colorIoAddresses === color ? this.readCrtc() : 0xff),
        write: (_port, value) => {
          if (regs.colorIoAddresses === color) this.writeCrtc(value);
        },
      },
      {
        port: base + 0xa,
        name: `VGA input status 1 / feature control (${label})`,
        read: () => (regs.colorIoAddresses === color ? this.readInputStatus1() : 0xff),
        write: (_port, value) => {
          if (regs.colorIoAddresses === color) regs.featureControl = value;
        },
      },
    ];
    this.ports = [
      ...crtcPorts(0x3b0, false, "mono"),
      ...crtcPorts(0x3d0, true, "colour"),
      {
        port: 0x3c0,
        name: "VGA attribute index/data",
        read: () => regs.attrIndex,
        write: (_port, value) => this.writeAttribute(value),
      },
      { port: 0x3c1, name: "VGA attribute data read", read: () => this.readAttribute() },
      {
        port: 0x3c2,
        name: "VGA misc output / input status 0",
        read: () => STATUS0_COLOR_MONITOR,
        write: (_port, value) => {
          regs.misc = value;
        },
      },
      {
        port: 0x3c4,
        name: "VGA sequencer index",
        read: () => regs.seqIndex,
        write: (_port, value) => {
          regs.seqIndex = value & 0x07;
        },
      },
      {
        port: 0x3c5,
        name: "VGA sequencer data",
        read: () => (regs.seqIndex < SEQ_REGISTER_COUNT ? regs.seq[regs.seqIndex] : 0xff),
        write: (_port, value) => {
          if (regs.seqIndex < SEQ_REGISTER_COUNT) regs.seq[regs.seqIndex] = value;
        },
      },
      {
        port: 0x3c6,
        name: "VGA DAC pel mask",
        read: () => regs.pelMask,
        write: (_port, value) => {
          regs.pelMask = value;
        },
      },
      {
        port: 0x3c7,
        name: "VGA DAC read index / DAC state",
        // DAC state: 00b after a write to 3C8h (write mode), 11b after a write to 3C7h (read mode).
        read: () => (regs.dacReadMode ? 0x03 : 0x00),
        write: (_port, value) => {
          regs.dacAddress = value;
          regs.dacComponent = 0;
          regs.dacReadMode = true;
        },
      },
      {
        port: 0x3c8,
        name: "VGA DAC write index",
        read: () => regs.dacAddress,
        write: (_port, value) => {
          regs.dacAddress = value;
          regs.dacComponent = 0;
          regs.dacReadMode = false;
        },
      },
      {
        port: 0x3c9,
        name: "VGA DAC data",
        read: () => this.readDacData(),
        write: (_port, value) => this.writeDacData(value),
      },
      { port: 0x3ca, name: "VGA feature control read", read: () => regs.featureControl },
      { port: 0x3cc, name: "VGA misc output read", read: () => regs.misc },
      {
        port: 0x3ce,
        name: "VGA graphics controller index",
        read: () => regs.gcIndex,
        write: (_port, value) => {
          regs.gcIndex = value & 0x0f;
        },
      },
      {
        port: 0x3cf,
        name: "VGA graphics controller data",
        read: () => (regs.gcIndex < GC_REGISTER_COUNT ? regs.gc[regs.gcIndex] : 0xff),
        write: (_port, value) => {
          if (regs.gcIndex < GC_REGISTER_COUNT) regs.gc[regs.gcIndex] = value;
        },
      },
    ];
  }

  reset(): void {
    this.registers.reset();
    this.memory.reset();
  }

  read8(address: number): number {
    return this.memory.read8(address);
  }

  write8(address: number, value: number): void {
    this.memory.write8(address, value);
  }

  /** Renders the current picture at the scheduler's virtual time; the returned frame object is reused. */
  renderFrame(): VideoFrame {
    const regs = this.registers;
    if (regs.graphicsMode) renderGraphics(regs, this.memory.planes, this.frame);
    else renderText(regs, this.memory.planes, this.frame, this.timing.frameNumber(this.scheduler.now));
    return this.frame;
  }

  /** The text on screen (rows joined by "\n", trailing blanks trimmed); empty in graphics modes. */
  screenText(): string {
    return this.registers.graphicsMode ? "" : textScreen(this.registers, this.memory.planes);
  }

  private readCrtc(): number {
    const regs = this.registers;
    return regs.crtcIndex < CRTC_REGISTER_COUNT ? regs.crtc[regs.crtcIndex] : 0xff;
  }

  /**
   * CRTC 11h bit 7 write-protects registers 00h–07h, except the line compare bit (bit 4) of the overflow register,
   * so old programs cannot upset the VGA's timing.
   */
  private writeCrtc(value: number): void {
    const regs = this.registers;
    const index = regs.crtcIndex;
    if (index >= CRTC_REGISTER_COUNT) return;
    if (index <= CRTC_OVERFLOW && regs.crtc[CRTC_VERTICAL_RETRACE_END] & 0x80) {
      if (index === CRTC_OVERFLOW) regs.crtc[index] = (regs.crtc[index] & ~0x10) | (value & 0x10);
      return;
    }
    regs.crtc[index] = value;
  }

  /** Reading Input Status 1 also resets the attribute controller's flip-flop to "index next". */
  private readInputStatus1(): number {
    this.registers.attrDataNext = false;
    return this.timing.inputStatus1(this.scheduler.now);
  }

  /**
   * Port 3C0h alternates between index and data. Palette registers 00h–0Fh can be changed only while Palette
   * Address Source is 0 (the display then shows no palette colours); the other registers always.
   */
  private writeAttribute(value: number): void {
    const regs = this.registers;
    if (!regs.attrDataNext) {
      regs.attrIndex = value & 0x3f;
      regs.attrDataNext = true;
      return;
    }
    regs.attrDataNext = false;
    const index = regs.attrIndex & 0x1f;
    if (index >= ATTR_REGISTER_COUNT) return;
    if (index < ATTR_PALETTE_COUNT && regs.attrIndex & ATTR_PALETTE_ADDRESS_SOURCE) return;
    regs.attr[index] = value;
  }

  private readAttribute(): number {
    const index = this.registers.attrIndex & 0x1f;
    return index < ATTR_REGISTER_COUNT ? this.registers.attr[index] : 0xff;
  }

  /** 3C9h reads return red, green, blue of the entry at the DAC address, which then advances. */
  private readDacData(): number {
    const regs = this.registers;
    const value = regs.dac[regs.dacAddress * 3 + regs.dacComponent];
    if (++regs.dacComponent === 3) {
      regs.dacComponent = 0;
      regs.dacAddress = (regs.dacAddress + 1) & 0xff;
    }
    return value;
  }

  /** 3C9h writes collect red, green, blue (6 bits each); the third stores the entry and advances the address. */
  private writeDacData(value: number): void {
    const regs = this.registers;
    regs.dacStaging[regs.dacComponent] = value & 0x3f;
    if (++regs.dacComponent === 3) {
      regs.dac.set(regs.dacStaging, regs.dacAddress * 3);
      regs.dacComponent = 0;
      regs.dacAddress = (regs.dacAddress + 1) & 0xff;
    }
  }

  saveState(): DeviceState {
    const regs = this.registers;
    return {
      misc: regs.misc,
      featureControl: regs.featureControl,
      seqIndex: regs.seqIndex,
      seq: regs.seq.slice(),
      crtcIndex: regs.crtcIndex,
      crtc: regs.crtc.slice(),
      gcIndex: regs.gcIndex,
      gc: regs.gc.slice(),
      attrIndex: regs.attrIndex,
      attrDataNext: regs.attrDataNext,
      attr: regs.attr.slice(),
      dac: regs.dac.slice(),
      pelMask: regs.pelMask,
      dacAddress: regs.dacAddress,
      dacComponent: regs.dacComponent,
      dacReadMode: regs.dacReadMode,
      dacStaging: regs.dacStaging.slice(),
      latch: this.memory.latch,
      planes: this.memory.planes.slice(),
    };
  }

  loadState(state: DeviceState): void {
    const number = (key: string): number => {
      const value = state[key];
      if (typeof value !== "number") throw new Error(`vga state: ${key} is not a number`);
      return value;
    };
    const bytes = (key: string, length: number): Uint8Array => {
      const value = state[key];
      if (!(value instanceof Uint8Array) || value.length !== length) {
        throw new Error(`vga state: ${key} is not ${length} bytes`);
      }
      return value;
    };
    const flag = (key: string): boolean => {
      const value = state[key];
      if (typeof value !== "boolean") throw new Error(`vga state: ${key} is not a boolean`);
      return value;
    };
    // Check everything before changing anything, so a bad state leaves the adapter as it was.
    const loaded = {
      misc: number("misc"),
      featureControl: number("featureControl"),
      seqIndex: number("seqIndex"),
      seq: bytes("seq", SEQ_REGISTER_COUNT),
      crtcIndex: number("crtcIndex"),
      crtc: bytes("crtc", CRTC_REGISTER_COUNT),
      gcIndex: number("gcIndex"),
      gc: bytes("gc", GC_REGISTER_COUNT),
      attrIndex: number("attrIndex"),
      attrDataNext: flag("attrDataNext"),
      attr: bytes("attr", ATTR_REGISTER_COUNT),
      dac: bytes("dac", 256 * 3),
      pelMask: number("pelMask"),
      dacAddress: number("dacAddress"),
      dacComponent: number("dacComponent"),
      dacReadMode: flag("dacReadMode"),
      dacStaging: bytes("dacStaging", 3),
      latch: number("latch"),
      planes: bytes("planes", 4 * PLANE_BYTES),
    };
    const regs = this.registers;
    regs.misc = loaded.misc;
    regs.featureControl = loaded.featureControl;
    regs.seqIndex = loaded.seqIndex;
    regs.seq.set(loaded.seq);
    regs.crtcIndex = loaded.crtcIndex;
    regs.crtc.set(loaded.crtc);
    regs.gcIndex = loaded.gcIndex;
    regs.gc.set(loaded.gc);
    regs.attrIndex = loaded.attrIndex;
    regs.attrDataNext = loaded.attrDataNext;
    regs.attr.set(loaded.attr);
    regs.dac.set(loaded.dac);
    regs.pelMask = loaded.pelMask;
    regs.dacAddress = loaded.dacAddress;
    regs.dacComponent = loaded.dacComponent;
    regs.dacReadMode = loaded.dacReadMode;
    regs.dacStaging.set(loaded.dacStaging);
    this.memory.latch = loaded.latch;
    this.memory.planes.set(loaded.planes);
  }
}
