// Builds one entry point of the Node side into dist/ with esbuild and returns its file URL. The bundle is written to
// a temporary name and renamed into place, so concurrent runs never see a half-written file.
import { buildSync } from "esbuild";
import { renameSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

const ENTRIES = {
  cli: "main/cli/main.ts",
  "vm-worker": "main/hypervisor/vm-worker.ts",
};

export async function build(name) {
  const outfile = `${root}dist/${name}.mjs`;
  const temporary = `${outfile}.${process.pid}.tmp`;
  buildSync({
    absWorkingDir: root,
    entryPoints: [ENTRIES[name]],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: temporary,
    logLevel: "error",
    // ws (the web host's WebSocket server) is CommonJS that requires Node built-ins at run time: load it from node_modules.
    external: ["esbuild", "ws"],
  });
  renameSync(temporary, outfile);
  return pathToFileURL(outfile).href;
}
