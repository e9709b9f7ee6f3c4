/**
 * The tests' FAT library (test/support/fat/): it reads the FreeDOS floppies of the shared test data (FAT12 with
 * one- and two-sector clusters), writes files into FAT12 and FAT16 root directories and reads them back, and builds
 * partitioned FAT16 hard-disk images whose table and BPB say what the emulator's disk code and DOS expect.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { partitionTableGeometry } from "../../emulator/disk/hard-disk-geometry.ts";
import { readBpb } from "../support/fat/bpb.ts";
import { ATTRIBUTE, dosTimestamp, parseDirectory, shortName } from "../support/fat/directory.ts";
import { FatVolume } from "../support/fat/fat-volume.ts";
import { formatFat16, MEDIA_FIXED_DISK } from "../support/fat/format.ts";
import { createHardDisk, partitionBytes } from "../support/fat/hard-disk.ts";
import { chsBytes, readPartitionTable, writePartitionEntry } from "../support/fat/partition-table.ts";
import { testData } from "../support/testdata.ts";

const FLOPPY_SIZES = ["160K", "360K", "720K", "1200K", "1.4MB"];
/** The root directory of every FreeDOS boot floppy, in directory order, with the sizes `mdir` reports. */
const FREEDOS_FILES = [
  ["AUTOEXEC.BAT", 408],
  ["KERNEL.SYS", 45450],
  ["COMMAND.COM", 66090],
  ["CONFIG.SYS", 209],
  ["README.TXT", 214],
] as const;

function freedosFloppy(size: string): Uint8Array | undefined {
  const path = testData(`images/freedos/freedos.boot.disk.${size}.img`);
  return path === undefined ? undefined : new Uint8Array(readFileSync(path));
}

/** Bytes that differ at every position, so a misplaced cluster shows. */
function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >> 9) + seed) & 0xff;
  return bytes;
}

/** A small hard disk: 20 cylinders of 16 heads and 63 sectors (about 10 MB), with placeholder boot code. */
function smallDisk() {
  const bootSector = new Uint8Array(512);
  bootSector.set([0xeb, 0x3c, 0x90]);
  bootSector[510] = 0x55;
  bootSector[511] = 0xaa;
  const mbrCode = new Uint8Array(512).fill(0xcc);
  return createHardDisk({
    cylinders: 20,
    heads: 16,
    sectorsPerTrack: 63,
    mbrCode,
    bootSector,
    label: "TEST",
    volumeId: 0x12345678,
  });
}

for (const size of FLOPPY_SIZES) {
  test(`reads the root directory and files of the FreeDOS ${size} floppy`, (t) => {
    const bytes = freedosFloppy(size);
    if (!bytes) return t.skip("shared test data missing");
    const volume = new FatVolume(bytes);
    assert.equal(volume.fatType, 12);
    const listed = volume.list().map((entry) => [entry.name, entry.size]);
    assert.deepEqual(
      listed.filter(([name]) => FREEDOS_FILES.some(([known]) => known === name)),
      FREEDOS_FILES.map(([name, length]) => [name, length]),
    );
    for (const [name, length] of FREEDOS_FILES) assert.equal(volume.readFile(name).length, length);
    const config = new TextDecoder().decode(volume.readFile("config.sys"));
    assert.match(config, /^SWITCHES=\/N\r\n/);
    assert.match(config, /SHELL=A:\\COMMAND\.COM \/E:512 \/MSG \/P\r\n/);
    // COMMAND.COM is an MZ executable whose header's page counts give its load image size.
    const command = volume.readFile("COMMAND.COM");
    assert.equal(String.fromCharCode(command[0], command[1]), "MZ");
  });
}

