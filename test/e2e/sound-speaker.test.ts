/**
 * The PC speaker end to end (issue 6, "a speaker test program plays known frequencies and the test checks them in
 * the WAV"): test/fixtures/sound/speaker.asm boots on each machine and plays 440 Hz and 1000 Hz through PIT channel
 * 2 and port 61h, then 500 Hz by toggling port 61h bit 1 alone, each for 300 ms with 200 ms of silence after. The
 * machine's sample stream is recorded as a WAV file, which the test reads back like any WAV reader would and checks
 * for the tones' frequencies and lengths and the silence between them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { WavRecorder } from "../../emulator/audio/wav.ts";
import { floppyFormat, floppyWithProgram, ProgramRun } from "../support/program-runner.ts";

const program = new Uint8Array(readFileSync(new URL("../fixtures/sound/speaker.bin", import.meta.url)));

/** The program booted on `profile`, with everything its speaker produces going to a WAV recorder. */
function start(profile: "xt" | "at"): { run: ProgramRun; recorder: WavRecorder } {
  const run = new ProgramRun({ profile, floppy: floppyWithProgram(program, floppyFormat("1.44M")) });
  const speaker = run.machine.speaker;
  const recorder = new WavRecorder(speaker.sampleRate);
  speaker.stream.onSamples = (samples) => recorder.push(samples);
  return { run, recorder };
}

/** Runs the program to its end and returns the WAV file of everything the speaker produced. */
function finish({ run, recorder }: { run: ProgramRun; recorder: WavRecorder }): Uint8Array {
  run.finish(10_000);
  run.machine.speaker.flush();
  assert.ok(run.lines.includes("SOUND END"), run.lines.join("\n"));
  return recorder.toWav();
}

/** Reads a mono 16-bit PCM WAV file: its rate and samples scaled to −1…1. */
function readWav(file: Uint8Array): { rate: number; samples: Float64Array } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tag = (offset: number) => String.fromCharCode(...file.subarray(offset, offset + 4));
  assert.equal(tag(0), "RIFF");
  assert.equal(view.getUint32(4, true), file.length - 8);
  assert.equal(tag(8), "WAVE");
  assert.equal(tag(12), "fmt ");
  assert.deepEqual(
    [view.getUint16(20, true), view.getUint16(22, true), view.getUint16(34, true)],
    [1, 1, 16],
    "PCM, mono, 16-bit",
  );
  assert.equal(tag(36), "data");
  const count = view.getUint32(40, true) / 2;
  assert.equal(44 + count * 2, file.length);
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(44 + 2 * i, true) / 32767;
  return { rate: view.getUint32(24, true), samples };
}

/** Runs of 1 ms windows whose RMS level is above `threshold`, as [first sample, end sample) pairs. */
function loudRuns(samples: Float64Array, rate: number, threshold: number): [number, number][] {
  const window = rate / 1000;
  const runs: [number, number][] = [];
  let start = -1;
  for (let at = 0; at + window <= samples.length; at += window) {
    let sum = 0;
    for (let i = at; i < at + window; i++) sum += samples[i] * samples[i];
    const loud = Math.sqrt(sum / window) > threshold;
    if (loud && start < 0) start = at;
    if (!loud && start >= 0) {
      runs.push([start, at]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, samples.length]);
  return runs;
}

/** The rising zero crossings in samples[from, to), interpolated between samples. */
function risingCrossings(samples: Float64Array, from: number, to: number): number[] {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  return crossings;
}

/** The mean frequency of the rising zero crossings in samples[from, to). */
function frequency(samples: Float64Array, rate: number, from: number, to: number): number {
  const crossings = risingCrossings(samples, from, to);
  assert.ok(crossings.length >= 10, `only ${crossings.length} crossings`);
  return ((crossings.length - 1) * rate) / (crossings[crossings.length - 1] - crossings[0]);
}

/**
 * How long a tone of `hz` lasts in samples[from, to): from its first to its last rising zero crossing one period
 * apart from the next or previous, plus the period the last crossing starts. The cone's settling after the tone
 * (a decaying offset, no crossings) is not counted.
 */
function toneLength(samples: Float64Array, rate: number, hz: number, from: number, to: number): number {
  const period = rate / hz;
  const crossings = risingCrossings(samples, from, to);
  const periodic = crossings.filter(
    (c, i) =>
      (i > 0 && Math.abs(c - crossings[i - 1] - period) < period * 0.1) ||
      (i + 1 < crossings.length && Math.abs(crossings[i + 1] - c - period) < period * 0.1),
  );
  assert.ok(periodic.length >= 10, `only ${periodic.length} periodic crossings`);
  return periodic[periodic.length - 1] - periodic[0] + period;
}

function peak(samples: Float64Array, from: number, to: number): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(samples[i]));
  return max;
}

