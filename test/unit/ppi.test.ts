import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { ProgrammableIntervalTimer, pitClockTime } from "../../emulator/devices/pit.ts";
import { ProgrammablePeripheralInterface, switchByte } from "../../emulator/devices/ppi.ts";

const MS = 1_000_000;

class Irqs {
  levels = new Map<number, boolean>();
  rises = 0;
  setIrq(line: number, level: boolean): void {
    if (line === 1 && level && !this.levels.get(1)) this.rises++;
    this.levels.set(line, level);
  }
}

function setup(): {
  scheduler: Scheduler;
  irqs: Irqs;
  pit: ProgrammableIntervalTimer;
  ppi: ProgrammablePeripheralInterface;
  io: IoBus;
  speaker: boolean[];
} {
  const scheduler = new Scheduler();
  const irqs = new Irqs();
  const pit = new ProgrammableIntervalTimer(scheduler, irqs, "8253");
  const speaker: boolean[] = [];
  const switches = switchByte({ floppyDrives: 2, display: "cga80", memoryBanks: 4, fpu: false });
  const ppi = new ProgrammablePeripheralInterface(scheduler, irqs, pit, {
    switches,
    onSpeakerData: (enabled) => speaker.push(enabled),
  });
  ppi.reset();
  const io = new IoBus();
  for (const port of [...pit.ports, ...ppi.ports]) io.register(port);
  // The XT BIOS: A and C inputs, B output; then keyboard clock released, not clearing.
  io.out8(0x63, 0x99);
  return { scheduler, irqs, pit, ppi, io, speaker };
}

test("switch settings: the switch byte layout", () => {
  assert.equal(switchByte({ floppyDrives: 2, display: "cga80", memoryBanks: 4, fpu: false }), 0x6d);
  assert.equal(switchByte({ floppyDrives: 1, display: "mda", memoryBanks: 1, fpu: true }), 0x33);
  assert.equal(switchByte({ floppyDrives: 0, display: "ega", memoryBanks: 2, fpu: false }), 0x04);
});

test("port C reads the switch nibble selected by port B bit 3; port A reads them all with bit 7 set", () => {
  const { io } = setup();
  io.out8(0x61, 0x00);
  assert.equal(io.in8(0x62) & 0x0f, 0x0d);
  io.out8(0x61, 0x08);
  assert.equal(io.in8(0x62) & 0x0f, 0x06);
  io.out8(0x61, 0x80);
  assert.equal(io.in8(0x60), 0x6d);
  assert.equal(io.in8(0x61), 0x80, "port B reads back its latch");
});

test("port B bit 0 gates timer 2 and port C bit 5 shows its output; bit 1 is speaker data", () => {
  const { scheduler, io, speaker } = setup();
  io.out8(0x43, 0xb6); // counter 2, LSB/MSB, mode 3
  io.out8(0x42, 100);
  io.out8(0x42, 0);
  assert.equal(io.in8(0x62) & 0x20, 0x20, "mode 3 OUT starts high");
  scheduler.advanceTo(pitClockTime(80));
  assert.equal(io.in8(0x62) & 0x20, 0x20, "gate low: not counting");
  io.out8(0x61, 0x03);
  assert.deepEqual(speaker, [true]);
  scheduler.advanceTo(pitClockTime(80 + 1 + 50));
  assert.equal(io.in8(0x62) & 0x20, 0x00);
  scheduler.advanceTo(pitClockTime(80 + 1 + 100));
  assert.equal(io.in8(0x62) & 0x20, 0x20);
  io.out8(0x61, 0x01);
  assert.deepEqual(speaker, [true, false]);
});

test("keyboard bytes arrive one at a time; the next waits for the port B bit 7 acknowledge pulse", () => {
  const { scheduler, irqs, ppi, io } = setup();
  io.out8(0x61, 0x40);
  ppi.sendScancode(0x1e);
  ppi.sendScancode(0x9e);
  assert.equal(irqs.levels.get(1) ?? false, false, "a serial transfer takes time");
  scheduler.advanceTo(1 * MS);
  assert.equal(irqs.levels.get(1), true);
  assert.equal(io.in8(0x60), 0x1e);
  scheduler.advanceTo(5 * MS);
  assert.equal(io.in8(0x60), 0x1e, "no acknowledge yet");
  io.out8(0x61, 0xc0);
  assert.equal(irqs.levels.get(1), false);
  io.out8(0x61, 0x40);
  scheduler.advanceTo(6 * MS);
  assert.equal(irqs.levels.get(1), true);
  assert.equal(io.in8(0x60), 0x9e);
  assert.equal(irqs.rises, 2);
});

