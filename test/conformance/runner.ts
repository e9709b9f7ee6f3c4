/** Runs SingleStepTests files against the CPU: the library under both the CLI and `sst.test.ts`. */
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import { indexExclusions, isExcluded, type Exclusion } from "./exclusions.ts";
import { flagsMaskFor, metadataBeside, readMetadata, type Metadata } from "./metadata.ts";
import type { FileResult, SuiteResult } from "./report.ts";
import { SingleStepMachine } from "./single-step-machine.ts";
import { fileKey, listTestFiles, readTestFile } from "./sst-test.ts";

export interface SuiteOptions {
  model: CpuModel;
  /** Test files, or folders of them. */
  paths: readonly string[];
  /** metadata.json for every path; by default the one beside each path. */
  metadataPath?: string;
  exclusions?: readonly Exclusion[];
}

export function runSuite(options: SuiteOptions): SuiteResult {
  const machine = new SingleStepMachine(options.model);
  const exclusions = indexExclusions(options.exclusions ?? []);
  const metadataCache = new Map<string, Metadata>();
  const metadataFor = (path: string): Metadata => {
    const metadataPath = options.metadataPath ?? metadataBeside(path);
    let metadata = metadataCache.get(metadataPath);
    if (metadata === undefined) {
      metadata = readMetadata(metadataPath);
      metadataCache.set(metadataPath, metadata);
    }
    return metadata;
  };

  const result: SuiteResult = { passed: 0, failed: 0, excluded: 0, files: [] };
  for (const path of options.paths) {
    const metadata = metadataFor(path);
    for (const file of listTestFiles(path)) {
      const key = fileKey(file);
      const rules = machine.rules(flagsMaskFor(metadata, key));
      const fileResult: FileResult = { key, path: file, passed: 0, failed: 0, excluded: 0 };
      for (const test of readTestFile(file)) {
        if (isExcluded(exclusions, key, test.idx)) {
          fileResult.excluded++;
          continue;
        }
        const failure = machine.run(test, rules);
        if (failure === undefined) {
          fileResult.passed++;
        } else {
          fileResult.failed++;
          fileResult.firstFailure ??= failure;
        }
      }
      result.passed += fileResult.passed;
      result.failed += fileResult.failed;
      result.excluded += fileResult.excluded;
      result.files.push(fileResult);
    }
  }
  return result;
}
