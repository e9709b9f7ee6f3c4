/**
 * The AT's fixed disk (issue 3: "ATA"): test/fixtures/programs/ata.asm boots from a floppy and uses hard disk 80h
 * through INT 13h (CHS services and the extensions 41h-48h) and the ATA registers directly (IDENTIFY DEVICE, READ
 * SECTORS in LBA mode).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { SECTOR_SIZE } from "../../emulator/disk/disk-geometry.ts";
import { runProgram, type ProgramRun } from "../support/program-runner.ts";
import { fillSector, sectorIsFilled } from "../support/sector-pattern.ts";

/** No partition table, so the image takes the default 16 heads and 63 sectors per track; 40 cylinders. */
const CYLINDERS = 40;
const HEADS = 16;
const SPT = 63;
const SECTORS = CYLINDERS * HEADS * SPT;

function patternDisk(): DiskImage {
  const bytes = new Uint8Array(SECTORS * SECTOR_SIZE);
  for (let lba = 0; lba < SECTORS; lba++) fillSector(lba, bytes.subarray(lba * SECTOR_SIZE, (lba + 1) * SECTOR_SIZE));
  return DiskImage.open("hd.img", new MemoryBlockStore(bytes), "hard-disk", "read-write");
}

function chs(cylinder: number, head: number, sector: number): number {
  return (cylinder * HEADS + head) * SPT + sector - 1;
}

/** One run of the program serves every test below; each checks its own part of the report. */
let shared: { run: ProgramRun; disk: DiskImage } | undefined;
function ataRun(): { run: ProgramRun; disk: DiskImage } {
  if (!shared) {
    const disk = patternDisk();
    shared = { run: runProgram("ata", "at", 20_000, { hardDisks: [disk] }), disk };
  }
  return shared;
}

/**
 * BIOS bug (bios/src/disk.asm, hd_fn_chs and hd_fn_seek): after `call hd_chs_to_lba`, which returns the block in
 * DX:AX, the handler does `mov ah, 04h` (the status for "jc .fail") before the jump, overwriting bits 15-8 of the
 * block. Every CHS read, write or verify beyond block 255 reaches block (LBA & FF00FFh) | 0400h: cylinder 5 head 3
 * sector 7 (block 5235 = 1473h) reads block 0473h = 1139. Found with this program: "READ 00 00 01 LBA 1139".
 */

test("hard disk 80h: the image takes the default geometry", () => {
  const disk = patternDisk();
  assert.deepEqual(disk.geometry, { cylinders: CYLINDERS, heads: HEADS, sectorsPerTrack: SPT });
});

test("INT 13h AH=08h and AH=15h describe hard disk 80h (at)", () => {
  const { run } = ataRun();
  assert.equal(run.value("PARAMS"), `00 00 CYL ${CYLINDERS} HEADS ${HEADS} SPT ${SPT} DRIVES 1`);
  assert.equal(run.value("TYPE"), `00 03 SECTORS ${SECTORS}`);
});

test("INT 13h AH=02h/03h read and write CHS sectors on hard disk 80h (at)", () => {
  const { run, disk } = ataRun();
  assert.equal(run.value("READ"), `00 00 01 LBA ${chs(5, 3, 7)} OK 1`);
  assert.equal(run.value("READN"), `00 00 04 LBA ${chs(1, 15, 62)} ${chs(2, 0, 2)} OK 1`);
  assert.equal(run.value("WRITE"), "00 00 02");
  assert.equal(run.value("READBACK"), "00 00 02 SAME 1");
  // The write is in the image at CHS 10/0/1 and 10/0/2; the neighbours are untouched.
  const sector = new Uint8Array(SECTOR_SIZE);
  disk.readSectors(chs(10, 0, 1), 1, sector, 0);
  assert.deepEqual([...sector.subarray(0, 4)], [0xef, 0xbe, 0xa5, 0x5a]);
  disk.readSectors(chs(10, 0, 2), 1, sector, 0);
  assert.deepEqual([...sector.subarray(0, 4)], [0xfe, 0xca, 0xa5, 0x5a]);
  for (const lba of [chs(10, 0, 1) - 1, chs(10, 0, 3)]) {
    disk.readSectors(lba, 1, sector, 0);
    assert.ok(sectorIsFilled(lba, sector), `sector ${lba} was changed`);
  }
});

test("INT 13h extensions 41h, 42h, 43h, 48h on hard disk 80h (at)", () => {
  const { run, disk } = ataRun();
  // AH=41h: BX = AA55h, AH = the version, CX bit 0 = the fixed disk access subset (42h-44h, 47h, 48h).
  assert.match(run.value("EXT"), /^00 (01|20|21|30) BX AA55 CX 000[1357]$/);
  assert.equal(run.value("EXTREAD"), "00 00 COUNT 2 LBA 30000 30001 OK 1");
  assert.equal(run.value("EXTWRITE"), "00 00 COUNT 1");
  assert.equal(run.value("EXTBACK"), "00 00 SAME 1");
  const [badCf, badStatus, , badCount] = run.value("EXTBAD").split(" ");
  assert.equal(badCf, "01", "a read past the end of the disk must fail");
  assert.notEqual(badStatus, "00");
  assert.equal(badCount, "0");
  const sectorsHex = SECTORS.toString(16).toUpperCase().padStart(8, "0");
  assert.equal(
    run.value("EXTPARAMS"),
    `00 00 SIZE 26 CYL ${CYLINDERS} HEADS ${HEADS} SPT ${SPT} SECTORS ${sectorsHex} BPS 512`,
  );
  const sector = new Uint8Array(SECTOR_SIZE);
  disk.readSectors(35000, 1, sector, 0);
  assert.ok(sector.every((byte, i) => byte === (i % 2 === 0 ? 0x34 : 0x12)));
  for (const lba of [34999, 35001]) {
    disk.readSectors(lba, 1, sector, 0);
    assert.ok(sectorIsFilled(lba, sector), `sector ${lba} was changed`);
  }
});

test("ATA registers: IDENTIFY DEVICE and READ SECTORS in LBA mode (at)", () => {
  const { run } = ataRun();
  assert.equal(run.value("IDENTIFY CYL"), `${CYLINDERS} HEADS ${HEADS} SPT ${SPT}`);
  const identifyStatus = run.hex("IDENTIFY STATUS");
  assert.equal(identifyStatus & 0xc9, 0x40, `status ${identifyStatus.toString(16)}: DRDY, not BSY, DRQ or ERR`);
  const [readStatus, ...readRest] = run.value("ATA READ STATUS").split(" ");
  assert.equal(parseInt(readStatus, 16) & 0xc9, 0x40);
  assert.equal(readRest.join(" "), "LBA 12345 OK 1");
});
