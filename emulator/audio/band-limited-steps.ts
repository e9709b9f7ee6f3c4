/**
 * Band-limited synthesis of a signal that only ever jumps between levels (the PC speaker's cone is driven on or
 * off): each jump, at an exact fractional sample position, is drawn as a band-limited step, so edges between
 * samples neither alias into audible tones nor lose their timing to the sample grid.
 *
 * How: a jump adds, into a ring of pending differences, the sample-to-sample differences of a band-limited step
 * (the running integral of a windowed-sinc low-pass impulse) placed at the jump's position; rendering sums the ring
 * into the running level. Tabulating differences of the integrated step, rather than samples of the impulse, makes
 * the rendered samples exactly the band-limited step's values (summing impulse samples would boost treble by
 * 1/sinc(f / sample rate)). Every kernel row sums to exactly one, so the level always returns to the sum of the
 * jumps: no drift, however many edges. The kernel is causal (a jump at position p touches only samples after
 * floor(p)), which delays the signal by STEP_DELAY samples and makes every sample up to the current position final
 * as soon as time reaches it.
 *
 * Filter design: a Kaiser window (β = 7, about 70 dB stopband attenuation) 31 samples wide gives a transition band
 * of about 0.14 of the sample rate (Kaiser's formula, Oppenheim & Schafer, "Discrete-Time Signal Processing", 7.6);
 * a cutoff of 0.42 of the sample rate puts the stopband at the Nyquist frequency (24 kHz at 48 kHz).
 */

/** Samples each jump touches: the integrated step's differences over a window STEP_TAPS − 1 samples wide. */
export const STEP_TAPS = 32;
/** The delay from a jump's position to the centre of its band-limited step, in samples. */
export const STEP_DELAY = (STEP_TAPS - 1) / 2;
/** Fractional positions tabulated between two samples; positions in between interpolate linearly. */
const PHASES = 64;
const CUTOFF = 0.42;
const KAISER_BETA = 7;
/** Integration steps per tabulated position when integrating the impulse into the step. */
const SUBSTEPS = 8;
/** Pending differences kept ahead of the next sample to render (a power of two). */
const RING_SIZE = 1024;
const RING_MASK = RING_SIZE - 1;

/** The zeroth-order modified Bessel function of the first kind, by its power series (for the Kaiser window). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; term > 1e-12 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** The low-pass impulse at `x` samples from its centre: a sinc under a Kaiser window, zero outside ±STEP_DELAY. */
function impulse(x: number): number {
  const r = x / STEP_DELAY;
  if (Math.abs(r) >= 1) return 0;
  const t = Math.PI * 2 * CUTOFF * x;
  const sinc = t === 0 ? 1 : Math.sin(t) / t;
  return (sinc * besselI0(KAISER_BETA * Math.sqrt(1 - r * r))) / besselI0(KAISER_BETA);
}

/**
 * Row `phase` holds, for a jump at fraction phase / PHASES past a sample, the step's differences at the STEP_TAPS
 * samples that follow; row PHASES is row 0 one sample later, so rows `phase` and `phase + 1` interpolate for every
 * phase. The step (the impulse's integral, by the trapezoid rule) is tabulated at every 1 / PHASES of a sample.
 */
