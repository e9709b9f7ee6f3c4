import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IpcMain, IpcMainInvokeEvent } from "electron";
import type { HostInfo, MachineProfile } from "../../renderer/host-api.ts";
import { INVOKE, type AudioMessage, type Reply } from "../../main/electron/channels.ts";
import { AudioRelay } from "../../main/electron/audio-relay.ts";
import { FramePump } from "../../main/electron/frame-pump.ts";
import { registerIpcHandlers } from "../../main/electron/ipc.ts";
import type { Hypervisor } from "../../main/hypervisor/hypervisor.ts";
import { encodeSnapshot } from "../../main/hypervisor/snapshot.ts";
import { videoFor, type MachineState } from "../../emulator/machine.ts";
import { existsSync } from "node:fs";
import { HostService } from "../../main/web/host-service.ts";
import { ProfileStore } from "../../main/web/profile-store.ts";

const RENDERER = "file:///opt/Realmode/dist/renderer/index.html";
const SETTINGS = { name: "DOS", type: "at", cpu: "80286", memoryKb: 640, speed: "turbo", boot: "a" };
const INFO: HostInfo = {
  kind: "electron",
  nativeDialogs: true,
  serial: false,
  diskActivity: true,
  sound: true,
  maxImageBytes: 1,
};

/** The hypervisor calls the host service makes, recorded; every VM builds and runs at once. */
class FakeHypervisor extends EventEmitter {
  calls: unknown[][] = [];
  private nextVm = 1;
  async create(config: unknown) {
    this.calls.push(["create", config]);
    return this.nextVm++;
  }
  async close() {}
  async destroy(vm: number) {
    this.calls.push(["destroy", vm]);
  }
  /** A snapshot of SETTINGS' machine with no media; the service reads only its machine description and media. */
  async saveSnapshot(vm: number) {
    this.calls.push(["saveSnapshot", vm]);
    return encodeSnapshot({
      machine: {
        profile: "at",
        cpu: "80286",
        memoryKb: 640,
        clockHz: 12e6,
        deterministic: false,
        floppyTypes: ["1.44M", "1.44M"],
        mouse: "ps2",
      },
      rom: new Uint8Array(16),
      media: [],
      state: {} as MachineState,
    });
  }
  frame() {
    return { read: () => null };
  }
  state() {
    return "running";
  }
}
for (const name of [
  "start",
  "pause",
  "resume",
  "reset",
  "mount",
  "eject",
  "keyDown",
  "keyUp",
  "type",
  "setSpeed",
  "serialInput",
  "mouseInput",
  "setForeground",
  "loadSnapshot",
]) {
  (FakeHypervisor.prototype as unknown as Record<string, unknown>)[name] = async function (
    this: FakeHypervisor,
    ...args: unknown[]
  ) {
    this.calls.push([name, ...args]);
  };
}

interface Rig {
  sent: AudioMessage[];
  call(channel: string, args: unknown[], sender?: { id: number; url: string | null; top?: boolean }): Promise<Reply>;
  hypervisor: FakeHypervisor;
  service: HostService;
  used: { images: string[]; machines: string[] };
  chosen: { path: string | null };
  folder: string;
  close(): void;
}

