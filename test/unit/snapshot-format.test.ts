/**
 * The snapshot file format (main/hypervisor/snapshot.ts): a round trip keeps every value and typed array, and a
 * file of another version, a damaged file or a foreign file is refused with a message saying which.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MachineState } from "../../emulator/machine.ts";
import {
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_VERSION,
  SnapshotError,
  type SnapshotContents,
} from "../../main/hypervisor/snapshot.ts";

function contents(): SnapshotContents {
  const ram = new Uint8Array(0x110000);
  for (let i = 0; i < ram.length; i += 4099) ram[i] = i & 0xff;
  const state = {
    profile: "at",
    time: 123_456_789.5,
    cpu: { model: "80286", regs: [1, 2, 3, 4, 5, 6, 7, 8], ip: 0xfff0, halted: false },
    ram,
    a20: [true, false],
    devices: {
      pit: { counters: [{ count: 0xffff, due: null }], mode: "8254" },
      vga: { planes: new Uint8Array([1, 2, 3]), dac: new Uint16Array([0x1234, 0xfedc, 7]) },
    },
  } as unknown as MachineState;
  return {
    machine: {
      profile: "at",
      cpu: "80286",
      memoryKb: 640,
      clockHz: 8e6,
      deterministic: true,
      floppyTypes: ["1.44M", "360K"],
    },
    rom: new Uint8Array(0x10000).fill(0xcc),
    media: [
      {
        drive: "A",
        kind: "floppy",
        path: "/images/dos.img",
        mode: "overlay",
        size: 368_640,
        changed: false,
        overlay: { sectors: [3, 17], data: new Uint8Array(1024).fill(0x5a) },
      },
    ],
    state,
  };
}

test("a snapshot round trip keeps every value, typed array and element type", () => {
  const original = contents();
  const file = encodeSnapshot(original);
  const restored = decodeSnapshot(file);
  assert.deepEqual(restored, original);
  const vga = (restored.state.devices as Record<string, Record<string, unknown>>).vga;
  assert.ok(vga.dac instanceof Uint16Array);
  assert.equal(new TextDecoder().decode(file.subarray(0, 8)), "RMSNAP\r\n");
  assert.equal(new DataView(file.buffer).getUint32(8, true), SNAPSHOT_VERSION);
});

test("a snapshot from a newer format version is refused, never misread", () => {
  const file = encodeSnapshot(contents());
  new DataView(file.buffer).setUint32(8, SNAPSHOT_VERSION + 1, true);
  assert.throws(() => decodeSnapshot(file), {
    name: "Error",
    message: /format version 2 is newer than this Realmode reads \(version 1\)/,
  });
  new DataView(file.buffer).setUint32(8, 0, true);
  assert.throws(() => decodeSnapshot(file), /format version 0 is not one Realmode ever wrote/);
});

test("a damaged, truncated or foreign file is refused", () => {
  const file = encodeSnapshot(contents());
  const flipped = file.slice();
  flipped[file.length - 100] ^= 1;
  assert.throws(
    () => decodeSnapshot(flipped),
    (error) => error instanceof SnapshotError && /damaged/.test(error.message),
  );
  assert.throws(() => decodeSnapshot(file.subarray(0, file.length - 8)), /damaged/);
  assert.throws(() => decodeSnapshot(new TextEncoder().encode("MZ this is a program")), /not a Realmode snapshot/);
  assert.throws(() => decodeSnapshot(new Uint8Array(4)), /not a Realmode snapshot/);
});

test("numbers JSON cannot hold (device states use -Infinity for never) survive the round trip", () => {
  const original = contents();
  const pit = { nullCountUntil: -Infinity, due: Infinity, odd: NaN, zero: 0 };
  (original.state.devices as Record<string, unknown>).pit = pit;
  const restored = decodeSnapshot(encodeSnapshot(original));
  assert.deepEqual((restored.state.devices as Record<string, unknown>).pit, pit);
});
