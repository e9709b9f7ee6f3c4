/**
 * Saved states on disk: `<data>/states/<machine id>/<state id>.rmstate` (the hypervisor's snapshot file), `.png`
 * (a thumbnail of the screen), `.<drive>.img` (each diskette as it was, e.g. `.A.img`) and `.json` (when, the label,
 * the images that were in the drives with their host paths, which the renderer never sees, and each image's
 * fingerprint). The JSON is written last, so a state is listed only once it is whole; each file goes through a
 * temporary file, fdatasync and a rename, so a crash never leaves half a state.
 *
 * The snapshot holds memory, not disks, and the app opens images read-write: a guest (or another program) that
 * writes to an image after the save leaves the restored DOS's FAT, directory caches and buffers out of step with the
 * disk, and its next writes damage the file system. So a state keeps what it needs to notice that. Diskettes (at
 * most 2.88 MB) are copied whole: a restore over a changed one gives the machine the copy as a new file in
 * `<data>/diskettes/` (created, never overwriting anything). Hard disks (up to 8 GB) are fingerprinted (size and
 * SHA-256): a restore over a changed one is refused (checkImages). The user's images are only ever read here.
 *
 * Ids are the host's own: a state id is the save time in milliseconds (13 digits, so ids sort as times) and 8 random
 * hex digits. Every id is checked against its pattern before it reaches a path, so none can name another folder.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  fdatasyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { extname, join } from "node:path";
import type { DiskKind } from "../../emulator/disk/disk-image.ts";
import type { Drive, SavedState } from "../../renderer/host-api.ts";
import { ProblemError } from "./problem.ts";
import type { StoredMedia } from "./profile-store.ts";

export const STATE_ID_PATTERN = /^[0-9]{13}-[0-9a-f]{8}$/;
/** Machine ids are profile-store.ts's UUIDs; the pattern is the Electron validators' (validate.ts machineId). */
const MACHINE_ID_PATTERN = /^[a-z0-9-]{1,64}$/;
/** Format 2 adds `images`; a format 1 state (saved before images were kept) is listed, and its restore refused. */
const FORMAT = 2;
const FORMATS = [1, 2];
/** The drives whose images are copied into a state: the diskette drives. */
const COPIED: readonly Drive[] = ["A", "B"];
const HASH_CHUNK_BYTES = 1 << 20;

/** An image in a drive, as the machine had it open (the snapshot's media), and its name as the user knows it. */
export interface DriveImage {
  readonly drive: Drive;
  readonly kind: DiskKind;
  readonly path: string;
  readonly name: string;
}

export interface Fingerprint {
  readonly sizeBytes: number;
  /** SHA-256 of the whole image, lowercase hex. */
  readonly sha256: string;
}

/** What a state knows of one image: where it was and its fingerprint when saved (a diskette's is its copy's too). */
export interface KeptImage extends Fingerprint {
  readonly path: string;
  readonly kind: DiskKind;
}

/** What the host keeps beside a snapshot. */
export interface StateMeta {
  readonly format: number;
  readonly createdAt: string;
  readonly label: string;
  /** The machine's drives when it was saved, as the profile had them (host paths included). */
  readonly media: Readonly<Record<Drive, StoredMedia | null>>;
  /** Each image in a drive at the save, by drive; absent in format 1. */
  readonly images?: Readonly<Partial<Record<Drive, KeptImage>>>;
}

export interface NewState {
  readonly snapshot: Uint8Array;
  /** PNG bytes, or null without a picture. */
  readonly thumbnail: Uint8Array | null;
  readonly label: string;
  readonly media: Readonly<Record<Drive, StoredMedia | null>>;
  /**
   * The images the snapshot's machine has open. The caller has the VM paused: every guest write has reached its file
   * (FileBlockStore writes synchronously, with fdatasync) and no other comes while they are read.
   */
  readonly images: readonly DriveImage[];
}

export class StateStore {
  private lastStamp = 0;

