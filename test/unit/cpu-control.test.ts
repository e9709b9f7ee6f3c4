/** Control flow: Jcc, LOOP family, JCXZ, JMP/CALL/RET near and far, INT/IRET, INTO, INT3. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CF, IF, OF, PF, SF, TF, ZF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  CODE_SEG,
  DATA_SEG,
  MODELS,
  STACK_TOP,
  haltedInStub,
  interruptFrame,
  poke,
  poke16,
  rig,
  runToHalt,
  setVector,
  stackWord,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, CX = 1, BX = 3, SP = 4; // prettier-ignore

function run(code: number[], init: (r: Rig) => void = () => {}, model: CpuModel = "8086"): Rig {
  const r = rig(model, [...code, 0xf4]);
  init(r);
  runToHalt(r.cpu);
  return r;
}

/** Intel's definition of each condition code (8086 Family User's Manual, table 2-15), written out separately. */
function conditionHolds(cc: number, flags: number): boolean {
  const cf = (flags & CF) !== 0, zf = (flags & ZF) !== 0, sf = (flags & SF) !== 0; // prettier-ignore
  const of = (flags & OF) !== 0, pf = (flags & PF) !== 0; // prettier-ignore
  const table = [of, !of, cf, !cf, zf, !zf, cf || zf, !cf && !zf, sf, !sf, pf, !pf, sf !== of, sf === of];
  table.push(zf || sf !== of, !zf && sf === of);
  return table[cc];
}

/** Runs `Jcc +1; hlt; hlt` under every combination of the five condition flags; checks where it stopped. */
function sweepConditions(model: CpuModel, base: number): void {
  const r = rig(model);
  const bits = [CF, PF, ZF, SF, OF];
  for (let cc = 0; cc < 16; cc++) {
    poke(r.memory, CODE_SEG, CODE_OFF, [base + cc, 0x01, 0xf4, 0xf4]);
    for (let combo = 0; combo < 32; combo++) {
      const flags = bits.reduce((acc, bit, i) => (combo & (1 << i) ? acc | bit : acc), 0);
      r.cpu.ip = CODE_OFF;
      r.cpu.halted = false;
      r.cpu.setFlags(flags);
      runToHalt(r.cpu, 3);
      const taken = r.cpu.ip === CODE_OFF + 4;
      assert.equal(
        taken,
        conditionHolds(cc, flags),
        `${model} ${(base + cc).toString(16)}h flags ${flags.toString(16)}`,
      );
    }
  }
}

test("Jcc: all 16 conditions under all 32 combinations of CF PF ZF SF OF", () => {
  for (const model of MODELS) sweepConditions(model, 0x70);
});

test("the 8086 decodes 60h–6Fh as the conditional jumps 70h–7Fh", () => {
  sweepConditions("8086", 0x60);
  sweepConditions("8088", 0x60);
});

test("Jcc reads the lazily kept flags of a CMP: unsigned and signed comparisons differ", () => {
  // mov ax,1; mov bx,0FFFFh; cmp ax,bx; jb +2; mov cl,1; jg +2; mov ch,1
  const { cpu } = run([0xb8, 0x01, 0x00, 0xbb, 0xff, 0xff, 0x39, 0xd8, 0x72, 0x02, 0xb1, 0x01, 0x7f, 0x02, 0xb5, 0x01]);
  assert.equal(cpu.regs8[2], 0, "JB: 1 is not below FFFFh unsigned, so MOV CL ran");
  assert.equal(cpu.regs8[5], 0, "JG: 1 > -1 signed, so MOV CH was skipped");
});

test("Jcc and JMP short jump backwards and wrap IP within the segment", () => {
  // an endless loop, so step it: three passes of nop + jmp end back at the nop
  const r = rig("8086", [0x90, 0xeb, 0xfd]); // nop; jmp short to the nop
  for (let i = 0; i < 6; i++) r.cpu.step();
  assert.equal(r.cpu.ip, CODE_OFF);
  const w = rig("8086", [0xe9, 0x00, 0x00]); // jmp near +0 placed at FFFEh wraps to 0001h
  w.cpu.ip = 0xfffe;
  poke(w.memory, CODE_SEG, 0xfffe, [0xe9, 0x00, 0x00]);
  w.cpu.step();
  assert.equal(w.cpu.ip, 0x0001);
});

test("LOOP counts CX down without touching flags; CX = 0 means 65536 iterations", () => {
  // mov cx,3; xor ax,ax; L: inc ax; loop L
  let { cpu } = run([0xb9, 0x03, 0x00, 0x31, 0xc0, 0x40, 0xe2, 0xfd]);
  assert.deepEqual([cpu.regs[AX], cpu.regs[CX]], [3, 0]);
  assert.equal(cpu.getFlags() & ZF, 0, "the INC of 2→3 left ZF clear; LOOP reaching CX=0 did not set it");
  // mov cx,0; L: inc bx; loop L
  ({ cpu } = rig("8086", [0xb9, 0x00, 0x00, 0x43, 0xe2, 0xfd, 0xf4]));
  runToHalt(cpu, 200_000);
  assert.equal(cpu.instructionCount, 1 + 2 * 65536 + 1);
  assert.equal(cpu.regs[BX], 0);
});

