/**
 * The image files of a VM: a worker that is killed (from outside, or by the watchdog) cannot close its own files,
 * and descriptors belong to the process, so the hypervisor starts workers with `trackUnmanagedFds` and Node closes
 * them when the thread ends; a swap closes the diskette it replaces and a clean destroy closes everything. Observed
 * through /proc/self/fd (Linux): which of this process's descriptors point at each image.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor, type VmState } from "../../main/hypervisor/hypervisor.ts";

const PROC_FD = "/proc/self/fd";
const FLOPPY_BYTES = 1_474_560;
/** An 8 KB ROM at FE000h whose reset vector jumps to F000:F000, where `jmp $` spins: a guest that just runs. */
const ROM_BYTES = 0x2000;

let dir: string;
let workerUrl: URL;
let rom: string;
const images: string[] = [];
const hypervisors: Hypervisor[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-files-"));
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
  const code = new Uint8Array(ROM_BYTES);
  code.set([0xeb, 0xfe], 0x1000); // F000:F000: jmp $
  code.set([0xea, 0x00, 0xf0, 0x00, 0xf0], 0x1ff0); // FFFF0h: jmp far F000:F000
  rom = join(dir, "spin.rom");
  writeFileSync(rom, code);
  for (let i = 0; i < 4; i++) {
    images.push(join(dir, `disk${i}.img`));
    writeFileSync(images[i], new Uint8Array(FLOPPY_BYTES));
  }
});

after(async () => {
  await Promise.all(hypervisors.map((hv) => hv.close()));
  rmSync(dir, { recursive: true, force: true });
});

function hypervisor(options: ConstructorParameters<typeof Hypervisor>[0] = {}): Hypervisor {
  const hv = new Hypervisor({ workerUrl, ...options });
  hypervisors.push(hv);
  return hv;
}

/** How many of this process's descriptors are open on `path`. */
function openCount(path: string): number {
  let count = 0;
  for (const fd of readdirSync(PROC_FD)) {
    try {
      if (readlinkSync(join(PROC_FD, fd)) === path) count++;
    } catch {
      // The descriptor readdir itself used, closed by now.
    }
  }
  return count;
}

/** Waits (up to 5 s of wall time, polling) until no descriptor is open on `path`; returns the last count. */
async function closedSoon(path: string): Promise<number> {
  for (let tries = 0; tries < 100 && openCount(path) > 0; tries++) await new Promise((r) => setTimeout(r, 50));
  return openCount(path);
}

function nextState(hv: Hypervisor, id: number, state: VmState): Promise<void> {
  return new Promise((resolve) => {
    hv.on("state", function listener(event) {
      if (event.id !== id || event.state !== state) return;
      hv.off("state", listener);
      resolve();
    });
  });
}

test("a worker killed from outside leaves no image file open", async (t) => {
  if (!existsSync(PROC_FD)) return t.skip("no /proc/self/fd on this system");
  const hv = hypervisor();
  const [a, b] = images;
  const id = await hv.create({
    profile: "xt",
    bios: rom,
    speed: "max",
    floppies: [
      { path: a, mode: "read-write" },
      { path: b, mode: "read-only" },
    ],
  });
  await hv.start(id);
  assert.equal(openCount(a), 1, "the worker holds A: open");
  assert.equal(openCount(b), 1, "the worker holds B: open");
  const crashed = nextState(hv, id, "crashed");
  await hv.worker(id).terminate();
  await crashed;
  assert.equal(await closedSoon(a), 0, "A: was closed after the crash");
  assert.equal(await closedSoon(b), 0, "B: was closed after the crash");
  await hv.destroy(id);
});

test("a worker the watchdog kills leaves no image file open", async (t) => {
  if (!existsSync(PROC_FD)) return t.skip("no /proc/self/fd on this system");
  // The worker beats every 100 ms; a 40 ms watchdog cannot be satisfied, so it must fire.
  const hv = hypervisor({ watchdogMs: 40 });
  const image = images[2];
  const id = await hv.create({ profile: "xt", bios: rom, floppies: [{ path: image, mode: "overlay" }] });
  const crashed = nextState(hv, id, "crashed");
  assert.equal(openCount(image), 1);
  await crashed;
  assert.match(hv.info(id).diagnostic!.reason, /watchdog/);
  assert.equal(await closedSoon(image), 0);
});

test("a swap closes the diskette it replaces; destroy closes the rest", async (t) => {
  if (!existsSync(PROC_FD)) return t.skip("no /proc/self/fd on this system");
  const hv = hypervisor();
  const [first, second] = [images[3], images[0]];
  const id = await hv.create({ profile: "at", bios: rom, speed: "max", floppies: [{ path: first, mode: "overlay" }] });
  await hv.start(id);
  await hv.mount(id, "A", { path: second, mode: "overlay" });
  assert.equal(openCount(first), 0, "the swapped-out diskette's file is closed");
  assert.equal(openCount(second), 1);
  await hv.eject(id, "A");
  assert.equal(openCount(second), 0, "eject closes the file");
  await hv.mount(id, "B", { path: first, mode: "read-only" });
  await hv.destroy(id);
  assert.equal(openCount(first), 0, "destroy closes every image");
});
