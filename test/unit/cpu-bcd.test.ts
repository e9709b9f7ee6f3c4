/** Decimal adjustment: DAA, DAS, AAA, AAS, AAM, AAD. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AF, CF, ZF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import { CODE_OFF, MODELS, haltedInStub, interruptFrame, rig, runToHalt } from "./cpu-harness.ts";

function run(code: number[], model: CpuModel = "8086") {
  const r = rig(model, [...code, 0xf4]);
  runToHalt(r.cpu);
  return r;
}

test("DAA after packed BCD addition, including the carry into the next digit pair", () => {
  for (const model of MODELS) {
    let { cpu } = run([0xb0, 0x15, 0x04, 0x27, 0x27], model); // mov al,15h; add al,27h; daa → 42h
    assert.equal(cpu.regs8[0], 0x42, model);
    assert.equal(cpu.getFlags() & (CF | AF), AF, model);
    ({ cpu } = run([0xb0, 0x99, 0x04, 0x01, 0x27], model)); // 99 + 1 = 100
    assert.equal(cpu.regs8[0], 0x00, model);
    assert.equal(cpu.getFlags() & (CF | ZF), CF | ZF, model);
    ({ cpu } = run([0xb0, 0x58, 0x04, 0x58, 0x27], model)); // 58 + 58 = 116 (AF from the ADD)
    assert.equal(cpu.regs8[0], 0x16, model);
    assert.equal(cpu.getFlags() & CF, CF, model);
  }
});

test("DAA with AF set and AL in 9Ah–9Fh: the 8086 compares with 9Fh, the 286 with 99h", () => {
  for (const model of ["8086", "80286"] as const) {
    // mov ah,10h; sahf (AF only); mov al,9Bh; daa
    const { cpu } = run([0xb4, 0x10, 0x9e, 0xb0, 0x9b, 0x27], model);
    if (model === "8086") {
      assert.equal(cpu.regs8[0], 0xa1);
      assert.equal(cpu.getFlags() & CF, 0);
    } else {
      assert.equal(cpu.regs8[0], 0x01);
      assert.equal(cpu.getFlags() & CF, CF);
    }
  }
});

test("DAS after packed BCD subtraction, with and without a borrow", () => {
  for (const model of MODELS) {
    let { cpu } = run([0xb0, 0x42, 0x2c, 0x27, 0x2f], model); // mov al,42h; sub al,27h; das → 15h
    assert.equal(cpu.regs8[0], 0x15, model);
    assert.equal(cpu.getFlags() & CF, 0, model);
    ({ cpu } = run([0xb0, 0x10, 0x2c, 0x20, 0x2f], model)); // 10 - 20 = 90 borrow 1
    assert.equal(cpu.regs8[0], 0x90, model);
    assert.equal(cpu.getFlags() & CF, CF, model);
  }
});

test("AAA and AAS carry and borrow through AH", () => {
  for (const model of MODELS) {
    let { cpu } = run([0xb8, 0x09, 0x00, 0x04, 0x05, 0x37], model); // mov ax,9; add al,5; aaa → 0104h
    assert.equal(cpu.regs[0], 0x0104, model);
    assert.equal(cpu.getFlags() & (CF | AF), CF | AF, model);
    ({ cpu } = run([0xb8, 0x03, 0x00, 0x04, 0x04, 0x37], model)); // 3 + 4 = 7, no adjustment
    assert.equal(cpu.regs[0], 0x0007, model);
    assert.equal(cpu.getFlags() & (CF | AF), 0, model);
    ({ cpu } = run([0xb8, 0x03, 0x01, 0x2c, 0x05, 0x3f], model)); // mov ax,0103h; sub al,5; aas → 0008h
    assert.equal(cpu.regs[0], 0x0008, model);
    assert.equal(cpu.getFlags() & CF, CF, model);
  }
});

test("AAM and AAD in base 10 and in another base", () => {
  let { cpu } = run([0xb0, 0x3f, 0xd4, 0x0a]); // mov al,63; aam
  assert.equal(cpu.regs[0], 0x0603);
  ({ cpu } = run([0xb0, 0x3f, 0xd4, 0x10])); // aam 16
  assert.equal(cpu.regs[0], 0x030f);
  ({ cpu } = run([0xb8, 0x03, 0x06, 0xd5, 0x0a])); // mov ax,0603h; aad → 63
  assert.equal(cpu.regs[0], 0x003f);
  ({ cpu } = run([0xb8, 0x03, 0x02, 0xd5, 0x10])); // aad 16 → 23h
  assert.equal(cpu.regs[0], 0x0023);
  ({ cpu } = run([0xb8, 0x00, 0x00, 0xd5, 0x0a])); // aad of 0 sets ZF
  assert.equal(cpu.getFlags() & ZF, ZF);
});

test("AAM 0 is a divide error: past the AAM on the 8086, at it on the 286", () => {
  for (const model of ["8086", "80286"] as const) {
    const r = run([0xb0, 0x3f, 0xd4, 0x00], model);
    assert.equal(haltedInStub(r.cpu), 0, model);
    assert.equal(interruptFrame(r).ip, CODE_OFF + (model === "8086" ? 4 : 2), model);
    assert.equal(r.cpu.regs8[0], 0x3f, model);
  }
});
