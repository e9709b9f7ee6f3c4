/** Instructions the 80186 added and the 286 keeps: PUSHA, POPA, BOUND, PUSH imm, ENTER, LEAVE. */
import { Vector, type Cpu } from "./cpu.ts";

const SP = 4, BP = 5; // prettier-ignore

/** 60h: PUSHA — AX CX DX BX, the original SP, BP SI DI. */
export function pusha(cpu: Cpu): void {
  const originalSp = cpu.regs[SP];
  for (let reg = 0; reg < 8; reg++) cpu.push16(reg === SP ? originalSp : cpu.regs[reg]);
}

/** 61h: POPA — the reverse, discarding the saved SP. */
export function popa(cpu: Cpu): void {
  for (let reg = 7; reg >= 0; reg--) {
    const value = cpu.pop16();
    if (reg !== SP) cpu.regs[reg] = value;
  }
}

/** 62h: BOUND Gv, Ma — INT 5 (a fault) unless lower ≤ Gv ≤ upper, all signed; a register operand is #UD. */
export function bound(cpu: Cpu): void {
  if (cpu.mod === 3) cpu.invalidOpcode();
  const lower = (cpu.read16(cpu.eaSeg, cpu.eaOff) << 16) >> 16;
  const upper = (cpu.read16(cpu.eaSeg, (cpu.eaOff + 2) & 0xffff) << 16) >> 16;
  const index = (cpu.regs[cpu.regField] << 16) >> 16;
  if (index < lower || index > upper) cpu.fault(Vector.Bound);
}

/** 68h: PUSH Iv. */
export function pushIv(cpu: Cpu): void {
  cpu.push16(cpu.fetch16());
}

/** 6Ah: PUSH Ib (sign-extended). */
export function pushIb(cpu: Cpu): void {
  cpu.push16(cpu.fetchS8() & 0xffff);
}

/**
 * C8h: ENTER Iw, Ib — make a stack frame of Iw bytes at nesting level Ib (mod 32), copying level-1 frame pointers
 * from the enclosing frame (80186 data sheet, ENTER).
 */
export function enter(cpu: Cpu): void {
  const size = cpu.fetch16();
  const level = cpu.fetch8() & 0x1f;
  cpu.push16(cpu.regs[BP]);
  const frame = cpu.regs[SP];
  if (level > 0) {
    let bp = cpu.regs[BP];
    for (let i = 1; i < level; i++) {
      bp = (bp - 2) & 0xffff;
      cpu.push16(cpu.read16(2, bp));
    }
    cpu.push16(frame);
  }
  cpu.regs[BP] = frame;
  cpu.regs[SP] = (cpu.regs[SP] - size) & 0xffff;
  cpu.cycles += 4 * level;
}

/** C9h: LEAVE — SP = BP, pop BP. */
export function leave(cpu: Cpu): void {
  const frame = cpu.regs[BP];
  const saved = cpu.read16(2, frame); // may fault (BP = FFFFh on the 286) before any register changes
  cpu.regs[SP] = (frame + 2) & 0xffff;
  cpu.regs[BP] = saved;
}
