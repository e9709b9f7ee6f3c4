/**
 * One VM inside its worker thread: builds the Machine from a VmConfig (or a snapshot), runs it, and carries out the
 * hypervisor's commands. vm-worker.ts connects it to the thread's message port.
 *
 * Running: the machine advances in fixed quanta of machine time (QUANTUM_NS), so the sequence of Machine.runFor
 * calls never depends on the wall clock — a deterministic VM, or one restored from its snapshot, repeats bit for
 * bit. Quanta run in bursts of at most BURST_MS of wall time, after which the worker returns to its event loop to
 * take messages. Paced: machine time follows wall time (the clock is the configured MHz); a burst runs up to
 * PACE_LEAD_NS ahead of the wall clock and the worker sleeps that off, so a paced VM wakes a few hundred times a
 * second rather than spinning; a VM that falls more than MAX_LAG_NS behind lets the lag go rather than racing to
 * catch up, so an oversubscribed host shows as a percent of real time below 100. Max: bursts back to back. Either
 * way the hypervisor's CPU share (setShare) adds a rest after each burst in proportion to its length. A paused VM
 * runs only to carry out an `advance` (its goal), the same way, and stops where the goal is reached.
 *
 * Input: keys and typed text wait in a queue stamped with machine time and are delivered at quantum boundaries;
 * COM1 bytes go to the UART between bursts, which paces them in at its baud rate; mouse input goes to the mouse
 * between bursts too (the mouse itself times its reports).
 *
 * Disk activity: the controllers report every sector; the host notes which drive and operation, and after each
 * burst posts at most one `disk` event per drive and operation per DISK_EVENT_MS of wall time.
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import type { BootDevice } from "../../bios/rom.ts";
import { SReg } from "../../emulator/cpu/cpu.ts";
import {
  AT_CLOCK_HZ,
  Machine,
  mouseFor,
  videoFor,
  XT_CLOCK_HZ,
  type MachineProfile,
  type MachineState,
  type MouseAttachment,
  type VideoAdapterKind,
} from "../../emulator/machine.ts";
import { screenshotPng, type ScreenshotOptions } from "../../emulator/video/screenshot.ts";
import { loadRom, loadVideoRom } from "../rom-file.ts";
import { SharedFrameBuffer } from "./frame-buffer.ts";
import type {
  ActivityDrive,
  Commands,
  DiskOperation,
  FloppyDrive,
  MediaConfig,
  ResetKind,
  Speed,
  Stats,
  VmConfig,
} from "./protocol.ts";
import { decodeSnapshot, encodeSnapshot, SnapshotError, type SnapshotContents } from "./snapshot.ts";
import { KEY_GAP_NS, KEY_HOLD_NS, typedKeys, type TimedKey } from "./typing.ts";
import { formatCsIp, VmStatus } from "./vm-status.ts";
import { VmMedia } from "./vm-media.ts";

/** Machine time per run quantum: short enough for prompt input and pausing, long enough to cost little. */
export const QUANTUM_NS = 1_000_000;
/** Wall time a burst of quanta may take before the worker looks at its messages again. */
const BURST_MS = 8;
/** How far a paced burst runs ahead of the wall clock before the worker sleeps (a few timer periods). */
const PACE_LEAD_NS = 4_000_000;
/** A paced VM further behind than this drops the lag instead of running flat out to catch up. */
const MAX_LAG_NS = 50_000_000;
/** How often a text wait looks at the screen, in machine time. */
const TEXT_POLL_NS = 50_000_000;
/** The fixed RTC start of deterministic runs: 1990-01-01 00:00:00 (as the CLI's). */
const DETERMINISTIC_EPOCH_MS = Date.UTC(1990, 0, 1);
/** A drive's activity is posted at most this often per operation (wall time): enough for a drive light. */
const DISK_EVENT_MS = 100;
/** Drives with activity events, in the order of their bits in `diskPending` (two bits each: read, write). */
const ACTIVITY_DRIVES: readonly ActivityDrive[] = ["A", "B", "C"];
const DISK_OPERATIONS: readonly DiskOperation[] = ["read", "write"];
/** FLAGS bit 9: interrupts enabled. HLT with it clear stops the CPU for good (only NMI or reset wakes it). */
const IF_FLAG = 0x200;

