/**
 * Frame generation cost per video mode: for each mode, a machine is put in that mode (VGA modes through our VGA
 * BIOS's INT 10h, mode X and the CGA adapter through their ports), its video memory is filled with a fixed
 * pseudo-random pattern (text: characters and attributes with blinking ones among them, the font left in plane 2),
 * and `renderFrame()` is timed: one warm-up run and five timed runs of 100 frames each, median milliseconds per
 * frame. Each frame must come out at the mode's native size, so a renderer that goes wrong fails the bench.
 *
 * Budget: the hypervisor renders a frame for every published picture, at most 60 a second; under 2 ms a frame that
 * is at most 12 % of one core, on top of the emulation. A mode over budget is printed as such.
 */
import { Reg, SReg } from "../emulator/cpu/cpu.ts";
import { Machine } from "../emulator/machine.ts";
import { loadRom, loadVideoRom } from "../main/rom-file.ts";
import { median } from "./report.ts";

const FRAMES_PER_RUN = 100;
const WARM_UP_RUNS = 1;
const TIMED_RUNS = 5;
export const FRAME_BUDGET_MS = 2;

interface FrameCase {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** A machine showing the mode with its memory filled. */
  prepare(): Machine;
}

/** A deterministic byte sequence (a 32-bit xorshift), so every run renders the same pictures. */
function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** An AT with a VGA and our BIOSes, after POST (no disks: it stops at the boot failure, which is all we need). */
function vgaMachine(): Machine {
  const machine = new Machine({
    profile: "at",
    rom: loadRom(undefined, { machine: "at", bootOrder: ["a"], floppyDrives: [], hardDisks: 0 }),
    videoRom: loadVideoRom(),
    video: "vga",
    floppyDrives: [],
    rtcTime: { kind: "fixed", startEpochMs: Date.UTC(1990, 0, 1) },
  });
  machine.runFor(3_000e6);
  return machine;
}

/** Runs `mov ax, mode; int 10h; jmp $` at 0000:0600 for 50 ms of machine time: a mode set through our VGA BIOS. */
function setMode(machine: Machine, mode: number): void {
  const code = [0xb8, mode & 0xff, 0x00, 0xcd, 0x10, 0xeb, 0xfe];
  code.forEach((byte, i) => machine.memory.write8(0x600 + i, byte));
  const cpu = machine.cpu;
  cpu.sregs[SReg.CS] = cpu.sregs[SReg.SS] = cpu.sregs[SReg.DS] = cpu.sregs[SReg.ES] = 0;
  cpu.ip = 0x600;
  cpu.regs[Reg.SP] = 0x600;
  cpu.halted = false;
  machine.runFor(50e6);
}

/** Fills VGA memory: in text modes planes 0 and 1 only (characters, attributes), else all four planes. */
function fillVga(machine: Machine, text: boolean): void {
  const planes = machine.vga.memory.planes;
  const pattern = patternBytes(planes.length, 0x1234_5678);
  for (let i = 0; i < planes.length; i++) if (!text || (i & 3) < 2) planes[i] = pattern[i];
}

function vgaCase(name: string, mode: number, width: number, height: number, after?: (m: Machine) => void): FrameCase {
  return {
    name,
    width,
    height,
    prepare() {
      const machine = vgaMachine();
      setMode(machine, mode);
      after?.(machine);
      fillVga(machine, mode <= 3 || mode === 7);
      return machine;
    },
  };
}

/** Mode X: mode 13h unchained (sequencer memory mode 06h, CRTC 14h = 0, CRTC 17h = E3h: byte mode). */
function unchain(machine: Machine): void {
  machine.io.out16(0x3c4, 0x0604);
  machine.io.out16(0x3d4, 0x0014);
  machine.io.out16(0x3d4, 0xe317);
}

