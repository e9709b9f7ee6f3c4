/**
 * A disk as the controllers see it: a run of 512-byte sectors with a CHS geometry, over a byte store the host gives.
 * Opening checks the image once and refuses what no drive could hold, with a one-line message naming the image.
 *
 * Modes: "read-write" writes go to the store; "read-only" refuses writes (the controller reports write protect);
 * "overlay" keeps every written sector in memory (copy-on-write, per sector) and leaves the store untouched, so a
 * session can be discarded or saved in a snapshot with `saveOverlay`.
 */
import type { BlockStore } from "./block-store.ts";
import type { DiskGeometry } from "./disk-geometry.ts";
import { SECTOR_SIZE } from "./disk-geometry.ts";
import { DiskImageError, DiskWriteProtectedError } from "./disk-image-error.ts";
import { FLOPPY_FORMATS, checkBiosParameterBlock, floppyFormatForSize } from "./floppy-geometry.ts";
import {
  DEFAULT_HARD_DISK_HEADS,
  DEFAULT_HARD_DISK_SECTORS_PER_TRACK,
  partitionTableGeometry,
} from "./hard-disk-geometry.ts";

export type DiskKind = "floppy" | "hard-disk";
export type DiskImageMode = "read-write" | "read-only" | "overlay";

/** The sectors an overlay holds: their numbers, ascending, and their bytes, 512 per sector in the same order. */
export type OverlayState = { readonly sectors: readonly number[]; readonly data: Uint8Array };

/** The most a CHS address reaches through INT 13h: 1024 cylinders, 255 heads, 63 sectors (RBIL INT 13/AH=08h). */
export const MAX_CHS_BYTES = 1024 * 255 * 63 * SECTOR_SIZE;

export class DiskImage {
  /** Set when the image opened but something about it looks wrong (a BPB that disagrees with the size). */
  readonly warning: string | undefined;
  readonly sectorCount: number;
  private readonly overlay = new Map<number, Uint8Array>();

  private constructor(
    readonly name: string,
    readonly kind: DiskKind,
    readonly mode: DiskImageMode,
    readonly geometry: DiskGeometry,
    private readonly store: BlockStore,
    warning: string | undefined,
  ) {
    this.sectorCount = store.size / SECTOR_SIZE;
    this.warning = warning;
  }

  /** Opens `store` as a disk of `kind`; `name` (usually the file name) prefixes every message. */
  static open(name: string, store: BlockStore, kind: DiskKind, mode: DiskImageMode): DiskImage {
    const size = store.size;
    if (size === 0) throw new DiskImageError(`${name}: the image is empty`);
    if (size % SECTOR_SIZE !== 0) {
      throw new DiskImageError(`${name}: ${size} bytes is not a whole number of ${SECTOR_SIZE}-byte sectors`);
    }
    let bootSector: Uint8Array;
    try {
      bootSector = store.read(0, SECTOR_SIZE);
    } catch (error) {
      throw new DiskImageError(`${name}: cannot be read (${describe(error)})`);
    }
    if (kind === "floppy") {
      const format = floppyFormatForSize(size);
      if (!format) {
        const sizes = FLOPPY_FORMATS.map((f) => f.label).join(", ");
        throw new DiskImageError(`${name}: ${size} bytes matches no standard floppy size (${sizes})`);
      }
      const mismatch = checkBiosParameterBlock(bootSector, format);
      const warning = mismatch === undefined ? undefined : `${name}: ${mismatch}`;
      return new DiskImage(name, kind, mode, format, store, warning);
    }
    if (size > MAX_CHS_BYTES) {
      throw new DiskImageError(
        `${name}: ${size} bytes is larger than the ${MAX_CHS_BYTES} bytes CHS addressing reaches (1024 cylinders, 255 heads, 63 sectors)`,
      );
    }
    const fromTable = partitionTableGeometry(bootSector);
    const heads = fromTable?.heads ?? DEFAULT_HARD_DISK_HEADS;
    const sectorsPerTrack = fromTable?.sectorsPerTrack ?? DEFAULT_HARD_DISK_SECTORS_PER_TRACK;
    const cylinders = Math.floor(size / SECTOR_SIZE / (heads * sectorsPerTrack));
    if (cylinders === 0) {
      throw new DiskImageError(
        `${name}: ${size} bytes is smaller than one cylinder (${heads} heads × ${sectorsPerTrack} sectors)`,
      );
    }
    return new DiskImage(name, kind, mode, { cylinders, heads, sectorsPerTrack }, store, undefined);
  }

