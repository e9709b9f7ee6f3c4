import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import type { InterruptLines } from "../../emulator/device.ts";
import { RealTimeClock, type TimeSource } from "../../emulator/devices/rtc.ts";

const MS = 1e6;
const SECOND = 1e9;
/** The update cycle lasts 1984 µs; UIP rises 244 µs before it (MC146818A datasheet). */
const UPDATE_NS = 1_984_000;
const UIP_LEAD_NS = 244_000;

class IrqRecorder implements InterruptLines {
  readonly levels = new Map<number, boolean>();
  readonly edges: number[] = [];
  setIrq(line: number, level: boolean): void {
    if (level && !this.levels.get(line)) this.edges.push(line);
    this.levels.set(line, level);
  }
  level(line: number): boolean {
    return this.levels.get(line) ?? false;
  }
}

function setup(source: TimeSource = { kind: "fixed", startEpochMs: Date.UTC(2024, 1, 28, 23, 59, 58) }) {
  const scheduler = new Scheduler();
  const irqs = new IrqRecorder();
  const rtc = new RealTimeClock(scheduler, irqs, source);
  const io = new IoBus();
  for (const port of rtc.ports) io.register(port);
  const read = (index: number): number => {
    io.out8(0x70, index);
    return io.in8(0x71);
  };
  const write = (index: number, value: number): void => {
    io.out8(0x70, index);
    io.out8(0x71, value);
  };
  /** Seconds, minutes, hours, day of week, date, month, year as the registers hold them. */
  const clock = (): number[] => [0, 2, 4, 6, 7, 8, 9].map(read);
  return { scheduler, irqs, rtc, io, read, write, clock };
}

test("loads the fixed start time in BCD, 24-hour, with the century at 32h", () => {
  const { read, clock } = setup();
  // 2024-02-28 was a Wednesday: day of week 4 counting Sunday as 1.
  assert.deepEqual(clock(), [0x58, 0x59, 0x23, 4, 0x28, 0x02, 0x24]);
  assert.equal(read(0x32), 0x20);
  assert.equal(read(0x0a), 0x26);
  assert.equal(read(0x0b), 0x02);
  assert.equal(read(0x0d), 0x80);
});

test("advances once per virtual second through a leap day and month end", () => {
  const { scheduler, clock } = setup();
  scheduler.advanceTo(SECOND - 1);
  assert.equal(clock()[0], 0x58);
  scheduler.advanceTo(SECOND);
  assert.equal(clock()[0], 0x59);
  scheduler.advanceTo(2 * SECOND);
  assert.deepEqual(clock(), [0x00, 0x00, 0x00, 5, 0x29, 0x02, 0x24]);
  scheduler.advanceTo(2 * SECOND + 86_400 * SECOND);
  assert.deepEqual(clock(), [0x00, 0x00, 0x00, 6, 0x01, 0x03, 0x24]);
});

test("UIP is set from 244 µs before the update cycle until it ends", () => {
  const { scheduler, read } = setup();
  // The first update ends at 1 s and began 1984 µs earlier.
  scheduler.advanceTo(SECOND - UPDATE_NS - UIP_LEAD_NS - 1);
  assert.equal(read(0x0a) & 0x80, 0);
  scheduler.advanceTo(SECOND - UPDATE_NS - UIP_LEAD_NS);
  assert.equal(read(0x0a) & 0x80, 0x80);
  scheduler.advanceTo(SECOND - 1);
  assert.equal(read(0x0a) & 0x80, 0x80);
  scheduler.advanceTo(SECOND);
  assert.equal(read(0x0a) & 0x80, 0);
});

test("SET stops updates and clears UIE; binary 12-hour mode rolls 11:59:59 PM to 12:00:00 AM", () => {
  const { scheduler, read, write, clock } = setup();
  write(0x0b, 0x80 | 0x10 | 0x04); // SET, UIE, binary, 12-hour
  assert.equal(read(0x0b), 0x84, "UIE cleared by SET");
  write(0x00, 59);
  write(0x02, 59);
  write(0x04, 0x80 | 11); // 11 PM
  write(0x06, 7);
  write(0x07, 31);
  write(0x08, 12);
  write(0x09, 99);
  scheduler.advanceTo(3 * SECOND);
  assert.deepEqual(clock(), [59, 59, 0x8b, 7, 31, 12, 99], "no update while SET");
  write(0x0b, 0x04);
  scheduler.advanceTo(4 * SECOND);
  assert.deepEqual(clock(), [0, 0, 12, 1, 1, 1, 0]);
  // 11:59:59 AM steps to 12:00:00 PM.
  write(0x0b, 0x84);
  write(0x00, 59);
  write(0x02, 59);
  write(0x04, 11);
  write(0x0b, 0x04);
  scheduler.advanceTo(5 * SECOND);
  assert.deepEqual(clock().slice(0, 3), [0, 0, 0x80 | 12]);
});

