/**
 * FreeDOS boots from a hard disk on the AT (issue 3, "Done when"): the test builds a 39 MB disk image in memory —
 * our master boot record, one FAT16 partition with our boot sector, KERNEL.SYS and COMMAND.COM copied from the
 * FreeDOS floppy, our own CONFIG.SYS and AUTOEXEC.BAT — boots it with the floppy in A:, has DOS write a file to C:
 * and one to A:, and reads both back out of the images with our FAT reader.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { Machine } from "../../emulator/machine.ts";
import { MachineSession } from "../../emulator/session.ts";
import { loadRom, loadVideoRom } from "../../main/rom-file.ts";
import { FatVolume } from "../support/fat/fat-volume.ts";
import { createHardDisk, partitionBytes } from "../support/fat/hard-disk.ts";
import { readPartitionTable } from "../support/fat/partition-table.ts";
import { testData } from "../support/testdata.ts";

/**
 * 80 cylinders of 16 heads and 63 sectors: 80,640 sectors, 39.4 MB, so the partition is type 06h with a 32-bit
 * sector count, and FAT16 needs two-sector clusters.
 */
const SHAPE = { cylinders: 80, heads: 16, sectorsPerTrack: 63 } as const;
/** Virtual time allowed to reach the prompt: POST, the kernel's 2 s "F5/F8" pause, CONFIG.SYS and AUTOEXEC.BAT. */
const BOOT_LIMIT_MS = 30_000;
const COMMAND_LIMIT_MS = 5_000;

const CONFIG_SYS = "FILES=20\r\nBUFFERS=20\r\nSHELL=C:\\COMMAND.COM C:\\ /E:512 /P\r\n";
const AUTOEXEC_BAT = "@ECHO OFF\r\nECHO Realmode hard disk\r\n";

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/boot/${name}.bin`, import.meta.url)));
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Known BIOS bug, reported: INT 13h AH=02h on a fixed disk reads the wrong block. hd_fn_chs in bios/src/disk.asm
 * sets AH=04h (its error code) after hd_chs_to_lba returns the block in DX:AX, so bits 15-8 of the block become 04h:
 * INT 19h's read of CHS 0/0/1 returns block 400h and reports "not bootable (no 55AAh signature)". With the error
 * code set only on the failure path this test passes.
 */

test("FreeDOS boots from a FAT16 hard disk on the at and writes files to C: and A:", (t) => {
  const floppyPath = testData("images/freedos/freedos.boot.disk.1.4MB.img");
  if (!floppyPath) return t.skip("shared test data missing");
  const floppyBytes = new Uint8Array(readFileSync(floppyPath));
  const floppyFiles = new FatVolume(floppyBytes);
  const floppyNames = floppyFiles.list().map((entry) => entry.name);

  const disk = createHardDisk({
    ...SHAPE,
    mbrCode: fixture("mbr"),
    bootSector: fixture("fat16-boot"),
    label: "REALMODE",
    volumeId: 0x19900101,
  });
  // Make our boot sector search and follow: KERNEL.SYS's entry in the root directory's second sector, its clusters
  // scattered over holes and running from the first FAT sector's entries into the second's.
  const clusterSize = disk.volume.bpb.sectorsPerCluster * disk.volume.bpb.bytesPerSector;
  disk.volume.writeFile("PAD.BIN", new Uint8Array(240 * clusterSize));
  for (let i = 0; i < 24; i++) disk.volume.writeFile(`FILL${i}.TMP`, new Uint8Array(clusterSize));
  for (let i = 1; i < 24; i += 2) disk.volume.writeFile(`FILL${i}.TMP`, new Uint8Array(0));
  const kernelSys = floppyFiles.readFile("KERNEL.SYS");
  disk.volume.writeFile("KERNEL.SYS", kernelSys);
  const kernel = disk.volume.find("KERNEL.SYS");
  assert.ok(kernel && kernel.offset >= 512 && kernel.firstCluster < 256, "KERNEL.SYS is not where the test wants it");
  disk.volume.writeFile("COMMAND.COM", floppyFiles.readFile("COMMAND.COM"));
  disk.volume.writeFile("CONFIG.SYS", ascii(CONFIG_SYS));
  disk.volume.writeFile("AUTOEXEC.BAT", ascii(AUTOEXEC_BAT));

  const hardDisk = DiskImage.open("c.img", new MemoryBlockStore(disk.bytes), "hard-disk", "read-write");
  assert.deepEqual(hardDisk.geometry, SHAPE);
  const floppy = DiskImage.open("a.img", new MemoryBlockStore(floppyBytes), "floppy", "read-write");
  const machine = new Machine({
    profile: "at",
    rom: loadRom(undefined, { machine: "at", bootOrder: ["c", "a"], floppyDrives: ["1.44M", "1.44M"], hardDisks: 1 }),
    videoRom: loadVideoRom(),
    hardDisks: [hardDisk],
    floppyDrives: [
      { slot: new DriveSlot(floppy), type: "1.44M" },
      { slot: new DriveSlot(), type: "1.44M" },
    ],
    rtcTime: { kind: "fixed", startEpochMs: Date.UTC(1990, 0, 1) },
  });
  const session = new MachineSession(machine);

  const prompt = session.waitForText(/Realmode hard disk\n+C:\\>/, BOOT_LIMIT_MS);
  assert.ok(prompt, `no C:\\> prompt after AUTOEXEC.BAT within ${BOOT_LIMIT_MS} ms:\n${session.screenText()}`);
  session.type("echo hello>C:\\HELLO.TXT\r");
  assert.ok(session.waitForText(/HELLO\.TXT\n+C:\\>/, COMMAND_LIMIT_MS), session.screenText());
  session.type("echo world>A:\\WORLD.TXT\r");
  assert.ok(session.waitForText(/WORLD\.TXT\n+C:\\>/, COMMAND_LIMIT_MS), session.screenText());

  // Read the images afresh from their bytes, as a host would read the files.
  const [partition] = readPartitionTable(disk.bytes);
  const driveC = new FatVolume(partitionBytes(disk.bytes, partition));
  assert.equal(new TextDecoder().decode(driveC.readFile("HELLO.TXT")), "hello\r\n");
  assert.deepEqual(driveC.readFile("KERNEL.SYS"), kernelSys, "DOS's write left the other files alone");
  const driveA = new FatVolume(floppyBytes);
  assert.equal(new TextDecoder().decode(driveA.readFile("WORLD.TXT")), "world\r\n");
  // DOS may reuse a deleted entry for the new file, so compare the names, not their order.
  assert.deepEqual(
    driveA
      .list()
      .map((entry) => entry.name)
      .sort(),
    [...floppyNames, "WORLD.TXT"].sort(),
  );
});