test("LOOPE and LOOPNE also stop on ZF", () => {
  // mov cx,5; xor ax,ax; L: inc ax; cmp ax,3; loope L → leaves after the first pass (ZF clear)
  let { cpu } = run([0xb9, 0x05, 0x00, 0x31, 0xc0, 0x40, 0x3d, 0x03, 0x00, 0xe1, 0xfa]);
  assert.deepEqual([cpu.regs[AX], cpu.regs[CX]], [1, 4]);
  // … loopne L → runs until AX = 3 (ZF set)
  ({ cpu } = run([0xb9, 0x05, 0x00, 0x31, 0xc0, 0x40, 0x3d, 0x03, 0x00, 0xe0, 0xfa]));
  assert.deepEqual([cpu.regs[AX], cpu.regs[CX]], [3, 2]);
  // … loopne with a limit reached first: cmp ax,9 never equal, CX runs out
  ({ cpu } = run([0xb9, 0x05, 0x00, 0x31, 0xc0, 0x40, 0x3d, 0x09, 0x00, 0xe0, 0xfa]));
  assert.deepEqual([cpu.regs[AX], cpu.regs[CX]], [5, 0]);
});

test("JCXZ jumps only when CX = 0, without changing CX", () => {
  for (const cx of [0, 1, 0xffff]) {
    const { cpu } = run([0xe3, 0x01, 0xf4], (r) => (r.cpu.regs[CX] = cx)); // jcxz +1; hlt; hlt
    assert.equal(cpu.ip, CODE_OFF + (cx === 0 ? 4 : 3), `cx=${cx}`);
    assert.equal(cpu.regs[CX], cx);
  }
});

test("near CALL pushes the return address; RET imm16 also releases the arguments", () => {
  // mov bx,1111h; push bx; push bx; call sub; hlt; sub: mov ax,1234h; ret 4
  const r = rig("8086", [0xbb, 0x11, 0x11, 0x53, 0x53, 0xe8, 0x01, 0x00, 0xf4, 0xb8, 0x34, 0x12, 0xc2, 0x04, 0x00]);
  for (let i = 0; i < 4; i++) r.cpu.step();
  assert.equal(r.cpu.ip, CODE_OFF + 9);
  assert.deepEqual([stackWord(r, 0), stackWord(r, 1)], [CODE_OFF + 8, 0x1111]);
  runToHalt(r.cpu);
  assert.deepEqual([r.cpu.ip, r.cpu.regs[AX], r.cpu.regs[SP]], [CODE_OFF + 9, 0x1234, STACK_TOP]);
});

test("far CALL pushes CS and IP; RETF imm16 returns and releases", () => {
  // push bx; call 5000:0000; hlt — at 5000:0000: mov ax,cs; retf 2
  const r = rig("8086", [0x53, 0x9a, 0x00, 0x00, 0x00, 0x50, 0xf4]);
  poke(r.memory, 0x5000, 0, [0x8c, 0xc8, 0xca, 0x02, 0x00]);
  r.cpu.step();
  r.cpu.step();
  assert.deepEqual([r.cpu.sregs[1], r.cpu.ip], [0x5000, 0]);
  assert.deepEqual([stackWord(r, 0), stackWord(r, 1)], [CODE_OFF + 6, CODE_SEG]);
  runToHalt(r.cpu);
  assert.deepEqual(
    [r.cpu.sregs[1], r.cpu.ip, r.cpu.regs[AX], r.cpu.regs[SP]],
    [CODE_SEG, CODE_OFF + 7, 0x5000, STACK_TOP],
  );
});

test("on the 8086 C8h and C9h are RETF imm16 and RETF", () => {
  for (const [op, release] of [
    [0xc8, 4],
    [0xc9, 0],
  ] as const) {
    // prettier-ignore
    // call far 5000:0000; hlt — at 5000:0000: C8 04 00 or C9
    const r = rig("8086", [0x9a, 0x00, 0x00, 0x00, 0x50, 0xf4]);
    poke(r.memory, 0x5000, 0, [op, 0x04, 0x00]);
    runToHalt(r.cpu);
    assert.deepEqual([r.cpu.sregs[1], r.cpu.ip, r.cpu.regs[SP]], [CODE_SEG, CODE_OFF + 6, STACK_TOP + release]);
  }
});

