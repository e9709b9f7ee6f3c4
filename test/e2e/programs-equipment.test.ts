/**
 * INT 11h and INT 12h (issue 3: "equipment/memory"), with the model byte and INT 15h AH=C0h: what
 * test/fixtures/programs/equipment.asm reads back on each machine and memory size.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProgram } from "../support/program-runner.ts";

for (const profile of ["xt", "at"] as const) {
  for (const memoryKb of [640, 256]) {
    test(`INT 11h, INT 12h, model byte and INT 15h C0h (${profile}, ${memoryKb} KB)`, () => {
      const run = runProgram("equipment", profile, 5_000, { memoryKb });
      const equipment = run.hex("EQUIP");
      assert.equal(run.value("EQUIP BDA"), run.value("EQUIP"));
      // RBIL INT 11h: bit 0 diskettes present, bits 7-6 drives - 1 (one drive), bits 5-4 = 10b 80x25 colour,
      // bits 11-9 serial ports (COM1 and COM2), bits 15-14 printers (LPT1).
      assert.equal(equipment & 0x01, 0x01);
      assert.equal((equipment >> 6) & 3, 0);
      assert.equal((equipment >> 4) & 3, 2);
      assert.equal((equipment >> 9) & 7, 2);
      assert.equal(equipment >> 14, 1);
      assert.equal(run.value("MEM"), String(memoryKb));
      assert.equal(run.value("MEM BDA"), String(memoryKb));
      const model = profile === "at" ? "FC" : "FE";
      assert.equal(run.value("MODEL"), model);
      assert.equal(run.value("CONFIG"), `00 00 ${model}`);
    });
  }
}
