/**
 * The instruction set, described once. Each row is one first opcode byte (or, for ModR/M group opcodes, one value
 * of the reg field): its mnemonic, its operands, the models that have it, its base clock count, and its handler.
 * The CPU's dispatch tables (dispatch.ts) and the disassembler (disassembler.ts) are both built from these rows.
 *
 * Operand forms (Intel's appendix notation): E = ModR/M register or memory, G = ModR/M reg field register,
 * M = memory-only ModR/M, S = segment register from the reg field, I = immediate, J = relative jump target,
 * A = direct far pointer, O = direct memory offset, X = [DS:SI], Y = [ES:DI]; suffix b = byte, w = word,
 * v = word (operand size), p = far pointer, s = a byte sign-extended to a word. Fixed registers and the constants 1 and 3 stand for themselves.
 *
 * Base clocks are the 8086's for the register form (8086 Family User's Manual, table 2-21); handlers add effective
 * address time, taken branches and per-iteration costs.
 */
import type { Cpu, CpuModel } from "./cpu.ts";
import * as alu from "./ops-alu.ts";
import * as bcd from "./ops-bcd.ts";
import * as control from "./ops-control.ts";
import * as data from "./ops-data.ts";
import * as muldiv from "./ops-muldiv.ts";
import * as shift from "./ops-shift.ts";
import * as string from "./ops-string.ts";
import * as ext186 from "./ops-186.ts";
import * as ext286 from "./ops-286.ts";
import * as inline from "./inline-ops.ts";
import type { InlineTemplate } from "./inline-ops.ts";

/**
 * Executes one instruction whose opcode (and prefixes) have been fetched. For a row with a ModR/M byte
 * (`usesModrm`), the caller has also decoded that byte and any displacement (Cpu.decodeModrm), so that decoding
 * can happen wherever is cheapest: in the dispatch (dispatch.ts) or in compiled code (block-compiler.ts).
 */
export type Handler = (cpu: Cpu, opcode: number) => void;

/** Which models have a row: every model, only the 8086/8088, only the 80186, the 80186 and 80286, or the 80286. */
export type Models = "all" | "8086" | "186" | "186+" | "286";

export interface OpcodeRow {
  readonly code: number;
  /** The ModR/M reg field value, for rows of a group opcode. */
  readonly reg?: number;
  readonly mnemonic: string;
  /** Comma-separated operand forms, "" for none. */
  readonly operands: string;
  readonly models: Models;
  readonly cycles: number;
  readonly exec: Handler;
  /** A prefix byte: consumed by the run loop, never dispatched. */
  readonly prefix?: boolean;
  /** Named so the disassembler shows what the chip does for an undocumented alias. */
  readonly alias?: boolean;
  /**
   * Execution may continue somewhere other than the next instruction: "always" for jumps, calls, returns, INT,
   * IRET and HLT; "may" for conditional jumps and loops, INTO, loads of CS, and the 8086's divide errors (delivered
   * as an interrupt from inside DIV, IDIV and AAM). The interpreter returns to the run loop after either kind, so
   * that block starts are seen; compiled code (block-compiler.ts) leaves the block after "always" and checks CS:IP
   * after "may". Set at the end of this file.
   */
  readonly transfer?: Transfer;
  /**
   * Code doing what `exec` does, for the block compiler to write in place of a call to it (inline-ops.ts): only on
   * the most common instructions, where the call is what costs.
   */
  readonly inline?: InlineTemplate;
}

export type Transfer = "may" | "always";

/** Whether the row's instruction has a ModR/M byte: a group row, or some operand is a ModR/M form (E, G, M or S). */
export function usesModrm(row: OpcodeRow): boolean {
  return row.reg !== undefined || row.operands.split(",").some((form) => /^[EGMS][a-z]?$/.test(form));
}

export function rowExistsOn(row: OpcodeRow, model: CpuModel): boolean {
  switch (row.models) {
    case "all":
      return true;
    case "8086":
      return model === "8086" || model === "8088";
    case "186":
      return model === "80186";
    case "186+":
      return model === "80186" || model === "80286";
    case "286":
      return model === "80286";
  }
}

