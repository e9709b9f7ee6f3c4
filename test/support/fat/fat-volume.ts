/**
 * A FAT12 or FAT16 volume held in memory: list a directory, read a file, write a file into the root directory. The
 * volume's bytes are a view (a diskette image, or a partition's part of a hard-disk image), so what is written here
 * is in the image. File allocation table entries: FAT12 packs two 12-bit entries in three bytes (an even cluster's
 * entry in the low 12 bits of the little-endian word at cluster * 1.5, an odd one's in the high 12 bits); FAT16 has
 * one word per cluster. Entries 0 and 1 are reserved, FF8h/FFF8h and up end a chain, 0 is free (Microsoft "FAT:
 * General Overview of On-Disk Format" 1.03, "FAT Data Structure").
 */
import { readBpb, volumeLayout, type BiosParameterBlock, type VolumeLayout } from "./bpb.ts";
import {
  ATTRIBUTE,
  dosTimestamp,
  freeEntryOffset,
  parseDirectory,
  shortName,
  writeEntry,
  type DirectoryEntry,
  type DosTimestamp,
} from "./directory.ts";

const FIRST_DATA_CLUSTER = 2;
/** What the tests stamp on the files they write: the date the e2e machine's clock starts at. */
const DEFAULT_STAMP = dosTimestamp(1990, 1, 1);

export class FatVolume {
  readonly bpb: BiosParameterBlock;
  readonly layout: VolumeLayout;
  private readonly endOfChain: number;

  /** `bytes` starts with the volume's boot sector. */
  constructor(readonly bytes: Uint8Array) {
    this.bpb = readBpb(bytes);
    this.layout = volumeLayout(this.bpb);
    if (bytes.length < this.bpb.totalSectors * this.bpb.bytesPerSector) {
      throw new Error(`the volume needs ${this.bpb.totalSectors} sectors; only ${bytes.length} bytes are given`);
    }
    this.endOfChain = this.layout.fatType === 12 ? 0xff8 : 0xfff8;
  }

  get fatType(): 12 | 16 {
    return this.layout.fatType;
  }

  /** The entries of a directory: "" or "/" for the root, "DIR/SUB" for subdirectories. */
  list(path = ""): DirectoryEntry[] {
    const parts = splitPath(path);
    let entries = parseDirectory(this.rootDirectory());
    for (const part of parts) {
      const directory = findEntry(entries, part, path);
      if ((directory.attributes & ATTRIBUTE.directory) === 0) throw new Error(`${path}: ${part} is not a directory`);
      entries = parseDirectory(this.readChain(directory.firstCluster));
    }
    return entries;
  }

  /** The entry of the file or directory at `path`, or undefined if there is none. */
  find(path: string): DirectoryEntry | undefined {
    const parts = splitPath(path);
    const name = parts.pop();
    if (name === undefined) throw new Error("the root directory has no entry");
    return this.list(parts.join("/")).find((entry) => entry.name === name.toUpperCase());
  }

  readFile(path: string): Uint8Array {
    const entry = this.find(path);
    if (!entry) throw new Error(`${path}: no such file`);
    if ((entry.attributes & ATTRIBUTE.directory) !== 0) throw new Error(`${path} is a directory`);
    const data = entry.size === 0 ? new Uint8Array(0) : this.readChain(entry.firstCluster);
    if (data.length < entry.size) throw new Error(`${path}: its clusters hold ${data.length} of ${entry.size} bytes`);
    return data.slice(0, entry.size);
  }

  /**
   * Writes `data` as file `name` (8.3) in the root directory, replacing a file of that name: its clusters are freed
   * first, then the lowest free clusters are taken, in every copy of the FAT.
   */
  writeFile(
    name: string,
    data: Uint8Array,
    attributes: number = ATTRIBUTE.archive,
    stamp: DosTimestamp = DEFAULT_STAMP,
  ): void {
    const raw = shortName(name);
    const root = this.rootDirectory();
    const existing = parseDirectory(root).find((entry) => entry.name === name.toUpperCase());
    if (existing && (existing.attributes & ATTRIBUTE.directory) !== 0) throw new Error(`${name} is a directory`);
    if (existing) this.freeChain(existing.firstCluster);
    const offset = existing ? existing.offset : freeEntryOffset(root);
    if (offset < 0) throw new Error(`the root directory is full (${this.bpb.rootEntries} entries)`);
    const firstCluster = this.allocate(data);
    writeEntry(root, offset, raw, { attributes, firstCluster, size: data.length }, stamp);
  }

  /** The next cluster in a chain, or a value at or above the end-of-chain mark. */
  fatEntry(cluster: number): number {
    const fat = this.fat(0);
    if (this.layout.fatType === 16) return fat[cluster * 2] | (fat[cluster * 2 + 1] << 8);
    const at = (cluster * 3) >> 1;
    const word = fat[at] | (fat[at + 1] << 8);
    return cluster & 1 ? word >> 4 : word & 0xfff;
  }

