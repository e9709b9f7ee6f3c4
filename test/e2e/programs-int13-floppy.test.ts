/**
 * INT 13h diskette services on every standard diskette size (issue 3: "INT 13h on every floppy size"):
 * test/fixtures/programs/int13-floppy.asm boots from an image of each size, in the drive made for it, and reads,
 * writes, verifies and asks for parameters on the disk it booted from.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FLOPPY_FORMATS, type FloppyFormat } from "../../emulator/disk/floppy-geometry.ts";
import type { FloppyDriveType } from "../../emulator/machine.ts";
import { SECTOR_SIZE } from "../../emulator/disk/disk-geometry.ts";
import { floppyFormat, floppyWithProgram, programBinary, ProgramRun } from "../support/program-runner.ts";
import { fillSector, sectorIsFilled } from "../support/sector-pattern.ts";

/** Last cylinder + 1, heads and sectors per track of each drive type, as AH=08h reports them (RBIL INT 13h/08h). */
const DRIVE_GEOMETRY: Readonly<Record<string, readonly [number, number, number]>> = {
  "360K": [40, 2, 9],
  "1.2M": [80, 2, 15],
  "720K": [80, 2, 9],
  "1.44M": [80, 2, 18],
  "2.88M": [80, 2, 36],
};
/** The drive each format is written in: 40-track formats in the 360 KB drive, the others in their own. */
const DRIVE_FOR: Readonly<Record<string, FloppyDriveType>> = {
  "160K": "360K",
  "180K": "360K",
  "320K": "360K",
  "360K": "360K",
  "720K": "720K",
  "1.2M": "1.2M",
  "1.44M": "1.44M",
  "2.88M": "2.88M",
};
/**
 * 40:90 after the run (RBIL MEM 0040h:0090h): data rate in bits 7-6 (00 = 500, 01 = 300, 10 = 250 kbit/s, 11 =
 * 1 Mbit/s), bit 5 double stepping, bit 4 media established, bits 2-0 3 = 360 KB in 360 KB, 4 = 360 KB in 1.2 MB,
 * 5 = 1.2 MB in 1.2 MB, 7 = any other.
 */
const MEDIA_STATE: Readonly<Record<string, number>> = {
  "360K": 0x93,
  "720K": 0x97,
  "1.2M": 0x15,
  "1.44M": 0x17,
  "2.88M": 0xd7,
};
const BDA_MEDIA_STATE = 0x490;
/** BL of AH=08h: the CMOS drive type numbers. */
const DRIVE_TYPE_NUMBER: Readonly<Record<string, number>> = { "360K": 1, "1.2M": 2, "720K": 3, "1.44M": 4, "2.88M": 5 };

function lba(format: FloppyFormat, cylinder: number, head: number, sector: number): number {
  return (cylinder * format.heads + head) * format.sectorsPerTrack + sector - 1;
}

function runOn(profile: "xt" | "at", format: FloppyFormat, drive: FloppyDriveType): ProgramRun {
  const floppy = floppyWithProgram(programBinary("int13-floppy"), format, fillSector);
  const run = new ProgramRun({ profile, floppy, drive });
  run.finish(20_000);
  return run;
}

