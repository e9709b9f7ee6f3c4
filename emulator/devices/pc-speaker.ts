/**
 * The system board's speaker. Its driver is fed by an AND gate of PIT channel 2's OUT and port 61h bit 1 (speaker
 * data); port 61h bit 0 is channel 2's GATE, which the PPI or 8042 model passes to the PIT (IBM PC/XT Technical
 * Reference, "System Board": "Speaker Drive System"; IBM PC/AT Technical Reference, "Speaker"). So a tone is channel
 * 2 in mode 3 with both bits set, and with the gate low (OUT held high in mode 3) bit 1 alone moves the cone, the
 * way programs play sampled sound by toggling it.
 *
 * The speaker is given the exact virtual time of every change of the AND gate's output (PIT edges through
 * `ProgrammableIntervalTimer.setOutputListener`, bit 1 changes from port 61h) and turns them into band-limited
 * steps (audio/band-limited-steps.ts), a DC blocker and a fixed gain. Samples are rendered as virtual time passes,
 * by a TimedEvent every RENDER_PERIOD_NS and on `flush()`, and go to `stream` (audio/sample-stream.ts). Sample n is
 * at virtual time n / sampleRate (plus the kernel's fixed delay), so a run's audio is the same on every host.
 */
import { BandLimitedSteps, STEP_TAPS } from "../audio/band-limited-steps.ts";
import { DcBlocker } from "../audio/dc-blocker.ts";
import { SampleStream } from "../audio/sample-stream.ts";
import type { Device, DeviceState } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";

export const DEFAULT_SAMPLE_RATE = 48_000;
/** How often samples are rendered without being asked: 5 ms, 240 samples at 48 kHz, bounds a player's latency. */
const RENDER_PERIOD_NS = 5_000_000;
/** The largest output swing: a single on/off step peaks at this, a square wave reaches about half of it. */
const VOLUME = 0.5;
/** Samples rendered per run: bounds the work between deliveries. */
const CHUNK_SAMPLES = 1024;

export class PcSpeaker implements Device {
  readonly name = "pc-speaker";
  /** None of its own: port 61h belongs to the PPI (XT) or the keyboard controller (AT), which report bit 1 here. */
  readonly ports: readonly PortHandler[] = [];
  readonly stream: SampleStream;
  private readonly steps = new BandLimitedSteps();
  private readonly dcBlocker: DcBlocker;
  private readonly chunk = new Float32Array(CHUNK_SAMPLES);
  private readonly renderEvent: TimedEvent;
  /** Samples per virtual nanosecond. */
  private readonly samplesPerNs: number;
  /** PIT channel 2's OUT as last reported. */
  private timerOut = false;
  /** Port 61h bit 1 as last reported. */
  private dataOn = false;

  constructor(
    private readonly scheduler: Scheduler,
    readonly sampleRate = DEFAULT_SAMPLE_RATE,
  ) {
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192_000) {
      throw new RangeError(`a sample rate is a whole number of Hz from 8000 to 192000, not ${sampleRate}`);
    }
    this.samplesPerNs = sampleRate / 1e9;
    this.stream = new SampleStream(sampleRate);
    this.dcBlocker = new DcBlocker(sampleRate);
    this.renderEvent = scheduler.add(new TimedEvent("pc speaker render", (now) => this.renderEvery(now)));
    this.scheduleRender();
  }

  /** Whether the speaker's driver is on (both inputs of the AND gate high). */
  get driven(): boolean {
    return this.timerOut && this.dataOn;
  }

  /** PIT channel 2's OUT changed at virtual time `now` (ns). */
  timerOutput(level: boolean, now: number): void {
    const was = this.driven;
    this.timerOut = level;
    this.step(was, now);
  }

  /** Port 61h bit 1 (speaker data) changed at virtual time `now` (ns). */
  speakerData(on: boolean, now: number): void {
    const was = this.driven;
    this.dataOn = on;
    this.step(was, now);
  }

  /** Renders and delivers every sample up to the current virtual time, e.g. before a recording is written. */
  flush(): void {
    this.renderTo(Math.floor(this.scheduler.now * this.samplesPerNs));
  }

  /**
   * Power-on: the PIT's OUT and port 61h both start low (the chips' resets report nothing). A speaker that was on
   * is stepped off now; the sample clock keeps running with virtual time.
   */
  reset(): void {
    const was = this.driven;
    this.timerOut = false;
    this.dataOn = false;
    this.step(was, this.scheduler.now);
    this.scheduleRender();
  }

  saveState(): DeviceState {
    // Rendered up to now, the pending differences fit in STEP_TAPS values (see BandLimitedSteps.save).
    this.flush();
    const steps = this.steps.save();
    return {
      sampleRate: this.sampleRate,
      timerOut: this.timerOut,
      dataOn: this.dataOn,
      next: steps.next,
      level: steps.level,
      pending: steps.pending,
      dcBlocker: this.dcBlocker.save(),
    };
  }

  loadState(state: DeviceState): void {
    const { sampleRate, timerOut, dataOn, next, level, pending, dcBlocker } = state;
    const isNumbers = (value: unknown, length: number): value is number[] =>
      Array.isArray(value) && value.length === length && value.every((v) => typeof v === "number");
    if (
      sampleRate !== this.sampleRate ||
      typeof timerOut !== "boolean" ||
      typeof dataOn !== "boolean" ||
      typeof next !== "number" ||
      !Number.isInteger(next) ||
      typeof level !== "number" ||
      !isNumbers(pending, STEP_TAPS) ||
      !isNumbers(dcBlocker, 2)
    ) {
      throw new Error("pc-speaker: state has the wrong shape or sample rate");
    }
    this.timerOut = timerOut;
    this.dataOn = dataOn;
    this.steps.load({ next, level, pending });
    this.dcBlocker.load([dcBlocker[0], dcBlocker[1]]);
    this.scheduleRender();
  }

  /** Adds a step if the AND gate's output changed from `was`. */
  private step(was: boolean, now: number): void {
    const driven = this.driven;
    if (driven === was) return;
    const position = now * this.samplesPerNs;
    if (!this.steps.fits(position)) this.renderTo(Math.floor(position));
    this.steps.addStep(position, driven ? 1 : -1);
  }

  private renderEvery(now: number): void {
    this.renderTo(Math.floor(now * this.samplesPerNs));
    this.scheduleRender();
  }

  /** The render event runs at whole multiples of the period, so its times follow from virtual time alone. */
  private scheduleRender(): void {
    const now = this.scheduler.now;
    this.scheduler.schedule(this.renderEvent, (Math.floor(now / RENDER_PERIOD_NS) + 1) * RENDER_PERIOD_NS);
  }

  /** Renders samples up to and including `last`, in chunks, through the DC blocker and gain to the stream. */
  private renderTo(last: number): void {
    const chunk = this.chunk;
    while (this.steps.next <= last) {
      const count = this.steps.render(last, chunk);
      this.dcBlocker.process(chunk, count);
      for (let i = 0; i < count; i++) chunk[i] *= VOLUME;
      this.stream.deliver(count === chunk.length ? chunk : chunk.subarray(0, count));
    }
  }
}
