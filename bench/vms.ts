/**
 * Many VMs at once (`npm run bench -- --vms N`): N VMs of the hypervisor, each a whole `xt` machine (8088, every
 * chip, our BIOS and VGA BIOS) running the CPU workload of bench/cpu.ts, first paced at 4.77 MHz, then at full
 * speed; and what an idle VM costs the host.
 *
 * Loading: the bench writes a 1.44 MB boot floppy whose boot sector prints a marker through INT 10h, then (with
 * interrupts off from there on) copies the workload, which rides in the same sector, to 0000:0100, zeroes the
 * registers the bare-CPU bench starts with zeroed, and jumps to it. Every VM boots at full speed while paused,
 * stepped by `advanceUntilText` until the marker shows (so none has started the workload when timing begins); then
 * the speed is set and all are resumed together. Frames are not published (frameRateHz 0): a headless run.
 *
 * - paced: each VM at 4.77 MHz for WINDOW_S after WARM_UP_S; per VM the mean percent of real time of its 1 Hz stats
 *   (machine time over wall time, measured in the worker), and the aggregate MIPS.
 * - max: 1 VM, then N, each running the workload to its final HLT WARM_UP_RUNS times to warm up and then TIMED_RUNS
 *   times, every run from the snapshot taken at the marker; per VM its MIPS (its instructions over its own wall time, until its `halted`
 *   events), the aggregate (their sum) and its ratio to one VM's. The checksum each run leaves in DX:AX is checked,
 *   so a VM that mis-executes fails the bench.
 * - idle: the host CPU share (event-loop utilisation of its worker, from the stats) of a paused VM and of a halted
 *   VM (the workload ends in CLI; HLT), and the CPU time of the whole process while only those idle VMs exist.
 * - host: with each max figure, the cores the process got meanwhile (its CPU time over wall time): on a shared
 *   machine whose other work holds a core, N VMs cannot scale past what they were given, and this says so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor } from "../main/hypervisor/hypervisor.ts";
import type { Stats } from "../main/hypervisor/protocol.ts";
import { EXPECTED_CHECKSUM } from "./cpu.ts";

const WORKLOAD = readFileSync(new URL("../test/fixtures/bench/cpu-workload.bin", import.meta.url));
const XT_MHZ = 14.31818 / 3;
const MARKER = "CPU WORKLOAD";
/** Machine time a VM may take to boot to the marker. */
const BOOT_LIMIT_MS = 30_000;
const WARM_UP_S = 2;
const WINDOW_S = 5;
const IDLE_WINDOW_S = 3;
/**
 * Runs of the workload per VM at full speed. The engine goes on optimizing the workload's compiled blocks on its
 * background threads through the first few runs (about a tenth of a core); the timed runs start after that, so the
 * figures are the steady state a long-running VM has, not the engine's warm-up.
 */
const WARM_UP_RUNS = 6;
const TIMED_RUNS = 6;
/** Wall time the workload may take at full speed before the bench gives up on a VM. */
const MAX_RUN_MS = 600_000;
const FLOPPY_BYTES = 1_474_560;
/** Offsets in the boot sector: the marker text and the workload, after the loader. */
const MESSAGE_OFFSET = 0x40;
const PAYLOAD_OFFSET = 0x50;
const BOOT_ADDRESS = 0x7c00;
const LOAD_ADDRESS = 0x0100;

export interface VmsBenchmark {
  readonly name: string;
  run(count: number, log: (line: string) => void): Promise<void>;
}

