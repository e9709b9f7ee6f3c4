import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { InterruptLines } from "../../emulator/device.ts";
import { DmaController } from "../../emulator/devices/dma.ts";
import type { FloppyDrive, FloppyDriveType } from "../../emulator/devices/floppy-controller.ts";
import { FloppyController } from "../../emulator/devices/floppy-controller.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import type { DiskImageMode } from "../../emulator/disk/disk-image.ts";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { testData } from "../support/testdata.ts";

const DOR = 0x3f2;
const MSR = 0x3f4;
const DATA = 0x3f5;
const DIR = 0x3f7;
const BUFFER = 0x20000;
// CCR data rate codes (82077AA data sheet, "Configuration Control Register").
const RATE_500K = 0;
const RATE_300K = 1;
const RATE_250K = 2;
const RATE_1M = 3;

/** A sector whose bytes say where it is: its number in the first two bytes, then a pattern from it. */
function sectorPattern(lba: number): Uint8Array {
  const sector = new Uint8Array(512).map((_, i) => (lba * 3 + i) & 0xff);
  sector[0] = lba & 0xff;
  sector[1] = lba >> 8;
  return sector;
}

function floppy(kilobytes: number, mode: DiskImageMode = "read-write"): DiskImage {
  const bytes = new Uint8Array(kilobytes * 1024);
  for (let lba = 0; lba < bytes.length / 512; lba++) bytes.set(sectorPattern(lba), lba * 512);
  return DiskImage.open(`${kilobytes}K.img`, new MemoryBlockStore(bytes), "floppy", mode);
}

class IrqRecorder implements InterruptLines {
  readonly level: boolean[] = new Array<boolean>(16).fill(false);
  rises = 0;
  setIrq(line: number, level: boolean): void {
    if (line === 6 && level && !this.level[6]) this.rises++;
    this.level[line] = level;
  }
}

function rig(drives: FloppyDrive[], at = true, highDensity = false) {
  const memory = new Memory();
  const io = new IoBus();
  const scheduler = new Scheduler();
  const irq = new IrqRecorder();
  const dma = new DmaController(memory, { at });
  const fdc = new FloppyController({ scheduler, interrupts: irq, dma, drives, at, highDensity });
  for (const port of [...dma.ports, ...fdc.ports]) io.register(port);
  if (at) {
    io.out8(0xd6, 0xc0); // channel 4 cascades the first 8237A
    io.out8(0xd4, 0x00);
  }
  const run = (ns = 1_000_000_000): void => scheduler.advanceTo(scheduler.now + ns);
  const command = (...bytes: number[]): void => {
    for (const byte of bytes) {
      assert.equal(io.in8(MSR) & 0xc0, 0x80, `controller ready for command byte ${byte.toString(16)}`);
      io.out8(DATA, byte);
    }
  };
  const result = (): number[] => {
    const bytes: number[] = [];
    while ((io.in8(MSR) & 0xc0) === 0xc0) bytes.push(io.in8(DATA));
    return bytes;
  };
  const programDma = (mode: number, address: number, length: number): void => {
    io.out8(0x0a, 0x06);
    io.out8(0x0b, mode | 2);
    io.out8(0x0c, 0);
    io.out8(0x04, address & 0xff);
    io.out8(0x04, (address >> 8) & 0xff);
    io.out8(0x81, address >> 16);
    io.out8(0x05, (length - 1) & 0xff);
    io.out8(0x05, (length - 1) >> 8);
    io.out8(0x0a, 0x02);
  };
  /** Resets the controller as a BIOS does, senses the four polled statuses and selects a data rate in the CCR. */
  const resetController = (rate = RATE_500K): void => {
    io.out8(DOR, 0x00);
    io.out8(DOR, 0x1c);
    run();
    for (let drive = 0; drive < 4; drive++) {
      command(0x08);
      assert.deepEqual(result(), [0xc0 | drive, 0]);
    }
    command(0x03, 0xdf, 0x02); // specify: SRT 3 ms, HUT 240 ms, HLT 2 ms, DMA mode
    io.out8(DIR, rate);
  };
  const seek = (drive: number, head: number, cylinder: number): number[] => {
    command(0x0f, (head << 2) | drive, cylinder);
    run();
    command(0x08);
    return result();
  };
  return { memory, io, scheduler, irq, dma, fdc, run, command, result, programDma, resetController, seek };
}

