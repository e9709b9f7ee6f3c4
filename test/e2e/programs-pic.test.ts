/**
 * The 8259A (issue 3: "PIC priorities and EOI"): test/fixtures/programs/pic.asm raises IRQ 0 (PIT), 3 (COM2) and
 * 6 (diskette controller) itself and checks the IRR/ISR reads, the poll command, specific and non-specific EOI,
 * masks, nesting and rotated priorities on the master controller.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProgram } from "../support/program-runner.ts";

for (const profile of ["xt", "at"] as const) {
  test(`PIC registers, poll, EOI, masks and priorities (${profile})`, () => {
    const run = runProgram("pic", profile, 5_000);
    assert.equal(run.value("PIC IRR"), "49", "IRQ 0, 3 and 6 latched in the IRR");
    assert.equal(run.value("PIC ISR"), "00");
    assert.equal(run.value("PIC POLL"), "80 83 86 00", "polls give the highest level, then nothing");
    assert.equal(run.value("PIC ISR POLLED"), "01", "a poll is an acknowledge: level 0 in service");
    assert.equal(run.value("PIC ISR EOI"), "00");
    assert.equal(run.value("PIC ISR SEOI"), "00");
    assert.equal(run.value("PIC MASKED"), "6", "masked levels wait");
    assert.equal(run.value("PIC BLOCKED"), "6 0", "level 0 in service blocks level 3");
    assert.equal(run.value("PIC ISR NESTED"), "01");
    assert.equal(run.value("PIC ORDER"), "6 0 3", "level 3 runs after the EOI");
    assert.equal(run.value("PIC PRIORITY"), "0 3 6");
    assert.equal(run.value("PIC ROTATED"), "6 0 3", "with level 3 lowest, 4-7 come before 0");
  });
}
