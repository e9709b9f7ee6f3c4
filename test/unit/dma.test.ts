import { test } from "node:test";
import assert from "node:assert/strict";
import { DmaController } from "../../emulator/devices/dma.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";

function machine(at: boolean): { dma: DmaController; io: IoBus; memory: Memory } {
  const memory = new Memory();
  const io = new IoBus();
  const dma = new DmaController(memory, { at });
  for (const port of dma.ports) io.register(port);
  return { dma, io, memory };
}

/** Programs an 8-bit channel the way the IBM BIOS does: mask, mode, clear flip-flop, address, page, count, unmask. */
function program(io: IoBus, channel: number, mode: number, address: number, count: number): void {
  const pagePorts = [0x87, 0x83, 0x81, 0x82];
  io.out8(0x0a, 0x04 | channel);
  io.out8(0x0b, mode | channel);
  io.out8(0x0c, 0);
  io.out8(channel * 2, address & 0xff);
  io.out8(channel * 2, (address >> 8) & 0xff);
  io.out8(pagePorts[channel], address >> 16);
  io.out8(channel * 2 + 1, count & 0xff);
  io.out8(channel * 2 + 1, count >> 8);
  io.out8(0x0a, channel);
}

const SINGLE_WRITE = 0x44; // single mode, I/O to memory
const SINGLE_READ = 0x48; // single mode, memory to I/O
const SINGLE_VERIFY = 0x40;
const AUTO_INIT = 0x10;
const DECREMENT = 0x20;

test("a write transfer fills memory, stops at terminal count, reports it, and masks the channel", () => {
  const { dma, io, memory } = machine(false);
  program(io, 2, SINGLE_WRITE, 0x31000, 15);
  const data = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  assert.equal(dma.writeToMemory(2, data, 0, 32), 16, "a count of 15 moves 16 bytes");
  assert.equal(dma.reachedTerminalCount, true);
  assert.deepEqual(memory.bytes.subarray(0x31000, 0x31010), data.subarray(0, 16));
  assert.equal(memory.bytes[0x31010], 0);
  assert.equal(io.in8(0x08), 0x04, "status: channel 2 reached TC");
  assert.equal(io.in8(0x08), 0x00, "reading the status cleared it");
  assert.equal(dma.writeToMemory(2, data, 0, 1), 0, "masked at TC without auto-init");
  assert.equal(dma.reachedTerminalCount, false);
});

test("a transfer shorter than the count leaves the channel part-way, readable through the flip-flop", () => {
  const { dma, io } = machine(false);
  program(io, 1, SINGLE_WRITE, 0x1234, 0x0100);
  assert.equal(dma.writeToMemory(1, new Uint8Array(16), 0, 16), 16);
  assert.equal(dma.reachedTerminalCount, false);
  io.out8(0x0c, 0);
  assert.equal(io.in8(0x02) | (io.in8(0x02) << 8), 0x1244, "current address advanced");
  assert.equal(io.in8(0x03) | (io.in8(0x03) << 8), 0x00f0, "current count went down");
});

test("auto-initialise reloads the base registers at terminal count and keeps the channel unmasked", () => {
  const { dma, io, memory } = machine(false);
  program(io, 3, SINGLE_WRITE | AUTO_INIT, 0x2000, 3);
  assert.equal(dma.writeToMemory(3, Uint8Array.of(1, 2, 3, 4, 5, 6), 0, 6), 6);
  assert.equal(dma.reachedTerminalCount, true);
  assert.deepEqual([...memory.bytes.subarray(0x2000, 0x2005)], [5, 6, 3, 4, 0]);
  assert.equal(io.in8(0x08) & 0x08, 0x08);
});

test("decrement mode counts the address down", () => {
  const { dma, io, memory } = machine(false);
  program(io, 2, SINGLE_WRITE | DECREMENT, 0x5003, 3);
  dma.writeToMemory(2, Uint8Array.of(0xa, 0xb, 0xc, 0xd), 0, 4);
  assert.deepEqual([...memory.bytes.subarray(0x5000, 0x5004)], [0xd, 0xc, 0xb, 0xa]);
});

test("a read transfer takes bytes from memory; verify and a mismatched direction leave both sides alone", () => {
  const { dma, io, memory } = machine(false);
  memory.bytes.set([9, 8, 7, 6], 0x8000);
  program(io, 2, SINGLE_READ, 0x8000, 3);
  const into = new Uint8Array(6);
  assert.equal(dma.readFromMemory(2, into, 1, 4), 4);
  assert.deepEqual([...into], [0, 9, 8, 7, 6, 0]);

  program(io, 2, SINGLE_VERIFY, 0x8000, 1);
  assert.equal(dma.writeToMemory(2, Uint8Array.of(1, 1), 0, 2), 2);
  assert.equal(dma.reachedTerminalCount, true);
  assert.deepEqual([...memory.bytes.subarray(0x8000, 0x8002)], [9, 8]);

  program(io, 2, SINGLE_READ, 0x8000, 1);
  assert.equal(dma.writeToMemory(2, Uint8Array.of(1, 1), 0, 2), 2, "counted, but no MEMW on a read channel");
  assert.deepEqual([...memory.bytes.subarray(0x8000, 0x8002)], [9, 8]);
});

