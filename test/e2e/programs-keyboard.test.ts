/**
 * Keyboard scancodes through IRQ 1 and the BIOS's INT 09h into the INT 16h buffer (issue 3: "keyboard scancodes
 * through INT 9 into INT 16h"): the test types keys on the host while test/fixtures/programs/keyboard.asm reads
 * them with INT 16h and reports scan code / ASCII pairs and the shift flags at 40:17.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { floppyFormat, floppyWithProgram, programBinary, ProgramRun } from "../support/program-runner.ts";

/** What AH=00h returns for each key typed (RBIL INT 16h, "Keyboard scan codes"), and 40:17 while it is held. */
const EXPECTED_KEYS = [
  "1E61 FLAGS 00", // a
  "1E41 FLAGS 02", // A: left Shift held
  "2E03 FLAGS 04", // Ctrl+C
  "2D00 FLAGS 08", // Alt+X
  "3B00 FLAGS 00", // F1
  "1C0D FLAGS 00", // Enter
  "011B FLAGS 00", // Esc
  "3042 FLAGS 40", // b with Caps Lock on
  "4800 FLAGS 40", // Up, in the standard function's form
];

for (const profile of ["xt", "at"] as const) {
  test(`INT 16h reads typed keys with their scan codes and shift flags (${profile})`, () => {
    const floppy = floppyWithProgram(programBinary("keyboard"), floppyFormat("1.44M"));
    const run = new ProgramRun({ profile, floppy });
    assert.ok(run.runUntil(/^READY$/, 5_000), `no READY:\n${run.lines.join("\n")}`);
    assert.equal(run.value("KBD EMPTY"), "01 01");
    run.session.type("aA{CTRL+C}{ALT+X}{F1}\r\\e");
    run.session.press({ modifiers: [], key: "CapsLock" });
    run.session.type("b{UP}");
    assert.ok(run.runUntil(/^READY2$/, 2_000), `no READY2:\n${run.lines.join("\n")}`);
    assert.deepEqual(
      run.lines.filter((line) => line.startsWith("KEY ")).map((line) => line.slice(4)),
      EXPECTED_KEYS,
    );
    // Each key is a make and a break code, each its own IRQ 1 (Shift, Ctrl and Alt add theirs; the AT's Up adds
    // E0h prefixes and its Caps Lock LED command the keyboard's acknowledgements): 26 codes on the XT, of which
    // the program counts all but Up's break, which comes after it read Up.
    const calls = Number(run.value("INT9"));
    assert.ok(calls >= 25 && calls <= 40, `INT 09h ran ${calls} times`);
    run.session.type("{UP}");
    run.finish(2_000);
    assert.equal(run.value("BUF"), "2");
    assert.equal(run.value("PEEK"), "4800");
    // AH=10h keeps the E0h of the enhanced keyboard's cursor keys; the XT keyboard has none (keypad 8 instead).
    assert.equal(run.value("EXT"), profile === "at" ? "48E0" : "4800");
    assert.equal(run.value("EXT EMPTY"), "01");
  });
}
