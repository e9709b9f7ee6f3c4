/** The table-driven disassembler: Intel-syntax text and lengths for every operand form, and a no-throw sweep. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import { disassemble, disassembleBytes } from "../../emulator/cpu/disassembler.ts";
import { MODELS } from "./cpu-harness.ts";

type Case = readonly [bytes: readonly number[], text: string, model?: CpuModel];

/** Checks each case is one instruction of exactly its bytes, with the expected text. */
function check(cases: readonly Case[]): void {
  for (const [bytes, text, model = "8086"] of cases) {
    const label = `${bytes.map((b) => b.toString(16).padStart(2, "0")).join(" ")} on ${model}`;
    const result = disassemble((i) => bytes[i] ?? 0, model);
    assert.equal(result.text, text, label);
    assert.equal(result.length, bytes.length, `${label}: length`);
  }
}

test("E and G operands: register and memory, byte and word, both directions", () => {
  check([
    [[0x00, 0xd8], "add al,bl"], // Eb,Gb register
    [[0x01, 0x00], "add [bx+si],ax"], // Ev,Gv memory
    [[0x02, 0x46, 0xfe], "add al,[bp-2h]"], // Gb,Eb with a negative disp8
    [[0x03, 0x87, 0x34, 0x12], "add ax,[bx+1234h]"], // Gv,Ev with disp16
    [[0x8a, 0x80, 0x00, 0x80], "mov al,[bx+si-8000h]"], // disp16 shown signed
    [[0x8b, 0x46, 0x00], "mov ax,[bp]"], // mod 1 with a zero displacement
    [[0x88, 0xe7], "mov bh,ah"],
    [[0x86, 0x27], "xchg [bx],ah"],
    [[0x8d, 0x42, 0x80], "lea ax,[bp+si-80h]"], // M
    [[0xf7, 0xf3], "div bx"],
    [[0xfe, 0xc0], "inc al"],
  ]);
});

test("all 24 ModR/M memory forms", () => {
  const bases = ["bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"];
  const cases: Case[] = [];
  bases.forEach((base, rm) => {
    cases.push(rm === 6 ? [[0x8b, 0x06, 0x34, 0x12], "mov ax,[1234h]"] : [[0x8b, rm], `mov ax,[${base}]`]);
    cases.push([[0x8b, 0x40 | rm, 0x05], `mov ax,[${base}+5h]`]);
    cases.push([[0x8b, 0x80 | rm, 0x00, 0x01], `mov ax,[${base}+100h]`]);
  });
  assert.equal(cases.length, 24);
  check(cases);
});

test("immediates, memory sizes, group opcodes", () => {
  check([
    [[0x04, 0x12], "add al,12h"], // AL,Ib
    [[0x05, 0x34, 0x12], "add ax,1234h"], // AX,Iv
    [[0xb4, 0x12], "mov ah,12h"],
    [[0xb8, 0x34, 0x12], "mov ax,1234h"],
    [[0x80, 0x3e, 0x34, 0x12, 0x05], "cmp byte [1234h],5h"], // group 80h, Eb,Ib
    [[0x81, 0x06, 0x34, 0x12, 0x78, 0x56], "add word [1234h],5678h"], // Ev,Iv
    [[0xc6, 0x07, 0x12], "mov byte [bx],12h"],
    [[0xc7, 0x47, 0x02, 0x34, 0x12], "mov word [bx+2h],1234h"],
    [[0xf6, 0x06, 0x34, 0x12, 0x80], "test byte [1234h],80h"], // group F6h
    [[0xff, 0x06, 0x34, 0x12], "inc word [1234h]"], // group FFh
    [[0x8f, 0x06, 0x34, 0x12], "pop word [1234h]"],
    [[0xd0, 0xe0], "shl al,1"],
    [[0xd3, 0x27], "shl word [bx],cl"],
    [[0xd2, 0xc0], "rol al,cl"],
    [[0xd4, 0x0a], "aam 0Ah"],
    [[0xcd, 0x21], "int 21h"],
    [[0xcc], "int3"],
    [[0xe4, 0x60], "in al,60h"],
    [[0xe6, 0x60], "out 60h,al"],
    [[0xec], "in al,dx"],
    [[0xef], "out dx,ax"],
  ]);
});

