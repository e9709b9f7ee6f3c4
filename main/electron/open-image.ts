/**
 * Opening a disk image from outside the window (a double-clicked file, File > Open Disk Image…, a recent image):
 * a new machine named after the image, with the image in the drive it fits, started at once. A diskette of up to
 * 720 KB is from the IBM PC's era and gets an XT at 4.77 MHz; a high-density diskette or a hard disk image gets an AT.
 */
import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import type { Drive, MachineProfile, MachineSettings, MediaInfo } from "../../renderer/host-api.ts";
import { driveForImage } from "./image-files.ts";

/** The part of the host service (main/web/host-service.ts) that opening an image uses. */
export interface MachineLibrary {
  createMachine(settings: MachineSettings): MachineProfile;
  insertPath(id: string, drive: Drive, path: string): Promise<MediaInfo>;
  deleteMachine(id: string): Promise<void>;
  start(id: string): Promise<void>;
}

const XT_ERA_LIMIT_BYTES = 737_280;
const MAX_NAME = 60;

export function settingsForImage(path: string, sizeBytes: number): MachineSettings {
  const name = basename(path, extname(path)).trim().slice(0, MAX_NAME) || "Disk image";
  const drive = driveForImage(sizeBytes);
  if (drive === "A" && sizeBytes <= XT_ERA_LIMIT_BYTES) {
    return { name, type: "xt", cpu: "8088", memoryKb: 640, speed: "4.77", boot: "a" };
  }
  return { name, type: "at", cpu: "80286", memoryKb: 640, speed: "turbo", boot: drive === "A" ? "a" : "c" };
}

/** Creates and starts the machine; a machine whose image is refused is deleted again and the refusal rethrown. */
export async function openImageInNewMachine(library: MachineLibrary, path: string): Promise<MachineProfile> {
  const sizeBytes = statSync(path).size;
  const profile = library.createMachine(settingsForImage(path, sizeBytes));
  try {
    await library.insertPath(profile.id, driveForImage(sizeBytes), path);
  } catch (error) {
    await library.deleteMachine(profile.id);
    throw error;
  }
  await library.start(profile.id);
  return profile;
}
