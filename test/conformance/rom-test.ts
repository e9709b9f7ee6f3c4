/**
 * Whole-program CPU tests: a 64 KB ROM image run from the reset vector until it halts, after which RAM from address
 * 0 must equal an expected image byte for byte (the shape of the classic 8086/186 test ROMs with result dumps).
 */
import { Cpu, SReg, type CpuModel } from "../../emulator/cpu/cpu.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";
import { hex } from "./report.ts";

export const ROM_BYTES = 0x10000;
const ROM_START = 0x100000 - ROM_BYTES;
export const INSTRUCTION_LIMIT = 100_000_000;
/** Clocks per run() call: large enough that the loop costs nothing, small enough to stop near the limit. */
const RUN_SLICE = 100_000;
/** Differing offsets listed in a report. */
const REPORTED_MISMATCHES = 16;

export interface RomMismatch {
  offset: number;
  expected: number;
  actual: number;
}

export interface RomResult {
  halted: boolean;
  instructions: number;
  compared: number;
  mismatchCount: number;
  /** The first differing offsets, at most 16. */
  mismatches: RomMismatch[];
}

export function runRomTest(model: CpuModel, rom: Uint8Array, expected: Uint8Array): RomResult {
  if (rom.length !== ROM_BYTES)
    throw new Error(`the ROM must be ${ROM_BYTES} bytes (F0000h-FFFFFh), not ${rom.length}`);
  if (expected.length > ROM_START)
    throw new Error(`the expected RAM image (${expected.length} bytes) overlaps the ROM`);
  const memory = new Memory();
  memory.mapRom(ROM_START, rom);
  const cpu = new Cpu(model, memory, new IoBus());
  // The reset vector FFFF:0000 (8086 data sheet, "RESET"), set explicitly rather than trusting reset().
  cpu.sregs[SReg.CS] = 0xffff;
  cpu.ip = 0;
  while (!cpu.halted && cpu.instructionCount < INSTRUCTION_LIMIT) cpu.run(RUN_SLICE);

  const result: RomResult = {
    halted: cpu.halted,
    instructions: cpu.instructionCount,
    compared: expected.length,
    mismatchCount: 0,
    mismatches: [],
  };
  for (let offset = 0; offset < expected.length; offset++) {
    const actual = memory.bytes[offset];
    if (actual === expected[offset]) continue;
    result.mismatchCount++;
    if (result.mismatches.length < REPORTED_MISMATCHES) {
      result.mismatches.push({ offset, expected: expected[offset], actual });
    }
  }
  return result;
}

export function romTestPassed(result: RomResult): boolean {
  return result.halted && result.mismatchCount === 0;
}

export function formatRomResult(result: RomResult): string {
  const lines = [
    result.halted
      ? `halted after ${result.instructions} instructions`
      : `did not halt within ${INSTRUCTION_LIMIT} instructions (ran ${result.instructions})`,
  ];
  for (const { offset, expected, actual } of result.mismatches) {
    lines.push(`  offset ${hex(offset, 5)} expected ${hex(expected, 2)}  got ${hex(actual, 2)}`);
  }
  const more = result.mismatchCount - result.mismatches.length;
  if (more > 0) lines.push(`  ... and ${more} more`);
  lines.push(
    result.mismatchCount === 0
      ? `RAM matches the expected ${result.compared} bytes`
      : `${result.mismatchCount} of ${result.compared} bytes differ`,
  );
  return lines.join("\n");
}
