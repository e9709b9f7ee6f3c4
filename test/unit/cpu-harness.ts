/**
 * Shared set-up for the CPU unit tests: a bare Memory + IoBus + Cpu with code loaded at a fixed place, segments
 * pointing at separate areas so a wrong default segment reads the wrong bytes, and every interrupt vector aimed at
 * its own HLT stub so an exception shows up as "halted in stub N" instead of running off into zeroed memory.
 *
 * Memory layout (linear): 0–3FFh vector table; 8000h– the vector stubs (0800:n*4 holds HLT for vector n);
 * 10100h code (1000:0100); 20000h stack (SS=2000h, SP=1000h); 30000h data (DS); 40000h extra (ES).
 */
import { Cpu, type CpuModel } from "../../emulator/cpu/cpu.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";

export const CODE_SEG = 0x1000;
export const CODE_OFF = 0x0100;
export const STACK_SEG = 0x2000;
export const STACK_TOP = 0x1000;
export const DATA_SEG = 0x3000;
export const EXTRA_SEG = 0x4000;
export const STUB_SEG = 0x0800;

export const MODELS: readonly CpuModel[] = ["8088", "8086", "80186", "80286"];

export interface Rig {
  readonly cpu: Cpu;
  readonly memory: Memory;
  readonly io: IoBus;
}

export function linear(seg: number, off: number): number {
  return (seg << 4) + off;
}

/** A CPU of `model` with `code` at CODE_SEG:CODE_OFF, the standard segments, FLAGS clear and vector stubs. */
export function rig(model: CpuModel, code: readonly number[] = []): Rig {
  const memory = new Memory();
  const io = new IoBus();
  const cpu = new Cpu(model, memory, io);
  for (let vector = 0; vector < 256; vector++) {
    setVector(memory, vector, STUB_SEG, vector * 4);
    memory.bytes[linear(STUB_SEG, vector * 4)] = 0xf4; // HLT
  }
  cpu.sregs[1] = CODE_SEG;
  cpu.ip = CODE_OFF;
  cpu.sregs[2] = STACK_SEG;
  cpu.regs[4] = STACK_TOP;
  cpu.sregs[3] = DATA_SEG;
  cpu.sregs[0] = EXTRA_SEG;
  cpu.setFlags(0);
  poke(memory, CODE_SEG, CODE_OFF, code);
  return { cpu, memory, io };
}

export function poke(memory: Memory, seg: number, off: number, bytes: readonly number[]): void {
  bytes.forEach((byte, i) => (memory.bytes[linear(seg, (off + i) & 0xffff)] = byte));
}

export function poke16(memory: Memory, seg: number, off: number, value: number): void {
  poke(memory, seg, off, [value & 0xff, value >>> 8]);
}

export function peek8(memory: Memory, seg: number, off: number): number {
  return memory.bytes[linear(seg, off)];
}

export function peek16(memory: Memory, seg: number, off: number): number {
  return memory.bytes[linear(seg, off)] | (memory.bytes[linear(seg, (off + 1) & 0xffff)] << 8);
}

export function setVector(memory: Memory, vector: number, seg: number, off: number): void {
  poke16(memory, 0, vector * 4, off);
  poke16(memory, 0, vector * 4 + 2, seg);
}

/** The word `index` words above SS:SP (0 = top of stack). */
export function stackWord(rig: Rig, index: number): number {
  return peek16(rig.memory, rig.cpu.sregs[2], (rig.cpu.regs[4] + 2 * index) & 0xffff);
}

/** Steps until HLT; throws if that takes more than `limit` instructions (a runaway program). */
export function runToHalt(cpu: Cpu, limit = 100_000): void {
  for (let steps = 0; !cpu.halted; steps++) {
    if (steps >= limit) throw new Error(`no HLT within ${limit} steps (at ${hex(cpu.sregs[1])}:${hex(cpu.ip)})`);
    cpu.step();
  }
}

/** The vector whose HLT stub the CPU is halted in, or -1 if it halted anywhere else. */
export function haltedInStub(cpu: Cpu): number {
  if (!cpu.halted || cpu.sregs[1] !== STUB_SEG || (cpu.ip - 1) % 4 !== 0) return -1;
  return (cpu.ip - 1) / 4;
}

/**
 * The interrupt frame an exception or interrupt left on the stack, read while halted in its stub: the return
 * address and the FLAGS it pushed.
 */
export function interruptFrame(rig: Rig): { ip: number; cs: number; flags: number } {
  return { ip: stackWord(rig, 0), cs: stackWord(rig, 1), flags: stackWord(rig, 2) };
}

export function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, "0");
}
