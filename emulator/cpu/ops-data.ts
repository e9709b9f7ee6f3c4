/**
 * Data movement and the small instructions: MOV, LEA, LDS/LES, XCHG, PUSH/POP, PUSHF/POPF, LAHF/SAHF, CBW/CWD,
 * XLAT, IN/OUT, the flag instructions, WAIT, ESC, SALC, and NOP.
 */
import type { Cpu } from "./cpu.ts";
import { CF, DF, IF } from "./flags.ts";

const AX = 0, DX = 2, BX = 3, SP = 4; // prettier-ignore
const CS = 1; // prettier-ignore

/** 88h: MOV Eb, Gb. */
export function movEbGb(cpu: Cpu): void {
  cpu.writeRM8(cpu.getReg8(cpu.regField));
}
/** 89h: MOV Ev, Gv. */
export function movEvGv(cpu: Cpu): void {
  cpu.writeRM16(cpu.regs[cpu.regField]);
}
/** 8Ah: MOV Gb, Eb. */
export function movGbEb(cpu: Cpu): void {
  cpu.setReg8(cpu.regField, cpu.readRM8());
}
/** 8Bh: MOV Gv, Ev. */
export function movGvEv(cpu: Cpu): void {
  cpu.regs[cpu.regField] = cpu.readRM16();
}

/** 8Ch: MOV Ev, Sw. The 8086 decodes only two bits of the segment number; the 286 rejects 4–7. */
export function movEvSw(cpu: Cpu): void {
  if (cpu.is286 && cpu.regField > 3) cpu.invalidOpcode();
  cpu.writeRM16(cpu.sregs[cpu.regField & 3]);
}

/** 8Eh: MOV Sw, Ew. Loading SS holds off interrupts for one instruction; MOV CS works on the 8086 only. */
export function movSwEv(cpu: Cpu): void {
  const seg = cpu.regField & 3;
  if (cpu.is286 && (cpu.regField > 3 || seg === CS)) cpu.invalidOpcode();
  cpu.setSreg(seg, cpu.readRM16());
}

/** A0h: MOV AL, [moffs]. */
export function movALOb(cpu: Cpu): void {
  const offset = cpu.fetch16();
  cpu.regs8[0] = cpu.read8(cpu.dataSegment(), offset);
}
/** A1h: MOV AX, [moffs]. */
export function movAXOv(cpu: Cpu): void {
  const offset = cpu.fetch16();
  cpu.regs[AX] = cpu.read16(cpu.dataSegment(), offset);
}
/** A2h: MOV [moffs], AL. */
export function movObAL(cpu: Cpu): void {
  const offset = cpu.fetch16();
  cpu.write8(cpu.dataSegment(), offset, cpu.regs8[0]);
}
/** A3h: MOV [moffs], AX. */
export function movOvAX(cpu: Cpu): void {
  const offset = cpu.fetch16();
  cpu.write16(cpu.dataSegment(), offset, cpu.regs[AX]);
}

/** B0h–B7h: MOV r8, Ib. */
export function movRegIb(cpu: Cpu, op: number): void {
  cpu.setReg8(op & 7, cpu.fetch8());
}
/** B8h–BFh: MOV r16, Iv. */
export function movRegIv(cpu: Cpu, op: number): void {
  cpu.regs[op & 7] = cpu.fetch16();
}

/** C6h /0 (any reg on the 8086): MOV Eb, Ib. */
export function movEbIb(cpu: Cpu): void {
  if (cpu.is186 && cpu.regField !== 0) cpu.invalidOpcode();
  cpu.writeRM8(cpu.fetch8());
}
/** C7h /0 (any reg on the 8086): MOV Ev, Iv. */
export function movEvIv(cpu: Cpu): void {
  if (cpu.is186 && cpu.regField !== 0) cpu.invalidOpcode();
  cpu.writeRM16(cpu.fetch16());
}

