/**
 * Writes the app icon files electron-builder packages (electron-builder.yml `icon`): build/icon.svg, build/icon.png
 * (1024 px: macOS makes its .icns and Windows its .ico from it) and build/icons/<size>x<size>.png (Linux). Run with
 * `node --import tsx main/electron/icon/make-icons.ts` after changing icon-design.ts; the files are committed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { iconPixels, iconSvg } from "./icon-design.ts";
import { encodeRgbaPng } from "./rgba-png.ts";

const build = fileURLToPath(new URL("../../../build/", import.meta.url));
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

mkdirSync(`${build}icons`, { recursive: true });
writeFileSync(`${build}icon.svg`, iconSvg());
writeFileSync(`${build}icon.png`, encodeRgbaPng(1024, 1024, iconPixels(1024)));
for (const size of LINUX_SIZES) {
  writeFileSync(`${build}icons/${size}x${size}.png`, encodeRgbaPng(size, size, iconPixels(size)));
}