function buildKernel(): Float64Array {
  const span = 2 * STEP_DELAY * PHASES;
  const step = new Float64Array(span + 1);
  const dx = 1 / (PHASES * SUBSTEPS);
  let sum = 0;
  let previous = impulse(-STEP_DELAY);
  for (let k = 1; k <= span; k++) {
    for (let s = 1; s <= SUBSTEPS; s++) {
      const value = impulse(-STEP_DELAY + (k - 1) / PHASES + s * dx);
      sum += ((previous + value) / 2) * dx;
      previous = value;
    }
    step[k] = sum;
  }
  // The step at u samples from its centre, u a multiple of 1 / PHASES: 0 before the window, 1 after it.
  const stepAt = (grid: number) => (grid <= 0 ? 0 : grid >= span ? 1 : step[grid] / sum);
  const kernel = new Float64Array((PHASES + 1) * STEP_TAPS);
  for (let phase = 0; phase <= PHASES; phase++) {
    const row = phase * STEP_TAPS;
    let total = 0;
    for (let tap = 0; tap < STEP_TAPS; tap++) {
      // Sample floor(p) + 1 + tap is u = tap + 1 − phase / PHASES − STEP_DELAY samples from the step's centre.
      const grid = (tap + 1) * PHASES - phase;
      kernel[row + tap] = stepAt(grid) - stepAt(grid - PHASES);
      total += kernel[row + tap];
    }
    for (let tap = 0; tap < STEP_TAPS; tap++) kernel[row + tap] /= total;
  }
  return kernel;
}

const KERNEL = buildKernel();

/** What `BandLimitedSteps.save` returns: the next sample, the level so far, and the differences still pending. */
export interface BandLimitedStepsState {
  readonly next: number;
  readonly level: number;
  /** Differences for samples next … next + STEP_TAPS − 1 (later samples have none once rendered up to now). */
  readonly pending: readonly number[];
}

export class BandLimitedSteps {
  /** The index of the next sample `render` produces; sample n is at time n / sample rate. */
  next = 0;
  /** The integrated signal after the last rendered sample. */
  private level = 0;
  private readonly ring = new Float64Array(RING_SIZE);

  /**
   * Whether a jump at `position` (in samples) fits in the pending ring. If not, render up to floor(position) first:
   * those samples are final, since a jump only touches samples after its own.
   */
  fits(position: number): boolean {
    return Math.floor(position) + STEP_TAPS < this.next + RING_SIZE;
  }

  /** Adds a jump of `delta` at `position` (fractional samples; not before the last rendered sample). */
  addStep(position: number, delta: number): void {
    const at = Math.max(position, this.next - 1);
    const whole = Math.floor(at);
    const scaled = (at - whole) * PHASES;
    const phase = Math.min(PHASES - 1, Math.floor(scaled));
    const blend = scaled - phase;
    const row = phase * STEP_TAPS;
    const ring = this.ring;
    for (let tap = 0; tap < STEP_TAPS; tap++) {
      const a = KERNEL[row + tap];
      const value = a + (KERNEL[row + STEP_TAPS + tap] - a) * blend;
      ring[(whole + 1 + tap) & RING_MASK] += delta * value;
    }
  }

  /**
   * Renders samples `next` … `last` (at most `out.length` of them) into `out` and returns how many. The caller
   * renders up to the current position only: later samples may still receive jumps.
   */
  render(last: number, out: Float32Array): number {
    const count = Math.max(0, Math.min(last - this.next + 1, out.length));
    const ring = this.ring;
    let level = this.level;
    let index = this.next;
    for (let i = 0; i < count; i++, index++) {
      const slot = index & RING_MASK;
      level += ring[slot];
      ring[slot] = 0;
      out[i] = level;
    }
    this.level = level;
    this.next = index;
    return count;
  }

  /** The state, complete only when rendered up to the current position (no jump beyond next + STEP_TAPS − 1). */
  save(): BandLimitedStepsState {
    const pending: number[] = [];
    for (let i = 0; i < STEP_TAPS; i++) pending.push(this.ring[(this.next + i) & RING_MASK]);
    return { next: this.next, level: this.level, pending };
  }

  load(state: BandLimitedStepsState): void {
    if (state.pending.length !== STEP_TAPS) throw new Error(`band-limited steps: ${STEP_TAPS} pending values needed`);
    this.ring.fill(0);
    this.next = state.next;
    this.level = state.level;
    for (let i = 0; i < STEP_TAPS; i++) this.ring[(state.next + i) & RING_MASK] = state.pending[i];
  }
}
