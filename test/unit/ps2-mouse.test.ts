import { test } from "node:test";
import assert from "node:assert/strict";
import type { InterruptLines } from "../../emulator/device.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { KeyboardController } from "../../emulator/devices/keyboard-controller.ts";
import { ProgrammableIntervalTimer } from "../../emulator/devices/pit.ts";
import { Ps2Mouse, type AuxiliaryPort } from "../../emulator/devices/ps2-mouse.ts";

const MS = 1_000_000;

/** The 8042 side, recording what the mouse sends; `space` is how much its queue still holds. */
class PortRecorder implements AuxiliaryPort {
  bytes: number[] = [];
  auxQueueSpace = 16;
  sendAuxByte(byte: number): void {
    this.bytes.push(byte);
  }
  take(): number[] {
    const bytes = this.bytes;
    this.bytes = [];
    return bytes;
  }
}

function setup() {
  const scheduler = new Scheduler();
  const port = new PortRecorder();
  const mouse = new Ps2Mouse(scheduler, port);
  const run = (ms: number): void => scheduler.advanceTo(scheduler.now + ms * MS);
  const command = (...bytes: number[]): number[] => {
    for (const byte of bytes) mouse.receive(byte);
    return port.take();
  };
  return { scheduler, port, mouse, run, command };
}

test("reset answers ACK, self-test passed and the device ID; read ID and status give the defaults", () => {
  const { command } = setup();
  assert.deepEqual(command(0xff), [0xfa, 0xaa, 0x00]);
  assert.deepEqual(command(0xf2), [0xfa, 0x00]);
  // Stream mode, disabled, 1:1, no buttons; resolution 2 (4 counts/mm); 100 reports/s.
  assert.deepEqual(command(0xe9), [0xfa, 0x00, 0x02, 100]);
});

test("settings commands take their argument and show in the status bytes", () => {
  const { command } = setup();
  assert.deepEqual(command(0xf3, 40), [0xfa, 0xfa]);
  assert.deepEqual(command(0xe8, 3), [0xfa, 0xfa]);
  assert.deepEqual(command(0xe7), [0xfa]);
  assert.deepEqual(command(0xf4), [0xfa]);
  assert.deepEqual(command(0xe9), [0xfa, 0x30, 0x03, 40]);
  assert.deepEqual(command(0xf0), [0xfa]);
  assert.deepEqual(command(0xe9), [0xfa, 0x70, 0x03, 40]);
  assert.deepEqual(command(0xe6, 0xea), [0xfa, 0xfa]);
  assert.deepEqual(command(0xe9), [0xfa, 0x20, 0x03, 40]);
  assert.deepEqual(command(0xf5, 0xe9), [0xfa, 0xfa, 0x00, 0x03, 40]);
  assert.deepEqual(command(0xf6, 0xe9), [0xfa, 0xfa, 0x00, 0x02, 100]);
});

test("a bad argument asks for a resend, a second one in a row is an error; unknown commands get FEh", () => {
  const { command } = setup();
  assert.deepEqual(command(0xf3), [0xfa]);
  assert.deepEqual(command(55), [0xfe]);
  assert.deepEqual(command(56), [0xfc]);
  assert.deepEqual(command(200), [0xfa]);
  assert.deepEqual(command(0xe9), [0xfa, 0x00, 0x02, 200]);
  assert.deepEqual(command(0x12), [0xfe]);
  assert.deepEqual(command(0xe8, 4), [0xfa, 0xfe]);
});

test("resend repeats the last reply; wrap mode echoes until ECh", () => {
  const { command } = setup();
  command(0xe9);
  assert.deepEqual(command(0xfe), [0xfa, 0x00, 0x02, 100]);
  assert.deepEqual(command(0xee), [0xfa]);
  assert.deepEqual(command(0x12, 0xf4, 0x55), [0x12, 0xf4, 0x55]);
  assert.deepEqual(command(0xec), [0xfa]);
  assert.deepEqual(command(0xf2), [0xfa, 0x00]);
});

