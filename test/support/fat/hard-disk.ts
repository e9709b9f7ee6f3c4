/**
 * A raw hard-disk image with one active FAT16 partition filling it, as FDISK and FORMAT would leave it: the master
 * boot record (our boot code, the partition table) in sector 0, the rest of track 0 unused, and the partition from
 * cylinder 0 head 1 sector 1 to the last sector of the last cylinder. Ending on a cylinder boundary is what lets a
 * reader take the disk's geometry from the table (emulator/disk/hard-disk-geometry.ts does).
 */
import { formatFat16 } from "./format.ts";
import type { FatVolume } from "./fat-volume.ts";
import {
  PARTITION_TABLE_OFFSET,
  PARTITION_TYPE_FAT16,
  PARTITION_TYPE_FAT16_SMALL,
  writePartitionEntry,
  type DiskShape,
  type PartitionEntry,
} from "./partition-table.ts";

const SECTOR_SIZE = 512;
const FIRST_FIXED_DISK = 0x80;

export interface HardDiskOptions extends DiskShape {
  readonly cylinders: number;
  /** 512 bytes of master boot record code; only the bytes before the partition table are used. */
  readonly mbrCode: Uint8Array;
  /** The partition's 512-byte boot sector (its BPB is filled in when the partition is formatted). */
  readonly bootSector: Uint8Array;
  readonly label: string;
  readonly volumeId: number;
}

export interface HardDisk {
  readonly bytes: Uint8Array;
  readonly partition: PartitionEntry;
  /** The partition's file system, a view into `bytes`. */
  readonly volume: FatVolume;
}

export function createHardDisk(options: HardDiskOptions): HardDisk {
  const { cylinders, heads, sectorsPerTrack } = options;
  if (options.mbrCode.length !== SECTOR_SIZE) throw new Error("the master boot record code must be 512 bytes");
  const totalSectors = cylinders * heads * sectorsPerTrack;
  const bytes = new Uint8Array(totalSectors * SECTOR_SIZE);
  bytes.set(options.mbrCode.subarray(0, PARTITION_TABLE_OFFSET), 0);
  const startLba = sectorsPerTrack; // head 1 of cylinder 0: track 0 holds only the master boot record
  const sectorCount = totalSectors - startLba;
  const partition: PartitionEntry = {
    active: true,
    type: sectorCount < 0x10000 ? PARTITION_TYPE_FAT16_SMALL : PARTITION_TYPE_FAT16,
    startLba,
    sectorCount,
  };
  writePartitionEntry(bytes, 0, partition, options);
  const volume = formatFat16(bytes.subarray(startLba * SECTOR_SIZE), {
    totalSectors: sectorCount,
    hiddenSectors: startLba,
    shape: options,
    driveNumber: FIRST_FIXED_DISK,
    volumeId: options.volumeId,
    label: options.label,
    bootSector: options.bootSector,
  });
  return { bytes, partition, volume };
}

/** The FAT volume of a partition of a hard-disk image, as a view into the image. */
export function partitionBytes(disk: Uint8Array, partition: PartitionEntry): Uint8Array {
  return disk.subarray(partition.startLba * SECTOR_SIZE, (partition.startLba + partition.sectorCount) * SECTOR_SIZE);
}
