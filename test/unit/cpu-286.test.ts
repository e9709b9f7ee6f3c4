/**
 * 80286 real-mode specifics: SMSW/LMSW/CLTS and the descriptor-table-register instructions in the 0Fh page, the IDT
 * register in real-mode interrupts, invalid 0Fh forms, the 10-byte instruction limit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CODE_OFF,
  CODE_SEG,
  DATA_SEG,
  haltedInStub,
  interruptFrame,
  peek16,
  peek8,
  poke,
  rig,
  runToHalt,
} from "./cpu-harness.ts";
import { Cpu } from "../../emulator/cpu/cpu.ts";

const AX = 0, BX = 3; // prettier-ignore

function run(code: number[]) {
  const r = rig("80286", [...code, 0xf4]);
  runToHalt(r.cpu);
  return r;
}

test("SMSW reads the machine status word with its undefined high bits set", () => {
  let r = run([0x0f, 0x01, 0xe0]); // smsw ax
  assert.equal(r.cpu.regs[AX], 0xfff0);
  r = run([0x0f, 0x01, 0x26, 0x00, 0x02]); // smsw [0200h]
  assert.equal(peek16(r.memory, DATA_SEG, 0x200), 0xfff0);
  assert.equal(r.cpu.ip, CODE_OFF + 6);
});

test("LMSW sets MP/EM/TS, SMSW reads them back, CLTS clears TS", () => {
  // mov ax,0Eh; lmsw ax; smsw bx; clts; smsw ax
  const r = run([0xb8, 0x0e, 0x00, 0x0f, 0x01, 0xf0, 0x0f, 0x01, 0xe3, 0x0f, 0x06, 0x0f, 0x01, 0xe0]);
  assert.equal(r.cpu.regs[BX], 0xfffe);
  assert.equal(r.cpu.regs[AX], 0xfff6);
});

test("undefined second bytes of 0Fh raise INT 6 at the 0Fh", () => {
  for (const code of [
    [0x0f, 0xff],
    [0x0f, 0x0b],
    [0x0f, 0x01, 0xf8],
  ]) {
    const r = run([0x90, ...code]);
    assert.equal(haltedInStub(r.cpu), 6, code.join(" "));
    assert.deepEqual([interruptFrame(r).cs, interruptFrame(r).ip], [CODE_SEG, CODE_OFF + 1]);
  }
});

test("an instruction longer than 10 bytes (prefixes included) raises exception 13", () => {
  let r = run([0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x90]); // 10 prefixes + NOP = 11
  assert.equal(haltedInStub(r.cpu), 13);
  assert.equal(interruptFrame(r).ip, CODE_OFF);
  r = run([0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x90]); // 10 bytes: fine
  assert.equal(haltedInStub(r.cpu), -1);
  assert.equal(r.cpu.ip, CODE_OFF + 11);
});

test("a prefixed two-byte opcode within 10 bytes runs (5 prefixes + SMSW AX)", () => {
  const r = run([0x26, 0x26, 0x26, 0x26, 0x26, 0x0f, 0x01, 0xe0]);
  assert.equal(r.cpu.regs[AX], 0xfff0);
});

/** The six bytes SGDT/SIDT stored at DS:off: [limit, base, sixth byte]. */
function tableRegister(r: ReturnType<typeof run>, off: number): [number, number, number] {
  const base = peek16(r.memory, DATA_SEG, off + 2) | (peek8(r.memory, DATA_SEG, off + 4) << 16);
  return [peek16(r.memory, DATA_SEG, off), base, peek8(r.memory, DATA_SEG, off + 5)];
}

test("SGDT/SIDT store the reset values, with the 286's FFh in the sixth byte", () => {
  const r = run([0x0f, 0x01, 0x06, 0x00, 0x02, 0x0f, 0x01, 0x0e, 0x10, 0x02]); // sgdt [0200h]; sidt [0210h]
  assert.deepEqual(tableRegister(r, 0x200), [0xffff, 0, 0xff]);
  assert.deepEqual(tableRegister(r, 0x210), [0x3ff, 0, 0xff]);
  assert.equal(haltedInStub(r.cpu), -1);
});

