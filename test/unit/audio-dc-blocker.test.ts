import { test } from "node:test";
import assert from "node:assert/strict";
import { DcBlocker } from "../../emulator/audio/dc-blocker.ts";

const RATE = 48_000;

test("a constant level decays to silence and a tone passes unchanged", () => {
  const blocker = new DcBlocker(RATE);
  const held = new Float32Array(RATE / 5).fill(1); // a speaker left on for 200 ms
  blocker.process(held, held.length);
  assert.ok(held[0] > 0.99, "the step itself passes");
  assert.ok(Math.abs(held[held.length - 1]) < 1e-3, `after 200 ms: ${held[held.length - 1]}`);

  const tone = new Float32Array(RATE);
  for (let n = 0; n < tone.length; n++) tone[n] = 0.5 + 0.25 * Math.sin((2 * Math.PI * 440 * n) / RATE);
  new DcBlocker(RATE).process(tone, tone.length);
  let max = 0;
  let sum = 0;
  for (let n = RATE / 2; n < RATE; n++) {
    max = Math.max(max, Math.abs(tone[n]));
    sum += tone[n];
  }
  assert.ok(max > 0.249 && max < 0.252, `440 Hz amplitude ${max}`);
  assert.ok(Math.abs(sum / (RATE / 2)) < 1e-3, "no offset left");
});

test("process touches only the first `count` samples", () => {
  const samples = new Float32Array([1, 1, 7, 7]);
  new DcBlocker(RATE).process(samples, 2);
  assert.deepEqual([samples[2], samples[3]], [7, 7]);
});

test("a decayed state flushes to exactly zero (no subnormal arithmetic)", () => {
  const blocker = new DcBlocker(RATE);
  const samples = new Float32Array(RATE * 20).fill(1);
  blocker.process(samples, samples.length);
  assert.deepEqual(blocker.save(), [1, 0]);
});

test("save and load: a restored filter continues identically", () => {
  const a = new DcBlocker(RATE);
  const first = Float32Array.from({ length: 100 }, (_, n) => (n % 10 < 5 ? 1 : 0));
  a.process(first, first.length);
  const b = new DcBlocker(RATE);
  b.load(JSON.parse(JSON.stringify(a.save())));
  const next = () => Float32Array.from({ length: 50 }, (_, n) => (n % 7 < 3 ? 1 : 0));
  const [x, y] = [next(), next()];
  a.process(x, x.length);
  b.process(y, y.length);
  assert.deepEqual(y, x);
});
