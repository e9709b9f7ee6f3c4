/**
 * The partition table of a master boot record (IBM PC AT Technical Reference, fixed disk boot record; RBIL INT 19h
 * "Format of partition record"): four 16-byte entries at 1BEh, then the signature 55h AAh at 1FEh. An entry is the
 * boot indicator (80h active), the CHS address of its first sector, the system type, the CHS address of its last
 * sector, the LBA of its first sector and its sector count. A CHS address is three bytes: head; sector (1–63) in
 * bits 5–0 with cylinder bits 9–8 in bits 7–6; cylinder bits 7–0.
 */

export const PARTITION_TABLE_OFFSET = 0x1be;
export const PARTITION_ENTRY_SIZE = 16;
export const BOOT_SIGNATURE_OFFSET = 0x1fe;
/** System types (RBIL table 00650): FAT16 under 32 MB (under 65536 sectors), and FAT16 of 32 MB and more. */
export const PARTITION_TYPE_FAT16_SMALL = 0x04;
export const PARTITION_TYPE_FAT16 = 0x06;
const ACTIVE = 0x80;
/** The highest cylinder a CHS address can name; partitions beyond it carry this address (and their LBA). */
const MAX_CHS_CYLINDER = 1023;

export interface DiskShape {
  readonly heads: number;
  readonly sectorsPerTrack: number;
}

export interface PartitionEntry {
  readonly active: boolean;
  readonly type: number;
  readonly startLba: number;
  readonly sectorCount: number;
}

/** The three CHS bytes of sector `lba` on a disk of `shape`. */
export function chsBytes(lba: number, shape: DiskShape): [number, number, number] {
  const track = Math.floor(lba / shape.sectorsPerTrack);
  const sector = (lba % shape.sectorsPerTrack) + 1;
  const head = track % shape.heads;
  const cylinder = Math.min(Math.floor(track / shape.heads), MAX_CHS_CYLINDER);
  return [head, sector | ((cylinder >> 2) & 0xc0), cylinder & 0xff];
}

/** Writes entry `index` (0–3) of the partition table in `mbr`, and the boot signature. */
export function writePartitionEntry(mbr: Uint8Array, index: number, entry: PartitionEntry, shape: DiskShape): void {
  const at = PARTITION_TABLE_OFFSET + index * PARTITION_ENTRY_SIZE;
  const bytes = mbr.subarray(at, at + PARTITION_ENTRY_SIZE);
  bytes[0] = entry.active ? ACTIVE : 0;
  bytes.set(chsBytes(entry.startLba, shape), 1);
  bytes[4] = entry.type;
  bytes.set(chsBytes(entry.startLba + entry.sectorCount - 1, shape), 5);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(8, entry.startLba, true);
  view.setUint32(12, entry.sectorCount, true);
  mbr[BOOT_SIGNATURE_OFFSET] = 0x55;
  mbr[BOOT_SIGNATURE_OFFSET + 1] = 0xaa;
}

/** The used entries (type not 0) of the partition table in `mbr`; refuses a sector without the boot signature. */
export function readPartitionTable(mbr: Uint8Array): PartitionEntry[] {
  if (mbr[BOOT_SIGNATURE_OFFSET] !== 0x55 || mbr[BOOT_SIGNATURE_OFFSET + 1] !== 0xaa) {
    throw new Error("no master boot record: the signature 55h AAh is missing");
  }
  const view = new DataView(mbr.buffer, mbr.byteOffset, mbr.byteLength);
  const entries: PartitionEntry[] = [];
  for (let index = 0; index < 4; index++) {
    const at = PARTITION_TABLE_OFFSET + index * PARTITION_ENTRY_SIZE;
    const type = mbr[at + 4];
    if (type === 0) continue;
    entries.push({
      active: mbr[at] === ACTIVE,
      type,
      startLba: view.getUint32(at + 8, true),
      sectorCount: view.getUint32(at + 12, true),
    });
  }
  return entries;
}