export type HostState = "created" | "running" | "paused" | "halted" | "off" | "crashed";

interface MachineSpec {
  readonly profile: MachineProfile;
  readonly cpu: SnapshotContents["machine"]["cpu"] | undefined;
  readonly memoryKb: number;
  readonly clockHz: number;
  readonly deterministic: boolean;
  readonly rom: Uint8Array;
  /** The VGA card's ROM: kept with the system ROM (and in snapshots), as saved state may point into its code. */
  readonly videoRom: Uint8Array | undefined;
  readonly mouse: MouseAttachment;
  readonly video: VideoAdapterKind;
}

type Waiter =
  | { readonly kind: "time"; readonly until: number; readonly resolve: (value: boolean) => void }
  | {
      readonly kind: "text";
      readonly pattern: RegExp;
      readonly until: number;
      nextCheck: number;
      readonly resolve: (value: boolean) => void;
    };

/** What a paused VM runs until (`advance`): a machine time, or text on the screen first. */
interface Goal {
  readonly until: number;
  readonly pattern: RegExp | null;
  nextCheck: number;
  readonly resolve: (matched: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/** What the host tells the thread it runs in. */
export interface HostEvents {
  halted(csip: string): void;
  stats(stats: Stats): void;
  fault(reason: string, csip: string, instructions: number): void;
  serial(bytes: Uint8Array): void;
  printer(bytes: Uint8Array): void;
  audio(samples: Float32Array): void;
  disk(drive: ActivityDrive, operation: DiskOperation): void;
}

export class VmHost {
  state: HostState = "created";
  private machine: Machine;
  private spec: MachineSpec;
  private media: VmMedia;
  private paced: boolean;
  private share = 1;
  private frameIntervalMs: number;
  private lastFrameAt = 0;
  private keys: TimedKey[] = [];
  private waiters: Waiter[] = [];
  private goal: Goal | null = null;
  private loopActive = false;
  /** COM1's output since the last burst, when the config asks for it; null when it does not. */
  private readonly serialOut: number[] | null;
  /** LPT1's output since the last burst, when the config asks for it; null when it does not. */
  private readonly printerOut: number[] | null;
  /** Copies of the speaker's sample runs since the last burst, when the config asks for audio; null when not. */
  private readonly audioOut: Float32Array[] | null;
  /** Pacing baseline: machine time and wall time at the last (re)start of pacing. */
  private paceMachineNs = 0;
  private paceWallMs = 0;
  private statsBase!: { wall: number; machine: number; instructions: number; elu: EventLoopUtilization };
  /** Drive/operation pairs accessed since the last burst, one bit each (bit = drive index × 2 + write). */
  private diskPending = 0;
  /** Wall time each pair was last posted. */
  private readonly diskPostedAt = new Float64Array(ACTIVITY_DRIVES.length * 2).fill(-Infinity);

  private constructor(
    spec: MachineSpec,
    media: VmMedia,
    speed: Speed,
    frameRateHz: number,
    serial: boolean,
    audio: boolean,
    printer: boolean,
    private readonly status: VmStatus,
    private readonly frame: SharedFrameBuffer,
    private readonly events: HostEvents,
  ) {
    this.spec = spec;
    this.media = media;
    this.serialOut = serial ? [] : null;
    this.printerOut = printer ? [] : null;
    this.audioOut = audio ? [] : null;
    this.machine = this.buildMachine(spec, media);
    this.paced = speed !== "max";
    this.frameIntervalMs = frameRateHz > 0 ? 1000 / frameRateHz : Infinity;
    this.resetStatsBase();
  }

  /** Builds the VM from its configuration (opening its media and ROM), or from a snapshot when one is given. */
  static create(
    config: VmConfig,
    snapshot: Uint8Array | null,
    status: VmStatus,
    frame: SharedFrameBuffer,
    events: HostEvents,
  ): VmHost {
    const frameRateHz = config.frameRateHz ?? 60;
    const serial = config.serial ?? false;
    const audio = config.audio ?? false;
    const printer = config.printer ?? false;
    if (snapshot) {
      // The snapshot's machine and media; from the config only how to run it (speed, frames, serial output).
      const contents = decodeSnapshot(snapshot);
      const saved = specOf(contents);
      const spec = typeof config.speed === "number" ? { ...saved, clockHz: config.speed * 1e6 } : saved;
      const speed = config.speed === "max" ? "max" : spec.clockHz / 1e6;
      const media = VmMedia.restore(contents.media, contents.machine.floppyTypes);
      try {
        const host = new VmHost(spec, media, speed, frameRateHz, serial, audio, printer, status, frame, events);
        host.loadContents(contents, spec, media);
        host.state = "paused";
        return host;
      } catch (error) {
        media.close();
        throw error;
      }
    }
    const profile = config.profile;
    const at = profile === "at";
    const floppies = config.floppies ?? [null, null];
    const hardDisks = config.hardDisks ?? [];
    const speed = config.speed ?? (at ? AT_CLOCK_HZ : XT_CLOCK_HZ) / 1e6;
    const mouse = mouseFor(profile, config.mouse);
    const video = videoFor(profile, config.video);
    const bootOrder: BootDevice[] = config.boot === "c" ? ["c", "a"] : ["a", "c"];
    const media = VmMedia.open(floppies, hardDisks);
    try {
      const rom = loadRom(config.bios, {
        machine: profile,
        bootOrder,
        floppyDrives: media.driveTypes,
        hardDisks: hardDisks.length,
        mouse,
      });
      const spec: MachineSpec = {
        profile,
        cpu: config.cpu,
        memoryKb: config.memoryKb ?? 640,
        clockHz: speed === "max" ? (at ? AT_CLOCK_HZ : XT_CLOCK_HZ) : speed * 1e6,
        deterministic: config.deterministic ?? false,
        rom,
        // Either system ROM finds the VGA BIOS by its option-ROM scan. A CGA has no ROM: the system BIOS drives it.
        videoRom: video === "vga" ? loadVideoRom() : undefined,
        mouse,
        video,
      };
      return new VmHost(spec, media, speed, frameRateHz, serial, audio, printer, status, frame, events);
    } catch (error) {
      media.close();
      throw error;
    }
  }

  // ---- Commands (one method per entry of protocol.ts Commands) ----

  /** Powers on; `paused` leaves the machine at its reset vector for `advance` to step. */
  start(paused: boolean): void {
    this.expect("start", "created", "off");
    if (this.state === "off") this.machine.powerCycle();
    if (paused) this.state = "paused";
    else this.run();
  }

  pause(): void {
    this.expect("pause", "running");
    this.state = "paused";
  }

  resume(): void {
    this.expect("resume", "paused");
    this.run();
  }

  reset(kind: ResetKind): void {
    if (kind === "warm") {
      this.expect("reset", "running", "paused");
      // Ctrl+Alt+Del, which the BIOS's keyboard interrupt handler turns into a warm boot (IBM PC/XT Technical
      // Reference, BIOS listing, KB_INT): the guest decides, as on the real machine.
      const at = this.keyTime();
      for (const name of ["LeftCtrl", "LeftAlt", "Delete"]) this.keys.push({ at, name, down: true });
      for (const name of ["Delete", "LeftAlt", "LeftCtrl"]) this.keys.push({ at: at + KEY_HOLD_NS, name, down: false });
    } else {
      this.expect("reset", "running", "paused", "halted");
      this.keys = [];
      this.machine.powerCycle();
    }
    this.run();
  }

  powerOff(): void {
    this.expect("powerOff", "running", "paused", "halted");
    this.state = "off";
    this.keys = [];
    this.settleWaiters(false);
  }

  mount(drive: FloppyDrive, media: MediaConfig): void {
    this.media.mount(drive, media);
  }

  eject(drive: FloppyDrive): void {
    this.media.eject(drive);
  }

  key(name: string, down: boolean): void {
    this.keys.push({ at: this.keyTime(), name, down });
  }

  /** Queues the strokes of `text`; resolves when the last key is released and its gap has passed. */
  type(text: string): Promise<boolean> {
    const { keys, end } = typedKeys(text, this.keyTime());
    this.keys.push(...keys);
    return this.waitUntil(end);
  }

  /** Between bursts, so the bytes enter at a quantum boundary like keys do; the UART paces them at its baud rate. */
  serialInput(bytes: Uint8Array): void {
    if (!this.serialAvailable) throw new Error("COM1 has the serial mouse: the serial console is not connected");
    this.machine.com1.receive(bytes);
  }

  /** False when a serial mouse is on COM1: the host's serial console then has no port. */
  get serialAvailable(): boolean {
    return this.spec.mouse !== "com1";
  }

  /** Between bursts: the mouse accumulates it and reports at its own pace (no mouse: it goes nowhere). */
  mouseInput(dx: number, dy: number, buttons: number): void {
    for (const value of [dx, dy, buttons]) {
      if (!Number.isInteger(value)) throw new RangeError(`mouse input is whole numbers, not ${value}`);
    }
    this.machine.mouseInput(dx, dy, buttons);
  }

  screenText(): string {
    return this.machine.display.screenText();
  }

  screenshot(options: ScreenshotOptions): Uint8Array {
    return screenshotPng(this.machine.display.renderFrame(), options);
  }

  /** A new MHz changes the CPU clock from the next quantum on (the turbo switch); "max" keeps the clock. */
  setSpeed(speed: Speed): void {
    if (speed !== "max") {
      if (!(speed > 0 && speed <= 1000)) throw new RangeError(`speed must be 0 to 1000 MHz or "max", not ${speed}`);
      this.machine.setClockHz(speed * 1e6);
      this.spec = { ...this.spec, clockHz: speed * 1e6 };
    }
    this.paced = speed !== "max";
    this.restartPacing();
  }

  setShare(share: number): void {
    if (!(share > 0 && share <= 1)) throw new RangeError(`a CPU share is above 0 and at most 1, not ${share}`);
    this.share = share;
  }

  setFrameRate(hz: number): void {
    if (!(hz >= 0 && hz <= 240)) throw new RangeError(`a frame rate is 0 to 240 Hz, not ${hz}`);
    this.frameIntervalMs = hz > 0 ? 1000 / hz : Infinity;
  }

  waitForText(source: string, flags: string, limitMs: number): Promise<boolean> {
    const pattern = screenPattern(source, flags);
    if (pattern.test(this.screenText())) return Promise.resolve(true);
    const now = this.machine.scheduler.now;
    return new Promise((resolve) => {
      this.waiters.push({ kind: "text", pattern, until: now + limitMs * 1e6, nextCheck: now + TEXT_POLL_NS, resolve });
    });
  }

  waitMs(ms: number): Promise<boolean> {
    return this.waitUntil(this.machine.scheduler.now + ms * 1e6);
  }

  /** Runs a paused VM for `ms` of machine time or until the screen matches; resolves whether it matched. */
  advance(ms: number, source?: string, flags?: string): Promise<boolean> {
    this.expect("advance", "paused", "created");
    if (this.goal) throw new Error("advance: the VM is already advancing");
    if (!(ms >= 0)) throw new RangeError(`advance: ${ms} is not a number of milliseconds`);
    const pattern = source === undefined ? null : screenPattern(source, flags);
    if (pattern?.test(this.screenText())) return Promise.resolve(true);
    const now = this.machine.scheduler.now;
    return new Promise((resolve, reject) => {
      this.goal = { until: now + ms * 1e6, pattern, nextCheck: now + TEXT_POLL_NS, resolve, reject };
      this.restartPacing();
      this.startLoop();
    });
  }

  saveSnapshot(): Uint8Array {
    const spec = this.spec;
    return encodeSnapshot({
      machine: {
        profile: spec.profile,
        cpu: this.machine.cpu.model,
        memoryKb: spec.memoryKb,
        clockHz: spec.clockHz,
        deterministic: spec.deterministic,
        floppyTypes: this.media.driveTypes,
        mouse: spec.mouse,
        video: spec.video,
      },
      rom: spec.rom,
      ...(spec.videoRom ? { videoRom: spec.videoRom } : {}),
      media: this.media.describe(),
      state: this.machine.saveState(),
    });
  }

  loadSnapshot(bytes: Uint8Array): void {
    this.expect("loadSnapshot", "created", "paused", "halted", "off");
    const contents = decodeSnapshot(bytes);
    const spec = specOf(contents);
    const media = VmMedia.restore(contents.media, contents.machine.floppyTypes);
    const previous = this.media;
    try {
      this.loadContents(contents, spec, media);
    } catch (error) {
      media.close();
      throw error;
    }
    previous.close();
    this.keys = [];
    this.settleWaiters(false);
    this.state = "paused";
  }

  machineState(): MachineState {
    return this.machine.saveState();
  }

  shutdown(): void {
    this.state = "off";
    this.settleWaiters(false);
    this.endGoal(false);
    // The samples up to where the machine stopped, before the reply: a recording ends where the machine did.
    this.flushAudio();
    this.media.close();
  }

  /** Bumps the heartbeat and, once a second, reports statistics. Called from the worker's timers. */
  heartbeat(): void {
    this.status.beat();
  }

  reportStats(): void {
    const wall = performance.now();
    const machineNs = this.machine.scheduler.now;
    const instructions = this.machine.cpu.instructionCount;
    const elu = performance.eventLoopUtilization(this.statsBase.elu);
    const seconds = (wall - this.statsBase.wall) / 1000;
    if (seconds <= 0) return;
    this.events.stats({
      mips: (instructions - this.statsBase.instructions) / seconds / 1e6,
      realTimePercent: ((machineNs - this.statsBase.machine) / 1e9 / seconds) * 100,
      hostCpuPercent: elu.utilization * 100,
      instructions,
      machineMs: machineNs / 1e6,
    });
    this.resetStatsBase();
  }

  // ---- Running ----

  private run(): void {
    this.state = "running";
    this.restartPacing();
    this.startLoop();
  }

  private startLoop(): void {
    if (this.loopActive) return;
    this.loopActive = true;
    void this.loop().finally(() => (this.loopActive = false));
  }

  /** Running, or carrying out an `advance` while paused. */
  private get active(): boolean {
    return this.state === "running" || this.goal !== null;
  }

  private async loop(): Promise<void> {
    // Let the command that started the run be answered first.
    await yieldToLoop();
    while (this.active) {
      const began = performance.now();
      try {
        this.burst(began);
      } catch (error) {
        this.fail(error);
        return;
      } finally {
        // Before the reply to an advance the burst completed: the guest's output comes first.
        this.flushPortOutput();
        this.flushAudio();
        this.flushDiskActivity();
      }
      this.publishFrame(performance.now());
      const busy = performance.now() - began;
      const rest = Math.max(this.share < 1 ? busy * (1 / this.share - 1) : 0, this.paced ? this.paceAhead() : 0);
      if (rest >= 1) await sleep(rest);
      else await yieldToLoop();
    }
  }

  /** Runs quanta for up to BURST_MS of wall time, or until a paced machine is PACE_LEAD_NS ahead of the wall clock. */
  private burst(began: number): void {
    const scheduler = this.machine.scheduler;
    for (;;) {
      if (this.paced) {
        const target = this.paceTarget(performance.now());
        if (scheduler.now >= target + PACE_LEAD_NS) return;
      }
      const goal = this.goal;
      // An advance ends exactly at its time: its last quantum is cut short.
      this.runQuantum(goal ? Math.min(QUANTUM_NS, goal.until - scheduler.now) : QUANTUM_NS);
      if (goal) this.checkGoal(goal);
      if (!this.active || performance.now() - began >= BURST_MS) return;
    }
  }

  private runQuantum(duration: number): void {
    const machine = this.machine;
    const scheduler = machine.scheduler;
    while (this.keys.length > 0 && this.keys[0].at <= scheduler.now) {
      const key = this.keys.shift()!;
      if (key.down) machine.keyDown(key.name);
      else machine.keyUp(key.name);
    }
    const cpu = machine.cpu;
    const instructionsBefore = cpu.instructionCount;
    machine.runFor(duration);
    this.status.record(cpu.sregs[SReg.CS], cpu.ip, cpu.instructionCount);
    if (this.waiters.length > 0) this.checkWaiters();
    // Stopped for good: halted with interrupts off, and not one instruction ran in the whole quantum.
    const stuck = cpu.halted && (cpu.getFlags() & IF_FLAG) === 0 && cpu.instructionCount === instructionsBefore;
    if (stuck && this.state === "running") {
      this.state = "halted";
      this.settleWaiters(true);
      this.events.halted(formatCsIp(cpu.sregs[SReg.CS], cpu.ip));
    }
  }

  private fail(error: unknown): void {
    const cpu = this.machine.cpu;
    this.state = "crashed";
    this.goal?.reject(error);
    this.goal = null;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const where = error instanceof Error ? (error.stack?.split("\n").find((line) => line.includes(" at ")) ?? "") : "";
    this.events.fault(
      reason + (where ? ` (${where.trim()})` : ""),
      formatCsIp(cpu.sregs[SReg.CS], cpu.ip),
      cpu.instructionCount,
    );
  }

  /** Posts what the guest sent to COM1 and LPT1 since the last burst. */
  private flushPortOutput(): void {
    const bytes = this.serialOut;
    if (bytes && bytes.length > 0) {
      this.events.serial(Uint8Array.from(bytes));
      bytes.length = 0;
    }
    const printed = this.printerOut;
    if (printed && printed.length > 0) {
      this.events.printer(Uint8Array.from(printed));
      printed.length = 0;
    }
  }

  /** Posts one `disk` event for each drive and operation accessed in the burst, unless posted within DISK_EVENT_MS. */
  private flushDiskActivity(): void {
    const pending = this.diskPending;
    if (pending === 0) return;
    this.diskPending = 0;
    const wall = performance.now();
    for (let bit = 0; bit < this.diskPostedAt.length; bit++) {
      if (!(pending & (1 << bit)) || wall - this.diskPostedAt[bit] < DISK_EVENT_MS) continue;
      this.diskPostedAt[bit] = wall;
      this.events.disk(ACTIVITY_DRIVES[bit >> 1], DISK_OPERATIONS[bit & 1]);
    }
  }

  /** Posts the speaker samples collected since the last burst (all of them up to now once the machine has stopped). */
  private flushAudio(): void {
    const runs = this.audioOut;
    if (!runs) return;
    // The speaker renders every 5 ms of machine time; a paused machine's samples up to its exact stop come now.
    if (!this.active) this.machine.speaker.flush();
    if (runs.length === 0) return;
    const samples = new Float32Array(runs.reduce((total, run) => total + run.length, 0));
    let at = 0;
    for (const run of runs) {
      samples.set(run, at);
      at += run.length;
    }
    runs.length = 0;
    this.events.audio(samples);
  }

  private publishFrame(wall: number): void {
    if (wall - this.lastFrameAt < this.frameIntervalMs) return;
    this.lastFrameAt = wall;
    this.frame.publish(this.machine.display.renderFrame());
  }

  private restartPacing(): void {
    this.paceMachineNs = this.machine.scheduler.now;
    this.paceWallMs = performance.now();
  }

  /** The machine time the wall clock has reached; lets go of lag beyond MAX_LAG_NS. */
  private paceTarget(wall: number): number {
    const target = this.paceMachineNs + (wall - this.paceWallMs) * 1e6;
    const now = this.machine.scheduler.now;
    if (target - now > MAX_LAG_NS) {
      this.paceMachineNs = now;
      this.paceWallMs = wall - MAX_LAG_NS / 1e6;
      return now + MAX_LAG_NS;
    }
    return target;
  }

  /** How many wall milliseconds the machine is ahead of the wall clock. */
  private paceAhead(): number {
    return (this.machine.scheduler.now - this.paceTarget(performance.now())) / 1e6;
  }

  // ---- Waiting ----

  private waitUntil(until: number): Promise<boolean> {
    if (this.machine.scheduler.now >= until && this.keys.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push({ kind: "time", until, resolve }));
  }

  private checkWaiters(): void {
    const now = this.machine.scheduler.now;
    let text: string | null = null;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.kind === "time") {
        if (now < waiter.until) return true;
        waiter.resolve(true);
        return false;
      }
      if (now < waiter.nextCheck && now < waiter.until) return true;
      waiter.nextCheck = now + TEXT_POLL_NS;
      text ??= this.screenText();
      if (waiter.pattern.test(text)) waiter.resolve(true);
      else if (now >= waiter.until) waiter.resolve(false);
      else return true;
      return false;
    });
  }

  /** Ends the advance once its time is up or, looked at every TEXT_POLL_NS and at the end, the screen matches. */
  private checkGoal(goal: Goal): void {
    const now = this.machine.scheduler.now;
    if (goal.pattern && (now >= goal.nextCheck || now >= goal.until)) {
      goal.nextCheck = now + TEXT_POLL_NS;
      if (goal.pattern.test(this.screenText())) return this.endGoal(true);
    }
    if (now >= goal.until) this.endGoal(goal.pattern === null);
  }

  private endGoal(matched: boolean): void {
    this.goal?.resolve(matched);
    this.goal = null;
  }

  /** Ends every wait: the machine will not run on (halted, off) or its time was replaced (snapshot). */
  private settleWaiters(checkText: boolean): void {
    const text = checkText ? this.screenText() : "";
    for (const waiter of this.waiters) waiter.resolve(waiter.kind === "time" || waiter.pattern.test(text));
    this.waiters = [];
  }

  /** Keys typed now follow those still queued. */
  private keyTime(): number {
    const last = this.keys[this.keys.length - 1];
    return Math.max(this.machine.scheduler.now, last ? last.at + KEY_GAP_NS : 0);
  }

  // ---- Building ----

  private loadContents(contents: SnapshotContents, spec: MachineSpec, media: VmMedia): void {
    const machine = this.buildMachine(spec, media);
    machine.loadState(contents.state);
    this.machine = machine;
    this.spec = spec;
    this.media = media;
    this.restartPacing();
    this.resetStatsBase();
  }

  private buildMachine(spec: MachineSpec, media: VmMedia): Machine {
    const machine = new Machine({
      profile: spec.profile,
      cpu: spec.cpu,
      memoryKb: spec.memoryKb,
      clockHz: spec.clockHz,
      rom: spec.rom,
      videoRom: spec.videoRom,
      floppyDrives: media.slots.map((slot, i) => ({ slot, type: media.driveTypes[i] })),
      hardDisks: media.hardDisks,
      rtcTime: spec.deterministic
        ? { kind: "fixed", startEpochMs: DETERMINISTIC_EPOCH_MS }
        : { kind: "host", epochMs: () => Date.now() - new Date().getTimezoneOffset() * 60_000 },
      mouse: spec.mouse,
      video: spec.video,
    });
    const out = this.serialOut;
    // A serial mouse on COM1 is the other end of that line: the host's console is not connected to it.
    if (out && spec.mouse !== "com1") machine.com1.onTransmit = (byte) => out.push(byte);
    // Per sector: only a bit is set here. D: (the second fixed disk) has no light in the app.
    machine.onDiskActivity = (drive, operation) => {
      const index = drive === "A" ? 0 : drive === "B" ? 1 : drive === "C" ? 2 : -1;
      if (index >= 0) this.diskPending |= 1 << (index * 2 + (operation === "write" ? 1 : 0));
    };
    const printed = this.printerOut;
    if (printed) machine.lpt1.onOutput = (byte) => printed.push(byte);
    const audio = this.audioOut;
    // The stream reuses its array for the next run: keep a copy.
    if (audio) machine.speaker.stream.onSamples = (samples) => audio.push(samples.slice());
    return machine;
  }

  private resetStatsBase(): void {
    this.statsBase = {
      wall: performance.now(),
      machine: this.machine.scheduler.now,
      instructions: this.machine.cpu.instructionCount,
      elu: performance.eventLoopUtilization(),
    };
  }

  private expect(command: keyof Commands, ...allowed: HostState[]): void {
    if (!allowed.includes(this.state)) {
      throw new Error(`${command} is not possible while the VM is ${this.state} (only when ${allowed.join(" or ")})`);
    }
  }
}

/** A pattern tested against the screen again and again: without g or y, whose lastIndex would carry between tests. */
function screenPattern(source: string, flags = ""): RegExp {
  return new RegExp(source, flags.replace(/[gy]/g, ""));
}

function specOf(contents: SnapshotContents): MachineSpec {
  const { machine, rom } = contents;
  if (!machine || !(rom instanceof Uint8Array) || !Array.isArray(machine.floppyTypes)) {
    throw new SnapshotError("the snapshot has no machine description");
  }
  const { profile, cpu, memoryKb, clockHz, deterministic } = machine;
  const videoRom = contents.videoRom instanceof Uint8Array ? contents.videoRom : undefined;
  // Snapshots from before mice were supported had none.
  const mouse = mouseFor(profile, machine.mouse ?? "none");
  // Snapshots from before the CGA could be chosen all had a VGA.
  const video = videoFor(profile, machine.video ?? "vga");
  return { profile, cpu, memoryKb, clockHz, deterministic, rom, videoRom, mouse, video };
}
