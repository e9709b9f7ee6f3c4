/**
 * The host API's machine side, independent of transport: the machine library (ProfileStore), one hypervisor VM per
 * running machine, and the events the renderer needs. The web host calls it from WebSocket messages; the Electron
 * main process can call it from IPC handlers. Every argument is checked here, since it came from a renderer.
 *
 * A machine that is off has no VM: start creates one from the profile (so edited settings and a changed C: take
 * effect) and power off destroys it, closing its image files. Images reach a VM only as host paths this side chose:
 * an upload's temporary file, or a path from a host dialog or the command line.
 */
import { EventEmitter } from "node:events";
import { rmSync } from "node:fs";
import { basename, join } from "node:path";
import { DiskImage, type DiskKind } from "../../emulator/disk/disk-image.ts";
import { DiskImageError } from "../../emulator/disk/disk-image-error.ts";
import { DEFAULT_SAMPLE_RATE } from "../../emulator/devices/pc-speaker.ts";
import { isKeyName } from "../../emulator/devices/scancodes.ts";
import {
  defaultMouse,
  defaultVideo,
  MAX_MOUSE_DELTA,
  type AudioChunk,
  type CpuChoice,
  type Drive,
  type HostEvents,
  type MachineProfile,
  type MachineSettings,
  type MachineState,
  type MachineStatus,
  type MediaInfo,
  type MouseChoice,
  type Problem,
  type ResetKind,
  type SavedState,
  type SpeedChoice,
  type VideoChoice,
} from "../../renderer/host-api.ts";
import { FileBlockStore } from "../file-block-store.ts";
import { Hypervisor, type VmState } from "../hypervisor/hypervisor.ts";
import type { Diagnostic, Speed, VmConfig } from "../hypervisor/protocol.ts";
import { decodeSnapshot, encodeSnapshot, type SnapshotContents } from "../hypervisor/snapshot.ts";
import { ProfileStore, publicProfile, type StoredMedia, type StoredProfile } from "./profile-store.ts";
import { problemOf, ProblemError } from "./problem.ts";
import { checkStateId, StateStore, type DriveImage, type StateMeta } from "./state-store.ts";
import { thumbnailPng } from "./thumbnail.ts";

const CPUS: readonly CpuChoice[] = ["8088", "8086", "80186", "80286"];
const SPEEDS: readonly SpeedChoice[] = ["4.77", "turbo", "max"];
const DRIVES: readonly Drive[] = ["A", "B", "C"];
const MICE: readonly MouseChoice[] = ["none", "ps2", "com1", "com2"];
const VIDEOS: readonly VideoChoice[] = ["cga", "vga"];
/** Turbo clocks of the clones of the time: 10 MHz turbo XTs, 12 MHz ATs. */
const TURBO_MHZ = { xt: 10, at: 12 } as const;
/** One console send: a generous paste, which at 9600 baud (960 characters a second) takes the guest about 8.5 s. */
const MAX_SERIAL_SEND_BYTES = 8192;

interface Running {
  readonly vm: number;
  state: MachineState;
}

/** The service's events: the host API's, plus each running machine's speaker samples for the transports to stream. */
export type ServiceEvents = { [K in keyof HostEvents]: [HostEvents[K]] } & {
  audio: [{ readonly id: string; readonly chunk: AudioChunk }];
};

export class HostService extends EventEmitter<ServiceEvents> {
  private readonly running = new Map<string, Running>();
  private readonly problems = new Map<string, Problem>();
  /** The profile id of the machine in front (setForeground). */
  private foreground: string | null = null;

