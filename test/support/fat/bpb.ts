/**
 * The BIOS parameter block in a FAT volume's boot sector and the volume layout it implies (Microsoft "FAT: General
 * Overview of On-Disk Format" 1.03: the DOS 3.31 BPB at offset 0Bh, the extended boot record at 24h; the FAT type
 * follows from the count of data clusters alone: under 4085 FAT12, under 65525 FAT16).
 */

export type FatType = 12 | 16;

/** FAT12 volumes hold fewer clusters than this; FAT16 volumes at least this many. */
export const FAT12_MAX_CLUSTERS = 4084;
/** FAT16 volumes hold at most this many clusters. */
export const FAT16_MAX_CLUSTERS = 65524;
export const DIRECTORY_ENTRY_SIZE = 32;

export interface BiosParameterBlock {
  readonly bytesPerSector: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  readonly fatCount: number;
  readonly rootEntries: number;
  /** The 16-bit count at 13h when it is non-zero, else the 32-bit count at 20h. */
  readonly totalSectors: number;
  readonly media: number;
  readonly sectorsPerFat: number;
  readonly sectorsPerTrack: number;
  readonly heads: number;
  /** Sectors before the volume on its disk: the partition's start for a hard-disk partition, 0 on a diskette. */
  readonly hiddenSectors: number;
}

/** The extended boot record (DOS 4.0+, signature 29h at 26h): what FORMAT writes after the BPB. */
export interface ExtendedBootRecord {
  /** BIOS drive number (INT 13h DL): 00h diskette, 80h first fixed disk. */
  readonly driveNumber: number;
  readonly volumeId: number;
  /** Up to 11 characters, padded with blanks. */
  readonly label: string;
}

/** Where each region of a volume starts, in sectors from the volume's boot sector, and how many clusters it has. */
export interface VolumeLayout {
  readonly fatStart: number;
  readonly rootStart: number;
  readonly rootSectors: number;
  readonly dataStart: number;
  readonly clusterCount: number;
  readonly fatType: FatType;
}

const BPB = {
  bytesPerSector: 0x0b,
  sectorsPerCluster: 0x0d,
  reservedSectors: 0x0e,
  fatCount: 0x10,
  rootEntries: 0x11,
  totalSectors16: 0x13,
  media: 0x15,
  sectorsPerFat: 0x16,
  sectorsPerTrack: 0x18,
  heads: 0x1a,
  hiddenSectors: 0x1c,
  totalSectors32: 0x20,
  driveNumber: 0x24,
  signature: 0x26,
  volumeId: 0x27,
  label: 0x2b,
  fileSystemType: 0x36,
} as const;
const EXTENDED_SIGNATURE = 0x29;

/** Reads the BPB of `bootSector` and refuses one that no FAT12/FAT16 volume can have. */
export function readBpb(bootSector: Uint8Array): BiosParameterBlock {
  const view = new DataView(bootSector.buffer, bootSector.byteOffset, bootSector.byteLength);
  const total16 = view.getUint16(BPB.totalSectors16, true);
  const bpb: BiosParameterBlock = {
    bytesPerSector: view.getUint16(BPB.bytesPerSector, true),
    sectorsPerCluster: bootSector[BPB.sectorsPerCluster],
    reservedSectors: view.getUint16(BPB.reservedSectors, true),
    fatCount: bootSector[BPB.fatCount],
    rootEntries: view.getUint16(BPB.rootEntries, true),
    totalSectors: total16 !== 0 ? total16 : view.getUint32(BPB.totalSectors32, true),
    media: bootSector[BPB.media],
    sectorsPerFat: view.getUint16(BPB.sectorsPerFat, true),
    sectorsPerTrack: view.getUint16(BPB.sectorsPerTrack, true),
    heads: view.getUint16(BPB.heads, true),
    hiddenSectors: view.getUint32(BPB.hiddenSectors, true),
  };
  if (![512, 1024, 2048, 4096].includes(bpb.bytesPerSector)) {
    throw new Error(`not a FAT volume: ${bpb.bytesPerSector} bytes per sector`);
  }
  if (bpb.sectorsPerCluster === 0 || (bpb.sectorsPerCluster & (bpb.sectorsPerCluster - 1)) !== 0) {
    throw new Error(`not a FAT volume: ${bpb.sectorsPerCluster} sectors per cluster`);
  }
  if (bpb.fatCount === 0 || bpb.sectorsPerFat === 0 || bpb.reservedSectors === 0) {
    throw new Error("not a FAT12/FAT16 volume: no FAT, no reserved sectors or a FAT32 BPB");
  }
  return bpb;
}

