import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import type { InterruptLines } from "../../emulator/device.ts";
import { Uart16550, type ModemControlLines, type SerialPortName } from "../../emulator/devices/uart.ts";

const THR = 0;
const IER = 1;
const IIR = 2;
const FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;
const OUT2 = 0x08;

class IrqRecorder implements InterruptLines {
  readonly levels = new Map<number, boolean>();
  setIrq(line: number, level: boolean): void {
    this.levels.set(line, level);
  }
  level(line: number): boolean {
    return this.levels.get(line) ?? false;
  }
}

/** One character time in ns: bits × divisor × 16 / 1.8432 MHz, the same expression the UART evaluates. */
function characterTime(bits: number, divisor: number): number {
  return (bits * divisor * 16 * 1e9) / 1_843_200;
}

function setup(portName: SerialPortName = "COM1") {
  const scheduler = new Scheduler();
  const irqs = new IrqRecorder();
  const uart = new Uart16550(scheduler, irqs, portName);
  const io = new IoBus();
  for (const port of uart.ports) io.register(port);
  const base = portName === "COM1" ? 0x3f8 : 0x2f8;
  const read = (offset: number): number => io.in8(base + offset);
  const write = (offset: number, value: number): void => io.out8(base + offset, value);
  const sent: number[] = [];
  uart.onTransmit = (byte) => sent.push(byte);
  /**
   * Divisor 9 (12800 baud), 8 data bits, no parity, 1 stop bit: 10 bits, exactly 781 250 ns per character, so
   * sums of character times compare exactly.
   */
  const configure = (): void => {
    write(LCR, 0x80);
    write(0, 9);
    write(1, 0);
    write(LCR, 0x03);
  };
  return { scheduler, irqs, uart, io, read, write, sent, configure, charTime: characterTime(10, 9) };
}

test("reset values and the divisor latch behind DLAB", () => {
  const { read, write } = setup();
  assert.deepEqual([IER, IIR, LCR, MCR, LSR, MSR].map(read), [0x00, 0x01, 0x00, 0x00, 0x60, 0x00]);
  write(LCR, 0x80);
  write(0, 0x34);
  write(1, 0x12);
  assert.deepEqual([read(0), read(1)], [0x34, 0x12]);
  write(LCR, 0x03);
  assert.equal(read(IER), 0x00, "IER is separate from the divisor high byte");
  write(IER, 0xff);
  assert.equal(read(IER), 0x0f, "only four enable bits");
  write(LCR, 0x83);
  assert.equal(read(1), 0x12);
  write(SCR, 0xa5);
  assert.equal(read(SCR), 0xa5);
});

test("a transmitted byte leaves after one character time; THRE rises when it reaches the shift register", () => {
  const { scheduler, read, write, sent, configure, charTime } = setup();
  configure();
  write(THR, 0x41);
  assert.equal(read(LSR), 0x20, "THR empty, transmitter busy");
  write(THR, 0x42);
  assert.equal(read(LSR), 0x00, "second byte waits in THR");
  scheduler.advanceTo(charTime - 1);
  assert.deepEqual(sent, []);
  scheduler.advanceTo(charTime);
  assert.deepEqual(sent, [0x41]);
  assert.equal(read(LSR), 0x20);
  scheduler.advanceTo(2 * charTime);
  assert.deepEqual(sent, [0x41, 0x42]);
  assert.equal(read(LSR), 0x60);
});

test("character time follows the line format", () => {
  const { scheduler, write, sent } = setup();
  write(LCR, 0x80);
  write(0, 1); // 115200 baud
  write(LCR, 0x0e); // 7 data bits, parity, 2 stop bits: 1+7+1+2 = 11 bits
  write(THR, 0x11);
  scheduler.advanceTo(characterTime(11, 1) - 1);
  assert.deepEqual(sent, []);
  scheduler.advanceTo(characterTime(11, 1));
  assert.deepEqual(sent, [0x11]);
  write(LCR, 0x04); // 5 data bits, 1.5 stop bits: 7.5 bits
  write(THR, 0x12);
  scheduler.advanceTo(characterTime(11, 1) + characterTime(7.5, 1));
  assert.deepEqual(sent, [0x11, 0x12]);
});

test("THRE interrupt: OUT2 gates the line; reading IIR or writing THR clears it", () => {
  const { scheduler, irqs, read, write, configure, charTime } = setup();
  configure();
  write(IER, 0x02);
  assert.equal(read(IIR), 0x02, "enabling ETBEI with THR empty requests an interrupt");
  assert.equal(irqs.level(4), false, "IIR read cleared it, and OUT2 is off anyway");
  write(IER, 0x00);
  write(IER, 0x02);
  assert.equal(irqs.level(4), false, "OUT2 off: the line stays low");
  write(MCR, OUT2);
  assert.equal(irqs.level(4), true);
  write(THR, 0x01); // straight into the shift register: THR empty again at once
  assert.equal(irqs.level(4), true);
  write(THR, 0x02);
  assert.equal(irqs.level(4), false, "writing THR clears it");
  assert.equal(read(IIR), 0x01);
  scheduler.advanceTo(charTime);
  assert.equal(irqs.level(4), true, "second byte moved to the shift register");
  assert.equal(read(IIR), 0x02);
  assert.equal(irqs.level(4), false);
});

