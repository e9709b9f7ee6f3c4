/**
 * Runs one of our own test programs (test/fixtures/programs/*.bin: a boot sector plus up to 7 sectors, see
 * boot.inc) on a whole machine with our BIOS and collects the lines it reports on COM1 until it prints DONE.
 * Everything runs in virtual time with a fixed RTC start, so every run is the same.
 */
import { readFileSync } from "node:fs";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { SECTOR_SIZE } from "../../emulator/disk/disk-geometry.ts";
import { FLOPPY_FORMATS, type FloppyFormat } from "../../emulator/disk/floppy-geometry.ts";
import {
  driveTypeForImage,
  Machine,
  type FloppyDriveType,
  type MachineProfile,
  type MouseAttachment,
  type VideoAdapterKind,
} from "../../emulator/machine.ts";
import { MachineSession } from "../../emulator/session.ts";
import { loadRom, loadVideoRom } from "../../main/rom-file.ts";

/** The RTC's fixed start in every program run: Thursday 29 February 2024, 13:45:30 (local time as the RTC sees it). */
export const PROGRAM_EPOCH_MS = Date.UTC(2024, 1, 29, 13, 45, 30);
/** Virtual time between looks at the collected output. */
const SLICE_MS = 10;

export interface ProgramOptions {
  readonly profile: MachineProfile;
  /** The floppy image to boot from (`floppyWithProgram` builds one). */
  readonly floppy: Uint8Array;
  readonly hardDisks?: readonly DiskImage[];
  readonly memoryKb?: number;
  /** Drive A:'s type; default: the drive the image's format is made for (the machine's `driveTypeForImage`). */
  readonly drive?: FloppyDriveType;
  /** The mouse, told to both the machine and the BIOS (`run.machine.mouseInput` moves it); default "none". */
  readonly mouse?: MouseAttachment;
  /** The display adapter; default "vga" (with our VGA BIOS). A CGA has no video ROM: the system BIOS drives it. */
  readonly video?: VideoAdapterKind;
}

