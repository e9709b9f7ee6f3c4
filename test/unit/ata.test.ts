import { test } from "node:test";
import assert from "node:assert/strict";
import type { InterruptLines } from "../../emulator/device.ts";
import { AtaController } from "../../emulator/devices/ata.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import type { DiskImageMode } from "../../emulator/disk/disk-image.ts";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";

const DATA = 0x1f0;
const ERROR = 0x1f1;
const COUNT = 0x1f2;
const SECTOR = 0x1f3;
const CYL_LO = 0x1f4;
const CYL_HI = 0x1f5;
const DRIVE_HEAD = 0x1f6;
const STATUS = 0x1f7;
const CONTROL = 0x3f6;

function sectorPattern(lba: number): Uint8Array {
  const sector = new Uint8Array(512).map((_, i) => (lba * 5 + i) & 0xff);
  sector[0] = lba & 0xff;
  sector[1] = (lba >> 8) & 0xff;
  return sector;
}

/** A disk of 20 cylinders, 4 heads, 17 sectors, as its partition table says. */
function hardDisk(mode: DiskImageMode = "overlay", name = "hd.img"): DiskImage {
  const sectors = 20 * 4 * 17;
  const bytes = new Uint8Array(sectors * 512);
  for (let lba = 1; lba < sectors; lba++) bytes.set(sectorPattern(lba), lba * 512);
  bytes[0x1be + 4] = 0x01;
  bytes[0x1be + 5] = 3;
  bytes[0x1be + 6] = 17;
  bytes[0x1fe] = 0x55;
  bytes[0x1ff] = 0xaa;
  return DiskImage.open(name, new MemoryBlockStore(bytes), "hard-disk", mode);
}

class IrqRecorder implements InterruptLines {
  level = false;
  rises = 0;
  setIrq(line: number, level: boolean): void {
    assert.equal(line, 14);
    if (level && !this.level) this.rises++;
    this.level = level;
  }
}

function rig(master: DiskImage, slave: DiskImage | null = null) {
  const io = new IoBus();
  const scheduler = new Scheduler();
  const irq = new IrqRecorder();
  const ata = new AtaController({ scheduler, interrupts: irq, master, slave });
  for (const port of ata.ports) io.register(port);
  const run = (): void => scheduler.advanceTo(scheduler.now + 1_000_000);
  const readBlock = (sectors: number): Uint8Array => {
    const bytes = new Uint8Array(sectors * 512);
    for (let i = 0; i < bytes.length; i += 2) {
      const word = io.in16(DATA);
      bytes[i] = word & 0xff;
      bytes[i + 1] = word >> 8;
    }
    return bytes;
  };
  const writeBlock = (bytes: Uint8Array): void => {
    for (let i = 0; i < bytes.length; i += 2) io.out16(DATA, bytes[i] | (bytes[i + 1] << 8));
  };
  const chs = (cylinder: number, head: number, sector: number, count: number, device = 0): void => {
    io.out8(COUNT, count);
    io.out8(SECTOR, sector);
    io.out8(CYL_LO, cylinder & 0xff);
    io.out8(CYL_HI, cylinder >> 8);
    io.out8(DRIVE_HEAD, 0xa0 | (device << 4) | head);
  };
  const lba = (address: number, count: number): void => {
    io.out8(COUNT, count);
    io.out8(SECTOR, address & 0xff);
    io.out8(CYL_LO, (address >> 8) & 0xff);
    io.out8(CYL_HI, (address >> 16) & 0xff);
    io.out8(DRIVE_HEAD, 0xe0 | ((address >> 24) & 0x0f));
  };
  const taskFile = (): number[] => [COUNT, SECTOR, CYL_LO, CYL_HI, DRIVE_HEAD].map((port) => io.in8(port));
  return { io, scheduler, irq, ata, run, readBlock, writeBlock, chs, lba, taskFile };
}

test("power-on: ready, diagnostics passed, reset signature in the registers", () => {
  const { io, taskFile } = rig(hardDisk());
  assert.equal(io.in8(STATUS), 0x50);
  assert.equal(io.in8(ERROR), 0x01);
  assert.deepEqual(taskFile(), [1, 1, 0, 0, 0]);
});