  constructor(
    readonly folder: string,
    /** Where a restore puts a diskette as a state kept it, when the user's image has changed since. */
    readonly disketteFolder: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async save(machineId: string, state: NewState): Promise<SavedState> {
    const folder = this.machineFolder(machineId);
    // Everything is read before anything is written: an image that cannot be read fails the save, leaving no files.
    const images: Partial<Record<Drive, KeptImage>> = {};
    const copies: [Drive, Uint8Array][] = [];
    for (const image of state.images) {
      if (image.kind === "floppy") {
        const bytes = readImage(image);
        images[image.drive] = { path: image.path, kind: image.kind, ...fingerprintOf(bytes) };
        copies.push([image.drive, bytes]);
      } else {
        images[image.drive] = { path: image.path, kind: image.kind, ...(await fingerprintImage(image)) };
      }
    }
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
      images,
    };
    writeWhole(join(folder, `${id}.rmstate`), state.snapshot);
    if (state.thumbnail) writeWhole(join(folder, `${id}.png`), state.thumbnail);
    for (const [drive, bytes] of copies) writeWhole(join(folder, `${id}.${drive}.img`), bytes);
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

  /**
   * Compares each image the snapshot will reopen with what the state kept, before any VM sees it, and returns the
   * diskette drives whose image changed since the save (or is gone): the restore must give the machine the kept copy
   * (restoreDiskette) rather than a disk its DOS's memory no longer matches. A hard disk that changed or is gone, a
   * kept copy that is missing or damaged, and a state that kept no fingerprints are refused with a Problem.
   */
  async checkImages(
    machineId: string,
    stateId: string,
    meta: StateMeta,
    images: readonly DriveImage[],
  ): Promise<Drive[]> {
    const changed: Drive[] = [];
    for (const image of images) {
      const kept = meta.images?.[image.drive];
      if (!kept || kept.path !== image.path || kept.kind !== image.kind) {
        throw new ProblemError(
          "This state was saved by an earlier Realmode, which did not record its disks: restoring it could damage them.",
          "Delete it and save a new state.",
        );
      }
      const now = await fingerprintFile(image.path).catch(() => null);
      if (now && sameFingerprint(now, kept)) continue;
      if (image.kind === "hard-disk") {
        throw new ProblemError(
          now
            ? `${image.drive}: has changed since this state was saved: restoring would damage its files.`
            : `This state was saved with ${image.name} in ${image.drive}:, and that image ${existsSync(image.path) ? "cannot be read" : "is gone"}.`,
          now
            ? `The state holds the machine's memory, not its hard disk, and ${image.name} was written after the save ` +
                "(by the machine or another program). Put the image back as it was, or delete the state and save a new one."
            : "Put the image back where it was, or delete the state.",
        );
      }
      const copy = await fingerprintFile(this.copyPath(machineId, stateId, image.drive)).catch(() => null);
      if (!copy || !sameFingerprint(copy, kept)) {
        throw new ProblemError(
          `${image.drive}: has changed since this state was saved, and the copy of the diskette kept with the state is ${copy ? "damaged" : "missing"}.`,
          `Put ${image.name} back as it was, or delete the state.`,
        );
      }
      changed.push(image.drive);
    }
    return changed;
  }

  /**
   * The diskette in `image.drive` as the state kept it, as a new file in the diskette folder named after the image
   * and the save time ("freedos (as saved 2025-03-03 12.04.31).img"); returns its path. Never replaces a file: the
   * copy is written whole to a temporary file and linked under the first free name.
   */
  restoreDiskette(machineId: string, stateId: string, meta: StateMeta, image: DriveImage): string {
    const kept = meta.images?.[image.drive];
    const bytes = readFileSync(this.copyPath(machineId, stateId, image.drive));
    if (!kept || !sameFingerprint(fingerprintOf(bytes), kept)) {
      throw new ProblemError(
        `The copy of ${image.drive}: kept with this state is damaged.`,
        `Put ${image.name} back as it was, or delete the state.`,
      );
    }
    mkdirSync(this.disketteFolder, { recursive: true });
    const temporary = join(this.disketteFolder, `.${checkStateId(stateId)}.${image.drive}.${process.pid}.tmp`);
    writeDurably(temporary, bytes);
    try {
      const base = copyName(image.name, new Date(meta.createdAt));
      for (let n = 1; n <= 100; n++) {
        const path = join(this.disketteFolder, n === 1 ? base.join("") : `${base[0]} ${n}${base[1]}`);
        try {
          linkSync(temporary, path);
          return path;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
      throw new ProblemError(
        `There are too many restored copies of ${image.name} in ${this.disketteFolder}.`,
        "Move or delete some of them.",
      );
    } finally {
      rmSync(temporary, { force: true });
    }
  }

  delete(machineId: string, stateId: string): void {
    const folder = this.machineFolder(machineId);
    const id = checkStateId(stateId);
    // The JSON first: a state without it is no longer listed, whatever happens to the rest.
    for (const extension of [".json", ".rmstate", ".png", ...COPIED.map((drive) => `.${drive}.img`)]) {
      rmSync(join(folder, `${id}${extension}`), { force: true });
    }
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

  private copyPath(machineId: string, stateId: string, drive: Drive): string {
    return join(this.machineFolder(machineId), `${checkStateId(stateId)}.${drive}.img`);
  }

  private describe(machineId: string, id: string, meta: StateMeta): SavedState | null {
    const folder = this.machineFolder(machineId);
    let sizeBytes: number;
    try {
      sizeBytes = statSync(join(folder, `${id}.rmstate`)).size;
    } catch {
      return null;
    }
    // The diskettes kept with it take room too.
    for (const drive of COPIED) {
      const copy = join(folder, `${id}.${drive}.img`);
      if (meta.images?.[drive] && existsSync(copy)) sizeBytes += statSync(copy).size;
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
    if (!FORMATS.includes(meta.format!) || typeof meta.createdAt !== "string" || typeof meta.label !== "string")
      return null;
    if (typeof meta.media !== "object" || meta.media === null) return null;
    if (meta.format === FORMAT && (typeof meta.images !== "object" || meta.images === null)) return null;
    return meta as StateMeta;
  } catch {
    return null;
  }
}

/** Size and SHA-256 of a file, read in 1 MB pieces without blocking the host (a hard disk may be gigabytes). */
export async function fingerprintFile(path: string): Promise<Fingerprint> {
  const hash = createHash("sha256");
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: HASH_CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).length;
  }
  return { sizeBytes, sha256: hash.digest("hex") };
}

function fingerprintOf(bytes: Uint8Array): Fingerprint {
  return { sizeBytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.sizeBytes === b.sizeBytes && a.sha256 === b.sha256;
}

async function fingerprintImage(image: DriveImage): Promise<Fingerprint> {
  try {
    return await fingerprintFile(image.path);
  } catch (error) {
    throw unreadable(image, error);
  }
}

function readImage(image: DriveImage): Uint8Array {
  try {
    return readFileSync(image.path);
  } catch (error) {
    throw unreadable(image, error);
  }
}

function unreadable(image: DriveImage, error: unknown): ProblemError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === "ENOENT" ? "it is gone" : code === "EACCES" || code === "EPERM" ? "permission denied" : code;
  return new ProblemError(
    `${image.name} in ${image.drive}: cannot be read (${reason ?? String(error)}).`,
    "Put the image back where it was, or eject it.",
  );
}

/**
 * "freedos (as saved 2025-03-03 12.04.31)" and ".img" for a diskette named "freedos.img", in the host's local time.
 * The name may come from a page (an upload's file name): only letters, digits and a few marks stay, so it names a
 * file in the diskette folder and nothing else.
 */
function copyName(name: string, saved: Date): [string, string] {
  const extension = /^\.[A-Za-z0-9]{1,8}$/.test(extname(name)) ? extname(name) : ".img";
  const stem = (extname(name) === extension ? name.slice(0, -extension.length) : name)
    .replace(/[^A-Za-z0-9 ._()+-]/g, "_")
    .replace(/^[. ]+/, "")
    .slice(0, 60);
  const two = (part: number) => String(part).padStart(2, "0");
  const day = `${saved.getFullYear()}-${two(saved.getMonth() + 1)}-${two(saved.getDate())}`;
  const time = `${two(saved.getHours())}.${two(saved.getMinutes())}.${two(saved.getSeconds())}`;
  return [`${stem || "diskette"} (as saved ${day} ${time})`, extension];
}

/** A file whole or not at all: a temporary file, flushed to the disk, renamed into place. */
function writeWhole(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeDurably(temporary, bytes);
  renameSync(temporary, path);
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "w");
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