/**
 * 8Dh: LEA Gv, M. A register operand has no address: the 286 raises #UD; the 8086 loads the register operand's
 * value (what its EA latch holds for a register form).
 */
export function lea(cpu: Cpu): void {
  if (cpu.mod === 3) {
    if (cpu.is186) cpu.invalidOpcode();
    cpu.regs[cpu.regField] = cpu.regs[cpu.rm];
    return;
  }
  cpu.regs[cpu.regField] = cpu.eaOff;
}

/** C4h LES / C5h LDS: load a far pointer into Gv and ES/DS. */
export function loadFarPointer(cpu: Cpu, op: number): void {
  if (cpu.mod === 3) {
    if (cpu.is186) cpu.invalidOpcode();
    return;
  }
  const offset = cpu.read16(cpu.eaSeg, cpu.eaOff);
  const segment = cpu.read16(cpu.eaSeg, (cpu.eaOff + 2) & 0xffff);
  cpu.regs[cpu.regField] = offset;
  cpu.sregs[op === 0xc4 ? 0 : 3] = segment;
}

/** 86h: XCHG Eb, Gb. */
export function xchgEbGb(cpu: Cpu): void {
  const value = cpu.readRM8();
  cpu.writeRM8(cpu.getReg8(cpu.regField));
  cpu.setReg8(cpu.regField, value);
}
/** 87h: XCHG Ev, Gv. */
export function xchgEvGv(cpu: Cpu): void {
  const value = cpu.readRM16();
  cpu.writeRM16(cpu.regs[cpu.regField]);
  cpu.regs[cpu.regField] = value;
}
/** 90h–97h: XCHG AX, r16 (90h is NOP). */
export function xchgAXReg(cpu: Cpu, op: number): void {
  const reg = op & 7;
  const value = cpu.regs[reg];
  cpu.regs[reg] = cpu.regs[AX];
  cpu.regs[AX] = value;
}

/** 50h–57h: PUSH r16. PUSH SP pushes the decremented SP on the 8086 and the original on the 80186 and later. */
export function pushReg(cpu: Cpu, op: number): void {
  const reg = op & 7;
  if (reg === SP && !cpu.is186) cpu.push16((cpu.regs[SP] - 2) & 0xffff);
  else cpu.push16(cpu.regs[reg]);
}
/** 58h–5Fh: POP r16. */
export function popReg(cpu: Cpu, op: number): void {
  const value = cpu.pop16();
  cpu.regs[op & 7] = value;
}

/** 06h, 0Eh, 16h, 1Eh: PUSH ES/CS/SS/DS. */
export function pushSeg(cpu: Cpu, op: number): void {
  cpu.push16(cpu.sregs[(op >>> 3) & 3]);
}
/** 07h, 17h, 1Fh (and 0Fh, POP CS, on the 8086 only): POP ES/SS/DS. POP SS holds off interrupts for one instruction. */
export function popSeg(cpu: Cpu, op: number): void {
  cpu.setSreg((op >>> 3) & 3, cpu.pop16());
}

/** 8Fh /0 (any reg on the 8086): POP Ev. */
export function popEv(cpu: Cpu): void {
  if (cpu.is186 && cpu.regField !== 0) cpu.invalidOpcode();
  const value = cpu.pop16();
  cpu.writeRM16(value);
}

/** FFh /6 (and /7 on the 8086): PUSH Ev. As with PUSH SP, the 8086 pushes SP after its decrement. */
export function pushEv(cpu: Cpu): void {
  if (cpu.mod === 3 && cpu.rm === SP && !cpu.is186) {
    cpu.push16((cpu.regs[SP] - 2) & 0xffff);
    return;
  }
  cpu.push16(cpu.readRM16());
}

/** 9Ch: PUSHF. */
export function pushf(cpu: Cpu): void {
  cpu.push16(cpu.getFlags());
}
/** 9Dh: POPF. */
export function popf(cpu: Cpu): void {
  cpu.setFlags(cpu.pop16());
}

