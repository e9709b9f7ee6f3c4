/**
 * Builds bios/realmode-bios.bin from bios/src/*.asm: writes the fonts drawn in emulator/video/ as binaries to a
 * temporary directory, assembles bios/src/bios.asm with nasm, and fixes the checksum byte. Run with
 * `node --import tsx bios/build.ts`; test/unit/bios-build.test.ts checks the committed image matches.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { FONT_8X16 } from "../emulator/video/font-8x16.ts";
import { FONT_8X8 } from "../emulator/video/font-8x8.ts";
import { BIOS_ROM_SIZE, fixChecksum } from "./rom.ts";

const BIOS_DIR = dirname(fileURLToPath(import.meta.url));
export const BIOS_SOURCE_DIR = join(BIOS_DIR, "src");
export const BIOS_IMAGE_PATH = join(BIOS_DIR, "realmode-bios.bin");

/** Assembles the ROM; throws when nasm is missing or fails. */
export function assembleBios(): Uint8Array {
  const work = mkdtempSync(join(tmpdir(), "realmode-bios-"));
  try {
    writeFileSync(join(work, "font-8x16.bin"), FONT_8X16);
    writeFileSync(join(work, "font-8x8.bin"), FONT_8X8);
    const output = join(work, "bios.bin");
    // nasm searches -I directories (trailing separator required) for %include and incbin alike.
    execFileSync(
      "nasm",
      ["-f", "bin", "-w+all", "-I", BIOS_SOURCE_DIR + "/", "-I", work + "/", "-o", output, "bios.asm"],
      { cwd: BIOS_SOURCE_DIR, stdio: ["ignore", "inherit", "inherit"] },
    );
    const image = new Uint8Array(readFileSync(output));
    if (image.length !== BIOS_ROM_SIZE) throw new Error(`nasm produced ${image.length} bytes, not ${BIOS_ROM_SIZE}`);
    fixChecksum(image);
    return image;
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
}