test("segment registers, direct offsets, far pointers", () => {
  check([
    [[0x8c, 0xd8], "mov ax,ds"], // Ev,Sw
    [[0x8e, 0x1e, 0x34, 0x12], "mov ds,[1234h]"], // Sw,Ev
    [[0x0e], "push cs"],
    [[0x1f], "pop ds"],
    [[0xa0, 0x34, 0x12], "mov al,[1234h]"], // AL,Ob
    [[0xa3, 0x34, 0x12], "mov [1234h],ax"], // Ov,AX
    [[0x9a, 0x78, 0x56, 0x34, 0x12], "call 1234h:5678h"], // Ap
    [[0xea, 0x00, 0x00, 0xff, 0xff], "jmp 0FFFFh:0h"],
    [[0xff, 0x1f], "call far [bx]"], // Mp
    [[0xff, 0x2e, 0x34, 0x12], "jmp far [1234h]"],
    [[0xff, 0xd3], "call bx"],
    [[0xff, 0x26, 0x34, 0x12], "jmp word [1234h]"],
  ]);
});

test("LDS/LES name a plain memory operand (nasm rejects 'far' there)", () => {
  check([
    [[0xc5, 0x37], "lds si,[bx]"],
    [[0xc4, 0x1e, 0x34, 0x12], "les bx,[1234h]"],
  ]);
});

test("relative jumps show absolute targets from the instruction's offset, wrapping at 64 KB", () => {
  check([
    [[0x75, 0x02], "jne 4h"], // Jb
    [[0xeb, 0xfe], "jmp 0h"],
    [[0xeb, 0x80], "jmp 0FF82h"],
    [[0xe8, 0x00, 0x01], "call 103h"], // Jv
    [[0xe9, 0xfd, 0xff], "jmp 0h"],
    [[0xe2, 0xfe], "loop 0h"],
    [[0xe3, 0x10], "jcxz 12h"],
  ]);
  assert.deepEqual(disassembleBytes([0x90, 0xeb, 0xfd, 0xe8, 0xfa, 0xff], "8086", 0x100), [
    "nop",
    "jmp 100h",
    "call 100h",
  ]);
});

test("prefixes: segment overrides on memory operands, REP, LOCK", () => {
  check([
    [[0x26, 0xa0, 0x34, 0x12], "mov al,[es:1234h]"],
    [[0x3e, 0x8b, 0x46, 0x00], "mov ax,[ds:bp]"],
    [[0x2e, 0xff, 0x1f], "call far [cs:bx]"],
    [[0xf3, 0xa4], "rep movsb"],
    [[0xf2, 0xa6], "repne cmpsb"],
    [[0xf0, 0x01, 0x00], "lock add [bx+si],ax"],
    [[0xa5], "movsw"],
  ]);
});

test("a segment override with no memory operand to carry it is still shown", () => {
  check([
    [[0x2e, 0xa4], "cs movsb"],
    [[0x26, 0xd7], "es xlat"],
  ]);
});

test("string instructions with an implied accumulator or DX show no operand", () => {
  check([
    [[0xf2, 0xae], "repne scasb"],
    [[0xf3, 0xab], "rep stosw"],
    [[0xad], "lodsw"],
    [[0xaa], "stosb"],
    [[0x6c], "insb", "80186"],
    [[0x6f], "outsw", "80186"],
  ]);
});

test("a sign-extended byte immediate (83h, 6Ah, 6Bh) is shown as the word it becomes", () => {
  for (const [bytes, pattern, model] of [
    [[0x83, 0xc0, 0xff], /^add ax,(0FFFFh|-1h)$/, "8086"],
    [[0x6a, 0xff], /^push (0FFFFh|-1h)$/, "80186"],
    [[0x6b, 0xc3, 0xfe], /^imul ax,bx,(0FFFEh|-2h)$/, "80186"],
  ] as const) {
    assert.match(disassemble((i) => bytes[i] ?? 0, model).text, pattern);
  }
  check([[[0x83, 0xc0, 0x7f], "add ax,7Fh"]]);
});