test("BCD 12-hour mode encodes PM in bit 7 of a BCD hour", () => {
  const { scheduler, write, read } = setup();
  write(0x0b, 0x80);
  write(0x00, 0x59);
  write(0x02, 0x59);
  write(0x04, 0x80 | 0x09); // 9:59:59 PM
  write(0x0b, 0x00);
  scheduler.advanceTo(SECOND);
  assert.equal(read(0x04), 0x80 | 0x10);
});

test("update-ended and alarm interrupts raise IRQ 8 until register C is read", () => {
  const { scheduler, irqs, read, write } = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 0, 1, 10, 0, 0) });
  write(0x01, 0x03); // alarm 10:00:03
  write(0x03, 0x00);
  write(0x05, 0x10);
  write(0x0b, 0x02 | 0x20); // 24 h, AIE
  scheduler.advanceTo(2 * SECOND);
  assert.equal(irqs.level(8), false, "UF alone does not interrupt without UIE");
  // PF (40h) is also set at the power-on 1024 Hz rate, PIE or not; mask it out.
  assert.equal(read(0x0c) & ~0x40, 0x10);
  scheduler.advanceTo(3 * SECOND);
  assert.equal(irqs.level(8), true);
  assert.equal(read(0x0c) & ~0x40, 0x80 | 0x20 | 0x10);
  assert.equal(irqs.level(8), false);
  assert.equal(read(0x0c), 0x00, "cleared by the read");

  write(0x0b, 0x02 | 0x10); // UIE only
  scheduler.advanceTo(4 * SECOND);
  assert.equal(irqs.level(8), true);
  assert.equal(read(0x0c) & ~0x40, 0x90);
});

test("alarm bytes C0h–FFh are don't-care", () => {
  const { scheduler, irqs, read, write } = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 0, 1, 10, 0, 0) });
  write(0x01, 0xc0);
  write(0x03, 0xff);
  write(0x05, 0xc5);
  write(0x0b, 0x22);
  for (let s = 1; s <= 3; s++) {
    scheduler.advanceTo(s * SECOND);
    assert.equal(irqs.level(8), true, `alarm at second ${s}`);
    assert.equal(read(0x0c) & 0x20, 0x20);
  }
  write(0x01, 0x30); // seconds must now be 30
  scheduler.advanceTo(4 * SECOND);
  assert.equal(irqs.level(8), false);
});

test("periodic interrupt at the register A rate, as scheduled events while PIE is set", () => {
  const { scheduler, irqs, read, write } = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 0, 1, 0, 0, 0) });
  write(0x0a, 0x70); // divider reset
  write(0x0a, 0x26); // released at t=0: 1024 Hz, ticks every 976.5625 µs from now
  write(0x0b, 0x42); // PIE
  const period = SECOND / 1024;
  assert.equal(scheduler.nextDue(), period);
  scheduler.advanceTo(period - 1);
  assert.equal(irqs.level(8), false);
  scheduler.advanceTo(period);
  assert.equal(irqs.level(8), true);
  assert.equal(read(0x0c), 0xc0);
  assert.equal(irqs.level(8), false);
  // Without a register C read the line stays high: one edge however many ticks pass.
  scheduler.advanceTo(10 * period);
  assert.deepEqual(irqs.edges, [8, 8]);
  read(0x0c);
  write(0x0a, 0x23); // 8192 Hz
  assert.equal(scheduler.nextDue(), 10 * period + SECOND / 8192);
});

test("PF is set with PIE clear when a period has passed, and rates 1 and 2 are 256 Hz and 128 Hz", () => {
  const { scheduler, irqs, read, write } = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 0, 1, 0, 0, 0) });
  write(0x0a, 0x70);
  write(0x0a, 0x21); // 256 Hz, PIE clear
  scheduler.advanceTo(3.9 * MS);
  assert.equal(read(0x0c) & 0x40, 0);
  scheduler.advanceTo(3.91 * MS);
  assert.equal(read(0x0c) & 0x40, 0x40);
  assert.equal(read(0x0c) & 0x40, 0, "cleared by the read");
  assert.equal(irqs.level(8), false);
  write(0x0a, 0x22); // 128 Hz
  write(0x0b, 0x42);
  assert.equal(scheduler.nextDue(), 7.8125 * MS);
});

