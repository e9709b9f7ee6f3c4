// Machine wiring: where the ROMs are mapped, and which diskette adapter the XT gets for its drives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { Machine, type FloppyDriveType } from "../../emulator/machine.ts";

/** A system ROM of HLTs with a far jump at FFFF:0000, enough to build a machine that does nothing. */
function haltRom(): Uint8Array {
  const rom = new Uint8Array(0x2000).fill(0xf4);
  rom.set([0xea, 0x00, 0xe0, 0x00, 0xfe], 0x1ff0);
  return rom;
}

function videoRom(length: number): Uint8Array {
  const rom = new Uint8Array(length).map((_, i) => (i * 7 + 3) & 0xff);
  rom.set([0x55, 0xaa, length / 512]);
  return rom;
}

function xt(drives: FloppyDriveType[], rom?: Uint8Array): Machine {
  return new Machine({
    profile: "xt",
    rom: haltRom(),
    video: "vga",
    videoRom: rom,
    floppyDrives: drives.map((type) => ({ slot: new DriveSlot(), type })),
  });
}

test("the video ROM is mapped at C0000h, read-only, with open bus after it up to the system ROM", () => {
  const rom = videoRom(0x3000);
  const machine = xt(["360K"], rom);
  const { memory } = machine;
  assert.deepEqual([memory.read8(0xc0000), memory.read8(0xc0001), memory.read8(0xc0002)], [0x55, 0xaa, 0x18]);
  assert.equal(memory.read8(0xc2fff), rom[0x2fff]);
  memory.write8(0xc0010, ~rom[0x10] & 0xff);
  assert.equal(memory.read8(0xc0010), rom[0x10], "writes to ROM are dropped");
  assert.equal(memory.read8(0xc3000), 0xff, "open bus after the ROM");
  assert.equal(memory.read8(0xfdfff), 0xff, "open bus below an 8 KB system ROM");
  machine.powerCycle();
  assert.equal(memory.read8(0xc2fff), rom[0x2fff], "still mapped after a power cycle");
});

test("without a video ROM, C0000h is open bus; a video ROM must be whole 4 KB pages up to 32 KB", () => {
  assert.equal(xt(["360K"]).memory.read8(0xc0000), 0xff);
  assert.throws(() => xt(["360K"], videoRom(0x1800)), /4 KB to 32 KB/);
  assert.throws(() => xt(["360K"], videoRom(0x9000)), /4 KB to 32 KB/);
});

test("the XT's diskette adapter decodes 3F7h only when a high-density drive needs its data rate register", () => {
  const dir = (machine: Machine): string => machine.io.portName(0x3f7);
  assert.equal(dir(xt(["360K", "720K"])), "port 03f7h", "IBM's 250 kb/s adapter");
  assert.equal(dir(xt(["360K", "1.44M"])), "FDC digital input/configuration control");
  assert.equal(dir(xt(["1.2M"])), "FDC digital input/configuration control");
  assert.equal(xt(["1.44M"]).io.in8(0x3f7), 0xff, "the empty drive's change line is active");
});

test("the AT resets its 286 when it shuts down (a triple fault), as the system board does", () => {
  const machine = new Machine({ profile: "at", rom: haltRom() });
  const cpu = machine.cpu;
  machine.runFor(1_000_000);
  // A program that wants a reset the protected-mode way: an IDT limit too small even for exception 8, then INT.
  cpu.idtLimit = 0;
  cpu.sregs[1] = 0x2000;
  cpu.ip = 0;
  cpu.setFlags(0);
  cpu.halted = false;
  machine.memory.bytes.set([0xcd, 0x21], 0x20000); // int 21h
  const before = cpu.instructionCount;
  cpu.step();
  assert.equal(cpu.instructionCount, before + 1);
  assert.deepEqual([cpu.sregs[1], cpu.ip], [0xffff, 0], "back at the reset vector");
  assert.deepEqual([cpu.idtBase, cpu.idtLimit], [0, 0x3ff]);
});
