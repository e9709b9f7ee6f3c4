import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { ProgrammableIntervalTimer, pitClockAt, pitClockTime, type PitModel } from "../../emulator/devices/pit.ts";

/** Records IRQ0 levels with the PIT clock at which each arrived. */
class IrqRecorder {
  edges: [clock: number, level: boolean][] = [];
  constructor(private readonly scheduler: Scheduler) {}
  setIrq(line: number, level: boolean): void {
    assert.equal(line, 0);
    this.edges.push([pitClockAt(this.scheduler.now), level]);
  }
}

function setup(model: PitModel = "8254"): {
  scheduler: Scheduler;
  irq: IrqRecorder;
  pit: ProgrammableIntervalTimer;
  io: IoBus;
} {
  const scheduler = new Scheduler();
  const irq = new IrqRecorder(scheduler);
  const pit = new ProgrammableIntervalTimer(scheduler, irq, model);
  const io = new IoBus();
  for (const port of pit.ports) io.register(port);
  return { scheduler, irq, pit, io };
}

/** Control word for `channel` with LSB-then-MSB access. */
function program(io: IoBus, channel: number, mode: number, count: number, bcd = false): void {
  io.out8(0x43, (channel << 6) | 0x30 | (mode << 1) | (bcd ? 1 : 0));
  io.out8(0x40 + channel, count & 0xff);
  io.out8(0x40 + channel, count >>> 8);
}

function readCount(io: IoBus, channel: number): number {
  return io.in8(0x40 + channel) | (io.in8(0x40 + channel) << 8);
}

function advanceToClock(scheduler: Scheduler, clock: number): void {
  scheduler.advanceTo(pitClockTime(clock));
}

test("clock conversion: 1,193,181.8 Hz, and an edge's time maps back to that clock", () => {
  assert.equal(pitClockAt(1e9), 1193181);
  for (const clock of [1, 20, 21, 65536, 1193182]) {
    assert.equal(pitClockAt(pitClockTime(clock)), clock);
    assert.equal(pitClockAt(pitClockTime(clock) - 1), clock - 1);
  }
});

test("mode 2 rate generator: IRQ0 falls for one clock every N clocks", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 2, 100);
  assert.deepEqual(irq.edges, [[0, true]], "OUT goes high on the mode 2 control word");
  advanceToClock(scheduler, 350);
  // Loaded on clock 1; count 1 is reached after 99 more clocks.
  assert.deepEqual(irq.edges, [
    [0, true],
    [100, false],
    [101, true],
    [200, false],
    [201, true],
    [300, false],
    [301, true],
  ]);
});

test("mode 3 square wave: even count N gives N/2 high and N/2 low", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 3, 10);
  advanceToClock(scheduler, 40);
  assert.deepEqual(irq.edges.slice(1), [
    [6, false],
    [11, true],
    [16, false],
    [21, true],
    [26, false],
    [31, true],
    [36, false],
  ]);
});

test("mode 3 with an odd count: high (N+1)/2, low (N-1)/2", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 3, 5);
  advanceToClock(scheduler, 12);
  assert.deepEqual(irq.edges.slice(1), [
    [4, false],
    [6, true],
    [9, false],
    [11, true],
  ]);
});

test("mode 3 count 0 is 65536: the BIOS's 18.2 Hz tick", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 3, 0);
  scheduler.advanceTo(1e9);
  const rising = irq.edges.filter(([, level]) => level).length - 1;
  assert.equal(rising, 18);
  assert.deepEqual(irq.edges[1], [1 + 32768, false]);
});

test("mode 0: OUT low on the control word, high N+1 clocks after the count; count wraps and continues", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 0, 50);
  assert.deepEqual(irq.edges, []);
  advanceToClock(scheduler, 50);
  assert.deepEqual(irq.edges, []);
  advanceToClock(scheduler, 51);
  assert.deepEqual(irq.edges, [[51, true]]);
  advanceToClock(scheduler, 53);
  assert.equal(readCount(io, 0), 0xfffe);
  io.out8(0x40, 10);
  assert.deepEqual(irq.edges.at(-1), [53, false], "the first byte of a new count stops counting, OUT low");
  io.out8(0x40, 0);
  advanceToClock(scheduler, 70);
  assert.deepEqual(irq.edges.at(-1), [64, true]);
});

