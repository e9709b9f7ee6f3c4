#!/usr/bin/env node
// Launcher for `npx realmode`: bundles the TypeScript CLI with esbuild (tens of milliseconds), then runs it. Running
// from a bundle rather than a TypeScript loader keeps the emulator's hot paths as fast as in the shipped app.
import { build } from "./bundle.mjs";

const entry = await build("cli");
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
