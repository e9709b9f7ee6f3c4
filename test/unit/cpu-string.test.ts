/** String instructions with REP/REPE/REPNE, DF, a segment override on the source, and CX = 0. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CF, ZF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_SEG,
  DATA_SEG,
  EXTRA_SEG,
  MODELS,
  peek16,
  poke,
  poke16,
  rig,
  runToHalt,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, CX = 1, SI = 6, DI = 7; // prettier-ignore

function bytes(r: Rig, seg: number, off: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => r.memory.bytes[(seg << 4) + off + i]);
}

/** `code` + HLT with SI=10h, DI=20h and the given registers and flags. */
function run(code: number[], regs: Partial<Record<number, number>> = {}, flags = 0, model: CpuModel = "8086") {
  const r = rig(model, [...code, 0xf4]);
  r.cpu.regs[SI] = 0x10;
  r.cpu.regs[DI] = 0x20;
  for (const [reg, value] of Object.entries(regs)) r.cpu.regs[Number(reg)] = value!;
  r.cpu.setFlags(flags);
  poke(r.memory, DATA_SEG, 0x10, [0x41, 0x42, 0x43, 0x44, 0x45]); // "ABCDE" at DS:10h
  poke(r.memory, EXTRA_SEG, 0x20, [0x41, 0x42, 0x58, 0x44, 0x45]); // "ABXDE" at ES:20h
  return r;
}

test("REP MOVSB copies CX bytes from DS:SI to ES:DI and leaves CX = 0", () => {
  for (const model of MODELS) {
    const r = run([0xf3, 0xa4], { [CX]: 5 }, 0, model);
    runToHalt(r.cpu);
    assert.deepEqual(bytes(r, EXTRA_SEG, 0x20, 6), [0x41, 0x42, 0x43, 0x44, 0x45, 0], model);
    assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[SI], r.cpu.regs[DI]], [0, 0x15, 0x25], model);
  }
});

test("REP with CX = 0 does nothing at all", () => {
  const r = run([0xf3, 0xa4], { [CX]: 0 });
  runToHalt(r.cpu);
  assert.deepEqual(bytes(r, EXTRA_SEG, 0x20, 3), [0x41, 0x42, 0x58]);
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[SI], r.cpu.regs[DI]], [0, 0x10, 0x20]);
  // repe cmpsb with CX = 0 leaves the flags alone: stc first
  const c = run([0xf9, 0xf3, 0xa6], { [CX]: 0 });
  runToHalt(c.cpu);
  assert.equal(c.cpu.getFlags() & (CF | ZF), CF);
});

test("without a prefix a string instruction runs once and leaves CX alone", () => {
  const r = run([0xa5], { [CX]: 7 }); // movsw
  runToHalt(r.cpu);
  assert.deepEqual(bytes(r, EXTRA_SEG, 0x20, 3), [0x41, 0x42, 0x58]);
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[SI], r.cpu.regs[DI]], [7, 0x12, 0x22]);
});

test("DF = 1 walks down: STD; REP MOVSW copies backwards by words", () => {
  // std; rep movsw with SI/DI at the last word
  const r = run([0xfd, 0xf3, 0xa5], { [CX]: 2, [SI]: 0x12, [DI]: 0x22 });
  runToHalt(r.cpu);
  assert.deepEqual(bytes(r, EXTRA_SEG, 0x20, 4), [0x41, 0x42, 0x43, 0x44]);
  assert.deepEqual([r.cpu.regs[SI], r.cpu.regs[DI]], [0x0e, 0x1e]);
});

test("a segment override changes the source segment only; the destination stays ES:DI", () => {
  // cs: movsb — reads CS:SI, writes ES:DI
  const r = run([0x2e, 0xa4]);
  poke(r.memory, CODE_SEG, 0x10, [0x77]);
  poke(r.memory, CODE_SEG, 0x20, [0x00]);
  runToHalt(r.cpu);
  assert.equal(r.memory.bytes[(EXTRA_SEG << 4) + 0x20], 0x77);
  assert.equal(r.memory.bytes[(CODE_SEG << 4) + 0x20], 0x00);
  // es: lodsb reads ES:SI
  const l = run([0x26, 0xac]);
  poke(l.memory, EXTRA_SEG, 0x10, [0x99]);
  runToHalt(l.cpu);
  assert.equal(l.cpu.regs8[0], 0x99);
  // ss: with rep cmpsb compares SS:SI against ES:DI
  const c = run([0x36, 0xf3, 0xa6], { [CX]: 3 });
  poke(c.memory, 0x2000, 0x10, [0x41, 0x42, 0x58]);
  runToHalt(c.cpu);
  assert.equal(c.cpu.regs[CX], 0);
  assert.equal(c.cpu.getFlags() & ZF, ZF);
});

