/** MUL, IMUL, DIV, IDIV: results, flags, divide errors and where they return to, and the 8086 REP quirk. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CF, OF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  CODE_SEG,
  DATA_SEG,
  MODELS,
  haltedInStub,
  interruptFrame,
  poke16,
  rig,
  runToHalt,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, CX = 1, DX = 2, BX = 3; // prettier-ignore

/** Runs `code` + HLT with the given registers; returns the rig (halted at the HLT or in an exception stub). */
function run(code: number[], regs: Partial<Record<number, number>>, model: CpuModel = "8086"): Rig {
  const r = rig(model, [...code, 0xf4]);
  for (const [reg, value] of Object.entries(regs)) r.cpu.regs[Number(reg)] = value!;
  runToHalt(r.cpu);
  return r;
}

test("MUL byte and word: CF = OF = the upper half is non-zero", () => {
  let { cpu } = run([0xf6, 0xe3], { [AX]: 0x03, [BX]: 0x04 }); // mul bl
  assert.equal(cpu.regs[AX], 12);
  assert.equal(cpu.getFlags() & (CF | OF), 0);
  ({ cpu } = run([0xf6, 0xe3], { [AX]: 0xff80, [BX]: 0x02 })); // AH is replaced
  assert.equal(cpu.regs[AX], 0x0100);
  assert.equal(cpu.getFlags() & (CF | OF), CF | OF);
  ({ cpu } = run([0xf7, 0xe3], { [AX]: 0x1234, [BX]: 0x0100, [DX]: 0xffff })); // mul bx
  assert.deepEqual([cpu.regs[DX], cpu.regs[AX]], [0x0012, 0x3400]);
  assert.equal(cpu.getFlags() & (CF | OF), CF | OF);
  ({ cpu } = run([0xf7, 0xe3], { [AX]: 0xffff, [BX]: 0xffff }));
  assert.deepEqual([cpu.regs[DX], cpu.regs[AX]], [0xfffe, 0x0001]);
});

test("IMUL byte and word are signed; CF = OF = the product does not fit the lower half", () => {
  let { cpu } = run([0xf6, 0xeb], { [AX]: 0x00fe, [BX]: 0x03 }); // imul bl: -2 × 3
  assert.equal(cpu.regs[AX], 0xfffa);
  assert.equal(cpu.getFlags() & (CF | OF), 0);
  ({ cpu } = run([0xf6, 0xeb], { [AX]: 0x0080, [BX]: 0xff })); // -128 × -1 = 128
  assert.equal(cpu.regs[AX], 0x0080);
  assert.equal(cpu.getFlags() & (CF | OF), CF | OF);
  ({ cpu } = run([0xf7, 0xeb], { [AX]: 0xffff, [BX]: 0xffff })); // imul bx: -1 × -1
  assert.deepEqual([cpu.regs[DX], cpu.regs[AX]], [0, 1]);
  assert.equal(cpu.getFlags() & (CF | OF), 0);
  ({ cpu } = run([0xf7, 0xeb], { [AX]: 0x4000, [BX]: 0x0004 }));
  assert.deepEqual([cpu.regs[DX], cpu.regs[AX]], [1, 0]);
  assert.equal(cpu.getFlags() & (CF | OF), CF | OF);
  ({ cpu } = run([0xf7, 0xeb], { [AX]: 0x8000, [BX]: 0x0002 })); // -32768 × 2 = -65536
  assert.deepEqual([cpu.regs[DX], cpu.regs[AX]], [0xffff, 0x0000]);
});

test("DIV and IDIV results and remainders", () => {
  let { cpu } = run([0xf6, 0xf3], { [AX]: 1000, [BX]: 7 }); // div bl
  assert.deepEqual([cpu.regs8[0], cpu.regs8[1]], [142, 6]);
  ({ cpu } = run([0xf7, 0xf3], { [DX]: 1, [AX]: 0, [BX]: 3 })); // div bx: 10000h / 3
  assert.deepEqual([cpu.regs[AX], cpu.regs[DX]], [0x5555, 1]);
  ({ cpu } = run([0xf6, 0xfb], { [AX]: 0xfff9, [BX]: 2 })); // idiv bl: -7 / 2 = -3 rem -1
  assert.deepEqual([cpu.regs8[0], cpu.regs8[1]], [0xfd, 0xff]);
  ({ cpu } = run([0xf6, 0xfb], { [AX]: 7, [BX]: 0xfe })); // 7 / -2 = -3 rem 1
  assert.deepEqual([cpu.regs8[0], cpu.regs8[1]], [0xfd, 0x01]);
  ({ cpu } = run([0xf7, 0xfb], { [DX]: 0xfffe, [AX]: 0x7960, [BX]: 7 })); // idiv bx: -100000 / 7
  assert.deepEqual([cpu.regs[AX], cpu.regs[DX]], [(-14285 & 0xffff), (-5 & 0xffff)]); // prettier-ignore
});

