/**
 * MUL, IMUL, DIV, IDIV (F6h/F7h /4–/7) and the 80186's three-operand IMUL (69h, 6Bh).
 *
 * 8086 quirks the hardware shows (SingleStepTests 8086): a REP prefix left on MUL/IMUL negates the product and
 * on IDIV the quotient, because the microcode uses the prefix latch as its sign flag; IDIV accepts quotients only in
 * -127..127 (-32767..32767), where the 80186 and later also accept -128 (-32768).
 */
import type { Cpu } from "./cpu.ts";

/** The 8086 microcode's sign latch is left set by a REP prefix. */
function repNegates(cpu: Cpu): boolean {
  return !cpu.is186 && cpu.repPrefix !== 0;
}

/** F6h /4: MUL Eb — AX = AL × Eb; CF = OF = (AH ≠ 0). */
export function mulEb(cpu: Cpu): void {
  let product = cpu.regs8[0] * cpu.readRM8();
  if (repNegates(cpu)) product = -product & 0xffff;
  cpu.regs[0] = product;
  const high = (product & 0xff00) !== 0;
  cpu.setResultFlags(product >>> 8, 8, high, false, high);
  cpu.cycles += 70;
}

/** F7h /4: MUL Ev — DX:AX = AX × Ev; CF = OF = (DX ≠ 0). */
export function mulEv(cpu: Cpu): void {
  let product = cpu.regs[0] * cpu.readRM16();
  if (repNegates(cpu)) product = 0x100000000 - product;
  const low = product % 0x10000;
  const high = Math.floor(product / 0x10000) & 0xffff;
  cpu.regs[0] = low;
  cpu.regs[2] = high;
  cpu.setResultFlags(high, 16, high !== 0, false, high !== 0);
  cpu.cycles += 118;
}

/** F6h /5: IMUL Eb — AX = AL × Eb signed; CF = OF = (AH is not the sign extension of AL). */
export function imulEb(cpu: Cpu): void {
  let product = ((cpu.regs8[0] << 24) >> 24) * ((cpu.readRM8() << 24) >> 24);
  if (repNegates(cpu)) product = -product;
  cpu.regs[0] = product & 0xffff;
  const fits = product === (product << 24) >> 24;
  cpu.setResultFlags((product >>> 8) & 0xff, 8, !fits, false, !fits);
  cpu.cycles += 85;
}

/** F7h /5: IMUL Ev — DX:AX = AX × Ev signed. */
export function imulEv(cpu: Cpu): void {
  let product = ((cpu.regs[0] << 16) >> 16) * ((cpu.readRM16() << 16) >> 16);
  if (repNegates(cpu)) product = -product;
  cpu.regs[0] = product & 0xffff;
  cpu.regs[2] = (product >> 16) & 0xffff;
  const fits = product === (product << 16) >> 16;
  cpu.setResultFlags((product >>> 16) & 0xffff, 16, !fits, false, !fits);
  cpu.cycles += 133;
}

/** F6h /6: DIV Eb — AL = AX / Eb, AH = remainder; divide error if Eb = 0 or the quotient exceeds FFh. */
export function divEb(cpu: Cpu): void {
  const divisor = cpu.readRM8();
  const dividend = cpu.regs[0];
  cpu.cycles += 80;
  if (divisor === 0) return cpu.divideError();
  const quotient = Math.floor(dividend / divisor);
  if (quotient > 0xff) return cpu.divideError();
  cpu.regs8[0] = quotient;
  cpu.regs8[1] = dividend % divisor;
}

/** F7h /6: DIV Ev — AX = DX:AX / Ev, DX = remainder. */
export function divEv(cpu: Cpu): void {
  const divisor = cpu.readRM16();
  const dividend = cpu.regs[2] * 0x10000 + cpu.regs[0];
  cpu.cycles += 144;
  if (divisor === 0) return cpu.divideError();
  const quotient = Math.floor(dividend / divisor);
  if (quotient > 0xffff) return cpu.divideError();
  cpu.regs[0] = quotient;
  cpu.regs[2] = dividend % divisor;
}

/** F6h /7: IDIV Eb — AL = AX / Eb signed (quotient truncated toward zero), AH = remainder with the dividend's sign. */
export function idivEb(cpu: Cpu): void {
  const divisor = (cpu.readRM8() << 24) >> 24;
  const dividend = (cpu.regs[0] << 16) >> 16;
  cpu.cycles += 101;
  if (divisor === 0) return cpu.divideError();
  let quotient = Math.trunc(dividend / divisor);
  const remainder = dividend % divisor;
  if (quotient > 0x7f || quotient < (cpu.is186 ? -0x80 : -0x7f)) return cpu.divideError();
  if (repNegates(cpu)) quotient = -quotient;
  cpu.regs8[0] = quotient;
  cpu.regs8[1] = remainder;
}

/** F7h /7: IDIV Ev — AX = DX:AX / Ev signed, DX = remainder. */
export function idivEv(cpu: Cpu): void {
  const divisor = (cpu.readRM16() << 16) >> 16;
  const dividend = (cpu.regs[2] << 16) | cpu.regs[0];
  cpu.cycles += 165;
  if (divisor === 0) return cpu.divideError();
  let quotient = Math.trunc(dividend / divisor);
  const remainder = dividend % divisor;
  if (quotient > 0x7fff || quotient < (cpu.is186 ? -0x8000 : -0x7fff)) return cpu.divideError();
  if (repNegates(cpu)) quotient = -quotient;
  cpu.regs[0] = quotient;
  cpu.regs[2] = remainder;
}

/** 69h / 6Bh (80186+): IMUL Gv, Ev, Iv/Ib — the low word of the signed product; CF = OF = it did not fit. */
export function imulGvEvIv(cpu: Cpu, op: number): void {
  const a = (cpu.readRM16() << 16) >> 16;
  const b = op === 0x6b ? cpu.fetchS8() : (cpu.fetch16() << 16) >> 16;
  const product = a * b;
  const fits = product === (product << 16) >> 16;
  cpu.regs[cpu.regField] = product & 0xffff;
  cpu.setResultFlags(product & 0xffff, 16, !fits, false, !fits);
  cpu.cycles += 22;
}
