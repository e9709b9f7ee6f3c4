/**
 * Compiled blocks (emulator/cpu/block-compiler.ts) must be invisible: a program run with run(), which compiles its
 * hot code, ends in exactly the state that stepping it one instruction at a time (always interpreted) gives,
 * including clocks and the instruction count, through self-modifying code, faults and small run() budgets.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  CODE_SEG,
  DATA_SEG,
  STUB_SEG,
  haltedInStub,
  interruptFrame,
  linear,
  poke,
  rig,
} from "./cpu-harness.ts";

/** Runs `code` to HLT twice, with run() and with step(), and returns both final states and data areas. */
function bothWays(model: CpuModel, code: readonly number[], budget = 1_000_000) {
  const results = [true, false].map((useRun) => {
    const { cpu, memory } = rig(model, code);
    cpu.regs[6] = 0x10;
    for (let guard = 0; !cpu.halted && guard < 1_000_000; guard++) {
      if (useRun) cpu.run(budget);
      else cpu.step();
    }
    assert.ok(cpu.halted, `${model} ${useRun ? "run" : "step"} reached HLT`);
    const data = Array.from(memory.bytes.subarray(linear(DATA_SEG, 0), linear(DATA_SEG, 0x400)));
    const codeBytes = Array.from(memory.bytes.subarray(linear(CODE_SEG, CODE_OFF), linear(CODE_SEG, CODE_OFF + 32)));
    return { state: cpu.saveState(), data, codeBytes };
  });
  return { run: results[0], step: results[1] };
}

// mov cx,200; l: add ax,[bx+si+4]; mov [bx+di+6],ax; inc bx; xor dx,ax; loop l; hlt
const MEMORY_LOOP = [0xb9, 0xc8, 0x00, 0x03, 0x40, 0x04, 0x89, 0x41, 0x06, 0x43, 0x31, 0xc2, 0xe2, 0xf5, 0xf4];

test("a hot loop run through compiled blocks ends exactly as when stepped", () => {
  for (const model of ["8086", "80286"] as const) {
    const { run, step } = bothWays(model, MEMORY_LOOP);
    assert.deepEqual(run, step, model);
    assert.equal(run.state.instructionCount, 1 + 200 * 5 + 1, model);
  }
});

test("run(budget) stops where the interpreter would, even inside compiled code", () => {
  for (const budget of [1, 7, 50, 333]) {
    const { run, step } = bothWays("8086", MEMORY_LOOP, budget);
    assert.deepEqual(run, step, `budget ${budget}`);
  }
  const { cpu } = rig("8086", MEMORY_LOOP);
  const boundaries: number[] = [];
  while (!cpu.halted) {
    const before = cpu.cycles;
    cpu.run(40);
    boundaries.push(cpu.cycles - before);
  }
  // Each call stops at the first instruction boundary at or past 40 clocks: never more than one instruction over.
  assert.ok(
    boundaries.slice(0, -1).every((used) => used >= 40 && used < 40 + 20),
    `clocks per run(40): ${boundaries.join(" ")}`,
  );
});

test("code that rewrites an opcode in its own hot loop runs the new instruction", () => {
  // mov cx,300; l: inc ax; cmp cx,100; jne skip; mov byte [cs:0103h],42h (inc dx); skip: loop l; hlt
  const code = [
    0xb9, 0x2c, 0x01, 0x40, 0x83, 0xf9, 0x64, 0x75, 0x06, 0x2e, 0xc6, 0x06, 0x03, 0x01, 0x42, 0xe2, 0xf2, 0xf4,
  ];
  const { run, step } = bothWays("8086", code);
  assert.deepEqual(run, step);
  const [ax, , dx] = run.state.regs;
  assert.deepEqual([ax, dx], [201, 99]);
});

test("a fault inside compiled code is delivered at the faulting instruction, counted once", () => {
  // mov si,FF00h; l: mov ax,[si]; inc si; jmp l — on the 286 the word read at offset FFFFh raises exception 13,
  // whose vector stub halts.
  const code = [0xbe, 0x00, 0xff, 0x8b, 0x04, 0x46, 0xeb, 0xfb];
  const { run, step } = bothWays("80286", code);
  assert.deepEqual(run, step);
  assert.equal(run.state.regs[6], 0xffff);
  assert.equal(run.state.instructionCount, 1 + 3 * 0xff + 1 + 1); // + the HLT of the stub
});

