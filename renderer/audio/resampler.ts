/**
 * Converts a stream of mono samples from one rate to another by linear interpolation, continuing across chunks (the
 * position and the previous chunk's last sample carry over), so chunk edges add no discontinuity. Used only where
 * the AudioContext would not run at the speaker's rate; the speaker's stream is band-limited below 0.42 of its rate
 * (emulator/audio/band-limited-steps.ts), so linear interpolation's images stay small.
 */
export class LinearResampler {
  private readonly step: number;
  /** Where the next output sample falls, in input samples from the start of the next chunk (−1 = the last one). */
  private position = 0;
  private last = 0;

  constructor(fromRate: number, toRate: number) {
    this.step = fromRate / toRate;
  }

  process(input: Float32Array): Float32Array {
    const count = input.length;
    if (count === 0) return input;
    const output = new Float32Array(Math.max(0, Math.ceil((count - 1 - this.position) / this.step)) + 1);
    let written = 0;
    let position = this.position;
    while (position < count - 1) {
      const index = Math.floor(position);
      const fraction = position - index;
      const a = index < 0 ? this.last : input[index];
      output[written++] = a + (input[index + 1] - a) * fraction;
      position += this.step;
    }
    this.position = position - count;
    this.last = input[count - 1];
    return output.subarray(0, written);
  }
}