const rows: OpcodeRow[] = [];

function op(
  code: number,
  mnemonic: string,
  operands: string,
  cycles: number,
  exec: Handler,
  models: Models = "all",
  inline?: InlineTemplate,
) {
  rows.push({ code, mnemonic, operands, cycles, exec, models, inline });
}
function alias(
  code: number,
  mnemonic: string,
  operands: string,
  cycles: number,
  exec: Handler,
  models: Models,
  inline?: InlineTemplate,
) {
  rows.push({ code, mnemonic, operands, cycles, exec, models, alias: true, inline });
}
function grp(
  code: number,
  reg: number,
  mnemonic: string,
  operands: string,
  cycles: number,
  exec: Handler,
  inline?: InlineTemplate,
) {
  rows.push({ code, reg, mnemonic, operands, cycles, exec, models: "all", inline });
}
function grpOn(
  code: number,
  reg: number,
  mnemonic: string,
  operands: string,
  cycles: number,
  exec: Handler,
  models: Models,
) {
  rows.push({ code, reg, mnemonic, operands, cycles, exec, models });
}
function prefix(code: number, mnemonic: string) {
  rows.push({ code, mnemonic, operands: "", cycles: 2, exec: invalid, models: "all", prefix: true });
}

/** An opcode the model does not have: #UD (INT 6) on the 80186 and later. */
const invalid: Handler = (cpu) => cpu.invalidOpcode();

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];
const SHIFTS = ["rol", "ror", "rcl", "rcr", "shl", "shr", "setmo", "sar"];
const CONDITIONS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];
const REG16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"];
const REG8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"];
const SEGS = ["es", "cs", "ss", "ds"];

// 00h–3Fh: the ALU block, with segment pushes/pops, prefixes and BCD adjustments in the gaps.
for (let kind = 0; kind < 8; kind++) {
  const base = kind << 3;
  op(base, ALU[kind], "Eb,Gb", 3, alu.aluEbGb[kind], "all", inline.aluEbGb[kind]);
  op(base + 1, ALU[kind], "Ev,Gv", 3, alu.aluEvGv[kind], "all", inline.aluEvGv[kind]);
  op(base + 2, ALU[kind], "Gb,Eb", 3, alu.aluGbEb[kind], "all", inline.aluGbEb[kind]);
  op(base + 3, ALU[kind], "Gv,Ev", 3, alu.aluGvEv[kind], "all", inline.aluGvEv[kind]);
  op(base + 4, ALU[kind], "AL,Ib", 4, alu.aluALIb[kind], "all", inline.aluALIb[kind]);
  op(base + 5, ALU[kind], "AX,Iv", 4, alu.aluAXIv[kind], "all", inline.aluAXIv[kind]);
}
for (let seg = 0; seg < 4; seg++) {
  op((seg << 3) + 6, "push", SEGS[seg].toUpperCase(), 10, data.pushSeg);
  if (seg === 1) continue;
  op((seg << 3) + 7, "pop", SEGS[seg].toUpperCase(), 8, data.popSeg);
}
// 0Fh: POP CS on the 8086 (undocumented), invalid on the 80186, the two-byte opcode escape on the 286.
alias(0x0f, "pop", "CS", 8, data.popSeg, "8086");
rows.push({ code: 0x0f, mnemonic: "(bad)", operands: "", cycles: 10, exec: invalid, models: "186" });
rows.push({ code: 0x0f, mnemonic: "", operands: "0F", cycles: 10, exec: ext286.twoByte, models: "286" });
for (let seg = 0; seg < 4; seg++) prefix(0x26 + (seg << 3), SEGS[seg]);
op(0x27, "daa", "", 4, bcd.daa);
op(0x2f, "das", "", 4, bcd.das);
op(0x37, "aaa", "", 8, bcd.aaa);
op(0x3f, "aas", "", 8, bcd.aas);

