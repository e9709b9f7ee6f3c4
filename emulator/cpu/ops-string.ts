/**
 * String instructions MOVS CMPS STOS LODS SCAS (A4h–AFh) and, from the 80186, INS/OUTS (6Ch–6Fh), with the REP
 * prefixes. The source is DS:SI (segment overridable), the destination ES:DI (never overridden); SI/DI step by the
 * operand size, down when DF is set. REP repeats while CX ≠ 0; CMPS and SCAS also stop when ZF differs from the
 * prefix's condition (F3h: while equal, F2h: while not equal). CX is written back every iteration so that a fault
 * part way leaves the count of the iterations still to do, as on the chip.
 *
 * In a machine (Cpu.interruptibleRepeats) a repeated instruction stops between iterations when the run's budget is
 * used up, IP back at its first prefix (Cpu.suspendRepeat), so that interrupts are taken between iterations as on the
 * chip; a bare CPU runs it whole.
 */
import { PAGE_SHIFT } from "../memory.ts";
import type { Cpu } from "./cpu.ts";
import { alu } from "./ops-alu.ts";

const CX = 1, SI = 6, DI = 7, ES = 0; // prettier-ignore

/**
 * On the 286 a word at offset FFFFh is a segment overrun (exception 13). The chip steps each index register as it
 * makes that operand's access, so the fault leaves the faulting register (and any operand accessed before it)
 * stepped; under REP it has counted CX down once for a faulting read and twice for a faulting write, whose count-down
 * runs a cycle ahead (SingleStepTests 80286). Reads pass `countDown` 1, writes 2, and CMPS's first read, which comes
 * before the count-down, 0.
 */
function overrun(cpu: Cpu, word: boolean, index: number, step: number, countDown: number): void {
  if (word && cpu.is286 && cpu.regs[index] === 0xffff) {
    cpu.regs[index] += step;
    if (cpu.repPrefix !== 0) cpu.regs[CX] -= countDown;
    cpu.fault(13);
  }
}

/**
 * For REP MOVS/STOS: the linear address of the lowest byte the remaining CX iterations touch at seg:offset, if
 * they all fall in one run of plain pages (RAM; for reads, ROM too) without wrapping the offset; otherwise -1. Such
 * iterations cannot fault or reach a device, so they can run straight on the memory array.
 */
function plainRun(cpu: Cpu, seg: number, offset: number, step: number, write: boolean): number {
  const count = cpu.regs[CX];
  const size = step < 0 ? -step : step;
  const low = step > 0 ? offset : offset - (count - 1) * size;
  const high = step > 0 ? offset + count * size - 1 : offset + size - 1;
  if (low < 0 || high > 0xffff) return -1;
  const base = cpu.sregs[seg] << 4;
  const first = (base + low) & cpu.addressMask;
  const last = (base + high) & cpu.addressMask;
  if (last < first) return -1; // wraps at the address mask
  const pageKind = cpu.memory.pageKind;
  for (let page = first >>> PAGE_SHIFT; page <= last >>> PAGE_SHIFT; page++) {
    if (write ? pageKind[page] !== 0 : (pageKind[page] & 1) !== 0) return -1;
  }
  return first;
}

/** How many of the remaining iterations, at `clocks` each, fit before the run's budget ends (at least one). */
function iterationsBefore(cpu: Cpu, clocks: number): number {
  const remaining = cpu.regs[CX];
  const deadline = cpu.repeatDeadline;
  if (deadline === Infinity) return remaining;
  return Math.min(remaining, Math.max(1, Math.ceil((deadline - cpu.cycles) / clocks)));
}

/** REP MOVS on plain memory, iteration by iteration (overlapping copies repeat data as on the chip). */
function repMovsPlain(cpu: Cpu, src: number, word: boolean, step: number, op: number): boolean {
  const regs = cpu.regs;
  const from = plainRun(cpu, src, regs[SI], step, false);
  const to = from < 0 ? -1 : plainRun(cpu, ES, regs[DI], step, true);
  if (to < 0) return false;
  const mem = cpu.memory.bytes;
  const total = regs[CX];
  const count = iterationsBefore(cpu, 17);
  // plainRun gave the lowest addresses of all `total` iterations; a downward copy starts from the highest.
  let s = step > 0 ? from : from + (total - 1) * -step;
  let d = step > 0 ? to : to + (total - 1) * -step;
  for (let i = 0; i < count; i++, s += step, d += step) {
    if (word) {
      const low = mem[s];
      const high = mem[s + 1];
      mem[d] = low;
      mem[d + 1] = high;
    } else {
      mem[d] = mem[s];
    }
  }
  regs[SI] += count * step;
  regs[DI] += count * step;
  regs[CX] = total - count;
  cpu.cycles += 17 * count;
  if (regs[CX] !== 0) cpu.suspendRepeat(op);
  return true;
}

/** REP STOS on plain memory. */
function repStosPlain(cpu: Cpu, word: boolean, step: number, op: number): boolean {
  const regs = cpu.regs;
  const to = plainRun(cpu, ES, regs[DI], step, true);
  if (to < 0) return false;
  const mem = cpu.memory.bytes;
  const total = regs[CX];
  const count = iterationsBefore(cpu, 10);
  const size = word ? 2 : 1;
  // plainRun gave the lowest address of all `total` iterations; downwards the first store is at the highest.
  const first = step > 0 ? to : to + (total - count) * size;
  if (word) {
    for (let i = 0, d = first; i < count; i++, d += 2) {
      mem[d] = regs[0];
      mem[d + 1] = regs[0] >>> 8;
    }
  } else {
    mem.fill(cpu.regs8[0], first, first + count);
  }
  regs[DI] += count * step;
  regs[CX] = total - count;
  cpu.cycles += 10 * count;
  if (regs[CX] !== 0) cpu.suspendRepeat(op);
  return true;
}

