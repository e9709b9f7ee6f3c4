/**
 * Bad images and bad arguments through the CLI (issue 3: "Bad images and bad arguments have tests too"): each is
 * refused with exit code 1 and a first stderr line naming the file or the argument and the problem; a --wait-text
 * that times out exits 2 with the screen on stderr.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/testdata.ts";
import { floppyFormat, floppyWithProgram, programBinary } from "../support/program-runner.ts";

const CLI = join(REPO_ROOT, "main/cli/realmode.mjs");
const scratch = mkdtempSync(join(tmpdir(), "realmode-bad-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** `path` as a regular expression matching itself, followed by `rest`. */
function naming(path: string, rest: string): RegExp {
  return new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + rest);
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function realmode(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A file of `size` bytes in the scratch folder (sparse: a 9 GB image costs nothing). */
function imageFile(name: string, size: number): string {
  const path = join(scratch, name);
  closeSync(openSync(path, "w"));
  truncateSync(path, size);
  return path;
}

/** Runs the CLI and checks exit code 1 with a first stderr line that matches `message`. */
async function refused(args: readonly string[], message: RegExp): Promise<string> {
  const { code, stderr } = await realmode(["run", ...args, "--wait-ms", "10"]);
  const first = stderr.split("\n")[0];
  assert.equal(code, 1, `exit code for ${args.join(" ")}; stderr:\n${stderr}`);
  assert.match(first, /^realmode: /);
  assert.match(first, message);
  return stderr;
}

/** Image errors are one line and nothing more. */
async function refusedImage(args: readonly string[], message: RegExp): Promise<void> {
  const stderr = await refused(args, message);
  assert.equal(stderr.trimEnd().split("\n").length, 1, `more than one line:\n${stderr}`);
}

test("a truncated floppy image is refused, naming the file", async () => {
  const path = imageFile("truncated.img", 1_474_560 - 100);
  await refusedImage(["--fda", path], naming(path, ": .*not a whole number of 512-byte sectors"));
});

test("an empty image is refused, naming the file", async () => {
  const path = imageFile("empty.img", 0);
  await refusedImage(["--fda", path], naming(path, ": .*empty"));
});

test("an oversize floppy image is refused, naming the file", async () => {
  const path = imageFile("oversize.img", 2 * 2_949_120);
  await refusedImage(["--fda", path], naming(path, ": .*no standard floppy size"));
});

test("a hard-disk image beyond CHS addressing is refused, naming the file", async () => {
  const path = imageFile("huge.img", 9 * 1024 ** 3);
  await refusedImage(["--machine", "at", "--hda", path], naming(path, ": .*larger than"));
});

test("a path that cannot be read as an image is refused, naming it", async () => {
  const missing = join(scratch, "missing.img");
  await refusedImage(["--fda", missing], naming(missing, ": cannot open"));
  await refusedImage(["--fda", scratch], naming(scratch, ": cannot open"));
});

test("a wrong --machine is refused", async () => {
  await refused(["--machine", "pdp11"], /--machine.*"pdp11"/);
});

test("an unknown step or option is refused", async () => {
  await refused(["--frobnicate", "now"], /unknown argument "--frobnicate"/);
  await refused(["--wait-ms", "-5"], /--wait-ms.*"-5"/);
  await refused(["--wait-text", "("], /--wait-text.*not a regular expression/);
});

test("an --hda on the xt is refused", async () => {
  const path = imageFile("disk.img", 16 * 63 * 512 * 20);
  await refused(["--hda", path], /xt.*hard-disk controller/);
});

test("a --wait-text that times out exits 2 with the screen on stderr", async () => {
  const path = join(scratch, "equipment.img");
  writeFileSync(path, floppyWithProgram(programBinary("equipment"), floppyFormat("1.44M")));
  const { code, stderr } = await realmode([
    "run",
    "--deterministic",
    "--timeout",
    "2",
    "--fda",
    path,
    "--wait-text",
    "NEVER SHOWN",
  ]);
  assert.equal(code, 2, `stderr:\n${stderr}`);
  assert.match(stderr, /timed out waiting for \/NEVER SHOWN\//);
  // The screen follows: the BIOS banner and the program's last line.
  assert.match(stderr, /Realmode BIOS/);
  assert.match(stderr, /^DONE$/m);
});
