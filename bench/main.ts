/**
 * `npm run bench [-- --only cpu]`: runs each benchmark (or the ones named) and prints its runs and median.
 * To add one, write bench/<name>.ts exporting a `Benchmark` (report.ts) and list it here.
 */
import { parseArgs } from "node:util";
import { bootBenchmark } from "./boot.ts";
import { cpuBenchmark } from "./cpu.ts";
import { describeHost, measure, type Benchmark } from "./report.ts";

const BENCHMARKS: readonly Benchmark[] = [cpuBenchmark, bootBenchmark];

const { values } = parseArgs({ options: { only: { type: "string", multiple: true } } });
const names = values.only?.flatMap((list) => list.split(",")) ?? BENCHMARKS.map((b) => b.name);
const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  throw new Error(`unknown benchmark ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`);
}

console.log(describeHost());
for (const benchmark of BENCHMARKS) {
  if (names.includes(benchmark.name)) measure(benchmark, console.log);
}