  constructor(
    readonly hypervisor: Hypervisor,
    private readonly store: ProfileStore,
    /** Saved states: by default in `states/` of the library's folder, restored diskettes in `diskettes/`. */
    private readonly states = new StateStore(join(store.folder, "states"), join(store.folder, "diskettes")),
  ) {
    super();
    hypervisor.on("state", ({ id, state, diagnostic }) => this.onVmState(id, state, diagnostic));
    hypervisor.on("stats", ({ id, stats }) => {
      const machine = this.machineOfVm(id);
      if (machine !== undefined) {
        this.emit("stats", { id: machine, stats: { mips: stats.mips, realTimePercent: stats.realTimePercent } });
      }
    });
    hypervisor.on("serial", ({ id, bytes }) => {
      const machine = this.machineOfVm(id);
      if (machine !== undefined) this.emit("serial", { id: machine, bytes });
    });
    hypervisor.on("disk", ({ id, drive, operation }) => {
      const machine = this.machineOfVm(id);
      if (machine !== undefined) this.emit("disk", { id: machine, drive, write: operation === "write" });
    });
    hypervisor.on("audio", ({ id, samples }) => {
      const machine = this.machineOfVm(id);
      if (machine !== undefined)
        this.emit("audio", { id: machine, chunk: { sampleRate: DEFAULT_SAMPLE_RATE, samples } });
    });
  }

  // ---- The library ----

  listMachines(): MachineProfile[] {
    return this.store.list().map(publicProfile);
  }

  createMachine(settings: unknown): MachineProfile {
    const profile = this.store.add(checkSettings(settings, undefined));
    this.changed();
    return publicProfile(profile);
  }

  updateMachine(id: unknown, settings: unknown): MachineProfile {
    const profile = this.profile(id);
    const next = { ...profile, ...checkSettings(settings, profile) };
    if (next.type === "xt" && next.media.C) {
      throw new ProblemError(
        "An XT has no hard disk controller, so it cannot keep the image in C:.",
        "Eject C: first, or keep the AT type.",
      );
    }
    this.store.replace(next);
    this.changed();
    return publicProfile(next);
  }

  async deleteMachine(id: unknown): Promise<void> {
    const profile = this.profile(id);
    await this.stopVm(profile.id);
    this.store.remove(profile.id);
    this.states.deleteMachine(profile.id);
    this.problems.delete(profile.id);
    this.changed();
  }

  // ---- Lifecycle ----

  status(id: unknown): MachineStatus {
    const profile = this.profile(id);
    return this.statusOf(profile.id);
  }

  async start(id: unknown): Promise<void> {
    const profile = this.profile(id);
    const current = this.running.get(profile.id);
    if (current && current.state !== "crashed") {
      throw new ProblemError(`${profile.name} is already on.`, "Use Reset to restart it.");
    }
    if (current) await this.stopVm(profile.id);
    this.problems.delete(profile.id);
    this.setState(profile.id, "starting");
    let vm: number;
    try {
      vm = await this.hypervisor.create(vmConfig(profile));
    } catch (error) {
      this.running.delete(profile.id);
      const problem = problemOf(error);
      this.problems.set(profile.id, problem);
      this.emitStatus(profile.id);
      throw new ProblemError(problem.message, problem.hint);
    }
    this.running.set(profile.id, { vm, state: "starting" });
    if (this.foreground === profile.id) this.hypervisor.setForeground(vm);
    await this.hypervisor.start(vm);
  }

  /** The machine in front, kept while it is off so that it gets its core when it starts. */
  setForeground(id: unknown): void {
    if (id === null) {
      this.foreground = null;
      this.hypervisor.setForeground(null);
      return;
    }
    const profile = this.profile(id);
    this.foreground = profile.id;
    const running = this.running.get(profile.id);
    this.hypervisor.setForeground(running && running.state !== "crashed" ? running.vm : null);
  }

  async pause(id: unknown): Promise<void> {
    await this.hypervisor.pause(this.vmOf(id));
  }

  async resume(id: unknown): Promise<void> {
    await this.hypervisor.resume(this.vmOf(id));
  }

  async reset(id: unknown, kind: unknown): Promise<void> {
    if (kind !== "warm" && kind !== "cold")
      throw new ProblemError(`"${String(kind)}" is not a kind of reset.`, "Use warm or cold.");
    const profile = this.profile(id);
    if (this.running.get(profile.id)?.state === "crashed") return this.start(profile.id);
    await this.hypervisor.reset(this.vmOf(profile.id), kind as ResetKind);
  }

