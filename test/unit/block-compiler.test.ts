/**
 * Compiled blocks (emulator/cpu/block-compiler.ts) must be invisible: a program run with run(), which compiles its
 * hot code, ends in exactly the state that stepping it one instruction at a time (always interpreted) gives,
 * including clocks and the instruction count, through self-modifying code, faults and small run() budgets.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import { CODE_OFF, CODE_SEG, DATA_SEG, linear, rig } from "./cpu-harness.ts";

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
