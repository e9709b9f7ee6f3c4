/**
 * `realmode run --printer FILE`: what DOS prints on PRN goes through INT 17h, our BIOS and the LPT1 port model to
 * the file, byte for byte (issue 3: "an LPT port whose output can go to a file").
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

test("echo to PRN under FreeDOS lands in the --printer file", async (t) => {
  const image = testData("images/freedos/freedos.boot.disk.1.4MB.img");
  if (!image) return t.skip("shared test data missing");
  const printed = join(mkdtempSync(join(tmpdir(), "realmode-")), "printer.txt");
  await run(process.execPath, [
    join(REPO_ROOT, "main/cli/realmode.mjs"),
    "run",
    "--fda",
    image,
    "--overlay",
    "--deterministic",
    "--printer",
    printed,
    "--wait-text",
    "A:\\\\>",
    "--type",
    "echo hello printer>prn\\r",
    "--wait-ms",
    "1000",
  ]);
  assert.equal(readFileSync(printed, "latin1"), "hello printer\r\n");
});
