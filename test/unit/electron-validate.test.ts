import { test } from "node:test";
import assert from "node:assert/strict";
import { isAudioMessage } from "../../main/electron/audio-message.ts";
import * as check from "../../main/electron/validate.ts";

const GOOD = { name: "DOS box", type: "at", cpu: "80286", memoryKb: 640, speed: "turbo", boot: "a" };

test("machine ids: only the host's own form passes", () => {
  assert.equal(check.machineId("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"), "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed");
  for (const bad of ["", "../machines", "ABC", "a b", 7, null, undefined, {}, "x".repeat(65)]) {
    assert.throws(() => check.machineId(bad), check.InvalidArgument, String(bad));
  }
});

test("drives, speeds and resets are one of their names", () => {
  assert.equal(check.drive("C"), "C");
  assert.equal(check.speed("4.77"), "4.77");
  assert.equal(check.resetKind("warm"), "warm");
  for (const bad of ["D", "a", "", 0, ["A"]]) assert.throws(() => check.drive(bad), check.InvalidArgument);
  assert.throws(() => check.speed(4.77), check.InvalidArgument);
  assert.throws(() => check.resetKind("hard"), check.InvalidArgument);
});

test("key names come from the scancode table", () => {
  assert.equal(check.keyName("LeftCtrl"), "LeftCtrl");
  assert.equal(check.keyName("A"), "A");
  for (const bad of ["ctrl", "Control", "", "A".repeat(40), 30]) assert.throws(() => check.keyName(bad));
});

test("typed text is a string of bounded length", () => {
  assert.equal(check.typedText("dir\r"), "dir\r");
  assert.throws(() => check.typedText("x".repeat(check.MAX_TYPED_TEXT + 1)), check.InvalidArgument);
  assert.throws(() => check.typedText(new String("dir")), check.InvalidArgument);
});

test("whole settings: every field present and valid, nothing else", () => {
  assert.deepEqual(check.settings(GOOD), GOOD);
  assert.deepEqual(check.settings({ ...GOOD, name: "  spaced  " }).name, "spaced");
  const { boot: _boot, ...missing } = GOOD;
  assert.throws(() => check.settings(missing), /lack boot/);
  assert.throws(() => check.settings({ ...GOOD, media: { A: { path: "/etc/passwd" } } }), /no field media/);
  assert.throws(() => check.settings({ ...GOOD, id: "other" }), /no field id/);
  assert.throws(() => check.settings({ ...GOOD, memoryKb: 641 }), /memory/);
  assert.throws(() => check.settings({ ...GOOD, memoryKb: 512.5 }), /memory/);
  assert.throws(() => check.settings({ ...GOOD, cpu: "80386" }), /CPU/);
  assert.throws(() => check.settings({ ...GOOD, name: "" }), /name/);
  assert.throws(() => check.settings({ ...GOOD, name: "bell\x07" }), /name/);
  assert.throws(() => check.settings([GOOD]), /object/);
  assert.throws(() => check.settings(null), /object/);
  assert.deepEqual(check.settings({ ...GOOD, mouse: "com2" }).mouse, "com2", "the mouse may be given");
  assert.equal(check.settings(GOOD).mouse, undefined, "or left to the type's default");
  assert.throws(() => check.settings({ ...GOOD, mouse: "usb" }), /a mouse must be one of none, ps2, com1, com2/);
});

test("the display adapter: cga or vga, or left to the type's default; an edit may change it alone", () => {
  assert.equal(check.settings({ ...GOOD, video: "cga" }).video, "cga");
  assert.equal(check.settings({ ...GOOD, video: "vga" }).video, "vga");
  assert.equal(check.settings(GOOD).video, undefined, "left to the type's default");
  assert.deepEqual(check.partialSettings({ video: "cga" }), { video: "cga" });
  for (const bad of ["ega", "CGA", "", 1, null, ["cga"]]) {
    assert.throws(
      () => check.partialSettings({ video: bad }),
      /a display adapter must be one of cga, vga/,
      String(bad),
    );
  }
});

