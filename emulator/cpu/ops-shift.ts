/**
 * Shifts and rotates: D0h–D3h (by 1 and by CL) and, from the 80186, C0h/C1h (by an immediate byte). The operation
 * is the ModR/M reg field: ROL ROR RCL RCR SHL SHR /6 SAR.
 *
 * The 8086 shifts by the full count, one bit per microcode loop; the 80186 and later mask the count to 5 bits
 * (80186 data sheet, "Shift/rotate count"). Each step below is one bit of that loop, so the flags after a
 * multi-bit shift are those of its last step, as on the chip.
 */
import type { Cpu } from "./cpu.ts";
import { CF, OF } from "./flags.ts";

/** Shifts `value` (of `bits` width) by `count` with operation `kind`; sets the flags and returns the result. */
export function shift(cpu: Cpu, kind: number, value: number, count: number, bits: number): number {
  if (cpu.is186) count &= 0x1f;
  if (count === 0) return value;
  const mask = bits === 8 ? 0xff : 0xffff;
  const top = bits - 1;
  let carry = cpu.cf ? 1 : 0;
  let overflow = 0;
  if (kind === 6) {
    // /6 is undocumented: SETMO on the 8086, another SHL on the 80186 and later.
    if (!cpu.is186) return setmo(cpu, mask, bits);
    kind = 4;
  }
  switch (kind) {
    case 0: // ROL
      for (let i = 0; i < count; i++) {
        carry = value >>> top;
        value = ((value << 1) | carry) & mask;
      }
      overflow = (value >>> top) ^ carry;
      return rotated(cpu, value, carry, overflow);
    case 1: // ROR
      for (let i = 0; i < count; i++) {
        carry = value & 1;
        value = (value >>> 1) | (carry << top);
      }
      overflow = ((value >>> top) ^ (value >>> (top - 1))) & 1;
      return rotated(cpu, value, carry, overflow);
    case 2: // RCL
      for (let i = 0; i < count; i++) {
        const out = value >>> top;
        value = ((value << 1) | carry) & mask;
        carry = out;
      }
      overflow = (value >>> top) ^ carry;
      return rotated(cpu, value, carry, overflow);
    case 3: // RCR
      for (let i = 0; i < count; i++) {
        overflow = (value >>> top) ^ carry;
        const out = value & 1;
        value = (value >>> 1) | (carry << top);
        carry = out;
      }
      return rotated(cpu, value, carry, overflow);
    case 4: // SHL / SAL
      for (let i = 0; i < count; i++) {
        carry = value >>> top;
        value = (value << 1) & mask;
      }
      overflow = (value >>> top) ^ carry;
      break;
    case 5: // SHR
      for (let i = 0; i < count; i++) {
        overflow = value >>> top;
        carry = value & 1;
        value >>>= 1;
      }
      break;
    default: // 7 SAR
      for (let i = 0; i < count; i++) {
        carry = value & 1;
        value = (value >>> 1) | (value & (1 << top));
      }
      overflow = 0;
      break;
  }
  cpu.setResultFlags(value, bits, carry !== 0, false, overflow !== 0);
  return value;
}

/** Rotates change only CF and OF. */
function rotated(cpu: Cpu, value: number, carry: number, overflow: number): number {
  cpu.setFlag(CF, carry !== 0);
  cpu.setFlag(OF, overflow !== 0);
  return value;
}

/**
 * 8086 /6 (undocumented "SETMO"): the result is all ones, with flags as a logic result of FFh/FFFFh (CF, OF, AF
 * clear).
 */
function setmo(cpu: Cpu, mask: number, bits: number): number {
  cpu.setResultFlags(mask, bits, false, false, false);
  return mask;
}

/** D0h: shift Eb by 1. */
export function shiftEb1(cpu: Cpu): void {
  cpu.writeRM8(shift(cpu, cpu.regField, cpu.readRM8(), 1, 8));
}
/** D1h: shift Ev by 1. */
export function shiftEv1(cpu: Cpu): void {
  cpu.writeRM16(shift(cpu, cpu.regField, cpu.readRM16(), 1, 16));
}
/** D2h: shift Eb by CL. */
export function shiftEbCL(cpu: Cpu): void {
  const count = cpu.regs8[2];
  cpu.cycles += 4 * count;
  cpu.writeRM8(shift(cpu, cpu.regField, cpu.readRM8(), count, 8));
}
/** D3h: shift Ev by CL. */
export function shiftEvCL(cpu: Cpu): void {
  const count = cpu.regs8[2];
  cpu.cycles += 4 * count;
  cpu.writeRM16(shift(cpu, cpu.regField, cpu.readRM16(), count, 16));
}
/** C0h (80186+): shift Eb by Ib. */
export function shiftEbIb(cpu: Cpu): void {
  const value = cpu.readRM8();
  cpu.writeRM8(shift(cpu, cpu.regField, value, cpu.fetch8(), 8));
}
/** C1h (80186+): shift Ev by Ib. */
export function shiftEvIb(cpu: Cpu): void {
  const value = cpu.readRM16();
  cpu.writeRM16(shift(cpu, cpu.regField, value, cpu.fetch8(), 16));
}