test("every FreeDOS floppy holds the same KERNEL.SYS and COMMAND.COM, whatever its FAT and root directory size", (t) => {
  const images = FLOPPY_SIZES.map((size) => freedosFloppy(size));
  if (images.some((bytes) => bytes === undefined)) return t.skip("shared test data missing");
  const [first, ...others] = images.map((bytes) => new FatVolume(bytes as Uint8Array));
  // The layouts differ (1 to 9 sectors per FAT, 64 to 224 root entries), so the data regions start elsewhere.
  assert.equal(new Set([first, ...others].map((volume) => volume.layout.dataStart)).size, FLOPPY_SIZES.length);
  for (const other of others) {
    assert.deepEqual(other.readFile("KERNEL.SYS"), first.readFile("KERNEL.SYS"));
    assert.deepEqual(other.readFile("COMMAND.COM"), first.readFile("COMMAND.COM"));
  }
});

test("writes, replaces and reads back files on a FAT12 floppy, in both FATs", (t) => {
  const bytes = freedosFloppy("1.4MB");
  if (!bytes) return t.skip("shared test data missing");
  const volume = new FatVolume(bytes);
  const clusterSize = volume.bpb.sectorsPerCluster * volume.bpb.bytesPerSector;
  const freeBefore = volume.freeClusters();
  const big = pattern(5000, 1);
  volume.writeFile("big.dat", big);
  assert.equal(volume.freeClusters(), freeBefore - Math.ceil(5000 / clusterSize));
  const small = pattern(3, 2);
  volume.writeFile("BIG.DAT", small);
  assert.equal(volume.freeClusters(), freeBefore - 1);
  volume.writeFile("EMPTY", new Uint8Array(0));
  assert.equal(volume.freeClusters(), freeBefore - 1);

  const reopened = new FatVolume(bytes);
  assert.deepEqual(reopened.readFile("BIG.DAT"), small);
  assert.deepEqual(reopened.readFile("EMPTY"), new Uint8Array(0));
  assert.equal(reopened.find("EMPTY")?.firstCluster, 0);
  assert.equal(reopened.readFile("KERNEL.SYS").length, 45450, "the files already there are untouched");
  const fatBytes = volume.bpb.sectorsPerFat * volume.bpb.bytesPerSector;
  const fat1 = volume.layout.fatStart * volume.bpb.bytesPerSector;
  assert.deepEqual(bytes.subarray(fat1, fat1 + fatBytes), bytes.subarray(fat1 + fatBytes, fat1 + 2 * fatBytes));
});

test("FAT12 entries of odd and even clusters share their middle byte correctly", (t) => {
  const bytes = freedosFloppy("1.4MB");
  if (!bytes) return t.skip("shared test data missing");
  const volume = new FatVolume(bytes);
  // Three files of one cluster each take three consecutive free clusters: each ends its own chain.
  const names = ["ONE", "TWO", "THREE"];
  names.forEach((name, i) => volume.writeFile(name, pattern(10, i)));
  const clusters = names.map((name) => volume.find(name)?.firstCluster ?? 0);
  assert.deepEqual(clusters, [clusters[0], clusters[0] + 1, clusters[0] + 2]);
  for (const cluster of clusters) assert.equal(volume.fatEntry(cluster), 0xfff);
  names.forEach((name, i) => assert.deepEqual(volume.readFile(name), pattern(10, i)));
});

