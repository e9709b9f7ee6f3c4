/** ALU instructions and the lazily kept arithmetic flags, read back through getFlags(). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AF, CF, OF, PF, SF, ZF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import { DATA_SEG, MODELS, peek16, poke16, rig, runToHalt, type Rig } from "./cpu-harness.ts";

/** Runs `code` followed by HLT after `init` has set up registers; returns the rig. */
function run(code: number[], init: (r: Rig) => void = () => {}, model: CpuModel = "8086"): Rig {
  const r = rig(model, [...code, 0xf4]);
  init(r);
  runToHalt(r.cpu);
  return r;
}

/** The arithmetic flags as a set of names, so a failure shows which flag is wrong. */
function arith(flags: number): string {
  const names: [number, string][] = [[CF, "CF"], [PF, "PF"], [AF, "AF"], [ZF, "ZF"], [SF, "SF"], [OF, "OF"]]; // prettier-ignore
  return names
    .filter(([bit]) => (flags & bit) !== 0)
    .map(([, name]) => name)
    .join(" ");
}

test("ADD AL,1 from FFh: result 0 with CF ZF AF PF, read back lazily through getFlags()", () => {
  // mov al,0FFh; add al,1
  const { cpu } = run([0xb0, 0xff, 0x04, 0x01]);
  assert.equal(cpu.regs8[0], 0);
  assert.equal(arith(cpu.getFlags()), "CF PF AF ZF");
});

test("getFlags() applies the model's fixed bits around the lazy flags", () => {
  for (const model of MODELS) {
    const { cpu } = run([0xb0, 0xff, 0x04, 0x01], () => {}, model); // mov al,0FFh; add al,1
    const fixed = model === "80286" ? 0x0002 : 0xf002;
    assert.equal(cpu.getFlags(), fixed | CF | PF | AF | ZF, model);
  }
});

test("ADD signed overflow 7Fh+1: OF SF AF, no CF; PF from an odd-parity 80h is clear", () => {
  const { cpu } = run([0xb0, 0x7f, 0x04, 0x01]); // mov al,7Fh; add al,1
  assert.equal(cpu.regs8[0], 0x80);
  assert.equal(arith(cpu.getFlags()), "AF SF OF");
});

test("SUB borrows: 0-1 = FFFFh with CF SF AF PF; 8000h-1 overflows without a borrow", () => {
  let { cpu } = run([0xb8, 0x00, 0x00, 0x2d, 0x01, 0x00]); // mov ax,0; sub ax,1
  assert.equal(cpu.regs[0], 0xffff);
  assert.equal(arith(cpu.getFlags()), "CF PF AF SF");
  ({ cpu } = run([0xb8, 0x00, 0x80, 0x2d, 0x01, 0x00])); // mov ax,8000h; sub ax,1
  assert.equal(cpu.regs[0], 0x7fff);
  assert.equal(arith(cpu.getFlags()), "PF AF OF");
});

test("PF reflects only the low byte of a word result", () => {
  // mov ax,00FFh; add ax,1 → 0100h: the low byte 00h has even parity although the word has one bit set.
  const { cpu } = run([0xb8, 0xff, 0x00, 0x05, 0x01, 0x00]);
  assert.equal(cpu.regs[0], 0x0100);
  assert.equal(arith(cpu.getFlags()), "PF AF");
});

test("CMP sets flags without writing its destination", () => {
  // mov ax,5; mov bx,7; cmp ax,bx
  const { cpu } = run([0xb8, 0x05, 0x00, 0xbb, 0x07, 0x00, 0x39, 0xd8]);
  assert.equal(cpu.regs[0], 5);
  assert.equal(arith(cpu.getFlags()), "CF AF SF"); // 5-7 = FFFEh: borrow, negative, odd parity of FEh
});

