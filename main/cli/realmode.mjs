#!/usr/bin/env node
// Launcher for `npx realmode`: bundles the TypeScript CLI and the VM worker with esbuild (tens of milliseconds each),
// then runs the CLI. Running from bundles rather than a TypeScript loader keeps the emulator's hot paths as fast as
// in the shipped app; the hypervisor starts each VM's worker thread from dist/vm-worker.mjs, beside dist/cli.mjs.
import { build } from "./bundle.mjs";

const [entry] = await Promise.all([build("cli"), build("vm-worker")]);
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
