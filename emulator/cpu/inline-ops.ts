/**
 * Code templates for the most common instructions: what the block compiler (block-compiler.ts) writes into a
 * compiled block in place of a call to the row's handler. A template sits next to its handler in the opcode table
 * (OpcodeRow.inline) and must do exactly what the handler does, clocks aside (the compiler adds the row's clocks
 * either way); test/unit/block-compiler.test.ts runs every template against its handler.
 *
 * Inline code is faster than a handler call because everything the compiler knows becomes a constant: the register
 * and memory forms of a ModR/M operand are different code (no `mod === 3` test at run time), register numbers and
 * the effective address segment are literals, branch targets are fixed, and the flags of one instruction can be
 * read straight from the locals that computed them by the next (a CMP and its Jcc compile to one comparison).
 *
 * A template returns JavaScript statements, or null to leave the instruction to its handler (a form it does not
 * cover). The code runs with these names in scope: `c` the Cpu, `m` its memory bytes, `r` and `r8` its word and
 * byte registers, `ea` the effective address offset (already computed for a memory operand), and the flag locals
 * `fa`, `fb`, `fv` (operands and unmasked result of the last arithmetic instruction, see InlineContext.setFlags).
 */
import { LAZY_ADD, LAZY_LOGIC, LAZY_SUB } from "./flags.ts";

/** What a template knows about the instruction being compiled, and the code fragments it builds from. */
export interface InlineContext {
  readonly op: number;
  /** The ModR/M reg and r/m fields (0 for rows without a ModR/M byte). */
  readonly reg: number;
  readonly rm: number;
  /** The ModR/M operand is a register (mod = 3). */
  readonly registerForm: boolean;
  readonly is186: boolean;
  /** The offset of the next instruction. */
  readonly next: number;

  /** The ModR/M operand as an expression, and a statement storing `value` into it. */
  rm8(): string;
  rm16(): string;
  setRm8(value: string): string;
  setRm16(value: string): string;
  /** Register `index` (in encoding order) as an assignable expression. */
  reg8(index: number): string;
  reg16(index: number): string;
  /** The immediate operand (read from memory at run time, so code that patches it needs no recompiling). */
  imm8(): string;
  immS8(): string;
  imm16(): string;
  /** Stack access, as Cpu.push16 and Cpu.pop16. */
  push16(value: string): string;
  pop16(): string;

  /** CF as 0 or 1. */
  carry(): string;
  /**
   * Statements recording `fa`, `fb`, `fv` as the lazy state of the six arithmetic flags (Cpu.setLazy), or of all
   * but CF with `keepCarry` (Cpu.setLazyKeepCF), which must then have been emitted before `fv` changed.
   */
  setFlags(kind: number, bits: number, keepCF?: boolean): string;
  /** A statement making CF concrete in FLAGS, so that the next setFlags can keep it (INC and DEC). */
  keepCarry(): string;
  /** Condition code `cc` (the low nibble of 70h–7Fh) as a boolean expression. */
  condition(cc: number): string;
  /**
   * For a row that may transfer control to its relative (J) operand: the transfer happens when `taken` is true,
   * costing `clocks` more. The compiler turns it into a side exit, a jump over the instructions it skips, or a loop.
   */
  branchIf(taken: string, clocks: number): void;
}

/** Returns the inline code for one instruction, or null to call the handler instead. */
export type InlineTemplate = (cx: InlineContext) => string | null;

const CMP = 7;
const CX = 1, SP = 4; // prettier-ignore

/**
 * ALU operation `kind` (ADD OR ADC SBB AND SUB XOR CMP) on `a` and `b`, as alu() in ops-alu.ts: the flags are set
 * from the unmasked result and, except for CMP, `store` receives the masked result.
 */
function alu(cx: InlineContext, kind: number, bits: number, a: string, b: string, store: (v: string) => string) {
  const mask = bits === 8 ? 0xff : 0xffff;
  const lazyKind =
    kind === 0 || kind === 2 ? LAZY_ADD : kind === 3 || kind === 5 || kind === CMP ? LAZY_SUB : LAZY_LOGIC;
  // The carry is read before fa/fb/fv are overwritten: it may come from them.
  const result = [
    "fa + fb",
    "fa | fb",
    `fa + fb + ${cx.carry()}`,
    `fa - fb - ${cx.carry()}`,
    "fa & fb",
    "fa - fb",
    "fa ^ fb",
    "fa - fb",
  ][kind];
  const code = `fa = ${a}; fb = ${b}; fv = ${result}; ${cx.setFlags(lazyKind, bits)}`;
  return kind === CMP ? code : `${code} ${store(`fv & ${mask}`)}`;
}

