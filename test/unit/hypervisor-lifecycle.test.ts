/**
 * The hypervisor with tiny guests of our own (8 KB ROM images written here, mapped at FE000h; the reset vector at
 * FFFF0h jumps to F000:F000): every lifecycle transition and the refused ones, a guest that counts in RAM, one that
 * does CLI; HLT, one that executes garbage, a worker killed from outside, the watchdog, frames, and the
 * deterministic snapshot round trip.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor, LifecycleError, type VmState } from "../../main/hypervisor/hypervisor.ts";

const ROM_BYTES = 0x2000;
/** F000:F000 is linear FF000h, offset 1000h into an 8 KB ROM at FE000h; the reset vector is at offset 1FF0h. */
const CODE_OFFSET = 0x1000;
const RESET_VECTOR = [0xea, 0x00, 0xf0, 0x00, 0xf0]; // JMP FAR F000:F000

// mov ax,0 / mov ds,ax / l: inc word [0500h] / jmp l
const COUNTER = [0xb8, 0x00, 0x00, 0x8e, 0xd8, 0xff, 0x06, 0x00, 0x05, 0xeb, 0xfa];
// cli / hlt
const CLI_HLT = [0xfa, 0xf4];

let dir: string;
let workerUrl: URL;
const roms: Record<string, string> = {};

function writeRom(name: string, code: readonly number[]): string {
  const rom = new Uint8Array(ROM_BYTES);
  rom.set(code, CODE_OFFSET);
  rom.set(RESET_VECTOR, 0x1ff0);
  const path = join(dir, `${name}.rom`);
  writeFileSync(path, rom);
  return path;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-"));
  // The worker runs from its esbuild bundle (a TypeScript loader would make the emulator ten times slower).
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
  roms.counter = writeRom("counter", COUNTER);
  roms.cliHlt = writeRom("cli-hlt", CLI_HLT);
  // Garbage: the whole ROM, reset vector included, from a fixed-seed generator (xorshift32).
  let seed = 0x2545f491;
  const garbage = new Uint8Array(ROM_BYTES).map(() => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed & 0xff;
  });
  roms.garbage = join(dir, "garbage.rom");
  writeFileSync(roms.garbage, garbage);
});

const hypervisors: Hypervisor[] = [];
after(async () => {
  await Promise.all(hypervisors.map((hv) => hv.close()));
});

function hypervisor(options: ConstructorParameters<typeof Hypervisor>[0] = {}): Hypervisor {
  const hv = new Hypervisor({ workerUrl, ...options });
  hypervisors.push(hv);
  return hv;
}

function nextState(hv: Hypervisor, id: number, state: VmState): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: { id: number; state: VmState }): void => {
      if (event.id !== id || event.state !== state) return;
      hv.off("state", listener);
      resolve();
    };
    hv.on("state", listener);
  });
}

