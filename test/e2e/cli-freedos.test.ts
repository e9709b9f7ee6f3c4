/**
 * The CLI boots every FreeDOS floppy of the shared test data on both machine profiles, types commands and reads the
 * screen: the end-to-end check that CPU, chips, BIOS and CLI work together (issue 3, "Done when").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, testData } from "../support/testdata.ts";

const run = promisify(execFile);
const CLI = join(REPO_ROOT, "main/cli/realmode.mjs");
const SIZES = ["160K", "360K", "720K", "1200K", "1.4MB"];

for (const machine of ["xt", "at"]) {
  for (const size of SIZES) {
    test(`FreeDOS ${size} floppy boots on the ${machine} and answers ver /r and dir`, async (t) => {
      const image = testData(`images/freedos/freedos.boot.disk.${size}.img`);
      if (!image) return t.skip("shared test data missing");
      const out = mkdtempSync(join(tmpdir(), "realmode-"));
      const screenshot = join(out, "screen.png");
      const { stdout } = await run(process.execPath, [
        CLI,
        "run",
        "--machine",
        machine,
        "--fda",
        image,
        "--overlay",
        "--deterministic",
        "--wait-text",
        "A:\\\\>",
        "--type",
        "ver /r\\r",
        "--wait-text",
        "FreeDOS kernel",
        "--type",
        "dir\\r",
        "--wait-text",
        "bytes free",
        "--screenshot",
        screenshot,
        "--screen-text",
        "-",
      ]);
      assert.match(stdout, /FreeDOS kernel version 0\.0\.40/);
      assert.match(stdout, /KERNEL\s+SYS/);
      const png = readFileSync(screenshot);
      assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
      // IHDR: the XT's CGA shows 80 columns of 8 dots on 200 lines, the AT's VGA 80 of 9 dots on 400.
      const [width, height] = machine === "xt" ? [640, 200] : [720, 400];
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [width, height]);
    });
  }
}
