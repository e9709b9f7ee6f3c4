/**
 * The mouse through the hypervisor: `mouseInput` reaches the VM's mouse, and the PS/2 mouse's packet reaches the
 * 8042. The guest is a tiny ROM of our own (mapped at FE000h, entered from the reset vector) that enables the mouse
 * with 8042 command D4h followed by F4h (IBM PS/2 Hardware Interface Technical Reference, "Keyboard/Auxiliary Device
 * Controller" and "Pointing Device") and then spins without reading port 60h, so what the mouse sent stays in the
 * controller where machineState shows it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor } from "../../main/hypervisor/hypervisor.ts";

const ROM_BYTES = 0x2000;
const CODE_OFFSET = 0x1000;
const RESET_VECTOR = [0xea, 0x00, 0xf0, 0x00, 0xf0]; // JMP FAR F000:F000

// prettier-ignore
const ENABLE_MOUSE = [
  0xb0, 0xd4, //       mov al,0D4h   ; the next data byte goes to the auxiliary device
  0xe6, 0x64, //       out 64h,al
  0xb0, 0xf4, //       mov al,0F4h   ; enable data reporting
  0xe6, 0x60, //       out 60h,al
  0xeb, 0xfe, // spin: jmp spin
];

let dir: string;
let rom: string;
let workerUrl: URL;
const hypervisors: Hypervisor[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-mouse-"));
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
  const image = new Uint8Array(ROM_BYTES);
  image.set(ENABLE_MOUSE, CODE_OFFSET);
  image.set(RESET_VECTOR, 0x1ff0);
  rom = join(dir, "mouse.rom");
  writeFileSync(rom, image);
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

test("an AT's PS/2 mouse: mouseInput becomes a packet in the 8042, and survives a snapshot", async () => {
  const hv = hypervisor();
  const id = await hv.create({ profile: "at", bios: rom, deterministic: true });
  await hv.start(id, { paused: true });
  await hv.advance(id, 5);
  let kbc = (await hv.machineState(id)).devices["keyboard-controller"];
  assert.equal(kbc.outputFull, true);
  assert.equal(kbc.outputBuffer, 0xfa, "the mouse acknowledged F4h");
  await hv.mouseInput(id, 10, 5, 1);
  await hv.advance(id, 20);
  kbc = (await hv.machineState(id)).devices["keyboard-controller"];
  // Left button, Y 5 down = -5 up (sign bit 5): 29h, 0Ah, FBh behind the unread ACK.
  assert.deepEqual(kbc.auxQueue, Uint8Array.of(0x29, 0x0a, 0xfb));

  await hv.mouseInput(id, -3, 0, 0);
  const snapshot = await hv.saveSnapshot(id);
  const copy = await hv.restore(snapshot);
  await hv.advance(id, 20);
  await hv.advance(copy, 20);
  const [original, restored] = await Promise.all([hv.machineState(id), hv.machineState(copy)]);
  assert.deepEqual(restored.devices["ps2-mouse"], original.devices["ps2-mouse"]);
  assert.deepEqual(restored.devices["keyboard-controller"].auxQueue, Uint8Array.of(0x29, 0x0a, 0xfb, 0x18, 0xfd, 0));
  assert.deepEqual(original.devices["keyboard-controller"].auxQueue, restored.devices["keyboard-controller"].auxQueue);
});

test("no PS/2 mouse on the XT; a serial mouse on COM1 takes the serial console's port", async () => {
  const hv = hypervisor();
  await assert.rejects(hv.create({ profile: "xt", bios: rom, mouse: "ps2" }), /xt machine has no 8042/);
  const id = await hv.create({ profile: "xt", bios: rom, mouse: "com1", serial: true });
  assert.equal(hv.info(id).serialAvailable, false);
  await hv.start(id, { paused: true });
  await assert.rejects(hv.serialInput(id, Uint8Array.of(0x41)), /COM1 has the serial mouse/);
  await hv.mouseInput(id, 1, 1, 0);
  assert.equal((await hv.machineState(id)).devices["serial-mouse"].motionX, 1, "unpowered: the motion waits");
  const other = await hv.create({ profile: "xt", bios: rom, mouse: "com2", serial: true });
  assert.equal(hv.info(other).serialAvailable, true);
  const none = await hv.create({ profile: "at", bios: rom, mouse: "none" });
  await hv.start(none, { paused: true });
  await hv.mouseInput(none, 5, 5, 1);
  assert.equal((await hv.machineState(none)).devices["ps2-mouse"], undefined);
  await assert.rejects(hv.mouseInput(none, 0.5, 0, 0), /whole numbers/);
});