const READ_DATA = 0x46; // MF
const WRITE_DATA = 0x45;
const DMA_WRITE = 0x44; // I/O to memory
const DMA_READ = 0x48; // memory to I/O

test("reset: held by the DOR, IRQ 6 after a delay, then four polled statuses C0h-C3h and an idle controller", () => {
  const { io, irq, run, command, result } = rig([{ slot: new DriveSlot(floppy(1440)), type: "1.44M" }]);
  assert.equal(io.in8(MSR), 0x00, "held in reset at power-on");
  io.out8(DOR, 0x1c);
  assert.equal(irq.level[6], false, "not inside the OUT");
  run();
  assert.equal(irq.level[6], true);
  assert.equal(io.in8(MSR), 0x80);
  for (let drive = 0; drive < 4; drive++) {
    command(0x08);
    assert.equal(irq.level[6], false, "sensing clears the interrupt");
    assert.deepEqual(result(), [0xc0 | drive, 0]);
  }
  command(0x08);
  assert.deepEqual(result(), [0x80], "nothing left: invalid command");
  command(0x10);
  assert.deepEqual(result(), [0x80], "VERSION: a uPD765A");
  command(0x1e);
  assert.deepEqual(result(), [0x80], "an unknown command is invalid");
  assert.equal(io.in8(DOR), 0x1c, "the AT's DOR reads back");
});

test("one SENSE INTERRUPT STATUS after reset is enough: the next command drops the other polled statuses", () => {
  const { io, run, command, result, seek } = rig([{ slot: new DriveSlot(floppy(1440)), type: "1.44M" }]);
  io.out8(DOR, 0x1c);
  run();
  command(0x08);
  assert.deepEqual(result(), [0xc0, 0]);
  command(0x03, 0xdf, 0x02);
  assert.deepEqual(seek(0, 0, 5), [0x20, 5]);
});

test("recalibrate and seek end with IRQ 6, the drive busy meanwhile, and seek-end status", () => {
  const { io, irq, run, command, result, resetController, seek } = rig([
    { slot: new DriveSlot(floppy(1440)), type: "1.44M" },
  ]);
  resetController();
  command(0x07, 0x00);
  run();
  command(0x08);
  assert.deepEqual(result(), [0x20, 0]);
  command(0x0f, 0x04, 40);
  assert.equal(io.in8(MSR), 0x81, "drive 0 seeking, controller free");
  assert.equal(irq.level[6], false);
  run();
  assert.equal(irq.level[6], true);
  assert.equal(io.in8(MSR), 0x80);
  command(0x08);
  assert.deepEqual(result(), [0x24, 40], "seek end, head 1, cylinder 40");
  command(0x04, 0x00);
  assert.deepEqual(result(), [0x28], "ST3: ready, two-sided, not at track 0");
  assert.deepEqual(seek(0, 0, 0), [0x20, 0]);
  command(0x04, 0x01);
  assert.deepEqual(result(), [0x21], "an absent drive: only ready");
  command(0x07, 0x01);
  run();
  command(0x08);
  assert.deepEqual(result(), [0x71, 0], "absent drive: no track 0 after 77 steps, equipment check");
});

test("READ DATA by DMA: one sector into memory, IRQ 6 after a delay, result C H R+1 N", () => {
  const { io, irq, memory, run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(floppy(1440)), type: "1.44M" },
  ]);
  resetController();
  assert.deepEqual(seek(0, 0, 1), [0x20, 1]);
  programDma(DMA_WRITE, BUFFER, 512);
  command(READ_DATA, 0x00, 1, 0, 3, 2, 18, 0x1b, 0xff);
  assert.equal(io.in8(MSR) & 0xd0, 0x10, "busy in the execution phase");
  assert.equal(irq.level[6], false);
  run();
  assert.equal(irq.level[6], true);
  assert.deepEqual(result(), [0x00, 0x00, 0x00, 1, 0, 4, 2]);
  assert.equal(irq.level[6], false, "reading the result cleared the interrupt");
  assert.deepEqual(memory.bytes.subarray(BUFFER, BUFFER + 512), sectorPattern((1 * 2 + 0) * 18 + 2));
  assert.equal(io.in8(0x08) & 0x04, 0x04, "DMA channel 2 reached terminal count");
});