/** The assembled bytes of test/fixtures/programs/NAME.bin. */
export function programBinary(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/programs/${name}.bin`, import.meta.url)));
}

/** Media descriptor byte, sectors per cluster, root directory entries and sectors per FAT of each DOS format. */
const DOS_LAYOUT: Readonly<Record<string, readonly [number, number, number, number]>> = {
  "160K": [0xfe, 1, 64, 1],
  "180K": [0xfc, 1, 64, 2],
  "320K": [0xff, 2, 112, 1],
  "360K": [0xfd, 2, 112, 2],
  "720K": [0xf9, 2, 112, 3],
  "1.2M": [0xf9, 1, 224, 7],
  "1.44M": [0xf0, 1, 224, 9],
  "2.88M": [0xf0, 2, 240, 9],
};

export function floppyFormat(label: string): FloppyFormat {
  const format = FLOPPY_FORMATS.find((f) => f.label === label);
  if (!format) throw new Error(`no floppy format ${label}`);
  return format;
}

/**
 * A raw floppy image of `format` with `program` at sector 0 onwards, a DOS BIOS parameter block for the format in
 * the boot sector (so the image's geometry check agrees), and every other sector filled by `fill` (default zeros).
 */
export function floppyWithProgram(
  program: Uint8Array,
  format: FloppyFormat,
  fill?: (lba: number, sector: Uint8Array) => void,
): Uint8Array {
  const total = format.cylinders * format.heads * format.sectorsPerTrack;
  const image = new Uint8Array(total * SECTOR_SIZE);
  const programSectors = Math.ceil(program.length / SECTOR_SIZE);
  if (fill) {
    for (let lba = programSectors; lba < total; lba++) {
      fill(lba, image.subarray(lba * SECTOR_SIZE, (lba + 1) * SECTOR_SIZE));
    }
  }
  image.set(program, 0);
  const [media, clusterSectors, rootEntries, fatSectors] = DOS_LAYOUT[format.label];
  const view = new DataView(image.buffer);
  image.set(new TextEncoder().encode("REALMODE"), 3);
  view.setUint16(0x0b, SECTOR_SIZE, true);
  image[0x0d] = clusterSectors;
  view.setUint16(0x0e, 1, true); // reserved sectors: the boot sector
  image[0x10] = 2; // FATs
  view.setUint16(0x11, rootEntries, true);
  view.setUint16(0x13, total, true);
  image[0x15] = media;
  view.setUint16(0x16, fatSectors, true);
  view.setUint16(0x18, format.sectorsPerTrack, true);
  view.setUint16(0x1a, format.heads, true);
  return image;
}

/** A running program: its machine, its session and the COM1 lines it has reported so far. */
export class ProgramRun {
  readonly machine: Machine;
  readonly session: MachineSession;
  readonly floppy: DiskImage;
  /** Complete lines received on COM1, without their CR LF. */
  readonly lines: string[] = [];
  private partial = "";

  constructor(options: ProgramOptions) {
    const hardDisks = options.hardDisks ?? [];
    this.floppy = DiskImage.open("program.img", new MemoryBlockStore(options.floppy), "floppy", "read-write");
    const drive = options.drive ?? driveTypeForImage(this.floppy);
    const mouse = options.mouse ?? "none";
    const video = options.video ?? "vga";
    this.machine = new Machine({
      profile: options.profile,
      memoryKb: options.memoryKb,
      rom: loadRom(undefined, {
        machine: options.profile,
        bootOrder: ["a", "c"],
        floppyDrives: [drive],
        hardDisks: hardDisks.length,
        mouse,
      }),
      videoRom: video === "vga" ? loadVideoRom() : undefined,
      video,
      floppyDrives: [{ slot: new DriveSlot(this.floppy), type: drive }],
      hardDisks,
      rtcTime: { kind: "fixed", startEpochMs: PROGRAM_EPOCH_MS },
      mouse,
    });
    this.machine.com1.onTransmit = (byte) => this.receive(byte);
    this.session = new MachineSession(this.machine);
  }

  /** Runs until a reported line matches `pattern` (true) or `limitMs` of virtual time pass (false). */
  runUntil(pattern: RegExp, limitMs: number): boolean {
    const end = this.session.nowMs + limitMs;
    for (;;) {
      if (this.lines.some((line) => pattern.test(line))) return true;
      if (this.session.nowMs >= end) return false;
      this.session.runMs(Math.min(SLICE_MS, end - this.session.nowMs));
    }
  }

  /** Runs until DONE; throws with everything reported so far (and the screen) when it does not come in time. */
  finish(limitMs: number): readonly string[] {
    if (!this.runUntil(/^DONE$/, limitMs)) {
      throw new Error(
        `no DONE within ${limitMs} ms; COM1 said:\n${this.lines.join("\n")}${this.partial}\n` +
          `screen:\n${this.session.screenText()}`,
      );
    }
    return this.lines;
  }

  /** The rest of the first line that starts with `label` and a space, e.g. value("PIT0 RATE") → "18". */
  value(label: string): string {
    const line = this.lines.find((l) => l.startsWith(label + " "));
    if (line === undefined) throw new Error(`no line "${label} …" in:\n${this.lines.join("\n")}`);
    return line.slice(label.length + 1);
  }

  /** value() as a number written in hex. */
  hex(label: string): number {
    return parseInt(this.value(label), 16);
  }

  private receive(byte: number): void {
    if (byte === 0x0a) {
      this.lines.push(this.partial.replace(/\r$/, ""));
      this.partial = "";
    } else {
      this.partial += String.fromCharCode(byte);
    }
  }
}

/** Boots `name` from a 1.44 MB floppy (or `floppy`) on `profile` and runs it to DONE. */
export function runProgram(
  name: string,
  profile: MachineProfile,
  limitMs: number,
  extra: Partial<ProgramOptions> = {},
): ProgramRun {
  const floppy = extra.floppy ?? floppyWithProgram(programBinary(name), floppyFormat("1.44M"));
  const run = new ProgramRun({ profile, floppy, ...extra });
  run.finish(limitMs);
  return run;
}