  async powerOff(id: unknown): Promise<void> {
    const profile = this.profile(id);
    await this.stopVm(profile.id);
  }

  // ---- Media ----

  /**
   * Puts the image at `path` (which this side chose) into `drive`: checked first, so a malformed image is refused
   * with its reason before it reaches a machine. A running machine gets it at once (a swap if the drive was full);
   * C: changes only while the machine is off, as a hard disk cannot be swapped under a running PC.
   */
  async insertPath(id: unknown, drive: unknown, path: string, name = basename(path)): Promise<MediaInfo> {
    const profile = this.profile(id);
    const target = checkDrive(drive);
    if (target === "C" && profile.type === "xt") {
      throw new ProblemError(
        "An XT has no hard disk controller.",
        "Change the machine's type to AT to use a hard disk image.",
      );
    }
    const sizeBytes = checkImage(path, name, target === "C" ? "hard-disk" : "floppy");
    const running = this.running.get(profile.id);
    if (running && running.state !== "crashed") {
      if (target === "C") {
        throw new ProblemError(
          "The hard disk cannot be changed while the machine is on.",
          "Power the machine off, then insert the image in C:.",
        );
      }
      await this.hypervisor.mount(running.vm, target, { path, mode: "read-write" });
    }
    const media: StoredMedia = { path, name, sizeBytes };
    this.store.replace({ ...profile, media: { ...profile.media, [target]: media } });
    this.changed();
    return { name, sizeBytes };
  }

  async eject(id: unknown, drive: unknown): Promise<void> {
    const profile = this.profile(id);
    const target = checkDrive(drive);
    const running = this.running.get(profile.id);
    if (running && running.state !== "crashed") {
      if (target === "C") {
        throw new ProblemError(
          "The hard disk cannot be removed while the machine is on.",
          "Power the machine off first.",
        );
      }
      await this.hypervisor.eject(running.vm, target);
    }
    this.store.replace({ ...profile, media: { ...profile.media, [target]: null } });
    this.changed();
  }

  // ---- Input, speed, screen ----

  async keyDown(id: unknown, key: unknown): Promise<void> {
    await this.hypervisor.keyDown(this.vmOf(id), checkKey(key));
  }

  async keyUp(id: unknown, key: unknown): Promise<void> {
    await this.hypervisor.keyUp(this.vmOf(id), checkKey(key));
  }