test("received bytes arrive one character time apart and raise the data-available interrupt", () => {
  const { scheduler, irqs, uart, read, write, configure, charTime } = setup();
  configure();
  write(IER, 0x01);
  write(MCR, OUT2);
  uart.receive([0x31, 0x32]);
  assert.equal(read(LSR) & 0x01, 0);
  scheduler.advanceTo(charTime);
  assert.equal(read(LSR) & 0x01, 1);
  assert.equal(irqs.level(4), true);
  assert.equal(read(IIR), 0x04);
  assert.equal(read(THR), 0x31);
  assert.equal(irqs.level(4), false);
  scheduler.advanceTo(2 * charTime);
  assert.equal(read(THR), 0x32);
  assert.equal(read(LSR), 0x60);
  assert.equal(read(THR), 0x32, "an empty RBR reads the last byte again");
});

test("16450 mode overrun: the newer byte overwrites RBR and OE raises a line status interrupt first", () => {
  const { scheduler, irqs, uart, read, write, configure, charTime } = setup();
  configure();
  write(IER, 0x05);
  write(MCR, OUT2);
  uart.receive([1, 2, 3]);
  scheduler.advanceTo(3 * charTime);
  assert.equal(read(IIR), 0x06, "line status outranks received data");
  assert.equal(read(LSR), 0x63);
  assert.equal(read(IIR), 0x04);
  assert.equal(read(LSR), 0x61, "OE cleared by the LSR read");
  assert.equal(read(THR), 3);
  assert.equal(irqs.level(4), false);
});

test("FIFO mode: trigger level, 16-byte FIFO, overrun keeps the FIFO, IIR bits 7–6", () => {
  const { scheduler, irqs, uart, read, write, configure, charTime } = setup();
  configure();
  write(FCR, 0xc1); // FIFOs on, trigger 14
  assert.equal(read(IIR), 0xc1);
  write(IER, 0x01);
  write(MCR, OUT2);
  uart.receive(Array.from({ length: 18 }, (_, i) => 0x40 + i));
  scheduler.advanceTo(13 * charTime);
  assert.equal(irqs.level(4), false, "13 bytes: below the trigger");
  scheduler.advanceTo(14 * charTime);
  assert.equal(read(IIR), 0xc4);
  scheduler.advanceTo(18 * charTime);
  assert.equal(read(LSR) & 0x03, 0x03, "data ready and overrun");
  const got: number[] = [];
  while (read(LSR) & 0x01) got.push(read(THR));
  assert.deepEqual(
    got,
    Array.from({ length: 16 }, (_, i) => 0x40 + i),
  );
});

test("FIFO character timeout after four character times without activity", () => {
  const { scheduler, uart, read, write, configure, charTime } = setup();
  configure();
  write(FCR, 0x81); // trigger 8
  write(IER, 0x01);
  write(MCR, OUT2);
  uart.receive([7, 8, 9]);
  scheduler.advanceTo(3 * charTime);
  assert.equal(read(IIR), 0xc1);
  scheduler.advanceTo(7 * charTime - 1);
  assert.equal(read(IIR), 0xc1);
  scheduler.advanceTo(7 * charTime);
  assert.equal(read(IIR), 0xcc);
  assert.equal(read(THR), 7);
  assert.equal(read(IIR), 0xc1, "the read clears the timeout and restarts the timer");
  scheduler.advanceTo(11 * charTime);
  assert.equal(read(IIR), 0xcc);
  write(FCR, 0x83); // clear the receive FIFO
  assert.equal(read(IIR), 0xc1);
  assert.equal(read(LSR) & 0x01, 0);
  write(FCR, 0x00);
  assert.equal(read(IIR), 0x01, "FIFOs off: bits 7–6 clear");
});

test("loopback: transmitter feeds the receiver, MSR follows MCR, outputs and IRQ are held inactive", () => {
  const { scheduler, irqs, uart, read, write, sent, configure, charTime } = setup();
  const seen: ModemControlLines[] = [];
  uart.onModemControl = (lines) => seen.push(lines);
  configure();
  write(MCR, 0x0b); // DTR, RTS, OUT2
  assert.deepEqual(seen, [{ dtr: true, rts: true, out1: false, out2: true }]);
  write(IER, 0x01);
  write(MCR, 0x1b); // and loopback
  assert.deepEqual(seen[1], { dtr: false, rts: false, out1: false, out2: false });
  assert.equal(read(MSR), 0x30 | 0x80 | 0x0b, "CTS←RTS, DSR←DTR, DCD←OUT2, with deltas");
  assert.equal(read(MSR), 0xb0);
  write(THR, 0x55);
  scheduler.advanceTo(charTime);
  assert.deepEqual(sent, [], "nothing goes out on the line");
  assert.equal(read(IIR), 0x04, "the interrupt is pending inside the chip");
  assert.equal(irqs.level(4), false, "but OUT2 is forced inactive, so IRQ 4 stays low");
  assert.equal(read(THR), 0x55);
  uart.receive([0x66]);
  scheduler.advanceTo(2 * charTime);
  assert.equal(read(LSR) & 0x01, 0, "the line input is disconnected");
  write(MCR, 0x04); // OUT1 only, loopback off
  assert.equal(read(MSR), 0x0b, "all loopback inputs dropped; RI was never on");
});

