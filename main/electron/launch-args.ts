/**
 * Disk images the app was asked to open from outside: on its command line (a double-clicked file on Linux and
 * Windows, `realmode-app disk.img`), in a second instance's command line forwarded by the single-instance lock, or
 * in macOS's open-file event. Only existing paths with a disk image extension count; switches (Chromium's and
 * Electron's own, such as --no-sandbox) and, when run unpackaged (`electron dist/electron-main.mjs`), the script are
 * skipped.
 */
import { resolve } from "node:path";
import { hasImageExtension } from "./image-files.ts";

export interface LaunchContext {
  /** app.isPackaged: the packaged app's argv is [exe, ...args]; unpackaged it is [electron, script, ...args]. */
  readonly packaged: boolean;
  /** Relative paths are relative to this (the launching shell's directory; second-instance gives it). */
  readonly cwd: string;
  readonly exists: (path: string) => boolean;
}

export function imagesFromArgv(argv: readonly string[], context: LaunchContext): string[] {
  const args = argv.slice(context.packaged ? 1 : 2);
  const images: string[] = [];
  for (const arg of args) {
    if (arg.startsWith("-")) continue;
    const path = resolve(context.cwd, arg);
    if (hasImageExtension(path) && context.exists(path) && !images.includes(path)) images.push(path);
  }
  return images;
}

/** macOS open-file gives one absolute path per event (a dropped dock icon, Finder's Open With). */
export function imageFromOpenFile(path: unknown, exists: (path: string) => boolean): string | null {
  if (typeof path !== "string" || !path.startsWith("/")) return null;
  return hasImageExtension(path) && exists(path) ? path : null;
}