test("a hard disk image has one active FAT16 partition from head 1 to the end of the disk", () => {
  const disk = smallDisk();
  const total = 20 * 16 * 63;
  assert.equal(disk.bytes.length, total * 512);
  assert.deepEqual(readPartitionTable(disk.bytes), [
    { active: true, type: 0x04, startLba: 63, sectorCount: total - 63 },
  ]);
  // CHS of the first sector (head 1, sector 1, cylinder 0) and the last (head 15, sector 63, cylinder 19).
  assert.deepEqual([...disk.bytes.subarray(0x1be, 0x1c6)], [0x80, 1, 1, 0, 0x04, 15, 63, 19]);
  assert.deepEqual(partitionTableGeometry(disk.bytes.subarray(0, 512)), { heads: 16, sectorsPerTrack: 63 });
  assert.deepEqual([...disk.bytes.subarray(0, 4)], [0xcc, 0xcc, 0xcc, 0xcc], "the MBR code is in place");
  assert.deepEqual([...disk.bytes.subarray(0x1fe, 0x200)], [0x55, 0xaa]);

  const boot = disk.bytes.subarray(63 * 512, 64 * 512);
  const bpb = readBpb(boot);
  assert.equal(bpb.hiddenSectors, 63);
  assert.equal(bpb.totalSectors, total - 63);
  assert.equal(bpb.media, MEDIA_FIXED_DISK);
  assert.deepEqual([bpb.heads, bpb.sectorsPerTrack, bpb.rootEntries, bpb.fatCount], [16, 63, 512, 2]);
  assert.equal(new TextDecoder().decode(boot.subarray(0x36, 0x3e)), "FAT16   ");
  assert.equal(new TextDecoder().decode(boot.subarray(0x2b, 0x36)), "TEST       ");
  assert.equal(boot[0x24], 0x80);
  assert.deepEqual([...boot.subarray(0, 3)], [0xeb, 0x3c, 0x90], "the boot code's jump is kept");
  assert.deepEqual([...boot.subarray(510)], [0x55, 0xaa]);
  assert.equal(disk.volume.fatType, 16);
  assert.ok(disk.volume.layout.clusterCount > 4084 && disk.volume.layout.clusterCount <= 65524);
  // The FATs cover every cluster, and entries 0 and 1 carry the media byte and an end mark.
  assert.ok(bpb.sectorsPerFat * 256 >= disk.volume.layout.clusterCount + 2);
  assert.equal(disk.volume.fatEntry(0), 0xfff8);
  assert.equal(disk.volume.fatEntry(1), 0xffff);
  assert.deepEqual(disk.volume.list(), []);
  assert.equal(disk.volume.freeClusters(), disk.volume.layout.clusterCount);
});

test("files written to a FAT16 partition read back, also across FAT sectors and after reopening", () => {
  const disk = smallDisk();
  const clusterSize = disk.volume.bpb.sectorsPerCluster * 512;
  // More than 256 clusters: its chain continues from the FAT's first sector into the second and third.
  const large = pattern(300 * clusterSize + 17, 3);
  const text = new TextEncoder().encode("hello\r\n");
  disk.volume.writeFile("LARGE.BIN", large);
  disk.volume.writeFile("hello.txt", text, ATTRIBUTE.archive | ATTRIBUTE.readOnly);
  const [partition] = readPartitionTable(disk.bytes);
  const volume = new FatVolume(partitionBytes(disk.bytes, partition));
  assert.deepEqual(volume.readFile("LARGE.BIN"), large);
  assert.deepEqual(volume.readFile("HELLO.TXT"), text);
  assert.deepEqual(
    volume.list().map(({ name, size, attributes }) => [name, size, attributes]),
    [
      ["LARGE.BIN", large.length, ATTRIBUTE.archive],
      ["HELLO.TXT", 7, ATTRIBUTE.archive | ATTRIBUTE.readOnly],
    ],
  );
  assert.equal(volume.freeClusters(), volume.layout.clusterCount - 302);
  assert.equal(volume.fatEntry(volume.find("HELLO.TXT")?.firstCluster ?? 0), 0xffff);
});

test("a volume of 65536 sectors or more uses the 32-bit sector count and partition type 06h", () => {
  const bootSector = new Uint8Array(512);
  const disk = createHardDisk({
    cylinders: 70,
    heads: 16,
    sectorsPerTrack: 63,
    mbrCode: new Uint8Array(512),
    bootSector,
    label: "BIG",
    volumeId: 1,
  });
  const total = 70 * 16 * 63 - 63;
  assert.equal(readPartitionTable(disk.bytes)[0].type, 0x06);
  const boot = partitionBytes(disk.bytes, readPartitionTable(disk.bytes)[0]);
  assert.equal(boot[0x13] | (boot[0x14] << 8), 0);
  assert.equal(new DataView(boot.buffer, boot.byteOffset).getUint32(0x20, true), total);
  assert.equal(readBpb(boot).totalSectors, total);
});