  get writeProtected(): boolean {
    return this.mode === "read-only";
  }

  /** Copies sectors [lba, lba+count) into `into` at `offset`. Throws DiskImageError if the store fails. */
  readSectors(lba: number, count: number, into: Uint8Array, offset = 0): void {
    this.checkRange(lba, count);
    if (this.overlay.size === 0) {
      into.set(this.readStore(lba, count), offset);
      return;
    }
    for (let i = 0; i < count; i++) {
      const sector = this.overlay.get(lba + i) ?? this.readStore(lba + i, 1);
      into.set(sector, offset + i * SECTOR_SIZE);
    }
  }

  /**
   * The one path by which data reaches a disk: sectors [lba, lba+count) from `from` at `offset`, in order.
   * Throws DiskWriteProtectedError on a read-only image, DiskImageError if the store fails.
   */
  writeSectors(lba: number, count: number, from: Uint8Array, offset = 0): void {
    this.checkRange(lba, count);
    if (this.mode === "read-only") throw new DiskWriteProtectedError(`${this.name}: the image is read-only`);
    if (this.mode === "overlay") {
      for (let i = 0; i < count; i++) {
        const start = offset + i * SECTOR_SIZE;
        this.overlay.set(lba + i, from.slice(start, start + SECTOR_SIZE));
      }
      return;
    }
    try {
      this.store.write(lba * SECTOR_SIZE, from.subarray(offset, offset + count * SECTOR_SIZE));
    } catch (error) {
      throw new DiskImageError(`${this.name}: cannot be written (${describe(error)})`);
    }
  }

  /** The sectors written in overlay mode, for a snapshot. */
  saveOverlay(): OverlayState {
    const sectors = [...this.overlay.keys()].sort((a, b) => a - b);
    const data = new Uint8Array(sectors.length * SECTOR_SIZE);
    sectors.forEach((sector, i) => data.set(this.overlay.get(sector)!, i * SECTOR_SIZE));
    return { sectors, data };
  }

  /** Replaces the overlay with a saved one; refuses one that does not fit this image. */
  loadOverlay(state: OverlayState): void {
    const { sectors, data } = state;
    const fits =
      Array.isArray(sectors) &&
      data instanceof Uint8Array &&
      data.length === sectors.length * SECTOR_SIZE &&
      sectors.every((s) => Number.isInteger(s) && s >= 0 && s < this.sectorCount);
    if (!fits) throw new DiskImageError(`${this.name}: the saved overlay does not fit this image`);
    if (this.mode !== "overlay" && sectors.length > 0) {
      throw new DiskImageError(`${this.name}: a saved overlay needs the image opened in overlay mode`);
    }
    this.overlay.clear();
    sectors.forEach((sector, i) => this.overlay.set(sector, data.slice(i * SECTOR_SIZE, (i + 1) * SECTOR_SIZE)));
  }

  private readStore(lba: number, count: number): Uint8Array {
    try {
      return this.store.read(lba * SECTOR_SIZE, count * SECTOR_SIZE);
    } catch (error) {
      throw new DiskImageError(`${this.name}: cannot be read (${describe(error)})`);
    }
  }

  private checkRange(lba: number, count: number): void {
    if (lba < 0 || count < 0 || lba + count > this.sectorCount) {
      throw new DiskImageError(`${this.name}: sectors ${lba}+${count} lie beyond its ${this.sectorCount} sectors`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