test("named keys use the 83-key codes: no E0h prefix", () => {
  const { scheduler, ppi, io } = setup();
  io.out8(0x61, 0x40);
  ppi.keyDown("Up");
  ppi.keyUp("Up");
  const received: number[] = [];
  for (let i = 1; i <= 2; i++) {
    scheduler.advanceTo(scheduler.now + MS);
    received.push(io.in8(0x60));
    io.out8(0x61, 0xc0);
    io.out8(0x61, 0x40);
  }
  assert.deepEqual(received, [0x48, 0xc8]);
});

test("holding the keyboard clock low resets the keyboard: it drops its buffer and answers AAh", () => {
  const { scheduler, irqs, ppi, io } = setup();
  io.out8(0x61, 0x40);
  ppi.sendScancode(0x10);
  io.out8(0x61, 0x00); // clock low before the byte arrives
  scheduler.advanceTo(2 * MS);
  assert.equal(irqs.levels.get(1) ?? false, false, "no transfer while the clock is held low");
  scheduler.advanceTo(22 * MS);
  io.out8(0x61, 0xc0); // clock released, register held clear
  io.out8(0x61, 0x40);
  scheduler.advanceTo(23 * MS);
  assert.equal(irqs.levels.get(1), true);
  assert.equal(io.in8(0x60), 0xaa);
});

test("a short clock-low pulse only inhibits: the queued byte still arrives", () => {
  const { scheduler, ppi, io } = setup();
  io.out8(0x61, 0x40);
  ppi.sendScancode(0x10);
  io.out8(0x61, 0x00);
  scheduler.advanceTo(2 * MS);
  io.out8(0x61, 0x40);
  scheduler.advanceTo(3 * MS);
  assert.equal(io.in8(0x60), 0x10);
});

test("the keyboard's 16-byte buffer marks an overrun with FFh", () => {
  const { scheduler, ppi, io } = setup();
  io.out8(0x61, 0xc0); // held clear: nothing can be delivered
  for (let i = 0; i < 20; i++) ppi.sendScancode(0x02 + i);
  io.out8(0x61, 0x40);
  const received: number[] = [];
  for (let i = 0; i < 17; i++) {
    scheduler.advanceTo(scheduler.now + MS);
    received.push(io.in8(0x60));
    io.out8(0x61, 0xc0);
    io.out8(0x61, 0x40);
  }
  assert.deepEqual(
    received.slice(0, 15),
    [...Array(15).keys()].map((i) => 0x02 + i),
  );
  assert.equal(received[15], 0xff);
  assert.equal(received[16], 0xff, "the register still holds the last byte: nothing more came");
});

test("a mode word clears the output latches and port C bit set/reset changes one bit", () => {
  const { io } = setup();
  io.out8(0x61, 0x4b);
  io.out8(0x63, 0x99);
  assert.equal(io.in8(0x61), 0x00);
  io.out8(0x63, 0x80); // all outputs
  io.out8(0x63, 0x0b); // set PC5
  io.out8(0x63, 0x01); // set PC0
  assert.equal(io.in8(0x62), 0x21);
  io.out8(0x63, 0x0a); // reset PC5
  assert.equal(io.in8(0x62), 0x01);
});

test("saveState/loadState round trip keeps the pending keyboard bytes and transfer", () => {
  const a = setup();
  a.io.out8(0x61, 0x41);
  a.ppi.sendScancode(0x1c);
  a.ppi.sendScancode(0x9c);
  a.scheduler.advanceTo(0.5 * MS);
  const state = a.ppi.saveState();

  const b = setup();
  b.scheduler.advanceTo(a.scheduler.now);
  b.ppi.loadState(structuredClone(state));
  assert.deepEqual(b.ppi.saveState(), state);
  assert.equal(b.io.in8(0x61), 0x41);
  b.scheduler.advanceTo(1 * MS);
  assert.equal(b.io.in8(0x60), 0x1c);
  assert.throws(() => b.ppi.loadState({ control: 0x99 }));
});
