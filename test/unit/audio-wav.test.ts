import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeWav, pcm16, WAV_HEADER_BYTES, WavRecorder, wavHeader } from "../../emulator/audio/wav.ts";

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

test("the header is RIFF/WAVE with a PCM fmt chunk for mono 16-bit and the data size", () => {
  const header = wavHeader(48_000, 1000);
  const view = new DataView(header.buffer);
  assert.equal(header.length, WAV_HEADER_BYTES);
  assert.equal(ascii(header, 0, 4), "RIFF");
  assert.equal(view.getUint32(4, true), 1036, "RIFF size: everything after the size field");
  assert.equal(ascii(header, 8, 8), "WAVEfmt ");
  assert.equal(view.getUint32(16, true), 16, "fmt chunk size");
  assert.equal(view.getUint16(20, true), 1, "WAVE_FORMAT_PCM");
  assert.equal(view.getUint16(22, true), 1, "channels");
  assert.equal(view.getUint32(24, true), 48_000, "samples per second");
  assert.equal(view.getUint32(28, true), 96_000, "average bytes per second");
  assert.equal(view.getUint16(32, true), 2, "block align");
  assert.equal(view.getUint16(34, true), 16, "bits per sample");
  assert.equal(ascii(header, 36, 4), "data");
  assert.equal(view.getUint32(40, true), 1000);
  assert.throws(() => wavHeader(48_000, 2 ** 32), RangeError);
});

test("float samples become rounded, clipped 16-bit values", () => {
  assert.equal(pcm16(0), 0);
  assert.equal(pcm16(1), 32767);
  assert.equal(pcm16(-1), -32767);
  assert.equal(pcm16(0.5), 16384);
  assert.equal(pcm16(3), 32767);
  assert.equal(pcm16(-3), -32768);
});

test("encodeWav puts the samples little-endian after the header", () => {
  const file = encodeWav(Int16Array.from([1, -2, 0x1234]), 44_100);
  assert.equal(file.length, WAV_HEADER_BYTES + 6);
  assert.deepEqual([...file.subarray(WAV_HEADER_BYTES)], [0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
  assert.equal(new DataView(file.buffer).getUint32(24, true), 44_100);
});

test("the recorder keeps every pushed sample, growing past its first buffer", () => {
  const recorder = new WavRecorder(48_000);
  const chunk = new Float32Array(1000);
  for (let k = 0; k < 100; k++) {
    chunk.fill(((k % 7) - 3) / 4);
    recorder.push(chunk);
  }
  recorder.push(new Float32Array(70_000).fill(0.25)); // more than a doubling at once
  assert.equal(recorder.sampleCount, 170_000);
  const file = recorder.toWav();
  const view = new DataView(file.buffer);
  assert.equal(view.getUint32(40, true), 340_000);
  assert.equal(view.getInt16(WAV_HEADER_BYTES, true), pcm16(-0.75));
  assert.equal(view.getInt16(WAV_HEADER_BYTES + 2 * 99_999, true), pcm16(((99 % 7) - 3) / 4));
  assert.equal(view.getInt16(file.length - 2, true), 8192);
});
