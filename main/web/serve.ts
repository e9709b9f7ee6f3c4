/**
 * `realmode serve`: starts the web host from the bundled CLI (dist/cli.mjs), with the renderer and the VM worker
 * built beside it in dist/, prints the address, and runs until interrupted (Ctrl+C), then closes every machine.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseServeArguments } from "./serve-options.ts";
import { startWebHost } from "./web-host.ts";

export async function serve(args: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const options = parseServeArguments(args);
  const worker = new URL("./vm-worker.mjs", import.meta.url);
  if (!existsSync(worker)) throw new Error(`${fileURLToPath(worker)} is missing: run npm start (it builds everything)`);
  const host = await startWebHost({
    ...options,
    rendererDir: fileURLToPath(new URL("./renderer/", import.meta.url)),
    workerUrl: worker,
  });
  out.write(`Realmode is running. Open this address in a browser on this computer:\n\n  ${host.url}\n\n`);
  out.write(`Machines are kept in ${options.dataDir}. Press Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  out.write("Stopping: powering off every machine...\n");
  await host.close();
  return 0;
}
