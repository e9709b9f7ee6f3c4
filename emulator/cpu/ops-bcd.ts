/**
 * Decimal adjustment: DAA, DAS, AAA, AAS, AAM, AAD (8086 Family User's Manual, "Arithmetic instructions").
 * Flags the manual leaves undefined are computed here the simple way; the conformance suite masks them.
 */
import type { Cpu } from "./cpu.ts";

/**
 * DAA/DAS add or subtract 60h when the original AL is above this (or CF was set). The 286 follows Intel's documented
 * 99h; the 8086 compares with 9Fh when AF was set on entry (SingleStepTests 8086).
 */
function decimalThreshold(cpu: Cpu): number {
  return !cpu.is286 && cpu.af ? 0x9f : 0x99;
}

/** 27h: DAA — adjust AL after an addition of packed BCD. */
export function daa(cpu: Cpu): void {
  const old = cpu.regs8[0];
  const oldCarry = cpu.cf;
  const threshold = decimalThreshold(cpu);
  let value = old;
  let af = false;
  let cf = false;
  if ((old & 0x0f) > 9 || cpu.af) {
    value += 6;
    af = true;
  }
  if (old > threshold || oldCarry) {
    value += 0x60;
    cf = true;
  }
  value &= 0xff;
  cpu.regs8[0] = value;
  cpu.setResultFlags(value, 8, cf, af, false);
}

/** 2Fh: DAS — adjust AL after a subtraction of packed BCD. */
export function das(cpu: Cpu): void {
  const old = cpu.regs8[0];
  const oldCarry = cpu.cf;
  const threshold = decimalThreshold(cpu);
  let value = old;
  let af = false;
  let cf = false;
  if ((old & 0x0f) > 9 || cpu.af) {
    value -= 6;
    af = true;
    // The 286 keeps the borrow of this step in CF (Intel's DAS pseudo-code); the 8086 does not.
    if (cpu.is286 && value < 0) cf = true;
  }
  if (old > threshold || oldCarry) {
    value -= 0x60;
    cf = true;
  }
  value &= 0xff;
  cpu.regs8[0] = value;
  cpu.setResultFlags(value, 8, cf, af, false);
}

/** 37h: AAA — adjust AL after an addition of unpacked BCD, carrying into AH. */
export function aaa(cpu: Cpu): void {
  const adjust = (cpu.regs8[0] & 0x0f) > 9 || cpu.af;
  if (adjust) {
    // The 286 adds 106h to AX; the 8086 adds 6 to AL and 1 to AH separately.
    if (cpu.is286) cpu.regs[0] = cpu.regs[0] + 0x106;
    else {
      cpu.regs8[0] += 6;
      cpu.regs8[1] += 1;
    }
  }
  cpu.regs8[0] &= 0x0f;
  cpu.setResultFlags(cpu.regs8[0], 8, adjust, adjust, false);
}

/** 3Fh: AAS — adjust AL after a subtraction of unpacked BCD, borrowing from AH. */
export function aas(cpu: Cpu): void {
  const adjust = (cpu.regs8[0] & 0x0f) > 9 || cpu.af;
  if (adjust) {
    if (cpu.is286) cpu.regs[0] = cpu.regs[0] - 6;
    else cpu.regs8[0] -= 6;
    cpu.regs8[1] -= 1;
  }
  cpu.regs8[0] &= 0x0f;
  cpu.setResultFlags(cpu.regs8[0], 8, adjust, adjust, false);
}

/** D4h ib: AAM — AH = AL / ib, AL = AL mod ib; divide error when ib = 0. */
export function aam(cpu: Cpu): void {
  const base = cpu.fetch8();
  cpu.cycles += 83;
  if (base === 0) {
    // The chip's division microcode leaves the flags of a zero result before raising the divide error.
    cpu.setResultFlags(0, 8, false, false, false);
    return cpu.divideError();
  }
  const al = cpu.regs8[0];
  cpu.regs8[1] = Math.floor(al / base);
  cpu.regs8[0] = al % base;
  cpu.setResultFlags(cpu.regs8[0], 8, false, false, false);
}

/** D5h ib: AAD — AL = AH × ib + AL, AH = 0; flags as the 8-bit addition that forms AL. */
export function aad(cpu: Cpu): void {
  const base = cpu.fetch8();
  cpu.cycles += 60;
  const product = (cpu.regs8[1] * base) & 0xff;
  const al = cpu.regs8[0];
  const sum = product + al;
  cpu.regs[0] = sum & 0xff;
  const carry = sum > 0xff;
  const auxiliary = ((product ^ al ^ sum) & 0x10) !== 0;
  const overflow = ((product ^ sum) & (al ^ sum) & 0x80) !== 0;
  cpu.setResultFlags(sum & 0xff, 8, carry, auxiliary, overflow);
}
