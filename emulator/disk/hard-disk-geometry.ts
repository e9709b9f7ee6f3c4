/**
 * A raw hard-disk image has no header either. Its geometry is the one the partitioning tool used, which the MBR
 * partition table records in the CHS end address of each partition (IBM PC AT Technical Reference, fixed disk
 * boot record; entries at 1BEh, 16 bytes each: type at +4, end head at +5, end sector in bits 5-0 of +6, signature
 * 55h AAh at 1FEh). Partitioning tools end partitions on a cylinder boundary, so the largest end head + 1 is the
 * head count and the end sector is the sectors per track.
 */
import type { DiskGeometry } from "./disk-geometry.ts";

/** Used when there is no usable partition table: what BIOSes of the ATA era report for an untranslated disk. */
export const DEFAULT_HARD_DISK_HEADS = 16;
export const DEFAULT_HARD_DISK_SECTORS_PER_TRACK = 63;

/** Heads and sectors per track from the partition table's CHS end addresses, or undefined if it gives none. */
export function partitionTableGeometry(mbr: Uint8Array): Pick<DiskGeometry, "heads" | "sectorsPerTrack"> | undefined {
  if (mbr[0x1fe] !== 0x55 || mbr[0x1ff] !== 0xaa) return undefined;
  let heads = 0;
  let sectorsPerTrack = 0;
  for (let entry = 0x1be; entry < 0x1fe; entry += 16) {
    if (mbr[entry + 4] === 0) continue; // type 0: unused entry
    const endHead = mbr[entry + 5];
    const endSector = mbr[entry + 6] & 0x3f;
    if (endSector === 0) return undefined; // sectors count from 1: this is no CHS address
    heads = Math.max(heads, endHead + 1);
    sectorsPerTrack = Math.max(sectorsPerTrack, endSector);
  }
  return heads === 0 ? undefined : { heads, sectorsPerTrack };
}
