/**
 * Saved states on disk: `<data>/states/<machine id>/<state id>.rmstate` (the hypervisor's snapshot file), `.png`
 * (a thumbnail of the screen) and `.json` (when, the label, and the images that were in the drives, with their host
 * paths, which the renderer never sees). The JSON is written last, so a state is listed only once it is whole; each
 * file goes through a temporary file and a rename, so a crash never leaves half a state.
 *
 * Ids are the host's own: a state id is the save time in milliseconds (13 digits, so ids sort as times) and 8 random
 * hex digits. Every id is checked against its pattern before it reaches a path, so none can name another folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Drive, SavedState } from "../../renderer/host-api.ts";
import { ProblemError } from "./problem.ts";
import type { StoredMedia } from "./profile-store.ts";

export const STATE_ID_PATTERN = /^[0-9]{13}-[0-9a-f]{8}$/;
/** Machine ids are profile-store.ts's UUIDs; the pattern is the Electron validators' (validate.ts machineId). */
const MACHINE_ID_PATTERN = /^[a-z0-9-]{1,64}$/;
const FORMAT = 1;

/** What the host keeps beside a snapshot. */
export interface StateMeta {
  readonly format: number;
  readonly createdAt: string;
  readonly label: string;
  /** The machine's drives when it was saved, as the profile had them (host paths included). */
  readonly media: Readonly<Record<Drive, StoredMedia | null>>;
}

export interface NewState {
  readonly snapshot: Uint8Array;
  /** PNG bytes, or null without a picture. */
  readonly thumbnail: Uint8Array | null;
  readonly label: string;
  readonly media: Readonly<Record<Drive, StoredMedia | null>>;
}

export class StateStore {
  private lastStamp = 0;

  constructor(
    readonly folder: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  save(machineId: string, state: NewState): SavedState {
    const folder = this.machineFolder(machineId);
    mkdirSync(folder, { recursive: true });
    const created = this.now();
    // Two saves within one millisecond still get ids in the order they were made.
    const stamp = Math.max(created.getTime(), this.lastStamp + 1);
    this.lastStamp = stamp;
    const id = `${String(stamp).padStart(13, "0")}-${randomBytes(4).toString("hex")}`;
    const meta: StateMeta = {
      format: FORMAT,
      createdAt: created.toISOString(),
      label: state.label,
      media: state.media,
    };
    writeWhole(join(folder, `${id}.rmstate`), state.snapshot);
    if (state.thumbnail) writeWhole(join(folder, `${id}.png`), state.thumbnail);
    writeWhole(join(folder, `${id}.json`), new TextEncoder().encode(JSON.stringify(meta, null, 2) + "\n"));
    return this.describe(machineId, id, meta)!;
  }

  /** The machine's states, newest first; a state whose files are incomplete or unreadable is left out. */
  list(machineId: string): SavedState[] {
    const folder = this.machineFolder(machineId);
    if (!existsSync(folder)) return [];
    const ids = readdirSync(folder)
      .filter((name) => name.endsWith(".json"))
      .map((name) => name.slice(0, -".json".length))
      .filter((id) => STATE_ID_PATTERN.test(id))
      .sort()
      .reverse();
    const states: SavedState[] = [];
    for (const id of ids) {
      const meta = readMeta(join(folder, `${id}.json`));
      const state = meta && this.describe(machineId, id, meta);
      if (state) states.push(state);
    }
    return states;
  }

  /** The snapshot's bytes and what was kept beside it; a Problem for a state that does not exist. */
  read(machineId: string, stateId: string): { readonly snapshot: Uint8Array; readonly meta: StateMeta } {
    const folder = this.machineFolder(machineId);
    const id = checkStateId(stateId);
    const meta = readMeta(join(folder, `${id}.json`));
    const file = join(folder, `${id}.rmstate`);
    if (!meta || !existsSync(file)) {
      throw new ProblemError("That saved state does not exist any more.", "Pick another one from the States list.");
    }
    return { snapshot: new Uint8Array(readFileSync(file)), meta };
  }

  delete(machineId: string, stateId: string): void {
    const folder = this.machineFolder(machineId);
    const id = checkStateId(stateId);
    // The JSON first: a state without it is no longer listed, whatever happens to the rest.
    for (const extension of [".json", ".rmstate", ".png"]) rmSync(join(folder, `${id}${extension}`), { force: true });
  }

  /** Every state of a machine (the machine was deleted). */
  deleteMachine(machineId: string): void {
    rmSync(this.machineFolder(machineId), { recursive: true, force: true });
  }

  private machineFolder(machineId: string): string {
    if (!MACHINE_ID_PATTERN.test(machineId)) {
      throw new ProblemError("That machine does not exist any more.", "Pick another machine from the list.");
    }
    return join(this.folder, machineId);
  }

  private describe(machineId: string, id: string, meta: StateMeta): SavedState | null {
    const folder = this.machineFolder(machineId);
    let sizeBytes: number;
    try {
      sizeBytes = statSync(join(folder, `${id}.rmstate`)).size;
    } catch {
      return null;
    }
    const png = join(folder, `${id}.png`);
    const thumbnail = existsSync(png) ? `data:image/png;base64,${readFileSync(png).toString("base64")}` : null;
    return { id, machineId, createdAt: meta.createdAt, label: meta.label, sizeBytes, thumbnail };
  }
}

/** A state id from a renderer: only the host's own form, so it never reaches a path otherwise. */
export function checkStateId(value: unknown): string {
  if (typeof value === "string" && STATE_ID_PATTERN.test(value)) return value;
  throw new ProblemError("That is not a saved state's id.", "Pick a state from the States list.");
}

function readMeta(file: string): StateMeta | null {
  try {
    const meta = JSON.parse(readFileSync(file, "utf8")) as Partial<StateMeta>;
    if (meta.format !== FORMAT || typeof meta.createdAt !== "string" || typeof meta.label !== "string") return null;
    if (typeof meta.media !== "object" || meta.media === null) return null;
    return meta as StateMeta;
  } catch {
    return null;
  }
}

function writeWhole(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}
