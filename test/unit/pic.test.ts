import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { PicPair } from "../../emulator/devices/pic.ts";

class FakeCpu {
  intr = false;
  setIntr(level: boolean): void {
    this.intr = level;
  }
}

/** An XT-style single 8259A: ICW1 13h (edge, single, ICW4), ICW2 08h, ICW4 01h (8086 mode). */
function xt(icw4 = 0x01, icw1 = 0x13): { cpu: FakeCpu; pic: PicPair; io: IoBus } {
  const cpu = new FakeCpu();
  const pic = new PicPair(cpu, false);
  const io = new IoBus();
  for (const device of pic.devices) for (const port of device.ports) io.register(port);
  for (const device of pic.devices) device.reset();
  io.out8(0x20, icw1);
  io.out8(0x21, 0x08);
  io.out8(0x21, icw4);
  return { cpu, pic, io };
}

/** An AT pair: master 20h vectors 08h, slave A0h vectors 70h on IR2. */
function at(): { cpu: FakeCpu; pic: PicPair; io: IoBus } {
  const cpu = new FakeCpu();
  const pic = new PicPair(cpu, true);
  const io = new IoBus();
  for (const device of pic.devices) for (const port of device.ports) io.register(port);
  for (const device of pic.devices) device.reset();
  io.out8(0x20, 0x11);
  io.out8(0x21, 0x08);
  io.out8(0x21, 0x04);
  io.out8(0x21, 0x01);
  io.out8(0xa0, 0x11);
  io.out8(0xa1, 0x70);
  io.out8(0xa1, 0x02);
  io.out8(0xa1, 0x01);
  return { cpu, pic, io };
}

function readIsr(io: IoBus, port = 0x20): number {
  io.out8(port, 0x0b);
  return io.in8(port);
}

function readIrr(io: IoBus, port = 0x20): number {
  io.out8(port, 0x0a);
  return io.in8(port);
}

test("an IRQ raises INTR, acknowledge returns base+level and marks it in service, EOI ends it", () => {
  const { cpu, pic, io } = xt();
  assert.equal(cpu.intr, false);
  pic.setIrq(0, true);
  assert.equal(cpu.intr, true);
  assert.equal(readIrr(io), 0x01);
  assert.equal(pic.acknowledge(), 0x08);
  assert.equal(cpu.intr, false);
  assert.equal(readIsr(io), 0x01);
  assert.equal(readIrr(io), 0x00);
  assert.deepEqual(pic.master.registers, { vectorBase: 0x08, irr: 0, isr: 0x01, imr: 0 });
  io.out8(0x20, 0x20);
  assert.equal(readIsr(io), 0x00);
});

test("fully nested priority: lower levels wait, higher levels interrupt the one in service", () => {
  const { cpu, pic, io } = xt();
  pic.setIrq(3, true);
  pic.setIrq(5, true);
  assert.equal(pic.acknowledge(), 0x0b);
  assert.equal(cpu.intr, false, "IRQ5 waits behind IRQ3 in service");
  pic.setIrq(1, true);
  assert.equal(cpu.intr, true, "IRQ1 beats IRQ3");
  assert.equal(pic.acknowledge(), 0x09);
  assert.equal(readIsr(io), 0x0a);
  io.out8(0x20, 0x20); // ends IRQ1, the highest in service
  assert.equal(readIsr(io), 0x08);
  assert.equal(cpu.intr, false);
  io.out8(0x20, 0x20);
  assert.equal(cpu.intr, true);
  assert.equal(pic.acknowledge(), 0x0d);
});

test("OCW1 masks and unmasks a level; the IMR reads back on the odd port", () => {
  const { cpu, pic, io } = xt();
  io.out8(0x21, 0x02);
  assert.equal(io.in8(0x21), 0x02);
  pic.setIrq(1, true);
  assert.equal(cpu.intr, false);
  io.out8(0x21, 0x00);
  assert.equal(cpu.intr, true);
  assert.equal(pic.acknowledge(), 0x09);
});

test("edge triggering: a held line requests once; it must fall and rise again", () => {
  const { cpu, pic, io } = xt();
  pic.setIrq(4, true);
  assert.equal(pic.acknowledge(), 0x0c);
  io.out8(0x20, 0x20);
  assert.equal(cpu.intr, false, "still high, but no new edge");
  pic.setIrq(4, true);
  assert.equal(cpu.intr, false);
  pic.setIrq(4, false);
  pic.setIrq(4, true);
  assert.equal(cpu.intr, true);
});

