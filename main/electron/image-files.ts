/**
 * Which host files Realmode treats as disk images, and which drive an image belongs in. The extensions are the ones
 * the packaged app registers (electron-builder.yml `fileAssociations`; a test keeps the two lists equal) and the
 * open dialog filters on.
 */
import { extname } from "node:path";
import { floppyFormatForSize } from "../../emulator/disk/floppy-geometry.ts";
import type { Drive } from "../../renderer/host-api.ts";

/** Raw sector images under their usual names (.img .ima .vfd .flp .dsk) and fixed-size Virtual PC disks (.vhd). */
export const IMAGE_EXTENSIONS: readonly string[] = ["img", "ima", "vfd", "flp", "dsk", "vhd"];

export function hasImageExtension(path: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(path).slice(1).toLowerCase());
}

/**
 * A: for an image of a standard diskette size (emulator/disk/floppy-geometry.ts), C: for anything else: a hard
 * disk image takes its geometry from its partition table.
 */
export function driveForImage(sizeBytes: number): Drive {
  return floppyFormatForSize(sizeBytes) ? "A" : "C";
}
