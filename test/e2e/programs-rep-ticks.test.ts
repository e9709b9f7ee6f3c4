/**
 * Interrupts between the iterations of a repeated string instruction (8086 User's Manual, "REP"): with interrupts
 * on, test/fixtures/programs/rep-ticks.asm copies 32768 words with one REP MOVSW twenty times, each copy longer than
 * a timer tick on the AT, and counts the BIOS's ticks meanwhile. The machine takes IRQ 0 between iterations, so
 * the count matches the machine time that passed; a CPU that ran each REP whole would lose the ticks that fell due
 * while one was running (the 8259A holds only one request per line), which the second run shows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { floppyFormat, floppyWithProgram, programBinary, ProgramRun } from "../support/program-runner.ts";

/** The BIOS tick: 65536 clocks of the 1.193182 MHz timer input (IBM PC/AT TR, 8254 counter 0). */
const TICK_MS = (65536 / 1_193_181.8) * 1000;

function count(interruptible: boolean): { ticks: number; expected: number } {
  const run = new ProgramRun({
    profile: "at",
    floppy: floppyWithProgram(programBinary("rep-ticks"), floppyFormat("1.44M")),
  });
  run.machine.cpu.interruptibleRepeats = interruptible;
  assert.ok(run.runUntil(/^BEGIN$/, 5_000), run.lines.join("\n"));
  const begin = run.session.nowMs;
  assert.ok(run.runUntil(/^END /, 30_000), run.lines.join("\n"));
  return { ticks: run.hex("END"), expected: (run.session.nowMs - begin) / TICK_MS };
}

test("the timer's ticks are counted through long REP MOVSWs: interrupts come between iterations", () => {
  const { ticks, expected } = count(true);
  assert.ok(expected > 20, `the copies took ${expected.toFixed(1)} ticks of machine time: more than one each`);
  assert.ok(Math.abs(ticks - expected) <= 1.5, `counted ${ticks} ticks in ${expected.toFixed(1)} ticks of time`);

  const whole = count(false);
  assert.ok(
    whole.ticks < whole.expected - 3,
    `run whole, REPs lose ticks: ${whole.ticks} of ${whole.expected.toFixed(1)}`,
  );
});