function rig(): Rig {
  const folder = mkdtempSync(join(tmpdir(), "realmode-ipc-"));
  const hypervisor = new FakeHypervisor();
  const service = new HostService(hypervisor as unknown as Hypervisor, new ProfileStore(join(folder, "data")));
  const frames = new FramePump(
    () => undefined,
    () => undefined,
    60_000,
  );
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Reply>>();
  const ipc = {
    handle: (channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Reply>) => {
      handlers.set(channel, listener);
    },
  } as unknown as Pick<IpcMain, "handle">;
  const used = { images: [] as string[], machines: [] as string[] };
  const chosen = { path: null as string | null };
  const sent: AudioMessage[] = [];
  const audio = new AudioRelay((message) => sent.push(message));
  service.on("audio", audio.forward);
  registerIpcHandlers(ipc, {
    service,
    frames,
    audio,
    info: INFO,
    trusted: () => ({ webContentsId: 1, rendererUrl: RENDERER }),
    chooseImage: async () => chosen.path,
    imageUsed: (path) => used.images.push(path),
    machineUsed: (id) => used.machines.push(id),
  });
  assert.deepEqual([...handlers.keys()].sort(), Object.values(INVOKE).sort(), "every channel has a handler");
  return {
    sent,
    hypervisor,
    service,
    used,
    chosen,
    folder,
    call: (channel, args, sender = { id: 1, url: RENDERER }) => {
      const event = {
        sender: { id: sender.id },
        senderFrame: sender.url === null ? null : { url: sender.url, parent: sender.top === false ? {} : null },
      } as unknown as IpcMainInvokeEvent;
      return handlers.get(channel)!(event, ...args);
    },
    close: () => {
      frames.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function value<T>(reply: Reply): T {
  assert.ok(reply.ok, reply.ok ? "" : reply.problem.message);
  return reply.value as T;
}

function problem(reply: Reply): string {
  assert.equal(reply.ok, false);
  return reply.ok ? "" : reply.problem.message;
}

test("calls from anywhere but our window's renderer are refused before anything runs", async () => {
  const r = rig();
  try {
    for (const sender of [
      { id: 2, url: RENDERER },
      { id: 1, url: "file:///tmp/page.html" },
      { id: 1, url: "https://example.com/" },
      { id: 1, url: RENDERER, top: false },
      { id: 1, url: null },
    ]) {
      assert.match(problem(await r.call(INVOKE.createMachine, [SETTINGS], sender)), /did not come from/);
    }
    assert.deepEqual(value(await r.call(INVOKE.listMachines, [])), []);
  } finally {
    r.close();
  }
});

test("arguments are validated: shape, count and no smuggled fields", async () => {
  const r = rig();
  try {
    assert.match(problem(await r.call(INVOKE.createMachine, [{ ...SETTINGS, memoryKb: "640" }])), /memory/);
    assert.match(problem(await r.call(INVOKE.createMachine, [{ ...SETTINGS, id: "mine" }])), /no field id/);
    assert.match(problem(await r.call(INVOKE.createMachine, [SETTINGS, "extra"])), /expected 1 arguments/);
    assert.match(problem(await r.call(INVOKE.start, ["../../etc"])), /machine id/);
    assert.deepEqual(value(await r.call(INVOKE.listMachines, [])), []);
    assert.deepEqual(value(await r.call(INVOKE.info, [])), INFO);
  } finally {
    r.close();
  }
});

test("a machine's life through IPC: create, drop an image, start, type keys, with problems in plain words", async () => {
  const r = rig();
  try {
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [SETTINGS]));
    const image = join(r.folder, "freedos.img");
    writeFileSync(image, new Uint8Array(1_474_560));
    const media = value(await r.call(INVOKE.insertFile, [machine.id, "A", { path: image }]));
    assert.deepEqual(media, { name: "freedos.img", sizeBytes: 1_474_560 });
    assert.deepEqual(r.used.images, [image]);
    const listed = value<MachineProfile[]>(await r.call(INVOKE.listMachines, []));
    assert.ok(!JSON.stringify(listed).includes(r.folder), "the renderer never sees a host path");

    mkdirSync(join(r.folder, "folder.img"));
    assert.match(
      problem(await r.call(INVOKE.insertFile, [machine.id, "B", { path: join(r.folder, "folder.img") }])),
      /image file/,
    );
    assert.match(problem(await r.call(INVOKE.insertFile, [machine.id, "B", { path: "/etc/passwd" }])), /disk image/);

    assert.match(problem(await r.call(INVOKE.keyDown, [machine.id, "A"])), /is off/);
    value(await r.call(INVOKE.start, [machine.id]));
    const created = r.hypervisor.calls.find((call) => call[0] === "create")![1] as { floppies: unknown[] };
    assert.deepEqual(created.floppies[0], { path: image, mode: "read-write" });
    assert.match(problem(await r.call(INVOKE.keyDown, [machine.id, "NotAKey"])), /key/);
    value(await r.call(INVOKE.keyDown, [machine.id, "A"]));
    assert.deepEqual(r.hypervisor.calls.at(-1), ["keyDown", 1, "A"]);
    assert.ok(r.used.machines.includes(machine.id), "the machine became the menu's current one");
    value(await r.call(INVOKE.serialSend, [machine.id, new Uint8Array([0x68, 0x69])]));
    assert.deepEqual(r.hypervisor.calls.at(-1), ["serialInput", 1, new Uint8Array([0x68, 0x69])]);
    assert.match(problem(await r.call(INVOKE.serialSend, [machine.id, "hi"])), /COM1 takes bytes/);
    const echoed: unknown[] = [];
    r.service.on("serial", (event) => echoed.push(event));
    r.hypervisor.emit("serial", { id: 1, bytes: new Uint8Array([0x6f, 0x6b]) });
    r.hypervisor.emit("serial", { id: 99, bytes: new Uint8Array([0x6e]) });
    assert.deepEqual(
      echoed,
      [{ id: machine.id, bytes: new Uint8Array([0x6f, 0x6b]) }],
      "by machine, only its own VM's",
    );
  } finally {
    r.close();
  }
});

test("chooseMedia inserts what the dialog picked, or nothing when cancelled", async () => {
  const r = rig();
  try {
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [SETTINGS]));
    assert.equal(value(await r.call(INVOKE.chooseMedia, [machine.id, "A"])), null);
    const image = join(r.folder, "disk.ima");
    writeFileSync(image, new Uint8Array(368_640));
    r.chosen.path = image;
    assert.deepEqual(value(await r.call(INVOKE.chooseMedia, [machine.id, "B"])), {
      name: "disk.ima",
      sizeBytes: 368_640,
    });
    assert.equal(value<MachineProfile[]>(await r.call(INVOKE.listMachines, []))[0].media.B?.name, "disk.ima");
  } finally {
    r.close();
  }
});