test("READ DATA across sectors to EOT ends normally on terminal count; without it, end of cylinder", () => {
  const { memory, run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(floppy(1440)), type: "1.44M" },
  ]);
  resetController();
  seek(0, 1, 2);
  programDma(DMA_WRITE, BUFFER, 2 * 512);
  command(READ_DATA, 0x04, 2, 1, 17, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 3, 1, 1, 2], "last sector was EOT: C+1, R=1");
  const first = (2 * 2 + 1) * 18 + 16;
  assert.deepEqual(memory.bytes.subarray(BUFFER, BUFFER + 512), sectorPattern(first));
  assert.deepEqual(memory.bytes.subarray(BUFFER + 512, BUFFER + 1024), sectorPattern(first + 1));

  programDma(DMA_WRITE, BUFFER, 4 * 512);
  command(READ_DATA, 0x04, 2, 1, 17, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x44, 0x80, 0, 3, 1, 1, 2], "no terminal count at EOT: abnormal, EN");
});

test("multitrack READ DATA goes on from head 0's last sector to head 1 sector 1", () => {
  const { memory, run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(floppy(720)), type: "720K" },
  ]);
  resetController(RATE_250K);
  seek(0, 0, 3);
  programDma(DMA_WRITE, BUFFER, 3 * 512);
  command(0x80 | READ_DATA, 0x00, 3, 0, 8, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 3, 1, 2, 2], "H complemented, R=2 after head 1 sector 1");
  const first = 3 * 2 * 9 + 7;
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(memory.bytes.subarray(BUFFER + i * 512, BUFFER + (i + 1) * 512), sectorPattern(first + i));
  }
  programDma(DMA_WRITE, BUFFER, 20 * 512);
  command(0x80 | READ_DATA, 0x04, 3, 1, 8, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x44, 0x80, 0, 4, 0, 1, 2], "MT on head 1: EOT then C+1, H=0, EN");
});

test("errors: sector not found, wrong cylinder, no disk, no DMA (overrun), track beyond the disk", () => {
  const slot = new DriveSlot(floppy(1440));
  const { io, run, command, result, programDma, resetController, seek } = rig([
    { slot, type: "1.44M" },
    { slot: new DriveSlot(), type: "1.44M" },
  ]);
  resetController();
  seek(0, 0, 1);
  programDma(DMA_WRITE, BUFFER, 512);
  command(READ_DATA, 0x00, 1, 0, 19, 2, 19, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x40, 0x04, 0x00, 1, 0, 19, 2], "no sector 19: ND");
  command(READ_DATA, 0x00, 5, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x40, 0x04, 0x10, 5, 0, 1, 2], "C=5 on cylinder 1: ND and WC");
  command(READ_DATA, 0x00, 1, 0, 1, 3, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x40, 0x04, 0x00, 1, 0, 1, 3], "N=3 sectors do not exist: ND");
  command(READ_DATA, 0x01, 0, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x49, 0, 0, 0, 0, 1, 2], "drive 1 is empty: not ready");
  io.out8(0x0a, 0x06);
  command(READ_DATA, 0x00, 1, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x40, 0x10, 0, 1, 0, 1, 2], "DMA masked: overrun");
  seek(0, 0, 79);
  seek(0, 0, 85);
  programDma(DMA_WRITE, BUFFER, 512);
  command(READ_DATA, 0x00, 79, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x00, 0, 0, 79, 0, 2, 2], "the head stops at the drive's last track");
  slot.eject();
  slot.insert(floppy(160));
  io.out8(DIR, RATE_250K);
  command(0x4a, 0x00);
  run();
  assert.equal(result()[0], 0x00, "head 0 of the single-sided disk at its rate");
  command(0x4a, 0x04);
  run();
  assert.deepEqual(result(), [0x44, 0x01, 0, 0, 0, 0, 2], "a single-sided disk has no IDs under head 1: MA");
});

