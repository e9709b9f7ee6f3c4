/**
 * Raw floppy images carry no header: the standard PC formats are told apart by size alone, and the DOS BIOS
 * parameter block in the boot sector, when there is one, says what the formatter meant. Sizes and geometries are
 * the IBM PC DOS formats (DOS Technical Reference, "DOS Disk Formats"); 2.88M is the PS/2 extended-density format.
 */
import type { DiskGeometry } from "./disk-geometry.ts";
import { SECTOR_SIZE } from "./disk-geometry.ts";

export interface FloppyFormat extends DiskGeometry {
  /** The usual name of the format ("360K"). */
  readonly label: string;
}

export const FLOPPY_FORMATS: readonly FloppyFormat[] = [
  { label: "160K", cylinders: 40, heads: 1, sectorsPerTrack: 8 },
  { label: "180K", cylinders: 40, heads: 1, sectorsPerTrack: 9 },
  { label: "320K", cylinders: 40, heads: 2, sectorsPerTrack: 8 },
  { label: "360K", cylinders: 40, heads: 2, sectorsPerTrack: 9 },
  { label: "720K", cylinders: 80, heads: 2, sectorsPerTrack: 9 },
  { label: "1.2M", cylinders: 80, heads: 2, sectorsPerTrack: 15 },
  { label: "1.44M", cylinders: 80, heads: 2, sectorsPerTrack: 18 },
  { label: "2.88M", cylinders: 80, heads: 2, sectorsPerTrack: 36 },
];

/** The standard format of a raw image of `bytes` bytes, or undefined when no standard format has that size. */
export function floppyFormatForSize(bytes: number): FloppyFormat | undefined {
  return FLOPPY_FORMATS.find((f) => f.cylinders * f.heads * f.sectorsPerTrack * SECTOR_SIZE === bytes);
}

/**
 * Compares the BIOS parameter block of a boot sector (DOS 2.0+, fields at 0Bh bytes/sector, 13h total sectors,
 * 18h sectors/track, 1Ah heads; 20h total sectors when 13h is 0) with the geometry the size gave. Returns a
 * description of the disagreement, or undefined when they agree or the sector holds no BPB (DOS 1.x disks have
 * none: they are recognised by size alone).
 */
export function checkBiosParameterBlock(bootSector: Uint8Array, format: FloppyFormat): string | undefined {
  const word = (offset: number): number => bootSector[offset] | (bootSector[offset + 1] << 8);
  // A BPB follows a jump over it: EB xx 90 (short) or E9 xx xx (near), as DOS's FORMAT writes.
  const jumps = (bootSector[0] === 0xeb && bootSector[2] === 0x90) || bootSector[0] === 0xe9;
  const bytesPerSector = word(0x0b);
  const sectorsPerTrack = word(0x18);
  const heads = word(0x1a);
  const plausible =
    bytesPerSector >= 128 &&
    bytesPerSector <= 4096 &&
    (bytesPerSector & (bytesPerSector - 1)) === 0 &&
    sectorsPerTrack > 0 &&
    heads > 0;
  if (!jumps || !plausible) return undefined;
  const totalSectors = word(0x13) || word(0x20) + word(0x22) * 0x10000;
  const expectedSectors = format.cylinders * format.heads * format.sectorsPerTrack;
  const problems: string[] = [];
  if (bytesPerSector !== SECTOR_SIZE) problems.push(`${bytesPerSector} bytes per sector`);
  if (totalSectors !== expectedSectors) problems.push(`${totalSectors} sectors`);
  if (sectorsPerTrack !== format.sectorsPerTrack) problems.push(`${sectorsPerTrack} sectors per track`);
  if (heads !== format.heads) problems.push(`${heads} heads`);
  if (problems.length === 0) return undefined;
  return (
    `boot sector BPB says ${problems.join(", ")}, but the size is a ${format.label} disk ` +
    `(${format.cylinders} cylinders, ${format.heads} heads, ${format.sectorsPerTrack} sectors per track)`
  );
}
