/**
 * Control transfer: conditional jumps, JCXZ and LOOPs, JMP/CALL/RET near and far, INT/INTO/IRET, HLT, and the
 * indirect forms in group FFh.
 */
import { Vector, type Cpu } from "./cpu.ts";

const CX = 1, CS = 1; // prettier-ignore

/**
 * Condition code cc (the low nibble of 70h–7Fh): pairs test one condition, the odd member negates it
 * (8086 Family User's Manual table 2-15).
 */
export function condition(cpu: Cpu, cc: number): boolean {
  let result: boolean;
  switch (cc >>> 1) {
    case 0:
      result = cpu.of;
      break;
    case 1:
      result = cpu.cf;
      break;
    case 2:
      result = cpu.zf;
      break;
    case 3:
      result = cpu.cf || cpu.zf;
      break;
    case 4:
      result = cpu.sf;
      break;
    case 5:
      result = cpu.pf;
      break;
    case 6:
      result = cpu.sf !== cpu.of;
      break;
    default:
      result = cpu.zf || cpu.sf !== cpu.of;
      break;
  }
  return (cc & 1) === 0 ? result : !result;
}

/** 70h–7Fh (and 60h–6Fh on the 8086, which decodes only the low four bits): Jcc rel8. */
export function jcc(cpu: Cpu, op: number): void {
  const displacement = cpu.fetchS8();
  if (condition(cpu, op & 0x0f)) {
    cpu.ip = (cpu.ip + displacement) & 0xffff;
    cpu.cycles += 12;
  }
}

/** EBh: JMP rel8. */
export function jmpShort(cpu: Cpu): void {
  const displacement = cpu.fetchS8();
  cpu.ip = (cpu.ip + displacement) & 0xffff;
}

/** E9h: JMP rel16. */
export function jmpNear(cpu: Cpu): void {
  const displacement = cpu.fetch16();
  cpu.ip = (cpu.ip + displacement) & 0xffff;
}

/** EAh: JMP ptr16:16. */
export function jmpFar(cpu: Cpu): void {
  const offset = cpu.fetch16();
  const segment = cpu.fetch16();
  cpu.sregs[CS] = segment;
  cpu.ip = offset;
}

/** E8h: CALL rel16. */
export function callNear(cpu: Cpu): void {
  const displacement = cpu.fetch16();
  cpu.push16(cpu.ip);
  cpu.ip = (cpu.ip + displacement) & 0xffff;
}

/** 9Ah: CALL ptr16:16. */
export function callFar(cpu: Cpu): void {
  const offset = cpu.fetch16();
  const segment = cpu.fetch16();
  cpu.push16(cpu.sregs[CS]);
  cpu.push16(cpu.ip);
  cpu.sregs[CS] = segment;
  cpu.ip = offset;
}

/** C3h (and C1h on the 8086): RET; C2h (and C0h on the 8086): RET imm16, which also releases imm16 bytes. */
export function retNear(cpu: Cpu, op: number): void {
  const release = (op & 1) === 0 ? cpu.fetch16() : 0;
  cpu.ip = cpu.pop16();
  cpu.regs[4] = (cpu.regs[4] + release) & 0xffff;
}

/** CBh (and C9h on the 8086): RETF; CAh (and C8h on the 8086): RETF imm16. */
export function retFar(cpu: Cpu, op: number): void {
  const release = (op & 1) === 0 ? cpu.fetch16() : 0;
  const ip = cpu.pop16();
  cpu.sregs[CS] = cpu.pop16();
  cpu.ip = ip;
  cpu.regs[4] = (cpu.regs[4] + release) & 0xffff;
}

/** E3h: JCXZ rel8. */
export function jcxz(cpu: Cpu): void {
  const displacement = cpu.fetchS8();
  if (cpu.regs[CX] === 0) cpu.ip = (cpu.ip + displacement) & 0xffff;
}

/** E0h LOOPNE, E1h LOOPE, E2h LOOP: decrement CX (no flags) and jump while CX ≠ 0 (and the ZF condition holds). */
export function loop(cpu: Cpu, op: number): void {
  const displacement = cpu.fetchS8();
  const count = (cpu.regs[CX] - 1) & 0xffff;
  cpu.regs[CX] = count;
  let taken = count !== 0;
  if (op === 0xe0) taken &&= !cpu.zf;
  else if (op === 0xe1) taken &&= cpu.zf;
  if (taken) {
    cpu.ip = (cpu.ip + displacement) & 0xffff;
    cpu.cycles += 12;
  }
}

/** CCh: INT 3. */
export function int3(cpu: Cpu): void {
  cpu.interrupt(Vector.Breakpoint);
}

/** CDh: INT imm8. */
export function intImm(cpu: Cpu): void {
  cpu.interrupt(cpu.fetch8());
}

/** CEh: INTO — INT 4 when OF is set. */
export function into(cpu: Cpu): void {
  if (cpu.of) cpu.interrupt(Vector.Overflow);
}

/** CFh: IRET — pop IP, CS, FLAGS. */
export function iret(cpu: Cpu): void {
  const ip = cpu.pop16();
  const cs = cpu.pop16();
  const flags = cpu.pop16();
  cpu.ip = ip;
  cpu.sregs[CS] = cs;
  cpu.setFlags(flags);
}

/** F4h: HLT. */
export function hlt(cpu: Cpu): void {
  cpu.halt();
}

/** FFh /2: CALL Ev (near indirect). */
export function callNearIndirect(cpu: Cpu): void {
  const target = cpu.readRM16();
  cpu.push16(cpu.ip);
  cpu.ip = target;
}

/** FFh /4: JMP Ev (near indirect). */
export function jmpNearIndirect(cpu: Cpu): void {
  cpu.ip = cpu.readRM16();
}

/**
 * Reads the far pointer of FFh /3 and /5 (offset, then segment). A register operand is invalid on the 286; the
 * 8086 has no such check and reads the pointer from wherever its last effective address points (here: offset 0 of
 * the register's default segment), which the conformance suite does not test.
 */
function farPointer(cpu: Cpu): [number, number] | null {
  if (cpu.mod === 3) {
    if (cpu.is186) cpu.invalidOpcode();
    return null;
  }
  const offset = cpu.read16(cpu.eaSeg, cpu.eaOff);
  const segment = cpu.read16(cpu.eaSeg, (cpu.eaOff + 2) & 0xffff);
  farTarget[0] = offset;
  farTarget[1] = segment;
  return farTarget;
}
const farTarget: [number, number] = [0, 0];

/** FFh /3: CALL Mp (far indirect). */
export function callFarIndirect(cpu: Cpu): void {
  const target = farPointer(cpu);
  if (!target) return;
  const [offset, segment] = target;
  cpu.push16(cpu.sregs[CS]);
  cpu.push16(cpu.ip);
  cpu.sregs[CS] = segment;
  cpu.ip = offset;
}

/** FFh /5: JMP Mp (far indirect). */
export function jmpFarIndirect(cpu: Cpu): void {
  const target = farPointer(cpu);
  if (!target) return;
  cpu.sregs[CS] = target[1];
  cpu.ip = target[0];
}