test("enabling PIE with PF already set interrupts at once", () => {
  const { scheduler, irqs, write } = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 0, 1, 0, 0, 0) });
  write(0x0a, 0x70);
  write(0x0a, 0x2f); // 2 Hz
  scheduler.advanceTo(600 * MS);
  write(0x0b, 0x42);
  assert.equal(irqs.level(8), true);
});

test("divider reset holds the clock; the first update comes 0.5 s after release", () => {
  const { scheduler, write, read } = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 0, 1, 0, 0, 0) });
  write(0x0a, 0x76);
  scheduler.advanceTo(5 * SECOND);
  assert.equal(read(0x00), 0x00);
  write(0x0a, 0x26);
  scheduler.advanceTo(5.5 * SECOND + UPDATE_NS - 1);
  assert.equal(read(0x00), 0x00);
  scheduler.advanceTo(5.5 * SECOND + UPDATE_NS);
  assert.equal(read(0x00), 0x01);
});

test("daylight saving steps forward in April and back once in October", () => {
  // 2024-04-28 and 2024-10-27 are the last Sundays of their months.
  const spring = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 3, 28, 1, 59, 59) });
  spring.write(0x0b, 0x03);
  spring.scheduler.advanceTo(SECOND);
  assert.deepEqual(spring.clock().slice(0, 3), [0x00, 0x00, 0x03]);

  const autumn = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 9, 27, 1, 59, 59) });
  autumn.write(0x0b, 0x03);
  autumn.scheduler.advanceTo(SECOND);
  assert.deepEqual(autumn.clock().slice(0, 3), [0x00, 0x00, 0x01]);
  autumn.scheduler.advanceTo(3601 * SECOND);
  assert.deepEqual(autumn.clock().slice(0, 3), [0x00, 0x00, 0x02]);

  const ordinary = setup({ kind: "fixed", startEpochMs: Date.UTC(2024, 9, 20, 1, 59, 59) });
  ordinary.write(0x0b, 0x03);
  ordinary.scheduler.advanceTo(SECOND);
  assert.deepEqual(ordinary.clock().slice(0, 3), [0x00, 0x00, 0x02]);
});

test("host time source: updates follow host seconds and keep a guest-set offset", () => {
  let hostMs = Date.UTC(2024, 5, 1, 12, 0, 0, 400);
  const { scheduler, read, write } = setup({ kind: "host", epochMs: () => hostMs });
  assert.equal(read(0x00), 0x00);
  // Aligned with the host's second boundary: the first update ends 600 ms later.
  assert.equal(scheduler.nextDue(), 600 * MS);
  hostMs += 4_600;
  scheduler.advanceTo(600 * MS);
  assert.equal(read(0x00), 0x05, "caught up five host seconds");
  // The emulation ran a second faster than the host: no host second passed, the clock holds.
  scheduler.advanceTo(1600 * MS);
  assert.equal(read(0x00), 0x05);
  write(0x0b, 0x82);
  write(0x02, 0x30); // guest sets minutes to 30
  hostMs += 10_000; // ten host seconds pass while SET is held, which do not count
  write(0x0b, 0x02);
  hostMs += 1_000;
  scheduler.advanceTo(2600 * MS);
  assert.deepEqual([read(0x00), read(0x02)], [0x06, 0x30]);
});

test("port 70h bit 7 is the NMI mask; port 70h is write-only", () => {
  const { io, rtc } = setup();
  assert.equal(rtc.nmiMasked, false);
  io.out8(0x70, 0x8f);
  assert.equal(rtc.nmiMasked, true);
  assert.equal(io.in8(0x70), 0xff);
  io.out8(0x70, 0x0f);
  assert.equal(rtc.nmiMasked, false);
});

test("RAM bytes 0Eh–7Fh hold values; C and D are read-only", () => {
  const { read, write } = setup();
  write(0x0e, 0x12);
  write(0x7f, 0x34);
  assert.deepEqual([read(0x0e), read(0x7f)], [0x12, 0x34]);
  write(0x0d, 0x00);
  assert.equal(read(0x0d), 0x80);
  write(0x0c, 0xff);
  assert.equal(read(0x0c), 0x00);
});

