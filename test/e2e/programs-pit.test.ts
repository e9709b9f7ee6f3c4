/**
 * The 8253/8254 timer (issue 3: "PIT modes and IRQ 0 rate"): test/fixtures/programs/pit.asm drives channel 2
 * through modes 0, 2 and 3 with its gate on port 61h, latches counts, reads back on the 8254, counts in BCD, and
 * measures how many IRQ 0 ticks the BIOS counts in 2 s of channel 2 periods.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProgram } from "../support/program-runner.ts";

function numbers(text: string): number[] {
  return text.split(" ").map(Number);
}

for (const profile of ["xt", "at"] as const) {
  test(`PIT modes 0, 2, 3, BCD and the IRQ 0 rate (${profile})`, () => {
    const run = runProgram("pit", profile, 10_000);
    // Mode 0: OUT low after the control word; GATE low holds the loaded count; GATE high counts down; GATE low
    // again pauses it; OUT rises at terminal count (8254 data sheet, "Mode 0").
    assert.equal(run.value("PIT M0 OUT"), "0");
    assert.equal(run.value("PIT M0 HELD"), "30000");
    const [before, after] = numbers(run.value("PIT M0 RUN"));
    assert.ok(before <= 30000 && after < before, `counting: ${before} then ${after}`);
    const [paused1, paused2] = numbers(run.value("PIT M0 PAUSED"));
    assert.ok(paused1 < after, `still counting before the pause: ${paused1}`);
    assert.equal(paused2, paused1, "GATE low must stop a mode 0 count");
    assert.equal(run.value("PIT M0 END"), "1");
    // Mode 2 with count 100: counts N..1 and reloads (never 0).
    const m2 = /^MIN (\d+) MAX (\d+) WRAPS (\d+)$/.exec(run.value("PIT M2"));
    assert.ok(m2, run.value("PIT M2"));
    assert.ok(Number(m2[1]) >= 1 && Number(m2[2]) <= 100 && Number(m2[3]) > 0, run.value("PIT M2"));
    // Mode 3 with an even count: decrements by 2 (only even counts), OUT toggles every half period.
    const m3 = /^ODD (\d+) MAX (\d+) EDGES (\d+)$/.exec(run.value("PIT M3"));
    assert.ok(m3, run.value("PIT M3"));
    assert.equal(Number(m3[1]), 0, "mode 3 counts by two");
    assert.ok(Number(m3[2]) <= 1000 && Number(m3[2]) >= 900, run.value("PIT M3"));
    assert.ok(Number(m3[3]) >= 2, "OUT must toggle in mode 3");
    assert.equal(run.value("PIT BCD"), "BAD 0 MAX 0100");
    assert.equal(run.value("PIT CH0 ODD"), "0");
    if (profile === "at") {
      // 8254 read-back: status byte bits 5-0 = the control word (RW=11, mode 3, binary), then a latched count.
      const [status, count] = run.value("PIT RB").split(" ");
      assert.equal(parseInt(status, 16) & 0x3f, 0x36);
      assert.ok(Number(count) % 2 === 0 && Number(count) <= 1000, `read-back count ${count}`);
    } else {
      assert.ok(!run.lines.some((line) => line.startsWith("PIT RB")), "the 8253 has no read-back");
    }
    // 1193181.8 / 65536 = 18.2 Hz: 36.4 ticks in 2 s.
    const ticks = Number(run.value("PIT0 TICKS"));
    assert.ok(ticks === 36 || ticks === 37, `IRQ 0 ticks in 2 s: ${ticks}`);
  });
}
