import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { ProgrammableIntervalTimer, pitClockTime } from "../../emulator/devices/pit.ts";
import { KeyboardController } from "../../emulator/devices/keyboard-controller.ts";
import { SystemControlPortA } from "../../emulator/devices/system-control-port-a.ts";

const MS = 1_000_000;

class Irqs {
  levels = new Map<number, boolean>();
  setIrq(line: number, level: boolean): void {
    this.levels.set(line, level);
  }
  level(line: number): boolean {
    return this.levels.get(line) ?? false;
  }
}

function setup() {
  const scheduler = new Scheduler();
  const irqs = new Irqs();
  const pit = new ProgrammableIntervalTimer(scheduler, irqs, "8254");
  const a20: boolean[] = [];
  let resets = 0;
  const kbc = new KeyboardController(scheduler, irqs, pit, {
    onA20: (enabled) => a20.push(enabled),
    onReset: () => resets++,
  });
  const port92 = new SystemControlPortA({ onA20: (enabled) => a20.push(enabled), onReset: () => resets++ });
  const io = new IoBus();
  for (const port of [...pit.ports, ...kbc.ports, ...port92.ports]) io.register(port);
  return { scheduler, irqs, pit, kbc, port92, io, a20, resets: () => resets };
}

/** Waits for the output buffer to fill (up to 10 ms) and reads it. */
function receive(scheduler: Scheduler, io: IoBus): number {
  for (let i = 0; i < 10 && !(io.in8(0x64) & 1); i++) scheduler.advanceTo(scheduler.now + MS);
  assert.equal(io.in8(0x64) & 1, 1, "output buffer full");
  return io.in8(0x60);
}

test("self test (AAh) answers 55h and interface test (ABh) 00h; status bit 3 tracks command writes", () => {
  const { io } = setup();
  assert.equal(io.in8(0x64) & 0x09, 0);
  io.out8(0x64, 0xaa);
  assert.equal(io.in8(0x64) & 0x09, 0x09);
  assert.equal(io.in8(0x60), 0x55);
  assert.equal(io.in8(0x64) & 1, 0);
  io.out8(0x64, 0xab);
  assert.equal(io.in8(0x60), 0x00);
});

test("command byte: read (20h) and write (60h); bit 2 is the status register's system flag", () => {
  const { io } = setup();
  io.out8(0x64, 0x20);
  assert.equal(io.in8(0x60), 0x41);
  io.out8(0x64, 0x60);
  io.out8(0x60, 0x45);
  assert.equal(io.in8(0x64) & 0x0c, 0x04);
  io.out8(0x64, 0x20);
  assert.equal(io.in8(0x60), 0x45);
  io.out8(0x64, 0x7f); // RAM byte 31
  io.out8(0x60, 0x5a);
  io.out8(0x64, 0x3f);
  assert.equal(io.in8(0x60), 0x5a);
});

test("a key press reaches port 60h with IRQ1; reading empties the buffer and lowers IRQ1", () => {
  const { scheduler, irqs, kbc, io } = setup();
  kbc.keyDown("A");
  kbc.keyUp("Right");
  assert.equal(irqs.level(1), false);
  scheduler.advanceTo(1 * MS);
  assert.equal(irqs.level(1), true);
  assert.equal(io.in8(0x60), 0x1e);
  assert.equal(irqs.level(1), false);
  assert.equal(io.in8(0x60), 0x1e, "the byte stays readable");
  assert.deepEqual([receive(scheduler, io), receive(scheduler, io)], [0xe0, 0xcd]);
});

test("command byte bit 0 clear: OBF without IRQ1; ADh holds keyboard bytes back until AEh", () => {
  const { scheduler, irqs, kbc, io } = setup();
  io.out8(0x64, 0xad);
  kbc.sendScancode(0x2c);
  scheduler.advanceTo(5 * MS);
  assert.equal(io.in8(0x64) & 1, 0);
  io.out8(0x64, 0x60);
  io.out8(0x60, 0x40);
  io.out8(0x64, 0xae);
  scheduler.advanceTo(7 * MS);
  assert.equal(io.in8(0x64) & 1, 1);
  assert.equal(irqs.level(1), false);
  assert.equal(io.in8(0x60), 0x2c);
});

