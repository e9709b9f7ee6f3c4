/**
 * A removable-media drive's slot: it holds a disk image or nothing. The drive's disk change line (DSKCHG, pin 34
 * on AT drives) goes active when the door opens and stays active until the controller steps the head with a disk
 * present (82077AA data sheet, DIR bit 7; IBM PC AT Technical Reference, diskette drive interface). Drives also
 * power up with it active, so the first access after power-on sees a "changed" disk.
 */
import type { DiskImage } from "./disk-image.ts";

export class DriveSlot {
  private disk: DiskImage | null;
  /** The latched disk change line. */
  changed = true;

  constructor(image: DiskImage | null = null) {
    this.disk = image;
  }

  get image(): DiskImage | null {
    return this.disk;
  }

  insert(image: DiskImage): void {
    this.disk = image;
    this.changed = true;
  }

  /** Removes the disk and returns it (so the host can save its overlay), or null if the slot was empty. */
  eject(): DiskImage | null {
    const removed = this.disk;
    this.disk = null;
    this.changed = true;
    return removed;
  }

  /** A step pulse with a disk present resets the change latch; with the slot empty it stays active. */
  stepped(): void {
    if (this.disk) this.changed = false;
  }
}