test("WRITE DATA by DMA writes the sector; a read-only image reports write protect in ST1 and ST3", () => {
  const image = floppy(360, "overlay");
  const slot = new DriveSlot(image);
  const { memory, run, command, result, programDma, resetController, seek } = rig([{ slot, type: "360K" }]);
  resetController(RATE_250K);
  seek(0, 1, 7);
  const data = new Uint8Array(1024).map((_, i) => 255 - (i & 0xff));
  memory.bytes.set(data, BUFFER);
  programDma(DMA_READ, BUFFER, 1024);
  command(WRITE_DATA, 0x04, 7, 1, 4, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 7, 1, 6, 2]);
  const back = new Uint8Array(1024);
  image.readSectors((7 * 2 + 1) * 9 + 3, 2, back);
  assert.deepEqual(back, data);

  // Terminal count inside a sector: the rest of the data field is written with zeros.
  programDma(DMA_READ, BUFFER, 100);
  command(WRITE_DATA, 0x04, 7, 1, 1, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 7, 1, 2, 2]);
  const partial = new Uint8Array(512);
  image.readSectors((7 * 2 + 1) * 9, 1, partial);
  assert.deepEqual(partial.subarray(0, 100), data.subarray(0, 100));
  assert.ok(partial.subarray(100).every((byte) => byte === 0));

  slot.eject();
  slot.insert(floppy(360, "read-only"));
  command(0x04, 0x00);
  assert.equal(result()[0] & 0x40, 0x40, "ST3 WP");
  programDma(DMA_READ, BUFFER, 512);
  command(WRITE_DATA, 0x04, 7, 1, 1, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x44, 0x02, 0, 7, 1, 1, 2], "abnormal termination, NW");
});

test("READ ID returns the IDs passing under the head; FORMAT TRACK fills the sectors it is given", () => {
  const image = floppy(1440, "overlay");
  const { memory, run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(image), type: "1.44M" },
  ]);
  resetController();
  seek(0, 1, 10);
  command(0x4a, 0x04);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 10, 1, 1, 2]);
  command(0x4a, 0x04);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 10, 1, 2, 2], "the disk turned: next sector");

  for (let r = 1; r <= 18; r++) memory.bytes.set([10, 1, r, 2], BUFFER + (r - 1) * 4);
  programDma(DMA_READ, BUFFER, 18 * 4);
  command(0x4d, 0x04, 2, 18, 0x54, 0xf6);
  run();
  assert.deepEqual(result(), [0x04, 0, 0, 10, 1, 18, 2]);
  const track = new Uint8Array(18 * 512);
  image.readSectors((10 * 2 + 1) * 18, 18, track);
  assert.ok(track.every((byte) => byte === 0xf6));
  const neighbour = new Uint8Array(512);
  image.readSectors((10 * 2 + 1) * 18 + 18, 1, neighbour);
  assert.deepEqual(neighbour, sectorPattern((10 * 2 + 1) * 18 + 18));
});

test("READ TRACK reads from sector 1 to EOT whatever R says", () => {
  const { memory, run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(floppy(720)), type: "720K" },
  ]);
  resetController(RATE_250K);
  seek(0, 0, 2);
  programDma(DMA_WRITE, BUFFER, 3 * 512);
  command(0x42, 0x00, 2, 0, 7, 2, 3, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x00, 0, 0, 3, 0, 1, 2]);
  assert.deepEqual(memory.bytes.subarray(BUFFER, BUFFER + 512), sectorPattern(2 * 2 * 9));
});

test("a 40-track disk in an 80-track drive is read double-stepped", () => {
  const { run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(floppy(360)), type: "1.2M" },
  ]);
  resetController(RATE_300K);
  seek(0, 0, 2);
  command(0x4a, 0x00);
  run();
  assert.equal(result()[3], 1, "physical track 2 holds cylinder 1");
  programDma(DMA_WRITE, BUFFER, 512);
  command(READ_DATA, 0x00, 2, 0, 1, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result().slice(0, 3), [0x40, 0x04, 0x10], "not double-stepping: wrong cylinder");
  programDma(DMA_WRITE, BUFFER, 512);
  command(READ_DATA, 0x00, 1, 0, 1, 2, 9, 0x2a, 0xff);
  run();
  assert.deepEqual(result(), [0x00, 0, 0, 1, 0, 2, 2]);
});

