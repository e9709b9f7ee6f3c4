/**
 * File > Recent Images: the last images opened from outside the window (dialog, command line, open-file, drop), newest
 * first, without duplicates, at most MAX_RECENT. Kept as JSON in the user data folder (recent-images.json), written
 * through a temporary file and a rename; a missing or damaged file is an empty list, and an image that has since
 * disappeared is dropped when the menu is built.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export const MAX_RECENT = 10;
const FORMAT = 1;

export class RecentImages {
  private paths: string[];

  constructor(
    private readonly file: string,
    paths: readonly string[] = readList(file),
  ) {
    this.paths = paths.slice(0, MAX_RECENT);
  }

  list(): readonly string[] {
    return this.paths;
  }

  add(path: string): void {
    this.paths = [path, ...this.paths.filter((old) => old !== path)].slice(0, MAX_RECENT);
    this.save();
  }

  /** Forgets paths that no longer pass `keep` (files deleted or moved since). */
  prune(keep: (path: string) => boolean): void {
    const kept = this.paths.filter(keep);
    if (kept.length === this.paths.length) return;
    this.paths = kept;
    this.save();
  }

  clear(): void {
    this.paths = [];
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, images: this.paths }, null, 2) + "\n");
    renameSync(temporary, this.file);
  }
}

function readList(file: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  if (typeof parsed !== "object" || parsed === null) return [];
  const { format, images } = parsed as { format?: unknown; images?: unknown };
  if (format !== FORMAT || !Array.isArray(images)) return [];
  return images.filter((path): path is string => typeof path === "string" && path.length > 0);
}
