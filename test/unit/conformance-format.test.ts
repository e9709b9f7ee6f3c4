import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { indexExclusions, isExcluded, readExclusions } from "../conformance/exclusions.ts";
import { flagLetters, flagNames } from "../conformance/flag-names.ts";
import { flagsMaskFor, type Metadata } from "../conformance/metadata.ts";
import { formatFailure, formatReport, summaryLine, type SuiteResult } from "../conformance/report.ts";
import { diffState, expectedState, initialRegisters, type CompareRules } from "../conformance/state-diff.ts";
import { fileKey, listTestFiles, readTestFile, type Registers, type SstTest } from "../conformance/sst-test.ts";

const CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800; // prettier-ignore

const metadata: Metadata = {
  opcodes: {
    "00": { status: "normal" },
    "27": { status: "normal", flags: "o.......", "flags-mask": 0xffff & ~OF },
    D2: { reg: { "4": { status: "normal", "flags-mask": 0xffff & ~(OF | AF) }, "0": { status: "normal" } } },
    F6: { "flags-mask": 0xffff & ~CF, reg: { "1": { status: "alias" } } },
  },
};

const RULES_8086: CompareRules = { flagsMask: 0xffff, initialFlagsMask: 0xffff, addressMask: 0xfffff };

function registers(overrides: Partial<Registers> = {}): Registers {
  const base = { ax: 0, bx: 0, cx: 0, dx: 0, sp: 0x100, bp: 0, si: 0, di: 0, cs: 0x1000, ss: 0x2000, ds: 0, es: 0 };
  return { ...base, ip: 0x10, flags: 0xf002, ...overrides };
}

/** add al, 5 at 1000:0010 with AL=1: AX becomes 6, IP advances by 2, PF set. */
function addTest(): SstTest {
  return {
    idx: 7,
    name: "add al, 5",
    bytes: [0x04, 0x05],
    initial: {
      regs: registers({ ax: 1 }),
      ram: [
        [0x10010, 0x04],
        [0x10011, 0x05],
        [0x300, 0x12],
      ],
    },
    final: { regs: { ax: 6, ip: 0x12, flags: 0xf006 }, ram: [[0x300, 0x12]] },
  };
}

test("flagsMaskFor looks up the opcode, then its reg sub-entry, falling back to all flags", () => {
  assert.equal(flagsMaskFor(metadata, "00"), 0xffff);
  assert.equal(flagsMaskFor(metadata, "27"), 0xf7ff);
  assert.equal(flagsMaskFor(metadata, "D2.4"), 0xf7ef);
  assert.equal(flagsMaskFor(metadata, "d2.4"), 0xf7ef, "file names may be lower case");
  assert.equal(flagsMaskFor(metadata, "D2.0"), 0xffff);
  assert.equal(flagsMaskFor(metadata, "F6.1"), 0xfffe, "a reg entry without a mask takes the opcode's");
  assert.equal(flagsMaskFor(metadata, "9B"), 0xffff, "an opcode absent from metadata defines every flag");
});

test("flag letters and names", () => {
  assert.equal(flagLetters(OF | ZF | PF), "O....Z.P.");
  assert.equal(flagLetters(0xffff), "ODITSZAPC");
  assert.equal(flagLetters(0xf002), ".........", "fixed and reserved bits are not named flags");
  assert.deepEqual(flagNames(CF | AF | SF | OF), ["CF", "AF", "SF", "OF"]);
  assert.deepEqual(flagNames(0xf02a), []);
});

test("the expected state is the initial registers with the final ones over them", () => {
  const expected = expectedState(addTest(), RULES_8086);
  assert.equal(expected.regs.ax, 6);
  assert.equal(expected.regs.ip, 0x12);
  assert.equal(expected.regs.cs, 0x1000, "unchanged registers keep their initial value");
  assert.equal(expected.pushedFlagsAddress, -1);
});

test("the 80286 rules drop IOPL and NT from the initial FLAGS", () => {
  const t = addTest();
  t.initial.regs.flags = 0xd087;
  const rules = { ...RULES_8086, initialFlagsMask: 0x0fff };
  assert.equal(initialRegisters(t, rules).flags, 0x0087);
  delete t.final.regs.flags;
  assert.equal(expectedState(t, rules).regs.flags, 0x0087);
});

