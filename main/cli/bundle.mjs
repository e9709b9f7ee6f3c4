// Builds one entry point of the Node side into dist/ with esbuild and returns its file URL. The bundle is written to
// a temporary name and renamed into place, so concurrent runs never see a half-written file.
import { buildSync } from "esbuild";
import { renameSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

const ENTRIES = {
  cli: "main/cli/main.ts",
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
    external: ["esbuild"],
  });
  renameSync(temporary, outfile);
  return pathToFileURL(outfile).href;
}