test("a fault just after an arithmetic instruction pushes that instruction's flags", () => {
  // mov si,FF00h; l: inc si; cmp si,-1; mov ax,[si]; jmp l — the CMP's flags are still in the compiled block's
  // locals when the word read at offset FFFFh raises exception 13 on the 286; the FLAGS it pushes must be them
  // (ZF set, which no earlier pass through the loop leaves behind).
  const code = [0xbe, 0x00, 0xff, 0x46, 0x83, 0xfe, 0xff, 0x8b, 0x04, 0xeb, 0xf8];
  const frames = [true, false].map((useRun) => {
    const r = rig("80286", code);
    for (let guard = 0; !r.cpu.halted && guard < 100_000; guard++) {
      if (useRun) r.cpu.run(1_000_000);
      else r.cpu.step();
    }
    return { state: r.cpu.saveState(), frame: interruptFrame(r), vector: haltedInStub(r.cpu) };
  });
  assert.deepEqual(frames[0], frames[1]);
  assert.equal(frames[0].vector, 13);
  assert.equal(frames[0].frame.flags & 0x08d5, 0x0044, "ZF and PF from FFFFh - FFFFh; CF, AF, SF, OF clear");
});

test("REP MOVSW and REP STOSB straight on RAM match the same strings run byte by byte through a device", () => {
  for (const direction of [0xfc, 0xfd]) {
    // cld/std; push ds; pop es; mov si,0100h; mov di,0101h; mov cx,40; rep movsw (overlapping: repeats data);
    // mov cx,33; mov al,5Ah; rep stosb; hlt
    const code = [
      direction, 0x1e, 0x07, 0xbe, 0x00, 0x01, 0xbf, 0x01, 0x01, 0xb9, 0x28, 0x00, 0xf3, 0xa5, 0xb9, 0x21, 0x00,
      0xb0, 0x5a, 0xf3, 0xaa, 0xf4,
    ]; // prettier-ignore
    const initial = Array.from({ length: 0x1000 }, (_, i) => (i * 7 + 3) & 0xff);
    const runs = [false, true].map((throughDevice) => {
      const { cpu, memory } = rig("8086", code);
      const page = linear(DATA_SEG, 0);
      memory.bytes.set(initial, page);
      const store = Uint8Array.from(initial);
      if (throughDevice) {
        // A device page takes every access one byte at a time: the path a REP takes when memory is not plain RAM.
        memory.mapDevice(page, 0x1000, {
          name: "ram-like device",
          read8: (address) => store[address - page],
          write8: (address, value) => (store[address - page] = value),
        });
      }
      cpu.run(1_000_000);
      assert.ok(cpu.halted);
      const data = throughDevice ? Array.from(store) : Array.from(memory.bytes.subarray(page, page + 0x1000));
      return { state: cpu.saveState(), data };
    });
    assert.deepEqual(runs[0], runs[1], `direction ${direction.toString(16)}h`);
    assert.notDeepEqual(runs[0].data, initial);
  }
});

/** A small deterministic generator (a 32-bit LCG), so a failing program can be reproduced from its seed. */
function random(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % limit;
  };
}

/** The displacement bytes that follow ModR/M byte `modrm` (8086 Family User's Manual table 2-20). */
function displacement(modrm: number, next: (limit: number) => number): number[] {
  const mod = modrm >>> 6;
  if (mod === 1) return [next(256)];
  if (mod === 2 || (mod === 0 && (modrm & 7) === 6)) return [next(256), next(256)];
  return [];
}

/**
 * One random instruction of the kinds the block compiler writes inline (every template's row, in register and
 * memory forms, with segment overrides), mixed with handler-only ones that change flags in their own ways. Relative
 * jumps get displacement 0 here; program() aims some of them past the next instruction.
 */
