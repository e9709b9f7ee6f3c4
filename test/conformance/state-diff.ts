/**
 * What a test expects after the instruction, and how the emulator's state differs from it. Pure: it sees the CPU
 * only as a `Registers` record and memory only as a `read8` function, so it is unit-tested without a CPU.
 */
import { ALL_FLAGS } from "./metadata.ts";
import { REGISTER_NAMES, type RamBytes, type RegisterName, type Registers, type SstTest } from "./sst-test.ts";

export interface CompareRules {
  /** The opcode's `flags-mask` from metadata.json: undefined flags have their bit clear. */
  flagsMask: number;
  /**
   * The bits of the initial FLAGS the CPU is given. The 80286 suite's initial state is what LOADALL was given and may
   * set IOPL and NT, which real mode cannot hold: its README ("Using the Tests") says to mask the top four bits.
   */
  initialFlagsMask: number;
  /** The physical address mask: FFFFFh on the 8086, where a stack address wraps at 1 MB. */
  addressMask: number;
}

export interface Expected {
  regs: Registers;
  ram: RamBytes;
  flagsMask: number;
  /** Where an exception or INT 0 pushed FLAGS (undefined flags there are masked too), or -1. */
  pushedFlagsAddress: number;
}

export interface RegisterMismatch {
  name: RegisterName;
  expected: number;
  actual: number;
}

export interface RamMismatch {
  address: number;
  expected: number;
  actual: number;
  /** The bits compared: FFh, or the flags mask's half for a byte of a pushed FLAGS word. */
  mask: number;
}

export interface StateDiff {
  /** Every register but FLAGS that differs. */
  registers: RegisterMismatch[];
  /** Set when FLAGS differs under the mask. */
  flags?: { expected: number; actual: number; mask: number };
  ram: RamMismatch[];
}

export function initialRegisters(test: SstTest, rules: CompareRules): Registers {
  return { ...test.initial.regs, flags: test.initial.regs.flags & rules.initialFlagsMask };
}

export function expectedState(test: SstTest, rules: CompareRules): Expected {
  return {
    regs: { ...initialRegisters(test, rules), ...test.final.regs },
    ram: test.final.ram,
    flagsMask: rules.flagsMask,
    pushedFlagsAddress: pushedFlagsAddress(test, rules),
  };
}

/**
 * The address of the FLAGS word an exception pushed. FLAGS goes first, then CS and IP (8086 Family User's Manual,
 * "Interrupts"), so once the handler runs it sits at SS:SP+4. The 80286 suite records the exception with a
 * `flag_address`, but that is always even: one below the slot when SP is odd (e.g. F7.6 test 23: slot 94EA3h,
 * recorded 94EA2h). So the slot found from SS:SP is used when the two agree. The 8086 suite records
 * nothing; its only exception is the divide error through INT 0, recognised by its effect: SP lowered by 6 and
 * CS:IP loaded from the vector at 0000:0000 (which the test's initial RAM holds).
 */
export function pushedFlagsAddress(test: SstTest, rules: CompareRules): number {
  const initial = test.initial.regs;
  const final = test.final.regs;
  const sp = final.sp ?? initial.sp;
  const slot = (((final.ss ?? initial.ss) << 4) + ((sp + 4) & 0xffff)) & rules.addressMask;
  if (test.exception) {
    const recorded = test.exception.flag_address;
    return slot === recorded || (slot & ~1) === recorded ? slot : recorded;
  }
  if (rules.flagsMask === ALL_FLAGS) return -1;
  if (sp !== ((initial.sp - 6) & 0xffff)) return -1;
  const vectorIp = initialWord(test.initial.ram, 0);
  const vectorCs = initialWord(test.initial.ram, 2);
  if (vectorIp !== (final.ip ?? initial.ip) || vectorCs !== (final.cs ?? initial.cs)) return -1;
  return slot;
}

function initialWord(ram: RamBytes, address: number): number {
  let low = -1;
  let high = -1;
  for (const [a, value] of ram) {
    if (a === address) low = value;
    else if (a === address + 1) high = value;
  }
  return low < 0 || high < 0 ? -1 : low | (high << 8);
}

/** The differences between `expected` and the actual state, or undefined when there are none. */
export function diffState(
  expected: Expected,
  actual: Registers,
  read8: (address: number) => number,
  addressMask: number,
): StateDiff | undefined {
  const diff: StateDiff = { registers: [], ram: [] };
  for (const name of REGISTER_NAMES) {
    if (name === "flags") continue;
    if (actual[name] !== expected.regs[name])
      diff.registers.push({ name, expected: expected.regs[name], actual: actual[name] });
  }
  const mask = expected.flagsMask;
  if ((actual.flags & mask) !== (expected.regs.flags & mask)) {
    diff.flags = { expected: expected.regs.flags, actual: actual.flags, mask };
  }
  const flagsLow = expected.pushedFlagsAddress;
  const flagsHigh = flagsLow < 0 ? -1 : (flagsLow + 1) & addressMask;
  for (const [address, value] of expected.ram) {
    const byteMask = address === flagsLow ? mask & 0xff : address === flagsHigh ? mask >>> 8 : 0xff;
    const got = read8(address);
    if ((got & byteMask) !== (value & byteMask))
      diff.ram.push({ address, expected: value, actual: got, mask: byteMask });
  }
  return diff.registers.length === 0 && diff.flags === undefined && diff.ram.length === 0 ? undefined : diff;
}
