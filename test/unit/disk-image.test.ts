import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BlockStore } from "../../emulator/disk/block-store.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { chsToLba } from "../../emulator/disk/disk-geometry.ts";
import { DiskImageError, DiskWriteProtectedError } from "../../emulator/disk/disk-image-error.ts";
import { DiskImage, MAX_CHS_BYTES } from "../../emulator/disk/disk-image.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { FLOPPY_FORMATS } from "../../emulator/disk/floppy-geometry.ts";
import { TESTDATA, testData } from "../support/testdata.ts";

const KB = 1024;

/** A store that counts the calls that reach it, to check that writes go through one path. */
class CountingStore extends MemoryBlockStore {
  writes: [number, number][] = [];
  override write(offset: number, data: Uint8Array): void {
    this.writes.push([offset, data.length]);
    super.write(offset, data);
  }
}

function bpbBootSector(sectorsPerTrack: number, heads: number, totalSectors: number): Uint8Array {
  const sector = new Uint8Array(512);
  sector.set([0xeb, 0x3c, 0x90], 0);
  const word = (offset: number, value: number): void => {
    sector[offset] = value & 0xff;
    sector[offset + 1] = value >> 8;
  };
  word(0x0b, 512);
  word(0x13, totalSectors);
  word(0x18, sectorsPerTrack);
  word(0x1a, heads);
  sector[0x1fe] = 0x55;
  sector[0x1ff] = 0xaa;
  return sector;
}

function floppyBytes(kilobytes: number, bootSector?: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(kilobytes * KB);
  if (bootSector) bytes.set(bootSector);
  return bytes;
}

test("every standard floppy size opens with its geometry", () => {
  const expected: [number, number, number, number][] = [
    [160, 40, 1, 8],
    [180, 40, 1, 9],
    [320, 40, 2, 8],
    [360, 40, 2, 9],
    [720, 80, 2, 9],
    [1200, 80, 2, 15],
    [1440, 80, 2, 18],
    [2880, 80, 2, 36],
  ];
  assert.equal(FLOPPY_FORMATS.length, expected.length);
  for (const [kilobytes, cylinders, heads, sectorsPerTrack] of expected) {
    const image = DiskImage.open("a.img", new MemoryBlockStore(floppyBytes(kilobytes)), "floppy", "read-write");
    assert.deepEqual({ ...image.geometry, label: undefined }, { cylinders, heads, sectorsPerTrack, label: undefined });
    assert.equal(image.sectorCount, kilobytes * 2);
    assert.equal(image.warning, undefined);
  }
});