test("counter reads: live, and the latch command freezes the value until both bytes are read", () => {
  const { scheduler, io } = setup();
  program(io, 1, 2, 1000);
  advanceToClock(scheduler, 101);
  assert.equal(readCount(io, 1), 900);
  io.out8(0x43, 0x40); // latch counter 1
  advanceToClock(scheduler, 151);
  io.out8(0x43, 0x40); // ignored: the first latch is unread
  assert.equal(io.in8(0x41), 900 & 0xff);
  advanceToClock(scheduler, 201);
  assert.equal(io.in8(0x41), 900 >>> 8);
  assert.equal(readCount(io, 1), 800, "live again after the latched MSB");
  advanceToClock(scheduler, 1001);
  assert.equal(readCount(io, 1), 1000, "reloads at the end of the period");
});

test("LSB-only and MSB-only access modes", () => {
  const { scheduler, io } = setup();
  io.out8(0x43, 0x14); // counter 0, LSB only, mode 2
  io.out8(0x40, 0x50);
  advanceToClock(scheduler, 17);
  assert.equal(io.in8(0x40), 0x40);
  assert.equal(io.in8(0x40), 0x40, "no flip-flop in LSB mode");
  io.out8(0x43, 0x24); // MSB only: count 0200h
  io.out8(0x40, 0x02);
  advanceToClock(scheduler, 17 + 1 + 256);
  assert.equal(io.in8(0x40), 0x01);
});

test("BCD counting reads decimal digits", () => {
  const { scheduler, io } = setup();
  program(io, 1, 2, 0x0100, true);
  advanceToClock(scheduler, 11);
  assert.equal(readCount(io, 1), 0x0090);
  advanceToClock(scheduler, 101);
  assert.equal(readCount(io, 1), 0x0100);
  program(io, 1, 0, 0x0000, true);
  advanceToClock(scheduler, 103);
  assert.equal(readCount(io, 1), 0x9999, "0 is 10000 in BCD");
});

test("8254 read-back: status byte (OUT, null count, access, mode, BCD) then the count", () => {
  const { scheduler, io } = setup();
  io.out8(0x43, 0x34);
  io.out8(0x40, 100);
  io.out8(0x40, 0);
  io.out8(0x43, 0xe2); // read-back status only, counter 0
  assert.equal(io.in8(0x40), 0x80 | 0x40 | 0x34, "null count until the load clock");
  advanceToClock(scheduler, 51);
  io.out8(0x43, 0xc2); // count and status
  assert.equal(io.in8(0x40), 0x80 | 0x34);
  assert.equal(readCount(io, 0), 50);
  advanceToClock(scheduler, 100);
  io.out8(0x43, 0xe2);
  assert.equal(io.in8(0x40), 0x34, "OUT low while the count is 1");
});

test("the 8253 has no read-back command", () => {
  const { scheduler, io } = setup("8253");
  program(io, 0, 2, 100);
  advanceToClock(scheduler, 11);
  io.out8(0x43, 0xe2);
  assert.equal(readCount(io, 0), 90);
});

test("mode 2: a new count takes effect at the end of the current period", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 2, 100);
  advanceToClock(scheduler, 50);
  io.out8(0x40, 10);
  io.out8(0x40, 0);
  advanceToClock(scheduler, 130);
  assert.deepEqual(irq.edges.slice(1), [
    [100, false],
    [101, true],
    [110, false],
    [111, true],
    [120, false],
    [121, true],
    [130, false],
  ]);
});