test("IDENTIFY DEVICE gives geometry, capacity, LBA support, the multiple maximum and the model string", () => {
  const { io, irq, run, readBlock } = rig(hardDisk());
  io.out8(DRIVE_HEAD, 0xa0);
  io.out8(STATUS, 0xec);
  assert.equal(io.in8(CONTROL) & 0x80, 0x80, "busy until the command's delay passes");
  run();
  assert.equal(irq.level, true);
  assert.equal(io.in8(CONTROL), 0x58, "alternate status: DRDY DSC DRQ, interrupt still pending");
  assert.equal(irq.level, true);
  assert.equal(io.in8(STATUS), 0x58);
  assert.equal(irq.level, false, "the status read cleared it");
  const bytes = readBlock(1);
  const word = (i: number): number => bytes[i * 2] | (bytes[i * 2 + 1] << 8);
  const text = (first: number, words: number): string =>
    String.fromCharCode(
      ...Array.from({ length: words }, (_, i) => [word(first + i) >> 8, word(first + i) & 0xff]).flat(),
    );
  assert.deepEqual([word(0), word(1), word(3), word(6)], [0x0040, 20, 4, 17]);
  assert.equal(text(27, 20).trimEnd(), "REALMODE VIRTUAL HARD DISK");
  assert.equal(word(47), 0x8010);
  assert.equal(word(49) & 0x0200, 0x0200, "LBA supported");
  assert.deepEqual([word(53) & 1, word(54), word(55), word(56)], [1, 20, 4, 17]);
  assert.equal(word(57) | (word(58) << 16), 20 * 4 * 17);
  assert.equal(word(60) | (word(61) << 16), 20 * 4 * 17);
  assert.equal(io.in8(STATUS), 0x50, "all 256 words taken: DRQ drops");
});

test("READ SECTORS in CHS: a DRQ block and an interrupt per sector, registers left at the last sector", () => {
  const { io, irq, run, readBlock, chs, taskFile } = rig(hardDisk());
  chs(2, 3, 16, 3);
  io.out8(STATUS, 0x20);
  run();
  assert.equal(io.in8(STATUS), 0x58);
  const first = (2 * 4 + 3) * 17 + 15;
  assert.deepEqual(readBlock(1), sectorPattern(first));
  assert.equal(io.in8(CONTROL) & 0x88, 0x80, "busy fetching the next sector");
  run();
  assert.equal(irq.rises, 2);
  assert.equal(io.in8(STATUS), 0x58);
  assert.deepEqual(readBlock(1), sectorPattern(first + 1));
  run();
  assert.equal(io.in8(STATUS), 0x58);
  assert.deepEqual(readBlock(1), sectorPattern(first + 2), "crossed to cylinder 3 head 0");
  assert.equal(io.in8(STATUS), 0x50);
  assert.equal(irq.rises, 3);
  assert.deepEqual(taskFile(), [0, 1, 3, 0, 0xa0], "count 0, at cylinder 3 head 0 sector 1");
});

test("READ SECTORS in LBA mode; byte-wide reads of the data port give the same bytes", () => {
  const { io, run, lba, taskFile } = rig(hardDisk());
  lba(1000, 1);
  io.out8(STATUS, 0x21);
  run();
  const bytes = new Uint8Array(512).map(() => io.in8(DATA));
  assert.deepEqual(bytes, sectorPattern(1000));
  assert.equal(io.in8(STATUS), 0x50);
  assert.deepEqual(taskFile(), [0, 1000 & 0xff, 1000 >> 8, 0, 0xe0]);
});

test("WRITE SECTORS: DRQ at once without an interrupt, then an interrupt per written sector", () => {
  const image = hardDisk();
  const { io, irq, run, writeBlock, chs } = rig(image);
  chs(0, 1, 5, 2);
  io.out8(STATUS, 0x30);
  assert.equal(io.in8(STATUS), 0x58);
  assert.equal(irq.rises, 0);
  const data = new Uint8Array(1024).map((_, i) => (i * 13) & 0xff);
  writeBlock(data.subarray(0, 512));
  assert.equal(io.in8(STATUS) & 0x88, 0x80, "busy writing");
  run();
  assert.equal(irq.rises, 1);
  assert.equal(io.in8(STATUS), 0x58, "asks for the second sector");
  writeBlock(data.subarray(512));
  run();
  assert.equal(irq.rises, 2);
  assert.equal(io.in8(STATUS), 0x50);
  const back = new Uint8Array(1024);
  image.readSectors(17 + 4, 2, back);
  assert.deepEqual(back, data);
});

