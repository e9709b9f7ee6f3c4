/**
 * The hypervisor: runs up to ten PCs side by side, each in its own worker thread (vm-worker.ts), behind one
 * promise-based API with typed events. Every VM is a sandbox: it reaches only the image files it was given, a
 * worker that throws, runs out of memory, exits or stops answering makes only its own VM `crashed` (with the last
 * CS:IP and the error), and the app and the other VMs carry on.
 *
 * Lifecycle rules live in lifecycle.ts; each VM's lifecycle actions are applied one after another, so a caller may
 * fire pause() and resume() without waiting and get them in order. Frames come through a SharedArrayBuffer per VM
 * (frame-buffer.ts); the watchdog reads a heartbeat from another (vm-status.ts).
 */
import { EventEmitter } from "node:events";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { MachineState } from "../../emulator/machine.ts";
import { cpuShares } from "./cpu-share.ts";
import { SharedFrameBuffer } from "./frame-buffer.ts";
import { LifecycleError, transition, type Action, type VmState } from "./lifecycle.ts";
import {
  MESSAGE,
  type ActivityDrive,
  type CommandName,
  type Commands,
  type Diagnostic,
  type DiskOperation,
  type FloppyDrive,
  type MediaConfig,
  type ResetKind,
  type Speed,
  type Stats,
  type VmConfig,
  type WorkerEvent,
  type WorkerInit,
} from "./protocol.ts";
import { VmStatus } from "./vm-status.ts";

export type { VmState } from "./lifecycle.ts";
export { LifecycleError } from "./lifecycle.ts";

export interface HypervisorOptions {
  /** The bundled worker (dist/vm-worker.mjs). Default: vm-worker.mjs beside this module's bundle. */
  readonly workerUrl?: URL;
  /** A running or paused VM whose worker has not beaten its heartbeat for this long is crashed. Default 5000. */
  readonly watchdogMs?: number;
  /** How long a new worker may take to build its machine. Default 30000. */
  readonly startupMs?: number;
  /** Heap limit of each VM's worker (worker resourceLimits.maxOldGenerationSizeMb). Default 256. */
  readonly memoryLimitMb?: number;
  /** Most VMs at once. Default 10. */
  readonly maxVms?: number;
  /** Host cores to share between VMs. Default: os.availableParallelism(). */
  readonly cores?: number;
}

export interface VmInfo {
  readonly id: number;
  readonly name: string;
  readonly state: VmState;
  /** Why and where a crashed VM stopped. */
  readonly diagnostic: Diagnostic | null;
  readonly stats: Stats | null;
  /** False when a serial mouse has COM1: the VM's serial console (`serial` events, serialInput) is not connected. */
  readonly serialAvailable: boolean;
}

export interface HypervisorEvents {
  state: [{ id: number; state: VmState; previous: VmState; diagnostic: Diagnostic | null }];
  stats: [{ id: number; stats: Stats }];
  /** Bytes the guest sent on COM1, for a VM created with `serial: true`, in order and before later replies. */
  serial: [{ id: number; bytes: Uint8Array }];
  /** Bytes the guest printed on LPT1, for a VM created with `printer: true`, in order and before later replies. */
  printer: [{ id: number; bytes: Uint8Array }];
  /** The PC speaker's samples, for a VM created with `audio: true`: in order, all of an `advance` before its reply. */
  audio: [{ id: number; samples: Float32Array }];
  /**
   * The guest read or wrote a drive (for drive lights): at most once per 100 ms of wall time for each drive and
   * operation while it is being accessed.
   */
  disk: [{ id: number; drive: ActivityDrive; operation: DiskOperation }];
}

/** Thrown to every pending request of a VM that crashed or was destroyed. */
export class VmGoneError extends Error {}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Vm {
  readonly id: number;
  readonly name: string;
  readonly worker: Worker;
  readonly status: VmStatus;
  readonly frame: SharedFrameBuffer;
  state: VmState;
  diagnostic: Diagnostic | null;
  stats: Stats | null;
  readonly pending: Map<number, Pending>;
  /** The chain lifecycle actions run on, in call order. */
  lifecycle: Promise<unknown>;
  lastBeat: number;
  lastBeatAt: number;
  /** The CPU share last sent to the worker. */
  share: number;
  ready: boolean;
  destroying: boolean;
  serialAvailable: boolean;
}

