import { test } from "node:test";
import assert from "node:assert/strict";
import { KEY_NAMES, breakSequence, isKeyName, makeSequence, xtSequence } from "../../emulator/devices/scancodes.ts";

test("plain keys: one make byte, break = make | 80h", () => {
  assert.deepEqual(makeSequence("A"), [0x1e]);
  assert.deepEqual(breakSequence("A"), [0x9e]);
  assert.deepEqual(makeSequence("Escape"), [0x01]);
  assert.deepEqual(makeSequence("Enter"), [0x1c]);
  assert.deepEqual(makeSequence("F1"), [0x3b]);
  assert.deepEqual(makeSequence("F12"), [0x58]);
  assert.deepEqual(makeSequence("LeftCtrl"), [0x1d]);
  assert.deepEqual(makeSequence("0"), [0x0b]);
  assert.deepEqual(makeSequence("Space"), [0x39]);
});

test("extended keys are E0h-prefixed in make and break", () => {
  assert.deepEqual(makeSequence("Up"), [0xe0, 0x48]);
  assert.deepEqual(breakSequence("Up"), [0xe0, 0xc8]);
  assert.deepEqual(makeSequence("RightCtrl"), [0xe0, 0x1d]);
  assert.deepEqual(makeSequence("NumpadEnter"), [0xe0, 0x1c]);
  assert.deepEqual(makeSequence("Delete"), [0xe0, 0x53]);
});

test("Print Screen and Pause sequences; Pause has no break", () => {
  assert.deepEqual(makeSequence("PrintScreen"), [0xe0, 0x2a, 0xe0, 0x37]);
  assert.deepEqual(breakSequence("PrintScreen"), [0xe0, 0xb7, 0xe0, 0xaa]);
  assert.deepEqual(makeSequence("Pause"), [0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5]);
  assert.deepEqual(breakSequence("Pause"), []);
});

test("every key has a distinct make sequence and a break of the same shape with bit 7 set", () => {
  const seen = new Set<string>();
  for (const name of KEY_NAMES) {
    assert.ok(isKeyName(name));
    const make = makeSequence(name);
    const key = make.join(",");
    assert.ok(!seen.has(key), `${name} duplicates another key`);
    seen.add(key);
    if (name === "Pause" || name === "PrintScreen") continue;
    assert.deepEqual(
      breakSequence(name),
      make.map((byte, i) => (i === make.length - 1 ? byte | 0x80 : byte)),
    );
    assert.ok(make[make.length - 1] < 0x80);
  }
  assert.ok(KEY_NAMES.length >= 101);
});

test("unknown names throw", () => {
  assert.equal(isKeyName("Hyper"), false);
  assert.throws(() => makeSequence("Hyper"), /unknown key name/);
  assert.throws(() => breakSequence("a"), /unknown key name/);
});

test("xtSequence drops E0h/E1h: arrows become keypad keys, Print Screen Shift+*, Pause Ctrl+NumLock", () => {
  assert.deepEqual(xtSequence(makeSequence("Up")), [0x48]);
  assert.deepEqual(xtSequence(makeSequence("PrintScreen")), [0x2a, 0x37]);
  assert.deepEqual(xtSequence(makeSequence("Pause")), [0x1d, 0x45, 0x9d, 0xc5]);
  assert.deepEqual(xtSequence(makeSequence("Q")), [0x10]);
});
