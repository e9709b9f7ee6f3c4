// Builds the desktop app's Node side into dist/ with esbuild: the main process (ESM, beside the VM worker it
// starts) and the preload (CommonJS: Electron runs a sandboxed preload as a script, not a module). Electron itself
// stays external; it is the runtime. The renderer is built separately (vite) into dist/renderer/.
import { buildSync } from "esbuild";
import { renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "../cli/bundle.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

const OUTPUTS = [
  { entry: "main/electron/main.ts", outfile: "dist/electron-main.mjs", format: "esm" },
  { entry: "main/electron/preload.ts", outfile: "dist/electron-preload.cjs", format: "cjs" },
];

/** Builds the VM worker, the main process and the preload; returns the main process's path. */
export async function buildElectron() {
  await build("vm-worker");
  for (const { entry, outfile, format } of OUTPUTS) {
    const target = `${root}${outfile}`;
    const temporary = `${target}.${process.pid}.tmp`;
    buildSync({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format,
      // Electron 45 runs Node 22 in its main process and Chromium 140 in the preload's renderer process.
      target: "node22",
      outfile: temporary,
      logLevel: "error",
      external: ["electron"],
    });
    renameSync(temporary, target);
  }
  return `${root}${OUTPUTS[0].outfile}`;
}
