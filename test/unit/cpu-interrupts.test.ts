/**
 * Interrupts at instruction boundaries: INTR through an interrupt controller's acknowledge(), IF, the one-instruction
 * shadow after STI / MOV SS / POP SS, HLT, NMI, the single-step trap, and a CPU saveState/loadState round trip.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { InterruptAcknowledge } from "../../emulator/device.ts";
import type { MemoryMappedDevice } from "../../emulator/memory.ts";
import { Cpu, IF, TF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  CODE_SEG,
  MODELS,
  STACK_SEG,
  haltedInStub,
  interruptFrame,
  poke,
  rig,
  runToHalt,
  setVector,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, SI = 6; // prettier-ignore
const HANDLER_SEG = 0x5000;
const VECTOR = 0x08;

/** An interrupt controller that lowers INTR when acknowledged (as an edge-triggered 8259A with one request). */
class FakePic implements InterruptAcknowledge {
  acks = 0;
  constructor(
    private readonly cpu: Cpu,
    private readonly vector: number,
  ) {}
  acknowledge(): number {
    this.acks++;
    this.cpu.setIntr(false);
    return this.vector;
  }
}

/** A rig with INT 08h's handler at 5000:0000 — inc cx; mov dx,ax; iret — and a FakePic answering 08h. */
function withPic(model: CpuModel, code: number[]): Rig & { pic: FakePic } {
  const r = rig(model, code);
  setVector(r.memory, VECTOR, HANDLER_SEG, 0);
  poke(r.memory, HANDLER_SEG, 0, [0x41, 0x89, 0xc2, 0xcf]);
  const pic = new FakePic(r.cpu, VECTOR);
  r.cpu.interruptController = pic;
  return { ...r, pic };
}

/** One page of RAM at 60000h whose every read raises INTR: an interrupt request arriving mid-instruction. */
function intrOnRead(r: Rig): Uint8Array {
  const store = new Uint8Array(0x1000);
  const device: MemoryMappedDevice = {
    name: "intr-on-read",
    read8: (address) => {
      r.cpu.setIntr(true);
      return store[address - 0x60000];
    },
    write8: (address, value) => (store[address - 0x60000] = value),
  };
  r.memory.mapDevice(0x60000, 0x1000, device);
  return store;
}

test("INTR is ignored while IF = 0 and taken at the next boundary once IF = 1", () => {
  for (const model of MODELS) {
    // inc ax; inc ax; hlt — with IF clear the request stays pending and unacknowledged
    const off = withPic(model, [0x40, 0x40, 0xf4]);
    off.cpu.setIntr(true);
    runToHalt(off.cpu);
    assert.deepEqual([off.pic.acks, off.cpu.regs[CX], off.cpu.regs[AX]], [0, 0, 2], model);
    // with IF set: one instruction, then raise INTR; the next boundary takes it
    const on = withPic(model, [0x40, 0x40, 0x40, 0xf4]);
    on.cpu.setFlags(IF);
    on.cpu.step();
    on.cpu.setIntr(true);
    on.cpu.step();
    assert.equal(on.pic.acks, 1, model);
    assert.equal(on.cpu.sregs[1], HANDLER_SEG, model);
    runToHalt(on.cpu);
    assert.deepEqual([on.cpu.regs[CX], on.cpu.regs[DX], on.cpu.regs[AX]], [1, 1, 3], model);
    assert.equal(on.cpu.getFlags() & IF, IF, `${model}: IRET restored IF`);
  }
});

