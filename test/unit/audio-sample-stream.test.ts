import { test } from "node:test";
import assert from "node:assert/strict";
import { SampleStream } from "../../emulator/audio/sample-stream.ts";

const RATE = 48_000;
const FADE = 240; // 5 ms at 48 kHz

function recorder(stream: SampleStream): number[] {
  const out: number[] = [];
  stream.onSamples = (samples) => out.push(...samples);
  return out;
}

test("samples pass through unchanged while nothing pauses", () => {
  const stream = new SampleStream(RATE);
  const out = recorder(stream);
  stream.deliver(Float32Array.from([0.1, -0.2, 0.3]));
  stream.deliver(new Float32Array(0));
  assert.deepEqual(out, [0.1, -0.2, 0.3].map(Math.fround));
});

test("pause ends the stream with a smooth fade from the last sample to zero", () => {
  const stream = new SampleStream(RATE);
  const out = recorder(stream);
  stream.deliver(new Float32Array(10).fill(0.5));
  stream.pause();
  assert.equal(stream.isPaused, true);
  const tail = out.slice(10);
  assert.equal(tail.length, FADE);
  assert.equal(tail[FADE - 1], 0);
  let previous = 0.5;
  for (const sample of tail) {
    assert.ok(sample <= previous, "falls monotonically");
    assert.ok(previous - sample < 0.01, `no jump: ${previous} to ${sample}`);
    previous = sample;
  }
  stream.pause();
  assert.equal(out.length, 10 + FADE, "a second pause adds nothing");
  stream.deliver(new Float32Array(5).fill(0.5));
  assert.equal(out.length, 10 + FADE, "samples while paused are dropped");
});

test("resume fades the next samples in from zero, across deliveries", () => {
  const stream = new SampleStream(RATE);
  const out = recorder(stream);
  stream.deliver(new Float32Array(4).fill(-0.8));
  stream.pause();
  out.length = 0;
  stream.resume();
  assert.equal(stream.isPaused, false);
  stream.deliver(new Float32Array(100).fill(0.4));
  stream.deliver(new Float32Array(300).fill(0.4));
  assert.equal(out[0], 0);
  let previous = 0;
  for (let i = 1; i < FADE; i++) {
    assert.ok(out[i] >= previous && out[i] - previous < 0.01, `rises smoothly at ${i}`);
    previous = out[i];
  }
  for (let i = FADE; i < 400; i++) assert.equal(out[i], Math.fround(0.4));
  stream.resume();
  stream.deliver(Float32Array.from([0.4]));
  assert.equal(out[400], Math.fround(0.4), "resume while playing changes nothing");
});

test("without a listener samples are dropped quietly", () => {
  const stream = new SampleStream(RATE);
  stream.deliver(new Float32Array(3).fill(1));
  stream.pause();
  stream.resume();
});
