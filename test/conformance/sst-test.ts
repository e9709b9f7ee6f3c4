/**
 * The SingleStepTests JSON test shape and how the files are found and read. Format: /work/shared/README.md and the
 * suites' own READMEs (SingleStepTests/8086 v1, SingleStepTests/80286 v1 "Test Formats").
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";

/** Every register a test names; `initial.regs` has all of them, `final.regs` only those that changed. */
export const REGISTER_NAMES = [
  "ax",
  "bx",
  "cx",
  "dx",
  "sp",
  "bp",
  "si",
  "di",
  "cs",
  "ss",
  "ds",
  "es",
  "ip",
  "flags",
] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];
export type Registers = Record<RegisterName, number>;

/** [linear address, byte] pairs. */
export type RamBytes = [number, number][];

export interface SstTest {
  idx: number;
  name: string;
  bytes: number[];
  initial: { regs: Registers; ram: RamBytes };
  final: { regs: Partial<Registers>; ram: RamBytes };
  /** 80286 suite only: the exception the instruction raised and where it pushed FLAGS. */
  exception?: { number: number; flag_address: number };
}

const TEST_FILE = /\.json(\.gz)?$/;

/** The test files at `path`: the file itself, or every `*.json` / `*.json.gz` in the folder but metadata, sorted. */
export function listTestFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => TEST_FILE.test(name) && name !== "metadata.json")
    .sort()
    .map((name) => join(path, name));
}

/** The opcode key a file is named for: `80.3.json.gz` → `80.3` (opcode 80h, ModR/M reg 3). */
export function fileKey(path: string): string {
  return basename(path).replace(TEST_FILE, "");
}

export function readTestFile(path: string): SstTest[] {
  const raw = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const tests: unknown = JSON.parse(text);
  if (!Array.isArray(tests)) throw new Error(`${path}: expected a JSON array of tests`);
  return tests as SstTest[];
}
