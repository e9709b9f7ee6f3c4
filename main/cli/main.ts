/**
 * The `realmode` command line. `realmode run …` boots a machine headless and scripts it (see run.ts); `realmode
 * serve` runs the app for a browser (main/web/web-host.ts).
 */
import { DiskImageError } from "../../emulator/disk/disk-image-error.ts";
import { parseRunArguments, RUN_USAGE, UsageError } from "./args.ts";
import { run, WaitTimeout } from "./run.ts";
import { serve } from "../web/serve.ts";
import { SERVE_USAGE } from "../web/serve-options.ts";

const USAGE = `usage: realmode <command> [arguments]
commands:
  run      boot a machine headless and run steps against it (realmode run --help)
  serve    run the app in a browser on this computer (realmode serve --help)`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run":
        if (rest.includes("--help")) {
          process.stdout.write(RUN_USAGE + "\n");
          return 0;
        }
        await run(parseRunArguments(rest), process.stdout);
        return 0;
      case "serve":
        if (rest.includes("--help")) {
          process.stdout.write(SERVE_USAGE + "\n");
          return 0;
        }
        return await serve(rest, process.stdout);
      case undefined:
      case "--help":
      case "help":
        process.stdout.write(USAGE + "\n");
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof WaitTimeout) {
      process.stderr.write(`realmode: ${error.message}; the screen shows:\n${error.screen}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(
        `realmode: ${error.message}\n${command === "run" ? RUN_USAGE : command === "serve" ? SERVE_USAGE : USAGE}\n`,
      );
      return 1;
    }
    const message = error instanceof DiskImageError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`realmode: ${message}\n`);
    return 1;
  }
}