test("a request raised during an instruction (by an OUT's port handler) is taken right after it, inside run()", () => {
  // mov al,1; out 0E0h,al (raises INTR); inc ax; inc ax; hlt
  const r = withPic("8086", [0xb0, 0x01, 0xe6, 0xe0, 0x40, 0x40, 0xf4]);
  const writes: number[] = [];
  r.io.register({
    port: 0xe0,
    name: "raise INTR",
    write: (_, v) => {
      writes.push(v);
      r.cpu.setIntr(true);
    },
  });
  r.cpu.setFlags(IF);
  r.cpu.run(10_000);
  assert.ok(r.cpu.halted);
  assert.deepEqual(writes, [1]);
  assert.equal(r.pic.acks, 1);
  assert.equal(r.cpu.regs[DX], 1, "the handler saw AX before either INC");
  assert.equal(r.cpu.regs[AX], 3);
});

test("STI holds interrupts off for one more instruction", () => {
  for (const model of MODELS) {
    // sti; inc ax; inc ax; hlt — INTR already high
    const r = withPic(model, [0xfb, 0x40, 0x40, 0xf4]);
    r.cpu.setIntr(true);
    runToHalt(r.cpu);
    assert.equal(r.cpu.regs[DX], 1, `${model}: taken after the instruction following STI`);
    assert.equal(r.cpu.regs[AX], 2, model);
  }
});

test("MOV SS and POP SS hold interrupts off for one instruction; MOV ES only on the 8086/8088", () => {
  for (const model of MODELS) {
    // mov si,0; mov ss,[si] (DS → the INTR-raising page); inc ax; inc ax; hlt
    const code = (modrm: number) => [0xbe, 0x00, 0x00, 0x8e, modrm, 0x40, 0x40, 0xf4];
    const mss = withPic(model, code(0x14));
    const page = intrOnRead(mss);
    page.set([0x00, 0x20]); // the new SS = 2000h
    mss.cpu.sregs[3] = 0x6000;
    mss.cpu.setFlags(IF);
    runToHalt(mss.cpu);
    assert.deepEqual([mss.cpu.sregs[2], mss.cpu.regs[DX], mss.pic.acks], [STACK_SEG, 1, 1], `${model} mov ss`);
    const mes = withPic(model, code(0x04)); // mov es,[si]
    intrOnRead(mes).set([0x00, 0x70]);
    mes.cpu.sregs[3] = 0x6000;
    mes.cpu.setFlags(IF);
    runToHalt(mes.cpu);
    // The 8086/8088 hold interrupts off after loading any segment register; the 80186/286 only after SS.
    const esShadow = model === "8086" || model === "8088" ? 1 : 0;
    assert.deepEqual([mes.cpu.sregs[0], mes.cpu.regs[DX]], [0x7000, esShadow], `${model} mov es`);
    // pop ss with SS:SP on the INTR-raising page; inc ax; inc ax; hlt
    const pss = withPic(model, [0x17, 0x40, 0x40, 0xf4]);
    intrOnRead(pss).set([0x00, 0x20]);
    pss.cpu.sregs[2] = 0x6000;
    pss.cpu.regs[SP] = 0;
    pss.cpu.setFlags(IF);
    runToHalt(pss.cpu);
    assert.deepEqual([pss.cpu.sregs[2], pss.cpu.regs[DX], pss.cpu.regs[AX]], [STACK_SEG, 1, 2], `${model} pop ss`);
  }
});

test("HLT: run() returns while halted, using no clocks; an interrupt wakes it, returning past the HLT", () => {
  for (const model of MODELS) {
    const r = withPic(model, [0xf4, 0x40, 0xf4]); // hlt; inc ax; hlt
    r.cpu.setFlags(IF);
    r.cpu.run(10_000);
    assert.ok(r.cpu.halted, model);
    assert.equal(r.cpu.ip, CODE_OFF + 1, model);
    assert.equal(r.cpu.run(10_000), 0, `${model}: no clocks while halted`);
    assert.equal(r.cpu.ip, CODE_OFF + 1, model);
    r.cpu.setIntr(true);
    r.cpu.run(10_000);
    assert.equal(r.pic.acks, 1, model);
    assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[AX], r.cpu.ip], [1, 1, CODE_OFF + 3], model);
    assert.ok(r.cpu.halted, `${model}: halted again at the second HLT`);
  }
});