  async typeText(id: unknown, text: unknown): Promise<void> {
    if (typeof text !== "string") throw new ProblemError("Only text can be pasted.", "Copy some text and paste again.");
    const vm = this.vmOf(id);
    const untypable = [...text].filter((char) => !/^[\x20-\x7e\r\n\t]$/.test(char));
    if (untypable.length > 0) {
      throw new ProblemError(
        `The text has characters a US keyboard cannot type (${[...new Set(untypable)].join(" ").slice(0, 40)}).`,
        "Paste plain ASCII text.",
      );
    }
    // keyboard-text.ts reads backslashes and braces as escapes; escape them so the paste is typed literally.
    await this.hypervisor.type(
      vm,
      text.replace(/\r\n/g, "\r").replace(/[\\{]/g, (char) => `\\${char}`),
    );
  }

  /** Bytes typed in the COM1 console, for the guest's serial port. */
  async serialSend(id: unknown, bytes: unknown): Promise<void> {
    if (this.profile(id).mouse === "com1") {
      throw new ProblemError(
        "The mouse is on COM1, so the COM1 console is not connected.",
        "Put the mouse on COM2 in the machine's settings to use the console.",
      );
    }
    if (!(bytes instanceof Uint8Array) || bytes.length > MAX_SERIAL_SEND_BYTES) {
      throw new ProblemError(
        `COM1 takes bytes, at most ${MAX_SERIAL_SEND_BYTES} at a time.`,
        "Type or paste less into the console.",
      );
    }
    await this.hypervisor.serialInput(this.vmOf(id), bytes);
  }

  /** Mouse motion in counts (dy down positive) and the buttons held, bit 0 left, bit 1 right, bit 2 middle. */
  async mouseInput(id: unknown, dx: unknown, dy: unknown, buttons: unknown): Promise<void> {
    const delta = (value: unknown): number => {
      if (Number.isInteger(value) && Math.abs(value as number) <= MAX_MOUSE_DELTA) return value as number;
      throw new ProblemError(
        `Mouse motion is a whole number of counts up to ${MAX_MOUSE_DELTA} each way.`,
        "This is a bug in the app; reload it.",
      );
    };
    const x = delta(dx);
    const y = delta(dy);
    if (!Number.isInteger(buttons) || (buttons as number) < 0 || (buttons as number) > 7) {
      throw new ProblemError("Mouse buttons are a number from 0 to 7.", "This is a bug in the app; reload it.");
    }
    const vm = this.vmOf(id);
    if (this.profile(id).mouse === "none") return;
    await this.hypervisor.mouseInput(vm, x, y, buttons as number);
  }

  async setSpeed(id: unknown, speed: unknown): Promise<void> {
    const profile = this.profile(id);
    if (!SPEEDS.includes(speed as SpeedChoice))
      throw new ProblemError(`"${String(speed)}" is not a speed.`, "Choose 4.77 MHz, turbo or max.");
    const next = { ...profile, speed: speed as SpeedChoice };
    this.store.replace(next);
    const running = this.running.get(profile.id);
    if (running && running.state !== "crashed") await this.hypervisor.setSpeed(running.vm, vmSpeed(next));
    this.changed();
  }

  screenText(id: unknown): Promise<string> {
    return this.hypervisor.screenText(this.vmOf(id));
  }

  screenshot(id: unknown): Promise<Uint8Array> {
    return this.hypervisor.screenshot(this.vmOf(id));
  }

  // ---- Saved states ----

  /**
   * Saves the running (or paused) machine's whole state; it carries on as it was. The VM stands paused while its
   * images are copied (diskettes) or fingerprinted (hard disks), so they are exactly as the snapshot's machine left
   * them: every guest write has reached its file (FileBlockStore writes synchronously) and no other comes meanwhile.
   */
  async saveState(id: unknown): Promise<SavedState> {
    const profile = this.profile(id);
    const vm = this.vmOf(profile.id);
    const wasRunning = this.hypervisor.state(vm) === "running";
    if (wasRunning) await this.hypervisor.pause(vm);
    let saved: SavedState;
    try {
      const snapshot = await this.hypervisor.saveSnapshot(vm);
      saved = await this.states.save(profile.id, {
        snapshot,
        thumbnail: thumbnailPng(this.hypervisor.frame(vm).read()),
        label: stateLabel(new Date(), profile),
        media: profile.media,
        images: driveImages(decodeSnapshot(snapshot), profile.media),
      });
    } finally {
      // A VM that will not resume (it crashed meanwhile) reports that through its state; the save stands.
      if (wasRunning) await this.hypervisor.resume(vm).catch(() => undefined);
    }
    this.emitStates(profile.id);
    return saved;
  }

  listStates(id: unknown): SavedState[] {
    return this.states.list(this.profile(id).id);
  }

  /**
   * Puts the machine back at a saved state and runs it: a machine that is on jumps back (its VM loads the snapshot),
   * one that is off starts from it. Everything that can be checked here is checked before the VM is touched (the
   * file, the machine's settings, the images); a refusal leaves a running machine running as it was. A diskette
   * that changed since the save is not reopened under the restored DOS: the machine gets the diskette as it was, as
   * a new file, and an `error` event says so (the user's image stays as it is). A changed hard disk is refused.
   */
  async restoreState(id: unknown, stateId: unknown): Promise<void> {
    const profile = this.profile(id);
    const checkedId = checkStateId(stateId);
    const { snapshot, meta } = this.states.read(profile.id, checkedId);
    let contents: SnapshotContents;
    try {
      contents = decodeSnapshot(snapshot);
    } catch (error) {
      throw new ProblemError(
        `This saved state cannot be used: ${(error as Error).message}.`,
        "Delete it and save a new state.",
      );
    }
    checkStateFits(profile, contents);
    const running = this.running.get(profile.id);
    const live = running && running.state !== "crashed" ? running.vm : null;
    // A running machine stands still from here, so its own writes cannot change an image after it was compared.
    const wasRunning = live !== null && this.hypervisor.state(live) === "running";
    if (wasRunning) await this.hypervisor.pause(live);
    const images = driveImages(contents, meta.media);
    const replaced = new Map<Drive, string>();
    let vm: number;
    try {
      for (const drive of await this.states.checkImages(profile.id, checkedId, meta, images)) {
        const image = images.find((each) => each.drive === drive)!;
        replaced.set(drive, this.states.restoreDiskette(profile.id, checkedId, meta, image));
      }
      const restored =
        replaced.size === 0
          ? snapshot
          : encodeSnapshot({
              ...contents,
              media: contents.media.map((media) => {
                const path = replaced.get(media.drive as Drive);
                return path === undefined ? media : { ...media, path };
              }),
            });
      vm = await this.loadState(profile, live, restored);
    } catch (error) {
      // The new diskette files were made for this restore only; nothing uses them now.
      for (const path of replaced.values()) rmSync(path, { force: true });
      if (wasRunning) await this.hypervisor.resume(live).catch(() => undefined);
      throw error;
    }
    if (live !== null) await this.hypervisor.setSpeed(vm, vmSpeed(profile));
    await this.hypervisor.resume(vm);
    // The VM now has the images the state was saved with: the drives show them.
    const media = restoredMedia(contents, meta, replaced);
    this.store.replace({ ...profile, media });
    this.changed();
    if (replaced.size > 0) this.emit("notice", { id: profile.id, notice: changedDiskettes(images, replaced, media) });
  }

  deleteState(id: unknown, stateId: unknown): void {
    const profile = this.profile(id);
    this.states.delete(profile.id, checkStateId(stateId));
    this.emitStates(profile.id);
  }

  /** The running VM of a machine, for reading its shared frame; undefined while it is off. */
  vmId(id: string): number | undefined {
    return this.running.get(id)?.vm;
  }

  async close(): Promise<void> {
    await this.hypervisor.close();
    this.running.clear();
  }

  // ---- Inside ----

  private profile(id: unknown): StoredProfile {
    const profile = typeof id === "string" ? this.store.get(id) : undefined;
    if (!profile)
      throw new ProblemError("That machine does not exist any more.", "Pick another machine from the list.");
    return profile;
  }

  /**
   * Loads the snapshot into the machine's VM (`live`, paused) or a new one, which is left paused at the state; a
   * refusal leaves `live` as it was.
   */
  private async loadState(profile: StoredProfile, live: number | null, snapshot: Uint8Array): Promise<number> {
    if (live !== null) {
      try {
        await this.hypervisor.loadSnapshot(live, snapshot);
      } catch (error) {
        throw refusedState(error, profile.name);
      }
      return live;
    }
    if (this.running.has(profile.id)) await this.stopVm(profile.id);
    this.problems.delete(profile.id);
    this.setState(profile.id, "starting");
    let vm: number;
    try {
      vm = await this.hypervisor.restore(snapshot, vmConfig(profile));
    } catch (error) {
      this.emitStatus(profile.id);
      throw refusedState(error, profile.name);
    }
    this.running.set(profile.id, { vm, state: "paused" });
    if (this.foreground === profile.id) this.hypervisor.setForeground(vm);
    return vm;
  }

  private vmOf(id: unknown): number {
    const profile = this.profile(id);
    const running = this.running.get(profile.id);
    if (!running) throw new ProblemError(`${profile.name} is off.`, "Start it first.");
    if (running.state === "crashed")
      throw new ProblemError(`${profile.name} has crashed.`, "Reset it or power it off and start it again.");
    return running.vm;
  }

  private async stopVm(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await this.hypervisor.destroy(running.vm).catch(() => undefined);
    this.setState(id, "off");
  }

  private machineOfVm(vm: number): string | undefined {
    for (const [id, running] of this.running) if (running.vm === vm) return id;
    return undefined;
  }

  private onVmState(vm: number, state: VmState, diagnostic: Diagnostic | null): void {
    const id = this.machineOfVm(vm);
    if (id === undefined) return;
    if (state === "crashed" && diagnostic) {
      this.problems.set(id, {
        message: `The machine stopped with an emulator failure: ${diagnostic.reason} (at ${diagnostic.csip}).`,
        hint: "Reset it to start again. If it keeps happening, try the other machine type or a slower speed.",
      });
      this.emit("error", { id, problem: this.problems.get(id)! });
    }
    const mapped: MachineState =
      state === "created" ? "starting" : state === "off" || state === "destroyed" ? "off" : state;
    const running = this.running.get(id);
    if (running) running.state = mapped;
    this.emitStatus(id);
  }

  private setState(id: string, state: MachineState): void {
    const running = this.running.get(id);
    if (running) running.state = state;
    this.emitStatus(id, state);
  }

  private statusOf(id: string, state?: MachineState): MachineStatus {
    return { id, state: state ?? this.running.get(id)?.state ?? "off", problem: this.problems.get(id) ?? null };
  }

  private emitStatus(id: string, state?: MachineState): void {
    this.emit("state", this.statusOf(id, state));
  }

  private changed(): void {
    this.emit("machines", this.listMachines());
  }

  private emitStates(id: string): void {
    this.emit("states", { id, states: this.states.list(id) });
  }
}

/** "12:04:31 — A: freedos.img, C: dos.img" in the host's local time. */
function stateLabel(time: Date, profile: StoredProfile): string {
  const clock = [time.getHours(), time.getMinutes(), time.getSeconds()]
    .map((part) => String(part).padStart(2, "0"))
    .join(":");
  const disks = DRIVES.flatMap((drive) => {
    const media = profile.media[drive];
    return media ? [`${drive}: ${media.name}`] : [];
  });
  return `${clock} — ${disks.length > 0 ? disks.join(", ") : "no disks"}`;
}

function describeHardware(type: string, cpu: string, memoryKb: number, mouse: string): string {
  const mice: Record<string, string> = { none: "no mouse", ps2: "a PS/2 mouse", com1: "a mouse on COM1" };
  return `an ${type.toUpperCase()} with an ${cpu}, ${memoryKb} KB and ${mice[mouse] ?? "a mouse on COM2"}`;
}

/**
 * Refuses a state saved with other hardware settings, before any VM sees it: the VM would come back as the old
 * hardware while the library says otherwise. The images are the state store's to check (checkImages).
 */
function checkStateFits(profile: StoredProfile, contents: SnapshotContents): void {
  const saved = contents.machine;
  const savedMouse = saved.mouse ?? "none";
  if (
    saved.profile !== profile.type ||
    saved.cpu !== profile.cpu ||
    saved.memoryKb !== profile.memoryKb ||
    savedMouse !== profile.mouse
  ) {
    throw new ProblemError(
      `This state was saved when ${profile.name} was ${describeHardware(saved.profile, saved.cpu, saved.memoryKb, savedMouse)}; ` +
        `it is ${describeHardware(profile.type, profile.cpu, profile.memoryKb, profile.mouse)} now.`,
      "Change the machine's settings back to restore it, or delete the state.",
    );
  }
  // States from before the display could be chosen were all of machines with a VGA.
  const savedVideo = saved.video ?? "vga";
  if (savedVideo !== profile.video) {
    throw new ProblemError(
      `This state was saved when ${profile.name} had a ${savedVideo.toUpperCase()}; ` +
        `it has a ${profile.video.toUpperCase()} now.`,
      "Change the machine's display back to restore it, or delete the state.",
    );
  }
}

/** The images a snapshot's machine has open, named as `named` (a profile's drives) calls them. */
function driveImages(contents: SnapshotContents, named: Readonly<Record<Drive, StoredMedia | null>>): DriveImage[] {
  return contents.media.flatMap((media) =>
    media.path !== null && DRIVES.includes(media.drive as Drive)
      ? [
          {
            drive: media.drive as Drive,
            kind: media.kind,
            path: media.path,
            name: mediaName(media.drive, media.path, named),
          },
        ]
      : [],
  );
}

/** The drives as the restored machine has them: named as when saved, or the new files of changed diskettes. */
function restoredMedia(
  contents: SnapshotContents,
  meta: StateMeta,
  replaced: ReadonlyMap<Drive, string>,
): Record<Drive, StoredMedia | null> {
  const media: Record<Drive, StoredMedia | null> = { A: null, B: null, C: null };
  for (const entry of contents.media) {
    if (entry.path === null || !DRIVES.includes(entry.drive as Drive)) continue;
    const drive = entry.drive as Drive;
    const copy = replaced.get(drive);
    media[drive] = copy
      ? { path: copy, name: basename(copy), sizeBytes: entry.size }
      : { path: entry.path, name: mediaName(drive, entry.path, meta.media), sizeBytes: entry.size };
  }
  return media;
}

function mediaName(drive: string, path: string, named: Readonly<Record<Drive, StoredMedia | null>>): string {
  const kept = named[drive as Drive];
  return kept && kept.path === path ? kept.name : basename(path);
}

/** "A: was changed since this state was saved; the machine has the diskette as it was, saved as …" */
function changedDiskettes(
  images: readonly DriveImage[],
  replaced: ReadonlyMap<Drive, string>,
  media: Readonly<Record<Drive, StoredMedia | null>>,
): Problem {
  const changed = images.filter((image) => replaced.has(image.drive));
  const drives = changed.map((image) => `${image.drive}:`).join(" and ");
  const copies = changed.map((image) => `“${media[image.drive]!.name}”`).join(" and ");
  const one = changed.length === 1;
  return {
    message:
      `${drives} ${one ? "was" : "were"} changed since this state was saved; the machine has the ` +
      `${one ? "diskette" : "diskettes"} as ${one ? "it was" : "they were"}, saved as ${copies}.`,
    hint:
      `Your ${changed.map((image) => image.name).join(" and ")} ${one ? "is" : "are"} untouched and keep${one ? "s" : ""} ` +
      `what was written after the save. The ${one ? "copy is" : "copies are"} in the diskettes folder of Realmode's data.`,
  };
}

/** A refusal from the VM (its worker prefixes the VM's name, which is the machine's) in the machine's words. */
function refusedState(error: unknown, machineName: string): ProblemError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.startsWith(`${machineName}: `) ? message.slice(machineName.length + 2) : message;
  return new ProblemError(
    `The machine refused this saved state: ${reason.replace(/\.$/, "")}.`,
    "The machine carries on as it was. Delete the state if it keeps being refused.",
  );
}

