/**
 * The 286's two-byte opcodes (0Fh xx) as they behave in real mode (80286 Programmer's Reference, chapter 8 and
 * appendix B): SMSW, LMSW and CLTS; SGDT, SIDT, LGDT and LIDT, which are valid in real address mode "to facilitate
 * initialization prior to entering protected mode" and need a memory operand (a register one is #UD). The other
 * protected-mode instructions (LLDT, LTR, VERR, LAR, ...) raise #UD in real mode, as do undefined second bytes.
 */
import type { Cpu } from "./cpu.ts";

/** 0Fh: the two-byte opcode escape. */
export function twoByte(cpu: Cpu): void {
  const op = cpu.fetch8();
  if (op === 0x01) {
    cpu.decodeModrm();
    switch (cpu.regField) {
      case 0: // SGDT m
        return storeTableRegister(cpu, cpu.gdtBase, cpu.gdtLimit);
      case 1: // SIDT m
        return storeTableRegister(cpu, cpu.idtBase, cpu.idtLimit);
      case 2: // LGDT m
        [cpu.gdtBase, cpu.gdtLimit] = loadTableRegister(cpu);
        return;
      case 3: // LIDT m
        [cpu.idtBase, cpu.idtLimit] = loadTableRegister(cpu);
        return;
      case 4: // SMSW Ew: the undefined high bits read as 1 (80286 PRM, SMSW)
        cpu.writeRM16(0xfff0 | cpu.msw);
        return;
      case 6: // LMSW Ew: PE cannot be cleared once set; Realmode models real mode only, so PE stays clear.
        cpu.msw = (cpu.msw & 1) | (cpu.readRM16() & 0x0e);
        return;
    }
  } else if (op === 0x06) {
    cpu.msw &= ~0x08; // CLTS: clear the task-switched bit
    return;
  }
  cpu.invalidOpcode();
}

/**
 * SGDT/SIDT: the limit, then the 24-bit base, then a sixth byte the manual leaves undefined, which the 286 writes
 * as FFh (CPU-identification code tells a 286 from a 386 by it).
 */
function storeTableRegister(cpu: Cpu, base: number, limit: number): void {
  if (cpu.mod === 3) cpu.invalidOpcode();
  const seg = cpu.eaSeg;
  const offset = cpu.eaOff;
  cpu.write16(seg, offset, limit);
  cpu.write16(seg, (offset + 2) & 0xffff, base & 0xffff);
  cpu.write16(seg, (offset + 4) & 0xffff, 0xff00 | (base >>> 16));
}

/** LGDT/LIDT: [base, limit] from the limit word and the 24-bit base (the sixth byte is not used). */
function loadTableRegister(cpu: Cpu): [number, number] {
  if (cpu.mod === 3) cpu.invalidOpcode();
  const seg = cpu.eaSeg;
  const offset = cpu.eaOff;
  const limit = cpu.read16(seg, offset);
  const low = cpu.read16(seg, (offset + 2) & 0xffff);
  const high = cpu.read8(seg, (offset + 4) & 0xffff);
  return [low | (high << 16), limit];
}