const SHUTDOWN_MS = 2000;

export class Hypervisor extends EventEmitter<HypervisorEvents> {
  private readonly vms = new Map<number, Vm>();
  private nextId = 1;
  private nextRequestId = 1;
  private foreground: number | null = null;
  private readonly workerUrl: URL;
  private readonly watchdogMs: number;
  private readonly startupMs: number;
  private readonly memoryLimitMb: number;
  private readonly maxVms: number;
  readonly cores: number;
  private readonly watchdog: NodeJS.Timeout;

  constructor(options: HypervisorOptions = {}) {
    super();
    this.workerUrl = options.workerUrl ?? new URL("./vm-worker.mjs", import.meta.url);
    this.watchdogMs = options.watchdogMs ?? 5000;
    this.startupMs = options.startupMs ?? 30_000;
    this.memoryLimitMb = options.memoryLimitMb ?? 256;
    this.maxVms = options.maxVms ?? 10;
    this.cores = options.cores ?? availableParallelism();
    this.watchdog = setInterval(() => this.checkHeartbeats(), Math.max(10, this.watchdogMs / 5));
    this.watchdog.unref();
  }

  // ---- Creating and ending VMs ----

  /** Starts a worker and builds the machine; the VM is `created` (powered off, ready to start). */
  create(config: VmConfig): Promise<number> {
    if (config.profile !== "xt" && config.profile !== "at") {
      return Promise.reject(new Error(`a VM's profile is "xt" or "at", not ${JSON.stringify(config.profile)}`));
    }
    return this.spawn(config, null);
  }

  /** A new VM from a snapshot (bytes or a file), paused where the snapshot was taken. */
  async restore(snapshot: Uint8Array | string, config: Partial<VmConfig> = {}): Promise<number> {
    const bytes = typeof snapshot === "string" ? readSnapshotFile(snapshot) : snapshot;
    const id = await this.spawn({ profile: "xt", ...config }, bytes);
    this.setState(this.get(id), "paused");
    return id;
  }