/** The eight operations of one ALU form, as the handler arrays in ops-alu.ts. */
function aluForms(make: (kind: number) => InlineTemplate): readonly InlineTemplate[] {
  return [0, 1, 2, 3, 4, 5, 6, 7].map(make);
}

/** 00h … 38h: op Eb, Gb. */
export const aluEbGb = aluForms((kind) => (cx) => alu(cx, kind, 8, cx.rm8(), cx.reg8(cx.reg), (v) => cx.setRm8(v)));
/** 01h … 39h: op Ev, Gv. */
export const aluEvGv = aluForms((kind) => (cx) => alu(cx, kind, 16, cx.rm16(), cx.reg16(cx.reg), (v) => cx.setRm16(v)));
/** 02h … 3Ah: op Gb, Eb. */
export const aluGbEb = aluForms(
  (kind) => (cx) => alu(cx, kind, 8, cx.reg8(cx.reg), cx.rm8(), (v) => `${cx.reg8(cx.reg)} = ${v};`),
);
/** 03h … 3Bh: op Gv, Ev. */
export const aluGvEv = aluForms(
  (kind) => (cx) => alu(cx, kind, 16, cx.reg16(cx.reg), cx.rm16(), (v) => `${cx.reg16(cx.reg)} = ${v};`),
);
/** 04h … 3Ch: op AL, Ib. */
export const aluALIb = aluForms(
  (kind) => (cx) => alu(cx, kind, 8, cx.reg8(0), cx.imm8(), (v) => `${cx.reg8(0)} = ${v};`),
);
/** 05h … 3Dh: op AX, Iv. */
export const aluAXIv = aluForms(
  (kind) => (cx) => alu(cx, kind, 16, cx.reg16(0), cx.imm16(), (v) => `${cx.reg16(0)} = ${v};`),
);
/** 80h /r and 82h: op Eb, Ib. */
export const aluEbIb = aluForms((kind) => (cx) => alu(cx, kind, 8, cx.rm8(), cx.imm8(), (v) => cx.setRm8(v)));
/** 81h /r: op Ev, Iv. */
export const aluEvIv = aluForms((kind) => (cx) => alu(cx, kind, 16, cx.rm16(), cx.imm16(), (v) => cx.setRm16(v)));
/** 83h /r: op Ev, Ib sign-extended. */
export const aluEvIb = aluForms(
  (kind) => (cx) => alu(cx, kind, 16, cx.rm16(), `(${cx.immS8()} & 0xffff)`, (v) => cx.setRm16(v)),
);

/** 84h, 85h, A8h, A9h, F6h /0 /1, F7h /0 /1: TEST (an AND that stores nothing). */
export const testEbGb: InlineTemplate = (cx) => alu(cx, 4, 8, cx.rm8(), cx.reg8(cx.reg), () => "");
export const testEvGv: InlineTemplate = (cx) => alu(cx, 4, 16, cx.rm16(), cx.reg16(cx.reg), () => "");
export const testALIb: InlineTemplate = (cx) => alu(cx, 4, 8, cx.reg8(0), cx.imm8(), () => "");
export const testAXIv: InlineTemplate = (cx) => alu(cx, 4, 16, cx.reg16(0), cx.imm16(), () => "");
export const testEbIb: InlineTemplate = (cx) => alu(cx, 4, 8, cx.rm8(), cx.imm8(), () => "");
export const testEvIv: InlineTemplate = (cx) => alu(cx, 4, 16, cx.rm16(), cx.imm16(), () => "");

/** INC (kind LAZY_ADD) or DEC (LAZY_SUB) of `value`, CF kept; `store` receives the masked result. */
function incDec(cx: InlineContext, kind: number, bits: number, value: string, store: (v: string) => string) {
  const keep = cx.keepCarry();
  const result = kind === LAZY_ADD ? "fa + 1" : "fa - 1";
  const flags = cx.setFlags(kind, bits, true);
  return `${keep} fa = ${value}; fb = 1; fv = ${result}; ${flags} ${store(`fv & ${bits === 8 ? 0xff : 0xffff}`)}`;
}

/** 40h–47h, 48h–4Fh: INC / DEC r16. */
export const incReg: InlineTemplate = (cx) =>
  incDec(cx, LAZY_ADD, 16, cx.reg16(cx.op & 7), (v) => `${cx.reg16(cx.op & 7)} = ${v};`);
export const decReg: InlineTemplate = (cx) =>
  incDec(cx, LAZY_SUB, 16, cx.reg16(cx.op & 7), (v) => `${cx.reg16(cx.op & 7)} = ${v};`);
