/**
 * The CPU benchmark: test/fixtures/bench/cpu-workload.bin (8086 code mixing ALU ops, [bx+si+disp] loads and
 * stores, CALL/RET, branches, REP MOVSW/STOSB, MUL/DIV and segment loads) on a bare 8086 with RAM only, run to HLT.
 * The figure is guest instructions per host second. The run is checked before it is counted, so a CPU that
 * mis-executes the workload fails the bench instead of reporting a speed.
 */
import { readFileSync } from "node:fs";
import { Cpu, Reg, SReg } from "../emulator/cpu/cpu.ts";
import { IoBus } from "../emulator/io-bus.ts";
import { Memory } from "../emulator/memory.ts";
import type { Benchmark, Run } from "./report.ts";

const WORKLOAD = readFileSync(new URL("../test/fixtures/bench/cpu-workload.bin", import.meta.url));
/** Where cpu-workload.asm says it is loaded and started: 0000:0100. */
const LOAD_SEGMENT = 0x0000;
const LOAD_OFFSET = 0x0100;

/**
 * The checksum the workload leaves in DX:AX and the instructions it takes to reach HLT (HLT included, a REP
 * instruction counted once however many times it repeats). Both were first worked out by hand-modelling the
 * workload's arithmetic block by block outside the emulator, then matched by the CPU once it passed the
 * SingleStepTests conformance suite. They change whenever cpu-workload.asm does; recompute them then.
 */
export const EXPECTED_CHECKSUM = 0x27dc_a9b4;
const EXPECTED_INSTRUCTIONS = 52_241_187;
/** What the workload's INT 0 handler leaves in DX:AX: a DIV raised a divide error it never raises on a real 8086. */
const DIVIDE_ERROR_MARK = 0xdead_dead;

/** Clocks per `run()` call: long enough that the call's own cost vanishes, short enough to stop a runaway soon. */
const SLICE_CYCLES = 10_000_000;

export const cpuBenchmark: Benchmark = {
  name: "cpu",
  workUnit: "instructions",
  rateUnit: "MIPS",
  rateScale: 1e6,
  run(): Run {
    const memory = new Memory();
    memory.bytes.set(WORKLOAD, LOAD_SEGMENT * 16 + LOAD_OFFSET);
    const cpu = new Cpu("8086", memory, new IoBus());
    cpu.sregs[SReg.CS] = LOAD_SEGMENT;
    cpu.ip = LOAD_OFFSET;

    const start = performance.now();
    while (!cpu.halted && cpu.instructionCount <= EXPECTED_INSTRUCTIONS) cpu.run(SLICE_CYCLES);
    const seconds = (performance.now() - start) / 1000;

    const checksum = ((cpu.regs[Reg.DX] << 16) | cpu.regs[Reg.AX]) >>> 0;
    const at = `${cpu.sregs[SReg.CS].toString(16)}:${cpu.ip.toString(16)}`;
    if (!cpu.halted) {
      throw new Error(`cpu workload did not reach HLT within ${EXPECTED_INSTRUCTIONS} instructions (now at ${at})`);
    }
    if (checksum === DIVIDE_ERROR_MARK) throw new Error(`cpu workload took a divide error (halted at ${at})`);
    if (checksum !== EXPECTED_CHECKSUM || cpu.instructionCount !== EXPECTED_INSTRUCTIONS) {
      throw new Error(
        `cpu workload mis-executed: checksum ${hex(checksum)} after ${cpu.instructionCount} instructions, ` +
          `expected ${hex(EXPECTED_CHECKSUM)} after ${EXPECTED_INSTRUCTIONS}`,
      );
    }
    return { work: cpu.instructionCount, seconds };
  },
};

function hex(value: number): string {
  return `${value.toString(16).padStart(8, "0")}h`;
}
