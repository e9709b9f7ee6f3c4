/**
 * A bare CPU, memory and I/O bus that runs one SingleStepTests test at a time. Nothing is attached to the I/O bus,
 * so every IN reads FFh, which is what both suites' test rigs returned (their READMEs, "IN").
 */
import { Cpu, Reg, SReg, type CpuModel } from "../../emulator/cpu/cpu.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";
import type { TestFailure } from "./report.ts";
import { diffState, expectedState, initialRegisters, type CompareRules } from "./state-diff.ts";
import type { RamBytes, Registers, SstTest } from "./sst-test.ts";

/**
 * Instructions an 80286 test may take: the instruction under test, its exception's handler HLT, and the trailing
 * HLT. REP string instructions run whole in one step. Beyond this the emulator has lost its way.
 */
const STEP_LIMIT = 100;

export class SingleStepMachine {
  readonly memory = new Memory();
  readonly io = new IoBus();
  readonly cpu: Cpu;
  /**
   * The 80286 suite ends every test with HLT (its README, "Test Methodology": there are no queue status pins to see
   * where an instruction ends), so a test runs until that HLT has executed. The 8086 suite is exactly one
   * instruction.
   */
  private readonly runsToHalt: boolean;
  private readonly actual: Registers = {
    ax: 0,
    bx: 0,
    cx: 0,
    dx: 0,
    sp: 0,
    bp: 0,
    si: 0,
    di: 0,
    cs: 0,
    ss: 0,
    ds: 0,
    es: 0,
    ip: 0,
    flags: 0,
  };

  constructor(readonly model: CpuModel) {
    this.cpu = new Cpu(model, this.memory, this.io);
    this.runsToHalt = model === "80286";
  }

  /** The rules a test of this machine is compared by, given its opcode's flags mask. */
  rules(flagsMask: number): CompareRules {
    return { flagsMask, initialFlagsMask: this.runsToHalt ? 0x0fff : 0xffff, addressMask: this.cpu.addressMask };
  }

  /** Runs one test; returns how it failed, or undefined when it passed. Leaves memory all zero again. */
  run(test: SstTest, rules: CompareRules): TestFailure | undefined {
    let note: string | undefined;
    try {
      this.load(test, rules);
      note = this.execute();
    } catch (error) {
      note = `the emulator threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    }
    this.readRegisters();
    const diff = diffState(expectedState(test, rules), this.actual, (a) => this.memory.read8(a), rules.addressMask);
    this.clear(test.initial.ram);
    this.clear(test.final.ram);
    return diff === undefined && note === undefined ? undefined : { test, diff, note };
  }

  private load(test: SstTest, rules: CompareRules): void {
    const cpu = this.cpu;
    // Reset first, so nothing a previous test left (HLT, an interrupt shadow after MOV SS) carries over.
    cpu.reset();
    const regs = initialRegisters(test, rules);
    cpu.regs[Reg.AX] = regs.ax;
    cpu.regs[Reg.CX] = regs.cx;
    cpu.regs[Reg.DX] = regs.dx;
    cpu.regs[Reg.BX] = regs.bx;
    cpu.regs[Reg.SP] = regs.sp;
    cpu.regs[Reg.BP] = regs.bp;
    cpu.regs[Reg.SI] = regs.si;
    cpu.regs[Reg.DI] = regs.di;
    cpu.sregs[SReg.ES] = regs.es;
    cpu.sregs[SReg.CS] = regs.cs;
    cpu.sregs[SReg.SS] = regs.ss;
    cpu.sregs[SReg.DS] = regs.ds;
    cpu.ip = regs.ip;
    cpu.setFlags(regs.flags);
    const bytes = this.memory.bytes;
    for (const [address, value] of test.initial.ram) bytes[address] = value;
  }

  /** Runs the test's instructions; returns a note when the run did not end as the suite says it must. */
  private execute(): string | undefined {
    const cpu = this.cpu;
    if (!this.runsToHalt) {
      cpu.step();
      return undefined;
    }
    for (let steps = 0; steps < STEP_LIMIT && !cpu.halted; steps++) cpu.step();
    return cpu.halted ? undefined : `no HLT within ${STEP_LIMIT} instructions`;
  }

  private readRegisters(): void {
    const { regs, sregs } = this.cpu;
    const actual = this.actual;
    actual.ax = regs[Reg.AX];
    actual.cx = regs[Reg.CX];
    actual.dx = regs[Reg.DX];
    actual.bx = regs[Reg.BX];
    actual.sp = regs[Reg.SP];
    actual.bp = regs[Reg.BP];
    actual.si = regs[Reg.SI];
    actual.di = regs[Reg.DI];
    actual.es = sregs[SReg.ES];
    actual.cs = sregs[SReg.CS];
    actual.ss = sregs[SReg.SS];
    actual.ds = sregs[SReg.DS];
    actual.ip = this.cpu.ip;
    actual.flags = this.cpu.getFlags();
  }

  /** Zeroes what a test touched instead of clearing 1 MB per test. */
  private clear(ram: RamBytes): void {
    const bytes = this.memory.bytes;
    for (const [address] of ram) bytes[address] = 0;
  }
}