test("keyboard reset FFh answers FAh then AAh; identify F2h answers FAh ABh 41h (translated)", () => {
  const { scheduler, io } = setup();
  io.out8(0x60, 0xff);
  assert.equal(receive(scheduler, io), 0xfa);
  assert.equal(receive(scheduler, io), 0xaa);
  io.out8(0x60, 0xf2);
  assert.deepEqual([receive(scheduler, io), receive(scheduler, io), receive(scheduler, io)], [0xfa, 0xab, 0x41]);
  io.out8(0x60, 0xee);
  assert.equal(receive(scheduler, io), 0xee);
  io.out8(0x60, 0x12);
  assert.equal(receive(scheduler, io), 0xfe, "not a command: resend");
});

test("LED command EDh takes an argument, both acknowledged", () => {
  const { scheduler, kbc, io } = setup();
  io.out8(0x60, 0xed);
  assert.equal(receive(scheduler, io), 0xfa);
  io.out8(0x60, 0x06);
  assert.equal(receive(scheduler, io), 0xfa);
  assert.deepEqual(kbc.leds, { scrollLock: false, numLock: true, capsLock: true });
  io.out8(0x60, 0xf3);
  io.out8(0x60, 0x20);
  assert.deepEqual([receive(scheduler, io), receive(scheduler, io)], [0xfa, 0xfa]);
});

test("F5h stops scanning (key presses are lost) and F4h resumes", () => {
  const { scheduler, kbc, io } = setup();
  io.out8(0x60, 0xf5);
  assert.equal(receive(scheduler, io), 0xfa);
  kbc.keyDown("B");
  scheduler.advanceTo(scheduler.now + 5 * MS);
  assert.equal(io.in8(0x64) & 1, 0);
  io.out8(0x60, 0xf4);
  assert.equal(receive(scheduler, io), 0xfa);
  kbc.keyDown("B");
  assert.equal(receive(scheduler, io), 0x30);
});

test("output port: D1h sets A20 (callback) and D0h reads it back; FEh and D1h bit 0 clear reset the CPU", () => {
  const { io, a20, resets } = setup();
  io.out8(0x64, 0xd0);
  assert.equal(io.in8(0x60) & 0x03, 0x01);
  io.out8(0x64, 0xd1);
  io.out8(0x60, 0xdf);
  assert.deepEqual(a20, [true]);
  io.out8(0x64, 0xd0);
  assert.equal(io.in8(0x60) & 0x03, 0x03);
  io.out8(0x64, 0xd1);
  io.out8(0x60, 0xdd);
  assert.deepEqual(a20, [true, false]);
  assert.equal(resets(), 0);
  io.out8(0x64, 0xfe);
  assert.equal(resets(), 1);
  io.out8(0x64, 0xff);
  assert.equal(resets(), 1, "FFh pulses nothing");
  io.out8(0x64, 0xd1);
  io.out8(0x60, 0xdc);
  assert.equal(resets(), 2);
});

test("input port C0h; D2h writes the output buffer as keyboard data", () => {
  const { irqs, io } = setup();
  io.out8(0x64, 0xc0);
  assert.equal(io.in8(0x60), 0xb0);
  io.out8(0x64, 0xd2);
  io.out8(0x60, 0x99);
  assert.equal(irqs.level(1), true);
  assert.equal(io.in8(0x64) & 0x21, 0x01);
  assert.equal(io.in8(0x60), 0x99);
});

