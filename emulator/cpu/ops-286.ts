/**
 * The 286's two-byte opcodes (0Fh xx). In real mode only the machine-status-word instructions are useful: SMSW,
 * LMSW and CLTS. The descriptor-table and protected-mode instructions raise #UD in real mode, as do undefined
 * second bytes (80286 Programmer's Reference, appendix B).
 */
import type { Cpu } from "./cpu.ts";

/** 0Fh: the two-byte opcode escape. */
export function twoByte(cpu: Cpu): void {
  const op = cpu.fetch8();
  if (op === 0x01) {
    cpu.decodeModrm();
    switch (cpu.regField) {
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
