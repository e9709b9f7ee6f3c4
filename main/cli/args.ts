/**
 * The command line of `realmode run`: options configure the machine, steps run in the order given. Parsing is
 * separate from running so that every argument error is reported before anything boots.
 */
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import type { MachineProfile, MouseAttachment, VideoAdapterKind } from "../../emulator/machine.ts";

export type Step =
  | { readonly kind: "wait-text"; readonly pattern: RegExp; readonly source: string }
  | { readonly kind: "type"; readonly text: string }
  | { readonly kind: "wait-ms"; readonly ms: number }
  | { readonly kind: "screenshot"; readonly file: string }
  | { readonly kind: "screen-text"; readonly file: string }
  | { readonly kind: "save-state"; readonly file: string }
  | { readonly kind: "mouse-move"; readonly dx: number; readonly dy: number; readonly buttons: number };

export type BootOrder = "a" | "c";
export type ImageMode = "read-write" | "read-only" | "overlay";

export interface RunOptions {
  readonly machine: MachineProfile;
  readonly cpu: CpuModel | undefined;
  readonly memoryKb: number;
  readonly bios: string | undefined;
  readonly fda: string | undefined;
  readonly fdb: string | undefined;
  readonly hda: string | undefined;
  readonly hdb: string | undefined;
  readonly boot: BootOrder;
  readonly imageMode: ImageMode;
  /** CPU clock in MHz when paced to the wall clock; undefined runs as fast as the host can. */
  readonly speedMhz: number | undefined;
  readonly deterministic: boolean;
  /** How long each --wait-text waits, in seconds of the machine's time. */
  readonly timeoutSeconds: number;
  readonly serial: string | undefined;
  /** Where the bytes the guest prints on LPT1 go. */
  readonly printer: string | undefined;
  /** A WAV file for everything the PC speaker plays during the run. */
  readonly audio: string | undefined;
  /** A snapshot to start from instead of booting (its machine and media replace those options). */
  readonly loadState: string | undefined;
  /** The mouse; undefined takes the profile's default (ps2 on the AT, none on the XT). */
  readonly mouse: MouseAttachment | undefined;
  /** The display adapter; undefined takes the profile's default (emulator/machine.ts videoFor). */
  readonly video: VideoAdapterKind | undefined;
  /** Every --screenshot stretched to the monitor's 4:3 (320x200 → 320x240) instead of the mode's own pixels. */
  readonly aspect: boolean;
  readonly steps: readonly Step[];
}

export class UsageError extends Error {}

export const RUN_USAGE = `usage: realmode run [--machine xt|at] [--cpu 8088|8086|80186|80286] [--memory KB] [--bios ROM]
                    [--fda IMG] [--fdb IMG] [--hda IMG] [--hdb IMG] [--boot a|c] [--read-only|--overlay]
                    [--speed max|MHZ] [--deterministic] [--timeout SEC] [--serial FILE|-] [--printer FILE|-] [--audio FILE.wav]
                    [--mouse none|ps2|com1|com2] [--video cga|vga] [--load-state FILE] [--aspect] STEP...
steps, run in order: --wait-text REGEX  --type TEXT  --wait-ms N  --screenshot FILE.png  --screen-text FILE|-
                     --save-state FILE  --mouse-move DX,DY[,BUTTONS]`;

const CPUS: readonly CpuModel[] = ["8088", "8086", "80186", "80286"];
const MICE: readonly MouseAttachment[] = ["none", "ps2", "com1", "com2"];
const ADAPTERS: readonly VideoAdapterKind[] = ["cga", "vga"];
/** What a snapshot brings with it: these options cannot be combined with --load-state. */
const MACHINE_OPTIONS = [
  "--machine",
  "--cpu",
  "--memory",
  "--bios",
  "--fda",
  "--fdb",
  "--hda",
  "--hdb",
  "--boot",
  "--read-only",
  "--overlay",
  "--deterministic",
  "--mouse",
  "--video",
];