test("divide by zero and quotient overflow raise INT 0", () => {
  for (const model of MODELS) {
    const cases: [string, number[], Partial<Record<number, number>>][] = [
      ["div bl by 0", [0xf6, 0xf3], { [AX]: 5, [BX]: 0 }],
      ["div bl overflow", [0xf6, 0xf3], { [AX]: 0x1000, [BX]: 0x10 }],
      ["div bx overflow", [0xf7, 0xf3], { [DX]: 2, [AX]: 0, [BX]: 2 }],
      ["idiv bl +128", [0xf6, 0xfb], { [AX]: 0x0100, [BX]: 2 }],
      ["idiv bx by 0", [0xf7, 0xfb], { [DX]: 0, [AX]: 1, [BX]: 0 }],
    ];
    for (const [name, code, regs] of cases) {
      const { cpu } = run(code, regs, model);
      assert.equal(haltedInStub(cpu), 0, `${model} ${name}`);
      assert.equal(cpu.regs[AX], regs[AX], `${model} ${name}: AX unchanged`);
    }
  }
});

test("the most negative quotient is a divide error on the 8086 but allowed on the 80186/286", () => {
  for (const model of MODELS) {
    const allowed = model === "80186" || model === "80286";
    let { cpu } = run([0xf6, 0xfb], { [AX]: 0xff00, [BX]: 2 }, model); // -256 / 2 = -128
    assert.equal(haltedInStub(cpu), allowed ? -1 : 0, model);
    if (allowed) assert.deepEqual([cpu.regs8[0], cpu.regs8[1]], [0x80, 0], model);
    ({ cpu } = run([0xf7, 0xfb], { [DX]: 0xffff, [AX]: 0x0000, [BX]: 2 }, model)); // -65536 / 2 = -32768
    assert.equal(haltedInStub(cpu), allowed ? -1 : 0, model);
    if (allowed) assert.deepEqual([cpu.regs[AX], cpu.regs[DX]], [0x8000, 0], model);
  }
});

test("divide error return address: past the DIV on the 8086, at its first prefix on the 80186/286", () => {
  // nop; cs: div word [bx+10h] (2E F7 77 10), with CS:BX+10h = 0
  for (const model of MODELS) {
    const r = run([0x90, 0x2e, 0xf7, 0x77, 0x10], { [AX]: 1, [BX]: 0x0200 }, model);
    assert.equal(haltedInStub(r.cpu), 0, model);
    const frame = interruptFrame(r);
    const faults = model === "80186" || model === "80286";
    assert.equal(frame.ip, CODE_OFF + (faults ? 1 : 5), model);
    assert.equal(frame.cs, CODE_SEG, model);
    assert.equal(r.cpu.regs[4], 0x1000 - 6, model);
  }
});

test("8086 quirk: a REP prefix negates the MUL/IMUL product and the IDIV quotient; not on the 80186/286", () => {
  for (const model of MODELS) {
    const quirk = model === "8086" || model === "8088";
    let { cpu } = run([0xf3, 0xf6, 0xe3], { [AX]: 3, [BX]: 4 }, model); // rep mul bl
    assert.equal(cpu.regs[AX], quirk ? 0xfff4 : 0x000c, `${model} mul`);
    ({ cpu } = run([0xf3, 0xf6, 0xeb], { [AX]: 3, [BX]: 4 }, model)); // rep imul bl
    assert.equal(cpu.regs[AX], quirk ? 0xfff4 : 0x000c, `${model} imul`);
    ({ cpu } = run([0xf3, 0xf6, 0xfb], { [AX]: 13, [BX]: 4 }, model)); // rep idiv bl: 13/4 = 3 rem 1
    assert.deepEqual([cpu.regs8[0], cpu.regs8[1]], [quirk ? 0xfd : 0x03, 1], `${model} idiv`);
    ({ cpu } = run([0xf3, 0xf6, 0xf3], { [AX]: 13, [BX]: 4 }, model)); // rep div bl is unaffected
    assert.deepEqual([cpu.regs8[0], cpu.regs8[1]], [3, 1], `${model} div`);
  }
});

test("MUL with a memory operand uses the ModR/M address", () => {
  const r = rig("8086", [0xf7, 0x27, 0xf4]); // mul word [bx]
  r.cpu.regs[AX] = 300;
  r.cpu.regs[BX] = 0x10;
  r.cpu.regs[CX] = 0;
  poke16(r.memory, DATA_SEG, 0x10, 1000);
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.regs[DX], r.cpu.regs[AX]], [0x0004, 0x93e0]); // 300000 = 493E0h
});