test("a request withdrawn before INTA gives the spurious IR7 vector without an ISR bit", () => {
  const { cpu, pic, io } = xt();
  pic.setIrq(4, true);
  assert.equal(cpu.intr, true);
  pic.setIrq(4, false);
  assert.equal(cpu.intr, false);
  assert.equal(readIrr(io), 0);
  assert.equal(pic.acknowledge(), 0x0f);
  assert.equal(readIsr(io), 0);
});

test("level triggering: the request stays while the line is high and returns after EOI", () => {
  const { cpu, pic, io } = xt(0x01, 0x1b);
  pic.setIrq(6, true);
  assert.equal(pic.acknowledge(), 0x0e);
  assert.equal(cpu.intr, false);
  io.out8(0x20, 0x20);
  assert.equal(cpu.intr, true);
  pic.setIrq(6, false);
  assert.equal(cpu.intr, false);
});

test("specific EOI ends the named level only", () => {
  const { pic, io } = xt();
  pic.setIrq(3, true);
  pic.acknowledge();
  pic.setIrq(1, true);
  pic.acknowledge();
  io.out8(0x20, 0x63); // specific EOI, level 3
  assert.equal(readIsr(io), 0x02);
});

test("rotate on non-specific EOI makes the ended level the lowest priority", () => {
  const { pic, io } = xt();
  pic.setIrq(1, true);
  assert.equal(pic.acknowledge(), 0x09);
  io.out8(0x20, 0xa0);
  assert.equal(readIsr(io), 0);
  pic.setIrq(1, false);
  pic.setIrq(1, true);
  pic.setIrq(5, true);
  assert.equal(pic.acknowledge(), 0x0d, "order is now 2..7, 0, 1");
});

test("set priority command and rotate on specific EOI", () => {
  const { pic, io } = xt();
  io.out8(0x20, 0xc4); // IR4 lowest, IR5 highest
  pic.setIrq(3, true);
  pic.setIrq(6, true);
  assert.equal(pic.acknowledge(), 0x0e);
  io.out8(0x20, 0xe6); // rotate on specific EOI of 6: IR6 lowest, IR7 highest
  assert.equal(readIsr(io), 0);
  pic.setIrq(7, true);
  assert.equal(pic.acknowledge(), 0x0f);
  io.out8(0x20, 0x67);
  assert.equal(pic.acknowledge(), 0x0b);
});

test("automatic EOI leaves nothing in service; rotate-in-AEOI rotates priorities", () => {
  const { cpu, pic, io } = xt(0x03);
  pic.setIrq(2, true);
  assert.equal(pic.acknowledge(), 0x0a);
  assert.equal(readIsr(io), 0);
  pic.setIrq(5, true);
  assert.equal(cpu.intr, true, "nothing blocks IRQ5");
  io.out8(0x20, 0x80); // set rotate in AEOI mode
  pic.setIrq(0, true);
  assert.equal(pic.acknowledge(), 0x08);
  pic.setIrq(0, false);
  pic.setIrq(0, true);
  assert.equal(pic.acknowledge(), 0x0d, "IR0 became lowest, so IR5 now wins");
});

test("poll command: the next read acknowledges and returns 80h|level, or 0 when idle", () => {
  const { pic, io } = xt();
  io.out8(0x20, 0x0c);
  assert.equal(io.in8(0x20), 0x00);
  pic.setIrq(5, true);
  io.out8(0x20, 0x0c);
  assert.equal(io.in8(0x21), 0x85);
  assert.equal(readIsr(io), 0x20);
  assert.equal(io.in8(0x21), 0x00, "the IMR again once the poll is over");
});

test("special mask mode lets lower levels through while the masked level is in service", () => {
  const { cpu, pic, io } = xt();
  pic.setIrq(1, true);
  pic.acknowledge();
  pic.setIrq(3, true);
  assert.equal(cpu.intr, false);
  io.out8(0x21, 0x02);
  io.out8(0x20, 0x68); // ESMM + SMM
  assert.equal(cpu.intr, true);
  assert.equal(pic.acknowledge(), 0x0b);
  io.out8(0x20, 0x48); // ESMM, SMM off
  assert.equal(readIsr(io), 0x0a);
});

