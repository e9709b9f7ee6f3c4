/**
 * Builds the two ROMs from their nasm sources: the system BIOS bios/realmode-bios.bin from bios/src/ (64 KB at
 * F0000h) and the VGA BIOS bios/realmode-vga.bin from bios/vga/ (an option ROM at C0000h; it shares
 * bios/src/defs.inc). Writes the fonts drawn in emulator/video/ as binaries to a temporary directory, assembles, and
 * fixes each checksum byte. Run with `npm run bios`; test/unit/bios-build.test.ts checks the committed images match.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { FONT_8X14 } from "../emulator/video/font-8x14.ts";
import { FONT_8X16 } from "../emulator/video/font-8x16.ts";
import { FONT_8X8 } from "../emulator/video/font-8x8.ts";
import { fixOptionRomChecksum, optionRomProblem, VIDEO_ROM_MAX_SIZE } from "./option-rom.ts";
import { BIOS_ROM_SIZE, fixChecksum } from "./rom.ts";

const BIOS_DIR = dirname(fileURLToPath(import.meta.url));
export const BIOS_SOURCE_DIR = join(BIOS_DIR, "src");
export const BIOS_IMAGE_PATH = join(BIOS_DIR, "realmode-bios.bin");
export const VGA_SOURCE_DIR = join(BIOS_DIR, "vga");
export const VGA_IMAGE_PATH = join(BIOS_DIR, "realmode-vga.bin");

/** Assembles the system ROM; throws when nasm is missing or fails. */
export function assembleBios(): Uint8Array {
  const image = assemble(BIOS_SOURCE_DIR, "bios.asm", [BIOS_SOURCE_DIR]);
  if (image.length !== BIOS_ROM_SIZE) throw new Error(`nasm produced ${image.length} bytes, not ${BIOS_ROM_SIZE}`);
  fixChecksum(image);
  return image;
}

/** Assembles the VGA option ROM; throws when nasm is missing or fails, or the result is no valid option ROM. */
export function assembleVgaBios(): Uint8Array {
  const image = assemble(VGA_SOURCE_DIR, "vga-bios.asm", [VGA_SOURCE_DIR, BIOS_SOURCE_DIR]);
  fixOptionRomChecksum(image);
  const problem = optionRomProblem(image, VIDEO_ROM_MAX_SIZE);
  if (problem) throw new Error(`the VGA BIOS is not a valid option ROM: ${problem}`);
  return image;
}

/** Runs nasm on `main` in `cwd` with the fonts and `includeDirs` on its include path. */
function assemble(cwd: string, main: string, includeDirs: readonly string[]): Uint8Array {
  const work = mkdtempSync(join(tmpdir(), "realmode-bios-"));
  try {
    writeFileSync(join(work, "font-8x16.bin"), FONT_8X16);
    writeFileSync(join(work, "font-8x14.bin"), FONT_8X14);
    writeFileSync(join(work, "font-8x8.bin"), FONT_8X8);
    const output = join(work, "rom.bin");
    // nasm searches -I directories (trailing separator required) for %include and incbin alike.
    const include = [...includeDirs, work].flatMap((dir) => ["-I", dir + "/"]);
    execFileSync("nasm", ["-f", "bin", "-w+all", ...include, "-o", output, main], {
      cwd,
      stdio: ["ignore", "inherit", "inherit"],
    });
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether nasm can be run here. */
export function nasmAvailable(): boolean {
  try {
    execFileSync("nasm", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(BIOS_IMAGE_PATH, assembleBios());
  console.log(`wrote ${BIOS_IMAGE_PATH}`);
  writeFileSync(VGA_IMAGE_PATH, assembleVgaBios());
  console.log(`wrote ${VGA_IMAGE_PATH}`);
}
