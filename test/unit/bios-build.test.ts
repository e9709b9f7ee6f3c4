// The committed ROM image must be what bios/src assembles to, with today's fonts. Rebuilding needs nasm: without it
// the test is skipped loudly, except under CI=true where a missing nasm is a failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { assembleBios, BIOS_IMAGE_PATH, nasmAvailable } from "../../bios/build.ts";

test("bios/realmode-bios.bin matches a fresh build of bios/src", (t) => {
  if (!nasmAvailable()) {
    if (process.env.CI === "true") assert.fail("nasm is not on PATH: CI must rebuild the BIOS");
    t.skip("NASM NOT FOUND: the committed BIOS image was not checked against its source");
    return;
  }
  const committed = new Uint8Array(readFileSync(BIOS_IMAGE_PATH));
  const built = assembleBios();
  assert.equal(built.length, committed.length);
  const firstDifference = built.findIndex((byte, i) => byte !== committed[i]);
  assert.equal(firstDifference, -1, `differs from offset ${firstDifference.toString(16)}h: run bios/build.ts`);
});
