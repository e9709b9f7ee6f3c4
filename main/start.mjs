#!/usr/bin/env node
// `npm start`: builds the app (the CLI and VM worker bundles, the renderer), then opens it: in Electron when its
// binary is installed, else in the browser through the web host (`realmode serve`), whose address is printed.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build as buildBundle } from "./cli/bundle.mjs";

const args = process.argv.slice(2);
const { build: buildRenderer } = await import("vite");
await buildRenderer({ configFile: new URL("../renderer/vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
await buildBundle("vm-worker");
const cli = await buildBundle("cli");

// ---- Electron (main/electron/, written separately): launch it here when its binary is present and return. ----
const electronBinary = electronPath();
if (electronBinary !== null) {
  const { buildElectron } = await import("./electron/bundle.mjs");
  const { spawn } = await import("node:child_process");
  const entry = await buildElectron();
  // ELECTRON_RUN_AS_NODE, if the calling shell has it, would make Electron a plain Node and ignore the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const app = spawn(electronBinary, [entry, ...args], { stdio: "inherit", env });
  process.exit(await new Promise((resolve) => app.on("exit", (code) => resolve(code ?? 1))));
}
process.stdout.write("Electron is not installed here; starting the web host instead.\n");
// ---- End of the Electron spot. ----

const { main } = await import(cli);
process.exitCode = await main(["serve", ...args]);

/**
 * The Electron binary the `electron` package installed, or null when the package or its download is missing. Read
 * from the package's path.txt rather than by requiring it, which would try to download the binary.
 */
function electronPath() {
  let folder;
  try {
    folder = dirname(createRequire(import.meta.url).resolve("electron/package.json"));
  } catch {
    return null;
  }
  const pathFile = join(folder, "path.txt");
  if (!existsSync(pathFile)) return null;
  const binary = join(folder, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : null;
}