export function parseRunArguments(args: readonly string[]): RunOptions {
  let machine: MachineProfile = "xt";
  let cpu: CpuModel | undefined;
  let memoryKb = 640;
  let boot: BootOrder = "a";
  let imageMode: ImageMode = "read-write";
  let speedMhz: number | undefined;
  let deterministic = false;
  let timeoutSeconds = 60;
  let mouse: MouseAttachment | undefined;
  let video: VideoAdapterKind | undefined;
  let aspect = false;
  const files: Record<string, string | undefined> = {};
  const steps: Step[] = [];
  const given = new Set<string>();

  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    given.add(flag);
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--machine": {
        const profile = value();
        if (profile !== "xt" && profile !== "at") throw new UsageError(`--machine must be xt or at, not "${profile}"`);
        machine = profile;
        break;
      }
      case "--cpu": {
        const model = value();
        if (!CPUS.includes(model as CpuModel)) throw new UsageError(`--cpu must be one of ${CPUS.join(", ")}`);
        cpu = model as CpuModel;
        break;
      }
      case "--memory":
        memoryKb = wholeNumber(flag, value());
        if (memoryKb % 16 !== 0 || memoryKb < 64 || memoryKb > 640) {
          throw new UsageError("--memory must be a multiple of 16 KB from 64 to 640");
        }
        break;
      case "--bios":
      case "--fda":
      case "--fdb":
      case "--hda":
      case "--hdb":
      case "--serial":
      case "--printer":
      case "--audio":
      case "--load-state":
        files[flag.slice(2)] = value();
        break;
      case "--boot": {
        const order = value();
        if (order !== "a" && order !== "c") throw new UsageError(`--boot must be a or c, not "${order}"`);
        boot = order;
        break;
      }
      case "--read-only":
      case "--overlay":
        if (imageMode !== "read-write") throw new UsageError("give at most one of --read-only and --overlay");
        imageMode = flag === "--read-only" ? "read-only" : "overlay";
        break;
      case "--speed": {
        const speed = value();
        if (speed === "max") speedMhz = undefined;
        else {
          speedMhz = Number(speed);
          if (!(speedMhz >= 0.1 && speedMhz <= 1000))
            throw new UsageError(`--speed must be max or MHz, not "${speed}"`);
        }
        break;
      }
      case "--deterministic":
        deterministic = true;
        break;
      case "--timeout":
        timeoutSeconds = Number(value());
        if (!(timeoutSeconds > 0)) throw new UsageError("--timeout must be a positive number of seconds");
        break;
      case "--wait-text": {
        const source = value();
        try {
          steps.push({ kind: "wait-text", pattern: new RegExp(source), source });
        } catch (error) {
          throw new UsageError(`--wait-text ${JSON.stringify(source)} is not a regular expression: ${String(error)}`);
        }
        break;
      }
      case "--type":
        steps.push({ kind: "type", text: value() });
        break;
      case "--wait-ms":
        steps.push({ kind: "wait-ms", ms: wholeNumber(flag, value()) });
        break;
      case "--screenshot":
        steps.push({ kind: "screenshot", file: value() });
        break;
      case "--aspect":
        aspect = true;
        break;
      case "--screen-text":
        steps.push({ kind: "screen-text", file: value() });
        break;
      case "--save-state":
        steps.push({ kind: "save-state", file: value() });
        break;
      case "--mouse": {
        const attachment = value();
        if (!MICE.includes(attachment as MouseAttachment)) {
          throw new UsageError(`--mouse must be one of ${MICE.join(", ")}, not "${attachment}"`);
        }
        mouse = attachment as MouseAttachment;
        break;
      }
      case "--mouse-move":
        steps.push(mouseMove(value()));
        break;
      case "--video": {
        // Either adapter fits either machine (IBM sold ATs with a CGA); with a third-party --bios, whether that ROM
        // drives the adapter is the user's call.
        const adapter = value();
        if (!ADAPTERS.includes(adapter as VideoAdapterKind)) {
          throw new UsageError(`--video must be cga or vga, not "${adapter}"`);
        }
        video = adapter as VideoAdapterKind;
        break;
      }
      default:
        throw new UsageError(`unknown argument "${flag}"`);
    }
  }
  if (machine === "xt" && (files.hda || files.hdb)) {
    throw new UsageError("the xt machine has no hard-disk controller: use --machine at for --hda/--hdb");
  }
  if (cpu === "80286" && machine === "xt") throw new UsageError("an 80286 needs --machine at");
  if (mouse === "ps2" && machine === "xt") {
    throw new UsageError("the xt machine has no PS/2 mouse port: use --mouse com1 or com2, or --machine at");
  }
  if (mouse === "com1" && files.serial !== undefined) {
    throw new UsageError("--serial needs COM1, which --mouse com1 gives to the mouse: use --mouse com2");
  }
  const conflict = files["load-state"] === undefined ? undefined : MACHINE_OPTIONS.find((option) => given.has(option));
  if (conflict) {
    throw new UsageError(`${conflict} cannot be given with --load-state: the snapshot brings its machine and media`);
  }
  return {
    machine,
    cpu,
    memoryKb,
    bios: files.bios,
    fda: files.fda,
    fdb: files.fdb,
    hda: files.hda,
    hdb: files.hdb,
    boot,
    imageMode,
    speedMhz,
    deterministic,
    timeoutSeconds,
    serial: files.serial,
    printer: files.printer,
    audio: files.audio,
    loadState: files["load-state"],
    mouse,
    video,
    aspect,
    steps,
  };
}

/** DX,DY[,BUTTONS]: counts right and down (negative for left and up), buttons bit 0 left, 1 right, 2 middle. */
function mouseMove(text: string): Step {
  const parts = text.split(",");
  const numbers = parts.map(Number);
  const valid = parts.length >= 2 && parts.length <= 3 && parts.every((part) => /^-?\d+$/.test(part.trim()));
  const [dx, dy, buttons = 0] = numbers;
  if (!valid || buttons < 0 || buttons > 7) {
    throw new UsageError(`--mouse-move needs DX,DY or DX,DY,BUTTONS (whole numbers, buttons 0-7), not "${text}"`);
  }
  return { kind: "mouse-move", dx, dy, buttons };
}

function wholeNumber(flag: string, text: string): number {
  const number = Number(text);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${flag} needs a whole number, not "${text}"`);
  return number;
}