test("DIR bit 7 follows the selected drive's change line: set on insert and eject, cleared by a step", () => {
  const slot = new DriveSlot(floppy(1440));
  const { io, resetController, seek } = rig([
    { slot, type: "1.44M" },
    { slot: new DriveSlot(), type: "1.44M" },
  ]);
  resetController();
  assert.equal(io.in8(DIR), 0xff, "changed since power-on");
  seek(0, 0, 0);
  assert.equal(io.in8(DIR), 0xff, "a seek to the same cylinder steps nothing");
  seek(0, 0, 1);
  assert.equal(io.in8(DIR), 0x7f);
  io.out8(DOR, 0x1d);
  assert.equal(io.in8(DIR), 0xff, "drive 1 is empty: its line stays active");
  seek(1, 0, 3);
  assert.equal(io.in8(DIR), 0xff);
  io.out8(DOR, 0x1c);
  slot.eject();
  assert.equal(io.in8(DIR), 0xff);
  slot.insert(floppy(720));
  seek(0, 0, 2);
  assert.equal(io.in8(DIR), 0x7f);
});

test("DOR bit 3 gates IRQ 6 onto the bus; the PC adapter has no DIR and a write-only DOR", () => {
  const { io, irq, run } = rig([{ slot: new DriveSlot(floppy(360)), type: "360K" }], false);
  io.out8(DOR, 0x14);
  run();
  assert.equal(irq.level[6], false, "DMA/IRQ gate closed");
  io.out8(DOR, 0x1c);
  assert.equal(irq.level[6], true);
  assert.equal(io.in8(DOR), 0xff);
  assert.equal(io.portName(DIR), "port 03f7h");
});

test("an XT adapter for high-density drives decodes 3F7h: the DIR shows the change line, the DOR stays write-only", () => {
  // A BIOS for XT-class boards with 1.44M drives (e.g. Sergey Kiselev's 8088 BIOS) waits for the change line to
  // drop after a seek; without the DIR it reads FFh from the empty bus and takes every disk as just changed.
  const { io, seek } = rig([{ slot: new DriveSlot(floppy(1440)), type: "1.44M" }], false, true);
  io.out8(DOR, 0x00);
  io.out8(DOR, 0x1c);
  assert.equal(io.portName(DIR), "FDC digital input/configuration control");
  assert.equal(io.in8(DIR), 0xff, "changed since power-on");
  seek(0, 0, 1);
  assert.equal(io.in8(DIR), 0x7f, "a step with a disk in clears it");
  io.out8(DIR, 0x00); // CCR: 500 kb/s
  assert.equal(io.in8(DOR), 0xff, "DOR write-only as on the PC/XT adapter");
});

/**
 * The rate each drive type reads each medium at (IBM PC AT Technical Reference, diskette adapter; 82077AA data sheet):
 * double density at 250 kb/s in a 300 rpm drive and 300 kb/s in the 360 rpm 1.2M drive, 1.2M media at 500 kb/s in
 * their own drive only, 1.44M at 500 kb/s in 1.44M and 2.88M drives, 2.88M at 1 Mb/s in its own; "none": unreadable.
 */
const RATE_FOR: Readonly<Record<FloppyDriveType, Readonly<Record<number, number | "none">>>> = {
  "360K": { 360: RATE_250K, 720: RATE_250K, 1200: "none", 1440: "none", 2880: "none" },
  "720K": { 360: RATE_250K, 720: RATE_250K, 1200: "none", 1440: "none", 2880: "none" },
  "1.2M": { 360: RATE_300K, 720: RATE_300K, 1200: RATE_500K, 1440: "none", 2880: "none" },
  "1.44M": { 360: RATE_250K, 720: RATE_250K, 1200: "none", 1440: RATE_500K, 2880: "none" },
  "2.88M": { 360: RATE_250K, 720: RATE_250K, 1200: "none", 1440: RATE_500K, 2880: RATE_1M },
};