test("a write to a read-only image ends with ERR and the write-protect error bit", () => {
  const image = hardDisk("read-only");
  const { io, run, writeBlock, lba, taskFile } = rig(image);
  lba(300, 1);
  io.out8(STATUS, 0x30);
  writeBlock(new Uint8Array(512).fill(1));
  run();
  assert.equal(io.in8(STATUS), 0x51);
  assert.equal(io.in8(ERROR), 0x40);
  assert.deepEqual(taskFile().slice(1, 3), [300 & 0xff, 300 >> 8], "registers at the sector in error");
});

test("SET MULTIPLE MODE and READ/WRITE MULTIPLE: one DRQ block and interrupt per block", () => {
  const image = hardDisk();
  const { io, irq, run, readBlock, writeBlock, lba } = rig(image);
  lba(10, 6);
  io.out8(STATUS, 0xc4);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x04], "READ MULTIPLE before SET MULTIPLE: aborted");
  io.out8(COUNT, 3);
  io.out8(STATUS, 0xc6);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x04], "3 is no supported block size");
  io.out8(COUNT, 4);
  io.out8(STATUS, 0xc6);
  run();
  assert.equal(io.in8(STATUS), 0x50);
  const rises = irq.rises;
  lba(10, 6);
  io.out8(STATUS, 0xc4);
  run();
  assert.equal(io.in8(STATUS), 0x58);
  const block = readBlock(4);
  run();
  assert.equal(io.in8(STATUS), 0x58);
  const last = readBlock(2);
  assert.equal(io.in8(STATUS), 0x50);
  assert.equal(irq.rises - rises, 2);
  for (let i = 0; i < 4; i++) assert.deepEqual(block.subarray(i * 512, (i + 1) * 512), sectorPattern(10 + i));
  assert.deepEqual(last.subarray(512), sectorPattern(15));

  lba(40, 5);
  io.out8(STATUS, 0xc5);
  const data = new Uint8Array(5 * 512).map((_, i) => i & 0x7f);
  writeBlock(data.subarray(0, 4 * 512));
  run();
  assert.equal(io.in8(STATUS), 0x58);
  writeBlock(data.subarray(4 * 512));
  run();
  assert.equal(io.in8(STATUS), 0x50);
  const back = new Uint8Array(5 * 512);
  image.readSectors(40, 5, back);
  assert.deepEqual(back, data);
});

test("INITIALIZE DEVICE PARAMETERS changes the CHS translation that reads and IDENTIFY use", () => {
  const { io, run, readBlock, chs } = rig(hardDisk());
  io.out8(COUNT, 32);
  io.out8(DRIVE_HEAD, 0xa0 | 7);
  io.out8(STATUS, 0x91);
  run();
  assert.equal(io.in8(STATUS), 0x50);
  chs(1, 2, 3, 1);
  io.out8(STATUS, 0x20);
  run();
  assert.deepEqual(readBlock(1), sectorPattern((1 * 8 + 2) * 32 + 2));
  io.out8(DRIVE_HEAD, 0xa0);
  io.out8(STATUS, 0xec);
  run();
  const bytes = readBlock(1);
  const word = (i: number): number => bytes[i * 2] | (bytes[i * 2 + 1] << 8);
  assert.deepEqual([word(54), word(55), word(56)], [Math.floor(1360 / 256), 8, 32]);
  assert.deepEqual([word(1), word(3), word(6)], [20, 4, 17], "the default translation is unchanged");
  io.out8(COUNT, 0);
  io.out8(STATUS, 0x91);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x04], "0 sectors per track: aborted");
});

test("errors: a sector beyond the disk is ID not found; an unknown command is aborted", () => {
  const { io, run, chs, lba } = rig(hardDisk());
  chs(20, 0, 1, 1);
  io.out8(STATUS, 0x20);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x10]);
  lba(20 * 4 * 17, 1);
  io.out8(STATUS, 0x40);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x10]);
  io.out8(STATUS, 0xef);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x04]);
  io.out8(STATUS, 0xa1);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x04], "IDENTIFY PACKET DEVICE: not an ATAPI device");
});

