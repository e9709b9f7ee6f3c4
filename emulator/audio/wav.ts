/**
 * WAV files in pure TypeScript: RIFF/WAVE with one "fmt " chunk (WAVE_FORMAT_PCM, mono, 16-bit signed little-endian
 * samples) and one "data" chunk, as Microsoft's "Multimedia Programming Interface and Data Specifications 1.0"
 * (1991), "WAVE Form", defines them.
 */

/** RIFF header (12 bytes), "fmt " chunk (8 + 16) and the "data" chunk header (8). */
export const WAV_HEADER_BYTES = 44;
const WAVE_FORMAT_PCM = 1;
const CHANNELS = 1;
const BYTES_PER_SAMPLE = 2;
/** The RIFF size field is 32 bits and counts everything after itself. */
const MAX_DATA_BYTES = 0xffffffff - (WAV_HEADER_BYTES - 8);

/**
 * The 44-byte header of a mono 16-bit PCM file with `dataBytes` bytes of samples. A writer that streams samples to
 * a file writes it first with the size so far and rewrites it when the size is known.
 */
export function wavHeader(sampleRate: number, dataBytes: number): Uint8Array {
  if (dataBytes > MAX_DATA_BYTES) throw new RangeError(`a WAV file holds at most ${MAX_DATA_BYTES} bytes of samples`);
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, CHANNELS, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * CHANNELS * BYTES_PER_SAMPLE, true); // average bytes per second
  view.setUint16(32, CHANNELS * BYTES_PER_SAMPLE, true); // block align
  view.setUint16(34, BYTES_PER_SAMPLE * 8, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  return header;
}

/** A float sample in −1…1 as a 16-bit PCM value: scaled by 32767, rounded, clipped. */
export function pcm16(sample: number): number {
  const value = Math.round(sample * 32767);
  return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
}

/** A whole WAV file holding `samples` (16-bit PCM values). */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * BYTES_PER_SAMPLE;
  const file = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  file.set(wavHeader(sampleRate, dataBytes), 0);
  const view = new DataView(file.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(WAV_HEADER_BYTES + i * BYTES_PER_SAMPLE, samples[i], true);
  return file;
}

/** Collects float samples as 16-bit PCM (a `SampleStream` listener) and makes a WAV file of them. */
export class WavRecorder {
  private samples = new Int16Array(1 << 16);
  private length = 0;

  constructor(readonly sampleRate: number) {}

  get sampleCount(): number {
    return this.length;
  }

  /** Appends `samples` (which may be reused by the caller afterwards). */
  push(samples: Float32Array): void {
    if (this.length + samples.length > this.samples.length) {
      let capacity = this.samples.length * 2;
      while (capacity < this.length + samples.length) capacity *= 2;
      const grown = new Int16Array(capacity);
      grown.set(this.samples.subarray(0, this.length));
      this.samples = grown;
    }
    for (let i = 0; i < samples.length; i++) this.samples[this.length + i] = pcm16(samples[i]);
    this.length += samples.length;
  }

  /** The WAV file of everything pushed so far. */
  toWav(): Uint8Array {
    return encodeWav(this.samples.subarray(0, this.length), this.sampleRate);
  }
}