test("HLT with IF = 0 stays halted under INTR; NMI wakes it", () => {
  const r = withPic("8086", [0xf4, 0x40, 0xf4]);
  r.cpu.run(100);
  r.cpu.setIntr(true);
  r.cpu.run(100);
  assert.ok(r.cpu.halted);
  assert.equal(r.pic.acks, 0);
  r.cpu.nmi();
  r.cpu.run(100);
  assert.equal(haltedInStub(r.cpu), 2);
  assert.equal(interruptFrame(r).ip, CODE_OFF + 1);
});

test("NMI is taken with IF = 0, through vector 2, once per call", () => {
  for (const model of MODELS) {
    // inc ax; inc ax; hlt, and NMI's vector aimed at a handler: inc si; iret
    const r = rig(model, [0x40, 0x40, 0xf4]);
    setVector(r.memory, 2, HANDLER_SEG, 0x10);
    poke(r.memory, HANDLER_SEG, 0x10, [0x46, 0xcf]);
    r.cpu.step();
    r.cpu.nmi();
    runToHalt(r.cpu);
    assert.deepEqual([r.cpu.regs[SI], r.cpu.regs[AX]], [1, 2], model);
    assert.equal(r.cpu.getFlags() & IF, 0, model);
  }
});

/**
 * The single-step handler: inc cx; mov bp,sp; mov si,[bp] (the return IP); cmp cx,<n>; jne +4;
 * and byte [bp+5],0FEh (clear TF in the pushed FLAGS after n traps); iret.
 */
function traceHandler(r: Rig, traps: number): void {
  setVector(r.memory, 1, HANDLER_SEG, 0x20);
  poke(r.memory, HANDLER_SEG, 0x20, [0x41, 0x89, 0xe5, 0x8b, 0x76, 0x00, 0x83, 0xf9, traps, 0x75, 0x04]);
  poke(r.memory, HANDLER_SEG, 0x2b, [0x80, 0x66, 0x05, 0xfe, 0xcf]);
}

test("TF traps after each instruction, not inside its handler; clearing TF in the frame stops it", () => {
  for (const model of MODELS) {
    const r = rig(model, [0x40, 0x40, 0x40, 0x40, 0x40, 0xf4]); // inc ax ×5; hlt
    traceHandler(r, 3);
    r.cpu.setFlags(TF);
    runToHalt(r.cpu);
    assert.equal(r.cpu.regs[AX], 5, model);
    assert.equal(r.cpu.regs[CX], 3, `${model}: three traps, none for the handler's own instructions`);
    assert.equal(r.cpu.regs[SI], CODE_OFF + 3, `${model}: the third trap returned past the third INC`);
    assert.equal(r.cpu.getFlags() & TF, 0, model);
  }
});

test("POPF setting TF traps after the instruction that follows it", () => {
  for (const model of MODELS) {
    // mov ax,0100h; push ax; popf; inc bx; inc bx; hlt
    const r = rig(model, [0xb8, 0x00, 0x01, 0x50, 0x9d, 0x43, 0x43, 0xf4]);
    traceHandler(r, 1);
    runToHalt(r.cpu);
    assert.equal(r.cpu.regs[CX], 1, model);
    assert.equal(r.cpu.regs[SI], CODE_OFF + 6, `${model}: first trap after the first INC BX`);
    assert.equal(r.cpu.regs[BX], 2, model);
  }
});