test("READ VERIFY, SEEK and RECALIBRATE complete with one interrupt and no data", () => {
  const { io, irq, run, chs, taskFile } = rig(hardDisk());
  chs(5, 1, 1, 17);
  io.out8(STATUS, 0x40);
  run();
  assert.equal(io.in8(STATUS), 0x50);
  assert.deepEqual(taskFile(), [0, 17, 5, 0, 0xa1]);
  chs(19, 3, 17, 1);
  io.out8(STATUS, 0x70);
  run();
  assert.equal(io.in8(STATUS), 0x50);
  chs(25, 3, 17, 1);
  io.out8(STATUS, 0x7f);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x51, 0x10], "seek to a cylinder that is not there");
  io.out8(STATUS, 0x10);
  run();
  assert.equal(io.in8(STATUS), 0x50);
  assert.equal(irq.rises, 4);
});

test("EXECUTE DEVICE DIAGNOSTIC, nIEN, and SRST soft reset", () => {
  const { io, irq, run, chs, taskFile } = rig(hardDisk());
  chs(3, 2, 9, 4);
  io.out8(STATUS, 0x90);
  run();
  assert.equal(irq.level, true);
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x50, 0x01]);
  assert.deepEqual(taskFile(), [1, 1, 0, 0, 0]);

  io.out8(CONTROL, 0x02);
  io.out8(STATUS, 0x10);
  run();
  assert.equal(irq.level, false, "nIEN masks INTRQ");
  io.out8(CONTROL, 0x00);
  assert.equal(irq.level, true, "the pending interrupt shows once unmasked");
  io.in8(STATUS);

  chs(3, 2, 9, 4);
  io.out8(CONTROL, 0x04);
  assert.equal(io.in8(CONTROL), 0x80, "busy while SRST is held");
  io.out8(STATUS, 0xec);
  io.out8(CONTROL, 0x00);
  assert.equal(io.in8(CONTROL), 0x80);
  run();
  assert.deepEqual([io.in8(STATUS), io.in8(ERROR)], [0x50, 0x01]);
  assert.deepEqual(taskFile(), [1, 1, 0, 0, 0]);
  assert.equal(irq.level, false, "no interrupt after a soft reset");
});

test("device 1: absent, it reads status 00h and ignores commands; present, it answers for itself", () => {
  const lone = rig(hardDisk());
  lone.io.out8(DRIVE_HEAD, 0xb0);
  assert.equal(lone.io.in8(STATUS), 0x00);
  lone.io.out8(STATUS, 0xec);
  lone.run();
  assert.equal(lone.irq.rises, 0);

  const slaveDisk = hardDisk("overlay", "slave.img");
  slaveDisk.writeSectors(7, 1, new Uint8Array(512).fill(0x5a));
  const pair = rig(hardDisk(), slaveDisk);
  pair.chs(0, 0, 8, 1, 1);
  pair.io.out8(STATUS, 0x20);
  pair.run();
  assert.ok(pair.readBlock(1).every((byte) => byte === 0x5a));
  pair.io.out8(DRIVE_HEAD, 0xa0);
  assert.equal(pair.io.in8(STATUS), 0x50);
});

test("save and load mid-transfer continue the same transfer; the state round-trips", () => {
  const first = rig(hardDisk());
  first.lba(100, 3);
  first.io.out8(STATUS, 0x20);
  first.run();
  first.readBlock(1);
  first.run();
  assert.equal(first.io.in16(DATA), 101, "the first word of sector 101");
  const saved = first.ata.saveState();

  const second = rig(hardDisk());
  second.scheduler.now = first.scheduler.now;
  second.ata.loadState(saved);
  assert.deepEqual(second.ata.saveState(), saved);
  for (const side of [first, second]) {
    const rest = new Uint8Array(510).map(() => side.io.in8(DATA));
    assert.deepEqual(rest, sectorPattern(101).subarray(2));
    side.run();
    assert.deepEqual(side.readBlock(1), sectorPattern(102));
    assert.equal(side.io.in8(STATUS), 0x50);
  }
  assert.throws(() => second.ata.loadState({ ...saved, geometry: new Uint8Array(6) }), /wrong shape/);
});
