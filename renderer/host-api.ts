/**
 * The one interface the renderer uses to reach the machine side. Two hosts implement it: the Electron preload (over
 * IPC, through contextBridge) and the web host (renderer/web/web-socket-host.ts, over a WebSocket to
 * `realmode serve`). It is transport-neutral: every call is a promise, every push is an event subscription, and every
 * value that crosses is structured-clonable (plain objects, strings, numbers, Uint8Array, File).
 *
 * Safety rule both hosts keep: the renderer never names a host file. Images come from a dialog the host opens
 * (`media.choose`), from a File the user dropped or picked (`media.insertFile`), or from the host's own command line;
 * the renderer only ever sees an image's display name and size.
 *
 * The Electron preload exposes its implementation as `window.realmode` (contextBridge.exposeInMainWorld("realmode",
 * …)); the renderer uses that when present and otherwise connects to the web host (renderer/host.ts).
 */

/** The two machines Realmode builds (emulator/machine.ts). */
export type MachineType = "xt" | "at";
export type CpuChoice = "8088" | "8086" | "80186" | "80286";
/** Drives a user can put an image in: two diskette drives and the first hard disk (AT only). */
export type Drive = "A" | "B" | "C";
/**
 * "4.77": the original IBM PC clock, paced to real time. "turbo": a turbo clone's clock (10 MHz XT, 12 MHz AT),
 * paced. "max": as fast as the host runs.
 */
export type SpeedChoice = "4.77" | "turbo" | "max";
export type ResetKind = "warm" | "cold";
/**
 * Where the machine's mouse is plugged in: the AT's PS/2 port (the 8042's auxiliary device), a serial mouse on COM1
 * or COM2 (Microsoft protocol), or none. The XT has no PS/2 port. A mouse on COM1 takes the port the app's COM1
 * console uses.
 */
export type MouseChoice = "none" | "ps2" | "com1" | "com2";
/**
 * The display adapter: an IBM VGA, or an IBM CGA (640x200 text and graphics, as the first PCs had). Either fits
 * either machine type.
 */
export type VideoChoice = "cga" | "vga";
/**
 * What a machine is doing. "off": not running (never started, or powered off: the next start is a cold boot).
 * "halted": the guest stopped the CPU with interrupts off; only a reset wakes it. "crashed": the emulator failed;
 * `MachineStatus.problem` says why.
 */
export type MachineState = "off" | "starting" | "running" | "paused" | "halted" | "crashed";

/** An image in a drive, as the renderer may see it: never its host path. */
export interface MediaInfo {
  /** The file's name as the user knows it ("freedos.boot.disk.1.4MB.img"). */
  readonly name: string;
  readonly sizeBytes: number;
}

/** A saved machine: what it is and what is in its drives. Stored as JSON in the host's user data folder. */
export interface MachineProfile {
  /** Stable, chosen by the host. */
  readonly id: string;
  readonly name: string;
  readonly type: MachineType;
  readonly cpu: CpuChoice;
  /** Conventional memory in KB, 64–640. */
  readonly memoryKb: number;
  readonly speed: SpeedChoice;
  /** Boot from the first diskette or the first hard disk. */
  readonly boot: "a" | "c";
  readonly mouse: MouseChoice;
  readonly video: VideoChoice;
  readonly media: Readonly<Record<Drive, MediaInfo | null>>;
}

/**
 * The fields a user sets when creating or editing a machine. Without `mouse` or `video`, a new machine gets its
 * type's usual one (`defaultMouse`, `defaultVideo`).
 */
export type MachineSettings = Pick<MachineProfile, "name" | "type" | "cpu" | "memoryKb" | "speed" | "boot"> & {
  readonly mouse?: MouseChoice;
  readonly video?: VideoChoice;
};

/** PS/2 on the AT; the XT has no PS/2 port, and COM2 keeps COM1 free for the console. */
export function defaultMouse(type: MachineType): MouseChoice {
  return type === "at" ? "ps2" : "com2";
}

/**
 * The display adapter each machine type gets: the machine's own rule (emulator/machine.ts `videoFor`, which the
 * renderer cannot import without bundling the emulator), repeated; test/unit/hypervisor-video.test.ts keeps them equal.
 */