test("mouse input: whole counts in range and buttons 0-7 reach the VM; anything else is refused", async () => {
  const r = rig();
  try {
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [SETTINGS]));
    assert.equal(machine.mouse, "ps2", "an AT gets a PS/2 mouse");
    value(await r.call(INVOKE.start, [machine.id]));
    const created = r.hypervisor.calls.find((call) => call[0] === "create")![1] as { mouse: string; audio: boolean };
    assert.deepEqual([created.mouse, created.audio], ["ps2", true]);
    value(await r.call(INVOKE.mouseInput, [machine.id, 12, -3, 5]));
    assert.deepEqual(r.hypervisor.calls.at(-1), ["mouseInput", 1, 12, -3, 5]);
    const before = r.hypervisor.calls.length;
    for (const bad of [
      [machine.id, 1.5, 0, 0],
      [machine.id, 0, Number.NaN, 0],
      [machine.id, 0, Number.POSITIVE_INFINITY, 0],
      [machine.id, 5000, 0, 0],
      [machine.id, "3", 0, 0],
      [machine.id, 0, 0, 8],
      [machine.id, 0, 0, -1],
      [machine.id, 0, 0, 1.5],
      ["../x", 0, 0, 0],
    ]) {
      assert.match(problem(await r.call(INVOKE.mouseInput, bad)), /mouse|machine id/, JSON.stringify(bad));
    }
    assert.match(problem(await r.call(INVOKE.mouseInput, [machine.id, 1, 2])), /expected 4 arguments/);
    assert.equal(r.hypervisor.calls.length, before, "nothing reached the VM");
  } finally {
    r.close();
  }
});

test("a mouse on COM1 takes the console; an XT cannot have a PS/2 mouse", async () => {
  const r = rig();
  try {
    const xt = { ...SETTINGS, type: "xt", cpu: "8088" };
    assert.equal(value<MachineProfile>(await r.call(INVOKE.createMachine, [xt])).mouse, "com2");
    assert.match(problem(await r.call(INVOKE.createMachine, [{ ...xt, mouse: "ps2" }])), /no PS\/2 port/);
    assert.match(problem(await r.call(INVOKE.createMachine, [{ ...xt, mouse: "usb" }])), /a mouse must be one of/);
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [{ ...SETTINGS, mouse: "com1" }]));
    value(await r.call(INVOKE.start, [machine.id]));
    const created = r.hypervisor.calls.find((call) => call[0] === "create")![1] as { mouse: string; serial: boolean };
    assert.deepEqual([created.mouse, created.serial], ["com1", false]);
    assert.match(problem(await r.call(INVOKE.serialSend, [machine.id, new Uint8Array([1])])), /mouse is on COM1/);
    const edited = value<MachineProfile>(await r.call(INVOKE.updateMachine, [machine.id, { type: "xt", cpu: "8088" }]));
    assert.equal(edited.mouse, "com1", "an edit keeps a mouse the new type can have");
  } finally {
    r.close();
  }
});