test("mode 3: a new count takes effect at the end of the current half-cycle", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 3, 100);
  advanceToClock(scheduler, 20);
  io.out8(0x40, 10);
  io.out8(0x40, 0);
  advanceToClock(scheduler, 80);
  assert.deepEqual(irq.edges.slice(1), [
    [51, false],
    [56, true],
    [61, false],
    [66, true],
    [71, false],
    [76, true],
  ]);
});

test("mode 4 software strobe: one low clock N+1 clocks after the count is written", () => {
  const { scheduler, irq, io } = setup();
  program(io, 0, 4, 20);
  advanceToClock(scheduler, 100);
  assert.deepEqual(irq.edges, [
    [0, true],
    [21, false],
    [22, true],
  ]);
});

test("channel 2 gate: mode 1 one-shot triggered by the gate's rising edge", () => {
  const { scheduler, pit, io } = setup();
  const edges: [number, boolean][] = [];
  pit.setOutputListener(2, (_channel, level, now) => edges.push([pitClockAt(now), level]));
  program(io, 2, 1, 30);
  assert.equal(pit.outputLevel(2), true);
  advanceToClock(scheduler, 10);
  assert.deepEqual(edges, [[0, true]], "no trigger yet");
  pit.setGate(2, true);
  advanceToClock(scheduler, 100);
  assert.deepEqual(edges, [
    [0, true],
    [11, false],
    [41, true],
  ]);
});

test("channel 2 gate: mode 3 stops with OUT high while the gate is low and restarts on the rising edge", () => {
  const { scheduler, pit, io } = setup();
  const edges: [number, boolean][] = [];
  pit.setOutputListener(2, (_channel, level, now) => edges.push([pitClockAt(now), level]));
  program(io, 2, 3, 8);
  advanceToClock(scheduler, 5);
  assert.deepEqual(edges, [[0, true]], "gate low: not counting");
  pit.setGate(2, true);
  advanceToClock(scheduler, 12);
  assert.deepEqual(edges.slice(1), [[10, false]]);
  pit.setGate(2, false);
  assert.equal(pit.outputLevel(2), true);
  advanceToClock(scheduler, 40);
  assert.equal(edges.length, 3);
  pit.setGate(2, true);
  advanceToClock(scheduler, 46);
  assert.deepEqual(edges.slice(3), [[45, false]]);
});

test("channel 2 gate: mode 0 suspends counting while the gate is low", () => {
  const { scheduler, pit, io } = setup();
  pit.setGate(2, true);
  program(io, 2, 0, 100);
  advanceToClock(scheduler, 21);
  assert.equal(readCount(io, 2), 80);
  pit.setGate(2, false);
  advanceToClock(scheduler, 500);
  assert.equal(readCount(io, 2), 80);
  assert.equal(pit.outputLevel(2), false);
  pit.setGate(2, true);
  // 80 clocks were left at clock 21; counting resumes at 500, so the count reaches 0 at 580.
  advanceToClock(scheduler, 579);
  assert.equal(pit.outputLevel(2), false);
  advanceToClock(scheduler, 580);
  assert.equal(pit.outputLevel(2), true);
});

test("saveState/loadState round trip continues the same edges", () => {
  const a = setup();
  program(a.io, 0, 3, 1000);
  program(a.io, 2, 2, 77);
  a.pit.setGate(2, true);
  advanceToClock(a.scheduler, 1234);
  a.io.out8(0x43, 0x80); // latch counter 2
  const state = a.pit.saveState();

  const b = setup();
  b.scheduler.advanceTo(a.scheduler.now);
  b.pit.loadState(structuredClone(state));
  b.irq.edges = [];
  a.irq.edges = [];
  assert.deepEqual(b.pit.saveState(), state);
  assert.equal(readCount(b.io, 2), readCount(a.io, 2));
  advanceToClock(a.scheduler, 5000);
  advanceToClock(b.scheduler, 5000);
  assert.ok(a.irq.edges.length > 0);
  assert.deepEqual(b.irq.edges, a.irq.edges);
  assert.equal(readCount(b.io, 0), readCount(a.io, 0));
  assert.throws(() => b.pit.loadState({ model: "8253", counters: [] }));
});