// 40h–5Fh: INC/DEC/PUSH/POP register.
for (let reg = 0; reg < 8; reg++) {
  op(0x40 + reg, "inc", REG16[reg].toUpperCase(), 2, alu.incReg, "all", inline.incReg);
  op(0x48 + reg, "dec", REG16[reg].toUpperCase(), 2, alu.decReg, "all", inline.decReg);
  op(0x50 + reg, "push", REG16[reg].toUpperCase(), 11, data.pushReg, "all", inline.pushReg);
  op(0x58 + reg, "pop", REG16[reg].toUpperCase(), 8, data.popReg, "all", inline.popReg);
}

// 60h–6Fh: the 80186 additions; the 8086 decodes these as 70h–7Fh.
for (let cc = 0; cc < 16; cc++) alias(0x60 + cc, "j" + CONDITIONS[cc], "Jb", 4, control.jcc, "8086", inline.jcc);
rows.push({ code: 0x60, mnemonic: "pusha", operands: "", cycles: 36, exec: ext186.pusha, models: "186+" });
rows.push({ code: 0x61, mnemonic: "popa", operands: "", cycles: 51, exec: ext186.popa, models: "186+" });
rows.push({ code: 0x62, mnemonic: "bound", operands: "Gv,M", cycles: 35, exec: ext186.bound, models: "186+" });
for (let code = 0x63; code <= 0x67; code++) {
  rows.push({ code, mnemonic: "(bad)", operands: "", cycles: 10, exec: invalid, models: "186+" });
}
rows.push({ code: 0x68, mnemonic: "push", operands: "Iv", cycles: 10, exec: ext186.pushIv, models: "186+" });
rows.push({ code: 0x69, mnemonic: "imul", operands: "Gv,Ev,Iv", cycles: 22, exec: muldiv.imulGvEvIv, models: "186+" });
rows.push({ code: 0x6a, mnemonic: "push", operands: "Is", cycles: 10, exec: ext186.pushIb, models: "186+" });
rows.push({ code: 0x6b, mnemonic: "imul", operands: "Gv,Ev,Is", cycles: 22, exec: muldiv.imulGvEvIv, models: "186+" });
rows.push({ code: 0x6c, mnemonic: "insb", operands: "Yb,DX", cycles: 14, exec: string.ins, models: "186+" });
rows.push({ code: 0x6d, mnemonic: "insw", operands: "Yv,DX", cycles: 14, exec: string.ins, models: "186+" });
rows.push({ code: 0x6e, mnemonic: "outsb", operands: "DX,Xb", cycles: 14, exec: string.outs, models: "186+" });
rows.push({ code: 0x6f, mnemonic: "outsw", operands: "DX,Xv", cycles: 14, exec: string.outs, models: "186+" });

// 70h–7Fh: conditional jumps.
for (let cc = 0; cc < 16; cc++) op(0x70 + cc, "j" + CONDITIONS[cc], "Jb", 4, control.jcc, "all", inline.jcc);

// 80h–83h: ALU with an immediate; 82h is an undocumented alias of 80h on every model here.
for (let reg = 0; reg < 8; reg++) {
  grp(0x80, reg, ALU[reg], "Eb,Ib", 4, alu.aluEbIb[reg], inline.aluEbIb[reg]);
  grp(0x81, reg, ALU[reg], "Ev,Iv", 4, alu.aluEvIv[reg], inline.aluEvIv[reg]);
  grp(0x82, reg, ALU[reg], "Eb,Ib", 4, alu.aluEbIb[reg], inline.aluEbIb[reg]);
  grp(0x83, reg, ALU[reg], "Ev,Is", 4, alu.aluEvIb[reg], inline.aluEvIb[reg]);
}
op(0x84, "test", "Eb,Gb", 3, alu.testEbGb, "all", inline.testEbGb);
op(0x85, "test", "Ev,Gv", 3, alu.testEvGv, "all", inline.testEvGv);
op(0x86, "xchg", "Eb,Gb", 4, data.xchgEbGb);
op(0x87, "xchg", "Ev,Gv", 4, data.xchgEvGv);
op(0x88, "mov", "Eb,Gb", 2, data.movEbGb, "all", inline.movEbGb);
op(0x89, "mov", "Ev,Gv", 2, data.movEvGv, "all", inline.movEvGv);
op(0x8a, "mov", "Gb,Eb", 2, data.movGbEb, "all", inline.movGbEb);
op(0x8b, "mov", "Gv,Ev", 2, data.movGvEv, "all", inline.movGvEv);
op(0x8c, "mov", "Ev,Sw", 2, data.movEvSw);
op(0x8d, "lea", "Gv,M", 2, data.lea, "all", inline.lea);
op(0x8e, "mov", "Sw,Ev", 2, data.movSwEv);
op(0x8f, "pop", "Ev", 8, data.popEv);

