/**
 * Everything that crosses between the hypervisor (main thread) and a VM's worker thread: the configuration a worker
 * is started with, every command it answers and every event it posts, as discriminated unions keyed by `type`, and
 * the one constant map of message names both sides use. Only structured-clonable values travel here; frames and the
 * heartbeat travel through SharedArrayBuffers instead (frame-buffer.ts, vm-status.ts).
 */
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import type { DiskImageMode } from "../../emulator/disk/disk-image.ts";
import type { MachineProfile, MachineState, MouseAttachment, VideoAdapterKind } from "../../emulator/machine.ts";

/** A disk image file and how the VM may use it. */
export interface MediaConfig {
  readonly path: string;
  readonly mode: DiskImageMode;
}

/** Emulated CPU clock in MHz, paced to the wall clock; or "max": as fast as the host runs, at the current clock. */
export type Speed = number | "max";

/** What a worker builds its machine from: plain data, so it can cross to the worker and into a snapshot. */
export interface VmConfig {
  /** Shown in diagnostics and the UI; defaults to "vm <id>". */
  readonly name?: string;
  readonly profile: MachineProfile;
  readonly cpu?: CpuModel;
  readonly memoryKb?: number;
  /** Default: paced at the profile's own clock (4.77 MHz XT, 8 MHz AT). */
  readonly speed?: Speed;
  /** Fixed RTC start and fixed-size run quanta: a run (and a restored snapshot) repeats bit for bit. */
  readonly deterministic?: boolean;
  /** Drives A: and B:; null is an empty drive. Default: two empty drives. */
  readonly floppies?: readonly (MediaConfig | null)[];
  /** C: and D: (AT only). */
  readonly hardDisks?: readonly MediaConfig[];
  /** A BIOS image file; default Realmode's own BIOS. */
  readonly bios?: string;
  /** Boot order of Realmode's own BIOS. Default "a". */
  readonly boot?: "a" | "c";
  /** How often a changed frame is published to the frame buffer (wall Hz); 0 publishes none. Default 60. */
  readonly frameRateHz?: number;
  /** Post the bytes the guest transmits on COM1 as `serial` events. Default false. */
  readonly serial?: boolean;
  /** Post the PC speaker's samples as `audio` events. Default false. */
  readonly audio?: boolean;
  /** Post the bytes the guest prints on LPT1 as `printer` events. Default false. */
  readonly printer?: boolean;
  /**
   * The mouse: "ps2" (AT only; the AT's default), a Microsoft serial mouse on "com1" or "com2", or "none" (the XT's
   * default). A mouse on COM1 takes the port: `serial` output and serialInput are then not available.
   */
  readonly mouse?: MouseAttachment;
  /**
   * The display adapter: "vga" (with Realmode's VGA BIOS at C0000h) or "cga" (no ROM of its own: the system BIOS
   * drives it). Default: the profile's (emulator/machine.ts `videoFor`).
   */
  readonly video?: VideoAdapterKind;
}

/** What the worker receives as `workerData`. */
export interface WorkerInit {
  readonly config: VmConfig;
  /** A snapshot to build the machine from instead of the config's machine and media (restore into a new VM). */
  readonly snapshot: Uint8Array | null;
  readonly frame: SharedArrayBuffer;
  readonly status: SharedArrayBuffer;
}

export type FloppyDrive = "A" | "B";
/** The drives whose activity is reported (`disk` events): the diskette drives and the first fixed disk. */
export type ActivityDrive = "A" | "B" | "C";
export type DiskOperation = "read" | "write";
export type ResetKind = "warm" | "cold";

/** Every command, with its arguments and the value its reply carries. */
export interface Commands {
  /** Power on a machine that was created or powered off, and run it (or leave it paused at power-on). */
  start: { args: { paused: boolean }; result: void };
  pause: { args: object; result: void };
  resume: { args: object; result: void };
  /** Warm: Ctrl+Alt+Del typed to the guest. Cold: power cycle. The machine runs afterwards. */
  reset: { args: { kind: ResetKind }; result: void };
  powerOff: { args: object; result: void };
  /** Insert media into a floppy drive (replacing what is there: a swap); the drive's change line goes active. */
  mount: { args: { drive: FloppyDrive; media: MediaConfig }; result: void };
  eject: { args: { drive: FloppyDrive }; result: void };
  key: { args: { name: string; down: boolean }; result: void };
  /** Types text (keyboard-text.ts syntax); resolves when the last key has been released in machine time. */
  type: { args: { text: string }; result: void };
  /** Bytes arriving on COM1's line from the host; the UART takes them in one character time apart. */
  serialInput: { args: { bytes: Uint8Array }; result: void };
  /** Mouse motion in counts (dx right, dy down positive) and buttons (bit 0 left, 1 right, 2 middle). */
  mouseInput: { args: { dx: number; dy: number; buttons: number }; result: void };
  screenText: { args: object; result: string };
  /** A PNG at the mode's native resolution; `aspect` stretches it to 4:3 (emulator/video/aspect.ts). */
  screenshot: { args: { aspect?: boolean }; result: Uint8Array };
  setSpeed: { args: { speed: Speed }; result: void };
  /** The CPU share the hypervisor allows this VM, as a fraction of one core (1 = unlimited). */
  setShare: { args: { share: number }; result: void };
  setFrameRate: { args: { hz: number }; result: void };
  /** Resolves true once the text screen matches, false after `limitMs` of machine time. */
  waitForText: { args: { source: string; flags: string; limitMs: number }; result: boolean };
  /** Resolves after `ms` of machine time have run. */
  waitMs: { args: { ms: number }; result: void };
  /**
   * Only while paused (or created): runs `ms` of machine time, or until the text screen matches the pattern (looked
   * at first, then every 50 ms of machine time), and pauses there. Resolves whether the pattern matched (true
   * without one). At the VM's speed, in bursts between which other commands are answered; where it stops depends
   * only on machine time, so deterministic stepping for the CLI, tests and tools.
   */
  advance: { args: { ms: number; source?: string; flags?: string }; result: boolean };
  saveSnapshot: { args: object; result: Uint8Array };
  /** Replaces the whole machine (and its media) with a snapshot's; the VM is paused afterwards. */
  loadSnapshot: { args: { bytes: Uint8Array }; result: void };
  /** The full machine state, for comparisons. */
  machineState: { args: object; result: MachineState };
  /** Closes the image files; the worker is terminated after the reply. */
  shutdown: { args: object; result: void };
}

