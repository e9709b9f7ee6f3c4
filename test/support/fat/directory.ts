/**
 * FAT directory entries (Microsoft "FAT: General Overview of On-Disk Format" 1.03, "FAT Directory Structure"): 32
 * bytes each, an 8.3 name padded with blanks at 00h, attributes at 0Bh, write time and date at 16h/18h, the first
 * cluster at 1Ah and the size at 1Ch. A first name byte of 00h ends the directory, E5h marks a deleted entry; the
 * attribute value 0Fh marks a long-name entry, which we skip.
 */
import { DIRECTORY_ENTRY_SIZE } from "./bpb.ts";

export const ATTRIBUTE = {
  readOnly: 0x01,
  hidden: 0x02,
  system: 0x04,
  volumeLabel: 0x08,
  directory: 0x10,
  archive: 0x20,
} as const;
const LONG_NAME = 0x0f;
const END_OF_DIRECTORY = 0x00;
const DELETED = 0xe5;
/** A first name byte of 05h stands for a name that really begins with E5h (a KANJI lead byte). */
const ESCAPED_E5 = 0x05;
/** Printable ASCII characters no short name may hold (besides the one dot between name and extension). */
const FORBIDDEN = '"*+,/:;<=>?[\\]|';

export interface DirectoryEntry {
  /** "KERNEL.SYS": the 8.3 name with its padding blanks removed. */
  readonly name: string;
  readonly attributes: number;
  readonly firstCluster: number;
  readonly size: number;
  /** Where the entry is inside the directory's bytes. */
  readonly offset: number;
}

/** The entries of a directory's bytes up to its end marker, without deleted, long-name and volume-label entries. */
export function parseDirectory(bytes: Uint8Array): DirectoryEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: DirectoryEntry[] = [];
  for (let offset = 0; offset + DIRECTORY_ENTRY_SIZE <= bytes.length; offset += DIRECTORY_ENTRY_SIZE) {
    const first = bytes[offset];
    if (first === END_OF_DIRECTORY) break;
    const attributes = bytes[offset + 0x0b];
    if (first === DELETED || attributes === LONG_NAME || (attributes & ATTRIBUTE.volumeLabel) !== 0) continue;
    entries.push({
      name: displayName(bytes.subarray(offset, offset + 11)),
      attributes,
      firstCluster: view.getUint16(offset + 0x1a, true),
      size: view.getUint32(offset + 0x1c, true),
      offset,
    });
  }
  return entries;
}

/** The 11 bytes of a directory entry's name for an 8.3 file name such as "hello.txt" (upper-cased). */
export function shortName(name: string): Uint8Array {
  const match = /^([^.]{1,8})(?:\.([^.]{1,3}))?$/.exec(name.toUpperCase());
  if (!match || [...name].some((char) => char <= " " || char > "~" || FORBIDDEN.includes(char))) {
    throw new Error(`"${name}" is not an 8.3 file name`);
  }
  const bytes = new Uint8Array(11).fill(0x20);
  for (let i = 0; i < match[1].length; i++) bytes[i] = match[1].charCodeAt(i);
  const extension = match[2] ?? "";
  for (let i = 0; i < extension.length; i++) bytes[8 + i] = extension.charCodeAt(i);
  return bytes;
}

/** A file's date and time as DOS stores them: date = (year-1980)<<9 | month<<5 | day, time = h<<11 | m<<5 | s/2. */
export interface DosTimestamp {
  readonly date: number;
  readonly time: number;
}

export function dosTimestamp(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): DosTimestamp {
  return { date: ((year - 1980) << 9) | (month << 5) | day, time: (hour << 11) | (minute << 5) | (second >> 1) };
}

/** Writes a file's entry at `offset` of a directory's bytes. */
export function writeEntry(
  directory: Uint8Array,
  offset: number,
  name: Uint8Array,
  entry: { readonly attributes: number; readonly firstCluster: number; readonly size: number },
  stamp: DosTimestamp,
): void {
  const bytes = directory.subarray(offset, offset + DIRECTORY_ENTRY_SIZE);
  bytes.fill(0);
  bytes.set(name, 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes[0x0b] = entry.attributes;
  view.setUint16(0x0e, stamp.time, true); // creation time and date, and the last access date (DOS 7 fields)
  view.setUint16(0x10, stamp.date, true);
  view.setUint16(0x12, stamp.date, true);
  view.setUint16(0x16, stamp.time, true);
  view.setUint16(0x18, stamp.date, true);
  view.setUint16(0x1a, entry.firstCluster, true);
  view.setUint32(0x1c, entry.size, true);
}

/** The offset of the first free (never used or deleted) entry in a directory's bytes, or -1 when it is full. */
export function freeEntryOffset(directory: Uint8Array): number {
  for (let offset = 0; offset + DIRECTORY_ENTRY_SIZE <= directory.length; offset += DIRECTORY_ENTRY_SIZE) {
    if (directory[offset] === END_OF_DIRECTORY || directory[offset] === DELETED) return offset;
  }
  return -1;
}

function displayName(raw: Uint8Array): string {
  const chars = [...raw].map((byte, i) => String.fromCharCode(i === 0 && byte === ESCAPED_E5 ? DELETED : byte));
  const base = chars.slice(0, 8).join("").trimEnd();
  const extension = chars.slice(8).join("").trimEnd();
  return extension ? `${base}.${extension}` : base;
}
