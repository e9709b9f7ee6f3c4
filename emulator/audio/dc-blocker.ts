/**
 * A one-pole DC-blocking high-pass filter, y[n] = x[n] − x[n−1] + R·y[n−1] (J. O. Smith, "Introduction to Digital
 * Filters", "DC Blocker"). The speaker's driver holds the cone at a level, not around zero: a speaker left on (port
 * 61h bits 0–1 set, timer 2 not counting) is a constant offset. Removing it makes steady levels silent and turns
 * each on/off change into a short decaying pulse, as a real cone, which only moves air while it moves, does.
 */

/** The corner frequency: below hearing, so tones keep their shape; a 20 Hz corner settles within about 40 ms. */
const CORNER_HZ = 20;
/** Below this the output is treated as silence, so the state never decays into slow subnormal arithmetic. */
const FLUSH_TO_ZERO = 1e-15;

export class DcBlocker {
  private readonly pole: number;
  private lastIn = 0;
  private lastOut = 0;

  constructor(sampleRate: number) {
    this.pole = 1 - (2 * Math.PI * CORNER_HZ) / sampleRate;
  }

  /** Filters the first `count` samples of `samples` in place. */
  process(samples: Float32Array, count: number): void {
    const pole = this.pole;
    let lastIn = this.lastIn;
    let lastOut = this.lastOut;
    for (let i = 0; i < count; i++) {
      const input = samples[i];
      lastOut = input - lastIn + pole * lastOut;
      lastIn = input;
      samples[i] = lastOut;
    }
    this.lastIn = lastIn;
    this.lastOut = Math.abs(lastOut) < FLUSH_TO_ZERO ? 0 : lastOut;
  }

  save(): [number, number] {
    return [this.lastIn, this.lastOut];
  }

  load([lastIn, lastOut]: readonly [number, number]): void {
    this.lastIn = lastIn;
    this.lastOut = lastOut;
  }
}
