/**
 * Addressing: the 24 ModR/M memory forms (offsets and default segments), overrides, 16-bit offset wrap, a word at
 * offset FFFFh (8086 wrap vs 286 exception 13), the 1 MB wrap of the 8086, and the 286's HMA with A20 on or off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  DATA_SEG,
  EXTRA_SEG,
  MODELS,
  STACK_SEG,
  haltedInStub,
  interruptFrame,
  peek8,
  poke,
  rig,
  runToHalt,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, BX = 3, BP = 5, SI = 6, DI = 7; // prettier-ignore
const DS = 3, SS = 2; // prettier-ignore

const REGS = { bx: 0x1000, si: 0x0200, di: 0x0030, bp: 0x4000 };
/** 8086 Family User's Manual table 2-20, written out: the base of each r/m value and its default segment. */
const FORMS: [string, number, number][] = [
  ["bx+si", REGS.bx + REGS.si, DS],
  ["bx+di", REGS.bx + REGS.di, DS],
  ["bp+si", REGS.bp + REGS.si, SS],
  ["bp+di", REGS.bp + REGS.di, SS],
  ["si", REGS.si, DS],
  ["di", REGS.di, DS],
  ["bp", REGS.bp, SS],
  ["bx", REGS.bx, DS],
];

function setRegs(r: Rig): void {
  r.cpu.regs[BX] = REGS.bx;
  r.cpu.regs[SI] = REGS.si;
  r.cpu.regs[DI] = REGS.di;
  r.cpu.regs[BP] = REGS.bp;
}

/** The 24 forms: [description, ModR/M with reg = 0, displacement bytes, offset, default segment]. */
function forms(): [string, number, number[], number, number][] {
  const list: [string, number, number[], number, number][] = [];
  FORMS.forEach(([name, base, seg], rm) => {
    if (rm === 6) list.push(["[disp16]", 0x06, [0x34, 0x12], 0x1234, DS]);
    else list.push([`[${name}]`, rm, [], base, seg]);
    list.push([`[${name}+disp8 -7Bh]`, 0x40 | rm, [0x85], (base - 0x7b) & 0xffff, seg]);
    list.push([`[${name}+disp16 0F123h]`, 0x80 | rm, [0x23, 0xf1], (base + 0xf123) & 0xffff, seg]);
  });
  return list;
}

test("all 24 ModR/M memory forms: the offset (via LEA) and the default segment (via MOV)", () => {
  const all = forms();
  assert.equal(all.length, 24);
  for (const model of MODELS) {
    for (const [name, modrm, disp, offset, seg] of all) {
      const lea = rig(model, [0x8d, modrm, ...disp, 0xf4]); // lea ax,<ea>
      setRegs(lea);
      runToHalt(lea.cpu);
      assert.equal(lea.cpu.regs[AX], offset, `${model} lea ${name}`);
      // mov al,<ea> with a different marker at the same offset in DS, SS and ES
      const mov = rig(model, [0x8a, modrm, ...disp, 0xf4]);
      setRegs(mov);
      poke(mov.memory, DATA_SEG, offset, [0xd5]);
      poke(mov.memory, STACK_SEG, offset, [0x55]);
      poke(mov.memory, EXTRA_SEG, offset, [0xe5]);
      runToHalt(mov.cpu);
      assert.equal(mov.cpu.regs8[0], seg === SS ? 0x55 : 0xd5, `${model} mov ${name}`);
      // es: overrides every form, BP-based included
      const over = rig(model, [0x26, 0x8a, modrm, ...disp, 0xf4]);
      setRegs(over);
      poke(over.memory, EXTRA_SEG, offset, [0xe5]);
      runToHalt(over.cpu);
      assert.equal(over.cpu.regs8[0], 0xe5, `${model} es: mov ${name}`);
    }
  }
});

test("a DS override on a BP form reads DS; ES is never a default", () => {
  const r = rig("8086", [0x3e, 0x8a, 0x46, 0x00, 0xf4]); // mov al,[ds:bp+0]
  r.cpu.regs[BP] = 0x10;
  poke(r.memory, DATA_SEG, 0x10, [0x11]);
  poke(r.memory, STACK_SEG, 0x10, [0x22]);
  runToHalt(r.cpu);
  assert.equal(r.cpu.regs8[0], 0x11);
});

test("effective addresses wrap at 64 KB: [bx+si] with BX=FFF0h, SI=20h is offset 10h", () => {
  const r = rig("8086", [0x8a, 0x00, 0xf4]); // mov al,[bx+si]
  r.cpu.regs[BX] = 0xfff0;
  r.cpu.regs[SI] = 0x0020;
  poke(r.memory, DATA_SEG, 0x10, [0x77]);
  runToHalt(r.cpu);
  assert.equal(r.cpu.regs8[0], 0x77);
});

