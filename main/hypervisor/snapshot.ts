/**
 * The snapshot file: a whole VM — CPU, RAM, every chip with its scheduled events, virtual time, the ROM it runs,
 * its media and their overlays — in one versioned binary file.
 *
 *   offset  size  field
 *   0       8     magic "RMSNAP\r\n" (a text transfer that rewrites line ends breaks it visibly)
 *   8       4     format version, u32 little-endian (SNAPSHOT_VERSION)
 *   12      4     header length in bytes, u32 LE
 *   16      4     CRC-32 (ISO 3309, as PNG) of every byte from offset 20 to the end
 *   20      n     header: UTF-8 JSON
 *   …             zero padding to a multiple of 8, then the binary sections, each at a multiple of 8 from there
 *
 * The header holds the machine configuration, the media list and the machine state with every typed array (RAM,
 * the VGA planes, FIFOs, overlay sectors) replaced by `{ "$section": i }`, where `header.sections[i]` gives the
 * section's offset (from the start of the section area), length and element type. The numbers JSON cannot hold
 * (±Infinity, NaN) are written as `{ "$number": "Infinity" }`. The version is checked before anything else is read:
 * a file from a newer format is refused with a message saying so, never guessed at; version 1 is the first, so
 * there is nothing older to migrate yet (a future version adds its migration from the one before here).
 */
import type { CpuModel } from "../../emulator/cpu/cpu.ts";
import type { DiskImageMode, DiskKind } from "../../emulator/disk/disk-image.ts";
import type {
  FloppyDriveType,
  MachineProfile,
  MachineState,
  MouseAttachment,
  VideoAdapterKind,
} from "../../emulator/machine.ts";
import { crc32 } from "../../emulator/video/png.ts";

export const SNAPSHOT_VERSION = 1;
const MAGIC = new TextEncoder().encode("RMSNAP\r\n");
const PREAMBLE_BYTES = 20;
const SECTION_ALIGN = 8;
const NON_FINITE = ["Infinity", "-Infinity", "NaN"];

export class SnapshotError extends Error {}

/** One drive's contents at the time of the snapshot. */
export interface SnapshotMedia {
  readonly drive: string;
  readonly kind: DiskKind;
  /** The image file; null for an empty drive. */
  readonly path: string | null;
  readonly mode: DiskImageMode;
  /** The image's size when saved: a restore refuses a file that has since changed size. */
  readonly size: number;
  /** The drive's disk change latch (floppies). */
  readonly changed: boolean;
  readonly overlay: { readonly sectors: readonly number[]; readonly data: Uint8Array };
}

export interface SnapshotContents {
  readonly machine: {
    readonly profile: MachineProfile;
    readonly cpu: CpuModel;
    readonly memoryKb: number;
    readonly clockHz: number;
    readonly deterministic: boolean;
    readonly floppyTypes: readonly FloppyDriveType[];
    /** Where the mouse is attached; absent in snapshots from before mice, which had none. */
    readonly mouse?: MouseAttachment;
    /** The display adapter; absent in snapshots from before the CGA could be chosen, which all had a VGA. */
    readonly video?: VideoAdapterKind;
  };
  readonly rom: Uint8Array;
  /** The VGA card's ROM at C0000h; absent when the machine had none. */
  readonly videoRom?: Uint8Array;
  readonly media: readonly SnapshotMedia[];
  readonly state: MachineState;
}

type SectionType = "u8" | "u16";
interface SectionEntry {
  readonly offset: number;
  readonly length: number;
  readonly type: SectionType;
}

