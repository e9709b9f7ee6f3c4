import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  BIOS_ROM_SIZE,
  buildBiosImage,
  CHECKSUM_OFFSET,
  CONFIG_OFFSET,
  fixChecksum,
  MODEL_BYTE_OFFSET,
  readBiosConfig,
  type BiosConfig,
} from "../../bios/rom.ts";

const rom = new Uint8Array(readFileSync(new URL("../../bios/realmode-bios.bin", import.meta.url)));
const sum = (bytes: Uint8Array) => bytes.reduce((total, byte) => (total + byte) & 0xff, 0);

const atConfig: BiosConfig = { machine: "at", bootOrder: ["c", "a"], floppyDrives: ["1.44M", "1.2M"], hardDisks: 2 };

test("the committed ROM is 64 KB, sums to zero and starts at F000:FFF0 with a far jump to F000:E05B", () => {
  assert.equal(rom.length, BIOS_ROM_SIZE);
  assert.equal(sum(rom), 0);
  assert.deepEqual([...rom.subarray(0xfff0, 0xfff5)], [0xea, 0x5b, 0xe0, 0x00, 0xf0]);
  assert.equal(String.fromCharCode(...rom.subarray(0xfff5, 0xfffd)), "11/24/25");
  assert.equal(String.fromCharCode(...rom.subarray(CONFIG_OFFSET, CONFIG_OFFSET + 4)), "RMCF");
});

test("IBM entry points hold near jumps and the tables sit at their fixed offsets", () => {
  for (const offset of [0xe05b, 0xe3fe, 0xe6f2, 0xe739, 0xe82e, 0xe987, 0xec59, 0xef57, 0xefd2, 0xf065, 0xfe6e]) {
    assert.equal(rom[offset], 0xe9, `near jump at ${offset.toString(16)}h`);
  }
  assert.equal(rom[0xff53], 0xcf, "IRET at F000:FF53");
  // Diskette parameter table (INT 1Eh): 512-byte sectors, 9 per track at power-on.
  assert.deepEqual([...rom.subarray(0xefc7 + 3, 0xefc7 + 5)], [0x02, 0x09]);
  // INT 15h AH=C0h tables: 8 bytes each, model FCh (AT) then FEh (XT).
  assert.deepEqual([...rom.subarray(0xe6f5, 0xe6f8)], [0x08, 0x00, 0xfc]);
  assert.deepEqual([...rom.subarray(0xe6ff, 0xe702)], [0x08, 0x00, 0xfe]);
});

test("buildBiosImage writes the machine, drives and boot order into the configuration block", () => {
  const image = buildBiosImage(rom, atConfig);
  assert.deepEqual(
    [...image.subarray(CONFIG_OFFSET + 4, CONFIG_OFFSET + 14)],
    [1, 1, 2, 4, 2, 2, 0x80, 0x00, 0xff, 0xff],
  );
  assert.equal(image[MODEL_BYTE_OFFSET], 0xfc);
  assert.deepEqual(readBiosConfig(image), atConfig);
  assert.equal(rom[CONFIG_OFFSET + 5], 0, "the input ROM is left untouched");
});

test("an XT image gets model byte FEh and an empty second drive slot", () => {
  const config: BiosConfig = { machine: "xt", bootOrder: ["a"], floppyDrives: ["360K"], hardDisks: 0 };
  const image = buildBiosImage(rom, config);
  assert.equal(image[MODEL_BYTE_OFFSET], 0xfe);
  assert.deepEqual([...image.subarray(CONFIG_OFFSET + 5, CONFIG_OFFSET + 11)], [0, 1, 1, 0, 0, 0x00]);
  assert.deepEqual(readBiosConfig(image), config);
});

test("every configured image sums to 0 mod 256", () => {
  for (const machine of ["xt", "at"] as const) {
    for (const floppyDrives of [[], ["360K"], ["720K", "2.88M"]] as const) {
      const image = buildBiosImage(rom, { machine, bootOrder: ["a", "c"], floppyDrives, hardDisks: 0 });
      assert.equal(sum(image), 0);
    }
  }
});

test("fixChecksum changes only the checksum byte", () => {
  const image = new Uint8Array(BIOS_ROM_SIZE);
  image[0] = 0x12;
  image[0x8000] = 0xf0;
  fixChecksum(image);
  assert.equal(image[CHECKSUM_OFFSET], (0x100 - ((0x12 + 0xf0) & 0xff)) & 0xff);
  assert.equal(sum(image), 0);
});

test("buildBiosImage refuses images and configurations it cannot use", () => {
  assert.throws(() => buildBiosImage(rom.subarray(0, 0x8000), atConfig), /64 ?KB|65536 bytes/);
  const foreign = rom.slice();
  foreign[CONFIG_OFFSET] = 0;
  assert.throws(() => buildBiosImage(foreign, atConfig), /not a Realmode BIOS/);
  const future = rom.slice();
  future[CONFIG_OFFSET + 4] = 9;
  assert.throws(() => buildBiosImage(future, atConfig), /version 9/);
  assert.throws(() => buildBiosImage(rom, { ...atConfig, machine: "xt" }), /xt machine has no hard disks/);
  assert.throws(() => buildBiosImage(rom, { ...atConfig, hardDisks: 3 }), /0, 1 or 2/);
  assert.throws(() => buildBiosImage(rom, { ...atConfig, bootOrder: [] }), /1 to 4/);
  assert.throws(() => buildBiosImage(rom, { ...atConfig, floppyDrives: ["360K", "360K", "360K"] }), /at most 2/);
});