for (const [type, media] of Object.entries(RATE_FOR) as [FloppyDriveType, Record<number, number | "none">][]) {
  test(`a ${type} drive finds address marks only at the rate each medium needs in it`, () => {
    for (const [kilobytes, needed] of Object.entries(media)) {
      const slot = new DriveSlot(floppy(Number(kilobytes)));
      const { io, run, command, result, programDma, resetController } = rig([{ slot, type }]);
      resetController();
      for (const rate of [RATE_500K, RATE_300K, RATE_250K, RATE_1M]) {
        const what = `${kilobytes}K disk at rate code ${rate}`;
        io.out8(DIR, rate);
        command(0x4a, 0x00);
        run();
        const id = result();
        programDma(DMA_WRITE, BUFFER, 512);
        command(READ_DATA, 0x00, 0, 0, 1, 2, 9, 0x2a, 0xff);
        run();
        const read = result();
        if (rate === needed) {
          assert.deepEqual(id.slice(0, 4), [0x00, 0, 0, 0], `${what}: READ ID`);
          assert.deepEqual(read, [0x00, 0, 0, 0, 0, 2, 2], `${what}: READ DATA`);
        } else {
          assert.deepEqual(id, [0x40, 0x01, 0, 0, 0, 0, 2], `${what}: READ ID finds no ID field, MA`);
          assert.deepEqual(read, [0x40, 0x01, 0, 0, 0, 1, 2], `${what}: READ DATA, MA`);
        }
      }
    }
  });
}

test("the PC/XT adapter has no CCR: 250 kb/s reads double density, and a 1.44M disk in a 1.44M drive never", () => {
  const dd = rig([{ slot: new DriveSlot(floppy(720)), type: "720K" }], false);
  dd.io.out8(DOR, 0x1c);
  dd.run();
  dd.command(0x08);
  dd.result();
  dd.io.out8(DIR, RATE_500K); // not decoded: nothing changes
  dd.command(0x4a, 0x00);
  dd.run();
  assert.equal(dd.result()[0], 0x00);
  const hd = rig([{ slot: new DriveSlot(floppy(1440)), type: "1.44M" }], false);
  hd.io.out8(DOR, 0x1c);
  hd.run();
  hd.command(0x08);
  hd.result();
  hd.io.out8(DIR, RATE_500K);
  hd.command(0x4a, 0x00);
  hd.run();
  assert.deepEqual(hd.result().slice(0, 2), [0x40, 0x01]);
});

test("the rate survives a DOR reset; a hardware reset returns it to 250 kb/s", () => {
  const { io, fdc, run, command, result, resetController } = rig([
    { slot: new DriveSlot(floppy(1440)), type: "1.44M" },
  ]);
  resetController(RATE_500K);
  io.out8(DOR, 0x18);
  io.out8(DOR, 0x1c);
  run();
  command(0x4a, 0x00);
  run();
  assert.equal(result()[0], 0x00, "still 500 kb/s after the DOR reset");
  fdc.reset();
  io.out8(DOR, 0x1c);
  run();
  command(0x4a, 0x00);
  run();
  assert.deepEqual(result().slice(0, 2), [0x40, 0x01], "250 kb/s after power-on");
});

test("WRITE DATA and FORMAT TRACK at the wrong rate find no address marks and leave the image alone", () => {
  const image = floppy(1440, "overlay");
  const slot = new DriveSlot(image);
  const { memory, run, command, result, programDma, resetController } = rig([{ slot, type: "1.44M" }]);
  resetController(RATE_250K);
  memory.bytes.fill(0x77, BUFFER, BUFFER + 512);
  programDma(DMA_READ, BUFFER, 512);
  command(WRITE_DATA, 0x00, 0, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x40, 0x01, 0, 0, 0, 1, 2]);
  for (let r = 1; r <= 18; r++) memory.bytes.set([0, 0, r, 2], BUFFER + (r - 1) * 4);
  programDma(DMA_READ, BUFFER, 18 * 4);
  command(0x4d, 0x00, 2, 18, 0x54, 0xf6);
  run();
  assert.deepEqual(result().slice(0, 3), [0x40, 0x01, 0]);
  const track = new Uint8Array(18 * 512);
  image.readSectors(0, 18, track);
  for (let lba = 0; lba < 18; lba++) assert.deepEqual(track.subarray(lba * 512, (lba + 1) * 512), sectorPattern(lba));
  slot.eject();
  slot.insert(floppy(1440, "read-only"));
  programDma(DMA_READ, BUFFER, 512);
  command(WRITE_DATA, 0x00, 0, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result().slice(0, 2), [0x40, 0x02], "write protect is seen before any search: NW");
});