function randomInstruction(next: (limit: number) => number): number[] {
  const modrmBytes = (op: number[], imm = 0, reg = next(8)) => {
    const modrm = (next(4) << 6) | (reg << 3) | next(8);
    const immediate = Array.from({ length: imm }, () => next(256));
    return [...op, modrm, ...displacement(modrm, next), ...immediate];
  };
  const prefix = next(6) === 0 ? [[0x26, 0x36, 0x3e][next(3)]] : [];
  switch (next(22)) {
    case 0:
    case 1:
      return [...prefix, ...modrmBytes([(next(8) << 3) | next(4)])]; // ALU E,G / G,E
    case 2:
      return next(2) ? [(next(8) << 3) | 4, next(256)] : [(next(8) << 3) | 5, next(256), next(256)];
    case 3: {
      const op = 0x80 + next(4);
      return [...prefix, ...modrmBytes([op], op === 0x81 ? 2 : 1)];
    }
    case 4:
      return [...prefix, ...modrmBytes([0x84 + next(2)])];
    case 5:
      return next(2) ? [0xa8, next(256)] : [0xa9, next(256), next(256)];
    case 6: {
      const op = 0xf6 + next(2);
      return [...prefix, ...modrmBytes([op], op === 0xf6 ? 1 : 2, next(2))]; // TEST E,I
    }
    case 7:
      return [...prefix, ...modrmBytes([0xfe + next(2)], 0, next(2))]; // INC/DEC E
    case 8:
      return [0x40 + next(16)];
    case 9:
    case 10:
      return [...prefix, ...modrmBytes([0x88 + next(4)])];
    case 11:
      return [...prefix, ...modrmBytes([0x8d])];
    case 12:
      return next(2) ? [0xb0 + next(8), next(256)] : [0xb8 + next(8), next(256), next(256)];
    case 13: {
      const op = 0xc6 + next(2);
      return [...prefix, ...modrmBytes([op], op === 0xc6 ? 1 : 2, next(4) === 0 ? next(8) : 0)];
    }
    case 14:
      return [0x50 + next(16)];
    case 15:
    case 16:
      return [0x70 + next(16), 0];
    case 17:
      return [0xe0 + next(4), 0];
    case 18:
      return [0xeb, 0];
    case 19:
      return [[0xf5, 0xf8, 0xf9, 0x98, 0x99][next(5)]]; // CMC CLC STC CBW CWD: handlers
    case 20:
      return [...prefix, ...modrmBytes([0xd0 + next(2)])]; // shifts by 1: handlers
    default:
      return [...prefix, ...modrmBytes([0xf6 + next(2)], 0, 2 + next(2))]; // NOT, NEG: handlers
  }
}

/**
 * A random loop body of `count` instructions, run as many times as a counter in the code segment's page (not
 * in the code itself), then HLT. Some relative jumps skip the next instruction: the compiler's forward skips.
 */
function program(seed: number, count: number): number[] {
  const next = random(seed);
  const body = Array.from({ length: count }, () => randomInstruction(next));
  body.forEach((insn, i) => {
    const isJump = insn.length === 2 && (insn[0] >= 0x70 ? insn[0] <= 0x7f || insn[0] >= 0xe0 : false);
    if (isJump && i + 1 < body.length && next(2) === 0) insn[1] = body[i + 1].length;
  });
  const code = body.flat();
  // dec word [cs:0080h]; jnz start; hlt
  const jnz = -(code.length + 5 + 2);
  return [...code, 0x2e, 0xff, 0x0e, 0x80, 0x00, 0x75, jnz & 0xff, 0xf4];
}

/** Runs `code` to HLT with run(budget) and with step() from the same random state; returns both outcomes. */
function bothWaysRandom(model: CpuModel, code: readonly number[], seed: number, iterations: number, budget: number) {
  const limit = 200_000;
  return [true, false].map((useRun) => {
    const { cpu, memory } = rig(model, code);
    const next = random(seed ^ 0x5a5a5a5a);
    for (let reg = 0; reg < 8; reg++) cpu.regs[reg] = next(0x10000);
    cpu.setFlags(next(0x10000) & ~0x0300); // TF and IF clear: no traps, no interrupts
    memory.bytes[linear(CODE_SEG, 0x80)] = iterations;
    for (let i = 0; i < 0x400; i++) memory.bytes[linear(DATA_SEG, i * 61)] = next(256);
    while (!cpu.halted && cpu.instructionCount < limit) {
      if (useRun) cpu.run(budget);
      else cpu.step();
    }
    return { state: cpu.saveState(), memory: memory.bytes };
  });
}

