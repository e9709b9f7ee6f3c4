import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import type { InterruptLines } from "../../emulator/device.ts";
import { ParallelPort, type ParallelPortOptions } from "../../emulator/devices/parallel-port.ts";

const US = 1000;
/** The modelled printer holds BUSY 10 µs, then pulses -ACK for 5 µs. */
const ACK_START = 10 * US;
const ACK_END = 15 * US;
/** Status of a ready printer: not busy, no ACK, paper present, selected, no error, unused bits high. */
const READY = 0xdf;
/** Control: -INIT high and SLCT IN, as the BIOS leaves it; add 01h for STROBE, 10h for IRQ enable. */
const IDLE = 0x0c;

class IrqRecorder implements InterruptLines {
  readonly events: string[] = [];
  setIrq(line: number, level: boolean): void {
    this.events.push(`${line}:${level ? "high" : "low"}`);
  }
}

function setup(options: ParallelPortOptions = { base: 0x378, irq: 7 }) {
  const scheduler = new Scheduler();
  const irqs = new IrqRecorder();
  const port = new ParallelPort(scheduler, irqs, options);
  const io = new IoBus();
  for (const handler of port.ports) io.register(handler);
  const printed: number[] = [];
  port.onOutput = (byte) => printed.push(byte);
  const base = options.base;
  const status = (): number => io.in8(base + 1);
  const control = (value: number): void => io.out8(base + 2, value);
  /** What INT 17h does: data out, strobe pulse (control bit 0 set, then cleared). */
  const print = (byte: number, controlBits = IDLE): void => {
    io.out8(base, byte);
    control(controlBits | 0x01);
    control(controlBits);
  };
  return { scheduler, irqs, port, io, status, control, print, printed };
}

test("ports, data latch read-back, control read-back with bits 7–5 high", () => {
  const { port, io } = setup({ base: 0x3bc });
  assert.deepEqual(
    port.ports.map((p) => [p.port, p.name]),
    [
      [0x3bc, "LPT 3bch data"],
      [0x3bd, "LPT 3bch status"],
      [0x3be, "LPT 3bch control"],
    ],
  );
  assert.equal(port.name, "parallel-3bc");
  io.out8(0x3bc, 0xa5);
  assert.equal(io.in8(0x3bc), 0xa5);
  io.out8(0x3be, 0xfe);
  assert.equal(io.in8(0x3be), 0xfe);
  io.out8(0x3be, 0x0c);
  assert.equal(io.in8(0x3be), 0xec);
  assert.equal(io.in8(0x3bd), READY);
});

test("a byte is printed when the strobe bit falls, then BUSY and the ACK pulse follow", () => {
  const { scheduler, io, status, control, printed } = setup();
  control(IDLE);
  io.out8(0x378, 0x48);
  control(IDLE | 0x01);
  assert.deepEqual(printed, [], "nothing until the strobe ends");
  control(IDLE);
  assert.deepEqual(printed, [0x48]);
  assert.equal(status(), READY & ~0x80, "busy (bit 7 is the inverted BUSY line)");
  scheduler.advanceTo(ACK_START);
  assert.equal(status(), READY & ~0x80 & ~0x40, "ACK active low");
  scheduler.advanceTo(ACK_END);
  assert.equal(status(), READY);
  // INT 17h reports status with bits 6 and 3 flipped: a ready printer is 90h (RBIL INT 17/AH=02h).
  assert.equal((status() ^ 0x48) & 0xf8, 0x90);
});

test("a strobe while the printer is busy is lost; writing the control port without a falling edge prints nothing", () => {
  const { scheduler, control, print, printed } = setup();
  print(0x41);
  print(0x42);
  scheduler.advanceTo(ACK_END);
  print(0x43);
  control(IDLE);
  control(IDLE);
  assert.deepEqual(printed, [0x41, 0x43]);
});

test("-INIT low resets the printer and blocks strobes", () => {
  const { scheduler, status, control, print, printed } = setup();
  print(0x41);
  control(0x08); // -INIT low
  assert.equal(status(), READY, "the character in progress is dropped");
  print(0x42, 0x08);
  assert.deepEqual(printed, [0x41]);
  scheduler.advanceTo(ACK_END);
  assert.equal(status(), READY);
  print(0x43);
  assert.deepEqual(printed, [0x41, 0x43]);
});