export function encodeSnapshot(contents: SnapshotContents): Uint8Array {
  const blobs: Uint8Array[] = [];
  const types: SectionType[] = [];
  const tree = toTree(contents, blobs, types, "snapshot");
  let offset = 0;
  const sections: SectionEntry[] = blobs.map((blob, i) => {
    const entry = { offset, length: blob.byteLength, type: types[i] };
    offset = align(offset + blob.byteLength);
    return entry;
  });
  const headerBytes = new TextEncoder().encode(
    JSON.stringify({ format: "realmode-snapshot", sections, contents: tree }),
  );
  const dataStart = align(PREAMBLE_BYTES + headerBytes.length);
  const file = new Uint8Array(dataStart + offset);
  const view = new DataView(file.buffer);
  file.set(MAGIC, 0);
  view.setUint32(8, SNAPSHOT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  file.set(headerBytes, PREAMBLE_BYTES);
  blobs.forEach((blob, i) => file.set(blob, dataStart + sections[i].offset));
  view.setUint32(16, crc32(file, PREAMBLE_BYTES), true);
  return file;
}

export function decodeSnapshot(file: Uint8Array): SnapshotContents {
  if (file.length < PREAMBLE_BYTES || MAGIC.some((byte, i) => file[i] !== byte)) {
    throw new SnapshotError("not a Realmode snapshot (the file does not start with the snapshot magic)");
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint32(8, true);
  if (version > SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `snapshot format version ${version} is newer than this Realmode reads (version ${SNAPSHOT_VERSION}); open it with a newer Realmode`,
    );
  }
  if (version !== SNAPSHOT_VERSION)
    throw new SnapshotError(`snapshot format version ${version} is not one Realmode ever wrote`);
  if (view.getUint32(16, true) !== crc32(file, PREAMBLE_BYTES)) {
    throw new SnapshotError("the snapshot is damaged (its checksum does not match; truncated or altered)");
  }
  const headerLength = view.getUint32(12, true);
  let header: { format?: unknown; sections?: unknown; contents?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(file.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)));
  } catch {
    throw new SnapshotError("the snapshot's header is not valid JSON");
  }
  if (header.format !== "realmode-snapshot" || !Array.isArray(header.sections)) {
    throw new SnapshotError("the snapshot's header is not a Realmode snapshot header");
  }
  const sections = header.sections as SectionEntry[];
  const data = file.subarray(align(PREAMBLE_BYTES + headerLength));
  return fromTree(header.contents, data, sections) as SnapshotContents;
}

/** Converts the contents to JSON-safe values, moving typed arrays out into sections. */
function toTree(value: unknown, blobs: Uint8Array[], types: SectionType[], path: string): unknown {
  if (value instanceof Uint8Array || value instanceof Uint16Array) {
    blobs.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    types.push(value instanceof Uint8Array ? "u8" : "u16");
    return { $section: blobs.length - 1 };
  }
  // JSON would turn these into null and a restore would misread them; device states use ±Infinity for "never".
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item, i) => toTree(item, blobs, types, `${path}[${i}]`));
  if (ArrayBuffer.isView(value)) throw new SnapshotError(`cannot save ${path}: unsupported typed array`);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = toTree(item, blobs, types, `${path}.${key}`);
  return result;
}

function fromTree(value: unknown, file: Uint8Array, sections: readonly SectionEntry[]): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => fromTree(item, file, sections));
  const record = value as Record<string, unknown>;
  if (typeof record.$number === "string" && Object.keys(record).length === 1) {
    if (!NON_FINITE.includes(record.$number))
      throw new SnapshotError(`the snapshot holds a bad number ${record.$number}`);
    return Number(record.$number);
  }
  if (typeof record.$section === "number" && Object.keys(record).length === 1) {
    const entry = sections[record.$section];
    if (!entry || entry.offset + entry.length > file.length || entry.offset % SECTION_ALIGN !== 0) {
      throw new SnapshotError(`the snapshot's section ${record.$section} lies outside the file`);
    }
    // A copy: the result outlives the file's buffer and must be aligned for 16-bit elements.
    const bytes = file.slice(entry.offset, entry.offset + entry.length);
    if (entry.type === "u8") return bytes;
    if (entry.type === "u16" && bytes.length % 2 === 0) return new Uint16Array(bytes.buffer);
    throw new SnapshotError(`the snapshot's section ${record.$section} has an unknown type`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) result[key] = fromTree(item, file, sections);
  return result;
}

function align(offset: number): number {
  return Math.ceil(offset / SECTION_ALIGN) * SECTION_ALIGN;
}