/** 9Eh: SAHF — SF ZF AF PF CF from AH. */
export function sahf(cpu: Cpu): void {
  cpu.materializeFlags();
  cpu.flags = (cpu.flags & 0xff00) | (cpu.regs8[1] & 0xd5);
}
/** 9Fh: LAHF — AH = the low byte of FLAGS. */
export function lahf(cpu: Cpu): void {
  cpu.regs8[1] = cpu.getFlags() & 0xff;
}

/** 98h: CBW. */
export function cbw(cpu: Cpu): void {
  cpu.regs[AX] = (cpu.regs8[0] << 24) >> 24;
}
/** 99h: CWD. */
export function cwd(cpu: Cpu): void {
  cpu.regs[DX] = cpu.regs[AX] & 0x8000 ? 0xffff : 0;
}

/** D7h: XLAT — AL = [seg:BX + AL]. */
export function xlat(cpu: Cpu): void {
  cpu.regs8[0] = cpu.read8(cpu.dataSegment(), (cpu.regs[BX] + cpu.regs8[0]) & 0xffff);
}

/** D6h (undocumented): SALC — AL = FFh if CF else 00h. */
export function salc(cpu: Cpu): void {
  cpu.regs8[0] = cpu.cf ? 0xff : 0;
}

/** E4h–E7h: IN/OUT with an immediate port. */
export function inALIb(cpu: Cpu): void {
  cpu.regs8[0] = cpu.in8(cpu.fetch8());
}
export function inAXIb(cpu: Cpu): void {
  cpu.regs[AX] = cpu.in16(cpu.fetch8());
}
export function outIbAL(cpu: Cpu): void {
  cpu.out8(cpu.fetch8(), cpu.regs8[0]);
}
export function outIbAX(cpu: Cpu): void {
  cpu.out16(cpu.fetch8(), cpu.regs[AX]);
}
/** ECh–EFh: IN/OUT with the port in DX. */
export function inALDX(cpu: Cpu): void {
  cpu.regs8[0] = cpu.in8(cpu.regs[DX]);
}
export function inAXDX(cpu: Cpu): void {
  cpu.regs[AX] = cpu.in16(cpu.regs[DX]);
}
export function outDXAL(cpu: Cpu): void {
  cpu.out8(cpu.regs[DX], cpu.regs8[0]);
}
export function outDXAX(cpu: Cpu): void {
  cpu.out16(cpu.regs[DX], cpu.regs[AX]);
}

/** F5h CMC, F8h CLC, F9h STC. */
export function cmc(cpu: Cpu): void {
  cpu.setFlag(CF, !cpu.cf);
}
export function clc(cpu: Cpu): void {
  cpu.setFlag(CF, false);
}
export function stc(cpu: Cpu): void {
  cpu.setFlag(CF, true);
}
/** FAh CLI. */
export function cli(cpu: Cpu): void {
  cpu.flags &= ~IF;
}
/** FBh STI: interrupts are recognised only after the next instruction. */
export function sti(cpu: Cpu): void {
  const wasEnabled = (cpu.flags & IF) !== 0;
  cpu.flags |= IF;
  if (!wasEnabled) cpu.inhibitInterrupts();
}
/** FCh CLD, FDh STD. */
export function cld(cpu: Cpu): void {
  cpu.flags &= ~DF;
}
export function std(cpu: Cpu): void {
  cpu.flags |= DF;
}

/** 9Bh: WAIT — with no coprocessor the TEST pin is never asserted busy, so it completes at once. */
export function wait(): void {}

/**
 * D8h–DFh: ESC. With no coprocessor the CPU decodes the ModR/M and its displacement, performs the operand read for
 * the coprocessor's benefit, and changes nothing else. The 286 reads a word, so an operand at offset FFFFh faults.
 */
export function esc(cpu: Cpu): void {
  if (cpu.mod === 3) return;
  if (cpu.is286) cpu.read16(cpu.eaSeg, cpu.eaOff);
  else cpu.read8(cpu.eaSeg, cpu.eaOff);
}