test("a word at offset FFFFh: the 8086 and 80186 take the high byte from offset 0 of the segment", () => {
  for (const model of ["8086", "8088", "80186"] as CpuModel[]) {
    // mov ax,[0FFFFh]; mov [0FFFFh],bx
    const r = rig(model, [0xa1, 0xff, 0xff, 0x89, 0x1e, 0xff, 0xff, 0xf4]);
    poke(r.memory, DATA_SEG, 0xffff, [0x34]);
    poke(r.memory, DATA_SEG, 0x0000, [0x12]);
    r.memory.bytes[(DATA_SEG << 4) + 0x10000] = 0x99;
    r.cpu.regs[BX] = 0xbbaa;
    r.cpu.step();
    assert.equal(r.cpu.regs[AX], 0x1234, model);
    runToHalt(r.cpu);
    assert.deepEqual([peek8(r.memory, DATA_SEG, 0xffff), peek8(r.memory, DATA_SEG, 0)], [0xaa, 0xbb], model);
    assert.equal(r.memory.bytes[(DATA_SEG << 4) + 0x10000], 0x99, model);
  }
});

test("a word at offset FFFFh raises exception 13 on the 80286, returning to the prefix, with nothing changed", () => {
  for (const code of [
    [0x90, 0xa1, 0xff, 0xff], // mov ax,[0FFFFh]
    [0x90, 0x26, 0x89, 0x1e, 0xff, 0xff], // mov [es:0FFFFh],bx
    [0x90, 0x2e, 0xff, 0x06, 0xff, 0xff], // inc word [cs:0FFFFh]
  ]) {
    const r = rig("80286", [...code, 0xf4]);
    r.cpu.regs[AX] = 0x5555;
    poke(r.memory, EXTRA_SEG, 0xffff, [0x01]);
    runToHalt(r.cpu);
    assert.equal(haltedInStub(r.cpu), 13, code.join(" "));
    assert.equal(interruptFrame(r).ip, CODE_OFF + 1);
    assert.equal(r.cpu.regs[AX], 0x5555);
    assert.equal(peek8(r.memory, EXTRA_SEG, 0xffff), 0x01);
  }
});

test("the 8086 wraps linear addresses at 1 MB: FFFF:0013 is 00003h, code fetch included", () => {
  for (const model of ["8086", "8088", "80186"] as CpuModel[]) {
    const r = rig(model, [0xb8, 0xff, 0xff, 0x8e, 0xd8, 0xa0, 0x13, 0x00, 0xf4]); // mov ax,0FFFFh; mov ds,ax; mov al,[13h]
    r.memory.bytes[0x00003] = 0xa5;
    r.memory.bytes[0x100003] = 0x5a;
    runToHalt(r.cpu);
    assert.equal(r.cpu.regs8[0], 0xa5, model);
  }
  // code at FFFF:0010 runs from linear 0 (here: mov al,42h; hlt over the start of the vector table)
  const r = rig("8086");
  r.memory.bytes.set([0xb0, 0x42, 0xf4], 0);
  r.cpu.sregs[1] = 0xffff;
  r.cpu.ip = 0x0010;
  runToHalt(r.cpu);
  assert.equal(r.cpu.regs8[0], 0x42);
});

test("the 80286 reaches the HMA with A20 on; with addressMask FFFFFh it wraps like the 8086", () => {
  const program = [0xb8, 0xff, 0xff, 0x8e, 0xc0, 0x26, 0xa0, 0x13, 0x00, 0x26, 0xc6, 0x06, 0x13, 0x04, 0x77, 0xf4];
  // mov ax,0FFFFh; mov es,ax; mov al,[es:13h]; mov byte [es:413h],77h (above the vector table)
  const on = rig("80286", program);
  assert.equal(on.cpu.addressMask, 0x1fffff);
  on.memory.bytes[0x00003] = 0xa5;
  on.memory.bytes[0x100003] = 0x5a;
  runToHalt(on.cpu);
  assert.equal(on.cpu.regs8[0], 0x5a);
  assert.deepEqual([on.memory.bytes[0x100403], on.memory.bytes[0x403]], [0x77, 0x00]);
  const off = rig("80286", program);
  off.cpu.addressMask = 0xfffff;
  off.memory.bytes[0x00003] = 0xa5;
  off.memory.bytes[0x100003] = 0x5a;
  runToHalt(off.cpu);
  assert.equal(off.cpu.regs8[0], 0xa5);
  assert.deepEqual([off.memory.bytes[0x100403], off.memory.bytes[0x403]], [0x00, 0x77]);
  // the top of the HMA: FFFF:FFFF = 10FFEFh
  const top = rig("80286", [0xb8, 0xff, 0xff, 0x8e, 0xd8, 0xa0, 0xff, 0xff, 0xf4]);
  top.memory.bytes[0x10ffef] = 0x3c;
  runToHalt(top.cpu);
  assert.equal(top.cpu.regs8[0], 0x3c);
});
