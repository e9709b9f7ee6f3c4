/**
 * The machine library on disk: one JSON file (machines.json) in the user data folder, written whole through a
 * temporary file and a rename, so a crash never leaves half a library. Unlike what the renderer sees, a stored
 * profile keeps each image's host path; an image that no longer exists is dropped from its drive when loaded.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  defaultMouse,
  type Drive,
  type MachineProfile,
  type MachineSettings,
  type MediaInfo,
} from "../../renderer/host-api.ts";

export interface StoredMedia extends MediaInfo {
  readonly path: string;
}

export interface StoredProfile extends Omit<MachineProfile, "media"> {
  readonly media: Readonly<Record<Drive, StoredMedia | null>>;
}

const FILE_NAME = "machines.json";
const FORMAT = 1;

export class ProfileStore {
  private readonly file: string;
  private profiles: StoredProfile[];

  constructor(readonly folder: string) {
    this.file = join(folder, FILE_NAME);
    this.profiles = load(this.file);
  }

  list(): readonly StoredProfile[] {
    return this.profiles;
  }

  get(id: string): StoredProfile | undefined {
    return this.profiles.find((profile) => profile.id === id);
  }

  add(settings: Required<MachineSettings>): StoredProfile {
    const profile: StoredProfile = { ...settings, id: newId(), media: { A: null, B: null, C: null } };
    this.profiles = [...this.profiles, profile];
    this.save();
    return profile;
  }

  replace(profile: StoredProfile): void {
    this.profiles = this.profiles.map((old) => (old.id === profile.id ? profile : old));
    this.save();
  }

  remove(id: string): void {
    this.profiles = this.profiles.filter((profile) => profile.id !== id);
    this.save();
  }

  private save(): void {
    mkdirSync(this.folder, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, machines: this.profiles }, null, 2) + "\n");
    renameSync(temporary, this.file);
  }
}

/** What the renderer may see of a stored profile: every image by name and size, never by path. */
export function publicProfile(profile: StoredProfile): MachineProfile {
  const media = (drive: Drive): MediaInfo | null => {
    const stored = profile.media[drive];
    return stored && { name: stored.name, sizeBytes: stored.sizeBytes };
  };
  return { ...profile, media: { A: media("A"), B: media("B"), C: media("C") } };
}

function load(file: string): StoredProfile[] {
  if (!existsSync(file)) return [];
  let parsed: { format?: unknown; machines?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch (error) {
    throw new Error(`${file}: the machine library is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.machines)) {
    throw new Error(`${file}: not a Realmode machine library of format ${FORMAT}`);
  }
  return (parsed.machines as StoredProfile[]).map((profile) => ({
    ...profile,
    // Libraries saved before machines had a mouse get the type's usual one.
    mouse: profile.mouse ?? defaultMouse(profile.type),
    // Libraries saved before the display could be chosen: every machine had a VGA, and keeps it (so do its states).
    video: profile.video ?? "vga",
    media: { A: present(profile.media.A), B: present(profile.media.B), C: present(profile.media.C) },
  }));
}

function present(media: StoredMedia | null): StoredMedia | null {
  return media && existsSync(media.path) ? media : null;
}

function newId(): string {
  return crypto.randomUUID();
}
