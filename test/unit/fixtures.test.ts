/**
 * Every test program under test/fixtures/ is committed twice, as nasm source and as the binary the tests load.
 * This keeps the two in step: each `.asm` with a `.bin` beside it must assemble to exactly that `.bin`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

const sources = readdirSync(FIXTURES, { recursive: true, encoding: "utf8" })
  .filter((path) => path.endsWith(".asm") && existsSync(join(FIXTURES, path.replace(/\.asm$/, ".bin"))))
  .sort();
const nasmPresent = spawnSync("nasm", ["-v"]).error === undefined;

test("test/fixtures/ holds assembled test programs", () => {
  assert.ok(sources.includes(join("bench", "cpu-workload.asm")), `found only: ${sources.join(", ")}`);
});

for (const source of sources) {
  test(`${source} assembles to the committed ${basename(source, ".asm")}.bin`, (t) => {
    if (!nasmPresent) {
      // CI installs nasm (.ci/run), so there a missing nasm is a broken setup, not a reason to skip.
      assert.notEqual(process.env.CI, "true", "nasm is not on PATH");
      console.warn(`fixtures: nasm is not on PATH; not checking ${source} against its .bin`);
      t.skip("nasm is not on PATH");
      return;
    }
    const asm = join(FIXTURES, source);
    const scratch = mkdtempSync(join(tmpdir(), "realmode-fixture-"));
    try {
      const output = join(scratch, "out.bin");
      // Run from the source's folder so that %include and incbin resolve as they do when the author assembles it.
      const nasm = spawnSync("nasm", ["-f", "bin", "-o", output, basename(asm)], {
        cwd: dirname(asm),
        encoding: "utf8",
      });
      assert.equal(nasm.status, 0, `nasm failed on ${relative(FIXTURES, asm)}:\n${nasm.stderr}`);
      assert.deepEqual(readFileSync(output), readFileSync(asm.replace(/\.asm$/, ".bin")));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}