test("ICW1 re-initializes: IMR cleared, edge sense reset, IRR reads selected again", () => {
  const { cpu, pic, io } = xt();
  io.out8(0x21, 0xff);
  pic.setIrq(2, true);
  io.out8(0x20, 0x0b);
  io.out8(0x20, 0x13);
  io.out8(0x21, 0x50);
  io.out8(0x21, 0x01);
  assert.equal(io.in8(0x21), 0x00);
  assert.equal(io.in8(0x20), 0x00, "IRR, and the held line has no new edge");
  assert.equal(cpu.intr, false);
  pic.setIrq(3, true);
  assert.equal(pic.acknowledge(), 0x53, "ICW2's low bits are ignored in 8086 mode");
});

test("cascade: the slave's request goes through master IR2 and the slave gives the vector", () => {
  const { cpu, pic, io } = at();
  pic.setIrq(12, true);
  assert.equal(cpu.intr, true);
  assert.equal(pic.acknowledge(), 0x74);
  assert.equal(readIsr(io, 0x20), 0x04);
  assert.equal(readIsr(io, 0xa0), 0x10);
  pic.setIrq(12, false);
  // A second slave request waits until the master's IR2 is ended too (fully nested, no SFNM).
  pic.setIrq(8, true);
  assert.equal(cpu.intr, false);
  io.out8(0xa0, 0x20);
  assert.equal(cpu.intr, false);
  io.out8(0x20, 0x20);
  assert.equal(cpu.intr, true);
  assert.equal(pic.acknowledge(), 0x70);
});

test("on the AT the bus IRQ2 arrives as IRQ9; master IRQs keep their own vectors", () => {
  const { pic } = at();
  pic.setIrq(2, true);
  assert.equal(pic.acknowledge(), 0x71);
  pic.setIrq(1, true);
  assert.equal(pic.acknowledge(), 0x09);
});

test("a slave whose ICW3 ID does not match the cascade code leaves the bus floating", () => {
  const { pic, io } = at();
  io.out8(0xa0, 0x11);
  io.out8(0xa1, 0x70);
  io.out8(0xa1, 0x03);
  io.out8(0xa1, 0x01);
  pic.setIrq(10, true);
  assert.equal(pic.acknowledge(), 0xff);
});

test("without a slave IRQ 8-15 do nothing", () => {
  const { cpu, pic } = xt();
  pic.setIrq(10, true);
  assert.equal(cpu.intr, false);
  assert.equal(pic.devices.length, 1);
});

test("saveState/loadState round trip restores registers and behaviour", () => {
  const a = at();
  a.io.out8(0x21, 0x80);
  a.io.out8(0x20, 0xc3);
  a.pic.setIrq(5, true);
  a.pic.setIrq(14, true);
  assert.equal(a.pic.acknowledge(), 0x0d);
  a.io.out8(0xa0, 0x0b);
  const states = a.pic.devices.map((device) => device.saveState());

  const b = at();
  b.pic.devices.forEach((device, i) => device.loadState(structuredClone(states[i])));
  assert.deepEqual(
    b.pic.devices.map((device) => device.saveState()),
    states,
  );
  assert.equal(b.cpu.intr, a.cpu.intr);
  assert.equal(b.io.in8(0xa0), a.io.in8(0xa0), "slave reads its ISR in both");
  assert.equal(b.io.in8(0x21), 0x80);
  a.io.out8(0x20, 0x20);
  b.io.out8(0x20, 0x20);
  assert.equal(b.pic.acknowledge(), a.pic.acknowledge());
  assert.throws(() => b.pic.master.loadState({ irr: "x" }));
});

test("a slave in AEOI mode with a second request pending keeps the master's IR2 requesting", () => {
  const { cpu, pic, io } = at();
  io.out8(0xa0, 0x11);
  io.out8(0xa1, 0x70);
  io.out8(0xa1, 0x02);
  io.out8(0xa1, 0x03); // AEOI
  pic.setIrq(8, true);
  pic.setIrq(12, true);
  assert.equal(pic.acknowledge(), 0x70);
  io.out8(0x20, 0x20);
  assert.equal(cpu.intr, true);
  assert.equal(pic.acknowledge(), 0x74);
});
