/** Shifts and rotates: flags, counts 0/1/beyond the width, the 80186 5-bit count mask, C0h/C1h, 8086 SETMO. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CF, OF, PF, SF, ZF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import { CODE_OFF, DATA_SEG, MODELS, peek16, poke16, rig, runToHalt, stackWord, type Rig } from "./cpu-harness.ts";

function run(code: number[], init: (r: Rig) => void = () => {}, model: CpuModel = "8086"): Rig {
  const r = rig(model, [...code, 0xf4]);
  init(r);
  runToHalt(r.cpu);
  return r;
}

/** mov al,<al>; mov cl,<cl>; <op> al,cl (D2 /op) — with CF set first when `carry`. */
function byCl(op: number, al: number, cl: number, model: CpuModel = "8086", carry = false) {
  const code = [0xb0, al, 0xb1, cl, 0xd2, 0xc0 | (op << 3)];
  return run(carry ? [0xf9, ...code] : code, () => {}, model).cpu;
}

test("SHL/SHR/SAR by 1: CF is the bit shifted out; OF as the 8086 manual defines it for a count of 1", () => {
  const cases: [string, number, number, number, number][] = [
    // [name, D0 modrm, AL in, AL out, CF|OF expected]
    ["shl 80h", 0xe0, 0x80, 0x00, CF | OF], // sign changed, carry out
    ["shl 40h", 0xe0, 0x40, 0x80, OF],
    ["shl C0h", 0xe0, 0xc0, 0x80, CF], // sign kept
    ["shr 81h", 0xe8, 0x81, 0x40, CF | OF], // OF = the original sign bit
    ["shr 01h", 0xe8, 0x01, 0x00, CF],
    ["sar 81h", 0xf8, 0x81, 0xc0, CF], // the sign bit is replicated, OF clear
  ];
  for (const [name, modrm, input, output, flags] of cases) {
    const { cpu } = run([0xb0, input, 0xd0, modrm]);
    assert.equal(cpu.regs8[0], output, name);
    assert.equal(cpu.getFlags() & (CF | OF), flags, name);
    assert.equal((cpu.getFlags() & ZF) !== 0, output === 0, name);
  }
});

test("rotates by 1 change only CF and OF", () => {
  const cases: [string, number, number, boolean, number, number][] = [
    // [name, D0 modrm, AL in, CF in, AL out, CF|OF out]
    ["rol 81h", 0xc0, 0x81, false, 0x03, CF | OF],
    ["ror 81h", 0xc8, 0x81, false, 0xc0, CF],
    ["rcl 80h", 0xd0, 0x80, false, 0x00, CF | OF],
    ["rcl 00h cf", 0xd0, 0x00, true, 0x01, 0],
    ["rcr 01h cf", 0xd8, 0x01, true, 0x80, CF | OF],
  ];
  for (const [name, modrm, input, carry, output, flags] of cases) {
    // xor bx,bx (ZF PF set); [stc]; mov al,n; rot al,1
    const { cpu } = run([0x31, 0xdb, ...(carry ? [0xf9] : []), 0xb0, input, 0xd0, modrm]);
    assert.equal(cpu.regs8[0], output, name);
    assert.equal(cpu.getFlags() & (CF | OF | ZF | PF | SF), flags | ZF | PF, name);
  }
});

test("a count of 0 changes neither the operand nor any flag", () => {
  for (const model of MODELS) {
    for (let op = 0; op < 8; op++) {
      // stc; mov al,55h; mov cl,0; <op> al,cl — flags are those of STC over the reset state
      const cpu = byCl(op, 0x55, 0, model, true);
      assert.equal(cpu.regs8[0], 0x55, `${model} /${op}`);
      assert.equal(cpu.getFlags() & (CF | OF | ZF | SF | PF), CF, `${model} /${op}`);
    }
  }
});

test("counts at and beyond the operand width", () => {
  let cpu = byCl(4, 0x01, 8); // shl al,8: the last bit out is the original bit 0
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0, CF]);
  cpu = byCl(4, 0x01, 9);
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0, 0]);
  cpu = byCl(5, 0x80, 8); // shr al,8
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0, CF]);
  cpu = byCl(7, 0x80, 20); // sar al,20: all sign bits
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0xff, CF]);
  cpu = byCl(0, 0xa5, 8); // rol al,8: back where it started, CF = bit 0 of the result
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0xa5, CF]);
  cpu = byCl(2, 0xa5, 9, "8086", true); // rcl al,9: a full turn of the 9-bit ring restores AL and CF
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0xa5, CF]);
  cpu = byCl(3, 0x5a, 9, "8086", false); // rcr al,9
  assert.deepEqual([cpu.regs8[0], cpu.getFlags() & CF], [0x5a, 0]);
  // mov ax,1; mov cl,16; shl ax,cl → 0 with the bit in CF; ror ax by 4 on 1234h
  let r = run([0xb8, 0x01, 0x00, 0xb1, 0x10, 0xd3, 0xe0]);
  assert.deepEqual([r.cpu.regs[0], r.cpu.getFlags() & CF], [0, CF]);
  r = run([0xb8, 0x34, 0x12, 0xb1, 0x04, 0xd3, 0xc8]);
  assert.deepEqual([r.cpu.regs[0], r.cpu.getFlags() & CF], [0x4123, 0]);
});