export type CommandName = keyof Commands;

/** The one map of message names: commands to the worker, then events from it. */
export const MESSAGE = {
  start: "start",
  pause: "pause",
  resume: "resume",
  reset: "reset",
  powerOff: "powerOff",
  mount: "mount",
  eject: "eject",
  key: "key",
  type: "type",
  serialInput: "serialInput",
  mouseInput: "mouseInput",
  screenText: "screenText",
  screenshot: "screenshot",
  setSpeed: "setSpeed",
  setShare: "setShare",
  setFrameRate: "setFrameRate",
  waitForText: "waitForText",
  waitMs: "waitMs",
  advance: "advance",
  saveSnapshot: "saveSnapshot",
  loadSnapshot: "loadSnapshot",
  machineState: "machineState",
  shutdown: "shutdown",
  ready: "ready",
  initFailed: "initFailed",
  reply: "reply",
  halted: "halted",
  stats: "stats",
  fault: "fault",
  serial: "serial",
  audio: "audio",
  printer: "printer",
  disk: "disk",
} as const satisfies { [K in CommandName]: K } & Record<string, string>;

/** A command as sent: its name, a request id for the reply, and its arguments. */
export type Request = { [K in CommandName]: { type: K; requestId: number } & Commands[K]["args"] }[CommandName];
export type RequestOf<K extends CommandName> = Extract<Request, { type: K }>;

export interface Stats {
  /** Guest instructions per wall second, in millions, over the last interval. */
  readonly mips: number;
  /** Machine time over wall time in percent: 100 is real time; above it in max mode, below it when the host lags. */
  readonly realTimePercent: number;
  /** The worker thread's busy time over wall time, in percent of one core. */
  readonly hostCpuPercent: number;
  readonly instructions: number;
  readonly machineMs: number;
}

/** Where the guest was when something went wrong. */
export interface Diagnostic {
  readonly reason: string;
  /** CS:IP as "F000:E05B", from the last completed run quantum. */
  readonly csip: string;
  readonly instructions: number;
}

export type WorkerEvent =
  /** The machine is built and waits for `start`; `serialAvailable` is false when a serial mouse has COM1. */
  | { type: typeof MESSAGE.ready; serialAvailable: boolean }
  /** The machine could not be built (an image or the ROM would not open); the worker then exits. */
  | { type: typeof MESSAGE.initFailed; error: string }
  | { type: typeof MESSAGE.reply; requestId: number; ok: true; value: unknown }
  | { type: typeof MESSAGE.reply; requestId: number; ok: false; error: string }
  /** The CPU executed HLT with interrupts disabled: nothing but a reset can wake it. */
  | { type: typeof MESSAGE.halted; csip: string }
  | { type: typeof MESSAGE.stats; stats: Stats }
  /** The emulator threw: the machine stopped where it was and the VM is crashed. */
  | ({ type: typeof MESSAGE.fault } & Diagnostic)
  /** Bytes the guest sent on COM1 (with `serial` in the config), posted after each burst, before any reply. */
  | { type: typeof MESSAGE.serial; bytes: Uint8Array }
  /** Bytes the guest printed on LPT1 (with `printer` in the config), posted like `serial`. */
  | { type: typeof MESSAGE.printer; bytes: Uint8Array }
  /** The guest read or wrote a drive: at most one per drive and operation per 100 ms of wall time, after a burst. */
  | { type: typeof MESSAGE.disk; drive: ActivityDrive; operation: DiskOperation }
  /**
   * The PC speaker's samples since the last audio event (with `audio` in the config): mono floats in −1…1 at the
   * speaker's rate, in order, posted after each burst (all of an `advance` before its reply) and before `shutdown`'s
   * reply.
   */
  | { type: typeof MESSAGE.audio; samples: Float32Array };