function checkRun(run: ProgramRun, profile: "xt" | "at", format: FloppyFormat, drive: FloppyDriveType): void {
  const { cylinders, heads, sectorsPerTrack: spt } = format;
  assert.equal(run.value("GEOMETRY"), `${cylinders} ${heads} ${spt}`);
  assert.equal(run.value("RESET"), "00 00");
  const [driveCylinders, driveHeads, driveSpt] = DRIVE_GEOMETRY[drive];
  assert.equal(
    run.value("PARAMS"),
    `00 00 TYPE ${DRIVE_TYPE_NUMBER[drive]} CYL ${driveCylinders} HEADS ${driveHeads} SPT ${driveSpt} DRIVES 1`,
  );
  assert.equal(run.value("DPT SPT"), String(driveSpt));
  // AH=15h: 01 = a drive without change line (every XT drive, the AT's 360 KB drive), 02 = with change line.
  const changeLine = profile === "at" && drive !== "360K";
  assert.equal(run.value("TYPE"), changeLine ? "00 02" : "00 01");
  // AH=16h: no change line means "may have changed" (06h, CF=1); the AT's line was cleared by the boot's seek.
  assert.equal(run.value("CHANGE"), changeLine ? "00 00" : "01 06");
  assert.equal(run.value("READ1"), `00 00 01 LBA ${lba(format, 1, 0, 3)} OK 1`);
  const count = heads === 2 ? 4 : 2;
  const first = lba(format, 2, 0, spt - 1);
  assert.equal(run.value("READN"), `00 00 0${count} LBA ${first} ${first + count - 1} OK 1`);
  assert.equal(run.value("READLAST"), `00 00 01 LBA ${cylinders * heads * spt - 1} OK 1`);
  assert.equal(run.value("WRITE"), "00 00 02");
  assert.equal(run.value("READBACK"), "00 00 02 SAME 1");
  assert.equal(run.value("VERIFY"), "00 00 03");
  assert.match(run.value("BADSECTOR"), /^01 04$/);
  assert.equal(run.value("STATUS"), "01 04");
  assert.equal(run.value("RESET2"), "00 00");
  assert.equal(run.machine.memory.bytes[BDA_MEDIA_STATE], MEDIA_STATE[drive], "40:90 media state");
  // The write reached the image: A5h 5Ah filler with BEEFh and CAFEh in the first words.
  const written = new Uint8Array(2 * SECTOR_SIZE);
  run.floppy.readSectors(lba(format, 3, heads - 1, 1), 2, written, 0);
  assert.deepEqual([...written.subarray(0, 4)], [0xef, 0xbe, 0xa5, 0x5a]);
  assert.deepEqual([...written.subarray(512, 516)], [0xfe, 0xca, 0xa5, 0x5a]);
  assert.deepEqual([...written.subarray(1020, 1024)], [0xa5, 0x5a, 0xa5, 0x5a]);
  // Nothing else changed: the sectors before and after are still the test's.
  const around = new Uint8Array(SECTOR_SIZE);
  for (const neighbour of [lba(format, 3, heads - 1, 1) - 1, lba(format, 3, heads - 1, 1) + 2]) {
    run.floppy.readSectors(neighbour, 1, around, 0);
    assert.ok(sectorIsFilled(neighbour, around), `sector ${neighbour} was changed`);
  }
}

for (const profile of ["xt", "at"] as const) {
  for (const format of FLOPPY_FORMATS) {
    const drive = DRIVE_FOR[format.label];
    const name = `INT 13h on a ${format.label} diskette in a ${drive} drive (${profile})`;
    test(name, () => {
      checkRun(runOn(profile, format, drive), profile, format, drive);
    });
  }
}

/**
 * A 360 KB disk in a 1.2 MB drive: the BIOS's first media guess for the drive, 1.2 MB at 500 kbit/s, finds no
 * address marks, so it falls back to 360 KB media at 300 kbit/s and steps two tracks per cylinder.
 */
test("INT 13h on a 360K diskette in a 1.2M drive: double stepping (at)", () => {
  const format = floppyFormat("360K");
  const drive: FloppyDriveType = "1.2M";
  const run = runOn("at", format, drive);
  assert.equal(run.value("READ1"), `00 00 01 LBA ${lba(format, 1, 0, 3)} OK 1`);
  assert.equal(run.value("READLAST"), `00 00 01 LBA ${format.cylinders * 2 * 9 - 1} OK 1`);
  assert.equal(run.value("READBACK"), "00 00 02 SAME 1");
  assert.equal(
    run.machine.memory.bytes[BDA_MEDIA_STATE],
    0x74,
    "300 kbit/s, double stepping, 360K in 1.2M established",
  );
});
