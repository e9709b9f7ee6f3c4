/**
 * Both shared SingleStepTests suites, in full, inside `npm test`: the 8086 suite on the 8086 and the 80286
 * real-mode suite on the 80286, each required to have no failures beyond its checked-in exclusions.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readExclusions } from "./exclusions.ts";
import { formatReport, summaryLine } from "./report.ts";
import { runSuite } from "./runner.ts";
import { SUITES, testDataDirectory } from "./suites.ts";

/** On CI the data must be there: a skipped conformance run must not pass for a green one. */
const onCi =
  process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

for (const suite of SUITES) {
  test(`SingleStepTests ${suite.folder} on the ${suite.model}`, (t) => {
    const folder = join(testDataDirectory(), suite.folder);
    if (!existsSync(folder) || !readdirSync(folder).some((name) => name.endsWith(".json.gz"))) {
      const message =
        `no SingleStepTests data at ${folder}: the ${suite.folder} suite did NOT run. ` +
        `Set REALMODE_TESTDATA to the shared testdata folder (default ../shared/testdata beside the repository).`;
      if (onCi) assert.fail(`${message} (CI is set, so this fails instead of skipping)`);
      console.warn(`\n!!!!!!!!\n!!! ${message}\n!!!!!!!!\n`);
      t.skip(message);
      return;
    }
    const result = runSuite({ model: suite.model, paths: [folder], exclusions: readExclusions(suite.exclusionsPath) });
    t.diagnostic(summaryLine(result));
    assert.equal(result.failed, 0, `${suite.folder} on the ${suite.model}:\n${formatReport(result)}`);
  });
}