function vmSpeed(profile: StoredProfile): Speed {
  return profile.speed === "max" ? "max" : profile.speed === "turbo" ? TURBO_MHZ[profile.type] : 4.77;
}

function vmConfig(profile: StoredProfile): VmConfig {
  const floppy = (media: StoredMedia | null) => media && { path: media.path, mode: "read-write" as const };
  return {
    name: profile.name,
    profile: profile.type,
    cpu: profile.cpu,
    memoryKb: profile.memoryKb,
    speed: vmSpeed(profile),
    floppies: [floppy(profile.media.A), floppy(profile.media.B)],
    hardDisks: profile.type === "at" && profile.media.C ? [{ path: profile.media.C.path, mode: "read-write" }] : [],
    boot: profile.boot,
    mouse: profile.mouse,
    video: profile.video,
    // The app's COM1 console (renderer/app/serial-console) shows what the guest sends, unless the mouse has COM1.
    serial: profile.mouse !== "com1",
    // The renderer plays the speaker (renderer/audio/).
    audio: true,
  };
}

/** Checks settings from the renderer: all of them for a new machine, any of them over `base` for an edit. */
function checkSettings(value: unknown, base: StoredProfile | undefined): Required<MachineSettings> {
  if (value === null || typeof value !== "object")
    throw new ProblemError("The machine settings are missing.", "Fill in the form again.");
  const input = { ...base, ...(value as Partial<MachineSettings>) };
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (name.length === 0 || name.length > 60)
    throw new ProblemError("A machine needs a name of 1 to 60 characters.", "Type a name.");
  if (input.type !== "xt" && input.type !== "at")
    throw new ProblemError("The machine type is XT or AT.", "Choose one.");
  if (!CPUS.includes(input.cpu as CpuChoice))
    throw new ProblemError(
      `"${String(input.cpu)}" is not a CPU Realmode emulates.`,
      "Choose 8088, 8086, 80186 or 80286.",
    );
  const memoryKb = Number(input.memoryKb);
  if (!Number.isInteger(memoryKb) || memoryKb < 64 || memoryKb > 640 || memoryKb % 64 !== 0) {
    throw new ProblemError("Memory is 64 to 640 KB in steps of 64 KB.", "Choose 640 KB if unsure.");
  }
  if (!SPEEDS.includes(input.speed as SpeedChoice))
    throw new ProblemError(`"${String(input.speed)}" is not a speed.`, "Choose 4.77 MHz, turbo or max.");
  if (input.boot !== "a" && input.boot !== "c") throw new ProblemError("Boot from A: or C:.", "Choose one.");
  // An edit that changes only the type keeps the old mouse where the new type can have it (an XT has no PS/2 port).
  const asked = (value as Partial<MachineSettings>).mouse;
  const mouse =
    asked ?? (base && !(base.mouse === "ps2" && input.type === "xt") ? base.mouse : defaultMouse(input.type));
  if (!MICE.includes(mouse)) {
    throw new ProblemError(`"${String(mouse)}" is not a place for the mouse.`, "Choose none, PS/2, COM1 or COM2.");
  }
  if (mouse === "ps2" && input.type === "xt") {
    throw new ProblemError("An XT has no PS/2 port for the mouse.", "Use a serial mouse on COM2 (or COM1).");
  }
  // Either adapter fits either type (IBM sold ATs with a CGA), so an edit keeps the old one.
  const video = (value as Partial<MachineSettings>).video ?? base?.video ?? defaultVideo(input.type);
  if (!VIDEOS.includes(video)) {
    throw new ProblemError(`"${String(video)}" is not a display adapter Realmode emulates.`, "Choose CGA or VGA.");
  }
  return {
    name,
    type: input.type,
    cpu: input.cpu as CpuChoice,
    memoryKb,
    speed: input.speed as SpeedChoice,
    boot: input.boot,
    mouse,
    video,
  };
}

