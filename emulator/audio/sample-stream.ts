/**
 * Where a machine's audio samples go: mono float samples in −1…1 at a fixed rate, handed to `onSamples` in order as
 * virtual time advances. The content depends only on virtual time, never on when or how often it is delivered.
 *
 * Pausing a machine stops virtual time mid-waveform; a player that just stops (or starves) jumps from the last
 * sample to silence, which is heard as a click. `pause()` therefore ends the stream with a short fade from the last
 * sample to zero, and `resume()` fades the next samples in from zero. The fades are playback only: a recording
 * that never pauses (the CLI's WAV file) gets exactly the machine's samples.
 */

/** Long enough to hide the jump (below about 100 Hz of spectral spread), short enough not to be heard as a fade. */
const FADE_SECONDS = 0.005;

export type SampleListener = (samples: Float32Array) => void;

export class SampleStream {
  /**
   * Receives each run of new samples. The array is reused for the next run: copy what you keep. Set to undefined
   * (the default) to drop samples.
   */
  onSamples: SampleListener | undefined = undefined;
  private readonly fadeLength: number;
  private readonly tail: Float32Array;
  private lastSample = 0;
  private paused = false;
  /** How many of the next samples still get the fade-in after a resume. */
  private fadeInLeft = 0;

  constructor(readonly sampleRate: number) {
    this.fadeLength = Math.max(1, Math.round(sampleRate * FADE_SECONDS));
    this.tail = new Float32Array(this.fadeLength);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Passes `samples` on (fading in after a resume); while paused, samples are dropped. May change them in place. */
  deliver(samples: Float32Array): void {
    if (this.paused || samples.length === 0) return;
    if (this.fadeInLeft > 0) {
      const length = this.fadeLength;
      const n = Math.min(this.fadeInLeft, samples.length);
      for (let i = 0; i < n; i++) {
        const done = length - this.fadeInLeft + i;
        samples[i] *= 0.5 - 0.5 * Math.cos((Math.PI * done) / length);
      }
      this.fadeInLeft -= n;
    }
    this.lastSample = samples[samples.length - 1];
    this.onSamples?.(samples);
  }

  /** Ends the stream smoothly: a raised-cosine fade from the last sample to zero, then nothing until `resume`. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    const length = this.fadeLength;
    for (let i = 0; i < length; i++)
      this.tail[i] = this.lastSample * (0.5 + 0.5 * Math.cos((Math.PI * (i + 1)) / length));
    this.lastSample = 0;
    this.onSamples?.(this.tail);
  }

  /** Starts passing samples again, fading the first of them in from zero. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.fadeInLeft = this.fadeLength;
  }
}