test("stream packets: bit 3 set, buttons, signs, Y up on the wire", () => {
  const { command, mouse, run, port } = setup();
  command(0xf4);
  mouse.input(5, -3, 0b001);
  run(0);
  assert.deepEqual(port.take(), [0x09, 5, 3]);
  mouse.input(-2, 7, 0b110);
  run(10);
  assert.deepEqual(port.take(), [0x08 | 0x06 | 0x10 | 0x20, 0xfe, 0xf9]);
  // Nothing moved and no button changed: no packet.
  mouse.input(0, 0, 0b110);
  run(50);
  assert.deepEqual(port.take(), []);
  mouse.input(0, 0, 0);
  run(10);
  assert.deepEqual(port.take(), [0x08, 0, 0]);
});

test("disabled or remote: no stream packets; read data gives one on request", () => {
  const { command, mouse, run, port } = setup();
  mouse.input(10, 10, 0);
  run(50);
  assert.deepEqual(port.take(), []);
  command(0xf0, 0xf4);
  mouse.input(4, 0, 1);
  run(50);
  assert.deepEqual(port.take(), []);
  assert.deepEqual(command(0xeb), [0xfa, 0x09, 4, 0]);
  assert.deepEqual(command(0xeb), [0xfa, 0x09, 0, 0]);
});

test("motion coalesces into one packet per sample period", () => {
  const { command, mouse, run, port, scheduler } = setup();
  command(0xf3, 20, 0xf4);
  port.take();
  mouse.input(1, 0, 0);
  run(0);
  assert.deepEqual(port.take(), [0x08, 1, 0]);
  const start = scheduler.now;
  for (let i = 0; i < 10; i++) {
    mouse.input(3, 1, 0);
    run(4);
  }
  // 40 ms at 20 reports/s: the second packet at 50 ms carries all of it.
  assert.equal(scheduler.now - start, 40 * MS);
  assert.deepEqual(port.take(), []);
  run(10);
  assert.deepEqual(port.take(), [0x08 | 0x20, 30, 0xf6]);
});

test("motion beyond one packet is carried into the next sample periods, without overflow bits", () => {
  const { command, mouse, run, port } = setup();
  command(0xf4);
  mouse.input(300, 600, 0);
  run(0);
  // X +300: +255 now, 45 later. Y 600 down = -600 up: -255, -255, then -90; never an overflow bit.
  assert.deepEqual(port.take(), [0x08 | 0x20, 0xff, 0x01]);
  run(5);
  assert.deepEqual(port.take(), []);
  run(5);
  assert.deepEqual(port.take(), [0x08 | 0x20, 45, 0x01]);
  run(10);
  assert.deepEqual(port.take(), [0x08 | 0x20, 0, 0xa6]);
  run(100);
  assert.deepEqual(port.take(), []);
  // With 2:1 scaling a packet takes at most 127 counts (254 on the wire).
  command(0xe7);
  port.take();
  mouse.input(-200, 0, 0);
  run(0);
  assert.deepEqual(port.take(), [0x08 | 0x10, 0x02, 0]);
  run(10);
  assert.deepEqual(port.take(), [0x08 | 0x10, 0x6e, 0]);
});

test("what is carried is bounded: a runaway host cannot queue more than 1024 counts per axis", () => {
  const { command, mouse, run, port } = setup();
  command(0xf4);
  for (let i = 0; i < 100; i++) mouse.input(1000, 0, 0);
  let total = 0;
  for (let i = 0; i < 20; i++) {
    run(10);
    for (const [status, x] of chunks(port.take())) {
      assert.equal(status & 0xc0, 0);
      total += x;
    }
  }
  assert.equal(total, 1024);
});

/** Packets as [byte 0, X (sign from byte 0), Y]. */
function chunks(bytes: number[]): [number, number, number][] {
  const packets: [number, number, number][] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const status = bytes[i];
    packets.push([
      status,
      status & 0x10 ? bytes[i + 1] - 256 : bytes[i + 1],
      status & 0x20 ? bytes[i + 2] - 256 : bytes[i + 2],
    ]);
  }
  return packets;
}

