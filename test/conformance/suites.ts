/** The shared test suites, where the test data lives, and which checked-in exclusion file goes with which CPU. */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CpuModel } from "../../emulator/cpu/cpu.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const repositoryRoot = resolve(here, "../..");

export interface SuiteDefinition {
  /** The folder under the test data directory. */
  folder: string;
  model: CpuModel;
  exclusionsPath: string;
}

const EXCLUSIONS_8086 = resolve(here, "exclusions-8086.json");
const EXCLUSIONS_80286 = resolve(here, "exclusions-80286.json");

export const SUITES: readonly SuiteDefinition[] = [
  { folder: "sst-8086", model: "8086", exclusionsPath: EXCLUSIONS_8086 },
  { folder: "sst-80286-real", model: "80286", exclusionsPath: EXCLUSIONS_80286 },
];

/** The exclusions for a CPU's suite; the 80186 has no suite of its own, so none. */
export function defaultExclusionsPath(model: CpuModel): string | undefined {
  if (model === "8086" || model === "8088") return EXCLUSIONS_8086;
  if (model === "80286") return EXCLUSIONS_80286;
  return undefined;
}

/** `REALMODE_TESTDATA` (relative paths from the repository root), by default `../shared/testdata` beside it. */
export function testDataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(repositoryRoot, env.REALMODE_TESTDATA ?? "../shared/testdata");
}