test("formatting refuses a volume too small for FAT16", () => {
  const volume = new Uint8Array(4000 * 512);
  const options = {
    totalSectors: 4000,
    hiddenSectors: 0,
    shape: { heads: 16, sectorsPerTrack: 63 },
    driveNumber: 0x80,
    volumeId: 0,
    label: "X",
    bootSector: new Uint8Array(512),
  };
  assert.throws(() => formatFat16(volume, options), /too few for FAT16/);
});

test("CHS addresses put cylinder bits 9-8 in the sector byte and stop at cylinder 1023", () => {
  const shape = { heads: 16, sectorsPerTrack: 63 };
  assert.deepEqual(chsBytes(0, shape), [0, 1, 0]);
  assert.deepEqual(chsBytes(63, shape), [1, 1, 0]);
  assert.deepEqual(chsBytes(1008 * 1000 + 62, shape), [0, 63 | 0xc0, 1000 & 0xff]);
  assert.deepEqual(chsBytes(1008 * 1024, shape), [0, 1 | 0xc0, 0xff]);
  const mbr = new Uint8Array(512);
  writePartitionEntry(mbr, 3, { active: false, type: 0x06, startLba: 1008, sectorCount: 2016 }, shape);
  assert.deepEqual([...mbr.subarray(0x1ee, 0x1f6)], [0, 0, 1, 1, 0x06, 15, 63, 2]);
  assert.deepEqual(readPartitionTable(mbr), [{ active: false, type: 0x06, startLba: 1008, sectorCount: 2016 }]);
  assert.throws(() => readPartitionTable(new Uint8Array(512)), /signature/);
});

test("8.3 names: upper-cased and blank-padded; long names, two dots and forbidden characters are refused", () => {
  assert.equal(new TextDecoder().decode(shortName("hello.txt")), "HELLO   TXT");
  assert.equal(new TextDecoder().decode(shortName("COMMAND")), "COMMAND    ");
  for (const bad of ["toolongname.txt", "a.b.c", "name.long", "", "a b", "x*.txt", ".txt"]) {
    assert.throws(() => shortName(bad), /8\.3/, bad);
  }
});

test("directory parsing skips deleted, long-name and volume-label entries and stops at the end marker", () => {
  const directory = new Uint8Array(6 * 32);
  const entry = (index: number, name: string, attributes: number) => {
    directory.set(
      [...name].map((char) => char.charCodeAt(0)),
      index * 32,
    );
    directory[index * 32 + 0x0b] = attributes;
  };
  entry(0, "FREEDOS    ", ATTRIBUTE.volumeLabel);
  entry(1, "AKERNEL SYS", 0x0f);
  entry(2, "\xe5ONE    TXT", ATTRIBUTE.archive);
  entry(3, "TWO     TXT", ATTRIBUTE.archive);
  entry(5, "AFTER   END", ATTRIBUTE.archive);
  directory[3 * 32 + 0x1a] = 5;
  directory[3 * 32 + 0x1c] = 9;
  const [two, ...rest] = parseDirectory(directory);
  assert.deepEqual(rest, []);
  assert.deepEqual(two, { name: "TWO.TXT", attributes: ATTRIBUTE.archive, firstCluster: 5, size: 9, offset: 96 });
});

test("DOS timestamps pack the date from 1980 and the time in two-second steps", () => {
  assert.deepEqual(dosTimestamp(1990, 1, 1), { date: (10 << 9) | (1 << 5) | 1, time: 0 });
  assert.deepEqual(dosTimestamp(2018, 10, 19, 11, 26, 59), {
    date: (38 << 9) | (10 << 5) | 19,
    time: (11 << 11) | (26 << 5) | 29,
  });
});