test("resolution and 2:1 scaling change the reported counts", () => {
  const { command, mouse, run, port } = setup();
  command(0xe8, 0, 0xf4); // 1 count/mm: a quarter of the default
  port.take();
  mouse.input(9, 0, 0);
  run(0);
  assert.deepEqual(port.take(), [0x08, 2, 0]);
  // The quarter count left over is kept for the next report.
  mouse.input(3, 0, 0);
  run(10);
  assert.deepEqual(port.take(), [0x08, 1, 0]);
  command(0xe8, 2, 0xe7);
  port.take();
  mouse.input(4, -10, 0);
  run(10);
  assert.deepEqual(port.take(), [0x08, 6, 20]);
});

test("no packet while the 8042's queue lacks room; it goes out once there is", () => {
  const { command, mouse, run, port } = setup();
  command(0xf4);
  port.auxQueueSpace = 6;
  mouse.input(2, 2, 0);
  run(30);
  assert.deepEqual(port.take(), []);
  mouse.input(1, 0, 0);
  port.auxQueueSpace = 16;
  run(10);
  assert.deepEqual(port.take(), [0x08 | 0x20, 3, 0xfe]);
});

test("through the 8042: D4h commands reach the mouse, packets raise IRQ12", () => {
  const scheduler = new Scheduler();
  const irqs = new Map<number, boolean>();
  const lines: InterruptLines = { setIrq: (line, level) => irqs.set(line, level) };
  const pit = new ProgrammableIntervalTimer(scheduler, lines, "8254");
  const kbc = new KeyboardController(scheduler, lines, pit, { onA20: () => {}, onReset: () => {} });
  const mouse = new Ps2Mouse(scheduler, kbc);
  kbc.attachAux(mouse);
  const io = new IoBus();
  for (const port of kbc.ports) io.register(port);
  const read = (): number => {
    scheduler.advanceTo(scheduler.now + 2 * MS);
    assert.equal(io.in8(0x64) & 0x21, 0x21, "aux output buffer full");
    return io.in8(0x60);
  };
  io.out8(0x64, 0x60);
  io.out8(0x60, 0x43); // IRQ1 and IRQ12 on
  io.out8(0x64, 0xd4);
  io.out8(0x60, 0xf4);
  assert.equal(read(), 0xfa);
  mouse.input(1, 1, 2);
  scheduler.advanceTo(scheduler.now + 2 * MS);
  assert.equal(irqs.get(12), true);
  assert.deepEqual([read(), read(), read()], [0x0a | 0x20, 1, 0xff]);
  // Nobody reads: the mouse stops at what the queue can hold with room left for a reply.
  for (let i = 0; i < 20; i++) {
    mouse.input(1, 0, 0);
    scheduler.advanceTo(scheduler.now + 10 * MS);
  }
  assert.ok(kbc.auxQueueSpace >= 4, `queue space ${kbc.auxQueueSpace}`);
  const packets: number[] = [];
  do packets.push(read());
  while (kbc.auxQueueSpace < 16);
  assert.ok(packets.length >= 9);
  assert.equal(packets.length % 3, 0);
  for (let i = 0; i < packets.length; i += 3) assert.equal(packets[i] & 0x08, 0x08, "every packet starts in step");
});

test("saveState/loadState round trip keeps settings, accumulated motion and the pending report", () => {
  const a = setup();
  a.command(0xf3, 40, 0xe8, 1, 0xe7, 0xf4);
  a.mouse.input(1, 0, 0);
  a.run(0);
  a.port.take();
  a.mouse.input(20, -12, 0b101);
  const state = a.mouse.saveState();
  const b = setup();
  b.scheduler.now = a.scheduler.now;
  b.mouse.loadState(structuredClone(state));
  assert.deepEqual(b.mouse.saveState(), state);
  a.run(30);
  b.run(30);
  assert.deepEqual(b.port.take(), a.port.take());
  assert.deepEqual(b.command(0xe9), a.command(0xe9));
  assert.throws(() => b.mouse.loadState({ ...state, sampleRate: "fast" }), /sampleRate/);
});