/** A4h / A5h: MOVSB / MOVSW. */
export function movs(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const src = cpu.dataSegment();
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix !== 0;
  if (repeat && regs[CX] === 0) return;
  if (repeat && repMovsPlain(cpu, src, word, step, op)) return;
  for (;;) {
    overrun(cpu, word, SI, step, 1);
    const value = word ? cpu.read16(src, regs[SI]) : cpu.read8(src, regs[SI]);
    regs[SI] += step;
    overrun(cpu, word, DI, step, 2);
    if (word) cpu.write16(ES, regs[DI], value);
    else cpu.write8(ES, regs[DI], value);
    regs[DI] += step;
    if (!repeat) return;
    cpu.cycles += 17;
    if (--regs[CX] === 0) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}

/** AAh / ABh: STOSB / STOSW. */
export function stos(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix !== 0;
  if (repeat && regs[CX] === 0) return;
  if (repeat && repStosPlain(cpu, word, step, op)) return;
  for (;;) {
    overrun(cpu, word, DI, step, 2);
    if (word) cpu.write16(ES, regs[DI], regs[0]);
    else cpu.write8(ES, regs[DI], cpu.regs8[0]);
    regs[DI] += step;
    if (!repeat) return;
    cpu.cycles += 10;
    if (--regs[CX] === 0) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}

/** ACh / ADh: LODSB / LODSW. */
export function lods(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const src = cpu.dataSegment();
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix !== 0;
  if (repeat && regs[CX] === 0) return;
  for (;;) {
    overrun(cpu, word, SI, step, 1);
    if (word) regs[0] = cpu.read16(src, regs[SI]);
    else cpu.regs8[0] = cpu.read8(src, regs[SI]);
    regs[SI] += step;
    if (!repeat) return;
    cpu.cycles += 13;
    if (--regs[CX] === 0) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}

/** A6h / A7h: CMPSB / CMPSW — compares [src:SI] with ES:[DI] (flags of source minus destination). */
export function cmps(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const src = cpu.dataSegment();
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix;
  if (repeat !== 0 && regs[CX] === 0) return;
  for (;;) {
    // The 286 fetches the destination operand first (SingleStepTests 80286: a fault at DI leaves SI unstepped).
    overrun(cpu, word, DI, step, 0);
    const destination = word ? cpu.read16(ES, regs[DI]) : cpu.read8(ES, regs[DI]);
    regs[DI] += step;
    overrun(cpu, word, SI, step, 1);
    const source = word ? cpu.read16(src, regs[SI]) : cpu.read8(src, regs[SI]);
    regs[SI] += step;
    alu(cpu, 7, source, destination, word ? 16 : 8);
    if (repeat === 0) return;
    cpu.cycles += 22;
    if (--regs[CX] === 0 || cpu.zf !== (repeat === 0xf3)) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}

/** AEh / AFh: SCASB / SCASW — compares AL/AX with ES:[DI]. */
export function scas(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix;
  if (repeat !== 0 && regs[CX] === 0) return;
  for (;;) {
    overrun(cpu, word, DI, step, 1);
    if (word) alu(cpu, 7, regs[0], cpu.read16(ES, regs[DI]), 16);
    else alu(cpu, 7, cpu.regs8[0], cpu.read8(ES, regs[DI]), 8);
    regs[DI] += step;
    if (repeat === 0) return;
    cpu.cycles += 15;
    if (--regs[CX] === 0 || cpu.zf !== (repeat === 0xf3)) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}

/** 6Ch / 6Dh (80186+): INSB / INSW — ES:[DI] = port DX. */
export function ins(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix !== 0;
  if (repeat && regs[CX] === 0) return;
  for (;;) {
    overrun(cpu, word, DI, step, 2);
    if (word) cpu.write16(ES, regs[DI], cpu.in16(regs[2]));
    else cpu.write8(ES, regs[DI], cpu.in8(regs[2]));
    regs[DI] += step;
    if (!repeat) return;
    cpu.cycles += 8;
    if (--regs[CX] === 0) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}

/** 6Eh / 6Fh (80186+): OUTSB / OUTSW — port DX = [src:SI]. */
export function outs(cpu: Cpu, op: number): void {
  const regs = cpu.regs;
  const src = cpu.dataSegment();
  const word = (op & 1) !== 0;
  const step = (cpu.df ? -1 : 1) * (word ? 2 : 1);
  const repeat = cpu.repPrefix !== 0;
  if (repeat && regs[CX] === 0) return;
  for (;;) {
    overrun(cpu, word, SI, step, 1);
    if (word) cpu.out16(regs[2], cpu.read16(src, regs[SI]));
    else cpu.out8(regs[2], cpu.read8(src, regs[SI]));
    regs[SI] += step;
    if (!repeat) return;
    cpu.cycles += 8;
    if (--regs[CX] === 0) return;
    if (cpu.cycles >= cpu.repeatDeadline) return cpu.suspendRepeat(op);
  }
}