test("modem status inputs, deltas, trailing-edge RI and the modem status interrupt", () => {
  const { irqs, uart, read, write } = setup("COM2");
  write(IER, 0x08);
  write(MCR, OUT2);
  uart.setModemInput("cts", true);
  uart.setModemInput("dcd", true);
  assert.equal(irqs.level(3), true, "COM2 interrupts on IRQ 3");
  assert.equal(read(IIR), 0x00);
  assert.equal(read(MSR), 0x99);
  assert.equal(irqs.level(3), false);
  uart.setModemInput("ri", true);
  assert.equal(read(MSR), 0xd0, "RI rising sets no delta");
  uart.setModemInput("ri", false);
  assert.equal(read(MSR), 0x94, "TERI on the trailing edge");
  uart.setModemInput("dsr", true);
  assert.equal(read(MSR), 0xb2);
});

test("modem control listener fires on output changes only", () => {
  const { uart, write } = setup();
  const seen: ModemControlLines[] = [];
  uart.onModemControl = (lines) => seen.push(lines);
  write(MCR, 0x01);
  write(MCR, 0x01);
  write(MCR, 0x03);
  write(MCR, 0xe3); // bits 7–5 do not exist
  uart.reset();
  assert.deepEqual(seen, [
    { dtr: true, rts: false, out1: false, out2: false },
    { dtr: true, rts: true, out1: false, out2: false },
    { dtr: false, rts: false, out1: false, out2: false },
  ]);
});

test("interrupt priority: line status, received data, THRE, modem status", () => {
  const { scheduler, uart, read, write, configure, charTime } = setup();
  configure();
  write(MCR, OUT2);
  uart.receive([1, 2]);
  scheduler.advanceTo(2 * charTime); // overrun in 16450 mode
  uart.setModemInput("dsr", true);
  write(IER, 0x0f);
  assert.equal(read(IIR), 0x06);
  read(LSR);
  assert.equal(read(IIR), 0x04);
  read(THR);
  assert.equal(read(IIR), 0x02);
  assert.equal(read(IIR), 0x00, "THRE was cleared by the IIR read that reported it");
  read(MSR);
  assert.equal(read(IIR), 0x01);
});

test("COM1 and COM2 decode their own eight ports", () => {
  const com1 = setup("COM1");
  const com2 = setup("COM2");
  assert.deepEqual(
    com1.uart.ports.map((p) => p.port),
    [0x3f8, 0x3f9, 0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x3fe, 0x3ff],
  );
  assert.deepEqual(
    com2.uart.ports.map((p) => p.port),
    [0x2f8, 0x2f9, 0x2fa, 0x2fb, 0x2fc, 0x2fd, 0x2fe, 0x2ff],
  );
  assert.equal(com1.uart.name, "uart-com1");
  assert.equal(com2.uart.ports[5].name, "COM2 LSR");
});

test("saveState/loadState round trip mid-transfer continues identically", () => {
  const a = setup();
  a.configure();
  a.write(FCR, 0x41); // trigger 4
  a.write(IER, 0x03);
  a.write(MCR, 0x0b);
  a.write(SCR, 0x77);
  for (const byte of [1, 2, 3]) a.write(THR, byte);
  a.uart.receive([10, 11, 12, 13, 14, 15]);
  a.uart.setModemInput("cts", true);
  a.scheduler.advanceTo(2.5 * a.charTime);
  const saved = a.uart.saveState();

  const b = setup();
  b.scheduler.advanceTo(2.5 * a.charTime);
  b.uart.loadState(saved);
  for (const t of [3, 4, 5, 6, 10]) {
    a.scheduler.advanceTo(t * a.charTime);
    b.scheduler.advanceTo(t * a.charTime);
    assert.deepEqual([LSR, IIR, MSR, SCR].map(b.read), [LSR, IIR, MSR, SCR].map(a.read), `registers at ${t}`);
    assert.equal(b.read(THR), a.read(THR));
  }
  assert.deepEqual(b.sent, [3]);
  assert.deepEqual(a.sent, [1, 2, 3]);
  assert.throws(() => b.uart.loadState({ ...saved, rxFifo: new Uint8Array(4) }));
  assert.throws(() => b.uart.loadState({ ...saved, ier: "x" }));
});
