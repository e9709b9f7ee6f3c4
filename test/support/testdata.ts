/**
 * Where the shared test data is (env REALMODE_TESTDATA, default ../shared/testdata beside the project), and the one
 * rule for tests that need it: skip loudly when it is absent, but fail under CI=true, where it must be present.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const TESTDATA = resolve(REPO_ROOT, process.env.REALMODE_TESTDATA ?? "../shared/testdata");

/**
 * Returns the absolute path of `relative` inside the test data, or undefined (after a loud warning) when it is
 * missing outside CI. Under CI a missing path throws, failing the test.
 */
export function testData(relative: string): string | undefined {
  const path = resolve(TESTDATA, relative);
  if (existsSync(path)) return path;
  const message = `test data ${path} is missing (set REALMODE_TESTDATA to the shared testdata folder)`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
  return undefined;
}