export const vmsBenchmark: VmsBenchmark = {
  name: "vms",
  async run(count, log) {
    const bundle = (await import(String(new URL("../main/cli/bundle.mjs", import.meta.url)))) as {
      build(name: string): Promise<string>;
    };
    const workerUrl = new URL(await bundle.build("vm-worker"));
    const dir = mkdtempSync(join(tmpdir(), "realmode-bench-vms-"));
    const floppy = join(dir, "cpu-workload.img");
    writeFileSync(floppy, bootFloppy());
    const hv = new Hypervisor({ workerUrl, maxVms: Math.max(10, count) });
    try {
      log(`vms: ${count} VMs, each an xt (8088) running cpu-workload.bin from a boot floppy, on ${hv.cores} cores`);
      await paced(hv, floppy, count, log);
      const one = count > 1 ? await flatOut(hv, floppy, 1, log) : null;
      const all = await flatOut(hv, floppy, count, log);
      if (one) {
        log(
          `vms max: ${count} VMs give ${(all.mips / one.mips).toFixed(2)}x the aggregate MIPS of one, ` +
            `on ${(all.cores / one.cores).toFixed(2)}x the host CPU one got`,
        );
      }
    } finally {
      await hv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** N VMs paced at 4.77 MHz: percent of real time each, aggregate MIPS; then one of them paused. */
async function paced(hv: Hypervisor, floppy: string, count: number, log: (line: string) => void): Promise<void> {
  const ids = await bootToWorkload(hv, floppy, count);
  await Promise.all(ids.map((id) => hv.setSpeed(id, XT_MHZ)));
  await Promise.all(ids.map((id) => hv.resume(id)));
  await sleep(WARM_UP_S * 1000);
  const stats = await collectStats(hv, ids, WINDOW_S);
  let mips = 0;
  for (const id of ids) {
    const percent = mean(stats.get(id)!.map((s) => s.realTimePercent));
    const vmMips = mean(stats.get(id)!.map((s) => s.mips));
    mips += vmMips;
    log(`vms paced 4.77 MHz: vm ${id}: ${percent.toFixed(1)}% of real time, ${vmMips.toFixed(2)} MIPS`);
  }
  const percents = ids.map((id) => mean(stats.get(id)!.map((s) => s.realTimePercent)));
  log(
    `vms paced 4.77 MHz: ${count} VMs, lowest ${Math.min(...percents).toFixed(1)}% of real time, ` +
      `aggregate ${mips.toFixed(2)} MIPS (mean of ${WINDOW_S} one-second stats)`,
  );
  // The paused VM alone: the others are gone, so the process's CPU time is the paused VM's and the host's own.
  const [keep, ...rest] = ids;
  await Promise.all(rest.map((id) => hv.destroy(id)));
  await hv.pause(keep);
  await idleCost(hv, [keep], "a paused VM", log);
  await hv.destroy(keep);
}

/**
 * N VMs at full speed, all at once. Each runs the workload to its HLT WARM_UP_RUNS times to warm up (each worker's
 * JavaScript engine compiles its hot code on the way, as bench/cpu.ts's warm-up runs), then TIMED_RUNS times, each
 * from the snapshot taken where the workload starts, back to back and independently of the others. A VM's MIPS is its
 * instructions over its own wall time for those runs; the aggregate is their sum. Returns the aggregate and the
 * cores the process got meanwhile.
 */
async function flatOut(
  hv: Hypervisor,
  floppy: string,
  count: number,
  log: (line: string) => void,
): Promise<{ mips: number; cores: number }> {
  const ids = await bootToWorkload(hv, floppy, count);
  await Promise.all(ids.map((id) => hv.setSpeed(id, "max")));
  const atStart = await Promise.all(ids.map((id) => hv.saveSnapshot(id)));
  await Promise.all(ids.map((id, i) => timedRuns(hv, id, atStart[i], WARM_UP_RUNS)));
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const runs = await Promise.all(ids.map((id, i) => timedRuns(hv, id, atStart[i], TIMED_RUNS)));
  const used = process.cpuUsage(cpuBefore);
  const cores = (used.user + used.system) / 1000 / (performance.now() - wallBefore);
  let aggregate = 0;
  ids.forEach((id, i) => {
    const { instructions, seconds } = runs[i];
    const mips = instructions / seconds / 1e6;
    aggregate += mips;
    log(
      `vms max, ${count} VM(s): vm ${id}: ${instructions} instructions in ${seconds.toFixed(3)} s, ` +
        `${mips.toFixed(1)} MIPS`,
    );
  });
  log(
    `vms max, ${count} VM(s): aggregate ${aggregate.toFixed(1)} MIPS (${TIMED_RUNS} runs each, checksums correct), ` +
      `the process using ${cores.toFixed(2)} cores`,
  );
  const [keep, ...rest] = ids;
  await Promise.all(rest.map((id) => hv.destroy(id)));
  await idleCost(hv, [keep], "a halted VM", log);
  await hv.destroy(keep);
  return { mips: aggregate, cores };
}

/** `runs` runs of the workload from `snapshot`, each checked; the instructions and the wall time they took. */
async function timedRuns(
  hv: Hypervisor,
  id: number,
  snapshot: Uint8Array,
  runs: number,
): Promise<{ instructions: number; seconds: number }> {
  let instructions = 0;
  const start = performance.now();
  for (let run = 0; run < runs; run++) {
    await hv.loadSnapshot(id, snapshot);
    const before = (await hv.machineState(id)).cpu.instructionCount;
    await runToHalt(hv, id);
    const { cpu } = await hv.machineState(id);
    const checksum = ((cpu.regs[2] << 16) | cpu.regs[0]) >>> 0; // DX:AX
    if (checksum !== EXPECTED_CHECKSUM) {
      throw new Error(`vm ${id}: the workload left ${hex(checksum)} in DX:AX, expected ${hex(EXPECTED_CHECKSUM)}`);
    }
    instructions += cpu.instructionCount - before;
  }
  return { instructions, seconds: (performance.now() - start) / 1000 };
}

/** Resumes a paused VM and resolves when it halts (the workload's final CLI; HLT). */
async function runToHalt(hv: Hypervisor, id: number): Promise<void> {
  const halted = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the workload did not end within ${MAX_RUN_MS} ms`)), MAX_RUN_MS);
    hv.on("state", function listener(event) {
      if (event.id !== id || (event.state !== "halted" && event.state !== "crashed")) return;
      clearTimeout(timer);
      hv.off("state", listener);
      if (event.state === "halted") resolve();
      else reject(new Error(`vm ${id} crashed: ${event.diagnostic?.reason}`));
    });
  });
  await hv.resume(id);
  await halted;
}

/** Creates `count` VMs on the bench floppy and steps each, paused, until the workload is about to start. */
async function bootToWorkload(hv: Hypervisor, floppy: string, count: number): Promise<number[]> {
  const ids = await Promise.all(
    Array.from({ length: count }, () =>
      hv.create({
        profile: "xt",
        speed: "max",
        deterministic: true,
        frameRateHz: 0,
        floppies: [{ path: floppy, mode: "read-only" }],
      }),
    ),
  );
  await Promise.all(ids.map((id) => hv.start(id, { paused: true })));
  const booted = await Promise.all(ids.map((id) => hv.advanceUntilText(id, new RegExp(MARKER), BOOT_LIMIT_MS)));
  const failed = ids.filter((_, i) => !booted[i]);
  if (failed.length > 0)
    throw new Error(`vm ${failed[0]} did not reach the workload:\n${await hv.screenText(failed[0])}`);
  return ids;
}

/** The host CPU an idle VM costs: its worker's own share (stats), and the whole process's CPU time meanwhile. */
async function idleCost(hv: Hypervisor, ids: number[], what: string, log: (line: string) => void): Promise<void> {
  await sleep(1000); // let the stats interval that saw it run pass
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const stats = await collectStats(hv, ids, IDLE_WINDOW_S);
  const used = process.cpuUsage(cpuBefore);
  const wall = performance.now() - wallBefore;
  const worker = mean(stats.get(ids[0])!.map((s) => s.hostCpuPercent));
  const process_ = ((used.user + used.system) / 1000 / wall) * 100;
  log(
    `vms idle: ${what} uses ${worker.toFixed(2)}% of a core (its worker); the whole process ` +
      `${process_.toFixed(2)}% of a core while it is the only VM (mean over ${IDLE_WINDOW_S} s)`,
  );
}

/** The stats events of each VM over the next `seconds` seconds. */
function collectStats(hv: Hypervisor, ids: readonly number[], seconds: number): Promise<Map<number, Stats[]>> {
  const collected = new Map<number, Stats[]>(ids.map((id) => [id, []]));
  const listener = (event: { id: number; stats: Stats }): void => {
    collected.get(event.id)?.push(event.stats);
  };
  hv.on("stats", listener);
  return new Promise((resolve) =>
    setTimeout(() => {
      hv.off("stats", listener);
      resolve(collected);
    }, seconds * 1000),
  );
}

/**
 * The boot sector: prints MARKER through INT 10h AH=0Eh (teletype; RBIL INT 10/AH=0Eh), then CLI, copies the
 * workload from this sector to 0000:0100 with REP MOVSB, zeroes BX, DX, BP, SI and DI and jumps to 0000:0100.
 */
function bootFloppy(): Uint8Array {
  const message = BOOT_ADDRESS + MESSAGE_OFFSET;
  const payload = BOOT_ADDRESS + PAYLOAD_OFFSET;
  // prettier-ignore
  const loader = [
    0x31, 0xc0, //                          xor ax, ax
    0x8e, 0xd8, //                          mov ds, ax
    0x8e, 0xc0, //                          mov es, ax
    0xbe, message & 0xff, message >> 8, // mov si, message
    0xac, //                                print: lodsb
    0x08, 0xc0, //                          or al, al
    0x74, 0x09, //                          jz copy
    0xb4, 0x0e, //                          mov ah, 0Eh
    0xbb, 0x07, 0x00, //                    mov bx, 0007h (page 0, light grey)
    0xcd, 0x10, //                          int 10h
    0xeb, 0xf2, //                          jmp print
    0xfa, //                                copy: cli
    0xfc, //                                cld
    0xbe, payload & 0xff, payload >> 8, //  mov si, payload
    0xbf, LOAD_ADDRESS & 0xff, LOAD_ADDRESS >> 8, // mov di, 0100h
    0xb9, WORKLOAD.length & 0xff, WORKLOAD.length >> 8, // mov cx, length
    0xf3, 0xa4, //                          rep movsb
    0x31, 0xdb, //                          xor bx, bx
    0x31, 0xd2, //                          xor dx, dx
    0x31, 0xed, //                          xor bp, bp
    0x31, 0xf6, //                          xor si, si
    0x31, 0xff, //                          xor di, di
    0xea, LOAD_ADDRESS & 0xff, LOAD_ADDRESS >> 8, 0x00, 0x00, // jmp far 0000:0100
  ];
  if (loader.length > MESSAGE_OFFSET || PAYLOAD_OFFSET + WORKLOAD.length > 510) {
    throw new Error("the bench's boot sector does not fit");
  }
  const image = new Uint8Array(FLOPPY_BYTES);
  image.set(loader, 0);
  image.set(new TextEncoder().encode(MARKER + "\0"), MESSAGE_OFFSET);
  image.set(WORKLOAD, PAYLOAD_OFFSET);
  image.set([0x55, 0xaa], 510);
  return image;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function hex(value: number): string {
  return `${value.toString(16).padStart(8, "0")}h`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