test("images that no drive could hold are refused with a one-line message naming the file", () => {
  const open = (bytes: number, kind: "floppy" | "hard-disk"): void =>
    void DiskImage.open("disk.img", new MemoryBlockStore(new Uint8Array(bytes)), kind, "read-write");
  assert.throws(() => open(1474000, "floppy"), {
    name: "DiskImageError",
    message: "disk.img: 1474000 bytes is not a whole number of 512-byte sectors",
  });
  assert.throws(() => open(0, "hard-disk"), { message: "disk.img: the image is empty" });
  assert.throws(() => open(1000 * 512, "floppy"), {
    message: /^disk\.img: 512000 bytes matches no standard floppy size \(160K, 180K/,
  });
  assert.throws(() => open(100 * 512, "hard-disk"), {
    message: /^disk\.img: 51200 bytes is smaller than one cylinder/,
  });
  const huge: BlockStore = { size: MAX_CHS_BYTES + 512, read: (_o, n) => new Uint8Array(n), write: () => {} };
  assert.throws(() => DiskImage.open("big.img", huge, "hard-disk", "read-only"), {
    message: /^big\.img: \d+ bytes is larger/,
  });
  const broken: BlockStore = {
    size: 1440 * KB,
    read: () => {
      throw new Error("EIO: i/o error");
    },
    write: () => {},
  };
  assert.throws(() => DiskImage.open("bad.img", broken, "floppy", "read-only"), {
    message: "bad.img: cannot be read (EIO: i/o error)",
  });
  for (const error of [new DiskImageError("x"), new DiskWriteProtectedError("y")]) {
    assert.ok(error instanceof DiskImageError);
  }
});

test("a BPB that disagrees with the size is reported, one that agrees or is absent is not", () => {
  const agreeing = DiskImage.open(
    "ok.img",
    new MemoryBlockStore(floppyBytes(1440, bpbBootSector(18, 2, 2880))),
    "floppy",
    "read-only",
  );
  assert.equal(agreeing.warning, undefined);
  const disagreeing = DiskImage.open(
    "odd.img",
    new MemoryBlockStore(floppyBytes(1440, bpbBootSector(9, 2, 1440))),
    "floppy",
    "read-only",
  );
  assert.equal(
    disagreeing.warning,
    "odd.img: boot sector BPB says 1440 sectors, 9 sectors per track, but the size is a 1.44M disk " +
      "(80 cylinders, 2 heads, 18 sectors per track)",
  );
  // Geometry still comes from the size.
  assert.equal(disagreeing.geometry.sectorsPerTrack, 18);
  // A DOS 1.x boot sector has no BPB: nothing to check.
  const noBpb = floppyBytes(160);
  noBpb.set([0xeb, 0x2f, 0x14], 0);
  assert.equal(DiskImage.open("dos1.img", new MemoryBlockStore(noBpb), "floppy", "read-only").warning, undefined);
});

function mbrDisk(sectors: number, endHead: number, endSector: number): Uint8Array {
  const bytes = new Uint8Array(sectors * 512);
  const entry = 0x1be;
  bytes[entry] = 0x80;
  bytes[entry + 4] = 0x06; // FAT16
  bytes[entry + 5] = endHead;
  bytes[entry + 6] = endSector | 0xc0; // cylinder bits 9-8 in the top two bits must not leak into the sector
  bytes[entry + 7] = 0x12;
  bytes[0x1fe] = 0x55;
  bytes[0x1ff] = 0xaa;
  return bytes;
}

test("hard-disk geometry comes from the partition table's CHS ends, else 16 heads and 63 sectors", () => {
  const fromTable = DiskImage.open("hd.img", new MemoryBlockStore(mbrDisk(4 * 8 * 17, 3, 17)), "hard-disk", "overlay");
  assert.deepEqual(fromTable.geometry, { cylinders: 8, heads: 4, sectorsPerTrack: 17 });
  const blank = DiskImage.open(
    "blank.img",
    new MemoryBlockStore(new Uint8Array(3 * 16 * 63 * 512 + 512)),
    "hard-disk",
    "overlay",
  );
  assert.deepEqual(blank.geometry, { cylinders: 3, heads: 16, sectorsPerTrack: 63 });
  assert.equal(blank.sectorCount, 3 * 16 * 63 + 1);
  assert.equal(chsToLba(fromTable.geometry, 1, 2, 3), (1 * 4 + 2) * 17 + 2);
  assert.equal(chsToLba(fromTable.geometry, 8, 0, 1), -1);
  assert.equal(chsToLba(fromTable.geometry, 0, 0, 0), -1);
});

test("read-write images write through one path, whole sectors in order", () => {
  const store = new CountingStore(floppyBytes(360));
  const image = DiskImage.open("rw.img", store, "floppy", "read-write");
  const data = new Uint8Array(3 * 512).map((_, i) => i & 0xff);
  image.writeSectors(5, 2, data, 512);
  assert.deepEqual(store.writes, [[5 * 512, 1024]]);
  assert.deepEqual(store.bytes.subarray(5 * 512, 7 * 512), data.subarray(512));
  const back = new Uint8Array(1024);
  image.readSectors(5, 2, back);
  assert.deepEqual(back, data.subarray(512));
  assert.throws(() => image.readSectors(719, 2, back), /rw\.img: sectors 719\+2 lie beyond its 720 sectors/);
});

test("read-only images refuse writes with a write-protect error", () => {
  const store = new CountingStore(floppyBytes(720));
  const image = DiskImage.open("ro.img", store, "floppy", "read-only");
  assert.equal(image.writeProtected, true);
  assert.throws(() => image.writeSectors(0, 1, new Uint8Array(512)), DiskWriteProtectedError);
  assert.deepEqual(store.writes, []);
});

test("overlay images keep written sectors in memory, leave the store untouched, and save and load them", () => {
  const original = floppyBytes(1200).map((_, i) => (i * 7) & 0xff);
  const store = new CountingStore(original.slice());
  const image = DiskImage.open("cow.img", store, "floppy", "overlay");
  assert.equal(image.writeProtected, false);
  const data = new Uint8Array(1024).fill(0xe5);
  image.writeSectors(10, 2, data);
  assert.deepEqual(store.writes, []);
  assert.deepEqual(store.bytes, original);
  const back = new Uint8Array(3 * 512);
  image.readSectors(9, 3, back);
  assert.deepEqual(back.subarray(0, 512), original.subarray(9 * 512, 10 * 512));
  assert.deepEqual(back.subarray(512), data);

  const saved = image.saveOverlay();
  assert.deepEqual(saved.sectors, [10, 11]);
  const other = DiskImage.open("cow.img", new MemoryBlockStore(original.slice()), "floppy", "overlay");
  other.loadOverlay(saved);
  const reloaded = new Uint8Array(2 * 512);
  other.readSectors(10, 2, reloaded);
  assert.deepEqual(reloaded, data);
  assert.throws(() => other.loadOverlay({ sectors: [5000], data: new Uint8Array(512) }), /does not fit/);
  assert.throws(() => other.loadOverlay({ sectors: [1], data: new Uint8Array(10) }), /does not fit/);
  const readWrite = DiskImage.open("rw.img", new MemoryBlockStore(original.slice()), "floppy", "read-write");
  assert.throws(() => readWrite.loadOverlay(saved), /needs the image opened in overlay mode/);
});

test("a drive slot latches the disk change line on insert and eject; a step with a disk clears it", () => {
  const image = DiskImage.open("a.img", new MemoryBlockStore(floppyBytes(720)), "floppy", "overlay");
  const slot = new DriveSlot();
  assert.equal(slot.changed, true, "drives power up with the change line active");
  slot.stepped();
  assert.equal(slot.changed, true, "no disk: stepping does not clear it");
  slot.insert(image);
  assert.equal(slot.image, image);
  slot.stepped();
  assert.equal(slot.changed, false);
  assert.equal(slot.eject(), image);
  assert.equal(slot.image, null);
  assert.equal(slot.changed, true);
  assert.equal(slot.eject(), null);
});

const freedos = join(TESTDATA, "images", "freedos");

test("the FreeDOS boot floppies open with a BPB that agrees with their size", (t) => {
  if (!testData("images/freedos")) return t.skip("FreeDOS images not found");
  const expected: [string, number, number][] = [
    ["160K", 1, 8],
    ["360K", 2, 9],
    ["720K", 2, 9],
    ["1200K", 2, 15],
    ["1.4MB", 2, 18],
  ];
  for (const [label, heads, sectorsPerTrack] of expected) {
    const name = `freedos.boot.disk.${label}.img`;
    const bytes = new Uint8Array(readFileSync(join(freedos, name)));
    const image = DiskImage.open(name, new MemoryBlockStore(bytes), "floppy", "read-only");
    assert.equal(image.warning, undefined, name);
    assert.equal(image.geometry.heads, heads, name);
    assert.equal(image.geometry.sectorsPerTrack, sectorsPerTrack, name);
    const boot = new Uint8Array(512);
    image.readSectors(0, 1, boot);
    assert.deepEqual([boot[510], boot[511]], [0x55, 0xaa], name);
  }
});