  /** Ends the VM whatever its state: its image files are closed (unless its worker is beyond asking) and it is gone. */
  async destroy(id: number): Promise<void> {
    const vm = this.get(id);
    return this.serialize(vm, async () => {
      vm.destroying = true;
      if (vm.state !== "crashed" && vm.ready) {
        const shutdown = this.request(vm, MESSAGE.shutdown, {}).catch(() => undefined);
        await Promise.race([shutdown, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_MS).unref())]);
      }
      await vm.worker.terminate();
      this.vms.delete(id);
      if (this.foreground === id) this.foreground = null;
      this.failPending(vm, `${vm.name} was destroyed`);
      this.setState(vm, "destroyed");
      this.rebalance();
    });
  }

  /** Destroys every VM and stops the watchdog. */
  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await Promise.all([...this.vms.keys()].map((id) => this.destroy(id)));
  }

  // ---- Lifecycle ----

  /** Powers the VM on and runs it; with `paused`, powers it on paused at the reset vector (for `advance`). */
  start(id: number, options: { paused?: boolean } = {}): Promise<void> {
    const paused = options.paused ?? false;
    return this.act(id, paused ? "start paused" : "start", () => this.send(id, MESSAGE.start, { paused }));
  }

  pause(id: number): Promise<void> {
    return this.act(id, "pause", () => this.send(id, MESSAGE.pause, {}));
  }

  resume(id: number): Promise<void> {
    return this.act(id, "resume", () => this.send(id, MESSAGE.resume, {}));
  }

  /** Warm: Ctrl+Alt+Del to the guest (its BIOS reboots, if it still listens). Cold: power cycle. */
  reset(id: number, kind: ResetKind = "cold"): Promise<void> {
    return this.act(id, kind === "warm" ? "reset warm" : "reset cold", () => this.send(id, MESSAGE.reset, { kind }));
  }

  powerOff(id: number): Promise<void> {
    return this.act(id, "powerOff", () => this.send(id, MESSAGE.powerOff, {}));
  }

  // ---- Media, input, screen ----

  /** Inserts an image into A: or B:, swapping out what was there; the drive's change line tells the guest. */
  mount(id: number, drive: FloppyDrive, media: MediaConfig): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.mount, { drive, media }));
  }

  eject(id: number, drive: FloppyDrive): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.eject, { drive }));
  }

  /** A key by its name in emulator/devices/scancodes.ts ("A", "Enter", "LeftCtrl", "Up"). */
  keyDown(id: number, name: string): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.key, { name, down: true }));
  }

  keyUp(id: number, name: string): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.key, { name, down: false }));
  }

  /** Types text (emulator/keyboard-text.ts syntax: \r, {F1}, {CTRL+C}); resolves when the last key is released. */
  type(id: number, text: string): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.type, { text }));
  }

  /** Bytes for the guest's COM1, as if they arrived on its line (at the UART's programmed baud rate). */
  serialInput(id: number, bytes: Uint8Array): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.serialInput, { bytes }));
  }

  /**
   * Mouse motion in counts since the last call (dx right, dy down positive, as on the host's screen) and the buttons
   * held (bit 0 left, bit 1 right, bit 2 middle), for the VM's mouse (VmConfig.mouse); nothing without one.
   */
  mouseInput(id: number, dx: number, dy: number, buttons: number): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.mouseInput, { dx, dy, buttons }));
  }

  screenText(id: number): Promise<string> {
    return this.use(id, () => this.send(id, MESSAGE.screenText, {}));
  }

  /** The screen as a PNG at the mode's native resolution (320x200 in mode 13h); `aspect: true` stretches it to 4:3. */
  screenshot(id: number, options: { aspect?: boolean } = {}): Promise<Uint8Array> {
    return this.use(id, () => this.send(id, MESSAGE.screenshot, { aspect: options.aspect === true }));
  }

  /** The VM's shared frame: read it at your own refresh rate; its changeCounter says when to redraw. */
  frame(id: number): SharedFrameBuffer {
    return this.get(id).frame;
  }

  /** True once the text screen matches `pattern`; false after `limitMs` of machine time. */
  waitForText(id: number, pattern: RegExp, limitMs: number): Promise<boolean> {
    const { source, flags } = pattern;
    return this.use(id, () => this.send(id, MESSAGE.waitForText, { source, flags, limitMs }));
  }

  /** Resolves after `ms` of machine time (at the VM's own speed). */
  waitMs(id: number, ms: number): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.waitMs, { ms }));
  }

  /**
   * Runs exactly `ms` of machine time while the VM is paused or created, at its speed, and leaves it paused there:
   * deterministic stepping. Other commands (screenText, setSpeed, …) are answered meanwhile.
   */
  async advance(id: number, ms: number): Promise<void> {
    await this.act(id, "advance", () => this.send(id, MESSAGE.advance, { ms }));
  }

  /**
   * As advance, but stops as soon as the text screen matches `pattern` (looked at first, then every 50 ms of
   * machine time); true if it matched within `limitMs`. Where it stops depends on machine time only.
   */
  advanceUntilText(id: number, pattern: RegExp, limitMs: number): Promise<boolean> {
    const { source, flags } = pattern;
    return this.act(id, "advance", () => this.send(id, MESSAGE.advance, { ms: limitMs, source, flags }));
  }

  // ---- Speed and CPU share ----

  /** MHz paced to the wall clock, or "max". */
  setSpeed(id: number, speed: Speed): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.setSpeed, { speed }));
  }

  /** The VM the user works in: when the host is oversubscribed, it keeps a whole core (cpu-share.ts). */
  setForeground(id: number | null): void {
    if (id !== null) this.get(id);
    this.foreground = id;
    this.rebalance();
  }

  setFrameRate(id: number, hz: number): Promise<void> {
    return this.use(id, () => this.send(id, MESSAGE.setFrameRate, { hz }));
  }

  // ---- Snapshots ----

  saveSnapshot(id: number): Promise<Uint8Array> {
    return this.use(id, () => this.send(id, MESSAGE.saveSnapshot, {}));
  }

  /** Writes the snapshot to `path` whole or not at all (a temporary file renamed into place). */
  async saveSnapshotFile(id: number, path: string): Promise<void> {
    const bytes = await this.saveSnapshot(id);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  }

  /** Replaces the VM's machine and media with a snapshot's (bytes or a file); the VM is paused afterwards. */
  loadSnapshot(id: number, snapshot: Uint8Array | string): Promise<void> {
    const bytes = typeof snapshot === "string" ? readSnapshotFile(snapshot) : snapshot.slice();
    return this.act(id, "loadSnapshot", () =>
      this.send(id, MESSAGE.loadSnapshot, { bytes }, [bytes.buffer as ArrayBuffer]),
    );
  }

  /** The full machine state (CPU, RAM, chips, time), for comparing runs. */
  machineState(id: number): Promise<MachineState> {
    return this.use(id, () => this.send(id, MESSAGE.machineState, {}));
  }

  // ---- Looking at VMs ----

  state(id: number): VmState {
    return this.get(id).state;
  }

  info(id: number): VmInfo {
    const { name, state, diagnostic, stats, serialAvailable } = this.get(id);
    return { id, name, state, diagnostic, stats, serialAvailable };
  }

  list(): VmInfo[] {
    return [...this.vms.keys()].map((id) => this.info(id));
  }

  /** The VM's worker thread, for diagnostics (and for tests that kill it from outside). */
  worker(id: number): Worker {
    return this.get(id).worker;
  }

  // ---- Inside ----

  private async spawn(config: VmConfig, snapshot: Uint8Array | null): Promise<number> {
    if (this.vms.size >= this.maxVms) throw new Error(`at most ${this.maxVms} VMs run at once`);
    const id = this.nextId++;
    const name = config.name ?? `vm ${id}`;
    const status = VmStatus.create();
    const frame = SharedFrameBuffer.create();
    const init: WorkerInit = { config, snapshot, frame: frame.buffer, status: status.buffer };
    const worker = new Worker(this.workerUrl, {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb },
      // Descriptors belong to the process, not the thread: with this, Node closes the image files a worker opened
      // when it exits, however it ends (terminated by the watchdog or a crash, out of memory), and no other VM's.
      trackUnmanagedFds: true,
      stdout: false,
      stderr: false,
    });
    const vm: Vm = {
      id,
      name,
      worker,
      status,
      frame,
      state: "created",
      diagnostic: null,
      stats: null,
      pending: new Map(),
      lifecycle: Promise.resolve(),
      lastBeat: 0,
      lastBeatAt: performance.now(),
      share: 1,
      ready: false,
      destroying: false,
      serialAvailable: true,
    };
    this.vms.set(id, vm);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.crash(vm, `the worker did not build its machine within ${this.startupMs} ms`);
          reject(new Error(`${name}: the worker did not start within ${this.startupMs} ms`));
        }, this.startupMs);
        const started = (error: Error | null): void => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        worker.on("message", (event: WorkerEvent) => this.onEvent(vm, event, started));
        worker.on("error", (error) => {
          this.crash(vm, `${error.name}: ${error.message}`);
          started(error);
        });
        worker.on("exit", (code) => {
          if (!vm.destroying) this.crash(vm, `the worker thread exited (code ${code})`);
          started(new Error(`${name}: the worker exited before its machine was built (code ${code})`));
        });
      });
    } catch (error) {
      this.vms.delete(id);
      await worker.terminate();
      throw error;
    }
    return id;
  }

  private onEvent(vm: Vm, event: WorkerEvent, started: (error: Error | null) => void): void {
    switch (event.type) {
      case MESSAGE.ready:
        vm.ready = true;
        vm.serialAvailable = event.serialAvailable;
        vm.lastBeatAt = performance.now();
        started(null);
        return;
      case MESSAGE.initFailed:
        vm.destroying = true;
        void vm.worker.terminate();
        started(new Error(event.error));
        return;
      case MESSAGE.reply: {
        const pending = vm.pending.get(event.requestId);
        if (!pending) return;
        vm.pending.delete(event.requestId);
        if (event.ok) pending.resolve(event.value);
        else pending.reject(new Error(`${vm.name}: ${event.error}`));
        return;
      }
      case MESSAGE.halted:
        if (vm.state === "running") this.setState(vm, "halted");
        return;
      case MESSAGE.stats:
        vm.stats = event.stats;
        this.emit("stats", { id: vm.id, stats: event.stats });
        return;
      case MESSAGE.fault:
        this.crash(vm, event.reason, event.csip, event.instructions);
        return;
      case MESSAGE.serial:
        this.emit("serial", { id: vm.id, bytes: event.bytes });
        return;
      case MESSAGE.printer:
        this.emit("printer", { id: vm.id, bytes: event.bytes });
        return;
      case MESSAGE.audio:
        this.emit("audio", { id: vm.id, samples: event.samples });
        return;
      case MESSAGE.disk:
        this.emit("disk", { id: vm.id, drive: event.drive, operation: event.operation });
        return;
    }
  }

  /** Runs a lifecycle action in order after the VM's earlier ones, checking it against the state it then has. */
  private async act<T>(id: number, action: Action, run: () => Promise<T>): Promise<T> {
    const vm = this.get(id);
    return this.serialize(vm, async () => {
      const next = transition(vm.name, vm.state, action);
      const result = await run();
      if (vm.state !== "crashed" && vm.state !== "destroyed") this.setState(vm, next);
      return result;
    });
  }

  private async use<T>(id: number, run: () => Promise<T>): Promise<T> {
    const vm = this.get(id);
    transition(vm.name, vm.state, "use");
    return run();
  }

  private serialize<T>(vm: Vm, run: () => Promise<T>): Promise<T> {
    const result = vm.lifecycle.then(run);
    vm.lifecycle = result.catch(() => undefined);
    return result;
  }

  private send<K extends CommandName>(
    id: number,
    type: K,
    args: Commands[K]["args"],
    transfer: ArrayBuffer[] = [],
  ): Promise<Commands[K]["result"]> {
    const vm = this.get(id);
    return this.request(vm, type, args, transfer) as Promise<Commands[K]["result"]>;
  }

  private request(vm: Vm, type: CommandName, args: object, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (vm.state === "crashed" || vm.state === "destroyed") {
      return Promise.reject(new VmGoneError(`${vm.name} is ${vm.state}`));
    }
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      vm.pending.set(requestId, { resolve, reject });
      vm.worker.postMessage({ type, requestId, ...args }, transfer);
    });
  }

  private get(id: number): Vm {
    const vm = this.vms.get(id);
    if (!vm) throw new LifecycleError(`there is no VM ${id}`);
    return vm;
  }

  private setState(vm: Vm, state: VmState): void {
    const previous = vm.state;
    if (previous === state) return;
    vm.state = state;
    this.emit("state", { id: vm.id, state, previous, diagnostic: vm.diagnostic });
    this.rebalance();
  }

  /**
   * Contains a failed VM: stops its worker, records where the guest was, fails its pending requests and reports it
   * `crashed`. Its images stay consistent: every write to a file reached the disk whole (FileBlockStore).
   */
  private crash(vm: Vm, reason: string, csip = vm.status.csip, instructions = vm.status.instructions): void {
    if (vm.state === "crashed" || vm.state === "destroyed" || vm.destroying) return;
    vm.diagnostic = { reason, csip, instructions };
    void vm.worker.terminate();
    this.failPending(vm, `${vm.name} crashed: ${reason} (at ${csip})`);
    this.setState(vm, "crashed");
  }

  private failPending(vm: Vm, message: string): void {
    for (const pending of vm.pending.values()) pending.reject(new VmGoneError(message));
    vm.pending.clear();
  }

  private checkHeartbeats(): void {
    const now = performance.now();
    for (const vm of this.vms.values()) {
      if (!vm.ready || vm.state === "crashed" || vm.destroying) continue;
      const beat = vm.status.heartbeat;
      if (beat !== vm.lastBeat) {
        vm.lastBeat = beat;
        vm.lastBeatAt = now;
      } else if (now - vm.lastBeatAt > this.watchdogMs) {
        this.crash(vm, `the worker stopped answering for ${Math.round(now - vm.lastBeatAt)} ms (watchdog)`);
      }
    }
  }

  /** Sends each live VM its CPU share after anything that changed which VMs run (cpu-share.ts). */
  private rebalance(): void {
    const live = [...this.vms.values()].filter((vm) => vm.ready && vm.state !== "crashed" && !vm.destroying);
    const shares = cpuShares(
      live.map((vm) => ({ id: vm.id, running: vm.state === "running" })),
      this.foreground,
      this.cores,
    );
    for (const vm of live) {
      const share = shares.get(vm.id) ?? 1;
      if (share === vm.share) continue;
      vm.share = share;
      void this.request(vm, MESSAGE.setShare, { share }).catch(() => undefined);
    }
  }
}

function readSnapshotFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`${path}: cannot read the snapshot (${reason})`, { cause: error });
  }
}
