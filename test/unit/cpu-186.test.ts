/**
 * The 80186 additions (kept by the 80286): PUSHA/POPA, BOUND, ENTER/LEAVE, IMUL imm, PUSH imm, INS/OUTS; and the
 * invalid-opcode exception (INT 6) the 80186 introduced.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CF, OF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  CODE_SEG,
  DATA_SEG,
  EXTRA_SEG,
  STACK_SEG,
  STACK_TOP,
  haltedInStub,
  interruptFrame,
  peek16,
  poke,
  poke16,
  rig,
  runToHalt,
  stackWord,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7; // prettier-ignore
const NEW_MODELS = ["80186", "80286"] as const;

function run(code: number[], init: (r: Rig) => void = () => {}, model: CpuModel = "80186"): Rig {
  const r = rig(model, [...code, 0xf4]);
  init(r);
  runToHalt(r.cpu);
  return r;
}

test("PUSHA pushes AX CX DX BX SP(original) BP SI DI; POPA restores all but SP", () => {
  for (const model of NEW_MODELS) {
    const r = rig(model, [0x60, 0xf4]);
    [0x1111, 0x2222, 0x3333, 0x4444, STACK_TOP, 0x6666, 0x7777, 0x8888].forEach((v, i) => (r.cpu.regs[i] = v));
    runToHalt(r.cpu);
    assert.equal(r.cpu.regs[SP], STACK_TOP - 16, model);
    const pushed = Array.from({ length: 8 }, (_, i) => stackWord(r, 7 - i));
    assert.deepEqual(pushed, [0x1111, 0x2222, 0x3333, 0x4444, STACK_TOP, 0x6666, 0x7777, 0x8888], model);
    // popa with a scribbled stored SP and cleared registers
    poke16(r.memory, STACK_SEG, STACK_TOP - 16 + 6, 0xdead);
    r.cpu.regs.fill(0);
    r.cpu.regs[SP] = STACK_TOP - 16;
    poke(r.memory, CODE_SEG, CODE_OFF + 2, [0x61, 0xf4]);
    r.cpu.halted = false;
    runToHalt(r.cpu);
    assert.deepEqual(
      Array.from(r.cpu.regs),
      [0x1111, 0x2222, 0x3333, 0x4444, STACK_TOP, 0x6666, 0x7777, 0x8888],
      model,
    );
  }
});

test("BOUND passes inside the signed bounds and raises INT 5, returning to the BOUND, outside them", () => {
  for (const model of NEW_MODELS) {
    for (const [index, inside] of [
      [5, true],
      [-10, true],
      [10, true],
      [11, false],
      [-11, false],
      [0x8000, false],
    ] as const) {
      // prettier-ignore
      // nop; bound ax,[bx] with DS:BX = (-10, 10)
      const r = run([0x90, 0x62, 0x07], (r) => {
        r.cpu.regs[AX] = index & 0xffff;
        r.cpu.regs[BX] = 0x50;
        poke16(r.memory, DATA_SEG, 0x50, -10 & 0xffff);
        poke16(r.memory, DATA_SEG, 0x52, 10);
      }, model); // prettier-ignore
      assert.equal(haltedInStub(r.cpu), inside ? -1 : 5, `${model} ${index}`);
      if (!inside) assert.equal(interruptFrame(r).ip, CODE_OFF + 1, `${model} ${index}`);
    }
  }
});

test("ENTER at nesting levels 0, 1 and 2 builds the frame; LEAVE undoes it", () => {
  for (const model of NEW_MODELS) {
    // enter 4,0
    let r = run([0xc8, 0x04, 0x00, 0x00], (r) => (r.cpu.regs[BP] = 0x2000), model);
    assert.deepEqual([r.cpu.regs[BP], r.cpu.regs[SP]], [STACK_TOP - 2, STACK_TOP - 6], model);
    assert.equal(peek16(r.memory, STACK_SEG, STACK_TOP - 2), 0x2000);
    // enter 4,1: pushes BP, then the new frame pointer
    r = run([0xc8, 0x04, 0x00, 0x01], (r) => (r.cpu.regs[BP] = 0x2000), model);
    assert.deepEqual([r.cpu.regs[BP], r.cpu.regs[SP]], [STACK_TOP - 2, STACK_TOP - 8], model);
    assert.equal(stackWord(r, 2), STACK_TOP - 2, model);
    // enter 4,2 with BP = 1200h and the enclosing frame's display entry at SS:11FEh = 0AAAAh
    r = run([0xc8, 0x04, 0x00, 0x02], (r) => {
      r.cpu.regs[BP] = 0x1200;
      poke16(r.memory, STACK_SEG, 0x11fe, 0xaaaa);
    }, model); // prettier-ignore
    assert.deepEqual([r.cpu.regs[BP], r.cpu.regs[SP]], [STACK_TOP - 2, STACK_TOP - 10], model);
    assert.deepEqual([stackWord(r, 2), stackWord(r, 3), stackWord(r, 4)], [STACK_TOP - 2, 0xaaaa, 0x1200], model);
    // … then leave restores SP and BP
    r = run([0xc8, 0x04, 0x00, 0x02, 0xc9], (r) => (r.cpu.regs[BP] = 0x1200), model);
    assert.deepEqual([r.cpu.regs[BP], r.cpu.regs[SP]], [0x1200, STACK_TOP], model);
    // the level is taken mod 32: enter 0,33 ≡ enter 0,1
    r = run([0xc8, 0x00, 0x00, 0x21], (r) => (r.cpu.regs[BP] = 0x2000), model);
    assert.equal(r.cpu.regs[SP], STACK_TOP - 4, model);
  }
});

test("IMUL Gv,Ev,Iv and Gv,Ev,Ib: the low word, with CF = OF = it did not fit", () => {
  for (const model of NEW_MODELS) {
    // imul ax,bx,1000 with BX = 100 → 100000 = 186A0h
    let { cpu } = run([0x69, 0xc3, 0xe8, 0x03], (r) => (r.cpu.regs[BX] = 100), model);
    assert.equal(cpu.regs[AX], 0x86a0, model);
    assert.equal(cpu.getFlags() & (CF | OF), CF | OF, model);
    // imul cx,bx,-2 (byte sign-extended) with BX = 3
    ({ cpu } = run([0x6b, 0xcb, 0xfe], (r) => (r.cpu.regs[BX] = 3), model));
    assert.equal(cpu.regs[CX], 0xfffa, model);
    assert.equal(cpu.getFlags() & (CF | OF), 0, model);
    // imul dx,[bx],5 with DS:BX = 7; DX is the destination, AX untouched
    ({ cpu } = run([0x6b, 0x17, 0x05], (r) => {
      r.cpu.regs[BX] = 0x60;
      r.cpu.regs[AX] = 0x9999;
      poke16(r.memory, DATA_SEG, 0x60, 7);
    }, model)); // prettier-ignore
    assert.deepEqual([cpu.regs[DX], cpu.regs[AX]], [35, 0x9999], model);
  }
});

test("PUSH Iv and PUSH Ib (sign-extended)", () => {
  for (const model of NEW_MODELS) {
    const r = run([0x68, 0x34, 0x12, 0x6a, 0xff, 0x6a, 0x7f], () => {}, model);
    assert.deepEqual([stackWord(r, 2), stackWord(r, 1), stackWord(r, 0)], [0x1234, 0xffff, 0x007f], model);
  }
});

test("REP INSB reads a port handler into ES:DI; REP OUTSW writes DS:SI as byte pairs", () => {
  for (const model of NEW_MODELS) {
    let next = 0x30;
    const written: number[] = [];
    // mov dx,300h; mov cx,4; rep insb; mov dx,310h; mov cx,2; rep outsw
    const r = rig(model, [0xba, 0x00, 0x03, 0xb9, 0x04, 0x00, 0xf3, 0x6c, 0xba, 0x10, 0x03, 0xb9, 0x02, 0x00]);
    poke(r.memory, CODE_SEG, CODE_OFF + 14, [0xf3, 0x6f, 0xf4]);
    r.io.register({ port: 0x300, name: "counter", read: () => next++ });
    r.io.register({ port: 0x310, name: "sink low", write: (_, v) => written.push(v) });
    r.io.register({ port: 0x311, name: "sink high", write: (_, v) => written.push(v << 8) });
    r.cpu.regs[DI] = 0x40;
    r.cpu.regs[SI] = 0x50;
    poke(r.memory, DATA_SEG, 0x50, [0x01, 0x02, 0x03, 0x04]);
    runToHalt(r.cpu);
    assert.deepEqual(
      Array.from(r.memory.bytes.subarray(EXTRA_SEG * 16 + 0x40, EXTRA_SEG * 16 + 0x45)),
      [0x30, 0x31, 0x32, 0x33, 0],
    );
    assert.deepEqual(written, [0x01, 0x0200, 0x03, 0x0400], model);
    assert.deepEqual([r.cpu.regs[DI], r.cpu.regs[SI], r.cpu.regs[CX]], [0x44, 0x54, 0], model);
  }
});

test("invalid opcodes raise INT 6 returning to the first byte of the instruction, prefixes included", () => {
  const cases: [string, number[], readonly CpuModel[]][] = [
    ["0Fh on the 80186", [0x0f], ["80186"]],
    ["63h", [0x63], NEW_MODELS],
    ["64h", [0x64, 0x00], NEW_MODELS],
    ["67h", [0x67], NEW_MODELS],
    ["cs: 63h", [0x2e, 0x63], NEW_MODELS],
    ["FEh /7", [0xfe, 0xf8], NEW_MODELS],
    ["FFh /7", [0xff, 0xf8], NEW_MODELS],
    // The 80286 Programmer's Reference documents #UD for these register forms and reserved reg fields.
    ["8Fh /1", [0x8f, 0xc8], ["80286"]],
    ["C6h /1", [0xc6, 0x08, 0x00], ["80286"]],
    ["LEA with a register operand", [0x8d, 0xc0], ["80286"]],
    ["BOUND with a register operand", [0x62, 0xc0], ["80286"]],
  ];
  for (const [name, code, models] of cases) {
    for (const model of models) {
      const r = run([0x90, ...code], (r) => (r.cpu.regs[BX] = 0x1234), model);
      assert.equal(haltedInStub(r.cpu), 6, `${model} ${name}`);
      const frame = interruptFrame(r);
      assert.deepEqual([frame.cs, frame.ip], [CODE_SEG, CODE_OFF + 1], `${model} ${name}`);
      assert.equal(r.cpu.regs[BX], 0x1234, `${model} ${name}`);
    }
  }
});

test("the 8086 has no invalid opcodes: 63h is JNO, FFh /7 is PUSH, 8Fh /1 is POP", () => {
  let r = run([0x63, 0x01, 0xf4], () => {}, "8086"); // jno +1 (OF clear): skips a HLT
  assert.equal(r.cpu.ip, CODE_OFF + 4);
  r = run([0xbb, 0x34, 0x12, 0xff, 0xfb], () => {}, "8086"); // mov bx,1234h; FF /7 bx
  assert.equal(stackWord(r, 0), 0x1234);
  r = run([0xbb, 0x34, 0x12, 0x53, 0x8f, 0xc9], () => {}, "8086"); // push bx; 8F /1 cx
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[SP]], [0x1234, STACK_TOP]);
});
