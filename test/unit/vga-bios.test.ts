// The VGA BIOS as an option ROM (bios/realmode-vga.bin): its header and checksum, the fonts it carries, and how our
// system BIOS's ROM scan runs it — INT 10h, 1Fh, 42h and 43h afterwards, F000:F065 forwarding to it, and POST going
// on without it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixOptionRomChecksum, optionRomProblem, VIDEO_ROM_MAX_SIZE } from "../../bios/option-rom.ts";
import { buildBiosImage } from "../../bios/rom.ts";
import { Reg, SReg } from "../../emulator/cpu/cpu.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { Machine } from "../../emulator/machine.ts";
import { MachineSession } from "../../emulator/session.ts";
import { FONT_8X16 } from "../../emulator/video/font-8x16.ts";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import { TESTDATA, testData } from "../support/testdata.ts";

const VGA_ROM = new Uint8Array(readFileSync(new URL("../../bios/realmode-vga.bin", import.meta.url)));
const SYSTEM_ROM = new Uint8Array(readFileSync(new URL("../../bios/realmode-bios.bin", import.meta.url)));
const FREEDOS = join(TESTDATA, "images", "freedos");
const IMAGE = "freedos.boot.disk.360K.img";

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function xtSession(videoRom: Uint8Array | undefined): MachineSession {
  const bytes = new Uint8Array(readFileSync(join(FREEDOS, IMAGE)));
  const floppy = DiskImage.open(IMAGE, new MemoryBlockStore(bytes), "floppy", "read-write");
  const rom = buildBiosImage(SYSTEM_ROM, { machine: "xt", bootOrder: ["a"], floppyDrives: ["360K"], hardDisks: 0 });
  const machine = new Machine({
    profile: "xt",
    rom,
    video: "vga",
    videoRom,
    floppyDrives: [{ slot: new DriveSlot(floppy), type: "360K" }],
    rtcTime: { kind: "fixed", startEpochMs: 0 },
  });
  return new MachineSession(machine);
}

/** The far pointer in interrupt vector `n`, as [segment, offset]. */
function vector(machine: Machine, n: number): [number, number] {
  const ram = machine.memory.bytes;
  return [ram[n * 4 + 2] | (ram[n * 4 + 3] << 8), ram[n * 4] | (ram[n * 4 + 1] << 8)];
}

test("the committed VGA BIOS is an option ROM: 55h AAh, its length in blocks, a jump at offset 3, sum 0", () => {
  assert.equal(optionRomProblem(VGA_ROM, VIDEO_ROM_MAX_SIZE), null);
  assert.equal(VGA_ROM.length % 4096, 0, "whole 4 KB pages");
  assert.equal(VGA_ROM[2] * 512, VGA_ROM.length);
  assert.equal(VGA_ROM[3], 0xe9, "near jump to the initialisation");
  assert.notEqual(indexOf(VGA_ROM, FONT_8X16), -1, "the 8x16 font");
  assert.notEqual(indexOf(VGA_ROM, FONT_8X8), -1, "the 8x8 font");
  assert.equal(indexOf(SYSTEM_ROM, FONT_8X16), -1, "the system ROM no longer carries the 8x16 font");
  assert.equal(indexOf(SYSTEM_ROM, FONT_8X8.subarray(0, 1024)), 0xfa6e, "only the 8x8 low half, at F000:FA6E");
});

test("optionRomProblem names what a ROM scan would refuse; fixOptionRomChecksum sets the last byte", () => {
  const rom = new Uint8Array(2048).fill(0x90);
  rom.set([0x55, 0xaa, 4]);
  assert.match(optionRomProblem(rom, VIDEO_ROM_MAX_SIZE) ?? "", /sum to 0/);
  fixOptionRomChecksum(rom);
  assert.equal(optionRomProblem(rom, VIDEO_ROM_MAX_SIZE), null);
  assert.match(optionRomProblem(rom, 1024) ?? "", /512 bytes to 1 KB/);
  const short = rom.slice();
  short[2] = 3;
  assert.match(optionRomProblem(short, VIDEO_ROM_MAX_SIZE) ?? "", /length byte says 1536 bytes/);
  const unsigned = rom.slice();
  unsigned[0] = 0;
  assert.match(optionRomProblem(unsigned, VIDEO_ROM_MAX_SIZE) ?? "", /signature/);
});

test("POST runs the VGA BIOS: it takes INT 10h, keeps the old one at INT 42h, points INT 43h/1Fh at its font", (t) => {
  if (!testData(`images/freedos/${IMAGE}`)) return t.skip(`${FREEDOS} has no ${IMAGE}`);
  const session = xtSession(VGA_ROM);
  assert.ok(session.waitForText(/A:\\>/, 30_000), session.screenText());
  const machine = session.machine;
  assert.equal(vector(machine, 0x10)[0], 0xc000, "INT 10h in the VGA ROM");
  assert.deepEqual(vector(machine, 0x42), [0xf000, 0xf065], "INT 42h: the system BIOS's INT 10h");
  const [fontSegment, fontOffset] = vector(machine, 0x43);
  assert.equal(fontSegment, 0xc000);
  const font = machine.memory.bytes.subarray(0xc0000 + fontOffset, 0xc0000 + fontOffset + 2048);
  assert.deepEqual(font, FONT_8X8, "INT 43h: the 8x8 font");
  assert.deepEqual(vector(machine, 0x1f), [0xc000, fontOffset + 1024], "INT 1Fh: its upper 128 glyphs");
  assert.equal(machine.memory.bytes[0x449], 3, "mode 3");
  assert.match(session.screenText(), /Realmode BIOS/);

  // A program calling F000:F065 directly reaches the VGA BIOS: AH=0Fh answers mode 3, 80 columns.
  const cpu = machine.cpu;
  machine.memory.bytes.set([0x9c, 0x9a, 0x65, 0xf0, 0x00, 0xf0, 0xf4, 0xeb, 0xfd], 0x600); // pushf; call far; hlt
  cpu.sregs[SReg.CS] = 0;
  cpu.ip = 0x600;
  cpu.regs[Reg.AX] = 0x0f00;
  session.runMs(10);
  assert.equal(cpu.regs[Reg.AX], 0x5003);
});

test("without a video ROM, INT 10h stays at the F000:F065 stub and POST still boots the floppy", (t) => {
  if (!testData(`images/freedos/${IMAGE}`)) return t.skip(`${FREEDOS} has no ${IMAGE}`);
  const session = xtSession(undefined);
  session.runMs(5000);
  const machine = session.machine;
  assert.deepEqual(vector(machine, 0x10), [0xf000, 0xf065]);
  assert.deepEqual(vector(machine, 0x43), [0, 0], "no font until a video ROM sets one");
  assert.notEqual(vector(machine, 0x21)[0], 0xf000, "the kernel booted and took INT 21h");
});
