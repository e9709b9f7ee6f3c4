/** The command line of `realmode serve`, parsed apart from starting anything so every error is reported first. */
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../cli/args.ts";

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
}

export const SERVE_USAGE = `usage: realmode serve [--port P] [--host 127.0.0.1] [--data DIR]
  serves the app to a browser on this computer and prints the address to open (with its access token)
  --port P     TCP port (default: any free port)
  --host ADDR  address to listen on (default 127.0.0.1: only this computer can connect)
  --data DIR   where machines.json is kept (default $XDG_CONFIG_HOME/realmode or ~/.config/realmode)`;

export function parseServeArguments(args: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  let port = 0;
  let host = "127.0.0.1";
  let dataDir = join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "realmode");
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--port": {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port takes a port number, not "${text}"`);
        break;
      }
      case "--host":
        host = value();
        break;
      case "--data":
        dataDir = value();
        break;
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  return { port, host, dataDir };
}
