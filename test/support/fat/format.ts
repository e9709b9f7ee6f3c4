/**
 * Formats a FAT16 volume as DOS FORMAT lays one out (Microsoft "FAT: General Overview of On-Disk Format" 1.03): one
 * reserved sector (the boot sector, with our boot code and the BPB), two FATs, a fixed root directory, then the data
 * clusters. FAT entry 0 holds the media byte in its low 8 bits with the other bits set, entry 1 an end-of-chain
 * mark; every other entry starts free. The cluster size is the smallest that keeps the count of clusters within
 * what FAT16 can address.
 */
import {
  FAT12_MAX_CLUSTERS,
  FAT16_MAX_CLUSTERS,
  DIRECTORY_ENTRY_SIZE,
  writeBpb,
  type BiosParameterBlock,
} from "./bpb.ts";
import { FatVolume } from "./fat-volume.ts";
import type { DiskShape } from "./partition-table.ts";

const SECTOR_SIZE = 512;
/** Media descriptor of a fixed disk. */
export const MEDIA_FIXED_DISK = 0xf8;
const RESERVED_SECTORS = 1;
const FAT_COUNT = 2;
const MAX_SECTORS_PER_CLUSTER = 64;

export interface Fat16FormatOptions {
  readonly totalSectors: number;
  /** Sectors before the volume on its disk (the partition's start LBA). */
  readonly hiddenSectors: number;
  readonly shape: DiskShape;
  /** BIOS drive number for the extended boot record: 80h for the first fixed disk. */
  readonly driveNumber: number;
  readonly volumeId: number;
  readonly label: string;
  /** Default 512, what DOS gives a fixed disk. */
  readonly rootEntries?: number;
  /** A 512-byte boot sector (jump, boot code, 55h AAh); its OEM name and BPB (03h–3Dh) are filled in here. */
  readonly bootSector: Uint8Array;
}

/** Formats `volume` (the volume's bytes, boot sector first) and returns it opened. */
export function formatFat16(volume: Uint8Array, options: Fat16FormatOptions): FatVolume {
  if (options.bootSector.length !== SECTOR_SIZE) throw new Error("the boot sector must be 512 bytes");
  if (volume.length < options.totalSectors * SECTOR_SIZE) throw new Error("the volume is smaller than its sectors");
  const bpb = fat16Parameters(options);
  const boot = volume.subarray(0, SECTOR_SIZE);
  boot.set(options.bootSector);
  boot.set(new TextEncoder().encode("REALMODE"), 3);
  writeBpb(boot, bpb, { driveNumber: options.driveNumber, volumeId: options.volumeId, label: options.label });
  const fatsAndRoot = FAT_COUNT * bpb.sectorsPerFat + (bpb.rootEntries * DIRECTORY_ENTRY_SIZE) / SECTOR_SIZE;
  volume.fill(0, SECTOR_SIZE, (RESERVED_SECTORS + fatsAndRoot) * SECTOR_SIZE);
  for (let copy = 0; copy < FAT_COUNT; copy++) {
    const fat = (RESERVED_SECTORS + copy * bpb.sectorsPerFat) * SECTOR_SIZE;
    volume.set([bpb.media, 0xff, 0xff, 0xff], fat);
  }
  return new FatVolume(volume);
}

function fat16Parameters(options: Fat16FormatOptions): BiosParameterBlock {
  const rootEntries = options.rootEntries ?? 512;
  const rootSectors = Math.ceil((rootEntries * DIRECTORY_ENTRY_SIZE) / SECTOR_SIZE);
  for (let sectorsPerCluster = 1; sectorsPerCluster <= MAX_SECTORS_PER_CLUSTER; sectorsPerCluster *= 2) {
    // The FATs' size depends on the cluster count and the cluster count on the room the FATs leave: grow the FAT
    // until it covers every cluster that fits beside it.
    let sectorsPerFat = 1;
    let clusters: number;
    for (;;) {
      const dataSectors = options.totalSectors - RESERVED_SECTORS - FAT_COUNT * sectorsPerFat - rootSectors;
      clusters = Math.floor(dataSectors / sectorsPerCluster);
      const needed = Math.ceil(((clusters + 2) * 2) / SECTOR_SIZE);
      if (needed <= sectorsPerFat) break;
      sectorsPerFat = needed;
    }
    if (clusters <= FAT12_MAX_CLUSTERS) {
      throw new Error(`${options.totalSectors} sectors are too few for FAT16 (${clusters} clusters)`);
    }
    if (clusters > FAT16_MAX_CLUSTERS) continue;
    return {
      bytesPerSector: SECTOR_SIZE,
      sectorsPerCluster,
      reservedSectors: RESERVED_SECTORS,
      fatCount: FAT_COUNT,
      rootEntries,
      totalSectors: options.totalSectors,
      media: MEDIA_FIXED_DISK,
      sectorsPerFat,
      sectorsPerTrack: options.shape.sectorsPerTrack,
      heads: options.shape.heads,
      hiddenSectors: options.hiddenSectors,
    };
  }
  throw new Error(`${options.totalSectors} sectors are too many for FAT16`);
}