test("the 8086 shifts by the full CL; the 80186 and 80286 mask the count to 5 bits", () => {
  for (const model of MODELS) {
    const masked = model === "80186" || model === "80286";
    // shl al,33: 8086 → 0; 186+ → shl al,1
    assert.equal(byCl(4, 0x01, 33, model).regs8[0], masked ? 0x02 : 0x00, model);
    // shl al,32: 8086 → 0; 186+ → a count of 0, nothing changes
    const cpu = byCl(4, 0x01, 32, model, true);
    assert.equal(cpu.regs8[0], masked ? 0x01 : 0x00, model);
    assert.equal(cpu.getFlags() & CF, masked ? CF : 0, model);
  }
});

test("the 8086 spends 4 clocks per bit of a shift by CL", () => {
  const clocks = (model: CpuModel, count: number) => {
    const r = rig(model, [0xd2, 0xe0]); // shl al,cl
    r.cpu.regs8[2] = count;
    const start = r.cpu.cycles;
    r.cpu.step();
    return r.cpu.cycles - start;
  };
  assert.equal(clocks("8086", 200) - clocks("8086", 100), 400);
});

test("C0h/C1h shift by an immediate on the 80186/286 (count masked too)", () => {
  for (const model of ["80186", "80286"] as const) {
    let { cpu } = run([0xb0, 0x0f, 0xc0, 0xe0, 0x04], () => {}, model); // mov al,0Fh; shl al,4
    assert.equal(cpu.regs8[0], 0xf0, model);
    ({ cpu } = run([0xb8, 0x34, 0x12, 0xc1, 0xe8, 0x04], () => {}, model)); // mov ax,1234h; shr ax,4
    assert.equal(cpu.regs[0], 0x0123, model);
    ({ cpu } = run([0xb0, 0x01, 0xc0, 0xe0, 0x21], () => {}, model)); // shl al,21h ≡ shl al,1
    assert.equal(cpu.regs8[0], 0x02, model);
    // shl word [bx],3 through C1 /4 with a memory operand
    const r = run([0xbb, 0x40, 0x00, 0xc1, 0x27, 0x03], (r) => poke16(r.memory, DATA_SEG, 0x40, 0x1001), model);
    assert.equal(peek16(r.memory, DATA_SEG, 0x40), 0x8008, model);
  }
});

test("on the 8086 C0h and C1h are RET imm16 and RET", () => {
  // call +1 (to the C0h); hlt; C0 02 00 — returns to the HLT and releases 2 more bytes
  const r = rig("8086", [0xe8, 0x01, 0x00, 0xf4, 0xc0, 0x02, 0x00]);
  r.cpu.step();
  assert.equal(stackWord(r, 0), CODE_OFF + 3);
  runToHalt(r.cpu);
  assert.equal(r.cpu.ip, CODE_OFF + 4);
  assert.equal(r.cpu.regs[4], 0x1000 + 2);
  const c1 = rig("8086", [0xe8, 0x01, 0x00, 0xf4, 0xc1]);
  runToHalt(c1.cpu);
  assert.equal(c1.cpu.ip, CODE_OFF + 4);
  assert.equal(c1.cpu.regs[4], 0x1000);
});

test("8086 /6 (SETMO): the operand becomes all ones with CF OF clear; with CL=0 nothing happens", () => {
  // stc; mov al,12h; D0 F0 — SF set, ZF clear, PF set (FFh has even parity)
  let { cpu } = run([0xf9, 0xb0, 0x12, 0xd0, 0xf0]);
  assert.equal(cpu.regs8[0], 0xff);
  assert.equal(cpu.getFlags() & (CF | OF | SF | ZF | PF), SF | PF);
  ({ cpu } = run([0xb8, 0x34, 0x12, 0xd1, 0xf0])); // mov ax,1234h; D1 F0
  assert.equal(cpu.regs[0], 0xffff);
  cpu = byCl(6, 0x12, 0, "8086", true); // SETMOC with CL=0
  assert.equal(cpu.regs8[0], 0x12);
  assert.equal(cpu.getFlags() & CF, CF);
  assert.equal(byCl(6, 0x12, 3).regs8[0], 0xff);
});

test("/6 is another SHL on the 80186 and 80286", () => {
  for (const model of ["80186", "80286"] as const) {
    const { cpu } = run([0xb0, 0x92, 0xd0, 0xf0], () => {}, model); // mov al,92h; D0 F0
    assert.equal(cpu.regs8[0], 0x24, model);
    assert.equal(cpu.getFlags() & (CF | OF), CF | OF, model);
  }
});