test("AND/OR/XOR/TEST clear CF and OF", () => {
  const cases: [string, number[], number][] = [
    ["and al,0Fh", [0x24, 0x0f], 0x00],
    ["or al,1", [0x0c, 0x01], 0xf1],
    ["xor al,0F0h", [0x34, 0xf0], 0x00],
    ["test al,0F0h", [0xa8, 0xf0], 0xf0],
  ];
  for (const [name, bytes, al] of cases) {
    // mov ax,7FF0h; add ax,ax (sets CF and OF); mov al,0F0h; <op>
    const { cpu } = run([0xb8, 0xf0, 0x7f, 0x01, 0xc0, 0xb0, 0xf0, ...bytes]);
    assert.equal(cpu.regs8[0], al, name);
    const flags = cpu.getFlags();
    assert.equal(flags & (CF | OF), 0, name);
    assert.equal((flags & ZF) !== 0, al === 0, name);
  }
});

test("INC and DEC leave CF alone, including a CF still held lazily", () => {
  // stc; mov ax,0FFFFh; inc ax → 0 with ZF, CF still set
  let { cpu } = run([0xf9, 0xb8, 0xff, 0xff, 0x40]);
  assert.equal(cpu.regs[0], 0);
  assert.equal(arith(cpu.getFlags()), "CF PF AF ZF");
  // clc; mov ax,0; dec ax → FFFFh with SF, CF still clear
  ({ cpu } = run([0xf8, 0xb8, 0x00, 0x00, 0x48]));
  assert.equal(cpu.regs[0], 0xffff);
  assert.equal(arith(cpu.getFlags()), "PF AF SF");
  // mov al,1; add al,0FFh (CF set lazily); mov bx,7FFFh; inc bx → 8000h: OF SF from the INC, CF from the ADD
  ({ cpu } = run([0xb0, 0x01, 0x04, 0xff, 0xbb, 0xff, 0x7f, 0x43]));
  assert.equal(cpu.regs[3], 0x8000);
  assert.equal(arith(cpu.getFlags()), "CF PF AF SF OF");
  // mov al,0FFh; add al,1 (CF set lazily); dec byte bl → FEh via FE /1, CF kept
  ({ cpu } = run([0xb0, 0xff, 0x04, 0x01, 0xb3, 0xff, 0xfe, 0xcb]));
  assert.equal(cpu.regs8[6], 0xfe);
  assert.equal(cpu.getFlags() & CF, CF);
});

test("ADD/ADC chain adds 32-bit numbers in DX:AX", () => {
  // mov ax,0FFFFh; mov dx,1; add ax,1; adc dx,0 → 0001FFFFh + 1 = 00020000h
  const { cpu } = run([0xb8, 0xff, 0xff, 0xba, 0x01, 0x00, 0x05, 0x01, 0x00, 0x83, 0xd2, 0x00]);
  assert.equal(cpu.regs[0], 0);
  assert.equal(cpu.regs[2], 2);
  assert.equal(cpu.getFlags() & (CF | ZF), 0);
});

test("SUB/SBB chain subtracts 32-bit numbers in DX:AX", () => {
  // mov ax,0; mov dx,2; sub ax,1; sbb dx,0 → 00020000h - 1 = 0001FFFFh
  const { cpu } = run([0xb8, 0x00, 0x00, 0xba, 0x02, 0x00, 0x2d, 0x01, 0x00, 0x83, 0xda, 0x00]);
  assert.equal(cpu.regs[0], 0xffff);
  assert.equal(cpu.regs[2], 1);
  assert.equal(cpu.getFlags() & CF, 0);
});

test("ADC/SBB with the carry in make a full wrap: carry and borrow out, zero result", () => {
  // stc; mov ax,0; mov bx,0FFFFh; adc ax,bx → 0 + FFFFh + 1 = 10000h
  let { cpu } = run([0xf9, 0xb8, 0x00, 0x00, 0xbb, 0xff, 0xff, 0x11, 0xd8]);
  assert.equal(cpu.regs[0], 0);
  assert.equal(cpu.getFlags() & (CF | ZF | OF), CF | ZF);
  // stc; mov ax,0; mov bx,0FFFFh; sbb ax,bx → 0 - FFFFh - 1 = -10000h
  ({ cpu } = run([0xf9, 0xb8, 0x00, 0x00, 0xbb, 0xff, 0xff, 0x19, 0xd8]));
  assert.equal(cpu.regs[0], 0);
  assert.equal(cpu.getFlags() & (CF | ZF | OF), CF | ZF);
  // 32-bit FFFFFFFFh + 1: carry out of DX, ZF only from the last ADC
  ({ cpu } = run([0xb8, 0xff, 0xff, 0xba, 0xff, 0xff, 0x05, 0x01, 0x00, 0x83, 0xd2, 0x00]));
  assert.equal(cpu.regs[0] | cpu.regs[2], 0);
  assert.equal(cpu.getFlags() & (CF | ZF), CF | ZF);
});

