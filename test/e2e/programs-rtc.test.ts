/**
 * The MC146818 RTC and CMOS RAM (issue 3: "RTC date"): test/fixtures/programs/rtc.asm reads the time and date
 * through INT 1Ah and the CMOS registers through ports 70h/71h on an AT whose RTC starts at a fixed moment, checks
 * the configuration checksum, and counts timer ticks and periodic interrupts against the clock.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProgram } from "../support/program-runner.ts";

test("RTC time, date, CMOS registers and periodic interrupt (at)", () => {
  const run = runProgram("rtc", "at", 15_000);
  // PROGRAM_EPOCH_MS is 2024-02-29 13:45:30; the program reads it within a second of power-on.
  assert.equal(run.value("TIME"), "00 13 45 30");
  assert.equal(run.value("DATE"), "00 20 24 02 29");
  assert.equal(run.value("CMOS TIME"), "13 45 30");
  assert.equal(run.value("CMOS DATE"), "20 24 02 29");
  // Register A: 32.768 kHz base, 1024 Hz rate; B: 24-hour, BCD; D: valid RAM and time.
  assert.equal(run.value("CMOS REGS"), "26 02 80");
  assert.equal(run.value("CMOS BASE"), "640");
  assert.equal(run.value("CMOS FLOPPY"), "40", "drive A: 1.44 MB (type 4), no drive B:");
  assert.equal(run.value("CMOS CHECKSUM"), "1");
  assert.equal(run.value("CMOS RAM"), "5A");
  // INT 1Ah AH=00h: 13:45:30 is 49530 s after midnight, 18.2065 ticks each.
  const [high, low] = run.value("TICKS").split(" ");
  const ticks = parseInt(high, 16) * 0x10000 + parseInt(low, 16);
  assert.ok(Math.abs(ticks - 49530 * 18.2065) < 40, `ticks since midnight: ${ticks}`);
  // 3 s of the RTC: 54.6 timer ticks. 18 ticks (0.989 s) of the timer: 1012.4 periodic interrupts at 1024 Hz.
  const rtcTicks = Number(run.value("RTC TICKS"));
  assert.ok(rtcTicks === 54 || rtcTicks === 55, `timer ticks in 3 RTC seconds: ${rtcTicks}`);
  const periodic = Number(run.value("RTC PERIODIC"));
  assert.ok(Math.abs(periodic - 1012) <= 2, `periodic interrupts in 18 ticks: ${periodic}`);
});

test("INT 1Ah AH=02h fails on a machine without an RTC (xt)", () => {
  const run = runProgram("rtc", "xt", 5_000);
  assert.match(run.value("TIME"), /^01 /);
  assert.ok(!run.lines.some((line) => line.startsWith("DATE")));
});