test("REPE CMPSB stops after the first mismatch with CX, SI and DI past it", () => {
  const r = run([0xf3, 0xa6], { [CX]: 5 });
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[SI], r.cpu.regs[DI]], [2, 0x13, 0x23]);
  // 'C' - 'X' borrows: CF set, ZF clear
  assert.equal(r.cpu.getFlags() & (CF | ZF), CF);
});

test("REPNE SCASB finds a byte; not finding it runs CX down to 0 with ZF clear", () => {
  let r = run([0xf2, 0xae], { [CX]: 5, [AX]: 0x58 });
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[DI]], [2, 0x23]);
  assert.equal(r.cpu.getFlags() & ZF, ZF);
  r = run([0xf2, 0xae], { [CX]: 5, [AX]: 0x5a });
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[DI]], [0, 0x25]);
  assert.equal(r.cpu.getFlags() & ZF, 0);
  // repe scasb skips the leading run of a byte
  r = run([0xf3, 0xae], { [CX]: 5, [AX]: 0x41 });
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[DI]], [3, 0x22]);
});

test("REP STOSW fills words; LODSW/LODSB load and step SI", () => {
  const r = run([0xf3, 0xab], { [CX]: 3, [AX]: 0xbeef });
  runToHalt(r.cpu);
  assert.deepEqual(
    [0, 2, 4, 6].map((i) => peek16(r.memory, EXTRA_SEG, 0x20 + i)),
    [0xbeef, 0xbeef, 0xbeef, 0x0000],
  );
  assert.equal(r.cpu.regs[DI], 0x26);
  const l = run([0xad, 0xac]); // lodsw; lodsb
  runToHalt(l.cpu);
  assert.deepEqual([l.cpu.regs[AX], l.cpu.regs[SI]], [0x4243, 0x13]);
  const rl = run([0xf3, 0xac], { [CX]: 4 }); // rep lodsb: AL is the last byte
  runToHalt(rl.cpu);
  assert.equal(rl.cpu.regs8[0], 0x44);
});

test("CMPSW compares source minus destination", () => {
  const r = run([0xa7]);
  poke16(r.memory, DATA_SEG, 0x10, 0x0001);
  poke16(r.memory, EXTRA_SEG, 0x20, 0x0002);
  runToHalt(r.cpu);
  assert.equal(r.cpu.getFlags() & (CF | ZF), CF);
});

test("DI wraps within the segment", () => {
  const r = run([0xf3, 0xaa], { [CX]: 2, [DI]: 0xffff, [AX]: 0x66 }); // rep stosb
  runToHalt(r.cpu);
  assert.deepEqual([r.memory.bytes[(EXTRA_SEG << 4) + 0xffff], r.memory.bytes[EXTRA_SEG << 4]], [0x66, 0x66]);
  assert.equal(r.memory.bytes[(EXTRA_SEG << 4) + 0x10000], 0);
  assert.equal(r.cpu.regs[DI], 1);
});

test("an interruptible REP stops where run()'s budget ends and carries on to the same result as a whole one", () => {
  // es: rep movsw / rep stosb / std; repne scasb — the plain-memory paths and the iteration loop, up and down.
  const programs: [string, number[], Partial<Record<number, number>>, number][] = [
    ["seg + rep movsw", [0x26, 0xf3, 0xa5], { [CX]: 300 }, 0],
    ["rep stosb", [0xf3, 0xaa], { [CX]: 500, [AX]: 0x5a }, 0],
    ["rep stosw down", [0xf3, 0xab], { [CX]: 200, [AX]: 0x1234, [DI]: 0x400 }, 0x400],
    ["repne scasb", [0xf2, 0xae], { [CX]: 400, [AX]: 0x99 }, 0],
  ];
  for (const [name, code, regs, flags] of programs) {
    const whole = run(code, regs, flags);
    runToHalt(whole.cpu);
    const parts = run(code, regs, flags);
    parts.cpu.interruptibleRepeats = true;
    let stops = 0;
    while (!parts.cpu.halted) {
      parts.cpu.run(150);
      if (!parts.cpu.halted && parts.cpu.ip === 0x100 && parts.cpu.regs[CX] !== regs[CX]) stops++;
    }
    assert.ok(stops > 2, `${name}: stopped part way ${stops} times, each time at its first prefix`);
    assert.deepEqual(Array.from(parts.cpu.regs), Array.from(whole.cpu.regs), name);
    assert.equal(parts.cpu.getFlags(), whole.cpu.getFlags(), name);
    assert.equal(parts.cpu.cycles, whole.cpu.cycles, `${name}: the same clocks`);
    assert.equal(parts.cpu.instructionCount, whole.cpu.instructionCount, `${name}: still one instruction`);
    assert.deepEqual(bytes(parts, EXTRA_SEG, 0, 0x800), bytes(whole, EXTRA_SEG, 0, 0x800), `${name}: memory`);
  }
});
