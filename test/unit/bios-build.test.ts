// The committed ROM images must be what bios/src (system BIOS) and bios/vga (VGA BIOS) assemble to, with today's
// fonts. Rebuilding needs nasm: without it the tests are skipped loudly, except under CI=true where a missing nasm is
// a failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { assembleBios, assembleVgaBios, BIOS_IMAGE_PATH, nasmAvailable, VGA_IMAGE_PATH } from "../../bios/build.ts";

for (const [path, source, assemble] of [
  [BIOS_IMAGE_PATH, "bios/src", assembleBios],
  [VGA_IMAGE_PATH, "bios/vga", assembleVgaBios],
] as const) {
  test(`${basename(path)} matches a fresh build of ${source}`, (t) => {
    if (!nasmAvailable()) {
      if (process.env.CI === "true") assert.fail("nasm is not on PATH: CI must rebuild the BIOS");
      t.skip("NASM NOT FOUND: the committed BIOS image was not checked against its source");
      return;
    }
    const committed = new Uint8Array(readFileSync(path));
    const built = assemble();
    assert.equal(built.length, committed.length);
    const firstDifference = built.findIndex((byte, i) => byte !== committed[i]);
    assert.equal(firstDifference, -1, `differs from offset ${firstDifference.toString(16)}h: run npm run bios`);
  });
}
