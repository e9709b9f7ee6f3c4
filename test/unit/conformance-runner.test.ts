import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { formatRomResult, ROM_BYTES, romTestPassed, runRomTest } from "../conformance/rom-test.ts";
import { runSuite } from "../conformance/runner.ts";
import { SingleStepMachine } from "../conformance/single-step-machine.ts";
import type { Registers, SstTest } from "../conformance/sst-test.ts";

function registers(overrides: Partial<Registers> = {}): Registers {
  const base = { ax: 1, bx: 0, cx: 0, dx: 0, sp: 0x100, bp: 0, si: 0, di: 0, cs: 0x1000, ss: 0x2000, ds: 0, es: 0 };
  return { ...base, ip: 0x10, flags: 0xf002, ...overrides };
}

/** mov ax, 1234h at 1000:0010, followed by HLT for the 80286's run-to-HLT rule. */
function movTest(idx: number, expectedAx: number): SstTest {
  return {
    idx,
    name: "mov ax, 1234h",
    bytes: [0xb8, 0x34, 0x12],
    initial: {
      regs: registers(),
      ram: [
        [0x10010, 0xb8],
        [0x10011, 0x34],
        [0x10012, 0x12],
        [0x10013, 0xf4],
      ],
    },
    final: { regs: { ax: expectedAx, ip: 0x13 }, ram: [] },
  };
}

test("the 8086 runs one instruction; a wrong expectation fails with a register diff; memory is left zero", () => {
  const machine = new SingleStepMachine("8086");
  const rules = machine.rules(0xffff);
  assert.equal(machine.run(movTest(0, 0x1234), rules), undefined);
  const failure = machine.run(movTest(1, 0x1235), rules);
  assert.deepEqual(failure?.diff?.registers, [{ name: "ax", expected: 0x1235, actual: 0x1234 }]);
  assert.equal(failure?.note, undefined);
  assert.ok(machine.memory.bytes.every((b) => b === 0));
});

test("the 80286 runs to the trailing HLT, with IOPL and NT dropped from the initial FLAGS", () => {
  const machine = new SingleStepMachine("80286");
  const t = movTest(0, 0x1234);
  t.initial.regs.flags = 0xf002;
  t.final.regs.ip = 0x14; // past the HLT
  assert.equal(machine.run(t, machine.rules(0xffff)), undefined);
  assert.ok(machine.cpu.halted);
});

test("an 80286 test that never halts fails with a note", () => {
  const machine = new SingleStepMachine("80286");
  const t = movTest(0, 0x1234);
  // jmp $
  t.initial.ram = [
    [0x10010, 0xeb],
    [0x10011, 0xfe],
  ];
  t.final = { regs: { ip: 0x10 }, ram: [] };
  const failure = machine.run(t, machine.rules(0xffff));
  assert.match(failure?.note ?? "", /no HLT within 100 instructions/);
});

test("runSuite counts passes, failures and exclusions per file", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "realmode-suite-"));
  t.after(() => rmSync(dir, { recursive: true }));
  writeFileSync(join(dir, "B8.json.gz"), gzipSync(JSON.stringify([movTest(0, 0x1234), movTest(1, 0), movTest(2, 0)])));
  writeFileSync(join(dir, "metadata.json"), JSON.stringify({ opcodes: { B8: { status: "normal" } } }));
  const result = runSuite({
    model: "8086",
    paths: [dir],
    exclusions: [{ file: "B8", tests: [2], why: "test of the exclusion mechanism" }],
  });
  assert.equal(result.passed, 1);
  assert.equal(result.failed, 1);
  assert.equal(result.excluded, 1);
  assert.equal(result.files[0].firstFailure?.test.idx, 1);
});

/** A ROM whose reset code (at FFFF0h) stores 1234h at 0000:0010 and halts. */
function storingRom(): Uint8Array {
  const rom = new Uint8Array(ROM_BYTES);
  rom.set([0xb8, 0x34, 0x12, 0xa3, 0x10, 0x00, 0xf4], 0xfff0); // mov ax, 1234h; mov [0010h], ax; hlt
  return rom;
}

test("a ROM test runs from FFFF:0000 to HLT and compares RAM from address 0", () => {
  const expected = new Uint8Array(0x20);
  expected[0x10] = 0x34;
  expected[0x11] = 0x12;
  const pass = runRomTest("8086", storingRom(), expected);
  assert.ok(romTestPassed(pass));
  assert.equal(pass.instructions, 3);

  expected[0x11] = 0x13;
  expected[0x1f] = 0xff;
  const fail = runRomTest("8086", storingRom(), expected);
  assert.ok(!romTestPassed(fail));
  assert.deepEqual(fail.mismatches, [
    { offset: 0x11, expected: 0x13, actual: 0x12 },
    { offset: 0x1f, expected: 0xff, actual: 0x00 },
  ]);
  assert.match(formatRomResult(fail), /offset 00011 expected 13 {2}got 12/);
  assert.throws(() => runRomTest("8086", new Uint8Array(0x8000), expected), /65536 bytes/);
});