test("random mixes of every inlined form end exactly as when stepped, clock for clock", () => {
  for (const model of ["8086", "80286"] as const) {
    for (let seed = 1; seed <= 150; seed++) {
      const code = program(seed, 4 + (seed % 13));
      const budget = [1_000_000, 37, 5][seed % 3];
      const [run, step] = bothWaysRandom(model, code, seed, 40, budget);
      const context = `${model} seed ${seed}: ${code.map((b) => b.toString(16).padStart(2, "0")).join(" ")}`;
      assert.deepEqual(run.state, step.state, context);
      assert.equal(Buffer.compare(run.memory, step.memory), 0, `${context}: memory differs`);
    }
  }
});

// A loop with a forward skip over one instruction, a branch over a JMP, and a CALL to a subroutine in the page:
//   mov cx,50; l: add dx,bx; xor bx,dx; cmp dx,bx; jb below; add dx,3; jmp short parity; below: xor dx,55AAh;
//   parity: test cl,1; jz even; inc dx; even: call sub; dec cx; jnz l; hlt; sub: add [si+2],dx; adc bp,ax; ret
const STRUCTURED = [
  0xb9, 0x32, 0x00, 0x01, 0xda, 0x31, 0xd3, 0x39, 0xda, 0x72, 0x05, 0x83, 0xc2, 0x03, 0xeb, 0x04, 0x81, 0xf2, 0xaa,
  0x55, 0xf6, 0xc1, 0x01, 0x74, 0x01, 0x42, 0xe8, 0x04, 0x00, 0x49, 0x75, 0xe2, 0xf4, 0x01, 0x54, 0x02, 0x11, 0xc5,
  0xc3,
]; // prettier-ignore

test("branches that skip, jumps and calls the compiler follows, and loops inside a block match stepping", () => {
  for (const model of ["8086", "80286"] as const) {
    for (const budget of [1_000_000, 100, 23, 1]) {
      const { run, step } = bothWays(model, STRUCTURED, budget);
      assert.deepEqual(run, step, `${model} budget ${budget}`);
    }
  }
});

test("common instructions compile to inline code, and a compare and its branch share the flag locals", async () => {
  const { compileBlock } = await import("../../emulator/cpu/block-compiler.ts");
  const { buildDispatch } = await import("../../emulator/cpu/dispatch.ts");
  const compile = (code: readonly number[], offset: number) => {
    const { memory } = rig("8086", code);
    const at = linear(CODE_SEG, offset);
    const block = compileBlock(memory.bytes, buildDispatch("8086"), "8086", CODE_SEG, offset, at);
    assert.ok(block);
    return block.toString();
  };
  // From l: through the skip, the followed JMP and CALL, to the RET.
  const structured = compile(STRUCTURED, CODE_OFF + 3);
  assert.doesNotMatch(structured, /\bh\d+\(/, "no handler calls");
  assert.doesNotMatch(structured, /cond\(/, "conditions read the flag locals");
  assert.match(structured, /if \(!\(/, "JZ skips INC DX inside the block");
  assert.match(compile(MEMORY_LOOP, CODE_OFF + 3), /for \(;;\)/, "LOOP to the block start loops inside it");
});

test("an interrupt raised between run() calls inside a compiled loop arrives at the same instruction", () => {
  const results = [true, false].map((useRun) => {
    const { cpu, memory } = rig("8086", STRUCTURED);
    poke(memory, STUB_SEG, 0x20 * 4, [0x47, 0xcf]); // the INT 20h handler: inc di; iret
    cpu.setFlags(0x0200);
    cpu.interruptController = {
      acknowledge: () => {
        cpu.setIntr(false);
        return 0x20;
      },
    };
    let raised = 0;
    for (let guard = 0; !cpu.halted && guard < 100_000; guard++) {
      if (useRun) {
        cpu.run(97);
      } else {
        // What run(97) does, one instruction at a time: stop at the first boundary at or past 97 clocks.
        const end = cpu.cycles + 97;
        while (cpu.cycles < end && !cpu.halted) cpu.step();
      }
      if (Math.floor(cpu.cycles / 400) > raised) {
        raised++;
        cpu.setIntr(true);
      }
    }
    return cpu.saveState();
  });
  assert.deepEqual(results[0], results[1]);
  assert.ok(results[0].regs[7] > 10, `interrupts taken: ${results[0].regs[7]}`);
});
