/**
 * Checked-in lists of tests the emulator deliberately does not pass, each with the hardware behaviour it does not
 * model and why. Excluded tests are not run and are counted apart from passes and failures, so an exclusion can
 * never hide as a pass.
 */
import { readFileSync } from "node:fs";

export interface Exclusion {
  /** The file key, e.g. `0F` or `D2.6`. */
  file: string;
  tests: number[] | "all";
  why: string;
}

/** Per file key: every test excluded, or the excluded test indices. */
export type ExclusionIndex = ReadonlyMap<string, "all" | ReadonlySet<number>>;

export function readExclusions(path: string): Exclusion[] {
  const entries: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!Array.isArray(entries)) throw new Error(`${path}: expected a JSON array of exclusions`);
  entries.forEach((entry, i) => checkExclusion(entry, `${path} entry ${i}`));
  return entries as Exclusion[];
}

function checkExclusion(entry: unknown, where: string): void {
  const e = entry as Partial<Exclusion> | null;
  if (typeof e !== "object" || e === null) throw new Error(`${where}: not an object`);
  if (typeof e.file !== "string" || e.file === "") throw new Error(`${where}: "file" must name a test file key`);
  if (e.tests !== "all" && !(Array.isArray(e.tests) && e.tests.every((idx) => Number.isInteger(idx)))) {
    throw new Error(`${where}: "tests" must be "all" or an array of test indices`);
  }
  if (typeof e.why !== "string" || e.why.trim() === "") throw new Error(`${where}: "why" must say why`);
}

export function indexExclusions(exclusions: readonly Exclusion[]): ExclusionIndex {
  const index = new Map<string, "all" | Set<number>>();
  for (const { file, tests } of exclusions) {
    const key = file.toUpperCase();
    const existing = index.get(key);
    if (tests === "all" || existing === "all") {
      index.set(key, "all");
      continue;
    }
    const set = existing ?? new Set<number>();
    for (const idx of tests) set.add(idx);
    index.set(key, set);
  }
  return index;
}

export function isExcluded(index: ExclusionIndex, key: string, idx: number): boolean {
  const entry = index.get(key.toUpperCase());
  return entry === "all" || (entry !== undefined && entry.has(idx));
}
