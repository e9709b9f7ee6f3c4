/**
 * PNG encoding in plain TypeScript, so screenshots work in a worker or browser without Node's zlib. The image is
 * written as 8-bit truecolour (colour type 2; the VGA picture has no transparency) with filter 0 on every row,
 * compressed by a small deflate: greedy LZ77 matching over a 32 KB window with one hash slot per 3-byte prefix,
 * coded with the fixed Huffman codes (RFC 1951 section 3.2.6). Text screens, with their long runs and repeated
 * glyph rows, shrink well even so. Chunk CRCs are CRC-32 (ISO 3309, as PNG specifies); the zlib stream ends with
 * its Adler-32 (RFC 1950).
 */
import type { VideoFrame } from "./frame.ts";

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

/** CRC-32 of `bytes` (the PNG chunk checksum). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Adler-32 of `bytes` (the zlib stream checksum). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before b must be reduced (RFC 1950 / zlib's NMAX).
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Growable byte output with an LSB-first bit writer, as deflate packs its bits. */
class ByteSink {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  private bitBuffer = 0;
  private bitCount = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  uint32(value: number): void {
    this.byte(value >>> 24);
    this.byte((value >>> 16) & 0xff);
    this.byte((value >>> 8) & 0xff);
    this.byte(value & 0xff);
  }

  bits(value: number, count: number): void {
    this.bitBuffer |= value << this.bitCount;
    this.bitCount += count;
    while (this.bitCount >= 8) {
      this.byte(this.bitBuffer & 0xff);
      this.bitBuffer >>>= 8;
      this.bitCount -= 8;
    }
  }

  /** A Huffman code, which deflate stores most significant bit first. */
  code(value: number, length: number): void {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((value >> i) & 1) << (length - 1 - i);
    this.bits(reversed, length);
  }

  flushBits(): void {
    if (this.bitCount > 0) this.byte(this.bitBuffer & 0xff);
    this.bitBuffer = 0;
    this.bitCount = 0;
  }
}

/** Length codes 257–285: base lengths and extra bits (RFC 1951 section 3.2.5). */
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Distance codes 0–29: base distances and extra bits. */
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];

/** Writes literal/length symbol `symbol` with the fixed Huffman code. */
function fixedLiteral(out: ByteSink, symbol: number): void {
  if (symbol < 144) out.code(0x30 + symbol, 8);
  else if (symbol < 256) out.code(0x190 + symbol - 144, 9);
  else if (symbol < 280) out.code(symbol - 256, 7);
  else out.code(0xc0 + symbol - 280, 8);
}

function writeMatch(out: ByteSink, length: number, distance: number): void {
  let code = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[code] > length) code--;
  fixedLiteral(out, 257 + code);
  out.bits(length - LENGTH_BASE[code], LENGTH_EXTRA[code]);
  let distanceCode = DISTANCE_BASE.length - 1;
  while (DISTANCE_BASE[distanceCode] > distance) distanceCode--;
  out.code(distanceCode, 5);
  out.bits(distance - DISTANCE_BASE[distanceCode], DISTANCE_EXTRA[distanceCode]);
}

/** Compresses `data` as one fixed-Huffman deflate block. */
function deflate(data: Uint8Array, out: ByteSink): void {
  const WINDOW = 32768;
  const MAX_MATCH = 258;
  const head = new Int32Array(1 << 15).fill(-1);
  out.bits(1, 1); // BFINAL
  out.bits(1, 2); // BTYPE 01: fixed Huffman codes
  let i = 0;
  while (i < data.length) {
    let length = 0;
    let distance = 0;
    if (i + 2 < data.length) {
      const hash = ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & 0x7fff;
      const candidate = head[hash];
      head[hash] = i;
      if (candidate >= 0 && i - candidate <= WINDOW) {
        const limit = Math.min(MAX_MATCH, data.length - i);
        while (length < limit && data[candidate + length] === data[i + length]) length++;
        distance = i - candidate;
      }
    }
    if (length >= 3) {
      writeMatch(out, length, distance);
      i += length;
    } else {
      fixedLiteral(out, data[i]);
      i++;
    }
  }
  fixedLiteral(out, 256); // end of block
  out.flushBits();
}

function chunk(out: ByteSink, type: string, body: (out: ByteSink) => void): void {
  const lengthAt = out.length;
  out.uint32(0);
  const typeAt = out.length;
  for (let i = 0; i < 4; i++) out.byte(type.charCodeAt(i));
  body(out);
  const length = out.length - typeAt - 4;
  out.bytes[lengthAt] = length >>> 24;
  out.bytes[lengthAt + 1] = (length >>> 16) & 0xff;
  out.bytes[lengthAt + 2] = (length >>> 8) & 0xff;
  out.bytes[lengthAt + 3] = length & 0xff;
  out.uint32(crc32(out.bytes, typeAt, out.length));
}

/** Encodes an RGBA frame as a PNG file (alpha dropped), pixel for pixel. */
export function encodePng(frame: Pick<VideoFrame, "width" | "height" | "pixels">): Uint8Array {
  const { width, height, pixels } = frame;
  const raw = new Uint8Array(height * (1 + width * 3));
  let at = 0;
  for (let y = 0; y < height; y++) {
    raw[at++] = 0; // filter type 0 (None)
    for (let x = 0, from = y * width * 4; x < width; x++, from += 4) {
      raw[at++] = pixels[from];
      raw[at++] = pixels[from + 1];
      raw[at++] = pixels[from + 2];
    }
  }
  const out = new ByteSink();
  for (const byte of [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) out.byte(byte);
  chunk(out, "IHDR", (o) => {
    o.uint32(width);
    o.uint32(height);
    o.byte(8); // bit depth
    o.byte(2); // colour type: truecolour
    o.byte(0); // compression: deflate
    o.byte(0); // filter method 0
    o.byte(0); // no interlace
  });
  chunk(out, "IDAT", (o) => {
    o.byte(0x78); // CMF: deflate, 32 KB window
    o.byte(0x01); // FLG: no dictionary, check bits making CMF*256+FLG a multiple of 31
    deflate(raw, o);
    o.uint32(adler32(raw));
  });
  chunk(out, "IEND", () => {});
  return out.bytes.slice(0, out.length);
}