test("indirect and far jumps and calls: JMP/CALL reg, [mem], far [mem], JMP ptr16:16", () => {
  // mov bx,0110h; call bx → CODE_OFF+10h: hlt
  let r = run([0xbb, 0x10 + CODE_OFF, 0x00 + (CODE_OFF >> 8), 0xff, 0xd3], (r) =>
    poke(r.memory, CODE_SEG, CODE_OFF + 0x10, [0xf4]),
  );
  assert.equal(r.cpu.ip, CODE_OFF + 0x11);
  assert.equal(stackWord(r, 0), CODE_OFF + 5);
  // mov bx,40h; call far [bx] with DS:40h = 6000:0020 → hlt there
  r = run([0xbb, 0x40, 0x00, 0xff, 0x1f], (r) => {
    poke16(r.memory, DATA_SEG, 0x40, 0x0020);
    poke16(r.memory, DATA_SEG, 0x42, 0x6000);
    poke(r.memory, 0x6000, 0x20, [0xf4]);
  });
  assert.deepEqual([r.cpu.sregs[1], r.cpu.ip], [0x6000, 0x21]);
  assert.deepEqual([stackWord(r, 0), stackWord(r, 1)], [CODE_OFF + 5, CODE_SEG]);
  // mov bx,40h; jmp far [bx]
  r = run([0xbb, 0x40, 0x00, 0xff, 0x2f], (r) => {
    poke16(r.memory, DATA_SEG, 0x40, 0x0030);
    poke16(r.memory, DATA_SEG, 0x42, 0x6000);
    poke(r.memory, 0x6000, 0x30, [0xf4]);
  });
  assert.deepEqual([r.cpu.sregs[1], r.cpu.ip, r.cpu.regs[SP]], [0x6000, 0x31, STACK_TOP]);
  // jmp word [0040h] (FF 26) → CODE_OFF+20h
  r = run([0xff, 0x26, 0x40, 0x00], (r) => {
    poke16(r.memory, DATA_SEG, 0x40, CODE_OFF + 0x20);
    poke(r.memory, CODE_SEG, CODE_OFF + 0x20, [0xf4]);
  });
  assert.equal(r.cpu.ip, CODE_OFF + 0x21);
  // jmp 7000:0005
  r = run([0xea, 0x05, 0x00, 0x00, 0x70], (r) => poke(r.memory, 0x7000, 5, [0xf4]));
  assert.deepEqual([r.cpu.sregs[1], r.cpu.ip], [0x7000, 6]);
});

test("INT n / IRET round trip through the vector table: IF and TF clear inside, FLAGS restored after", () => {
  for (const model of MODELS) {
    // sti; stc; int 21h; hlt — handler at 5000:0000: pushf; pop bx; mov ax,0ABCDh; iret
    const r = rig(model, [0xfb, 0xf9, 0xcd, 0x21, 0xf4]);
    setVector(r.memory, 0x21, 0x5000, 0);
    poke(r.memory, 0x5000, 0, [0x9c, 0x5b, 0xb8, 0xcd, 0xab, 0xcf]);
    r.cpu.step();
    r.cpu.step();
    r.cpu.step(); // INT 21h (the handler's first instruction may run in the same step)
    assert.equal(r.cpu.sregs[1], 0x5000, model);
    runToHalt(r.cpu);
    assert.equal(r.cpu.regs[BX] & (IF | TF), 0, `${model}: IF, TF clear in the handler`);
    assert.equal(r.cpu.regs[AX], 0xabcd, model);
    assert.deepEqual([r.cpu.sregs[1], r.cpu.ip, r.cpu.regs[SP]], [CODE_SEG, CODE_OFF + 5, STACK_TOP], model);
    assert.equal(r.cpu.getFlags() & (IF | CF), IF | CF, model);
  }
});

test("the INT frame holds FLAGS, CS and the IP after the INT", () => {
  const r = run([0xf9, 0xcd, 0x40]); // stc; int 40h → its HLT stub
  assert.equal(haltedInStub(r.cpu), 0x40);
  const frame = interruptFrame(r);
  assert.deepEqual([frame.ip, frame.cs], [CODE_OFF + 3, CODE_SEG]);
  assert.equal(frame.flags, 0xf002 | CF);
  assert.equal(r.cpu.regs[SP], STACK_TOP - 6);
});

test("INTO raises INT 4 only when OF is set; INT3 (CCh) raises INT 3", () => {
  let r = run([0xb0, 0x7f, 0x04, 0x01, 0xce]); // mov al,7Fh; add al,1 (OF, lazily); into
  assert.equal(haltedInStub(r.cpu), 4);
  assert.equal(interruptFrame(r).ip, CODE_OFF + 5);
  r = run([0xb0, 0x7e, 0x04, 0x01, 0xce]); // no overflow: falls through to the HLT
  assert.equal(haltedInStub(r.cpu), -1);
  assert.equal(r.cpu.ip, CODE_OFF + 6);
  r = run([0x90, 0xcc]);
  assert.equal(haltedInStub(r.cpu), 3);
  assert.equal(interruptFrame(r).ip, CODE_OFF + 2);
});
