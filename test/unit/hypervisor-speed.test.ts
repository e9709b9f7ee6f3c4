/**
 * Speed and deterministic stepping, all measured in machine time (no wall-clock assertions): a VM powered on
 * paused has run nothing; `advance` runs exactly the machine time asked for, or until text appears; a new MHz
 * changes the clock of the running machine (Machine.setClockHz) in place, so the same machine time holds
 * proportionally more instructions; "max" keeps the clock; a snapshot keeps the clock it was taken at.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor } from "../../main/hypervisor/hypervisor.ts";

const ROM_BYTES = 0x2000;
// F000:F000: mov ax,0 / mov ds,ax / l: inc word [0500h] / jmp l — the same few clocks per pass, forever.
const COUNTER = [0xb8, 0x00, 0x00, 0x8e, 0xd8, 0xff, 0x06, 0x00, 0x05, 0xeb, 0xfa];
const XT_MHZ = 14.31818 / 3;

let dir: string;
let hv: Hypervisor;
let rom: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-speed-"));
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  hv = new Hypervisor({ workerUrl: new URL(await bundle.build("vm-worker")) });
  const code = new Uint8Array(ROM_BYTES);
  code.set(COUNTER, 0x1000);
  code.set([0xea, 0x00, 0xf0, 0x00, 0xf0], 0x1ff0); // FFFF0h: jmp far F000:F000
  rom = join(dir, "counter.rom");
  writeFileSync(rom, code);
});

after(async () => {
  await hv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function instructions(id: number): Promise<number> {
  return (await hv.machineState(id)).cpu.instructionCount;
}

async function machineMs(id: number): Promise<number> {
  return (await hv.machineState(id)).time / 1e6;
}

test("start paused runs nothing; advance runs exactly the machine time asked for", async () => {
  const id = await hv.create({ profile: "xt", bios: rom, deterministic: true, speed: "max" });
  await hv.start(id, { paused: true });
  assert.equal(hv.state(id), "paused");
  assert.equal(await instructions(id), 0);
  await hv.advance(id, 12.5);
  assert.ok(Math.abs((await machineMs(id)) - 12.5) < 0.01, `ran to ${await machineMs(id)} ms`);
  assert.equal(hv.state(id), "paused");
  assert.equal(await hv.advanceUntilText(id, /never on this screen/, 30), false);
  assert.ok(Math.abs((await machineMs(id)) - 42.5) < 0.01);
  assert.equal(await hv.advanceUntilText(id, /^/, 1000), true, "a pattern already matching stops at once");
  assert.ok(Math.abs((await machineMs(id)) - 42.5) < 0.01);
  await hv.destroy(id);
});

test("a new MHz changes the clock in place; max keeps it; a snapshot keeps it", async () => {
  const id = await hv.create({ profile: "xt", bios: rom, deterministic: true, speed: "max" });
  await hv.start(id, { paused: true });
  await hv.advance(id, 20);
  const atXt = await instructions(id);
  await hv.setSpeed(id, 2 * XT_MHZ);
  await hv.advance(id, 20);
  const atDouble = (await instructions(id)) - atXt;
  const ratio = atDouble / atXt;
  assert.ok(ratio > 1.98 && ratio < 2.02, `twice the clock ran ${ratio.toFixed(3)} times the instructions`);

  const snapshot = await hv.saveSnapshot(id);
  await hv.setSpeed(id, "max");
  const before = await instructions(id);
  await hv.advance(id, 20);
  const atMax = (await instructions(id)) - before;
  assert.ok(Math.abs(atMax - atDouble) <= 2, `"max" kept the clock: ${atMax} vs ${atDouble} instructions in 20 ms`);

  const copy = await hv.restore(snapshot, { speed: "max" });
  await hv.advance(copy, 20);
  assert.deepEqual(await hv.machineState(copy), await hv.machineState(id), "restored at the snapshot's clock");
  await hv.destroy(copy);
  await hv.destroy(id);
});