test("80186 forms", () => {
  check([
    [[0x60], "pusha", "80186"],
    [[0x61], "popa", "80186"],
    [[0x62, 0x06, 0x34, 0x12], "bound ax,[1234h]", "80186"],
    [[0x68, 0x34, 0x12], "push 1234h", "80186"],
    [[0x6a, 0x12], "push 12h", "80186"],
    [[0x69, 0xc3, 0x34, 0x12], "imul ax,bx,1234h", "80186"],
    [[0x6b, 0x07, 0x05], "imul ax,[bx],5h", "80186"],
    [[0xc0, 0xe0, 0x04], "shl al,4h", "80186"],
    [[0xc1, 0x2f, 0x04], "shr word [bx],4h", "80186"],
    [[0xc8, 0x10, 0x00, 0x02], "enter 10h,2h", "80186"],
    [[0xc9], "leave", "80286"],
    [[0x63], "(bad)", "80186"],
    [[0x0f], "(bad)", "80186"],
    [[0xfe, 0xff], "(bad)", "80286"],
  ]);
});

test("8086 decodings of the opcodes the 80186 redefined", () => {
  check([
    [[0x0f], "pop cs"],
    [[0x64, 0x02], "je 4h"],
    [[0x60, 0x02], "jo 4h", "8088"],
    [[0xc0, 0x04, 0x00], "ret 4h"],
    [[0xc1], "ret"],
    [[0xc8, 0x04, 0x00], "retf 4h"],
    [[0xc9], "retf"],
    [[0xc2, 0x04, 0x00], "ret 4h"],
    [[0xca, 0x04, 0x00], "retf 4h"],
    [[0x90], "nop"],
    [[0x93], "xchg ax,bx"],
    [[0xd7], "xlat"],
  ]);
});

test("80286 0Fh forms: SMSW, LMSW, CLTS, and undefined second bytes", () => {
  check([
    [[0x0f, 0x01, 0xe0], "smsw ax", "80286"],
    [[0x0f, 0x01, 0x26, 0x34, 0x12], "smsw [1234h]", "80286"],
    [[0x0f, 0x01, 0x06, 0x34, 0x12], "sgdt [1234h]", "80286"],
    [[0x0f, 0x01, 0x0f], "sidt [bx]", "80286"],
    [[0x0f, 0x01, 0x17], "lgdt [bx]", "80286"],
    [[0x0f, 0x01, 0x5e, 0x02], "lidt [bp+2h]", "80286"],
    [[0x0f, 0x01, 0xd8], "(bad)", "80286"],
    [[0x0f, 0x01, 0xf3], "lmsw bx", "80286"],
    [[0x0f, 0x06], "clts", "80286"],
    [[0x0f, 0xff], "(bad)", "80286"],
  ]);
});

test("disassembleBytes splits a stream into instructions", () => {
  // mov ax,1234h; rep movsw; cs: mov al,[bx+si+10h]; int 21h; hlt
  const bytes = [0xb8, 0x34, 0x12, 0xf3, 0xa5, 0x2e, 0x8a, 0x40, 0x10, 0xcd, 0x21, 0xf4];
  assert.deepEqual(disassembleBytes(bytes), ["mov ax,1234h", "rep movsw", "mov al,[cs:bx+si+10h]", "int 21h", "hlt"]);
});

test("every first byte 00h–FFh with every ModR/M reg field disassembles on every model", () => {
  for (const model of MODELS) {
    for (let code = 0; code < 256; code++) {
      if (model === "80286" && code === 0x0f) continue; // covered by the 0Fh test above
      for (let reg = 0; reg < 8; reg++) {
        for (const mod of [0x00, 0x40, 0x80, 0xc0]) {
          const bytes = [code, mod | (reg << 3) | 6, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66];
          const label = `${model} ${code.toString(16)}h /${reg} mod ${mod >> 6}`;
          const { length, text } = disassemble((i) => bytes[i] ?? 0x90, model);
          assert.ok(text.length > 0, label);
          // Prefixes are followed here by more bytes, so only non-prefix instructions have a fixed bound.
          assert.ok(length >= 1 && length <= 16, `${label}: length ${length}`);
        }
      }
    }
  }
});

test("the 80286 sweep over 0Fh second bytes", () => {
  for (let second = 0; second < 256; second++) {
    const bytes = [0x0f, second, 0x26, 0x34, 0x12];
    assert.doesNotThrow(() => disassemble((i) => bytes[i] ?? 0, "80286"), second.toString(16));
  }
});
