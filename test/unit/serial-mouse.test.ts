import { test } from "node:test";
import assert from "node:assert/strict";
import type { InterruptLines } from "../../emulator/device.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { Uart16550 } from "../../emulator/devices/uart.ts";
import { SerialMouse } from "../../emulator/devices/serial-mouse.ts";

const MS = 1_000_000;
const BASE = 0x3f8;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const DTR = 0x01;
const RTS = 0x02;
/** 1200 baud, 7 data bits, no parity, 1 stop bit: 9 bits of 1/1200 s. */
const CHARACTER_NS = (9 * 1e9) / 1200;

function setup() {
  const scheduler = new Scheduler();
  const lines: InterruptLines = { setIrq: () => {} };
  const uart = new Uart16550(scheduler, lines, "COM1");
  const mouse = new SerialMouse(scheduler, uart);
  const io = new IoBus();
  for (const port of uart.ports) io.register(port);
  const run = (ns: number): void => scheduler.advanceTo(scheduler.now + ns);
  /** Every character the UART has received so far, read as a driver would. */
  const drain = (): number[] => {
    const bytes: number[] = [];
    while (io.in8(BASE + LSR) & 0x01) bytes.push(io.in8(BASE));
    return bytes;
  };
  // The mouse's line: divisor 96 (1200 baud), 7N1, FIFO on so nothing overruns between reads.
  io.out8(BASE + LCR, 0x80);
  io.out8(BASE, 96);
  io.out8(BASE + 1, 0);
  io.out8(BASE + LCR, 0x02);
  io.out8(BASE + 2, 0x01);
  const power = (): void => {
    io.out8(BASE + MCR, DTR);
    run(20 * MS);
    io.out8(BASE + MCR, DTR | RTS);
  };
  return { scheduler, uart, mouse, io, run, drain, power };
}

test("RTS rising with DTR on resets the mouse: it answers M after a short delay", () => {
  const { run, drain, power, io } = setup();
  io.out8(BASE + MCR, DTR | RTS);
  run(100 * MS);
  assert.deepEqual(drain(), [0x4d]);
  // Toggling RTS (as a driver's reset does) identifies again; DTR alone powers nothing.
  power();
  run(4 * MS);
  assert.deepEqual(drain(), []);
  run(10 * MS);
  assert.deepEqual(drain(), [0x4d]);
  io.out8(BASE + MCR, DTR);
  run(100 * MS);
  assert.deepEqual(drain(), []);
});

test("no reports while unpowered", () => {
  const { run, drain, mouse } = setup();
  mouse.input(5, 5, 1);
  run(100 * MS);
  assert.deepEqual(drain(), []);
});

test("packets: first byte 40h with buttons and high bits, then the low six bits of X and Y (Y down)", () => {
  const { run, drain, power, mouse } = setup();
  power();
  run(50 * MS);
  assert.deepEqual(drain(), [0x4d]);
  mouse.input(5, -3, 0b01);
  run(50 * MS);
  // Y = -3 = FDh: bits 7-6 are 11 in the first byte, 3Dh in the third.
  assert.deepEqual(drain(), [0x40 | 0x20 | 0x0c, 5, 0x3d]);
  mouse.input(-100, 70, 0b110);
  run(50 * MS);
  // X = -100 = 9Ch (bits 7-6 10, low 1Ch), Y = 70 = 46h (bits 7-6 01, low 06h); right button, no middle.
  assert.deepEqual(drain(), [0x40 | 0x10 | 0x04 | 0x02, 0x1c, 0x06]);
  // Right released (a packet); the middle button is not on a Microsoft mouse (no packet).
  mouse.input(0, 0, 0b100);
  run(50 * MS);
  assert.deepEqual(drain(), [0x40, 0, 0]);
  mouse.input(0, 0, 0b000);
  run(50 * MS);
  assert.deepEqual(drain(), []);
});

test("motion coalesces while a packet is going out; beyond the 8-bit range it is carried to the next packet", () => {
  const { run, drain, power, mouse, scheduler } = setup();
  power();
  run(50 * MS);
  drain();
  mouse.input(1, 0, 0);
  const first = scheduler.now;
  for (let i = 0; i < 10; i++) {
    mouse.input(20, 2, 0);
    run(2 * MS);
  }
  // The second packet waits for the first to leave the line (three characters), then carries everything since.
  run(3 * CHARACTER_NS - (scheduler.now - first));
  run(3 * CHARACTER_NS + 1);
  // X 200: 127 now (X7-6 = 01, X5-0 = 3Fh), the other 73 (01, 09h) in the next packet.
  assert.deepEqual(drain(), [0x40, 1, 0, 0x40 | 0x01, 0x3f, 20]);
  run(3 * CHARACTER_NS);
  assert.deepEqual(drain(), [0x40 | 0x01, 0x09, 0]);
  run(10 * CHARACTER_NS);
  assert.deepEqual(drain(), []);
});

test("large motions go out in packets of at most 127 counts, and at most 512 counts are carried", () => {
  const { run, drain, power, mouse } = setup();
  power();
  run(50 * MS);
  drain();
  mouse.input(-300, 1000, 0);
  run(150 * MS);
  const packets: number[][] = [];
  const bytes = drain();
  for (let i = 0; i < bytes.length; i += 3) packets.push(bytes.slice(i, i + 3));
  const signed = (high: number, low: number): number => ((((high & 3) << 6) | low) << 24) >> 24;
  const xs = packets.map(([first, x]) => signed(first, x));
  const ys = packets.map(([first, , y]) => signed(first >> 2, y));
  assert.deepEqual(xs, [-127, -127, -46, 0, 0]);
  assert.deepEqual(ys, [127, 127, 127, 127, 4]);
});

test("saveState/loadState round trip, mid-identification and mid-packet", () => {
  const a = setup();
  a.power();
  a.run(2 * MS);
  const identifying = a.mouse.saveState();
  a.run(40 * MS);
  a.drain();
  a.mouse.input(7, 8, 2);
  a.mouse.input(1, 1, 2);
  const state = a.mouse.saveState();
  const b = setup();
  b.scheduler.now = a.scheduler.now;
  b.uart.loadState(a.uart.saveState());
  b.mouse.loadState(structuredClone(state));
  assert.deepEqual(b.mouse.saveState(), state);
  a.run(60 * MS);
  b.run(60 * MS);
  assert.deepEqual(b.drain(), a.drain());
  const c = setup();
  c.mouse.loadState(identifying);
  assert.deepEqual(c.mouse.saveState(), identifying);
  assert.throws(() => c.mouse.loadState({ ...state, powered: 1 }), /powered/);
});