  /** Free clusters (entry 0) among the volume's clusters. */
  freeClusters(): number {
    let free = 0;
    for (let cluster = FIRST_DATA_CLUSTER; cluster < FIRST_DATA_CLUSTER + this.layout.clusterCount; cluster++) {
      if (this.fatEntry(cluster) === 0) free++;
    }
    return free;
  }

  private setFatEntry(cluster: number, value: number): void {
    for (let copy = 0; copy < this.bpb.fatCount; copy++) {
      const fat = this.fat(copy);
      if (this.layout.fatType === 16) {
        fat[cluster * 2] = value & 0xff;
        fat[cluster * 2 + 1] = value >> 8;
        continue;
      }
      const at = (cluster * 3) >> 1;
      if (cluster & 1) {
        fat[at] = (fat[at] & 0x0f) | ((value << 4) & 0xf0);
        fat[at + 1] = value >> 4;
      } else {
        fat[at] = value & 0xff;
        fat[at + 1] = (fat[at + 1] & 0xf0) | (value >> 8);
      }
    }
  }

  private fat(copy: number): Uint8Array {
    return this.sectors(this.layout.fatStart + copy * this.bpb.sectorsPerFat, this.bpb.sectorsPerFat);
  }

  private rootDirectory(): Uint8Array {
    return this.sectors(this.layout.rootStart, this.layout.rootSectors);
  }

  private sectors(first: number, count: number): Uint8Array {
    const size = this.bpb.bytesPerSector;
    return this.bytes.subarray(first * size, (first + count) * size);
  }

  private clusterBytes(cluster: number): Uint8Array {
    this.checkCluster(cluster);
    const first = this.layout.dataStart + (cluster - FIRST_DATA_CLUSTER) * this.bpb.sectorsPerCluster;
    return this.sectors(first, this.bpb.sectorsPerCluster);
  }

  /** The clusters of a chain, in order; refuses a chain that loops or leaves the volume. */
  private chain(first: number): number[] {
    const clusters: number[] = [];
    for (let cluster = first; cluster < this.endOfChain; cluster = this.fatEntry(cluster)) {
      this.checkCluster(cluster);
      if (clusters.length > this.layout.clusterCount) throw new Error(`the chain from cluster ${first} loops`);
      clusters.push(cluster);
    }
    return clusters;
  }

  private readChain(first: number): Uint8Array {
    const clusters = this.chain(first);
    const clusterSize = this.bpb.sectorsPerCluster * this.bpb.bytesPerSector;
    const data = new Uint8Array(clusters.length * clusterSize);
    clusters.forEach((cluster, i) => data.set(this.clusterBytes(cluster), i * clusterSize));
    return data;
  }

  private freeChain(first: number): void {
    if (first < FIRST_DATA_CLUSTER) return; // an empty file has no clusters
    for (const cluster of this.chain(first)) this.setFatEntry(cluster, 0);
  }

  /** Stores `data` in free clusters and returns the first one (0 for an empty file). */
  private allocate(data: Uint8Array): number {
    const clusterSize = this.bpb.sectorsPerCluster * this.bpb.bytesPerSector;
    const needed = Math.ceil(data.length / clusterSize);
    const clusters: number[] = [];
    const last = FIRST_DATA_CLUSTER + this.layout.clusterCount;
    for (let cluster = FIRST_DATA_CLUSTER; cluster < last && clusters.length < needed; cluster++) {
      if (this.fatEntry(cluster) === 0) clusters.push(cluster);
    }
    if (clusters.length < needed) throw new Error(`no room: ${data.length} bytes need ${needed} free clusters`);
    clusters.forEach((cluster, i) => {
      const bytes = this.clusterBytes(cluster);
      bytes.fill(0);
      bytes.set(data.subarray(i * clusterSize, (i + 1) * clusterSize));
      this.setFatEntry(cluster, i + 1 < clusters.length ? clusters[i + 1] : this.endOfChain | 7);
    });
    return clusters[0] ?? 0;
  }

  private checkCluster(cluster: number): void {
    if (cluster < FIRST_DATA_CLUSTER || cluster >= FIRST_DATA_CLUSTER + this.layout.clusterCount) {
      throw new Error(`cluster ${cluster} is outside the volume's ${this.layout.clusterCount} clusters`);
    }
  }
}

function splitPath(path: string): string[] {
  return path.split(/[\\/]/).filter((part) => part !== "");
}

function findEntry(entries: readonly DirectoryEntry[], name: string, path: string): DirectoryEntry {
  const entry = entries.find((candidate) => candidate.name === name.toUpperCase());
  if (!entry) throw new Error(`${path}: no ${name}`);
  return entry;
}
