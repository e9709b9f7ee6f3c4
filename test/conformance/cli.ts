/**
 * npm run conformance -- [--cpu 8088|8086|80186|80286] [--metadata FILE] [--exclusions FILE] PATH...
 * npm run conformance -- [--cpu MODEL] --rom FILE --expect FILE
 *
 * Runs SingleStepTests files or folders (or a ROM test) against the CPU, prints each failing file with its first
 * failure, and ends with `N passed, M failed`. Exits 1 when anything fails, 2 on a usage error or unreadable input.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import { readExclusions } from "./exclusions.ts";
import { formatReport } from "./report.ts";
import { formatRomResult, romTestPassed, runRomTest } from "./rom-test.ts";
import { runSuite } from "./runner.ts";
import { defaultExclusionsPath } from "./suites.ts";

const MODELS: readonly CpuModel[] = ["8088", "8086", "80186", "80286"];
const USAGE = `usage: npm run conformance -- [--cpu ${MODELS.join("|")}] [--metadata FILE] [--exclusions FILE] PATH...
       npm run conformance -- [--cpu MODEL] --rom FILE --expect FILE`;

function main(): number {
  const { values, positionals } = parseArgs({
    options: {
      cpu: { type: "string", default: "8086" },
      metadata: { type: "string" },
      exclusions: { type: "string" },
      rom: { type: "string" },
      expect: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const model = MODELS.find((m) => m === values.cpu);
  if (model === undefined) return usageError(`unknown --cpu ${values.cpu}`);

  if (values.rom !== undefined || values.expect !== undefined) {
    if (values.rom === undefined || values.expect === undefined) return usageError("--rom and --expect go together");
    const result = runRomTest(model, readFileSync(values.rom), readFileSync(values.expect));
    console.log(`${values.rom} on the ${model}: ${formatRomResult(result)}`);
    return romTestPassed(result) ? 0 : 1;
  }

  if (positionals.length === 0) return usageError("no test PATH given");
  const exclusionsPath = values.exclusions ?? defaultExclusionsPath(model);
  const exclusions =
    exclusionsPath !== undefined && (values.exclusions !== undefined || existsSync(exclusionsPath))
      ? readExclusions(exclusionsPath)
      : [];
  const started = performance.now();
  const result = runSuite({ model, paths: positionals, metadataPath: values.metadata, exclusions });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${result.files.length} files on the ${model} in ${seconds} s`);
  console.log(formatReport(result));
  return result.failed > 0 ? 1 : 0;
}

function usageError(message: string): number {
  console.error(`${message}\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = main();
} catch (error) {
  // Unreadable or malformed inputs: say what, without a stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
