import { test } from "node:test";
import assert from "node:assert/strict";
import { BandLimitedSteps, STEP_DELAY, STEP_TAPS } from "../../emulator/audio/band-limited-steps.ts";

const RATE = 48_000;

function renderAll(steps: BandLimitedSteps, last: number): Float32Array {
  const out = new Float32Array(last - steps.next + 1);
  assert.equal(steps.render(last, out), out.length);
  return out;
}

/** The magnitude of frequency `hz` in `samples` (Hann-windowed single-bin DFT), as a sine's amplitude. */
function amplitudeAt(samples: Float32Array, hz: number): number {
  let re = 0;
  let im = 0;
  let windowSum = 0;
  for (let n = 0; n < samples.length; n++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / samples.length);
    const phase = (2 * Math.PI * hz * n) / RATE;
    re += w * samples[n] * Math.cos(phase);
    im -= w * samples[n] * Math.sin(phase);
    windowSum += w;
  }
  return (2 * Math.hypot(re, im)) / windowSum;
}

/** A 0/1 square wave of `hz` for one second, as band-limited steps or sampled naively at each sample's time. */
function square(hz: number, bandLimited: boolean): Float32Array {
  const out = new Float32Array(RATE);
  if (!bandLimited) {
    for (let n = 0; n < RATE; n++) out[n] = (n * hz) / RATE - Math.floor((n * hz) / RATE) < 0.5 ? 1 : 0;
    return out;
  }
  const steps = new BandLimitedSteps();
  const halfPeriod = RATE / hz / 2;
  let edge = 0;
  let written = 0;
  for (let k = 0; edge < RATE; k++, edge = k * halfPeriod) {
    if (!steps.fits(edge)) written += steps.render(Math.floor(edge), out.subarray(written));
    steps.addStep(edge, k % 2 === 0 ? 1 : -1);
  }
  steps.render(RATE - 1, out.subarray(written));
  return out;
}

test("a step is causal, settles at exactly its height and is centred STEP_DELAY after its position", () => {
  for (const fraction of [0, 0.25, 0.5, 0.8, 0.999]) {
    const steps = new BandLimitedSteps();
    const position = 100 + fraction;
    steps.addStep(position, 1);
    const out = renderAll(steps, 200);
    for (let n = 0; n <= 100; n++) assert.equal(out[n], 0, `sample ${n} precedes the step`);
    for (let n = 101 + STEP_TAPS; n <= 200; n++) assert.ok(Math.abs(out[n] - 1) < 1e-6, `settled: ${out[n]}`);
    let moment = 0;
    // out[n] − out[n − 1] is the step's rise between samples n − 1 and n: it belongs at n − 0.5.
    for (let n = 1; n <= 200; n++) moment += (n - 0.5) * (out[n] - out[n - 1]);
    const centre = moment / (out[200] - out[0]);
    const expected = position + STEP_DELAY;
    assert.ok(Math.abs(centre - expected) < 0.01, `fraction ${fraction}: centre ${centre}, expected ${expected}`);
  }
});

test("many steps leave no drift: the level is the sum of the jumps", () => {
  const steps = new BandLimitedSteps();
  const out = new Float32Array(1024);
  for (let k = 0; k < 100_000; k++) {
    const position = k * 3.3;
    if (!steps.fits(position)) steps.render(Math.floor(position), out);
    steps.addStep(position, k % 2 === 0 ? 1 : -1);
  }
  const last = Math.floor(99_999 * 3.3) + STEP_TAPS + 1;
  while (steps.next <= last) steps.render(last, out);
  const count = steps.render(last + 10, out);
  assert.equal(count, 10);
  for (let i = 0; i < count; i++) assert.ok(Math.abs(out[i]) < 1e-9, `level after an even number of jumps: ${out[i]}`);
});

test("a square wave's harmonics above half the sample rate do not alias", () => {
  // 5300 Hz: the 7th harmonic (37.1 kHz) folds to 10.9 kHz and the 9th (47.7 kHz) to 300 Hz when sampled naively.
  const clean = square(5300, true);
  const naive = square(5300, false);
  const fundamental = amplitudeAt(clean, 5300);
  assert.ok(Math.abs(fundamental - 2 / Math.PI) < 0.01 * (2 / Math.PI), `fundamental ${fundamental}`);
  assert.ok(Math.abs(amplitudeAt(clean, 15_900) - 2 / (3 * Math.PI)) < 0.02, "the 3rd harmonic is in the passband");
  for (const alias of [10_900, 300]) {
    const db = (x: number) => 20 * Math.log10(x / fundamental);
    assert.ok(db(amplitudeAt(naive, alias)) > -30, `naive sampling aliases to ${alias} Hz (the check can fail)`);
    const level = db(amplitudeAt(clean, alias));
    assert.ok(level < -60, `alias at ${alias} Hz: ${level.toFixed(1)} dB`);
  }
});

test("render stops at the given sample and at the end of the output", () => {
  const steps = new BandLimitedSteps();
  const out = new Float32Array(8);
  assert.equal(steps.render(4, out), 5);
  assert.equal(steps.next, 5);
  assert.equal(steps.render(100, out), 8);
  assert.equal(steps.next, 13);
  assert.equal(steps.render(12, out), 0, "nothing before next");
  assert.equal(steps.fits(13 + 1024 - STEP_TAPS - 2), true);
  assert.equal(steps.fits(13 + 1024 - STEP_TAPS), false, "the pending ring would overrun");
});

test("a step before the last rendered sample lands on the next sample instead of corrupting the ring", () => {
  const steps = new BandLimitedSteps();
  renderAll(steps, 50);
  steps.addStep(10, 1);
  const out = renderAll(steps, 50 + STEP_TAPS + 10);
  // Placed at sample 50, the last rendered one: its rise starts at sample 51, the first it may touch.
  // Its centre, sample 50 + STEP_DELAY = 65.5, lies between out[14] and out[15].
  const centre = (out[14] + out[15]) / 2;
  assert.ok(Math.abs(out[0]) < 0.01 && Math.abs(centre - 0.5) < 0.05, `first ${out[0]}, centre ${centre}`);
  assert.ok(Math.abs(out[out.length - 1] - 1) < 1e-6);
});

test("save and load: restored steps render the same samples", () => {
  const a = new BandLimitedSteps();
  a.addStep(3.7, 1);
  a.addStep(10.2, -0.5);
  renderAll(a, 12);
  const state = JSON.parse(JSON.stringify(a.save()));
  assert.equal(state.pending.length, STEP_TAPS);
  const b = new BandLimitedSteps();
  b.load(state);
  for (const steps of [a, b]) steps.addStep(20.9, 0.25);
  assert.deepEqual(renderAll(b, 80), renderAll(a, 80));
  assert.throws(() => b.load({ next: 0, level: 0, pending: [0] }), /pending values/);
});