test("INT n clears TF: one trap after the INT, returning to the handler, which then runs untraced", () => {
  for (const model of MODELS) {
    // int 21h; hlt — the INT 21h handler at 5000:0040: inc dx ×3; iret
    const r = rig(model, [0xcd, 0x21, 0xf4]);
    traceHandler(r, 100);
    setVector(r.memory, 0x21, HANDLER_SEG, 0x40);
    poke(r.memory, HANDLER_SEG, 0x40, [0x42, 0x42, 0x42, 0xcf]);
    r.cpu.setFlags(TF);
    runToHalt(r.cpu);
    // TF was set as the INT began, so a trap follows it, taken with the handler's address already loaded; the
    // handler's INCs and IRET run with TF clear; IRET restores TF, so the HLT runs before the next trap.
    assert.deepEqual([r.cpu.regs[CX], r.cpu.regs[SI], r.cpu.regs[DX]], [1, 0x40, 3], model);
    assert.deepEqual([r.cpu.sregs[1], r.cpu.ip], [CODE_SEG, CODE_OFF + 3], model);
  }
});

test("saveState/loadState: a restored CPU continues identically (lazy flags, shadow and pending INTR included)", () => {
  for (const model of MODELS) {
    // mov cx,20; L: add ax,7; adc bx,ax; push ax; pop dx; sti; loop L; hlt
    const code = [0xb9, 0x14, 0x00, 0x05, 0x07, 0x00, 0x11, 0xc3, 0x50, 0x5a, 0xfb, 0xe2, 0xf6, 0xf4];
    const a = withPic(model, code);
    for (let i = 0; i < 23; i++) a.cpu.step();
    a.cpu.setIntr(true); // pending, and IF is set by the STI just executed: the shadow holds it off
    const state = JSON.parse(JSON.stringify(a.cpu.saveState())) as ReturnType<Cpu["saveState"]>;
    const b = withPic(model, []);
    b.memory.bytes.set(a.memory.bytes);
    b.cpu.loadState(state);
    for (let i = 0; i < 200 && !(a.cpu.halted && b.cpu.halted); i++) {
      a.cpu.step();
      b.cpu.step();
      assert.deepEqual(Array.from(b.cpu.regs), Array.from(a.cpu.regs), `${model} step ${i}`);
      assert.deepEqual([b.cpu.ip, b.cpu.sregs[1], b.cpu.getFlags()], [a.cpu.ip, a.cpu.sregs[1], a.cpu.getFlags()]);
    }
    assert.ok(a.cpu.halted && b.cpu.halted, model);
    assert.deepEqual([b.pic.acks, a.pic.acks], [1, 1], model);
    assert.deepEqual([b.cpu.cycles, b.cpu.instructionCount], [a.cpu.cycles, a.cpu.instructionCount], model);
    assert.deepEqual(b.memory.bytes.subarray(0x20000, 0x30000), a.memory.bytes.subarray(0x20000, 0x30000), model);
    assert.deepEqual(b.cpu.saveState(), a.cpu.saveState(), model);
  }
});

test("saveState/loadState keeps the halted state and the interrupt shadow; a wrong model is refused", () => {
  const a = withPic("80286", [0xf4, 0x40, 0xf4]);
  a.cpu.setFlags(IF);
  a.cpu.run(100);
  const b = withPic("80286", [0xf4, 0x40, 0xf4]);
  b.cpu.loadState(a.cpu.saveState());
  assert.ok(b.cpu.halted);
  assert.equal(b.cpu.run(100), 0);
  b.cpu.setIntr(true);
  b.cpu.run(1000);
  assert.deepEqual([b.pic.acks, b.cpu.regs[AX], b.cpu.regs[CX]], [1, 1, 1]);
  // STI just executed with INTR high: the restored CPU must still run one instruction before taking it
  const s = withPic("8086", [0xfb, 0x40, 0x40, 0xf4]);
  s.cpu.setIntr(true);
  s.cpu.step();
  const t = withPic("8086", [0xfb, 0x40, 0x40, 0xf4]);
  t.cpu.loadState(s.cpu.saveState());
  runToHalt(t.cpu);
  assert.equal(t.cpu.regs[DX], 1);
  assert.throws(() => withPic("8086", []).cpu.loadState(a.cpu.saveState()), /80286/);
});
