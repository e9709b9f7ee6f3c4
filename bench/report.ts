/**
 * What every benchmark shares: the shape of a benchmark, timing its runs, and printing them the same way, so that
 * a new benchmark (machine boot time, many VMs at once) is one file that exports a `Benchmark` and one line in
 * main.ts's list.
 */
import os from "node:os";

/** One timed run: how much guest work was done and the host wall-clock time it took. */
export interface Run {
  readonly work: number;
  readonly seconds: number;
}

export interface Benchmark {
  /** Selects it on the command line (`--only cpu`) and starts its report lines. */
  readonly name: string;
  /** What `Run.work` counts, plural ("instructions"). */
  readonly workUnit: string;
  /** The rate reported, and how many work units per second make one of it (MIPS: 1e6 instructions per second). */
  readonly rateUnit: string;
  readonly rateScale: number;
  /** When set, the run's wall time is a figure of its own (boot time), printed with this label beside the rate. */
  readonly timeLabel?: string;
  /** Does the work once from a fresh start, timing only the work itself; throws if the result is wrong. */
  run(): Run;
}

/** Runs before the timed ones let the JIT compile the hot paths, so the timed runs measure steady state. */
const WARM_UP_RUNS = 1;
const TIMED_RUNS = 5;

/** The host the figures come from: they mean little without it. */
export function describeHost(): string {
  const cpus = os.cpus();
  const model = cpus.length > 0 ? cpus[0].model.trim() : "unknown CPU";
  return `node ${process.version} on ${model} (${os.platform()} ${os.arch()}, ${cpus.length} logical CPUs)`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Warms up, times the runs, and prints one line per run and then the median rate. */
export function measure(benchmark: Benchmark, log: (line: string) => void): void {
  const rate = (run: Run): number => run.work / run.seconds / benchmark.rateScale;
  const describe = (label: string, run: Run): string =>
    `${benchmark.name} ${label}: ${run.work} ${benchmark.workUnit} in ${run.seconds.toFixed(3)} s, ` +
    `${rate(run).toFixed(1)} ${benchmark.rateUnit}`;

  for (let i = 1; i <= WARM_UP_RUNS; i++) log(describe(`warm-up ${i}`, benchmark.run()));
  const rates: number[] = [];
  const times: number[] = [];
  for (let i = 1; i <= TIMED_RUNS; i++) {
    const run = benchmark.run();
    rates.push(rate(run));
    times.push(run.seconds);
    log(describe(`run ${i}`, run));
  }
  const time = benchmark.timeLabel ? `${median(times).toFixed(3)} s ${benchmark.timeLabel}, ` : "";
  log(`${benchmark.name}: ${time}${median(rates).toFixed(1)} ${benchmark.rateUnit} (median of ${TIMED_RUNS})`);
}