function checkDrive(drive: unknown): Drive {
  if (!DRIVES.includes(drive as Drive))
    throw new ProblemError(`There is no drive "${String(drive)}".`, "Use A:, B: or C:.");
  return drive as Drive;
}

function checkKey(key: unknown): string {
  if (typeof key !== "string" || !isKeyName(key))
    throw new ProblemError(
      `"${String(key)}" is not a key of the PC keyboard.`,
      "Use the on-screen buttons for special keys.",
    );
  return key;
}

/** Opens the image as the VM would, so a malformed one is refused now, in words; returns its size. */
function checkImage(path: string, name: string, kind: DiskKind): number {
  let store: FileBlockStore | undefined;
  try {
    store = FileBlockStore.open(path, false);
    DiskImage.open(name, store, kind, "read-only");
    return store.size;
  } catch (error) {
    if (error instanceof DiskImageError) {
      const reason = error.message.startsWith(`${name}: `) ? error.message.slice(name.length + 2) : error.message;
      throw new ProblemError(
        `${name} is not a disk image Realmode can use: ${reason}.`,
        kind === "floppy"
          ? "Use a raw diskette image (.img, .ima) of 160 KB to 2.88 MB, or put a hard disk image in C: of an AT."
          : "Use a raw hard disk image (.img, .vhd without its footer) of at most 8 GB.",
      );
    }
    throw error;
  } finally {
    store?.close();
  }
}