test("disk activity and sound: by machine; sound only for watched machines", async () => {
  const r = rig();
  try {
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [SETTINGS]));
    value(await r.call(INVOKE.start, [machine.id]));
    const lights: unknown[] = [];
    r.service.on("disk", (event) => lights.push(event));
    r.hypervisor.emit("disk", { id: 1, drive: "A", operation: "read" });
    r.hypervisor.emit("disk", { id: 1, drive: "C", operation: "write" });
    r.hypervisor.emit("disk", { id: 7, drive: "A", operation: "read" });
    assert.deepEqual(lights, [
      { id: machine.id, drive: "A", write: false },
      { id: machine.id, drive: "C", write: true },
    ]);
    const samples = new Float32Array([0, 0.25, -0.25]);
    r.hypervisor.emit("audio", { id: 1, samples });
    assert.equal(r.sent.length, 0, "nothing before the window watches");
    value(await r.call(INVOKE.watchAudio, [machine.id]));
    r.hypervisor.emit("audio", { id: 1, samples });
    r.hypervisor.emit("audio", { id: 2, samples });
    assert.deepEqual(r.sent, [{ id: machine.id, sampleRate: 48_000, samples }]);
    value(await r.call(INVOKE.unwatchAudio, [machine.id]));
    r.hypervisor.emit("audio", { id: 1, samples });
    assert.equal(r.sent.length, 1);
    assert.match(problem(await r.call(INVOKE.watchAudio, [{}])), /machine id/);
  } finally {
    r.close();
  }
});

test("the machine in front: kept while it is off, given to its VM when it starts, cleared with null", async () => {
  const r = rig();
  try {
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [SETTINGS]));
    value(await r.call(INVOKE.setForeground, [machine.id]));
    assert.deepEqual(r.hypervisor.calls.at(-1), ["setForeground", null], "off: no VM is in front yet");
    value(await r.call(INVOKE.start, [machine.id]));
    const vm = r.hypervisor.calls.find((call) => call[0] === "setForeground" && call[1] !== null);
    assert.deepEqual(vm, ["setForeground", 1], "its VM is in front from the start");
    value(await r.call(INVOKE.setForeground, [null]));
    assert.deepEqual(r.hypervisor.calls.at(-1), ["setForeground", null]);
    value(await r.call(INVOKE.setForeground, [machine.id]));
    assert.deepEqual(r.hypervisor.calls.at(-1), ["setForeground", 1]);
    const before = r.hypervisor.calls.length;
    assert.match(problem(await r.call(INVOKE.setForeground, ["../x"])), /machine id/);
    assert.match(problem(await r.call(INVOKE.setForeground, [])), /expected 1 argument/);
    assert.equal(r.hypervisor.calls.length, before, "nothing reached the hypervisor");
  } finally {
    r.close();
  }
});