const DEFAULT_VIDEO: Readonly<Record<MachineType, VideoChoice>> = { xt: "cga", at: "vga" };

export function defaultVideo(type: MachineType): VideoChoice {
  return DEFAULT_VIDEO[type];
}

/** The largest mouse motion one `mouseInput` call carries on each axis; a renderer sends more in several calls. */
export const MAX_MOUSE_DELTA = 2048;

/** A problem said in plain words, with what the user can do about it. */
export interface Problem {
  readonly message: string;
  readonly hint: string;
}

export interface MachineStatus {
  readonly id: string;
  readonly state: MachineState;
  /** Why a crashed machine stopped (with the guest's CS:IP), or why the last action failed. */
  readonly problem: Problem | null;
}

/** Measured over the last second. */
export interface MachineStats {
  readonly mips: number;
  /** Machine time over wall time: 100 is real time; above in "max", below when the host cannot keep up. */
  readonly realTimePercent: number;
}

/** A run of a machine's PC speaker samples: mono, −1…1, in order, at `sampleRate` Hz. */
export interface AudioChunk {
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

/**
 * A saved state: the whole machine (memory, chips, CPU) at one moment, kept by the host in its data folder, with a
 * copy of each diskette in its drives and a fingerprint of its hard disk. Restoring reopens the user's images when
 * they are as they were; a diskette changed since comes back as the state's copy, in a new file (the `error` event
 * says so); a hard disk changed since is refused, since the restored DOS would damage its files.
 */
export interface SavedState {
  /** Chosen by the host; letters, digits and dashes only. */
  readonly id: string;
  readonly machineId: string;
  /** When it was saved, as an ISO 8601 date and time. */
  readonly createdAt: string;
  /** The host's local time of saving and the images in the drives ("12:04:31 — A: freedos.img"). */
  readonly label: string;
  readonly sizeBytes: number;
  /** A small picture of the screen at the time, as a PNG data URL; null when the machine had shown nothing. */
  readonly thumbnail: string | null;
}

/** Mouse buttons as `mouseInput` takes them: bit 0 left, bit 1 right, bit 2 middle. */
export const MOUSE_LEFT = 1;
export const MOUSE_RIGHT = 2;
export const MOUSE_MIDDLE = 4;

/** One displayed frame: RGBA, `width` x `height` monitor dots (720x400 text, 640x400, 640x480). */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8ClampedArray;
  /** Grows by one for every changed picture; equal counters mean an equal picture. */
  readonly changeCounter: number;
}

/** What this host can do beyond the common surface. */
export interface HostInfo {
  readonly kind: "electron" | "web";
  /** `media.choose` opens a native dialog; without it the renderer offers its own file picker (`insertFile`). */
  readonly nativeDialogs: boolean;
  /** COM1 bytes reach the guest and come back (`serialSend`, the `serial` event). */
  readonly serial: boolean;
  /** The host reports disk reads and writes (the `disk` event). */
  readonly diskActivity: boolean;
  /** The host streams the PC speaker (`subscribeAudio`). */
  readonly sound: boolean;
  /** The largest image `insertFile` accepts. */
  readonly maxImageBytes: number;
}

/** Everything the host pushes, by event name. */
export interface HostEvents {
  /** The machine list changed (created, edited, deleted, media changed). */
  machines: readonly MachineProfile[];
  state: MachineStatus;
  stats: { readonly id: string; readonly stats: MachineStats };
  /**
   * A drive was read or written; the status bar blinks its light. Sent at most every 100 ms per drive while it is
   * busy, so a light stays lit through a long transfer.
   */
  disk: { readonly id: string; readonly drive: Drive; readonly write: boolean };
  /** A machine's saved states changed (saved, deleted, from the window or the app menu): all of them, newest first. */
  states: { readonly id: string; readonly states: readonly SavedState[] };
  /** Bytes the guest sent out of COM1. */
  serial: { readonly id: string; readonly bytes: Uint8Array };
  /** Something failed outside a call the renderer made (a crashed machine, a lost connection). */
  error: { readonly id: string | null; readonly problem: Problem };
  /**
   * Nothing failed, but a call did something the user must know of (a restore gave the machine a diskette as it
   * was, in a new file): what happened, and what it means for them.
   */
  notice: { readonly id: string; readonly notice: Problem };
}