test("auxiliary port: D4h sends to the device, its replies set status bit 5 and IRQ12", () => {
  const { scheduler, irqs, kbc, io } = setup();
  io.out8(0x64, 0xd4);
  io.out8(0x60, 0xf4);
  assert.equal(io.in8(0x64) & 0x40, 0x40, "time-out: no device");
  const received: number[] = [];
  kbc.attachAux({ receive: (byte) => (received.push(byte), kbc.sendAuxByte(0xfa)) });
  io.out8(0x64, 0x60);
  io.out8(0x60, 0x43); // IRQ1 + IRQ12 enabled
  io.out8(0x64, 0xd4);
  io.out8(0x60, 0xf4);
  assert.deepEqual(received, [0xf4]);
  scheduler.advanceTo(scheduler.now + MS);
  assert.equal(io.in8(0x64) & 0x21, 0x21);
  assert.equal(irqs.level(12), true);
  assert.equal(irqs.level(1), false);
  assert.equal(io.in8(0x60), 0xfa);
  assert.equal(irqs.level(12), false);
  io.out8(0x64, 0xd3);
  io.out8(0x60, 0x08);
  assert.equal(irqs.level(12), true);
});

test("a controller reply does not lose the keyboard byte it displaces", () => {
  const { scheduler, kbc, io } = setup();
  kbc.sendScancode(0x1f);
  scheduler.advanceTo(MS);
  io.out8(0x64, 0x20);
  assert.equal(io.in8(0x60), 0x41);
  assert.equal(receive(scheduler, io), 0x1f);
});

test("port 61h: refresh bit toggles every 18 PIT clocks, bit 5 is timer 2 OUT, bits 0-3 read back", () => {
  const { scheduler, io } = setup();
  assert.equal(io.in8(0x61) & 0x10, 0);
  scheduler.advanceTo(pitClockTime(18));
  assert.equal(io.in8(0x61) & 0x10, 0x10);
  scheduler.advanceTo(pitClockTime(36));
  assert.equal(io.in8(0x61) & 0x10, 0);
  io.out8(0x43, 0xb0); // counter 2, mode 0: OUT low
  io.out8(0x42, 10);
  io.out8(0x42, 0);
  io.out8(0x61, 0x03);
  assert.equal(io.in8(0x61) & 0x2f, 0x03);
  scheduler.advanceTo(pitClockTime(36 + 11));
  assert.equal(io.in8(0x61) & 0x20, 0x20);
});

test("port 92h: bit 1 fast A20, bit 0 rising edge resets", () => {
  const { io, a20, resets } = setup();
  io.out8(0x92, 0x02);
  assert.deepEqual(a20, [true]);
  assert.equal(io.in8(0x92), 0x02);
  io.out8(0x92, 0x03);
  assert.equal(resets(), 1);
  io.out8(0x92, 0x03);
  assert.equal(resets(), 1, "no new edge");
  io.out8(0x92, 0x00);
  assert.deepEqual(a20, [true, false]);
});

test("saveState/loadState round trip for the 8042 and port 92h", () => {
  const a = setup();
  a.io.out8(0x64, 0x60);
  a.io.out8(0x60, 0x47);
  a.io.out8(0x60, 0xed);
  a.kbc.sendScancode(0x10);
  a.kbc.sendScancode(0x90);
  a.io.out8(0x61, 0x02);
  a.io.out8(0x92, 0x02);
  a.scheduler.advanceTo(0.5 * MS);
  const state = a.kbc.saveState();
  const portState = a.port92.saveState();

  const b = setup();
  b.scheduler.advanceTo(a.scheduler.now);
  b.kbc.loadState(structuredClone(state));
  b.port92.loadState(structuredClone(portState));
  assert.deepEqual(b.kbc.saveState(), state);
  assert.equal(b.io.in8(0x92), 0x02);
  assert.equal(b.io.in8(0x61) & 0x0f, 0x02);
  const rest = (s: typeof a) => [receive(s.scheduler, s.io), receive(s.scheduler, s.io), receive(s.scheduler, s.io)];
  assert.deepEqual(rest(b), [0xfa, 0x10, 0x90]);
  assert.deepEqual(rest(a), [0xfa, 0x10, 0x90]);
  assert.throws(() => b.kbc.loadState({ ram: new Uint8Array(32) }));
  assert.throws(() => b.port92.loadState({}));
});
