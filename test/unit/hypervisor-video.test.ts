/**
 * The display adapter through the hypervisor (VmConfig.video): a VM gets a CGA or a VGA, a CGA VM has no video ROM,
 * snapshots record the adapter, and the app's default is the machine's. The CGA guest is
 * test/fixtures/graphics/cga-palettes.asm, which programs the card by port (6845 CRTC, mode control 3D8h) and
 * reports each stage on COM1, so it needs no INT 10h from the system BIOS.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { videoFor } from "../../emulator/machine.ts";
import { Hypervisor } from "../../main/hypervisor/hypervisor.ts";
import { decodeSnapshot, encodeSnapshot } from "../../main/hypervisor/snapshot.ts";
import { defaultVideo } from "../../renderer/host-api.ts";
import { floppyFormat, floppyWithProgram } from "../support/program-runner.ts";

let dir: string;
let floppy: string;
let workerUrl: URL;
const hypervisors: Hypervisor[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-video-"));
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
  const program = new Uint8Array(readFileSync(new URL("../fixtures/graphics/cga-palettes.bin", import.meta.url)));
  floppy = join(dir, "cga-palettes.img");
  writeFileSync(floppy, floppyWithProgram(program, floppyFormat("1.44M")));
});

after(async () => {
  await Promise.all(hypervisors.map((hv) => hv.close()));
  rmSync(dir, { recursive: true, force: true });
});

function hypervisor(): Hypervisor {
  const hv = new Hypervisor({ workerUrl });
  hypervisors.push(hv);
  return hv;
}

/** A PNG's width and height, from its IHDR chunk (PNG specification, 11.2.2). */
function pngSize(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** Runs a paused VM until its COM1 output has `line`, in 100 ms steps of machine time. */
async function advanceUntilSerial(hv: Hypervisor, id: number, output: { text: string }, line: string): Promise<void> {
  for (let ms = 0; !output.text.includes(line); ms += 100) {
    assert.ok(ms < 10_000, `no "${line}" on COM1 within 10 s; it said: ${output.text}`);
    await hv.advance(id, 100);
  }
}

function collectSerial(hv: Hypervisor, id: () => number): { text: string } {
  const output = { text: "" };
  hv.on("serial", (event) => {
    if (event.id === id()) output.text += new TextDecoder().decode(event.bytes);
  });
  return output;
}

test("an XT with video: cga has a CGA and no video ROM: the program's 320x200 and 640x200 frames", async () => {
  const hv = hypervisor();
  let id = 0;
  const serial = collectSerial(hv, () => id);
  id = await hv.create({ profile: "xt", video: "cga", floppies: [{ path: floppy, mode: "read-only" }], serial: true });
  await hv.start(id, { paused: true });
  await advanceUntilSerial(hv, id, serial, "STAGE P0");
  const state = await hv.machineState(id);
  assert.ok(state.devices.cga, "the machine has a CGA");
  assert.equal(state.devices.vga, undefined, "and no VGA");
  assert.deepEqual(pngSize(await hv.screenshot(id)), [320, 200]);
  assert.deepEqual(pngSize(await hv.screenshot(id, { aspect: true })), [320, 240], "stretched to 4:3");

  const snapshot = await hv.saveSnapshot(id);
  const contents = decodeSnapshot(snapshot);
  assert.equal(contents.machine.video, "cga", "the snapshot records the adapter");
  assert.equal(contents.videoRom, undefined, "a CGA machine has no video ROM");
  const copy = await hv.restore(snapshot);
  assert.ok((await hv.machineState(copy)).devices.cga, "restored with its CGA");
  assert.deepEqual(await hv.screenshot(copy), await hv.screenshot(id), "the same picture");

  // On to the 640x200 stage: after each stage the program waits on INT 16h for a key, then reports the next.
  for (const stage of ["P0 BRIGHT", "P1 BLUE", "P1 BRIGHT WHITE", "P2", "P2 BRIGHT RED", "HIRES"]) {
    const key = hv.type(id, " ");
    await hv.advance(id, 200);
    await key;
    await advanceUntilSerial(hv, id, serial, `STAGE ${stage}`);
  }
  assert.deepEqual(pngSize(await hv.screenshot(id)), [640, 200]);
});

test("an XT with no video given has the CGA it shipped with: our BIOS's 80x25 text on 640x200", async () => {
  const hv = hypervisor();
  const id = await hv.create({ profile: "xt", deterministic: true });
  await hv.start(id, { paused: true });
  assert.ok(await hv.advanceUntilText(id, /\S/, 5_000), "the BIOS writes on the screen");
  const state = await hv.machineState(id);
  assert.ok(state.devices.cga, "the machine has a CGA");
  assert.equal(state.devices.vga, undefined);
  assert.deepEqual(pngSize(await hv.screenshot(id)), [640, 200], "mode 3 set by the system BIOS's CGA services");
});

test("an XT with video: vga (and an AT with no video given, the default) has a VGA: the 720x400 text screen", async () => {
  const hv = hypervisor();
  for (const [profile, video] of [
    ["xt", "vga"],
    ["at", undefined],
  ] as const) {
    const id = await hv.create({ profile, video, deterministic: true });
    await hv.start(id, { paused: true });
    assert.ok(await hv.advanceUntilText(id, /\S/, 5_000), "the BIOS writes on the screen");
    const state = await hv.machineState(id);
    assert.ok(state.devices.vga, `${video}: the machine has a VGA`);
    assert.equal(state.devices.cga, undefined);
    assert.deepEqual(pngSize(await hv.screenshot(id)), [720, 400], "the VGA BIOS's mode 3");
    assert.equal(decodeSnapshot(await hv.saveSnapshot(id)).machine.video, "vga");
  }
});

test("a snapshot from before the adapter was recorded restores with the VGA it had", async () => {
  const hv = hypervisor();
  const id = await hv.create({ profile: "at", deterministic: true });
  await hv.advance(id, 50);
  const contents = decodeSnapshot(await hv.saveSnapshot(id));
  const { video: _recorded, ...older } = contents.machine;
  const copy = await hv.restore(encodeSnapshot({ ...contents, machine: older }));
  await hv.advance(id, 20);
  await hv.advance(copy, 20);
  assert.deepEqual(await hv.machineState(copy), await hv.machineState(id));
});

test("an adapter that is neither cga nor vga is refused", async () => {
  const hv = hypervisor();
  await assert.rejects(
    hv.create({ profile: "at", video: "ega" as "vga" }),
    /a display adapter is vga or cga, not "ega"/,
  );
});

test("the app's default display is the machine's (emulator/machine.ts videoFor), for both types", () => {
  for (const type of ["xt", "at"] as const) assert.equal(defaultVideo(type), videoFor(type, undefined), type);
});