/**
 * Writes `bpb` and `extended` into `bootSector` at 0Bh–3Dh, with the file system type string FAT12/FAT16 that
 * matches the layout. Bytes outside the BPB (the jump, the OEM name, the boot code) are left as they are.
 */
export function writeBpb(bootSector: Uint8Array, bpb: BiosParameterBlock, extended: ExtendedBootRecord): void {
  const view = new DataView(bootSector.buffer, bootSector.byteOffset, bootSector.byteLength);
  view.setUint16(BPB.bytesPerSector, bpb.bytesPerSector, true);
  bootSector[BPB.sectorsPerCluster] = bpb.sectorsPerCluster;
  view.setUint16(BPB.reservedSectors, bpb.reservedSectors, true);
  bootSector[BPB.fatCount] = bpb.fatCount;
  view.setUint16(BPB.rootEntries, bpb.rootEntries, true);
  const small = bpb.totalSectors < 0x10000;
  view.setUint16(BPB.totalSectors16, small ? bpb.totalSectors : 0, true);
  view.setUint32(BPB.totalSectors32, small ? 0 : bpb.totalSectors, true);
  bootSector[BPB.media] = bpb.media;
  view.setUint16(BPB.sectorsPerFat, bpb.sectorsPerFat, true);
  view.setUint16(BPB.sectorsPerTrack, bpb.sectorsPerTrack, true);
  view.setUint16(BPB.heads, bpb.heads, true);
  view.setUint32(BPB.hiddenSectors, bpb.hiddenSectors, true);
  bootSector[BPB.driveNumber] = extended.driveNumber;
  bootSector[BPB.driveNumber + 1] = 0;
  bootSector[BPB.signature] = EXTENDED_SIGNATURE;
  view.setUint32(BPB.volumeId, extended.volumeId, true);
  writeAscii(bootSector, BPB.label, extended.label, 11);
  writeAscii(bootSector, BPB.fileSystemType, `FAT${volumeLayout(bpb).fatType}`, 8);
}

export function volumeLayout(bpb: BiosParameterBlock): VolumeLayout {
  const fatStart = bpb.reservedSectors;
  const rootStart = fatStart + bpb.fatCount * bpb.sectorsPerFat;
  const rootSectors = Math.ceil((bpb.rootEntries * DIRECTORY_ENTRY_SIZE) / bpb.bytesPerSector);
  const dataStart = rootStart + rootSectors;
  if (dataStart >= bpb.totalSectors) throw new Error("not a FAT volume: no room for data after the root directory");
  const clusterCount = Math.floor((bpb.totalSectors - dataStart) / bpb.sectorsPerCluster);
  if (clusterCount > FAT16_MAX_CLUSTERS) throw new Error(`${clusterCount} clusters: a FAT32 volume, not supported`);
  const fatType: FatType = clusterCount <= FAT12_MAX_CLUSTERS ? 12 : 16;
  return { fatStart, rootStart, rootSectors, dataStart, clusterCount, fatType };
}

function writeAscii(into: Uint8Array, offset: number, text: string, length: number): void {
  for (let i = 0; i < length; i++) into[offset + i] = i < text.length ? text.charCodeAt(i) : 0x20;
}