export type Unsubscribe = () => void;

export interface HostApi {
  info(): Promise<HostInfo>;

  // ---- The machine library ----
  listMachines(): Promise<MachineProfile[]>;
  createMachine(settings: MachineSettings): Promise<MachineProfile>;
  /** Changes take effect at the machine's next start (a running machine keeps its hardware). */
  updateMachine(id: string, settings: Partial<MachineSettings>): Promise<MachineProfile>;
  /** Powers the machine off if it runs, then forgets it. Its image files are left alone. */
  deleteMachine(id: string): Promise<void>;

  // ---- Lifecycle ----
  status(id: string): Promise<MachineStatus>;
  /** Powers on (cold boot) a machine that is off. */
  start(id: string): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Warm: Ctrl+Alt+Del to the guest. Cold: power cycle. */
  reset(id: string, kind: ResetKind): Promise<void>;
  powerOff(id: string): Promise<void>;

  // ---- Media ----
  /** Opens the host's file dialog (only where `nativeDialogs`); null when the user cancelled. Inserts the pick. */
  chooseMedia(id: string, drive: Drive): Promise<MediaInfo | null>;
  /** Inserts an image the user dropped or picked in the page; a swap if the drive had one. */
  insertFile(id: string, drive: Drive, file: File): Promise<MediaInfo>;
  eject(id: string, drive: Drive): Promise<void>;

  // ---- Input ----
  /** Key names of emulator/devices/scancodes.ts ("A", "LeftCtrl", "Up", "NumpadEnter"). */
  keyDown(id: string, key: string): Promise<void>;
  keyUp(id: string, key: string): Promise<void>;
  /** Types `text` literally (a paste), as key strokes on a US layout; resolves when the last key is released. */
  typeText(id: string, text: string): Promise<void>;
  /**
   * Mouse motion since the last call, in mouse counts (dy grows downwards), and the buttons now held
   * (MOUSE_LEFT | MOUSE_RIGHT | MOUSE_MIDDLE). Integers; |dx|, |dy| at most MAX_MOUSE_DELTA per call.
   */
  mouseInput(id: string, dx: number, dy: number, buttons: number): Promise<void>;
  setSpeed(id: string, speed: SpeedChoice): Promise<void>;
  serialSend(id: string, bytes: Uint8Array): Promise<void>;
  /**
   * The machine the user works in (the tab in front; null for none). When more machines run than the host has
   * cores, it keeps a whole core and the others share the rest (main/hypervisor/cpu-share.ts).
   */
  setForeground(id: string | null): Promise<void>;

  // ---- Saved states ----
  /** Saves the whole machine (running or paused; it carries on) in the host's data folder. */
  saveState(id: string): Promise<SavedState>;
  /** The machine's saved states, newest first. */
  listStates(id: string): Promise<SavedState[]>;
  /**
   * Puts the machine back where the state was saved, and runs it: a running machine jumps back, a machine that is off
   * starts from the state. Refused, with the machine left as it was, when the state no longer fits the machine (its
   * settings changed, its hard disk is gone or changed, the file is damaged or from another Realmode). A diskette
   * changed since the save is replaced by the state's copy as a new file, and an `error` event tells the user.
   */
  restoreState(id: string, stateId: string): Promise<void>;
  deleteState(id: string, stateId: string): Promise<void>;

  // ---- Screen ----
  /** Calls `listener` with each new picture (and at once with the current one, if any). */
  subscribeFrames(id: string, listener: (frame: Frame) => void): Unsubscribe;
  /**
   * Calls `listener` with the machine's speaker samples as they are made, while it runs. Only machines someone
   * listens to are streamed.
   */
  subscribeAudio(id: string, listener: (chunk: AudioChunk) => void): Unsubscribe;
  /** The text screen as Unicode lines (empty in graphics modes). */
  screenText(id: string): Promise<string>;
  /** The current picture as PNG bytes. */
  screenshot(id: string): Promise<Uint8Array>;

  on<K extends keyof HostEvents>(event: K, listener: (value: HostEvents[K]) => void): Unsubscribe;
}
