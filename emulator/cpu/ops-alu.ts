/**
 * The eight ALU operations (ADD OR ADC SBB AND SUB XOR CMP, numbered as in bits 3–5 of opcodes 00h–3Fh and the reg
 * field of 80h–83h), INC, DEC, NEG, NOT and TEST.
 */
import type { Cpu } from "./cpu.ts";
import type { Handler } from "./opcode-table.ts";
import { LAZY_ADD, LAZY_LOGIC, LAZY_SUB } from "./flags.ts";

const CMP = 7;

/**
 * Applies ALU operation `kind` to a and b at the given width; sets the flags and returns the masked result. One
 * setLazy call for all eight keeps the function small enough for the JS engine to inline into every caller.
 */
export function alu(cpu: Cpu, kind: number, a: number, b: number, bits: number): number {
  let result: number;
  let lazyKind = LAZY_LOGIC;
  switch (kind) {
    case 0:
      result = a + b;
      lazyKind = LAZY_ADD;
      break;
    case 1:
      result = a | b;
      break;
    case 2:
      result = a + b + (cpu.cf ? 1 : 0);
      lazyKind = LAZY_ADD;
      break;
    case 3:
      result = a - b - (cpu.cf ? 1 : 0);
      lazyKind = LAZY_SUB;
      break;
    case 4:
      result = a & b;
      break;
    case 6:
      result = a ^ b;
      break;
    default: // 5 SUB, 7 CMP
      result = a - b;
      lazyKind = LAZY_SUB;
      break;
  }
  cpu.setLazy(lazyKind, a, b, result, bits);
  return result & ((1 << bits) - 1);
}

/**
 * The ALU forms below come as eight handlers each, one per operation (indexed by the operation number), every one
 * its own small function: the JS engine then compiles each with its operation a constant, so `alu`'s switch and
 * the CMP test fold away instead of being an unpredictable branch shared by all eight opcodes.
 */

function ebGb(cpu: Cpu, kind: number): void {
  const result = alu(cpu, kind, cpu.readRM8(), cpu.getReg8(cpu.regField), 8);
  if (kind !== CMP) cpu.writeRM8(result);
}
/** 00h, 08h … 38h: op Eb, Gb. */
export const aluEbGb: readonly Handler[] = [
  (c) => ebGb(c, 0), (c) => ebGb(c, 1), (c) => ebGb(c, 2), (c) => ebGb(c, 3),
  (c) => ebGb(c, 4), (c) => ebGb(c, 5), (c) => ebGb(c, 6), (c) => ebGb(c, 7),
]; // prettier-ignore

function evGv(cpu: Cpu, kind: number): void {
  const result = alu(cpu, kind, cpu.readRM16(), cpu.regs[cpu.regField], 16);
  if (kind !== CMP) cpu.writeRM16(result);
}
/** 01h … 39h: op Ev, Gv. */
export const aluEvGv: readonly Handler[] = [
  (c) => evGv(c, 0), (c) => evGv(c, 1), (c) => evGv(c, 2), (c) => evGv(c, 3),
  (c) => evGv(c, 4), (c) => evGv(c, 5), (c) => evGv(c, 6), (c) => evGv(c, 7),
]; // prettier-ignore

function gbEb(cpu: Cpu, kind: number): void {
  const result = alu(cpu, kind, cpu.getReg8(cpu.regField), cpu.readRM8(), 8);
  if (kind !== CMP) cpu.setReg8(cpu.regField, result);
}
/** 02h … 3Ah: op Gb, Eb. */
export const aluGbEb: readonly Handler[] = [
  (c) => gbEb(c, 0), (c) => gbEb(c, 1), (c) => gbEb(c, 2), (c) => gbEb(c, 3),
  (c) => gbEb(c, 4), (c) => gbEb(c, 5), (c) => gbEb(c, 6), (c) => gbEb(c, 7),
]; // prettier-ignore

function gvEv(cpu: Cpu, kind: number): void {
  const result = alu(cpu, kind, cpu.regs[cpu.regField], cpu.readRM16(), 16);
  if (kind !== CMP) cpu.regs[cpu.regField] = result;
}
/** 03h … 3Bh: op Gv, Ev. */
export const aluGvEv: readonly Handler[] = [
  (c) => gvEv(c, 0), (c) => gvEv(c, 1), (c) => gvEv(c, 2), (c) => gvEv(c, 3),
  (c) => gvEv(c, 4), (c) => gvEv(c, 5), (c) => gvEv(c, 6), (c) => gvEv(c, 7),
]; // prettier-ignore

function alIb(cpu: Cpu, kind: number): void {
  const result = alu(cpu, kind, cpu.regs8[0], cpu.fetch8(), 8);
  if (kind !== CMP) cpu.regs8[0] = result;
}
/** 04h … 3Ch: op AL, Ib. */
export const aluALIb: readonly Handler[] = [
  (c) => alIb(c, 0), (c) => alIb(c, 1), (c) => alIb(c, 2), (c) => alIb(c, 3),
  (c) => alIb(c, 4), (c) => alIb(c, 5), (c) => alIb(c, 6), (c) => alIb(c, 7),
]; // prettier-ignore

function axIv(cpu: Cpu, kind: number): void {
  const result = alu(cpu, kind, cpu.regs[0], cpu.fetch16(), 16);
  if (kind !== CMP) cpu.regs[0] = result;
}
/** 05h … 3Dh: op AX, Iv. */
export const aluAXIv: readonly Handler[] = [
  (c) => axIv(c, 0), (c) => axIv(c, 1), (c) => axIv(c, 2), (c) => axIv(c, 3),
  (c) => axIv(c, 4), (c) => axIv(c, 5), (c) => axIv(c, 6), (c) => axIv(c, 7),
]; // prettier-ignore