const PIT_HZ = 105e6 / 88;
const TONES = [
  { name: "440 Hz (mode 3, count 2712)", hz: PIT_HZ / 2712 },
  { name: "1000 Hz (mode 3, count 1193)", hz: PIT_HZ / 1193 },
  { name: "500 Hz (port 61h bit 1 toggled)", hz: PIT_HZ / 2386 },
];

for (const profile of ["xt", "at"] as const) {
  test(`the speaker program's tones and silences are in the WAV (${profile})`, () => {
    const { rate, samples } = readWav(finish(start(profile)));
    assert.equal(rate, 48_000);
    const ms = rate / 1000;
    const runs = loudRuns(samples, rate, 0.02);
    assert.equal(runs.length, 3, `loud runs (ms): ${JSON.stringify(runs.map(([a, b]) => [a / ms, b / ms]))}`);
    for (let k = 0; k < 3; k++) {
      const [start, end] = runs[k];
      const { name, hz } = TONES[k];
      const lengthMs = toneLength(samples, rate, hz, start, end) / ms;
      assert.ok(Math.abs(lengthMs - 300) < 3, `${name}: lasts ${lengthMs} ms`);
      // Away from the ends, where the cone settles (the DC blocker's 8 ms time constant).
      const measured = frequency(samples, rate, start + 40 * ms, end - 20 * ms);
      assert.ok(Math.abs(measured - hz) < hz * 0.01, `${name}: measured ${measured.toFixed(2)} Hz`);
      assert.ok(Math.abs(measured - hz) < hz * 0.001, `${name}: within 0.1%: ${measured.toFixed(2)} Hz`);
      const loudness = peak(samples, start + 40 * ms, end - 20 * ms);
      assert.ok(loudness > 0.2 && loudness < 0.4, `${name}: peak ${loudness}`);
      // The 200 ms after each tone: silent once the cone has settled from its last step.
      const gapEnd = k < 2 ? runs[k + 1][0] : Math.min(samples.length, end + 200 * ms);
      const gapMs = (gapEnd - end) / ms;
      // The loud run includes the cone's settling after the tone: about 20 ms of the gap.
      if (k < 2) assert.ok(gapMs > 170 && gapMs < 200, `gap after ${name}: ${gapMs} ms`);
      // Up to the next tone's first loud window: the window before it may hold that tone's first samples (a partial
      // window whose RMS stays under the threshold), so it is left out too.
      const rest = peak(samples, end + 60 * ms, k < 2 ? gapEnd - ms : gapEnd);
      assert.ok(rest < 2e-3, `after ${name}: peak ${rest} where it should be silent`);
    }
    assert.ok(peak(samples, 0, runs[0][0] - 10 * ms) < 1e-4, "silent before the first tone");
  });
}

test("a machine restored in the middle of a tone plays on exactly as the original does", () => {
  const original = start("at");
  assert.ok(original.run.runUntil(/^SOUND START$/, 10_000));
  original.run.session.runMs(150); // inside the 440 Hz tone
  // Several points within one period, so that some fall while an edge's band-limited step is still pending.
  for (let k = 0; k < 5; k++) {
    original.run.session.runMs(0.23);
    const state = original.run.machine.saveState();
    const before = original.recorder.sampleCount;
    const restored = start("at");
    restored.run.machine.loadState(state);
    for (const { run } of [original, restored]) {
      run.session.runMs(20);
      run.machine.speaker.flush();
    }
    const rest = restored.recorder.toWav().subarray(44);
    assert.equal(rest.length, 2 * 20 * 48);
    assert.deepEqual(rest, original.recorder.toWav().subarray(44 + 2 * before), `restored at point ${k}`);
  }
  finish(original);
});

test("two runs of the program give the same WAV file, byte for byte", () => {
  assert.deepEqual(finish(start("xt")), finish(start("xt")));
});