test("LGDT/LIDT load a 24-bit base and a limit that SGDT/SIDT read back", () => {
  const r = rig("80286", [
    ...[0x0f, 0x01, 0x16, 0x00, 0x01], // lgdt [0100h]
    ...[0x0f, 0x01, 0x1e, 0x10, 0x01], // lidt [0110h]
    ...[0x0f, 0x01, 0x06, 0x00, 0x02], // sgdt [0200h]
    ...[0x0f, 0x01, 0x0e, 0x10, 0x02], // sidt [0210h]
    0xf4,
  ]);
  poke(r.memory, DATA_SEG, 0x100, [0x2f, 0x00, 0x56, 0x34, 0x12, 0x99]);
  poke(r.memory, DATA_SEG, 0x110, [0xff, 0x03, 0x00, 0x00, 0x00, 0x00]);
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.gdtBase, r.cpu.gdtLimit], [0x123456, 0x2f], "the sixth byte is not part of the base");
  assert.deepEqual(tableRegister(r as ReturnType<typeof run>, 0x200), [0x2f, 0x123456, 0xff]);
  assert.deepEqual(tableRegister(r as ReturnType<typeof run>, 0x210), [0x3ff, 0, 0xff]);
});

test("real-mode interrupts read their vector at the IDT base", () => {
  // lidt [0100h] with base 4: INT 5 takes what is vector 6's entry in the table at 0.
  const r = rig("80286", [0x0f, 0x01, 0x1e, 0x00, 0x01, 0xcd, 0x05, 0xf4]);
  poke(r.memory, DATA_SEG, 0x100, [0xff, 0x03, 0x04, 0x00, 0x00, 0x00]);
  runToHalt(r.cpu);
  assert.equal(haltedInStub(r.cpu), 6);
  assert.deepEqual([interruptFrame(r).cs, interruptFrame(r).ip], [CODE_SEG, CODE_OFF + 7], "INT pushes its return");
});

test("a vector past the IDT limit is exception 8; past it for exception 8 too, the 286 shuts down", () => {
  // lidt [0100h]; int 21h — limit 23h holds vectors 0-8 only.
  let r = rig("80286", [0x0f, 0x01, 0x1e, 0x00, 0x01, 0xcd, 0x21, 0xf4]);
  poke(r.memory, DATA_SEG, 0x100, [0x23, 0x00, 0x00, 0x00, 0x00, 0x00]);
  runToHalt(r.cpu);
  assert.equal(haltedInStub(r.cpu), 8);

  // Limit 1Fh: not even exception 8's entry. A bare CPU stops (no handler); the AT resets it (machine.ts).
  r = rig("80286", [0x0f, 0x01, 0x1e, 0x00, 0x01, 0xfb, 0xcd, 0x21, 0xf4]); // lidt; sti; int 21h
  poke(r.memory, DATA_SEG, 0x100, [0x1f, 0x00, 0x00, 0x00, 0x00, 0x00]);
  runToHalt(r.cpu);
  assert.equal(haltedInStub(r.cpu), -1);
  assert.ok(r.cpu.halted);
  assert.equal(r.cpu.getFlags() & 0x200, 0, "shut down with interrupts off");
  assert.equal(r.cpu.ip, CODE_OFF + 8, "stopped at the INT: nothing was pushed or jumped to");

  r = rig("80286", [0x0f, 0x01, 0x1e, 0x00, 0x01, 0xcd, 0x21, 0xf4]);
  poke(r.memory, DATA_SEG, 0x100, [0x1f, 0x00, 0x00, 0x00, 0x00, 0x00]);
  let shutdowns = 0;
  r.cpu.onShutdown = () => {
    shutdowns++;
    r.cpu.reset();
  };
  r.memory.bytes[0xffff0] = 0xf4; // HLT at the reset address
  runToHalt(r.cpu);
  assert.equal(shutdowns, 1);
  assert.deepEqual([r.cpu.sregs[1], r.cpu.ip], [0xffff, 1], "reset: halted at FFFF:0000's HLT");
  assert.deepEqual([r.cpu.idtBase, r.cpu.idtLimit], [0, 0x3ff], "RESET restores the vector table");
});

test("the descriptor-table instructions need a memory operand (#UD on a register)", () => {
  for (const modrm of [0xc0, 0xc8, 0xd0, 0xd8]) {
    const r = run([0x0f, 0x01, modrm]);
    assert.equal(haltedInStub(r.cpu), 6, modrm.toString(16));
  }
});

test("the IDT and GDT registers are part of the CPU state; older states get the reset values", () => {
  const r = rig("80286", [0x0f, 0x01, 0x1e, 0x00, 0x01, 0xf4]);
  poke(r.memory, DATA_SEG, 0x100, [0x7f, 0x00, 0x00, 0x10, 0x00, 0x00]);
  runToHalt(r.cpu);
  const state = r.cpu.saveState();
  const copy = new Cpu("80286", r.memory, r.io);
  copy.loadState(state);
  assert.deepEqual([copy.idtBase, copy.idtLimit, copy.gdtBase, copy.gdtLimit], [0x1000, 0x7f, 0, 0xffff]);
  const { descriptorTables: _dropped, ...older } = state;
  copy.loadState(older as typeof state);
  assert.deepEqual([copy.idtBase, copy.idtLimit], [0, 0x3ff]);
});
