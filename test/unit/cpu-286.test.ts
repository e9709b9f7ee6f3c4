/** 80286 real-mode specifics: SMSW/LMSW/CLTS in the 0Fh page, invalid 0Fh forms, the 10-byte instruction limit. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CODE_OFF, CODE_SEG, DATA_SEG, haltedInStub, interruptFrame, peek16, rig, runToHalt } from "./cpu-harness.ts";

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