test("a matching state has no diff; registers, flags and RAM differences are reported", () => {
  const t = addTest();
  const expected = expectedState(t, RULES_8086);
  const memory = new Map<number, number>([[0x300, 0x12]]);
  const read8 = (a: number): number => memory.get(a) ?? 0;
  assert.equal(diffState(expected, { ...expected.regs }, read8, 0xfffff), undefined);

  memory.set(0x300, 0x34);
  const diff = diffState(expected, { ...expected.regs, ax: 7, flags: 0xf046 }, read8, 0xfffff);
  assert.deepEqual(diff, {
    registers: [{ name: "ax", expected: 6, actual: 7 }],
    flags: { expected: 0xf006, actual: 0xf046, mask: 0xffff },
    ram: [{ address: 0x300, expected: 0x12, actual: 0x34, mask: 0xff }],
  });
});

test("undefined flags are not compared", () => {
  const expected = expectedState(addTest(), { ...RULES_8086, flagsMask: 0xffff & ~AF });
  const read8 = (a: number): number => (a === 0x300 ? 0x12 : 0);
  assert.equal(diffState(expected, { ...expected.regs, flags: 0xf016 }, read8, 0xfffff), undefined);
  assert.notEqual(diffState(expected, { ...expected.regs, flags: 0xf007 }, read8, 0xfffff), undefined);
});

test("an 8086 divide error's pushed FLAGS are found from its INT 0 and masked", () => {
  // div bl at 1000:0010 with SS:SP 2000:0100, vector 0 = 0000:0400: FLAGS pushed at 20000h + FEh.
  const t: SstTest = {
    idx: 0,
    name: "div bl",
    bytes: [0xf6, 0xf3],
    initial: {
      regs: registers({ ax: 0x1234 }),
      ram: [
        [0, 0x00],
        [1, 0x04],
        [2, 0],
        [3, 0],
        [0x10010, 0xf6],
        [0x10011, 0xf3],
      ],
    },
    final: {
      regs: { cs: 0, ip: 0x400, sp: 0xfa, flags: 0xf002 },
      ram: [
        [0x200fe, 0x83],
        [0x200ff, 0xf0],
        [0x200fc, 0],
        [0x200fd, 0x10],
        [0x200fa, 0x12],
        [0x200fb, 0],
      ],
    },
  };
  const rules = { ...RULES_8086, flagsMask: 0xffff & ~(OF | SF | ZF | AF | PF | CF) };
  const expected = expectedState(t, rules);
  assert.equal(expected.pushedFlagsAddress, 0x200fe);
  const memory = new Map<number, number>(t.final.ram);
  memory.set(0x200fe, 0x02); // the emulator pushed different undefined flags: CF, PF, SF clear
  memory.set(0x200ff, 0xf8); // and OF set
  const read8 = (a: number): number => memory.get(a) ?? 0;
  assert.equal(diffState(expected, { ...expected.regs }, read8, 0xfffff), undefined);
  memory.set(0x200ff, 0xf4); // DF set: a defined flag
  const diff = diffState(expected, { ...expected.regs }, read8, 0xfffff);
  assert.deepEqual(diff?.ram, [{ address: 0x200ff, expected: 0xf0, actual: 0xf4, mask: 0xf7 }]);

  assert.equal(expectedState(t, RULES_8086).pushedFlagsAddress, -1, "no undefined flags, nothing to mask");
});

test("an 80286 exception's pushed FLAGS address is its stack slot, which the recorded address names word-aligned", () => {
  // After the exception SS:SP = 2000:00FA, so FLAGS is at 20000h + FEh.
  const t = addTest();
  t.final.regs.sp = 0xfa;
  t.exception = { number: 0, flag_address: 0x200fe };
  assert.equal(expectedState(t, RULES_8086).pushedFlagsAddress, 0x200fe);
  // An odd SP puts FLAGS at 200FFh; the suite records the bus cycle's even address, 200FEh.
  t.final.regs.sp = 0xfb;
  assert.equal(expectedState(t, RULES_8086).pushedFlagsAddress, 0x200ff);
  // A recorded address the stack does not explain is taken as it is.
  t.exception = { number: 0, flag_address: 0x1234 };
  assert.equal(expectedState(t, RULES_8086).pushedFlagsAddress, 0x1234);
});