// 90h–9Fh.
op(0x90, "nop", "", 3, data.xchgAXReg);
for (let reg = 1; reg < 8; reg++) op(0x90 + reg, "xchg", "AX," + REG16[reg].toUpperCase(), 3, data.xchgAXReg);
op(0x98, "cbw", "", 2, data.cbw);
op(0x99, "cwd", "", 5, data.cwd);
op(0x9a, "call", "Ap", 28, control.callFar);
op(0x9b, "wait", "", 3, data.wait);
op(0x9c, "pushf", "", 10, data.pushf);
op(0x9d, "popf", "", 8, data.popf);
op(0x9e, "sahf", "", 4, data.sahf);
op(0x9f, "lahf", "", 4, data.lahf);

// A0h–AFh: accumulator moves and strings.
op(0xa0, "mov", "AL,Ob", 10, data.movALOb);
op(0xa1, "mov", "AX,Ov", 10, data.movAXOv);
op(0xa2, "mov", "Ob,AL", 10, data.movObAL);
op(0xa3, "mov", "Ov,AX", 10, data.movOvAX);
op(0xa4, "movsb", "Yb,Xb", 18, string.movs);
op(0xa5, "movsw", "Yv,Xv", 18, string.movs);
op(0xa6, "cmpsb", "Xb,Yb", 22, string.cmps);
op(0xa7, "cmpsw", "Xv,Yv", 22, string.cmps);
op(0xa8, "test", "AL,Ib", 4, alu.testALIb, "all", inline.testALIb);
op(0xa9, "test", "AX,Iv", 4, alu.testAXIv, "all", inline.testAXIv);
op(0xaa, "stosb", "Yb,AL", 11, string.stos);
op(0xab, "stosw", "Yv,AX", 11, string.stos);
op(0xac, "lodsb", "AL,Xb", 12, string.lods);
op(0xad, "lodsw", "AX,Xv", 12, string.lods);
op(0xae, "scasb", "AL,Yb", 15, string.scas);
op(0xaf, "scasw", "AX,Yv", 15, string.scas);

// B0h–BFh: MOV register, immediate.
for (let reg = 0; reg < 8; reg++) {
  op(0xb0 + reg, "mov", REG8[reg].toUpperCase() + ",Ib", 4, data.movRegIb, "all", inline.movRegIb);
  op(0xb8 + reg, "mov", REG16[reg].toUpperCase() + ",Iv", 4, data.movRegIv, "all", inline.movRegIv);
}

