/**
 * Validators for everything the renderer sends over IPC. The renderer runs guest-facing code and untrusted image
 * contents go through it, so the main process treats every argument as hostile: each validator either returns the
 * value with its exact type or throws InvalidArgument. They check shape and range at the boundary; the rules about
 * what a machine may be (memory steps, an XT without C:) are the host service's (main/web/host-service.ts).
 */
import { isAbsolute } from "node:path";
import { isKeyName } from "../../emulator/devices/scancodes.ts";
import {
  MAX_MOUSE_DELTA,
  type CpuChoice,
  type Drive,
  type MachineSettings,
  type MachineType,
  type MouseChoice,
  type ResetKind,
  type SpeedChoice,
  type VideoChoice,
} from "../../renderer/host-api.ts";
import { hasImageExtension } from "./image-files.ts";
import { ProblemError } from "../web/problem.ts";
import { STATE_ID_PATTERN } from "../web/state-store.ts";

/** The renderer sent something no honest renderer sends. */
export class InvalidArgument extends ProblemError {
  constructor(what: string) {
    super(`Realmode refused a request from its window: ${what}.`, "This is a bug in the app; restart Realmode.");
  }
}

export const MACHINE_TYPES: readonly MachineType[] = ["xt", "at"];
export const CPUS: readonly CpuChoice[] = ["8088", "8086", "80186", "80286"];
export const DRIVES: readonly Drive[] = ["A", "B", "C"];
export const SPEEDS: readonly SpeedChoice[] = ["4.77", "turbo", "max"];
export const RESET_KINDS: readonly ResetKind[] = ["warm", "cold"];
export const MICE: readonly MouseChoice[] = ["none", "ps2", "com1", "com2"];
export const VIDEOS: readonly VideoChoice[] = ["cga", "vga"];
export const MIN_MEMORY_KB = 64;
export const MAX_MEMORY_KB = 640;
/** The service allows shorter names; this only keeps absurd strings out of the process. */
const MAX_NAME_LENGTH = 200;
/** A paste longer than this is not typing; at ~20 keys per second it would take an hour. */
export const MAX_TYPED_TEXT = 65_536;
/** Host paths longer than this exist nowhere (PATH_MAX is 4096 on Linux). */
const MAX_PATH_LENGTH = 4096;

function oneOf<T extends string>(values: readonly T[], value: unknown, what: string): T {
  if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as T;
  throw new InvalidArgument(`${what} must be one of ${values.join(", ")}`);
}

export const drive = (value: unknown): Drive => oneOf(DRIVES, value, "a drive");
export const speed = (value: unknown): SpeedChoice => oneOf(SPEEDS, value, "a speed");
export const resetKind = (value: unknown): ResetKind => oneOf(RESET_KINDS, value, "a reset");

/** Machine ids are the host's own (profile-store.ts makes them): lowercase letters, digits and dashes. */
export function machineId(value: unknown): string {
  if (typeof value === "string" && /^[a-z0-9-]{1,64}$/.test(value)) return value;
  throw new InvalidArgument("a machine id is 1 to 64 lowercase letters, digits or dashes");
}

/** Saved state ids are the host's own (state-store.ts): the save time in ms and 8 hex digits, no path characters. */
export function stateId(value: unknown): string {
  if (typeof value === "string" && STATE_ID_PATTERN.test(value)) return value;
  throw new InvalidArgument("a saved state id is 13 digits, a dash and 8 hex digits");
}

export function keyName(value: unknown): string {
  if (typeof value === "string" && value.length <= 32 && isKeyName(value)) return value;
  throw new InvalidArgument("a key is a name from the key list (A, Enter, LeftCtrl, Up …)");
}

export function typedText(value: unknown): string {
  if (typeof value === "string" && value.length <= MAX_TYPED_TEXT) return value;
  throw new InvalidArgument(`typed text is a string of at most ${MAX_TYPED_TEXT} characters`);
}

/** Mouse motion on one axis in counts: a whole number, at most MAX_MOUSE_DELTA either way. */
export function mouseDelta(value: unknown): number {
  if (Number.isInteger(value) && Math.abs(value as number) <= MAX_MOUSE_DELTA) return value as number;
  throw new InvalidArgument(`mouse motion is a whole number from -${MAX_MOUSE_DELTA} to ${MAX_MOUSE_DELTA}`);
}