test("a failure reads as registers, named flags and RAM in hex", () => {
  const t = addTest();
  const expected = expectedState(t, RULES_8086);
  const diff = diffState(expected, { ...expected.regs, ax: 0xbeef, flags: 0xf846 }, () => 0x99, 0xfffff);
  const text = formatFailure({ test: t, diff, note: "the emulator threw: boom" });
  const lines = text.split("\n");
  assert.equal(lines[0], '  test 7 "add al, 5"  bytes 04 05');
  assert.equal(lines[1], "    note   the emulator threw: boom");
  assert.equal(lines[2], "    ax     expected 0006  got BEEF");
  assert.equal(lines[3], "    flags  expected .......P. (F006)  got O....Z.P. (F846)  differ: ZF OF");
  assert.equal(lines[4], "    ram    000300 expected 12  got 99");
  assert.equal(lines.length, 5);
});

test("the report lists failing files with their first failure and ends with the summary", () => {
  const t = addTest();
  const result: SuiteResult = {
    passed: 1999,
    failed: 3,
    excluded: 5,
    files: [
      { key: "00", path: "sst/00.json.gz", passed: 1000, failed: 0, excluded: 0 },
      { key: "04", path: "sst/04.json.gz", passed: 997, failed: 3, excluded: 0, firstFailure: { test: t, note: "x" } },
      { key: "0F", path: "sst/0F.json.gz", passed: 2, failed: 0, excluded: 5 },
    ],
  };
  const lines = formatReport(result).split("\n");
  assert.equal(lines[0], "04 (sst/04.json.gz): 3 of 1000 failed");
  assert.equal(lines[1], '  test 7 "add al, 5"  bytes 04 05');
  assert.equal(lines.at(-1), "1999 passed, 3 failed, 5 excluded");
  assert.ok(!lines.some((line) => line.startsWith("00 ")), "files without failures are not listed");
  assert.equal(summaryLine({ passed: 4, failed: 0, excluded: 0, files: [] }), "4 passed, 0 failed");
});

test("exclusions by index or whole file, validated when read", (t) => {
  const index = indexExclusions([
    { file: "0F", tests: "all", why: "286 extension opcodes" },
    { file: "d2.6", tests: [3, 9], why: "undocumented SETMO" },
    { file: "D2.6", tests: [11], why: "same" },
  ]);
  assert.ok(isExcluded(index, "0F", 123));
  assert.ok(isExcluded(index, "D2.6", 9));
  assert.ok(isExcluded(index, "D2.6", 11));
  assert.ok(!isExcluded(index, "D2.6", 4));
  assert.ok(!isExcluded(index, "D2.7", 3));

  const dir = mkdtempSync(join(tmpdir(), "realmode-exclusions-"));
  t.after(() => rmSync(dir, { recursive: true }));
  const good = join(dir, "good.json");
  writeFileSync(good, JSON.stringify([{ file: "0F", tests: "all", why: "not modelled" }]));
  assert.equal(readExclusions(good).length, 1);
  const noWhy = join(dir, "no-why.json");
  writeFileSync(noWhy, JSON.stringify([{ file: "0F", tests: [1], why: " " }]));
  assert.throws(() => readExclusions(noWhy), /why/);
  const badTests = join(dir, "bad-tests.json");
  writeFileSync(badTests, JSON.stringify([{ file: "0F", tests: "some", why: "x" }]));
  assert.throws(() => readExclusions(badTests), /tests/);
});

test("test files are found sorted, metadata skipped, and read gzipped or plain", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "realmode-sst-"));
  t.after(() => rmSync(dir, { recursive: true }));
  const tests = [addTest()];
  writeFileSync(join(dir, "80.1.json.gz"), gzipSync(JSON.stringify(tests)));
  writeFileSync(join(dir, "04.json"), JSON.stringify(tests));
  writeFileSync(join(dir, "metadata.json"), JSON.stringify(metadata));
  writeFileSync(join(dir, "LICENSE"), "MIT");
  const files = listTestFiles(dir);
  assert.deepEqual(files.map(fileKey), ["04", "80.1"]);
  assert.deepEqual(readTestFile(files[1]), tests);
  assert.deepEqual(readTestFile(files[0]), tests);
  assert.deepEqual(listTestFiles(files[1]), [files[1]], "a file path is itself");
});