test("saved states: save, list, restore and delete through IPC; state ids that could name a path are refused", async () => {
  const r = rig();
  try {
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [SETTINGS]));
    assert.match(problem(await r.call(INVOKE.saveState, [machine.id])), /is off/);
    value(await r.call(INVOKE.start, [machine.id]));
    const saved = value<{ id: string; machineId: string; label: string }>(await r.call(INVOKE.saveState, [machine.id]));
    assert.equal(saved.machineId, machine.id);
    assert.match(saved.label, /^\d\d:\d\d:\d\d — no disks$/);
    assert.ok(existsSync(join(r.folder, "data", "states", machine.id, `${saved.id}.rmstate`)));
    assert.deepEqual(
      value<{ id: string }[]>(await r.call(INVOKE.listStates, [machine.id])).map((state) => state.id),
      [saved.id],
    );
    const before = r.hypervisor.calls.length;
    for (const bad of ["../../etc/passwd", `${saved.id}/..`, saved.id.toUpperCase() + "X", 5, null, {}]) {
      assert.match(problem(await r.call(INVOKE.restoreState, [machine.id, bad])), /state id/, String(bad));
      assert.match(problem(await r.call(INVOKE.deleteState, [machine.id, bad])), /state id/, String(bad));
    }
    assert.match(problem(await r.call(INVOKE.restoreState, ["../x", saved.id])), /machine id/);
    assert.match(problem(await r.call(INVOKE.restoreState, [machine.id])), /expected 2 arguments/);
    assert.equal(r.hypervisor.calls.length, before, "nothing reached the VM");
    value(await r.call(INVOKE.restoreState, [machine.id, saved.id]));
    assert.deepEqual(
      r.hypervisor.calls.slice(before).map((call) => call[0]),
      ["pause", "loadSnapshot", "setSpeed", "resume"],
    );
    value(await r.call(INVOKE.deleteState, [machine.id, saved.id]));
    assert.deepEqual(value(await r.call(INVOKE.listStates, [machine.id])), []);
    value(await r.call(INVOKE.saveState, [machine.id]));
    value(await r.call(INVOKE.deleteMachine, [machine.id]));
    assert.equal(existsSync(join(r.folder, "data", "states", machine.id)), false, "a deleted machine's states go too");
  } finally {
    r.close();
  }
});

test("the display adapter: the type's default or the one chosen, reaches the VM, and guards saved states", async () => {
  const r = rig();
  try {
    const xt = { ...SETTINGS, type: "xt", cpu: "8088" };
    assert.equal(value<MachineProfile>(await r.call(INVOKE.createMachine, [xt])).video, videoFor("xt", undefined));
    assert.match(problem(await r.call(INVOKE.createMachine, [{ ...xt, video: "ega" }])), /a display adapter must be/);
    const cgaXt = value<MachineProfile>(await r.call(INVOKE.createMachine, [{ ...xt, video: "cga" }]));
    const edited = value<MachineProfile>(await r.call(INVOKE.updateMachine, [cgaXt.id, { type: "at", cpu: "80286" }]));
    assert.equal(edited.video, "cga", "an edit of other settings keeps the display");
    const machine = value<MachineProfile>(await r.call(INVOKE.createMachine, [{ ...SETTINGS, video: "cga" }]));
    assert.equal(machine.video, "cga", "an AT may have a CGA");
    value(await r.call(INVOKE.start, [machine.id]));
    const created = r.hypervisor.calls.find((call) => call[0] === "create")![1] as { video: string };
    assert.equal(created.video, "cga");

    // The fake VM's snapshots have no adapter recorded, as before the choice existed: a VGA.
    const saved = value<{ id: string }>(await r.call(INVOKE.saveState, [machine.id]));
    const before = r.hypervisor.calls.length;
    assert.match(
      problem(await r.call(INVOKE.restoreState, [machine.id, saved.id])),
      /saved when DOS had a VGA; it has a CGA now/,
    );
    assert.equal(r.hypervisor.calls.length, before, "nothing reached the VM");
    value(await r.call(INVOKE.updateMachine, [machine.id, { video: "vga" }]));
    value(await r.call(INVOKE.restoreState, [machine.id, saved.id]));
  } finally {
    r.close();
  }
});

test("a machine library from before the display could be chosen: every machine keeps the VGA it had", () => {
  const folder = mkdtempSync(join(tmpdir(), "realmode-ipc-"));
  try {
    const media = { A: null, B: null, C: null };
    const machines = [
      { ...SETTINGS, id: "old-at", mouse: "ps2", media },
      { ...SETTINGS, id: "old-xt", type: "xt", cpu: "8088", mouse: "com2", media },
    ];
    writeFileSync(join(folder, "machines.json"), JSON.stringify({ format: 1, machines }));
    assert.deepEqual(
      new ProfileStore(folder).list().map((profile) => profile.video),
      ["vga", "vga"],
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