function ebIb(cpu: Cpu, kind: number): void {
  const a = cpu.readRM8();
  const result = alu(cpu, kind, a, cpu.fetch8(), 8);
  if (kind !== CMP) cpu.writeRM8(result);
}
/** 80h /r and its alias 82h: op Eb, Ib. */
export const aluEbIb: readonly Handler[] = [
  (c) => ebIb(c, 0), (c) => ebIb(c, 1), (c) => ebIb(c, 2), (c) => ebIb(c, 3),
  (c) => ebIb(c, 4), (c) => ebIb(c, 5), (c) => ebIb(c, 6), (c) => ebIb(c, 7),
]; // prettier-ignore

function evIv(cpu: Cpu, kind: number): void {
  const a = cpu.readRM16();
  const result = alu(cpu, kind, a, cpu.fetch16(), 16);
  if (kind !== CMP) cpu.writeRM16(result);
}
/** 81h /r: op Ev, Iv. */
export const aluEvIv: readonly Handler[] = [
  (c) => evIv(c, 0), (c) => evIv(c, 1), (c) => evIv(c, 2), (c) => evIv(c, 3),
  (c) => evIv(c, 4), (c) => evIv(c, 5), (c) => evIv(c, 6), (c) => evIv(c, 7),
]; // prettier-ignore

function evIb(cpu: Cpu, kind: number): void {
  const a = cpu.readRM16();
  const result = alu(cpu, kind, a, cpu.fetchS8() & 0xffff, 16);
  if (kind !== CMP) cpu.writeRM16(result);
}
/** 83h /r: op Ev, Ib with the byte sign-extended to a word. */
export const aluEvIb: readonly Handler[] = [
  (c) => evIb(c, 0), (c) => evIb(c, 1), (c) => evIb(c, 2), (c) => evIb(c, 3),
  (c) => evIb(c, 4), (c) => evIb(c, 5), (c) => evIb(c, 6), (c) => evIb(c, 7),
]; // prettier-ignore

function inc(cpu: Cpu, value: number, bits: number): number {
  const result = value + 1;
  cpu.setLazyKeepCF(LAZY_ADD, value, 1, result, bits);
  return result & ((1 << bits) - 1);
}

function dec(cpu: Cpu, value: number, bits: number): number {
  const result = value - 1;
  cpu.setLazyKeepCF(LAZY_SUB, value, 1, result, bits);
  return result & ((1 << bits) - 1);
}

/** 40h–47h: INC r16. */
export function incReg(cpu: Cpu, op: number): void {
  cpu.regs[op & 7] = inc(cpu, cpu.regs[op & 7], 16);
}

/** 48h–4Fh: DEC r16. */
export function decReg(cpu: Cpu, op: number): void {
  cpu.regs[op & 7] = dec(cpu, cpu.regs[op & 7], 16);
}

/** FEh /0, FFh /0: INC Eb / Ev. */
export function incEb(cpu: Cpu): void {
  cpu.writeRM8(inc(cpu, cpu.readRM8(), 8));
}
export function incEv(cpu: Cpu): void {
  cpu.writeRM16(inc(cpu, cpu.readRM16(), 16));
}

/** FEh /1, FFh /1: DEC Eb / Ev. */
export function decEb(cpu: Cpu): void {
  cpu.writeRM8(dec(cpu, cpu.readRM8(), 8));
}
export function decEv(cpu: Cpu): void {
  cpu.writeRM16(dec(cpu, cpu.readRM16(), 16));
}

/** 84h / 85h: TEST Eb,Gb / Ev,Gv. */
export function testEbGb(cpu: Cpu): void {
  alu(cpu, 4, cpu.readRM8(), cpu.getReg8(cpu.regField), 8);
}
export function testEvGv(cpu: Cpu): void {
  alu(cpu, 4, cpu.readRM16(), cpu.regs[cpu.regField], 16);
}

/** A8h / A9h: TEST AL,Ib / AX,Iv. */
export function testALIb(cpu: Cpu): void {
  alu(cpu, 4, cpu.regs8[0], cpu.fetch8(), 8);
}
export function testAXIv(cpu: Cpu): void {
  alu(cpu, 4, cpu.regs[0], cpu.fetch16(), 16);
}

/** F6h /0 (and /1, its 8086 alias): TEST Eb, Ib; F7h /0, /1: TEST Ev, Iv. */
export function testEbIb(cpu: Cpu): void {
  const a = cpu.readRM8();
  alu(cpu, 4, a, cpu.fetch8(), 8);
}
export function testEvIv(cpu: Cpu): void {
  const a = cpu.readRM16();
  alu(cpu, 4, a, cpu.fetch16(), 16);
}

/** F6h /2, F7h /2: NOT (no flags). */
export function notEb(cpu: Cpu): void {
  cpu.writeRM8(~cpu.readRM8() & 0xff);
}
export function notEv(cpu: Cpu): void {
  cpu.writeRM16(~cpu.readRM16() & 0xffff);
}

/** F6h /3, F7h /3: NEG, flags as for 0 - operand (CF set unless the operand was 0). */
export function negEb(cpu: Cpu): void {
  const value = cpu.readRM8();
  const result = 0 - value;
  cpu.setLazy(LAZY_SUB, 0, value, result, 8);
  cpu.writeRM8(result & 0xff);
}
export function negEv(cpu: Cpu): void {
  const value = cpu.readRM16();
  const result = 0 - value;
  cpu.setLazy(LAZY_SUB, 0, value, result, 16);
  cpu.writeRM16(result & 0xffff);
}