async function counter(hv: Hypervisor, id: number): Promise<number> {
  const { ram } = await hv.machineState(id);
  return ram[0x500] | (ram[0x501] << 8);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test("every lifecycle transition, in order, with the state events it emits", async () => {
  const hv = hypervisor();
  const events: string[] = [];
  hv.on("state", (event) => events.push(`${event.previous}>${event.state}`));
  const id = await hv.create({ profile: "xt", bios: roms.counter, speed: "max" });
  assert.equal(hv.state(id), "created");
  await hv.start(id);
  await hv.waitMs(id, 5);
  await hv.pause(id);
  const paused = await counter(hv, id);
  assert.ok(paused > 0, "the guest ran");
  await sleep(50);
  assert.equal(await counter(hv, id), paused, "a paused VM does not run");
  await hv.resume(id);
  await hv.waitMs(id, 20);
  assert.notEqual(await counter(hv, id), paused);
  await hv.reset(id, "warm");
  await hv.pause(id);
  await hv.reset(id, "cold");
  await hv.powerOff(id);
  await hv.start(id);
  await hv.powerOff(id);
  await hv.destroy(id);
  assert.deepEqual(events, [
    "created>running",
    "running>paused",
    "paused>running",
    "running>paused",
    "paused>running",
    "running>off",
    "off>running",
    "running>off",
    "off>destroyed",
  ]);
  assert.throws(() => hv.state(id), /there is no VM/);
});

test("invalid transitions are refused with a clear error and change nothing", async () => {
  const hv = hypervisor();
  const id = await hv.create({ profile: "at", bios: roms.counter, name: "dos box" });
  await assert.rejects(hv.pause(id), {
    name: "Error",
    message: "dos box is created: it cannot pause (only when running)",
  });
  await assert.rejects(hv.resume(id), LifecycleError);
  await assert.rejects(hv.powerOff(id), /dos box is created: it cannot powerOff \(only when running, paused, halted\)/);
  await assert.rejects(hv.reset(id, "warm"), /cannot reset warm/);
  await hv.start(id);
  await assert.rejects(hv.start(id), /dos box is running: it cannot start \(only when created, off\)/);
  await assert.rejects(hv.resume(id), /is running: it cannot resume/);
  await assert.rejects(hv.advance(id, 1), /is running: it cannot advance/);
  await assert.rejects(hv.loadSnapshot(id, new Uint8Array(8)), /is running: it cannot loadSnapshot/);
  await hv.powerOff(id);
  await assert.rejects(hv.pause(id), /dos box is off: it cannot pause/);
  assert.equal(hv.state(id), "off");
  await assert.rejects(hv.start(12345), /there is no VM 12345/);
  await assert.rejects(hv.create({ profile: "ps2" as "xt" }), /profile is "xt" or "at", not "ps2"/);
  await assert.rejects(hv.create({ profile: "xt", bios: join(dir, "missing.rom") }), /missing\.rom: cannot read/);
  await assert.rejects(
    hv.create({ profile: "xt", bios: roms.counter, floppies: [{ path: join(dir, "none.img"), mode: "overlay" }] }),
    /none\.img: cannot open the image \(no such file\)/,
  );
  await hv.destroy(id);
  assert.deepEqual(hv.list(), []);
});

test("a guest that does CLI; HLT becomes halted, costs (almost) no CPU, and can be reset or powered off", async () => {
  const hv = hypervisor();
  const id = await hv.create({ profile: "xt", bios: roms.cliHlt, speed: "max" });
  const halted = nextState(hv, id, "halted");
  await hv.start(id);
  await halted;
  await assert.rejects(hv.pause(id), /is halted: it cannot pause/);
  // The second stats interval: the first one may still hold the worker's start-up.
  const stats = await new Promise<{ hostCpuPercent: number }>((resolve) => {
    let seen = 0;
    hv.on("stats", function listener(event) {
      if (event.id !== id || ++seen < 2) return;
      hv.off("stats", listener);
      resolve(event.stats);
    });
  });
  assert.ok(stats.hostCpuPercent < 5, `a halted VM used ${stats.hostCpuPercent}% of a core`);
  assert.equal(hv.info(id).diagnostic, null);
  const haltedAgain = nextState(hv, id, "halted");
  await hv.reset(id, "cold");
  await haltedAgain;
  await hv.powerOff(id);
  assert.equal(hv.state(id), "off");
});

test("a guest executing garbage is contained: the VM keeps answering and its neighbour runs on", async () => {
  const hv = hypervisor();
  const garbage = await hv.create({ profile: "at", bios: roms.garbage, speed: "max" });
  const neighbour = await hv.create({ profile: "xt", bios: roms.counter, speed: "max" });
  await hv.start(garbage);
  await hv.start(neighbour);
  // 200 ms of the garbage VM's own time (a halt ends the wait too).
  await hv.waitMs(garbage, 200);
  assert.ok(["running", "halted"].includes(hv.state(garbage)), `garbage VM is ${hv.state(garbage)}`);
  assert.equal(typeof (await hv.screenText(garbage)), "string");
  const before = await counter(hv, neighbour);
  await hv.waitMs(neighbour, 5);
  assert.ok((await counter(hv, neighbour)) !== before, "the neighbour still runs");
  await hv.reset(garbage, "cold");
  await hv.powerOff(garbage);
});

test("a worker killed from outside makes its VM crashed with a diagnostic; the others go on", async () => {
  const hv = hypervisor();
  const victim = await hv.create({ profile: "xt", bios: roms.counter, speed: "max" });
  const other = await hv.create({ profile: "xt", bios: roms.counter, speed: "max" });
  await hv.start(victim);
  await hv.start(other);
  // Both have run (machine time passes only by running), so the victim's status block holds a CS:IP.
  await hv.waitMs(victim, 5);
  await hv.waitMs(other, 5);
  const crashed = nextState(hv, victim, "crashed");
  const pending = hv.waitMs(victim, 1e9);
  await hv.worker(victim).terminate();
  await crashed;
  await assert.rejects(pending, /vm 1 crashed: the worker thread exited \(code 1\)/);
  const { diagnostic } = hv.info(victim);
  assert.ok(diagnostic);
  assert.match(diagnostic.reason, /exited/);
  assert.match(diagnostic.csip, /^F000:F00[0-9A-F]$/, "the last CS:IP is inside the counting loop");
  assert.ok(diagnostic.instructions > 0);
  await assert.rejects(hv.resume(victim), /is crashed: it cannot resume/);
  await assert.rejects(hv.screenText(victim), /is crashed: it cannot be used/);
  const before = await counter(hv, other);
  await hv.waitMs(other, 5);
  assert.notEqual(await counter(hv, other), before);
  await hv.destroy(victim);
  assert.deepEqual(
    hv.list().map((vm) => vm.state),
    ["running"],
  );
});

test("the watchdog crashes a VM whose worker does not beat its heartbeat in time", async () => {
  // The worker beats every 100 ms; a 40 ms watchdog cannot be satisfied, so it must fire.
  const hv = hypervisor({ watchdogMs: 40 });
  const id = await hv.create({ profile: "xt", bios: roms.counter });
  await nextState(hv, id, "crashed");
  assert.match(hv.info(id).diagnostic!.reason, /stopped answering for \d+ ms \(watchdog\)/);
});

test("frames reach the shared buffer with a change counter; screenshots are PNG", async () => {
  const hv = hypervisor();
  // A VGA: the counter ROM sets no mode, and an unprogrammed CGA (the XT's default) shows no picture at all.
  const id = await hv.create({ profile: "xt", video: "vga", bios: roms.counter, speed: "max" });
  assert.equal(hv.frame(id).read(), null, "nothing published before the VM ran");
  await hv.start(id);
  // A burst publishes its frame before the replies of the waits it completed are posted.
  await hv.waitMs(id, 5);
  const frame = hv.frame(id).read();
  assert.ok(frame);
  assert.ok(frame.changeCounter >= 1);
  assert.equal(frame.pixels.length, frame.width * frame.height * 4);
  const png = await hv.screenshot(id);
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});

test("deterministic: run N, snapshot, run M; restored (new VM and same VM), run M: the same full state", async () => {
  const hv = hypervisor();
  const id = await hv.create({ profile: "at", bios: roms.counter, deterministic: true });
  await hv.advance(id, 7);
  const snapshot = await hv.saveSnapshot(id);
  await hv.advance(id, 13);
  const expected = await hv.machineState(id);

  const copy = await hv.restore(snapshot);
  assert.equal(hv.state(copy), "paused");
  await hv.advance(copy, 13);
  assert.deepEqual(await hv.machineState(copy), expected);

  await hv.loadSnapshot(id, snapshot);
  assert.equal(hv.state(id), "paused");
  await hv.advance(id, 13);
  assert.deepEqual(await hv.machineState(id), expected);

  const file = join(dir, "vm.snapshot");
  await hv.saveSnapshotFile(id, file);
  const fromFile = await hv.restore(file);
  assert.deepEqual(await hv.machineState(fromFile), expected);
  await assert.rejects(hv.loadSnapshot(id, new Uint8Array(64)), /not a Realmode snapshot/);
  assert.equal(hv.state(id), "paused", "a refused snapshot leaves the VM as it was");
  assert.deepEqual(await hv.machineState(id), expected);
});
