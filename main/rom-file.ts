/**
 * The ROMs a machine boots: the system ROM — Realmode's own BIOS (bios/realmode-bios.bin, with its configuration
 * block filled in for this machine), or a third-party PC/XT BIOS image the user names with --bios — and the VGA
 * card's video BIOS (bios/realmode-vga.bin, an option ROM at C0000h), which either system ROM finds by its ROM scan.
 */
import { readFileSync } from "node:fs";
import { optionRomProblem, VIDEO_ROM_MAX_SIZE } from "../bios/option-rom.ts";
import { buildBiosImage, type BiosConfig } from "../bios/rom.ts";

const OWN_BIOS = new URL("../bios/realmode-bios.bin", import.meta.url);
const OWN_VGA_BIOS = new URL("../bios/realmode-vga.bin", import.meta.url);
/** Third-party ROM images are 8 KB (an XT BIOS at FE000h) up to 64 KB (F0000h), in whole 4 KB pages. */
const ROM_SIZES = [0x2000, 0x4000, 0x8000, 0x10000];

export function loadRom(path: string | undefined, config: BiosConfig): Uint8Array {
  if (path === undefined) return buildBiosImage(new Uint8Array(readFileSync(OWN_BIOS)), config);
  let image: Uint8Array;
  try {
    image = new Uint8Array(readFileSync(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`${path}: cannot read the BIOS image (${reason})`, { cause: error });
  }
  if (!ROM_SIZES.includes(image.length)) {
    throw new Error(`${path}: a BIOS image is 8, 16, 32 or 64 KB, not ${image.length} bytes`);
  }
  return image;
}

/** Realmode's VGA BIOS, for the machine's `videoRom`. Throws if the committed image is not a valid option ROM. */
export function loadVideoRom(): Uint8Array {
  const image = new Uint8Array(readFileSync(OWN_VGA_BIOS));
  const problem = optionRomProblem(image, VIDEO_ROM_MAX_SIZE);
  if (problem) throw new Error(`bios/realmode-vga.bin: ${problem}`);
  return image;
}
