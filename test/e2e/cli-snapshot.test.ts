/**
 * `realmode run` through the hypervisor (issue 4): --save-state saves the machine between two steps, --load-state
 * starts from that snapshot instead of booting, and a deterministic run from a snapshot repeats byte for byte;
 * --serial - puts what the guest sends on COM1 on stdout, before the output of later steps.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, testData } from "../support/testdata.ts";
import { floppyFormat, floppyWithProgram, programBinary } from "../support/program-runner.ts";

const CLI = join(REPO_ROOT, "main/cli/realmode.mjs");
const scratch = mkdtempSync(join(tmpdir(), "realmode-snap-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function realmode(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "run", ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const FREEDOS = testData("images/freedos/freedos.boot.disk.360K.img");
const atPrompt = join(scratch, "prompt.snapshot");

before(async () => {
  if (!FREEDOS) return;
  const { code, stderr } = await realmode([
    "--fda",
    FREEDOS,
    "--overlay",
    "--deterministic",
    // The prompt after AUTOEXEC.BAT has cleared the screen: at the top of it.
    "--wait-text",
    "^A:\\\\>",
    "--wait-ms",
    "200",
    "--save-state",
    atPrompt,
  ]);
  assert.equal(code, 0, stderr);
});

test("--load-state starts at the saved prompt without booting and carries on to ver /r", async (t) => {
  if (!FREEDOS) return t.skip("shared test data missing");
  const first = join(scratch, "first.txt");
  const { code, stdout, stderr } = await realmode([
    "--load-state",
    atPrompt,
    "--screen-text",
    first,
    "--type",
    "ver /r\\r",
    "--wait-text",
    "FreeDOS kernel version",
    "--screen-text",
    "-",
  ]);
  assert.equal(code, 0, stderr);
  // Before any machine time ran: the screen of the saved machine, already at the prompt.
  assert.match(readFileSync(first, "utf8"), /^A:\\>\s*$/);
  assert.match(stdout, /FreeDOS kernel version 0\.0\.40/);
});

test("a deterministic run from a snapshot repeats byte for byte", async (t) => {
  if (!FREEDOS) return t.skip("shared test data missing");
  const saved = [join(scratch, "after-dir-1.snapshot"), join(scratch, "after-dir-2.snapshot")];
  for (const file of saved) {
    const steps = ["--type", "dir\\r", "--wait-text", "bytes free", "--wait-ms", "100", "--save-state", file];
    const { code, stderr } = await realmode(["--load-state", atPrompt, ...steps]);
    assert.equal(code, 0, stderr);
  }
  const [one, two] = saved.map((file) => readFileSync(file));
  assert.ok(one.equals(two), "the two snapshots differ");
  assert.ok(!one.equals(readFileSync(atPrompt)), "the machine ran between the snapshots");
});

test("--load-state refuses machine options and names a missing snapshot", async () => {
  const conflict = await realmode(["--load-state", atPrompt, "--fda", "a.img", "--wait-ms", "1"]);
  assert.equal(conflict.code, 1);
  assert.match(conflict.stderr, /^realmode: --fda cannot be given with --load-state/);
  const missing = join(scratch, "missing.snapshot");
  const gone = await realmode(["--load-state", missing, "--wait-ms", "1"]);
  assert.equal(gone.code, 1);
  assert.equal(gone.stderr, `realmode: ${missing}: cannot read the snapshot (ENOENT)\n`);
  const foreign = join(scratch, "foreign.snapshot");
  writeFileSync(foreign, "not a snapshot at all");
  const refused = await realmode(["--load-state", foreign, "--wait-ms", "1"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^realmode: not a Realmode snapshot/);
});

test("--serial - puts COM1's bytes on stdout, ahead of later steps' output", async () => {
  const image = join(scratch, "equipment.img");
  writeFileSync(image, floppyWithProgram(programBinary("equipment"), floppyFormat("1.44M")));
  const { code, stdout, stderr } = await realmode([
    "--fda",
    image,
    "--deterministic",
    "--serial",
    "-",
    "--wait-text",
    "DONE",
    "--wait-ms",
    "200",
    "--screen-text",
    "-",
  ]);
  assert.equal(code, 0, stderr);
  const serialDone = stdout.indexOf("DONE\r\n");
  const screen = stdout.indexOf("Realmode BIOS");
  assert.ok(serialDone >= 0, `no DONE line from COM1 in:\n${stdout}`);
  assert.ok(screen > serialDone, "the serial lines come before the screen text of the later step");
});