// C0h–CFh.
for (let reg = 0; reg < 8; reg++) {
  grpOn(0xc0, reg, SHIFTS[reg] === "setmo" ? "shl" : SHIFTS[reg], "Eb,Ib", 5, shift.shiftEbIb, "186+");
  grpOn(0xc1, reg, SHIFTS[reg] === "setmo" ? "shl" : SHIFTS[reg], "Ev,Ib", 5, shift.shiftEvIb, "186+");
}
alias(0xc0, "ret", "Iw", 20, control.retNear, "8086", inline.retNear);
alias(0xc1, "ret", "", 16, control.retNear, "8086", inline.retNear);
op(0xc2, "ret", "Iw", 20, control.retNear, "all", inline.retNear);
op(0xc3, "ret", "", 16, control.retNear, "all", inline.retNear);
op(0xc4, "les", "Gv,Mp", 16, data.loadFarPointer);
op(0xc5, "lds", "Gv,Mp", 16, data.loadFarPointer);
op(0xc6, "mov", "Eb,Ib", 4, data.movEbIb, "all", inline.movEbIb);
op(0xc7, "mov", "Ev,Iv", 4, data.movEvIv, "all", inline.movEvIv);
alias(0xc8, "retf", "Iw", 25, control.retFar, "8086");
alias(0xc9, "retf", "", 26, control.retFar, "8086");
rows.push({ code: 0xc8, mnemonic: "enter", operands: "Iw,Ib", cycles: 15, exec: ext186.enter, models: "186+" });
rows.push({ code: 0xc9, mnemonic: "leave", operands: "", cycles: 8, exec: ext186.leave, models: "186+" });
op(0xca, "retf", "Iw", 25, control.retFar);
op(0xcb, "retf", "", 26, control.retFar);
op(0xcc, "int3", "", 52, control.int3);
op(0xcd, "int", "Ib", 51, control.intImm);
op(0xce, "into", "", 4, control.into);
op(0xcf, "iret", "", 24, control.iret);

// D0h–DFh: shifts, BCD, SALC, XLAT, ESC.
for (let reg = 0; reg < 8; reg++) {
  const name = SHIFTS[reg];
  grp(0xd0, reg, name, "Eb,1", 2, shift.shiftEb1);
  grp(0xd1, reg, name, "Ev,1", 2, shift.shiftEv1);
  grp(0xd2, reg, name, "Eb,CL", 8, shift.shiftEbCL);
  grp(0xd3, reg, name, "Ev,CL", 8, shift.shiftEvCL);
}
op(0xd4, "aam", "Ib", 0, bcd.aam);
op(0xd5, "aad", "Ib", 0, bcd.aad);
op(0xd6, "salc", "", 3, data.salc);
op(0xd7, "xlat", "", 11, data.xlat);
for (let code = 0xd8; code <= 0xdf; code++) op(code, "esc", "Ev", 2, data.esc);

// E0h–EFh: loops, I/O, CALL/JMP.
op(0xe0, "loopne", "Jb", 5, control.loop, "all", inline.loop);
op(0xe1, "loope", "Jb", 6, control.loop, "all", inline.loop);
op(0xe2, "loop", "Jb", 5, control.loop, "all", inline.loop);
op(0xe3, "jcxz", "Jb", 6, control.jcxz, "all", inline.jcxz);
op(0xe4, "in", "AL,Ib", 10, data.inALIb);
op(0xe5, "in", "AX,Ib", 10, data.inAXIb);
op(0xe6, "out", "Ib,AL", 10, data.outIbAL);
op(0xe7, "out", "Ib,AX", 10, data.outIbAX);
op(0xe8, "call", "Jv", 19, control.callNear, "all", inline.callNear);
op(0xe9, "jmp", "Jv", 15, control.jmpNear, "all", inline.jmpRelative);
op(0xea, "jmp", "Ap", 15, control.jmpFar);
op(0xeb, "jmp", "Jb", 15, control.jmpShort, "all", inline.jmpRelative);
op(0xec, "in", "AL,DX", 8, data.inALDX);
op(0xed, "in", "AX,DX", 8, data.inAXDX);
op(0xee, "out", "DX,AL", 8, data.outDXAL);
op(0xef, "out", "DX,AX", 8, data.outDXAX);