test("IRQ 7 rises when -ACK returns inactive, only with control bit 4 set", () => {
  const { scheduler, irqs, control, print } = setup();
  print(0x01);
  scheduler.advanceTo(ACK_END);
  assert.deepEqual(irqs.events, [], "IRQ enable clear");
  control(IDLE | 0x10);
  assert.deepEqual(irqs.events, [], "enabling alone does not interrupt");
  print(0x02, IDLE | 0x10);
  scheduler.advanceTo(ACK_END * 2 - 1);
  assert.deepEqual(irqs.events, []);
  scheduler.advanceTo(ACK_END * 2);
  assert.deepEqual(irqs.events, ["7:high"]);
  print(0x03, IDLE | 0x10);
  scheduler.advanceTo(ACK_END * 2 + ACK_START);
  assert.deepEqual(irqs.events, ["7:high", "7:low"], "the next ACK pulse drops the line");
  scheduler.advanceTo(ACK_END * 3);
  assert.deepEqual(irqs.events, ["7:high", "7:low", "7:high"]);
  control(IDLE);
  assert.deepEqual(irqs.events, ["7:high", "7:low", "7:high", "7:low"]);
});

test("without an IRQ jumper the adapter never interrupts", () => {
  const { scheduler, irqs, print } = setup({ base: 0x278 });
  print(0x01, IDLE | 0x10);
  scheduler.advanceTo(ACK_END);
  assert.deepEqual(irqs.events, []);
});

test("printer status lines: offline, paper out and error also hold BUSY and refuse data", () => {
  const { port, status, print, printed } = setup();
  port.setPrinterStatus({ online: false, paperOut: false, error: false });
  assert.equal(status(), 0x4f);
  print(0x41);
  port.setPrinterStatus({ online: true, paperOut: true, error: false });
  assert.equal(status(), 0x7f);
  print(0x42);
  port.setPrinterStatus({ online: true, paperOut: false, error: true });
  assert.equal(status(), 0x57);
  print(0x43);
  assert.deepEqual(printed, []);
  port.setPrinterStatus({ online: true, paperOut: false, error: false });
  print(0x44);
  assert.deepEqual(printed, [0x44]);
});

test("reset clears the control latch (holding -INIT low) and cancels the handshake", () => {
  const { port, io, status, print } = setup();
  io.out8(0x378, 0x99);
  print(0x99, IDLE | 0x10);
  port.reset();
  assert.equal(io.in8(0x37a), 0xe0);
  assert.equal(io.in8(0x378), 0x99, "the data latch is not reset");
  assert.equal(status(), READY);
});

test("saveState/loadState round trip mid-handshake continues identically", () => {
  const a = setup();
  a.control(IDLE | 0x10);
  a.print(0x41, IDLE | 0x10);
  a.scheduler.advanceTo(ACK_END);
  a.print(0x42, IDLE | 0x10);
  a.port.setPrinterStatus({ online: true, paperOut: false, error: false });
  a.scheduler.advanceTo(ACK_END + 12 * US);
  const saved = a.port.saveState();

  const b = setup();
  b.scheduler.advanceTo(ACK_END + 12 * US);
  b.port.loadState(saved);
  assert.equal(b.status(), a.status());
  assert.equal(b.io.in8(0x37a), a.io.in8(0x37a));
  assert.equal(b.io.in8(0x378), 0x42);
  const aEvents = a.irqs.events.length;
  a.scheduler.advanceTo(ACK_END * 2);
  b.scheduler.advanceTo(ACK_END * 2);
  assert.equal(b.status(), READY);
  assert.deepEqual(b.irqs.events, a.irqs.events.slice(aEvents));
  assert.deepEqual(b.irqs.events, ["7:high"]);
  assert.throws(() => b.port.loadState({ ...saved, busy: 1 }));
  assert.throws(() => b.port.loadState({ ...saved, acceptDue: "later" }));
});