test("the address wraps inside its 64 KB page, and the PC page register holds 4 bits", () => {
  const { dma, io, memory } = machine(false);
  program(io, 2, SINGLE_WRITE, 0x1fffe, 3);
  dma.writeToMemory(2, Uint8Array.of(1, 2, 3, 4), 0, 4);
  assert.deepEqual([...memory.bytes.subarray(0x1fffe, 0x20000)], [1, 2]);
  assert.deepEqual([...memory.bytes.subarray(0x10000, 0x10002)], [3, 4], "no carry into the page");
  io.out8(0x81, 0xf3);
  io.out8(0x0c, 0);
  io.out8(0x04, 0);
  io.out8(0x04, 0);
  io.out8(0x05, 0);
  io.out8(0x05, 0);
  io.out8(0x0a, 2);
  dma.writeToMemory(2, Uint8Array.of(0x77), 0, 1);
  assert.equal(memory.bytes[0x30000], 0x77);
  assert.equal(io.in8(0x81), 0xff, "the PC's page registers cannot be read back");
  assert.equal(io.portName(0x87), "port 0087h", "the PC has no channel 0 page register");
});

test("masks: single, all, clear, and master clear; a disabled controller moves nothing", () => {
  const { dma, io } = machine(false);
  program(io, 2, SINGLE_WRITE, 0, 100);
  io.out8(0x0f, 0x04);
  assert.equal(dma.writeToMemory(2, new Uint8Array(1), 0, 1), 0);
  io.out8(0x0e, 0);
  assert.equal(dma.writeToMemory(2, new Uint8Array(1), 0, 1), 1);
  io.out8(0x08, 0x04);
  assert.equal(dma.writeToMemory(2, new Uint8Array(1), 0, 1), 0, "command bit 2 disables the controller");
  io.out8(0x0d, 0);
  assert.equal(dma.writeToMemory(2, new Uint8Array(1), 0, 1), 0, "master clear sets every mask");
  io.out8(0x09, 0x06);
  assert.equal(io.in8(0x08), 0x40, "software request for channel 2 shows in status bit 6");
});

test("AT: channels 0-3 need channel 4 in cascade mode; channel 5 moves words through page 8Bh", () => {
  const { dma, io, memory } = machine(true);
  program(io, 2, SINGLE_WRITE, 0x40000, 1);
  assert.equal(dma.writeToMemory(2, Uint8Array.of(1, 2), 0, 2), 0, "channel 4 is masked after reset");
  io.out8(0xd6, 0xc0); // channel 4: cascade
  io.out8(0xd4, 0x00); // unmask channel 4
  assert.equal(dma.writeToMemory(2, Uint8Array.of(1, 2), 0, 2), 2);
  assert.deepEqual([...memory.bytes.subarray(0x40000, 0x40002)], [1, 2]);
  assert.equal(io.in8(0x81), 0x04, "AT page registers read back");
  program(io, 2, SINGLE_WRITE, 0x123400, 1);
  assert.equal(dma.writeToMemory(2, Uint8Array.of(7, 7), 0, 2), 2, "above the address space: counted, dropped");
  assert.equal(memory.bytes[0x23400], 0, "24-bit addresses do not wrap into the first megabyte");

  // Channel 5: word address 8000h in page 02h is byte address 02_0000h + 1_0000h.
  io.out8(0xd6, SINGLE_WRITE | 1);
  io.out8(0xd8, 0);
  io.out8(0xc4, 0x00);
  io.out8(0xc4, 0x80);
  io.out8(0x8b, 0x02);
  io.out8(0xc6, 1); // two words
  io.out8(0xc6, 0);
  io.out8(0xd4, 1);
  assert.equal(dma.writeToMemory(5, Uint8Array.of(1, 2, 3, 4, 5, 6), 0, 6), 4);
  assert.equal(dma.reachedTerminalCount, true);
  assert.deepEqual([...memory.bytes.subarray(0x30000, 0x30005)], [1, 2, 3, 4, 0]);
  assert.equal(io.in8(0xd0), 0x02, "second controller's status: channel 5 TC");
});

test("save and load round-trip every register, mid-transfer", () => {
  const { dma, io, memory } = machine(true);
  io.out8(0xd6, 0xc0);
  io.out8(0xd4, 0);
  program(io, 2, SINGLE_WRITE | AUTO_INIT, 0x12345, 0x200);
  dma.writeToMemory(2, new Uint8Array(0x10), 0, 0x10);
  io.out8(0x0c, 0);
  io.in8(0x04); // leave the flip-flop set
  const saved = dma.saveState();

  const copy = new DmaController(memory, { at: true });
  const copyIo = new IoBus();
  for (const port of copy.ports) copyIo.register(port);
  copy.loadState(saved);
  assert.deepEqual(copy.saveState(), saved);
  assert.equal(copyIo.in8(0x04), 0x23, "flip-flop restored: the high byte comes next");
  copy.writeToMemory(2, Uint8Array.of(0xaa), 0, 1);
  assert.equal(memory.bytes[0x12355], 0xaa);
  assert.throws(() => new DmaController(memory, { at: false }).loadState(saved), /different machine/);
  assert.throws(() => copy.loadState({ ...saved, mode: new Uint8Array(3) }), /bad state mode/);
});
