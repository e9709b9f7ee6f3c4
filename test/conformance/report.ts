/** Results of a conformance run and their text: per failing file its count and first failure as a readable diff. */
import { flagLetters, flagNames } from "./flag-names.ts";
import type { StateDiff } from "./state-diff.ts";
import type { SstTest } from "./sst-test.ts";

export interface TestFailure {
  test: SstTest;
  /** Absent when the run ended before there was a state to compare (the CPU threw). */
  diff?: StateDiff;
  /** What went wrong besides the state: an exception the emulator threw, or no HLT within the step limit. */
  note?: string;
}

export interface FileResult {
  key: string;
  path: string;
  passed: number;
  failed: number;
  excluded: number;
  firstFailure?: TestFailure;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  excluded: number;
  files: FileResult[];
}

export function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, "0");
}

export function formatFailure(failure: TestFailure): string {
  const { test, diff, note } = failure;
  const bytes = test.bytes.map((b) => hex(b, 2)).join(" ");
  const lines = [`  test ${test.idx} "${test.name}"  bytes ${bytes}`];
  if (note !== undefined) lines.push(`    note   ${note}`);
  if (diff !== undefined) {
    for (const { name, expected, actual } of diff.registers) {
      lines.push(`    ${name.padEnd(6)} expected ${hex(expected, 4)}  got ${hex(actual, 4)}`);
    }
    if (diff.flags !== undefined) lines.push(formatFlags(diff.flags));
    for (const { address, expected, actual, mask } of diff.ram) {
      const masked = mask === 0xff ? "" : `  (bits ${hex(mask, 2)} compared: pushed FLAGS)`;
      lines.push(`    ram    ${hex(address, 6)} expected ${hex(expected, 2)}  got ${hex(actual, 2)}${masked}`);
    }
  }
  return lines.join("\n");
}

function formatFlags({ expected, actual, mask }: NonNullable<StateDiff["flags"]>): string {
  const differ = flagNames((expected ^ actual) & mask).join(" ");
  const uncompared = flagNames(~mask);
  const note = uncompared.length === 0 ? "" : `  (undefined, not compared: ${uncompared.join(" ")})`;
  return (
    `    flags  expected ${flagLetters(expected)} (${hex(expected, 4)})  got ${flagLetters(actual)} (${hex(actual, 4)})` +
    `  differ: ${differ}${note}`
  );
}

export function summaryLine(result: SuiteResult): string {
  const excluded = result.excluded > 0 ? `, ${result.excluded} excluded` : "";
  return `${result.passed} passed, ${result.failed} failed${excluded}`;
}

/** One block per file with failures, then the summary line. */
export function formatReport(result: SuiteResult): string {
  const blocks: string[] = [];
  for (const file of result.files) {
    if (file.failed === 0) continue;
    const total = file.passed + file.failed;
    const excluded = file.excluded > 0 ? ` (${file.excluded} excluded)` : "";
    blocks.push(`${file.key} (${file.path}): ${file.failed} of ${total} failed${excluded}`);
    if (file.firstFailure !== undefined) blocks.push(formatFailure(file.firstFailure));
  }
  blocks.push(summaryLine(result));
  return blocks.join("\n");
}