/** FEh /0 /1, FFh /0 /1: INC / DEC Eb, Ev. */
export const incEb: InlineTemplate = (cx) => incDec(cx, LAZY_ADD, 8, cx.rm8(), (v) => cx.setRm8(v));
export const decEb: InlineTemplate = (cx) => incDec(cx, LAZY_SUB, 8, cx.rm8(), (v) => cx.setRm8(v));
export const incEv: InlineTemplate = (cx) => incDec(cx, LAZY_ADD, 16, cx.rm16(), (v) => cx.setRm16(v));
export const decEv: InlineTemplate = (cx) => incDec(cx, LAZY_SUB, 16, cx.rm16(), (v) => cx.setRm16(v));

/** 88h–8Bh: MOV between a ModR/M operand and a register. */
export const movEbGb: InlineTemplate = (cx) => cx.setRm8(cx.reg8(cx.reg));
export const movEvGv: InlineTemplate = (cx) => cx.setRm16(cx.reg16(cx.reg));
export const movGbEb: InlineTemplate = (cx) => `${cx.reg8(cx.reg)} = ${cx.rm8()};`;
export const movGvEv: InlineTemplate = (cx) => `${cx.reg16(cx.reg)} = ${cx.rm16()};`;
/** B0h–BFh: MOV register, immediate. */
export const movRegIb: InlineTemplate = (cx) => `${cx.reg8(cx.op & 7)} = ${cx.imm8()};`;
export const movRegIv: InlineTemplate = (cx) => `${cx.reg16(cx.op & 7)} = ${cx.imm16()};`;
/** C6h /0, C7h /0: MOV Eb/Ev, immediate (other reg values are left to the handler, which knows the model rules). */
export const movEbIb: InlineTemplate = (cx) => (cx.reg === 0 ? cx.setRm8(cx.imm8()) : null);
export const movEvIv: InlineTemplate = (cx) => (cx.reg === 0 ? cx.setRm16(cx.imm16()) : null);
/** 8Dh: LEA with a memory operand (the register form is the handler's: model dependent). */
export const lea: InlineTemplate = (cx) => (cx.registerForm ? null : `${cx.reg16(cx.reg)} = ea;`);

/** 50h–57h: PUSH r16; the 8086 pushes SP after its decrement (see ops-data.ts pushReg). */
export const pushReg: InlineTemplate = (cx) =>
  cx.push16((cx.op & 7) === SP && !cx.is186 ? `(${cx.reg16(SP)} - 2) & 0xffff` : cx.reg16(cx.op & 7));
/** 58h–5Fh: POP r16 (the popped value wins over the SP increment for POP SP). */
export const popReg: InlineTemplate = (cx) => `${cx.reg16(cx.op & 7)} = ${cx.pop16()};`;

/** 70h–7Fh (and 60h–6Fh on the 8086): Jcc rel8, 12 more clocks when taken (see ops-control.ts jcc). */
export const jcc: InlineTemplate = (cx) => {
  cx.branchIf(cx.condition(cx.op & 0x0f), 12);
  return "";
};

/** EBh, E9h: JMP rel8 / rel16. The compiler goes on at the target. */
export const jmpRelative: InlineTemplate = () => "";

/** E8h: CALL rel16: pushes the return offset; the compiler goes on at the target. */
export const callNear: InlineTemplate = (cx) => cx.push16(`${cx.next}`);

/** C3h, C2h (and C1h, C0h on the 8086): RET, RET imm16. */
export const retNear: InlineTemplate = (cx) =>
  (cx.op & 1) === 0
    ? `c.ip = ${cx.pop16()}; ${cx.reg16(SP)} = (${cx.reg16(SP)} + ${cx.imm16()}) & 0xffff;`
    : `c.ip = ${cx.pop16()};`;

/** E0h LOOPNE, E1h LOOPE, E2h LOOP: CX decremented without flags, 12 more clocks when taken. */
export const loop: InlineTemplate = (cx) => {
  const count = cx.reg16(CX);
  const zf = cx.op === 0xe0 ? ` && !(${cx.condition(4)})` : cx.op === 0xe1 ? ` && ${cx.condition(4)}` : "";
  cx.branchIf(`${count} !== 0${zf}`, 12);
  return `${count} = (${count} - 1) & 0xffff;`;
};

/** E3h: JCXZ rel8 (no extra clocks when taken, as ops-control.ts jcxz). */
export const jcxz: InlineTemplate = (cx) => {
  cx.branchIf(`${cx.reg16(CX)} === 0`, 0);
  return "";
};