test("mouse motion: whole counts within the limit; buttons: 0 to 7", () => {
  assert.equal(check.mouseDelta(0), 0);
  assert.equal(check.mouseDelta(-2048), -2048);
  assert.equal(check.mouseDelta(2048), 2048);
  for (const bad of [2049, -2049, 0.5, Number.NaN, Number.POSITIVE_INFINITY, "1", null, [1], 2 ** 53]) {
    assert.throws(() => check.mouseDelta(bad), check.InvalidArgument, String(bad));
  }
  for (const good of [0, 1, 2, 4, 7]) assert.equal(check.mouseButtons(good), good);
  for (const bad of [8, -1, 1.5, Number.NaN, "1", true, 255]) {
    assert.throws(() => check.mouseButtons(bad), check.InvalidArgument, String(bad));
  }
});

test("sound messages from the main process: a machine id, a playable rate, a bounded Float32Array", () => {
  const good = { id: "m1", sampleRate: 48_000, samples: new Float32Array(240) };
  assert.ok(isAudioMessage(good));
  for (const bad of [
    null,
    "m1",
    { ...good, id: "" },
    { ...good, id: 7 },
    { ...good, sampleRate: 44_100.5 },
    { ...good, sampleRate: 1000 },
    { ...good, sampleRate: 384_000 },
    { ...good, samples: new Float64Array(240) },
    { ...good, samples: [0, 0.1] },
    { ...good, samples: new Float32Array(192_001) },
  ]) {
    assert.equal(isAudioMessage(bad), false, JSON.stringify(bad));
  }
});

test("partial settings: any subset, each field valid", () => {
  assert.deepEqual(check.partialSettings({ speed: "max" }), { speed: "max" });
  assert.deepEqual(check.partialSettings({}), {});
  assert.throws(() => check.partialSettings({ speed: "fast" }), check.InvalidArgument);
  assert.throws(() => check.partialSettings({ __proto__: { x: 1 }, path: "/" }), /no field path/);
});

test("a dropped file is an absolute path to a disk image", () => {
  assert.equal(check.droppedPath({ path: "/home/ann/dos.img" }), "/home/ann/dos.img");
  assert.equal(check.droppedPath({ path: "/home/ann/DISK.IMA" }), "/home/ann/DISK.IMA");
  for (const bad of [
    "/home/ann/dos.img",
    { path: "dos.img" },
    { path: "/etc/passwd" },
    { path: "/home/ann/dos.img\0.txt" },
    { path: "" },
    { path: 42 },
    { path: `/${"a".repeat(5000)}.img` },
  ]) {
    assert.throws(() => check.droppedPath(bad), check.InvalidArgument, JSON.stringify(bad));
  }
});

test("argument counts are exact", () => {
  assert.doesNotThrow(() => check.argumentCount(["a", "b"], 2));
  assert.throws(() => check.argumentCount(["a"], 2), /expected 2 arguments, got 1/);
  assert.throws(() => check.argumentCount(["a", "b", "c"], 2), check.InvalidArgument);
});

test("saved state ids: only the host's form (save time in ms, a dash, 8 hex digits), nothing that names a path", () => {
  assert.equal(check.stateId("1741003471250-0a1b2c3d"), "1741003471250-0a1b2c3d");
  for (const bad of [
    "../1741003471250-0a1b2c3d",
    "1741003471250-0a1b2c3d/..",
    "1741003471250-0A1B2C3D",
    "1741003471250-0a1b2c3",
    "174100347125-0a1b2c3d",
    "1741003471250_0a1b2c3d",
    "1741003471250-0a1b2c3d.rmstate",
    "",
    17410034712500,
    null,
    undefined,
    { id: "1741003471250-0a1b2c3d" },
  ]) {
    assert.throws(() => check.stateId(bad), check.InvalidArgument, String(bad));
  }
});
