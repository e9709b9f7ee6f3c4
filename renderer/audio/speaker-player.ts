/**
 * Plays one machine's PC speaker with Web Audio: each chunk of samples from the host becomes an AudioBuffer
 * scheduled to start exactly where the previous one ends (positions kept in whole frames, so buffers join without a
 * gap or overlap), about LEAD_S ahead of the audio clock.
 *
 * No clicks: after every chunk a short fade-out "tail" from its last sample to zero is scheduled too, and cancelled
 * when the next chunk arrives in time. When the host falls behind (an underrun: the VM paused, the host was busy),
 * the tail plays, so the sound fades instead of jumping to zero, and the next chunk starts LEAD_S ahead again with a
 * fade-in. A host running ahead of the audio clock (a machine at "max" speed) has chunks dropped once MAX_LEAD_S
 * is queued, until the queue has drained to LEAD_S; the tail then cross-fades into the next chunk's fade-in.
 */
import type { AudioChunk } from "../host-api.ts";
import { LinearResampler } from "./resampler.ts";

/** How far ahead of the audio clock a fresh stream starts: enough for the host's bursts (≤ 8 ms) and the socket. */
const LEAD_S = 0.05;
/** A chunk that would start sooner than this is too late to schedule safely: start again at LEAD_S. */
const MIN_LEAD_S = 0.01;
/** Past this much queued sound, chunks are dropped: latency would grow without bound. */
const MAX_LEAD_S = 0.2;
/** Raised-cosine fades, as the machine's own stream uses on pause (emulator/audio/sample-stream.ts). */
const FADE_S = 0.005;
/** Volume changes glide over this time constant, so moving the slider does not click either. */
const VOLUME_GLIDE_S = 0.015;

export interface PlayerCounts {
  /** Samples received from the host (at the speaker's rate). */
  readonly received: number;
  /** Samples scheduled for playing (at the context's rate). */
  readonly scheduled: number;
  /** Times the stream started afresh after a gap (start, underruns, drops). */
  readonly restarts: number;
  /** The largest magnitude received: 0 for a silent speaker. */
  readonly peak: number;
}

export class SpeakerPlayer {
  private readonly gain: GainNode;
  private resampler: LinearResampler | null = null;
  private resampledFrom = 0;
  /** The context frame where the next chunk starts; meaningful while `flowing`. */
  private nextFrame = 0;
  private flowing = false;
  /** Chunks are being dropped until the queue drains (the host ran ahead). */
  private draining = false;
  private tail: AudioBufferSourceNode | null = null;
  private counts = { received: 0, scheduled: 0, restarts: 0, peak: 0 };

  constructor(
    private readonly context: AudioContext,
    volume: number,
  ) {
    this.gain = context.createGain();
    this.gain.gain.value = volume;
    this.gain.connect(context.destination);
  }

  get stats(): PlayerCounts {
    return this.counts;
  }

  setVolume(volume: number): void {
    this.gain.gain.setTargetAtTime(volume, this.context.currentTime, VOLUME_GLIDE_S);
  }

  push(chunk: AudioChunk): void {
    this.counts.received += chunk.samples.length;
    let peak = this.counts.peak;
    for (const sample of chunk.samples) peak = Math.max(peak, Math.abs(sample));
    this.counts.peak = peak;
    if (this.context.state !== "running") {
      // Nothing plays until the user's first gesture; sound from before it would only arrive late.
      this.flowing = false;
      return;
    }
    const samples = this.toContextRate(chunk);
    if (samples.length === 0) return;
    const rate = this.context.sampleRate;
    const now = this.context.currentTime;
    const queuedUntil = this.nextFrame / rate;
    let fadeIn = false;
    if (!this.flowing || queuedUntil < now + MIN_LEAD_S) {
      this.nextFrame = Math.ceil((now + LEAD_S) * rate);
      this.flowing = true;
      this.draining = false;
      fadeIn = true;
      this.counts.restarts++;
    } else if (queuedUntil > now + MAX_LEAD_S || (this.draining && queuedUntil > now + LEAD_S)) {
      // The tail already scheduled ends the queued sound smoothly.
      this.draining = true;
      return;
    } else if (this.draining) {
      this.draining = false;
      fadeIn = true;
      this.counts.restarts++;
    } else {
      // In time: the previous chunk's fade-out never plays (stopping a source before its start silences it).
      this.tail?.stop();
    }
    const buffer = this.context.createBuffer(1, samples.length, rate);
    const data = buffer.getChannelData(0);
    data.set(samples);
    if (fadeIn) {
      const fade = Math.min(data.length, Math.round(FADE_S * rate));
      for (let i = 0; i < fade; i++) data[i] *= 0.5 - 0.5 * Math.cos((Math.PI * i) / fade);
    }
    this.play(buffer, this.nextFrame / rate);
    this.nextFrame += samples.length;
    this.counts.scheduled += samples.length;
    this.tail = this.scheduleTail(data[data.length - 1], this.nextFrame / rate);
  }

  /** Fades out whatever is queued and disconnects; the player is not used again. */
  close(): void {
    const now = this.context.currentTime;
    this.gain.gain.cancelScheduledValues(now);
    this.gain.gain.setTargetAtTime(0, now, VOLUME_GLIDE_S);
    const gain = this.gain;
    setTimeout(() => gain.disconnect(), 200);
  }

  private play(buffer: AudioBuffer, when: number): AudioBufferSourceNode {
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    source.start(when);
    return source;
  }

  /** A raised-cosine fade from `from` to zero, to play if nothing follows. */
  private scheduleTail(from: number, when: number): AudioBufferSourceNode {
    const rate = this.context.sampleRate;
    const length = Math.round(FADE_S * rate);
    const buffer = this.context.createBuffer(1, length, rate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < length; i++) data[i] = from * (0.5 + 0.5 * Math.cos((Math.PI * (i + 1)) / length));
    return this.play(buffer, when);
  }

  private toContextRate(chunk: AudioChunk): Float32Array {
    if (chunk.sampleRate === this.context.sampleRate) return chunk.samples;
    if (!this.resampler || this.resampledFrom !== chunk.sampleRate) {
      this.resampler = new LinearResampler(chunk.sampleRate, this.context.sampleRate);
      this.resampledFrom = chunk.sampleRate;
    }
    return this.resampler.process(chunk.samples);
  }
}
