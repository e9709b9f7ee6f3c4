/**
 * Data movement: MOV forms, XCHG, LEA, LDS/LES, XLAT, PUSH/POP (PUSH SP by model, POP CS and MOV CS on the 8086),
 * LAHF/SAHF, PUSHF's fixed bits, CBW/CWD, IN/OUT.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AF, CF, OF, PF, SF, ZF, type CpuModel } from "../../emulator/cpu/cpu.ts";
import {
  CODE_OFF,
  CODE_SEG,
  DATA_SEG,
  EXTRA_SEG,
  MODELS,
  STACK_SEG,
  STACK_TOP,
  haltedInStub,
  interruptFrame,
  peek16,
  peek8,
  poke,
  poke16,
  rig,
  runToHalt,
  stackWord,
  type Rig,
} from "./cpu-harness.ts";

const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, SI = 6, DI = 7; // prettier-ignore
const ES = 0, CS = 1, DS = 3; // prettier-ignore

function run(code: number[], init: (r: Rig) => void = () => {}, model: CpuModel = "8086"): Rig {
  const r = rig(model, [...code, 0xf4]);
  init(r);
  runToHalt(r.cpu);
  return r;
}

test("MOV register, memory and immediate forms", () => {
  const r = run([
    ...[0xb8, 0x34, 0x12], // mov ax,1234h
    ...[0xbb, 0x10, 0x00], // mov bx,10h
    ...[0xbe, 0x02, 0x00], // mov si,2
    ...[0x89, 0x40, 0x04], // mov [bx+si+4],ax → DS:16h
    ...[0x8a, 0x48, 0x05], // mov cl,[bx+si+5] → 12h
    ...[0x88, 0xe7], // mov bh,ah
    ...[0xc6, 0x04, 0xab], // mov byte [si],0ABh
    ...[0xc7, 0x06, 0x30, 0x00, 0x78, 0x56], // mov word [0030h],5678h
    ...[0xa0, 0x31, 0x00], // mov al,[0031h] → 56h
    ...[0x26, 0xa3, 0x20, 0x00], // mov [es:0020h],ax
    ...[0x8b, 0x16, 0x30, 0x00], // mov dx,[0030h]
    ...[0xb4, 0x99], // mov ah,99h
  ]);
  const { cpu, memory } = r;
  assert.equal(peek16(memory, DATA_SEG, 0x16), 0x1234);
  assert.equal(cpu.regs8[2], 0x12); // CL
  assert.equal(cpu.regs8[7], 0x12); // BH
  assert.equal(peek8(memory, DATA_SEG, 2), 0xab);
  assert.equal(peek16(memory, DATA_SEG, 0x30), 0x5678);
  assert.equal(peek16(memory, EXTRA_SEG, 0x20), 0x1256);
  assert.equal(peek16(memory, DATA_SEG, 0x20), 0);
  assert.equal(cpu.regs[DX], 0x5678);
  assert.equal(cpu.regs[AX], 0x9956);
});

test("MOV to and from segment registers; MOV DS takes effect for the next access", () => {
  // mov ax,5000h; mov ds,ax; mov bx,es; mov cl,[0000h]
  const { cpu } = run([0xb8, 0x00, 0x50, 0x8e, 0xd8, 0x8c, 0xc3, 0x8a, 0x0e, 0x00, 0x00], (r) =>
    poke(r.memory, 0x5000, 0, [0x3c]),
  );
  assert.equal(cpu.sregs[DS], 0x5000);
  assert.equal(cpu.regs[BX], EXTRA_SEG);
  assert.equal(cpu.regs8[2], 0x3c);
});

test("XCHG register pairs, byte halves and memory", () => {
  // mov ax,1111h; mov bx,2222h; xchg ax,bx; mov cx,0AB12h; xchg cl,ch; mov si,40h; xchg [si],dx
  const { cpu, memory } = run(
    [0xb8, 0x11, 0x11, 0xbb, 0x22, 0x22, 0x93, 0xb9, 0x12, 0xab, 0x86, 0xe9, 0xbe, 0x40, 0x00, 0x87, 0x14],
    (r) => {
      r.cpu.regs[DX] = 0x7777;
      poke16(r.memory, DATA_SEG, 0x40, 0x8888);
    },
  );
  assert.deepEqual([cpu.regs[AX], cpu.regs[BX], cpu.regs[CX]], [0x2222, 0x1111, 0x12ab]);
  assert.equal(cpu.regs[DX], 0x8888);
  assert.equal(peek16(memory, DATA_SEG, 0x40), 0x7777);
});

test("LEA computes the offset only: no memory access, no segment, 16-bit wrap", () => {
  // mov bx,0FFFFh; mov di,2; lea si,[bx+di+10h]; lea ax,[bp-1] (with an SS override that must not matter)
  const { cpu } = run([0xbb, 0xff, 0xff, 0xbf, 0x02, 0x00, 0x8d, 0x71, 0x10, 0x36, 0x8d, 0x46, 0xff]);
  assert.equal(cpu.regs[SI], 0x0011);
  assert.equal(cpu.regs[AX], 0xffff);
});

test("LDS and LES load a far pointer", () => {
  // mov bx,40h; lds si,[bx] — DS changes last, so les di,[0044h] reads from the new DS
  const { cpu } = run([0xbb, 0x40, 0x00, 0xc5, 0x37, 0xc4, 0x3e, 0x44, 0x00], (r) => {
    poke16(r.memory, DATA_SEG, 0x40, 0x1234);
    poke16(r.memory, DATA_SEG, 0x42, 0x6000);
    poke16(r.memory, 0x6000, 0x44, 0x5678);
    poke16(r.memory, 0x6000, 0x46, 0x7000);
  });
  assert.deepEqual([cpu.regs[SI], cpu.sregs[DS]], [0x1234, 0x6000]);
  assert.deepEqual([cpu.regs[DI], cpu.sregs[ES]], [0x5678, 0x7000]);
});

test("XLAT reads [BX+AL] from DS, or from an override segment", () => {
  const table = (r: Rig) => {
    poke(r.memory, DATA_SEG, 0x80, [10, 11, 12, 13, 14]);
    poke(r.memory, EXTRA_SEG, 0x80, [20, 21, 22, 23, 24]);
  };
  let { cpu } = run([0xbb, 0x80, 0x00, 0xb0, 0x03, 0xd7], table); // mov bx,80h; mov al,3; xlat
  assert.equal(cpu.regs8[0], 13);
  ({ cpu } = run([0xbb, 0x80, 0x00, 0xb0, 0x03, 0x26, 0xd7], table)); // … es: xlat
  assert.equal(cpu.regs8[0], 23);
});

test("PUSH SP: the 8086 pushes the decremented SP, the 80186/286 the original", () => {
  for (const model of MODELS) {
    const r = run([0x54], () => {}, model); // push sp
    const original = model === "80186" || model === "80286";
    assert.equal(stackWord(r, 0), original ? STACK_TOP : STACK_TOP - 2, model);
    // FF F4 (push sp through the group form) behaves the same
    const g = run([0xff, 0xf4], () => {}, model);
    assert.equal(stackWord(g, 0), original ? STACK_TOP : STACK_TOP - 2, model);
  }
});

test("PUSH/POP of registers, segments and memory", () => {
  // mov ax,0AAAAh; push ax; push es; pop ds; pop word [0010h]; push word [0010h]; pop cx
  const { cpu, memory } = run([
    0xb8, 0xaa, 0xaa, 0x50, 0x06, 0x1f, 0x8f, 0x06, 0x10, 0x00, 0xff, 0x36, 0x10, 0x00, 0x59,
  ]);
  assert.equal(cpu.sregs[DS], EXTRA_SEG);
  assert.equal(peek16(memory, EXTRA_SEG, 0x10), 0xaaaa);
  assert.equal(cpu.regs[CX], 0xaaaa);
  assert.equal(cpu.regs[SP], STACK_TOP);
});

test("POP CS (0Fh) works on the 8086: execution continues at the new CS", () => {
  // mov ax,5000h; push ax; pop cs → next fetch at 5000:CODE_OFF+5
  for (const model of ["8086", "8088"] as const) {
    const r = run([0xb8, 0x00, 0x50, 0x50, 0x0f], (r) => poke(r.memory, 0x5000, CODE_OFF + 5, [0xf4]), model);
    assert.deepEqual([r.cpu.sregs[CS], r.cpu.ip], [0x5000, CODE_OFF + 6], model);
    assert.equal(r.cpu.regs[SP], STACK_TOP, model);
  }
});

test("MOV CS,AX works on the 8086 and is invalid (INT 6) on the 80286", () => {
  // mov ax,5000h; mov cs,ax
  const r = run([0xb8, 0x00, 0x50, 0x8e, 0xc8], (r) => poke(r.memory, 0x5000, CODE_OFF + 5, [0xf4]));
  assert.deepEqual([r.cpu.sregs[CS], r.cpu.ip], [0x5000, CODE_OFF + 6]);
  const p = run([0xb8, 0x00, 0x50, 0x8e, 0xc8], () => {}, "80286");
  assert.equal(haltedInStub(p.cpu), 6);
  assert.deepEqual([interruptFrame(p).ip, interruptFrame(p).cs], [CODE_OFF + 3, CODE_SEG]);
});

test("LAHF and SAHF move SF ZF AF PF CF through AH; SAHF leaves OF alone", () => {
  // mov al,7Fh; add al,1 (OF SF AF); mov ah,0FFh; sahf; lahf
  const { cpu } = run([0xb0, 0x7f, 0x04, 0x01, 0xb4, 0xff, 0x9e, 0xb4, 0x00, 0x9f]);
  assert.equal(cpu.regs8[1], 0xd7); // bits 1 set, 3 and 5 clear
  assert.equal(cpu.getFlags() & (OF | SF | ZF | AF | PF | CF), OF | SF | ZF | AF | PF | CF);
  // mov ah,0; sahf clears the five
  const c = run([0xf9, 0xb4, 0x00, 0x9e, 0x9f]);
  assert.equal(c.cpu.regs8[1], 0x02);
});

test("PUSHF fixed bits: 12–15 set on the 8086/80186, clear on the 80286 in real mode; bit 1 always set", () => {
  for (const model of MODELS) {
    const is286 = model === "80286";
    let r = run([0x9c], () => {}, model); // pushf with FLAGS clear
    assert.equal(stackWord(r, 0), is286 ? 0x0002 : 0xf002, model);
    // mov ax,0FEFFh; push ax; popf; pushf — every bit but TF offered; bits 3 and 5 never stick
    r = run([0xb8, 0xff, 0xfe, 0x50, 0x9d, 0x9c], () => {}, model);
    assert.equal(stackWord(r, 0), is286 ? 0x0ed7 : 0xfed7, model);
  }
});

test("CBW and CWD sign-extend", () => {
  let { cpu } = run([0xb0, 0x80, 0x98, 0x99]); // mov al,80h; cbw; cwd
  assert.deepEqual([cpu.regs[AX], cpu.regs[DX]], [0xff80, 0xffff]);
  ({ cpu } = run([0xb8, 0x7f, 0x80, 0x98, 0x99], (r) => (r.cpu.regs[DX] = 0x1234))); // mov ax,807Fh
  assert.deepEqual([cpu.regs[AX], cpu.regs[DX]], [0x007f, 0]);
});

test("IN and OUT reach IoBus handlers with immediate and DX ports; words are two byte accesses", () => {
  const log: string[] = [];
  const r = rig("8086", [
    ...[0xb0, 0x5a, 0xe6, 0x60], // mov al,5Ah; out 60h,al
    ...[0xe4, 0x61], // in al,61h
    ...[0xba, 0x00, 0x03, 0xb8, 0x34, 0x12, 0xef], // mov dx,300h; mov ax,1234h; out dx,ax
    ...[0xed], // in ax,dx
    ...[0xba, 0x99, 0x09, 0xec], // mov dx,999h; in al,dx (nobody decodes it)
    0xf4,
  ]);
  r.io.register({ port: 0x60, name: "test 60", write: (_, v) => log.push(`60<${v.toString(16)}`) });
  r.io.register({ port: 0x61, name: "test 61", read: () => 0x42 });
  r.io.register({
    port: 0x300,
    name: "test 300",
    write: (_, v) => log.push(`300<${v.toString(16)}`),
    read: () => 0xcd,
  });
  r.io.register({
    port: 0x301,
    name: "test 301",
    write: (_, v) => log.push(`301<${v.toString(16)}`),
    read: () => 0xab,
  });
  r.cpu.step();
  r.cpu.step();
  r.cpu.step();
  assert.equal(r.cpu.regs8[0], 0x42);
  r.cpu.step();
  r.cpu.step();
  r.cpu.step();
  r.cpu.step();
  assert.equal(r.cpu.regs[AX], 0xabcd);
  runToHalt(r.cpu);
  assert.equal(r.cpu.regs8[0], 0xff);
  assert.deepEqual(log, ["60<5a", "300<34", "301<12"]);
});

test("the stack wraps within SS (SP = 0: push ax; pop ax)", () => {
  const r = run([0x50, 0x58], (r) => {
    r.cpu.regs[SP] = 0;
    r.cpu.regs[AX] = 0x4321;
  });
  assert.equal(peek16(r.memory, STACK_SEG, 0xfffe), 0x4321);
  assert.equal(r.cpu.regs[SP], 0);
});
