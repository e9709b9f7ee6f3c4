import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { ProgrammableIntervalTimer, PIT_CLOCK_HZ } from "../../emulator/devices/pit.ts";
import { PcSpeaker } from "../../emulator/devices/pc-speaker.ts";

const RATE = 48_000;
const MS = 1e6;

/** A PIT and a speaker wired as the machine wires them, with every delivered sample kept. */
function setup(rate = RATE) {
  const scheduler = new Scheduler();
  const pit = new ProgrammableIntervalTimer(scheduler, { setIrq: () => {} }, "8254");
  const io = new IoBus();
  for (const port of pit.ports) io.register(port);
  const speaker = new PcSpeaker(scheduler, rate);
  pit.setOutputListener(2, (_channel, level, now) => speaker.timerOutput(level, now));
  const samples: number[] = [];
  speaker.stream.onSamples = (chunk) => samples.push(...chunk);
  /** Port 61h bits 0 (timer 2 gate) and 1 (speaker data), as the PPI or 8042 pass them on. */
  const port61 = (gate: boolean, data: boolean) => {
    pit.setGate(2, gate);
    speaker.speakerData(data, scheduler.now);
  };
  const tone = (count: number) => {
    io.out8(0x43, 0xb6); // channel 2, LSB then MSB, mode 3, binary
    io.out8(0x42, count & 0xff);
    io.out8(0x42, count >>> 8);
  };
  const runMs = (ms: number) => scheduler.advanceTo(scheduler.now + ms * MS);
  return { scheduler, pit, io, speaker, samples, port61, tone, runMs };
}

/** The mean frequency of the rising zero crossings in samples[from, to), interpolated between samples. */
function frequency(samples: readonly number[], from: number, to: number, rate = RATE): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  assert.ok(crossings.length >= 3, `too few crossings (${crossings.length}) in ${from}..${to}`);
  return ((crossings.length - 1) * rate) / (crossings[crossings.length - 1] - crossings[0]);
}

function peak(samples: readonly number[], from: number, to: number): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(samples[i]));
  return max;
}

test("a mode 3 tone through the gate and speaker data comes out at its frequency", () => {
  const { samples, port61, tone, runMs } = setup();
  tone(1193); // 1193181.8 / 1193 = 1000.15 Hz
  port61(true, true);
  runMs(200);
  port61(false, false);
  runMs(100);
  assert.equal(samples.length, 300 * 48 + 1, "samples 0 … 14400: one per 1/48000 s of virtual time, both ends");
  const measured = frequency(samples, 20 * 48, 190 * 48);
  assert.ok(Math.abs(measured - PIT_CLOCK_HZ / 1193) < 0.5, `measured ${measured} Hz`);
  // A square wave after the DC blocker swings about ±VOLUME/2 (plus the band limit's ringing).
  const loud = peak(samples, 20 * 48, 190 * 48);
  assert.ok(loud > 0.2 && loud < 0.35, `tone peak ${loud}`);
  assert.ok(peak(samples, 260 * 48, 300 * 48) < 1e-3, "silent once the speaker is off");
});

test("speaker data low silences a running timer; gate low stops it", () => {
  const { samples, port61, tone, runMs, speaker } = setup();
  tone(2712);
  port61(true, false);
  runMs(100);
  assert.ok(peak(samples, 0, samples.length) === 0, "timer running but speaker data off");
  assert.equal(speaker.driven, false);
  port61(true, true);
  runMs(100);
  assert.ok(peak(samples, 100 * 48, 200 * 48) > 0.2);
});

test("toggling speaker data with the gate low (OUT held high in mode 3) makes the edges", () => {
  const { samples, tone, runMs, speaker, scheduler, pit } = setup();
  tone(100);
  pit.setGate(2, false); // mode 3 with GATE low forces OUT high (8254 data sheet, "Mode 3")
  assert.equal(pit.outputLevel(2), true);
  // 750 Hz: a toggle every 1/1500 s, at times that fall between samples.
  const half = 1e9 / 1500;
  const start = scheduler.now;
  for (let k = 1; k <= 300; k++) {
    scheduler.advanceTo(start + k * half);
    speaker.speakerData(k % 2 === 1, scheduler.now);
  }
  runMs(20);
  const measured = frequency(samples, 10 * 48, 190 * 48);
  assert.ok(Math.abs(measured - 750) < 0.1, `measured ${measured} Hz`);
});