test("a step takes 16-SRT units of the rate's step time: 1 ms at 500 kb/s, 2 ms at 250 kb/s", () => {
  const { io, irq, resetController, command, result, run } = rig([{ slot: new DriveSlot(floppy(720)), type: "1.44M" }]);
  resetController(); // SRT Dh: 3 units
  for (const [rate, stepMs, cylinder] of [
    [RATE_500K, 3, 10],
    [RATE_250K, 6, 0],
  ]) {
    io.out8(DIR, rate);
    command(0x0f, 0x00, cylinder);
    run(10 * stepMs * 1_000_000 - 100_000);
    assert.equal(irq.level[6], false, `rate ${rate}: ten steps not done yet`);
    run(200_000);
    assert.equal(irq.level[6], true, `rate ${rate}: ten steps of ${stepMs} ms`);
    command(0x08);
    assert.deepEqual(result(), [0x20, cylinder]);
  }
});

test("save and load mid-command give the same result, and the state round-trips", () => {
  const drives = (): FloppyDrive[] => [
    { slot: new DriveSlot(floppy(1440)), type: "1.44M" },
    { slot: new DriveSlot(floppy(1440)), type: "1.44M" },
  ];
  const first = rig(drives());
  first.resetController();
  first.seek(0, 0, 4);
  first.command(0x0f, 0x01, 6); // leaves a seek on drive 1 in flight too
  first.programDma(DMA_WRITE, BUFFER, 512);
  first.command(READ_DATA, 0x00, 4, 0, 9, 2, 18, 0x1b, 0xff);
  const fdcState = first.fdc.saveState();
  const dmaState = first.dma.saveState();

  const second = rig(drives());
  second.scheduler.now = first.scheduler.now;
  second.fdc.loadState(fdcState);
  second.dma.loadState(dmaState);
  assert.deepEqual(second.fdc.saveState(), fdcState);
  for (const side of [first, second]) {
    side.run();
    assert.deepEqual(side.result(), [0x00, 0, 0, 4, 0, 10, 2]);
    assert.deepEqual(side.memory.bytes.subarray(BUFFER, BUFFER + 512), sectorPattern(4 * 2 * 18 + 8));
    side.command(0x08);
    assert.deepEqual(side.result(), [0x21, 6]);
  }
  assert.throws(() => second.fdc.loadState({ ...fdcState, pcn: new Uint8Array(2) }), /wrong shape/);
});

test("the FreeDOS 1.44M floppy's boot sector and a FAT sector read through the FDC", (t) => {
  const path = testData("images/freedos/freedos.boot.disk.1.4MB.img");
  if (!path) return t.skip("FreeDOS image not found");
  const bytes = new Uint8Array(readFileSync(path));
  const image = DiskImage.open("freedos.img", new MemoryBlockStore(bytes), "floppy", "read-only");
  const { memory, run, command, result, programDma, resetController, seek } = rig([
    { slot: new DriveSlot(image), type: "1.44M" },
  ]);
  resetController();
  seek(0, 0, 0);
  programDma(DMA_WRITE, 0x7c00, 2 * 512);
  command(0xe6, 0x00, 0, 0, 1, 2, 18, 0x1b, 0xff);
  run();
  assert.deepEqual(result(), [0x00, 0, 0, 0, 0, 3, 2]);
  assert.deepEqual(memory.bytes.subarray(0x7c00, 0x7c00 + 1024), bytes.subarray(0, 1024));
  assert.deepEqual([memory.bytes[0x7dfe], memory.bytes[0x7dff]], [0x55, 0xaa]);
});