/** Mouse buttons held: bit 0 left, bit 1 right, bit 2 middle. */
export function mouseButtons(value: unknown): number {
  if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 7) return value as number;
  throw new InvalidArgument("mouse buttons are a whole number from 0 to 7");
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new InvalidArgument(`${what} must be an object`);
}

function name(value: unknown): string {
  // Control characters would garble menus and file names; a name is what a user types into a text field.
  if (
    typeof value === "string" &&
    value.trim().length > 0 &&
    value.length <= MAX_NAME_LENGTH &&
    !/\p{Cc}/u.test(value)
  ) {
    return value.trim();
  }
  throw new InvalidArgument(`a machine name is 1 to ${MAX_NAME_LENGTH} printable characters`);
}

function memoryKb(value: unknown): number {
  if (Number.isInteger(value) && (value as number) >= MIN_MEMORY_KB && (value as number) <= MAX_MEMORY_KB) {
    return value as number;
  }
  throw new InvalidArgument(`memory is a whole number of KB from ${MIN_MEMORY_KB} to ${MAX_MEMORY_KB}`);
}

const SETTING_VALIDATORS = {
  name,
  type: (value: unknown) => oneOf(MACHINE_TYPES, value, "a machine type"),
  cpu: (value: unknown) => oneOf(CPUS, value, "a CPU"),
  memoryKb,
  speed,
  boot: (value: unknown) => oneOf(["a", "c"] as const, value, "the boot drive"),
  mouse: (value: unknown) => oneOf(MICE, value, "a mouse"),
  video: (value: unknown) => oneOf(VIDEOS, value, "a display adapter"),
} satisfies { [K in keyof MachineSettings]-?: (value: unknown) => MachineSettings[K] };

const SETTING_KEYS = Object.keys(SETTING_VALIDATORS) as (keyof MachineSettings)[];
/** A new machine without a mouse or display gets its type's usual one (host-api.ts defaultMouse, defaultVideo). */
const OPTIONAL_KEYS: readonly (keyof MachineSettings)[] = ["mouse", "video"];

/** Some of a machine's settings (an edit): known keys only, each valid. */
export function partialSettings(value: unknown): Partial<MachineSettings> {
  const input = record(value, "settings");
  const unknown = Object.keys(input).filter((key) => !(SETTING_KEYS as string[]).includes(key));
  if (unknown.length > 0) throw new InvalidArgument(`settings have no field ${unknown.join(", ")}`);
  const settings: Partial<Record<keyof MachineSettings, unknown>> = {};
  for (const key of SETTING_KEYS) {
    if (input[key] !== undefined) settings[key] = SETTING_VALIDATORS[key](input[key]);
  }
  return settings as Partial<MachineSettings>;
}

/** A whole machine's settings (a new machine): every key present and valid. */
export function settings(value: unknown): MachineSettings {
  const partial = partialSettings(value);
  const missing = SETTING_KEYS.filter((key) => partial[key] === undefined && !OPTIONAL_KEYS.includes(key));
  if (missing.length > 0) throw new InvalidArgument(`settings lack ${missing.join(", ")}`);
  return partial as MachineSettings;
}

/**
 * A dropped file's path as the preload read it with webUtils.getPathForFile: only an absolute path to a file with a
 * disk image extension. The main process then checks it is a regular file (machine-service.ts).
 */
export function droppedPath(value: unknown): string {
  const input = record(value, "a dropped file");
  const path = input.path;
  if (
    typeof path === "string" &&
    path.length > 0 &&
    path.length <= MAX_PATH_LENGTH &&
    !path.includes("\0") &&
    isAbsolute(path) &&
    hasImageExtension(path)
  ) {
    return path;
  }
  throw new InvalidArgument("a dropped file must be a disk image on this computer (.img .ima .vfd .flp .dsk .vhd)");
}

/** Checks the argument count of a call, so a handler never reads an argument the caller left out. */
export function argumentCount(args: readonly unknown[], count: number): void {
  if (args.length !== count) throw new InvalidArgument(`expected ${count} arguments, got ${args.length}`);
}
