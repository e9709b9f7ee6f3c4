/**
 * The BIOS ROM image and its configuration block. The assembled ROM (bios/realmode-bios.bin, built by bios/build.ts
 * from bios/src/) carries a 16-byte block at a fixed offset that POST and the services read to learn the machine:
 * its type, diskette drives, fixed disks and boot order. `buildBiosImage` writes a machine's configuration into a
 * copy of the ROM, sets the IBM model byte at F000:FFFE, and fixes the checksum byte so the 64 KB sum to 0 mod 256,
 * as ROM checks expect (IBM PC/XT and PC/AT Technical References, POST ROM checksum test).
 */

export type BiosMachine = "xt" | "at";
/** Diskette drive types, numbered as the AT's CMOS byte 10h numbers them. */
export type FloppyDriveType = "360K" | "1.2M" | "720K" | "1.44M" | "2.88M";
/** Drives INT 19h may boot from: diskettes A: and B:, fixed disks C: and D:. */
export type BootDevice = "a" | "b" | "c" | "d";
/** The pointing device the BIOS drives: on the 8042's auxiliary port (PS/2), or a Microsoft serial mouse. */
export type BiosMouse = "none" | "ps2" | "com1" | "com2";

export interface BiosConfig {
  readonly machine: BiosMachine;
  /** Tried in order; a device that is absent or does not boot passes to the next. 1 to 4 entries. */
  readonly bootOrder: readonly BootDevice[];
  /** Drives A: and B: (0 to 2 entries). */
  readonly floppyDrives: readonly FloppyDriveType[];
  /** Fixed disks on the AT's ATA channel, 0 to 2 (the XT has none). */
  readonly hardDisks: number;
  /**
   * The mouse POST sets up INT 15h C2h / INT 74h (PS/2, AT only) and the ROM's INT 33h driver for. Default "none".
   */
  readonly mouse?: BiosMouse;
}

export const BIOS_ROM_SIZE = 0x10000;
/** Where bios/src/fixed.asm puts the configuration block (CONFIG_OFFSET in bios/src/defs.inc). */
export const CONFIG_OFFSET = 0xe000;
export const CONFIG_MAGIC = "RMCF";
export const CONFIG_VERSION = 1;
/** IBM model byte: FEh PC/XT, FCh PC/AT (RBIL MEMORY.LST, F000:FFFE). */
export const MODEL_BYTE_OFFSET = 0xfffe;
export const CHECKSUM_OFFSET = 0xffff;

/** Byte offsets inside the block, matching bios/src/fixed.asm. */
const FIELD = {
  version: 4,
  machine: 5,
  floppyCount: 6,
  floppyTypes: 7,
  hardDisks: 9,
  bootOrder: 10,
  mouse: 14,
} as const;
const BOOT_ORDER_SLOTS = 4;
const BOOT_END = 0xff;

const MACHINE_CODE: Readonly<Record<BiosMachine, number>> = { xt: 0, at: 1 };
const MODEL_BYTE: Readonly<Record<BiosMachine, number>> = { xt: 0xfe, at: 0xfc };
const FLOPPY_TYPE_CODE: Readonly<Record<FloppyDriveType, number>> = {
  "360K": 1,
  "1.2M": 2,
  "720K": 3,
  "1.44M": 4,
  "2.88M": 5,
};
const MOUSE_CODE: Readonly<Record<BiosMouse, number>> = { none: 0, ps2: 1, com1: 2, com2: 3 };
/** BIOS drive numbers (INT 13h DL). */
const BOOT_DRIVE: Readonly<Record<BootDevice, number>> = { a: 0x00, b: 0x01, c: 0x80, d: 0x81 };

/** A copy of `rom` configured for one machine, with its checksum fixed. Throws on a ROM or config it cannot use. */
export function buildBiosImage(rom: Uint8Array, config: BiosConfig): Uint8Array {
  checkRom(rom);
  checkConfig(config);
  const image = rom.slice();
  const block = image.subarray(CONFIG_OFFSET, CONFIG_OFFSET + 16);
  block[FIELD.machine] = MACHINE_CODE[config.machine];
  block[FIELD.floppyCount] = config.floppyDrives.length;
  block[FIELD.floppyTypes] = config.floppyDrives[0] ? FLOPPY_TYPE_CODE[config.floppyDrives[0]] : 0;
  block[FIELD.floppyTypes + 1] = config.floppyDrives[1] ? FLOPPY_TYPE_CODE[config.floppyDrives[1]] : 0;
  block[FIELD.hardDisks] = config.hardDisks;
  for (let slot = 0; slot < BOOT_ORDER_SLOTS; slot++) {
    const device = config.bootOrder[slot];
    block[FIELD.bootOrder + slot] = device === undefined ? BOOT_END : BOOT_DRIVE[device];
  }
  block[FIELD.mouse] = MOUSE_CODE[config.mouse ?? "none"];
  image[MODEL_BYTE_OFFSET] = MODEL_BYTE[config.machine];
  fixChecksum(image);
  return image;
}

