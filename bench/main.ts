/**
 * `npm run bench [-- --only cpu]`: runs each benchmark (or the ones named) and prints its runs and median;
 * `frames` (frames.ts) prints the milliseconds per frame of each video mode.
 * To add one, write bench/<name>.ts exporting a `Benchmark` (report.ts) and list it here.
 *
 * `npm run bench -- --vms N` runs the many-VMs benchmark (vms.ts) with N VMs at once instead; it is not in the
 * default run (it takes about a minute and starts worker threads). `--only vms` runs it with 2 VMs.
 */
import { parseArgs } from "node:util";
import { bootBenchmark } from "./boot.ts";
import { cpuBenchmark } from "./cpu.ts";
import { framesBenchmark } from "./frames.ts";
import { describeHost, measure, type Benchmark } from "./report.ts";
import { vmsBenchmark } from "./vms.ts";

const BENCHMARKS: readonly Benchmark[] = [cpuBenchmark, bootBenchmark];
const DEFAULT_VMS = 2;

const { values } = parseArgs({ options: { only: { type: "string", multiple: true }, vms: { type: "string" } } });
const known = [...BENCHMARKS.map((b) => b.name), framesBenchmark.name, vmsBenchmark.name];
const names =
  values.only?.flatMap((list) => list.split(",")) ??
  (values.vms ? [vmsBenchmark.name] : [...BENCHMARKS.map((b) => b.name), framesBenchmark.name]);
const unknown = names.filter((name) => !known.includes(name));
if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(", ")}; known: ${known.join(", ")}`);
const vms = values.vms === undefined ? DEFAULT_VMS : Number(values.vms);
if (!Number.isInteger(vms) || vms < 1) throw new Error(`--vms needs a number of VMs, not "${values.vms}"`);

console.log(describeHost());
for (const benchmark of BENCHMARKS) {
  if (names.includes(benchmark.name)) measure(benchmark, console.log);
}
if (names.includes(framesBenchmark.name)) framesBenchmark.run(console.log);
if (names.includes(vmsBenchmark.name)) await vmsBenchmark.run(vms, console.log);