test("AT configuration layout and checksum over 10h–2Dh", () => {
  const { rtc, read } = setup();
  rtc.writeAtConfiguration({
    floppyDrives: ["1.44M", "1.2M"],
    hardDiskTypes: [47, 2],
    display: "cga-80",
    mathCoprocessor: true,
    baseMemoryKb: 640,
    extendedMemoryKb: 15360,
  });
  assert.equal(read(0x10), 0x42);
  assert.equal(read(0x12), 0xf2);
  assert.equal(read(0x19), 47);
  assert.equal(read(0x1a), 0);
  assert.equal(read(0x14), 0b01_10_0_0_1_1);
  assert.deepEqual([read(0x15), read(0x16)], [0x80, 0x02]);
  assert.deepEqual([read(0x17), read(0x18)], [0x00, 0x3c]);
  assert.deepEqual([read(0x30), read(0x31)], [0x00, 0x3c]);
  let sum = 0;
  for (let i = 0x10; i <= 0x2d; i++) sum += read(i);
  assert.equal(sum, 0x42 + 0xf2 + 47 + 0x63 + 0x80 + 0x02 + 0x3c);
  assert.deepEqual([read(0x2e), read(0x2f)], [sum >> 8, sum & 0xff]);

  rtc.writeAtConfiguration({
    floppyDrives: ["360K", "none"],
    hardDiskTypes: [0, 0],
    display: "mda",
    mathCoprocessor: false,
    baseMemoryKb: 256,
    extendedMemoryKb: 0,
  });
  assert.equal(read(0x10), 0x10);
  assert.equal(read(0x14), 0b00_11_0_0_0_1);
});

test("battery RAM survives a save to the host and a load into a new chip; time comes from the source", () => {
  const first = setup();
  first.write(0x40, 0x5a);
  first.write(0x0b, 0x06 | 0x10); // binary, 24 h, UIE
  const image = first.rtc.readBatteryRam();
  assert.equal(image.length, 128);

  const second = setup({ kind: "fixed", startEpochMs: Date.UTC(2030, 6, 4, 8, 30, 15) });
  second.rtc.writeBatteryRam(image);
  assert.equal(second.read(0x40), 0x5a);
  assert.equal(second.read(0x0b), 0x06, "interrupt enables are not restored");
  assert.deepEqual(second.clock(), [15, 30, 8, 5, 4, 7, 30], "binary time from the source");
  assert.equal(second.read(0x32), 0x20);
  assert.throws(() => second.rtc.writeBatteryRam(new Uint8Array(64)));
});

test("reset clears interrupt enables and flags but keeps time and RAM", () => {
  const { scheduler, irqs, rtc, read, write } = setup();
  write(0x20, 0x77);
  write(0x0b, 0x12);
  scheduler.advanceTo(SECOND);
  assert.equal(irqs.level(8), true);
  rtc.reset();
  assert.equal(irqs.level(8), false);
  assert.equal(read(0x0b), 0x02);
  assert.equal(read(0x0c), 0x00);
  assert.equal(read(0x20), 0x77);
  assert.equal(read(0x00), 0x59);
});

test("saveState/loadState round trip continues identically", () => {
  const a = setup();
  a.write(0x0a, 0x2a); // 64 Hz
  a.write(0x0b, 0x42 | 0x20); // PIE, AIE
  a.write(0x01, 0xff);
  a.write(0x03, 0xff);
  a.write(0x05, 0xff);
  a.write(0x50, 0x99);
  a.io.out8(0x70, 0x8c); // NMI masked, index C selected
  a.scheduler.advanceTo(1.5 * SECOND);
  const saved = a.rtc.saveState();
  assert.ok((saved.periodicDue as number) > 1.5 * SECOND);
  assert.equal(saved.updateDue, 2 * SECOND);

  const b = setup({ kind: "fixed", startEpochMs: 0 });
  b.scheduler.advanceTo(1.5 * SECOND);
  b.rtc.loadState(saved);
  assert.equal(b.rtc.nmiMasked, true);
  assert.equal(b.io.in8(0x71), a.io.in8(0x71), "index survives: both read register C");
  for (const t of [1.6, 2.0, 2.2, 3.5]) {
    a.scheduler.advanceTo(t * SECOND);
    b.scheduler.advanceTo(t * SECOND);
    assert.deepEqual(b.clock(), a.clock());
    assert.equal(b.read(0x0c), a.read(0x0c));
    assert.equal(b.read(0x50), 0x99);
  }
  assert.throws(() => b.rtc.loadState({ ...saved, bytes: new Uint8Array(3) }));
  assert.throws(() => b.rtc.loadState({ ...saved, updateDue: "soon" }));
});