/** Sets the last byte so that all bytes of the image sum to 0 mod 256. */
export function fixChecksum(image: Uint8Array): void {
  let sum = 0;
  for (let i = 0; i < image.length; i++) if (i !== CHECKSUM_OFFSET) sum += image[i];
  image[CHECKSUM_OFFSET] = -sum & 0xff;
}

/** The configuration a ROM image carries (the inverse of buildBiosImage's patching). */
export function readBiosConfig(rom: Uint8Array): BiosConfig {
  checkRom(rom);
  const block = rom.subarray(CONFIG_OFFSET, CONFIG_OFFSET + 16);
  const machine = block[FIELD.machine] === MACHINE_CODE.at ? "at" : "xt";
  const typeNames = Object.keys(FLOPPY_TYPE_CODE) as FloppyDriveType[];
  const floppyDrives = [block[FIELD.floppyTypes], block[FIELD.floppyTypes + 1]]
    .slice(0, block[FIELD.floppyCount])
    .map((code) => typeNames.find((name) => FLOPPY_TYPE_CODE[name] === code) ?? "360K");
  const devices = Object.keys(BOOT_DRIVE) as BootDevice[];
  const bootOrder: BootDevice[] = [];
  for (let slot = 0; slot < BOOT_ORDER_SLOTS; slot++) {
    const device = devices.find((name) => BOOT_DRIVE[name] === block[FIELD.bootOrder + slot]);
    if (device === undefined) break;
    bootOrder.push(device);
  }
  const config: BiosConfig = { machine, bootOrder, floppyDrives, hardDisks: block[FIELD.hardDisks] };
  // The field is optional with "none" as its default, so a ROM without a mouse reads back without it.
  const mouse = (Object.keys(MOUSE_CODE) as BiosMouse[]).find((name) => MOUSE_CODE[name] === block[FIELD.mouse]);
  return mouse === undefined || mouse === "none" ? config : { ...config, mouse };
}

function checkRom(rom: Uint8Array): void {
  if (rom.length !== BIOS_ROM_SIZE) {
    throw new RangeError(`the Realmode BIOS ROM is ${BIOS_ROM_SIZE} bytes, not ${rom.length}`);
  }
  const magic = String.fromCharCode(...rom.subarray(CONFIG_OFFSET, CONFIG_OFFSET + CONFIG_MAGIC.length));
  if (magic !== CONFIG_MAGIC) {
    throw new Error(`no Realmode BIOS configuration block at ${CONFIG_OFFSET.toString(16)}h: not a Realmode BIOS`);
  }
  if (rom[CONFIG_OFFSET + FIELD.version] !== CONFIG_VERSION) {
    throw new Error(`BIOS configuration block version ${rom[CONFIG_OFFSET + FIELD.version]} is not ${CONFIG_VERSION}`);
  }
}

function checkConfig(config: BiosConfig): void {
  if (config.floppyDrives.length > 2) throw new RangeError("at most 2 diskette drives");
  if (!Number.isInteger(config.hardDisks) || config.hardDisks < 0 || config.hardDisks > 2) {
    throw new RangeError("hard disks must be 0, 1 or 2");
  }
  if (config.machine === "xt" && config.hardDisks > 0) throw new RangeError("the xt machine has no hard disks");
  if (config.bootOrder.length === 0 || config.bootOrder.length > BOOT_ORDER_SLOTS) {
    throw new RangeError(`the boot order names 1 to ${BOOT_ORDER_SLOTS} devices`);
  }
  for (const device of config.bootOrder) {
    if (!(device in BOOT_DRIVE)) throw new RangeError(`unknown boot device "${device}"`);
  }
  if (config.mouse !== undefined && !(config.mouse in MOUSE_CODE)) {
    throw new RangeError(`unknown mouse "${config.mouse}"`);
  }
  if (config.machine === "xt" && config.mouse === "ps2") throw new RangeError("the xt machine has no PS/2 mouse port");
}
