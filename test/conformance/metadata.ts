/**
 * The suites' `metadata.json`: per opcode (and per ModR/M `reg` value for group opcodes) a status and, where the
 * instruction leaves flags undefined, a `flags-mask` with those flags' bits clear. Both sides of a FLAGS comparison
 * are ANDed with it, as the hardware's undefined flags follow no documented rule.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

export interface OpcodeInfo {
  status?: string;
  flags?: string;
  "flags-mask"?: number;
  reg?: Record<string, OpcodeInfo>;
}

export interface Metadata {
  opcodes: Record<string, OpcodeInfo>;
}

export const ALL_FLAGS = 0xffff;

export function readMetadata(path: string): Metadata {
  const metadata = JSON.parse(readFileSync(path, "utf8")) as Partial<Metadata>;
  if (typeof metadata.opcodes !== "object" || metadata.opcodes === null) {
    throw new Error(`${path}: no "opcodes" object; is this a SingleStepTests metadata.json?`);
  }
  return metadata as Metadata;
}

/** `metadata.json` in the folder `path` names, or beside the file it names. */
export function metadataBeside(path: string): string {
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  const candidate = join(folder, "metadata.json");
  if (!existsSync(candidate)) throw new Error(`no metadata.json beside ${path}; pass --metadata FILE`);
  return candidate;
}

/**
 * The FLAGS mask for a file key: `D2.4` looks in `opcodes.D2.reg["4"]`, `27` in `opcodes["27"]`. A `reg` entry
 * without a mask of its own takes the opcode's; an opcode with no mask defines every flag.
 */
export function flagsMaskFor(metadata: Metadata, key: string): number {
  const [opcode, reg] = key.toUpperCase().split(".");
  const info = metadata.opcodes[opcode];
  if (info === undefined) return ALL_FLAGS;
  const sub = reg === undefined ? undefined : info.reg?.[reg];
  return sub?.["flags-mask"] ?? info["flags-mask"] ?? ALL_FLAGS;
}
