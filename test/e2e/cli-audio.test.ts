/**
 * `realmode run --audio FILE.wav` (issue 6, "written to a WAV file from the CLI"): the speaker test program
 * (test/fixtures/sound/speaker.asm, 440 Hz for 300 ms first) boots from a floppy image through the hypervisor, and
 * everything the PC speaker played during the run is in the WAV file, up to exactly where the run stopped; also
 * when a step fails.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/testdata.ts";
import { floppyFormat, floppyWithProgram } from "../support/program-runner.ts";

const CLI = join(REPO_ROOT, "main/cli/realmode.mjs");
const scratch = mkdtempSync(join(tmpdir(), "realmode-audio-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const floppy = join(scratch, "speaker.img");
const program = new Uint8Array(readFileSync(new URL("../fixtures/sound/speaker.bin", import.meta.url)));
writeFileSync(floppy, floppyWithProgram(program, floppyFormat("1.44M")));

const RATE = 48_000;
/** PIT channel 2 in mode 3 with count 2712: 1193181.8 / 2712 Hz. */
const TONE_HZ = 105e6 / 88 / 2712;

function realmode(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "run", ...args], { timeout: 120_000 }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stderr });
    });
  });
}

/** Checks the header of a mono 16-bit PCM WAV file at 48 kHz and returns its samples scaled to −1…1. */
function readWav(file: Uint8Array): Float64Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tag = (offset: number) => String.fromCharCode(...file.subarray(offset, offset + 4));
  assert.deepEqual([tag(0), tag(8), tag(12), tag(36)], ["RIFF", "WAVE", "fmt ", "data"]);
  assert.equal(view.getUint32(4, true), file.length - 8);
  assert.deepEqual(
    [view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true), view.getUint16(34, true)],
    [1, 1, RATE, 16],
    "PCM, mono, 48000 Hz, 16-bit",
  );
  const count = view.getUint32(40, true) / 2;
  assert.equal(44 + count * 2, file.length);
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(44 + 2 * i, true) / 32767;
  return samples;
}

/** Where the first tone starts: the first sample of the first 1 ms window whose RMS level is above 0.02. */
function toneStart(samples: Float64Array): number {
  const window = RATE / 1000;
  for (let at = 0; at + window <= samples.length; at += window) {
    let sum = 0;
    for (let i = at; i < at + window; i++) sum += samples[i] * samples[i];
    if (Math.sqrt(sum / window) > 0.02) return at;
  }
  assert.fail("no tone in the WAV file");
}

/** The mean frequency of the rising zero crossings in samples[from, to), interpolated between samples. */
function frequency(samples: Float64Array, from: number, to: number): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  assert.ok(crossings.length >= 50, `only ${crossings.length} crossings`);
  return ((crossings.length - 1) * RATE) / (crossings[crossings.length - 1] - crossings[0]);
}

test("--audio writes what the speaker played as a WAV file: the 440 Hz tone, up to the end of the run", async () => {
  const wav = join(scratch, "out.wav");
  const { code, stderr } = await realmode(["--fda", floppy, "--deterministic", "--audio", wav, "--wait-ms", "2000"]);
  assert.equal(code, 0, stderr);
  const file = new Uint8Array(readFileSync(wav));
  const samples = readWav(file);
  // Every sample of the 2 s the machine ran, rendered up to the exact end of the last step.
  assert.ok(Math.abs(samples.length - 2 * RATE) <= 1, `${samples.length} samples`);
  const start = toneStart(samples);
  const ms = RATE / 1000;
  assert.ok(start + 300 * ms <= samples.length, `the tone starts at ${start / ms} ms`);
  // Inside the tone, away from its ends where the cone settles.
  const measured = frequency(samples, start + 40 * ms, start + 280 * ms);
  assert.ok(Math.abs(measured - TONE_HZ) < TONE_HZ * 0.001, `measured ${measured.toFixed(2)} Hz`);

  // The same steps again: the same file, byte for byte.
  const again = join(scratch, "again.wav");
  assert.equal((await realmode(["--fda", floppy, "--deterministic", "--audio", again, "--wait-ms", "2000"])).code, 0);
  assert.deepEqual(new Uint8Array(readFileSync(again)), file);
});

test("--audio writes the file also when a step fails, up to where the machine stopped", async () => {
  const wav = join(scratch, "timeout.wav");
  const { code, stderr } = await realmode([
    "--fda",
    floppy,
    "--deterministic",
    "--audio",
    wav,
    "--timeout",
    "1",
    "--wait-text",
    "never on this screen",
  ]);
  assert.equal(code, 2, stderr);
  const samples = readWav(new Uint8Array(readFileSync(wav)));
  assert.ok(Math.abs(samples.length - RATE) <= 1, `${samples.length} samples for 1 s of machine time`);
});