// F0h–FFh.
prefix(0xf0, "lock");
prefix(0xf1, "lock"); // an undocumented alias of LOCK
prefix(0xf2, "repne");
prefix(0xf3, "rep");
op(0xf4, "hlt", "", 2, control.hlt);
op(0xf5, "cmc", "", 2, data.cmc);
grp(0xf6, 0, "test", "Eb,Ib", 5, alu.testEbIb, inline.testEbIb);
grp(0xf6, 1, "test", "Eb,Ib", 5, alu.testEbIb, inline.testEbIb);
grp(0xf6, 2, "not", "Eb", 3, alu.notEb);
grp(0xf6, 3, "neg", "Eb", 3, alu.negEb);
grp(0xf6, 4, "mul", "Eb", 0, muldiv.mulEb);
grp(0xf6, 5, "imul", "Eb", 0, muldiv.imulEb);
grp(0xf6, 6, "div", "Eb", 0, muldiv.divEb);
grp(0xf6, 7, "idiv", "Eb", 0, muldiv.idivEb);
grp(0xf7, 0, "test", "Ev,Iv", 5, alu.testEvIv, inline.testEvIv);
grp(0xf7, 1, "test", "Ev,Iv", 5, alu.testEvIv, inline.testEvIv);
grp(0xf7, 2, "not", "Ev", 3, alu.notEv);
grp(0xf7, 3, "neg", "Ev", 3, alu.negEv);
grp(0xf7, 4, "mul", "Ev", 0, muldiv.mulEv);
grp(0xf7, 5, "imul", "Ev", 0, muldiv.imulEv);
grp(0xf7, 6, "div", "Ev", 0, muldiv.divEv);
grp(0xf7, 7, "idiv", "Ev", 0, muldiv.idivEv);
op(0xf8, "clc", "", 2, data.clc);
op(0xf9, "stc", "", 2, data.stc);
op(0xfa, "cli", "", 2, data.cli);
op(0xfb, "sti", "", 2, data.sti);
op(0xfc, "cld", "", 2, data.cld);
op(0xfd, "std", "", 2, data.std);
grp(0xfe, 0, "inc", "Eb", 3, alu.incEb, inline.incEb);
grp(0xfe, 1, "dec", "Eb", 3, alu.decEb, inline.decEb);
// FEh /2–/7 are undefined; the 8086 runs them as the FFh forms would, the 80186 and later raise #UD.
const FF_FORMS: [string, string, Handler][] = [
  ["call", "Ev", control.callNearIndirect],
  ["call", "Mp", control.callFarIndirect],
  ["jmp", "Ev", control.jmpNearIndirect],
  ["jmp", "Mp", control.jmpFarIndirect],
  ["push", "Ev", data.pushEv],
  ["push", "Ev", data.pushEv],
];
FF_FORMS.forEach(([mnemonic, operands, exec], index) => {
  grpOn(0xfe, index + 2, mnemonic, operands, 16, exec, "8086");
  grpOn(0xfe, index + 2, "(bad)", "", 10, invalid, "186+");
});
grp(0xff, 0, "inc", "Ev", 3, alu.incEv, inline.incEv);
grp(0xff, 1, "dec", "Ev", 3, alu.decEv, inline.decEv);
FF_FORMS.slice(0, 5).forEach(([mnemonic, operands, exec], index) => grp(0xff, index + 2, mnemonic, operands, 16, exec));
grpOn(0xff, 7, "push", "Ev", 16, data.pushEv, "8086");
grpOn(0xff, 7, "(bad)", "", 10, invalid, "186+");

/** Mnemonics that always or may transfer control (OpcodeRow.transfer). */
const ALWAYS = new Set(["jmp", "call", "ret", "retf", "int", "int3", "iret", "hlt"]);
const MAY = new Set([
  "into",
  "loop",
  "loope",
  "loopne",
  "jcxz",
  "div",
  "idiv",
  "aam",
  ...CONDITIONS.map((cc) => "j" + cc),
]);
/** 0Fh: POP CS on the 8086, the two-byte escape on the 286 (LMSW and friends); 8Eh: MOV CS on the 8086. */
const MAY_CODES = new Set([0x0f, 0x8e]);

export const OPCODE_TABLE: readonly OpcodeRow[] = rows.map((row) => {
  if (ALWAYS.has(row.mnemonic)) return { ...row, transfer: "always" };
  if (MAY.has(row.mnemonic) || MAY_CODES.has(row.code)) return { ...row, transfer: "may" };
  return row;
});