/** The CGA on an XT, programmed by port as the IBM BIOS would: 6845 R0–R15, mode control, colour select. */
function cgaCase(name: string, mode: number, crtc: readonly number[], width: number): FrameCase {
  return {
    name,
    width,
    height: 200,
    prepare() {
      const machine = new Machine({
        profile: "xt",
        rom: loadRom(undefined, { machine: "xt", bootOrder: ["a"], floppyDrives: [], hardDisks: 0 }),
        video: "cga",
        floppyDrives: [],
        rtcTime: { kind: "fixed", startEpochMs: Date.UTC(1990, 0, 1) },
      });
      crtc.forEach((value, index) => {
        machine.io.out8(0x3d4, index);
        machine.io.out8(0x3d5, value);
      });
      machine.io.out8(0x3d8, mode);
      machine.io.out8(0x3d9, 0x30);
      const cga = machine.display === machine.cga ? machine.cga : undefined;
      if (!cga) throw new Error("the xt with video: cga has no CGA");
      cga.memory.set(patternBytes(cga.memory.length, 0x9abc_def0));
      return machine;
    },
  };
}

const CGA_TEXT_CRTC = [0x71, 0x50, 0x5a, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CGA_GRAPHICS_CRTC = [0x38, 0x28, 0x2d, 0x0a, 0x7f, 0x06, 0x64, 0x70, 0x02, 0x01, 0x06, 0x07, 0, 0, 0, 0];

export const FRAME_CASES: readonly FrameCase[] = [
  vgaCase("VGA text 80x25 (blinking)", 0x03, 720, 400),
  vgaCase("VGA 04h (CGA 320x200x4)", 0x04, 320, 200),
  vgaCase("VGA 06h (CGA 640x200x2)", 0x06, 640, 200),
  vgaCase("VGA 0Dh (320x200x16)", 0x0d, 320, 200),
  vgaCase("VGA 0Eh (640x200x16)", 0x0e, 640, 200),
  vgaCase("VGA 10h (640x350x16)", 0x10, 640, 350),
  vgaCase("VGA 12h (640x480x16)", 0x12, 640, 480),
  vgaCase("VGA 13h (320x200x256)", 0x13, 320, 200),
  vgaCase("VGA mode X (320x200x256)", 0x13, 320, 200, unchain),
  cgaCase("CGA text 80x25 (blinking)", 0x29, CGA_TEXT_CRTC, 640),
  cgaCase("CGA 04h (320x200x4)", 0x2a, CGA_GRAPHICS_CRTC, 320),
  cgaCase("CGA 06h (640x200x2)", 0x1e, CGA_GRAPHICS_CRTC, 640),
];

/** Milliseconds per frame of one run of FRAMES_PER_RUN frames; throws when the frame has the wrong size. */
function timeRun(machine: Machine, frameCase: FrameCase): number {
  const start = performance.now();
  for (let i = 0; i < FRAMES_PER_RUN; i++) {
    const frame = machine.display.renderFrame();
    if (frame.width !== frameCase.width || frame.height !== frameCase.height) {
      throw new Error(
        `${frameCase.name}: a ${frame.width}x${frame.height} frame, not ${frameCase.width}x${frameCase.height}`,
      );
    }
  }
  return (performance.now() - start) / FRAMES_PER_RUN;
}

export const framesBenchmark = {
  name: "frames",
  /** Prints one line per mode and a summary; returns the median ms per frame of each mode. */
  run(log: (line: string) => void): Map<string, number> {
    const results = new Map<string, number>();
    for (const frameCase of FRAME_CASES) {
      const machine = frameCase.prepare();
      for (let i = 0; i < WARM_UP_RUNS; i++) timeRun(machine, frameCase);
      const times: number[] = [];
      for (let i = 0; i < TIMED_RUNS; i++) times.push(timeRun(machine, frameCase));
      const ms = median(times);
      results.set(frameCase.name, ms);
      const verdict = ms <= FRAME_BUDGET_MS ? "" : ` OVER the ${FRAME_BUDGET_MS} ms budget`;
      log(
        `frames ${frameCase.name}, ${frameCase.width}x${frameCase.height}: ${ms.toFixed(3)} ms per frame ` +
          `(median of ${TIMED_RUNS} runs of ${FRAMES_PER_RUN})${verdict}`,
      );
    }
    const worst = Math.max(...results.values());
    log(
      `frames: slowest mode ${worst.toFixed(3)} ms per frame, ${((worst * 60) / 10).toFixed(1)} % of a core at 60 ` +
        `frames per second (budget ${FRAME_BUDGET_MS} ms)`,
    );
    return results;
  },
};
