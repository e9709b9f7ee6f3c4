import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import { adler32, crc32, encodePng } from "../../emulator/video/png.ts";

interface Chunk {
  type: string;
  data: Buffer;
  crc: number;
  crcInput: Buffer;
}

function chunks(png: Uint8Array): Chunk[] {
  const buffer = Buffer.from(png);
  assert.deepEqual([...buffer.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const list: Chunk[] = [];
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString("latin1", at + 4, at + 8);
    list.push({
      type,
      data: buffer.subarray(at + 8, at + 8 + length),
      crc: buffer.readUInt32BE(at + 8 + length),
      crcInput: buffer.subarray(at + 4, at + 8 + length),
    });
    at += 12 + length;
  }
  return list;
}

function testImage(width: number, height: number): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      // Runs (for matches) mixed with a varying pattern (for literals and long distances).
      pixels[i] = x < width / 2 ? 0x20 : (x * 7 + y * 13) & 0xff;
      pixels[i + 1] = (x >> 3) * 17;
      pixels[i + 2] = y & 1 ? 0xff : 0x00;
      pixels[i + 3] = 0xff;
    }
  }
  return pixels;
}

test("PNG round trip: chunks, CRCs and pixels decode with zlib", () => {
  const width = 333;
  const height = 101;
  const pixels = testImage(width, height);
  const png = encodePng({ width, height, pixels });
  const list = chunks(png);
  assert.deepEqual(
    list.map((c) => c.type),
    ["IHDR", "IDAT", "IEND"],
  );
  for (const c of list) assert.equal(c.crc, zlibCrc32(c.crcInput), `${c.type} CRC`);
  const header = list[0].data;
  assert.equal(header.readUInt32BE(0), width);
  assert.equal(header.readUInt32BE(4), height);
  assert.deepEqual([...header.subarray(8)], [8, 2, 0, 0, 0]);
  const raw = inflateSync(list[1].data); // checks the zlib header and Adler-32 too
  assert.equal(raw.length, height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    assert.equal(raw[row], 0, "filter 0");
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        if (raw[row + 1 + x * 3 + c] !== pixels[(y * width + x) * 4 + c]) assert.fail(`pixel ${x},${y} channel ${c}`);
      }
    }
  }
  assert.ok(png.length < raw.length / 2, "repetitive pictures compress");
});

test("a blank 720x400 screen compresses to a few kilobytes", () => {
  const pixels = new Uint8ClampedArray(720 * 400 * 4).fill(0);
  const png = encodePng({ width: 720, height: 400, pixels });
  assert.ok(png.length < 20000, `${png.length} bytes`);
  const raw = inflateSync(chunks(png)[1].data);
  assert.equal(raw.length, 400 * (1 + 720 * 3));
});

test("CRC-32 and Adler-32 match the reference values", () => {
  const text = new TextEncoder().encode("123456789");
  assert.equal(crc32(text), 0xcbf43926);
  assert.equal(adler32(new TextEncoder().encode("Wikipedia")), 0x11e60398);
  const big = new Uint8Array(100000).fill(0xff);
  assert.equal(crc32(big), zlibCrc32(big));
});