test("NEG: CF clear only for 0, OF for the most negative value; NOT changes no flags", () => {
  const neg = (al: number) => run([0xb0, al, 0xf6, 0xd8]).cpu; // mov al,n; neg al
  assert.equal(arith(neg(0).getFlags()), "PF ZF");
  const one = neg(1);
  assert.equal(one.regs8[0], 0xff);
  assert.equal(arith(one.getFlags()), "CF PF AF SF");
  const min = neg(0x80);
  assert.equal(min.regs8[0], 0x80);
  assert.equal(min.getFlags() & (CF | OF), CF | OF);
  // stc; mov ax,1234h; not ax
  const { cpu } = run([0xf9, 0xb8, 0x34, 0x12, 0xf7, 0xd0]);
  assert.equal(cpu.regs[0], 0xedcb);
  assert.equal(arith(cpu.getFlags()), "CF");
});

test("immediate forms: 83h sign-extends its byte, 82h aliases 80h, 80h /7 compares memory", () => {
  // mov ax,5; add ax,-1 (83 C0 FF) → 4 with a carry out
  let { cpu } = run([0xb8, 0x05, 0x00, 0x83, 0xc0, 0xff]);
  assert.equal(cpu.regs[0], 4);
  assert.equal(cpu.getFlags() & CF, CF);
  // mov al,10h; 82 C0 05 (add al,5 through the undocumented alias)
  for (const model of MODELS) {
    ({ cpu } = run([0xb0, 0x10, 0x82, 0xc0, 0x05], () => {}, model));
    assert.equal(cpu.regs8[0], 0x15, model);
  }
  // cmp byte [0010h],42h with DS:0010 = 42h → ZF
  ({ cpu } = run([0x80, 0x3e, 0x10, 0x00, 0x42], (r) => (r.memory.bytes[DATA_SEG * 16 + 0x10] = 0x42)));
  assert.equal(cpu.getFlags() & ZF, ZF);
});

test("ALU read-modify-write on memory: add [bx],ax and sub ax,[bx+2]", () => {
  // mov bx,20h; mov ax,1111h; add [bx],ax; sub ax,[bx+2]
  const r = run([0xbb, 0x20, 0x00, 0xb8, 0x11, 0x11, 0x01, 0x07, 0x2b, 0x47, 0x02], (r) => {
    poke16(r.memory, DATA_SEG, 0x20, 0x2222);
    poke16(r.memory, DATA_SEG, 0x22, 0x0011);
  });
  assert.equal(peek16(r.memory, DATA_SEG, 0x20), 0x3333);
  assert.equal(r.cpu.regs[0], 0x1100);
});

test("CMC/CLC/STC act on a lazily held CF", () => {
  // mov al,0FFh; add al,1 (CF lazily set); cmc → CF clear, ZF of the ADD kept
  let { cpu } = run([0xb0, 0xff, 0x04, 0x01, 0xf5]);
  assert.equal(cpu.getFlags() & (CF | ZF), ZF);
  ({ cpu } = run([0xb0, 0xff, 0x04, 0x01, 0xf8])); // … clc
  assert.equal(cpu.getFlags() & (CF | ZF), ZF);
  ({ cpu } = run([0xb0, 0x00, 0x04, 0x01, 0xf9])); // mov al,0; add al,1; stc
  assert.equal(arith(cpu.getFlags()), "CF");
});
