/**
 * FreeDOS boot to the prompt: power on a deterministic `xt` machine as users get it (its CGA driven by the system
 * BIOS) with the FreeDOS 1.44 MB floppy of the shared test data and run at full speed until `A:\>` is on the screen. Reports the wall time that takes and the guest
 * instructions per second inside the whole machine (CPU, chips, BIOS and video together).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DiskImage } from "../emulator/disk/disk-image.ts";
import { MemoryBlockStore } from "../emulator/disk/block-store.ts";
import { DriveSlot } from "../emulator/disk/drive-slot.ts";
import { Machine } from "../emulator/machine.ts";
import { MachineSession } from "../emulator/session.ts";
import { loadRom } from "../main/rom-file.ts";
import type { Benchmark, Run } from "./report.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const IMAGE = resolve(
  ROOT,
  process.env.REALMODE_TESTDATA ?? "../shared/testdata",
  "images/freedos/freedos.boot.disk.1.4MB.img",
);
/** Virtual time allowed for the boot; FreeDOS needs a few seconds of machine time on a 4.77 MHz XT. */
const LIMIT_MS = 60_000;

export const bootBenchmark: Benchmark = {
  name: "boot",
  workUnit: "instructions",
  rateUnit: "MIPS in the machine",
  rateScale: 1e6,
  timeLabel: "to the A:\\> prompt",
  run(): Run {
    const floppy = DiskImage.open(
      IMAGE,
      new MemoryBlockStore(new Uint8Array(readFileSync(IMAGE))),
      "floppy",
      "overlay",
    );
    const machine = new Machine({
      profile: "xt",
      rom: loadRom(undefined, { machine: "xt", bootOrder: ["a"], floppyDrives: ["1.44M"], hardDisks: 0 }),
      floppyDrives: [{ slot: new DriveSlot(floppy), type: "1.44M" }],
      rtcTime: { kind: "fixed", startEpochMs: Date.UTC(1990, 0, 1) },
    });
    const session = new MachineSession(machine);
    const start = performance.now();
    const booted = session.waitForText(/A:\\>/, LIMIT_MS);
    const seconds = (performance.now() - start) / 1000;
    if (!booted)
      throw new Error(`FreeDOS did not reach A:\\> in ${LIMIT_MS} ms of machine time:\n${session.screenText()}`);
    return { work: machine.cpu.instructionCount, seconds };
  },
};