test("an edge between two samples moves the waveform by the fraction, not a whole sample", () => {
  const shifted = (offsetNs: number) => {
    const { samples, speaker, scheduler, tone, pit } = setup();
    tone(100);
    pit.setGate(2, false);
    scheduler.advanceTo(1 * MS + offsetNs);
    speaker.speakerData(true, scheduler.now);
    scheduler.advanceTo(3 * MS);
    speaker.flush();
    // The centre of the step: the centroid of its slope (the band-limited impulse is symmetric about its centre).
    let moment = 0;
    let area = 0;
    for (let i = 48 - 4; i < 48 + 40; i++) {
      const slope = samples[i] - samples[i - 1];
      moment += i * slope;
      area += slope;
    }
    return moment / area;
  };
  const nsPerSample = 1e9 / RATE;
  const base = shifted(0);
  for (const fraction of [0.25, 0.5, 0.8]) {
    const moved = shifted(fraction * nsPerSample) - base;
    // Within 0.1: the DC blocker's decay after the step biases the centroid (audio-band-limited-steps tests 0.01).
    assert.ok(Math.abs(moved - fraction) < 0.1, `a ${fraction}-sample delay moved the step by ${moved}`);
  }
});

test("samples are the same however often they are flushed", () => {
  const play = (flushEveryNs: number) => {
    const { samples, port61, tone, scheduler, speaker } = setup();
    tone(1500);
    port61(true, true);
    for (let t = 0; t < 50 * MS; t += flushEveryNs) {
      scheduler.advanceTo(t);
      speaker.flush();
    }
    scheduler.advanceTo(50 * MS);
    speaker.flush();
    return samples;
  };
  const coarse = play(7 * MS);
  assert.equal(coarse.length, 50 * 48 + 1);
  assert.deepEqual(play(0.0137 * MS), coarse);
});

test("an edge far beyond the rendered samples renders the samples before it first", () => {
  const { samples, speaker, scheduler, tone, pit } = setup();
  tone(100);
  pit.setGate(2, false);
  // Virtual time jumps without the render event firing (a bare scheduler now), far past the pending ring.
  scheduler.now = 500 * MS;
  speaker.speakerData(true, scheduler.now);
  assert.equal(samples.length, 500 * 48 + 1);
  scheduler.now = 501 * MS;
  speaker.flush();
  assert.ok(peak(samples, 500 * 48, samples.length) > 0.3, "the step after the jump is heard");
});

test("reset turns a driven speaker off with a step and keeps the sample clock", () => {
  const { samples, port61, runMs, speaker, pit, tone } = setup();
  tone(100);
  pit.setGate(2, false);
  port61(false, true);
  runMs(50);
  assert.equal(speaker.driven, true);
  pit.reset();
  speaker.reset();
  assert.equal(speaker.driven, false);
  runMs(50);
  assert.equal(samples.length, 100 * 48 + 1);
  assert.ok(samples[50 * 48 + 24] < -0.2, "the off step swings the other way");
  assert.ok(Math.abs(samples[samples.length - 1]) < 0.01, "and settles");
});

test("save and load: a restored speaker continues with exactly the same samples", () => {
  const a = setup();
  a.tone(1193);
  a.port61(true, true);
  // Stop between a timer edge and the render event, with a step still inside the kernel.
  a.scheduler.advanceTo(12.3456 * MS);
  const pitState = a.pit.saveState();
  const speakerState = JSON.parse(JSON.stringify(a.speaker.saveState()));
  const before = a.samples.length;

  const b = setup();
  b.scheduler.now = a.scheduler.now;
  b.pit.loadState(pitState);
  b.speaker.loadState(speakerState);
  a.runMs(30);
  b.runMs(30);
  assert.ok(b.samples.length > 1000);
  assert.deepEqual(b.samples, a.samples.slice(before));
  assert.deepEqual(b.speaker.saveState(), a.speaker.saveState());
});

test("load refuses a state of the wrong shape or sample rate", () => {
  const { speaker } = setup();
  const good = speaker.saveState();
  assert.throws(() => speaker.loadState({ ...good, pending: [1, 2, 3] }), /wrong shape/);
  assert.throws(() => speaker.loadState({ ...good, timerOut: 1 }), /wrong shape/);
  assert.throws(() => setup(44_100).speaker.loadState(good), /sample rate/);
  assert.throws(() => new PcSpeaker(new Scheduler(), 1000), /sample rate/);
});
