import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { iconPixels, iconSvg } from "../../main/electron/icon/icon-design.ts";
import { encodeRgbaPng } from "../../main/electron/icon/rgba-png.ts";

/** Reads back an 8-bit RGBA PNG with filter 0 rows, as encodeRgbaPng writes it. */
function decode(png: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  assert.deepEqual([png[24], png[25]], [8, 6], "8-bit RGBA");
  const idatLength = view.getUint32(33);
  assert.equal(String.fromCharCode(...png.subarray(37, 41)), "IDAT");
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    pixels.set(raw.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4)), y * width * 4);
  return { width, height, pixels };
}

test("the icon: transparent corners, an opaque blue screen, a yellow cursor", () => {
  const size = 64;
  const { width, pixels } = decode(encodeRgbaPng(size, size, iconPixels(size)));
  const at = (x: number, y: number): number[] => [...pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
  assert.equal(width, size);
  assert.equal(at(0, 0)[3], 0, "corner transparent");
  assert.deepEqual(at(Math.round(0.18 * size), Math.round(0.6 * size)), [0x1d, 0x3b, 0x8f, 255], "screen");
  assert.deepEqual(at(Math.round(0.75 * size), Math.round(0.468 * size)), [0xff, 0xd2, 0x3f, 255], "cursor");
});

test("the committed PNGs and SVG are what the design draws", () => {
  const committed = readFileSync(new URL("../../build/icons/32x32.png", import.meta.url));
  assert.deepEqual(decode(committed).pixels, decode(encodeRgbaPng(32, 32, iconPixels(32))).pixels);
  assert.equal(readFileSync(new URL("../../build/icon.svg", import.meta.url), "utf8"), iconSvg());
});
