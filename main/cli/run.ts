/**
 * `realmode run`: boots a machine headless — one VM of the hypervisor — and runs the steps of the command line
 * against it. Exit codes: 0 when every step succeeded, 2 when a --wait-text timed out (the screen then goes to
 * stderr), 1 on any other error with one line saying what is wrong.
 *
 * The VM is powered on paused (or restored paused from --load-state) and every step that needs machine time runs
 * it with `advance`, which stops exactly where the step ends in machine time: a --deterministic run repeats byte for
 * byte, and --save-state saves the machine exactly between two steps. With --speed MHZ the VM is paced to the wall
 * clock; without it, it runs as fast as the host can. With --audio, the PC speaker's samples are collected as the VM
 * posts them and written as one WAV file at the end, also when a step failed (then up to where the machine stopped).
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { DEFAULT_SAMPLE_RATE } from "../../emulator/devices/pc-speaker.ts";
import { WavRecorder } from "../../emulator/audio/wav.ts";
import { Hypervisor } from "../hypervisor/hypervisor.ts";
import type { VmConfig } from "../hypervisor/protocol.ts";
import { typingMs } from "../hypervisor/typing.ts";
import type { RunOptions, Step } from "./args.ts";

export class WaitTimeout extends Error {
  constructor(
    readonly pattern: string,
    readonly screen: string,
  ) {
    super(`timed out waiting for /${pattern}/`);
  }
}

export async function run(options: RunOptions, out: NodeJS.WritableStream): Promise<void> {
  const hv = new Hypervisor();
  if (options.serial) {
    const write = byteSink(options.serial, out);
    hv.on("serial", ({ bytes }) => write(bytes));
  }
  if (options.printer) {
    const write = byteSink(options.printer, out);
    hv.on("printer", ({ bytes }) => write(bytes));
  }
  const recorder = options.audio === undefined ? undefined : new WavRecorder(DEFAULT_SAMPLE_RATE);
  if (recorder) hv.on("audio", ({ samples }) => recorder.push(samples));
  try {
    const speed = options.speedMhz ?? "max";
    // The CLI reads the screen when a step asks; publishing frames for a display would be wasted work.
    const running = {
      speed,
      serial: options.serial !== undefined,
      printer: options.printer !== undefined,
      audio: recorder !== undefined,
      frameRateHz: 0,
    } as const;
    let id: number;
    if (options.loadState) {
      id = await hv.restore(options.loadState, running);
    } else {
      id = await hv.create({ ...machineConfig(options), ...running });
      await hv.start(id, { paused: true });
    }
    for (const step of options.steps) await runStep(hv, id, step, options, out);
  } finally {
    // Closing the VM posts its last samples first.
    await hv.close();
    if (recorder && options.audio !== undefined) writeFileSync(options.audio, recorder.toWav());
  }
}

function machineConfig(options: RunOptions): VmConfig {
  const mode = options.imageMode;
  return {
    profile: options.machine,
    cpu: options.cpu,
    memoryKb: options.memoryKb,
    bios: options.bios,
    boot: options.boot,
    deterministic: options.deterministic,
    floppies: [options.fda, options.fdb].map((path) => (path === undefined ? null : { path, mode })),
    hardDisks: [options.hda, options.hdb].filter((path) => path !== undefined).map((path) => ({ path, mode })),
    mouse: options.mouse,
    video: options.video,
  };
}

async function runStep(
  hv: Hypervisor,
  id: number,
  step: Step,
  options: RunOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  switch (step.kind) {
    case "wait-text":
      if (!(await hv.advanceUntilText(id, step.pattern, options.timeoutSeconds * 1000))) {
        throw new WaitTimeout(step.source, await hv.screenText(id));
      }
      return;
    case "type": {
      // The keys are queued at the current machine time; running the VM for as long as they take types them.
      const typed = hv.type(id, step.text);
      await hv.advance(id, typingMs(step.text));
      await typed;
      return;
    }
    case "wait-ms":
      await hv.advance(id, step.ms);
      return;
    case "screenshot":
      writeFileSync(step.file, await hv.screenshot(id, { aspect: options.aspect }));
      return;
    case "screen-text": {
      const text = (await hv.screenText(id)) + "\n";
      if (step.file === "-") out.write(text);
      else writeFileSync(step.file, text);
      return;
    }
    case "save-state":
      await hv.saveSnapshotFile(id, step.file);
      return;
    case "mouse-move":
      // Taken at the current machine time; the steps after it run the machine while the mouse reports it.
      await hv.mouseInput(id, step.dx, step.dy, step.buttons);
      return;
  }
}

/** Where COM1's bytes go: stdout ("-"), or a file emptied first and appended to as the guest sends. */
function byteSink(target: string, out: NodeJS.WritableStream): (bytes: Uint8Array) => void {
  if (target === "-") return (bytes) => out.write(bytes);
  writeFileSync(target, new Uint8Array(0));
  return (bytes) => appendFileSync(target, bytes);
}
