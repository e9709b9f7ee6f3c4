// Our BIOS boots FreeDOS from floppies of several sizes on both machine profiles, and finds an ATA disk on the AT
// (a blank one: no boot signature, so INT 19h reports it and falls through to A:).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildBiosImage, type BiosConfig, type FloppyDriveType } from "../../bios/rom.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { Machine, type MachineProfile } from "../../emulator/machine.ts";
import { MachineSession } from "../../emulator/session.ts";
import { TESTDATA, testData } from "../support/testdata.ts";

const FREEDOS = join(TESTDATA, "images", "freedos");
const ROM = new Uint8Array(readFileSync(new URL("../../bios/realmode-bios.bin", import.meta.url)));
const VGA_ROM = new Uint8Array(readFileSync(new URL("../../bios/realmode-vga.bin", import.meta.url)));

function boot(profile: MachineProfile, image: string, driveType: FloppyDriveType, hardDisk = false): MachineSession {
  const bytes = new Uint8Array(readFileSync(join(FREEDOS, image)));
  const floppy = DiskImage.open(image, new MemoryBlockStore(bytes), "floppy", "read-write");
  const config: BiosConfig = {
    machine: profile,
    bootOrder: hardDisk ? ["c", "a"] : ["a", "c"],
    floppyDrives: [driveType],
    hardDisks: hardDisk ? 1 : 0,
  };
  const blank = new MemoryBlockStore(new Uint8Array(20 * 16 * 63 * 512));
  const machine = new Machine({
    profile,
    rom: buildBiosImage(ROM, config),
    video: "vga",
    videoRom: VGA_ROM,
    floppyDrives: [{ slot: new DriveSlot(floppy), type: driveType }],
    hardDisks: hardDisk ? [DiskImage.open("blank.img", blank, "hard-disk", "read-write")] : [],
    rtcTime: { kind: "fixed", startEpochMs: 0 },
  });
  return new MachineSession(machine);
}

const cases: [MachineProfile, string, FloppyDriveType][] = [
  ["xt", "freedos.boot.disk.360K.img", "360K"],
  ["xt", "freedos.boot.disk.160K.img", "360K"],
  ["at", "freedos.boot.disk.1.4MB.img", "1.44M"],
  ["at", "freedos.boot.disk.1200K.img", "1.2M"],
  ["at", "freedos.boot.disk.720K.img", "720K"],
];

for (const [profile, image, driveType] of cases) {
  test(`${profile}: FreeDOS boots from ${image} in a ${driveType} drive and runs ver /r`, (t) => {
    if (!testData(`images/freedos/${image}`)) return t.skip(`${FREEDOS} has no ${image}`);
    const session = boot(profile, image, driveType);
    assert.ok(session.waitForText(/A:\\>/, 30_000), session.screenText());
    session.type("ver /r\r");
    assert.ok(session.waitForText(/FreeDOS kernel version/, 5_000), session.screenText());
  });
}

test("at: POST finds the ATA disk, INT 19h refuses it without 55AAh and boots A:", (t) => {
  const image = "freedos.boot.disk.1.4MB.img";
  if (!testData(`images/freedos/${image}`)) return t.skip(`${FREEDOS} has no ${image}`);
  const session = boot("at", image, "1.44M", true);
  assert.ok(session.waitForText(/A:\\>/, 30_000), session.screenText());
  const bda = session.machine.memory.bytes.subarray(0x400, 0x500);
  assert.equal(bda[0x75], 1, "40:75 fixed disks");
  assert.equal(bda[0x13] | (bda[0x14] << 8), 639, "40:13 memory size after the 1 KB EBDA");
});

test("xt: POST sizes 640 KB and writes the equipment word", (t) => {
  const image = "freedos.boot.disk.360K.img";
  if (!testData(`images/freedos/${image}`)) return t.skip(`${FREEDOS} has no ${image}`);
  const session = boot("xt", image, "360K");
  session.runMs(1000);
  const bda = session.machine.memory.bytes.subarray(0x400, 0x500);
  assert.equal(bda[0x13] | (bda[0x14] << 8), 640);
  // 1 diskette (bit 0, bits 7-6 = 0), 80x25 colour (bits 5-4 = 10b), COM1+COM2 (bits 11-9 = 2), LPT1 (bit 14).
  assert.equal(bda[0x10] | (bda[0x11] << 8), 0x4421);
  assert.equal(bda[0x49], 3, "video mode 3");
});
