/**
 * `realmode run`: boots a machine headless and runs the steps of the command line against it. Exit codes: 0 when
 * every step succeeded, 2 when a --wait-text timed out (the screen then goes to stderr), 1 on any other error with
 * one line saying what is wrong.
 */
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { DiskImage, type DiskImageMode } from "../../emulator/disk/disk-image.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import {
  Machine,
  XT_CLOCK_HZ,
  AT_CLOCK_HZ,
  driveTypeForImage,
  type MachineFloppyDrive,
} from "../../emulator/machine.ts";
import { MachineSession, POLL_MS } from "../../emulator/session.ts";
import { loadRom, loadVideoRom } from "../rom-file.ts";
import { FileBlockStore } from "../file-block-store.ts";
import type { RunOptions, Step } from "./args.ts";

/** The fixed RTC start time of deterministic runs: 1990-01-01 00:00:00. */
const DETERMINISTIC_EPOCH_MS = Date.UTC(1990, 0, 1);
/** How much machine time runs between looks at the wall clock when pacing. */
const PACING_SLICE_MS = 10;

export class WaitTimeout extends Error {
  constructor(
    readonly pattern: string,
    readonly screen: string,
  ) {
    super(`timed out waiting for /${pattern}/`);
  }
}

export async function run(options: RunOptions, out: NodeJS.WritableStream): Promise<void> {
  const stores: FileBlockStore[] = [];
  const openImage = (path: string, kind: "floppy" | "hard-disk"): DiskImage => {
    const mode: DiskImageMode = options.imageMode;
    const store = FileBlockStore.open(path, mode === "read-write");
    stores.push(store);
    return DiskImage.open(path, store, kind, mode);
  };
  try {
    const floppies: MachineFloppyDrive[] = [options.fda, options.fdb].map((path) => {
      const image = path ? openImage(path, "floppy") : null;
      return { slot: new DriveSlot(image), type: image ? driveTypeForImage(image) : "1.44M" };
    });
    const hardDisks = [options.hda, options.hdb]
      .filter((path) => path !== undefined)
      .map((p) => openImage(p, "hard-disk"));
    const at = options.machine === "at";
    const clockHz = options.speedMhz !== undefined ? options.speedMhz * 1e6 : at ? AT_CLOCK_HZ : XT_CLOCK_HZ;
    const machine = new Machine({
      profile: options.machine,
      cpu: options.cpu,
      memoryKb: options.memoryKb,
      clockHz,
      rom: loadRom(options.bios, {
        machine: options.machine,
        bootOrder: options.boot === "a" ? ["a", "c"] : ["c", "a"],
        floppyDrives: floppies.map((drive) => drive.type),
        hardDisks: hardDisks.length,
      }),
      videoRom: loadVideoRom(),
      floppyDrives: floppies,
      hardDisks,
      rtcTime: options.deterministic
        ? { kind: "fixed", startEpochMs: DETERMINISTIC_EPOCH_MS }
        : { kind: "host", epochMs: () => Date.now() - new Date().getTimezoneOffset() * 60_000 },
    });
    if (options.serial) attachSerial(machine, options.serial, out);
    const session = new MachineSession(machine);
    const pacer = options.speedMhz === undefined ? null : new Pacer(session);
    for (const step of options.steps) await runStep(session, step, options, out, pacer);
  } finally {
    for (const store of stores) store.close();
  }
}

async function runStep(
  session: MachineSession,
  step: Step,
  options: RunOptions,
  out: NodeJS.WritableStream,
  pacer: Pacer | null,
): Promise<void> {
  switch (step.kind) {
    case "wait-text": {
      const limitMs = options.timeoutSeconds * 1000;
      const end = session.nowMs + limitMs;
      for (;;) {
        if (session.waitForText(step.pattern, 0)) return;
        if (session.nowMs >= end) throw new WaitTimeout(step.source, session.screenText());
        await advance(session, Math.min(POLL_MS, end - session.nowMs), pacer);
      }
    }
    case "type":
      session.type(step.text);
      return;
    case "wait-ms":
      await advance(session, step.ms, pacer);
      return;
    case "screenshot":
      writeFileSync(step.file, session.screenshotPng());
      return;
    case "screen-text": {
      const text = session.screenText() + "\n";
      if (step.file === "-") out.write(text);
      else writeFileSync(step.file, text);
      return;
    }
  }
}

/** Runs `ms` of machine time, at wall-clock pace when a pacer is given, yielding to the event loop between slices. */
async function advance(session: MachineSession, ms: number, pacer: Pacer | null): Promise<void> {
  const end = session.nowMs + ms;
  while (session.nowMs < end) {
    session.runMs(Math.min(PACING_SLICE_MS, end - session.nowMs));
    if (pacer) await pacer.wait();
    else await sleep(0);
  }
}

/** Keeps machine time in step with the wall clock: sleeps whenever the machine gets ahead. */
class Pacer {
  private readonly wallStart = performance.now();
  private readonly machineStart: number;
  constructor(private readonly session: MachineSession) {
    this.machineStart = session.nowMs;
  }
  async wait(): Promise<void> {
    const ahead = this.session.nowMs - this.machineStart - (performance.now() - this.wallStart);
    if (ahead > 1) await sleep(ahead);
  }
}

function attachSerial(machine: Machine, target: string, out: NodeJS.WritableStream): void {
  if (target === "-") {
    machine.com1.onTransmit = (byte) => out.write(Buffer.from([byte]));
    return;
  }
  writeFileSync(target, new Uint8Array(0));
  machine.com1.onTransmit = (byte) => writeFileSync(target, new Uint8Array([byte]), { flag: "a" });
}
