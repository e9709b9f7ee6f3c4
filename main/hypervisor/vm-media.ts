/**
 * A VM's media: its two floppy drive slots and its hard disks, each image opened through a FileBlockStore from the
 * paths the VM was given and no others. This is the VM's whole reach into the host's files. Mounting into an
 * occupied drive is a swap: the old image's file is closed and the drive's change line goes active, as when a user
 * opens the door and inserts another diskette.
 */
import { DiskImage, type DiskKind } from "../../emulator/disk/disk-image.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { driveTypeForImage, type FloppyDriveType } from "../../emulator/machine.ts";
import { FileBlockStore } from "../file-block-store.ts";
import type { FloppyDrive, MediaConfig } from "./protocol.ts";
import type { SnapshotMedia } from "./snapshot.ts";

interface Opened {
  readonly config: MediaConfig;
  readonly image: DiskImage;
  readonly store: FileBlockStore;
}

const DRIVES: readonly FloppyDrive[] = ["A", "B"];
const HARD_DISK_NAMES = ["C", "D"];

export class VmMedia {
  readonly slots: readonly DriveSlot[] = [new DriveSlot(), new DriveSlot()];
  readonly driveTypes: FloppyDriveType[] = ["1.44M", "1.44M"];
  private readonly floppies: (Opened | null)[] = [null, null];
  private readonly disks: Opened[] = [];

  /**
   * Opens everything, or closes what it opened and throws (a DiskImageError naming the image). Each drive is of
   * the type that natively reads the image it starts with (a 1.44M drive when empty), as the CLI chooses.
   */
  static open(floppies: readonly (MediaConfig | null)[], hardDisks: readonly MediaConfig[]): VmMedia {
    const media = new VmMedia();
    try {
      floppies.forEach((config, i) => {
        if (config) media.mount(DRIVES[i], config);
        const image = media.slots[i].image;
        media.driveTypes[i] = image ? driveTypeForImage(image) : "1.44M";
      });
      for (const config of hardDisks) media.disks.push(openImage(config, "hard-disk"));
    } catch (error) {
      media.close();
      throw error;
    }
    return media;
  }

  get hardDisks(): DiskImage[] {
    return this.disks.map((disk) => disk.image);
  }

  mount(drive: FloppyDrive, config: MediaConfig): void {
    const index = driveIndex(drive);
    const opened = openImage(config, "floppy");
    this.floppies[index]?.store.close();
    this.floppies[index] = opened;
    this.slots[index].insert(opened.image);
  }

  eject(drive: FloppyDrive): void {
    const index = driveIndex(drive);
    this.floppies[index]?.store.close();
    this.floppies[index] = null;
    this.slots[index].eject();
  }

  /** Every drive's medium, its change latch and its overlay, for a snapshot. */
  describe(): SnapshotMedia[] {
    const floppies = this.floppies.map((opened, i) => describeOne(DRIVES[i], "floppy", opened, this.slots[i].changed));
    const disks = this.disks.map((opened, i) => describeOne(HARD_DISK_NAMES[i], "hard-disk", opened, false));
    return [...floppies, ...disks];
  }

  /**
   * Opens the media a snapshot names and loads their overlays; refuses an image whose size changed since. The
   * result is a new VmMedia; the caller closes the old one once the restore has succeeded.
   */
  static restore(saved: readonly SnapshotMedia[], driveTypes: readonly FloppyDriveType[]): VmMedia {
    const media = new VmMedia();
    driveTypes.forEach((type, i) => (media.driveTypes[i] = type));
    try {
      for (const entry of saved) {
        if (entry.kind === "floppy") {
          const index = driveIndex(entry.drive as FloppyDrive);
          if (entry.path !== null) media.mount(entry.drive as FloppyDrive, { path: entry.path, mode: entry.mode });
          media.slots[index].changed = entry.changed;
          if (entry.path !== null) restoreImage(media.floppies[index]!, entry);
        } else {
          if (entry.path === null) throw new Error(`the snapshot's hard disk ${entry.drive} has no image`);
          const opened = openImage({ path: entry.path, mode: entry.mode }, "hard-disk");
          media.disks.push(opened);
          restoreImage(opened, entry);
        }
      }
    } catch (error) {
      media.close();
      throw error;
    }
    return media;
  }

  close(): void {
    for (const opened of [...this.floppies, ...this.disks]) opened?.store.close();
  }
}

function openImage(config: MediaConfig, kind: DiskKind): Opened {
  const store = FileBlockStore.open(config.path, config.mode === "read-write");
  try {
    return { config, image: DiskImage.open(config.path, store, kind, config.mode), store };
  } catch (error) {
    store.close();
    throw error;
  }
}

function restoreImage(opened: Opened, saved: SnapshotMedia): void {
  if (opened.store.size !== saved.size) {
    throw new Error(
      `${saved.path}: the image is ${opened.store.size} bytes now, ${saved.size} when the snapshot was taken`,
    );
  }
  opened.image.loadOverlay(saved.overlay);
}

function describeOne(drive: string, kind: DiskKind, opened: Opened | null, changed: boolean): SnapshotMedia {
  if (!opened) return { drive, kind, path: null, mode: "read-only", size: 0, changed, overlay: EMPTY_OVERLAY };
  const { config, image, store } = opened;
  return { drive, kind, path: config.path, mode: config.mode, size: store.size, changed, overlay: image.saveOverlay() };
}

const EMPTY_OVERLAY = { sectors: [], data: new Uint8Array(0) };

function driveIndex(drive: FloppyDrive): number {
  const index = DRIVES.indexOf(drive);
  if (index < 0) throw new Error(`there is no floppy drive ${String(drive)}: (drives are A: and B:)`);
  return index;
}
