/**
 * The Intel 8253 (PC/XT) or 8254 (AT) programmable interval timer at ports 40h–43h.
 *
 * Nothing ticks: each counter remembers the PIT clock at which its count element was loaded and derives its count
 * and OUT level from the clocks elapsed since (scheduler.now). A TimedEvent fires only at OUT edges someone listens
 * to: channel 0 drives IRQ0; channel 2's edges go to an optional listener (a speaker model). Channel 1 (DRAM
 * refresh on the PC) and unobserved channel 2 are computed only when read.
 *
 * Facts cite the Intel 8254 datasheet (order no. 231164), "Operation" (mode definitions, "Gate" table, "Read
 * Operations", "Read-Back Command", "Status Byte"), which the 8253 shares except for read-back; and the IBM PC/XT
 * and PC/AT Technical References, "Programmable Interval Timer" (14.31818 MHz / 12 input clock, gates and outputs).
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";

/** Input clock: the 14.31818 MHz (315/22 MHz) crystal divided by 12 = 105/88 MHz ≈ 1,193,181.8 Hz. */
export const PIT_CLOCK_HZ = 105e6 / 88;
/** One PIT clock is 88/105 µs = 17600/21 ns; the two integers keep the conversions exact. */
const NS_PER_CLOCK_NUMERATOR = 17600;
const NS_PER_CLOCK_DENOMINATOR = 21;

/** The number of PIT clock edges that have happened at virtual time `now` (ns). */
export function pitClockAt(now: number): number {
  return Math.floor((now * NS_PER_CLOCK_DENOMINATOR) / NS_PER_CLOCK_NUMERATOR);
}

/** The earliest whole virtual nanosecond at which `pitClockAt` reaches `clock`. */
export function pitClockTime(clock: number): number {
  return Math.ceil((clock * NS_PER_CLOCK_NUMERATOR) / NS_PER_CLOCK_DENOMINATOR);
}

export type PitModel = "8253" | "8254";
/** Called on every OUT change of an observed channel, at the virtual time of the edge. */
export type PitOutputListener = (channel: number, level: boolean, now: number) => void;

const enum CounterState {
  /** Control word written, no complete count yet: not counting. */
  Idle,
  /** Count written, waiting for a gate trigger (modes 1, 5) or for the gate to rise (modes 2, 3). */
  Armed,
  /** The count element is loaded (or will be at `loadClock`) and counts. */
  Counting,
}

/** Access modes from control word bits RW1–RW0. */
const ACCESS_LSB = 1;
const ACCESS_MSB = 2;
const ACCESS_WORD = 3;

function toBcd(value: number): number {
  const thousands = Math.floor(value / 1000) % 10;
  const hundreds = Math.floor(value / 100) % 10;
  const tens = Math.floor(value / 10) % 10;
  return (thousands << 12) | (hundreds << 8) | (tens << 4) | (value % 10);
}

function fromBcd(raw: number): number {
  return ((raw >>> 12) & 15) * 1000 + ((raw >>> 8) & 15) * 100 + ((raw >>> 4) & 15) * 10 + (raw & 15);
}

/** One of the three counters. Clock arguments are absolute PIT clock numbers (see `pitClockAt`). */
class Counter {
  /** Control word bits M2–M0 as written (6 and 7 are modes 2 and 3 with M2 a don't-care). */
  modeBits = 0;
  mode = 0;
  access = ACCESS_WORD;
  bcd = false;
  /** The count register as last written (raw, BCD digits if `bcd`). */
  countRegister = 0;
  writeHighNext = false;
  readHighNext = false;
  lowByte = 0;
  /** Counter latch: the latched count, or -1. Status latch (8254 read-back): the status byte, or -1. */
  latchedCount = -1;
  latchedStatus = -1;
  gate = true;

  state = CounterState.Idle;
  /** OUT while not counting. */
  idleOut = false;
  /** The clock edge at which the count element is loaded with `count`; counting decrements on later edges. */
  loadClock = 0;
  /** The effective count, 1..modulus (a written 0 means 65536, or 10000 in BCD). */
  count = 1;
  /** Mode 3 segments started at a reload that began the low half-cycle. */
  startLow = false;
  /** Modes 0 and 4 with the gate low: the clock at which counting was suspended, or -1. */
  pausedAt = -1;
  /** Modes 2 and 3: a count written while counting, taken at the end of the cycle at `pendingAt`; else -1. */
  pendingCount = -1;
  pendingAt = -1;
  /** The count element's value while it is not counting or not yet loaded (binary, 0..modulus-1). */
  frozen = 0;
  /** OUT before the load edge of the current segment. */
  outBefore = false;
  /** Null count (status bit 6) stays set until this clock: Infinity while waiting for a trigger. */
  nullCountUntil = -Infinity;
  /** The OUT level last reported to IRQ0 / the listener. */
  reportedOut = false;

  get modulus(): number {
    return this.bcd ? 10000 : 0x10000;
  }

  effectiveCount(raw: number): number {
    const value = this.bcd ? fromBcd(raw) % 10000 : raw;
    return value === 0 ? this.modulus : value;
  }

  /** Commits a pending mode 2/3 count whose reload edge has passed. */
  normalize(clock: number): void {
    if (this.pendingAt < 0 || clock < this.pendingAt) return;
    if (this.mode === 3) this.startLow = this.mode3Phase(this.pendingAt - this.loadClock) !== 0;
    this.loadClock = this.pendingAt;
    this.count = this.pendingCount;
    this.pendingAt = -1;
    this.pendingCount = -1;
  }

  /** Clocks counted since the load edge (negative before it), with time stopped while the gate suspends counting. */
  elapsed(clock: number): number {
    if (this.pausedAt >= 0 && clock > this.pausedAt) return this.pausedAt - this.loadClock;
    return clock - this.loadClock;
  }

  /** Mode 3 position in its cycle, 0..count-1, with the high half-cycle first. */
  mode3Phase(k: number): number {
    return (k + (this.startLow ? (this.count + 1) >>> 1 : 0)) % this.count;
  }

  /** OUT at `k` clocks after the load edge (k >= 0) of the current segment (datasheet, mode definitions). */
  segmentOut(k: number): boolean {
    const n = this.count;
    switch (this.mode) {
      case 0: // interrupt on terminal count; 1: hardware retriggerable one-shot
      case 1:
        return k >= n;
      case 2: // rate generator: low for the one clock the count is 1
        return n < 2 || k % n !== n - 1;
      case 3: // square wave: high for ceil(N/2), low for floor(N/2)
        return this.mode3Phase(k) < (n + 1) >>> 1;
      default: // 4, 5: strobes, low for the one clock after the count reaches 0
        return k !== n;
    }
  }

  /** The first k' > k at which segmentOut changes, or Infinity. */
  segmentEdgeAfter(k: number): number {
    const n = this.count;
    switch (this.mode) {
      case 0:
      case 1:
        return k < n ? n : Infinity;
      case 2: {
        if (n < 2) return Infinity;
        const m = k % n;
        return m < n - 1 ? k + (n - 1 - m) : k + 1;
      }
      case 3: {
        if (n < 2) return Infinity;
        const high = (n + 1) >>> 1;
        const p = this.mode3Phase(k);
        return p < high ? k + (high - p) : k + (n - p);
      }
      default:
        return k < n ? n : k === n ? n + 1 : Infinity;
    }
  }

  /** The count element at `k` clocks after the load edge (k >= 0), binary 0..modulus-1. */
  segmentValue(k: number): number {
    const n = this.count;
    switch (this.mode) {
      case 2:
        return (n - (k % n)) % this.modulus;
      case 3: {
        // Decrements by two; an odd count loads N-1 (datasheet, mode 3), so both halves start from an even value.
        const high = (n + 1) >>> 1;
        const p = this.mode3Phase(k);
        const start = n & 1 ? n - 1 : n;
        return (start - 2 * (p < high ? p : p - high)) % this.modulus;
      }
      default: {
        const m = this.modulus;
        return (((n - k) % m) + m) % m;
      }
    }
  }

  out(clock: number): boolean {
    if (this.state !== CounterState.Counting) return this.idleOut;
    this.normalize(clock);
    const k = this.elapsed(clock);
    return k < 0 ? this.outBefore : this.segmentOut(k);
  }

  value(clock: number): number {
    if (this.state !== CounterState.Counting) return this.frozen;
    this.normalize(clock);
    const k = this.elapsed(clock);
    return k < 0 ? this.frozen : this.segmentValue(k);
  }

  /** The next clock after `clock` at which OUT changes, or Infinity. */
  nextEdge(clock: number): number {
    if (this.state !== CounterState.Counting || this.pausedAt >= 0) return Infinity;
    this.normalize(clock);
    let edge: number;
    if (clock < this.loadClock) {
      edge = this.segmentOut(0) !== this.outBefore ? this.loadClock : this.loadClock + this.segmentEdgeAfter(0);
    } else {
      edge = this.loadClock + this.segmentEdgeAfter(clock - this.loadClock);
    }
    return this.pendingAt >= 0 && this.pendingAt < edge ? this.pendingAt : edge;
  }

  /** Starts a segment: the count element takes `count` at the edge `loadClock`. */
  start(loadClock: number, count: number, outBefore: boolean): void {
    this.state = CounterState.Counting;
    this.loadClock = loadClock;
    this.count = count;
    this.startLow = false;
    this.pausedAt = -1;
    this.pendingAt = -1;
    this.pendingCount = -1;
    this.outBefore = outBefore;
    if (this.nullCountUntil > loadClock) this.nullCountUntil = loadClock;
  }

  /** Stops counting, keeping the count element's current value. */
  stop(clock: number, out: boolean): void {
    this.frozen = this.value(clock);
    this.state = CounterState.Idle;
    this.idleOut = out;
    this.pausedAt = -1;
    this.pendingAt = -1;
    this.pendingCount = -1;
  }

  /** A control word selecting this counter: OUT goes to its initial state, counting stops until a count is written. */
  setMode(clock: number, control: number): void {
    this.stop(clock, false);
    this.modeBits = (control >>> 1) & 7;
    this.mode = this.modeBits > 5 ? this.modeBits - 4 : this.modeBits;
    this.access = (control >>> 4) & 3;
    this.bcd = (control & 1) !== 0;
    this.frozen %= this.modulus;
    // OUT is low after a mode 0 control word and high for every other mode (datasheet, mode definitions).
    this.idleOut = this.mode !== 0;
    this.writeHighNext = false;
    this.readHighNext = false;
    this.latchedCount = -1;
    this.latchedStatus = -1;
    this.nullCountUntil = Infinity;
  }

  writeData(clock: number, value: number): void {
    switch (this.access) {
      case ACCESS_LSB:
        this.loadCount(clock, value);
        return;
      case ACCESS_MSB:
        this.loadCount(clock, value << 8);
        return;
      default:
        if (!this.writeHighNext) {
          this.lowByte = value;
          this.writeHighNext = true;
          // Mode 0: writing the first byte of a two-byte count stops counting and sets OUT low at once.
          if (this.mode === 0 && this.state === CounterState.Counting) this.stop(clock, false);
        } else {
          this.writeHighNext = false;
          this.loadCount(clock, this.lowByte | (value << 8));
        }
    }
  }

  /** A complete count was written (datasheet, "Write Operations" and each mode's "new count" rule). */
  private loadCount(clock: number, raw: number): void {
    this.countRegister = raw;
    const n = this.effectiveCount(raw);
    switch (this.mode) {
      case 0:
      case 4:
        // Loaded into the count element on the next clock; a new count restarts the cycle. OUT: low (0), high (4).
        this.frozen = this.value(clock);
        this.nullCountUntil = Infinity;
        this.start(clock + 1, n, this.mode === 4);
        if (!this.gate) this.pausedAt = this.loadClock;
        return;
      case 1:
      case 5:
        // Taken only at the next gate trigger; a one-shot in progress is not disturbed.
        this.nullCountUntil = Infinity;
        if (this.state === CounterState.Idle) this.state = CounterState.Armed;
        return;
      default:
        if (this.state === CounterState.Counting) {
          // Modes 2 and 3 take a new count at the end of the current cycle (half-cycle in mode 3).
          this.normalize(clock);
          const k = Math.max(0, clock - this.loadClock);
          const reload = this.mode === 2 ? k + (this.count - (k % this.count)) : this.mode3Boundary(k);
          this.pendingAt = this.loadClock + reload;
          this.pendingCount = n;
          this.nullCountUntil = this.pendingAt;
        } else if (this.gate) {
          this.nullCountUntil = Infinity;
          this.start(clock + 1, n, true);
        } else {
          this.nullCountUntil = Infinity;
          this.state = CounterState.Armed;
          this.idleOut = true;
        }
    }
  }

  /** The next k' > k at which a mode 3 half-cycle ends (and the count element reloads). */
  private mode3Boundary(k: number): number {
    const n = this.count;
    const high = (n + 1) >>> 1;
    const p = this.mode3Phase(k);
    if (n < 2) return k + 1;
    return p < high ? k + (high - p) : k + (n - p);
  }

  /** The gate input changed (datasheet, "Gate Pin Operations Summary"). */
  setGate(clock: number, level: boolean): void {
    if (level === this.gate) return;
    this.gate = level;
    switch (this.mode) {
      case 0:
      case 4:
        // Gate low disables counting; counting resumes where it stopped.
        if (this.state !== CounterState.Counting) return;
        if (!level) {
          if (this.pausedAt < 0) this.pausedAt = Math.max(clock, this.loadClock);
        } else if (this.pausedAt >= 0) {
          if (clock > this.pausedAt) this.loadClock += clock - this.pausedAt;
          this.pausedAt = -1;
        }
        return;
      case 1:
      case 5:
        // A rising edge triggers (or retriggers) the count from the count register on the next clock.
        if (level && this.state !== CounterState.Idle) {
          const outNow = this.out(clock);
          this.start(clock + 1, this.effectiveCount(this.countRegister), outNow);
        }
        return;
      default:
        // Modes 2 and 3: gate low stops counting and forces OUT high; the rising edge reloads on the next clock.
        if (!level) {
          if (this.state === CounterState.Counting) {
            this.stop(clock, true);
            this.state = CounterState.Armed;
          }
        } else if (this.state === CounterState.Armed) {
          this.start(clock + 1, this.effectiveCount(this.countRegister), true);
        }
    }
  }

  latchCount(clock: number): void {
    // Further latch commands are ignored until the latched count is read (datasheet, "Counter Latch Command").
    if (this.latchedCount >= 0) return;
    this.latchedCount = this.displayValue(clock);
    this.readHighNext = false;
  }

  latchStatus(clock: number): void {
    if (this.latchedStatus >= 0) return;
    const nullCount = clock < this.nullCountUntil;
    this.latchedStatus =
      (this.out(clock) ? 0x80 : 0) |
      (nullCount ? 0x40 : 0) |
      (this.access << 4) |
      (this.modeBits << 1) |
      (this.bcd ? 1 : 0);
  }

  displayValue(clock: number): number {
    const value = this.value(clock);
    return this.bcd ? toBcd(value) : value;
  }

  readData(clock: number): number {
    if (this.latchedStatus >= 0) {
      const status = this.latchedStatus;
      this.latchedStatus = -1;
      return status;
    }
    const value = this.latchedCount >= 0 ? this.latchedCount : this.displayValue(clock);
    let byte: number;
    let done = true;
    switch (this.access) {
      case ACCESS_LSB:
        byte = value & 0xff;
        break;
      case ACCESS_MSB:
        byte = value >>> 8;
        break;
      default:
        byte = this.readHighNext ? value >>> 8 : value & 0xff;
        done = this.readHighNext;
        this.readHighNext = !this.readHighNext;
    }
    if (done) this.latchedCount = -1;
    return byte;
  }
}

const COUNTER_FIELDS = [
  "modeBits",
  "mode",
  "access",
  "bcd",
  "countRegister",
  "writeHighNext",
  "readHighNext",
  "lowByte",
  "latchedCount",
  "latchedStatus",
  "gate",
  "state",
  "idleOut",
  "loadClock",
  "count",
  "startLow",
  "pausedAt",
  "pendingCount",
  "pendingAt",
  "frozen",
  "outBefore",
  "nullCountUntil",
  "reportedOut",
] as const satisfies readonly (keyof Counter)[];

export class ProgrammableIntervalTimer implements Device {
  readonly name = "pit";
  readonly ports: readonly PortHandler[];
  private readonly counters = [new Counter(), new Counter(), new Counter()];
  private readonly events: readonly TimedEvent[];
  private readonly listeners: (PitOutputListener | undefined)[] = [undefined, undefined, undefined];

  /**
   * @param irq receives channel 0's OUT as IRQ0
   * @param model "8254" adds the read-back command (control word with SC = 11)
   */
  constructor(
    private readonly scheduler: Scheduler,
    private readonly irq: InterruptLines,
    readonly model: PitModel = "8254",
  ) {
    this.events = [0, 1, 2].map((i) =>
      scheduler.add(new TimedEvent(`pit channel ${i} output`, (now) => this.refresh(i, now))),
    );
    this.ports = [
      ...[0, 1, 2].map((i) => ({
        port: 0x40 + i,
        name: `PIT channel ${i} data`,
        read: () => this.counters[i].readData(pitClockAt(this.scheduler.now)),
        write: (_port: number, value: number) => this.writeCounter(i, value),
      })),
      { port: 0x43, name: "PIT control word", write: (_port: number, value: number) => this.writeControl(value) },
    ];
    this.reset();
  }

  reset(): void {
    for (const counter of this.counters) Object.assign(counter, new Counter());
    // Channels 0 and 1 have their gates tied high; channel 2's follows port 61h bit 0, which resets to 0.
    this.counters[2].gate = false;
    for (const event of this.events) this.scheduler.cancel(event);
  }

  /** OUT of `channel` now: port 61h bit 5 (AT) or port 62h bit 5 (XT) read channel 2's this way. */
  outputLevel(channel: number): boolean {
    return this.counters[channel].out(pitClockAt(this.scheduler.now));
  }

  /** Drives a counter's GATE input: channel 2's comes from port 61h bit 0. */
  setGate(channel: number, level: boolean): void {
    const now = this.scheduler.now;
    this.counters[channel].setGate(pitClockAt(now), level);
    this.refresh(channel, now);
  }

  /** Reports every OUT edge of `channel` to `listener` (with exact edge times), or stops doing so. */
  setOutputListener(channel: number, listener: PitOutputListener | undefined): void {
    this.listeners[channel] = listener;
    this.refresh(channel, this.scheduler.now);
  }

  saveState(): DeviceState {
    return {
      model: this.model,
      counters: this.counters.map((counter) => {
        const saved: { [key: string]: number | boolean } = {};
        for (const field of COUNTER_FIELDS) {
          const value = counter[field];
          // JSON has no Infinity: null count "until a trigger" is saved as -1.
          saved[field] = field === "nullCountUntil" && value === Infinity ? -1 : value;
        }
        return saved;
      }),
    };
  }

  loadState(state: DeviceState): void {
    const saved = state.counters;
    if (state.model !== this.model || !Array.isArray(saved) || saved.length !== 3) {
      throw new Error("pit: state has the wrong shape or model");
    }
    const restored = saved.map((entry: unknown) => {
      if (typeof entry !== "object" || entry === null) throw new Error("pit: counter state must be an object");
      const record = entry as Record<string, unknown>;
      const counter = new Counter();
      for (const field of COUNTER_FIELDS) {
        const value = record[field];
        if (typeof value !== typeof counter[field]) throw new Error(`pit: counter.${field} has the wrong type`);
        (counter as unknown as Record<string, unknown>)[field] =
          field === "nullCountUntil" && value === -1 ? Infinity : value;
      }
      return counter;
    });
    for (let i = 0; i < 3; i++) {
      Object.assign(this.counters[i], restored[i]);
      this.reschedule(i, pitClockAt(this.scheduler.now));
    }
  }

  private writeCounter(channel: number, value: number): void {
    const now = this.scheduler.now;
    this.counters[channel].writeData(pitClockAt(now), value);
    this.refresh(channel, now);
  }

  /** Port 43h: SC1–SC0 select the counter (11 = read-back on the 8254), RW = 00 is the counter latch command. */
  private writeControl(value: number): void {
    const now = this.scheduler.now;
    const clock = pitClockAt(now);
    const select = value >>> 6;
    if (select === 3) {
      // 8254 read-back: bit 5 low latches counts, bit 4 low latches status, bits 3–1 pick counters 2–0.
      // The 8253 treats SC = 11 as illegal and does nothing.
      if (this.model !== "8254") return;
      for (let i = 0; i < 3; i++) {
        if (!(value & (2 << i))) continue;
        if (!(value & 0x10)) this.counters[i].latchStatus(clock);
        if (!(value & 0x20)) this.counters[i].latchCount(clock);
      }
      return;
    }
    const counter = this.counters[select];
    if ((value & 0x30) === 0) {
      counter.latchCount(clock);
      return;
    }
    counter.setMode(clock, value);
    this.refresh(select, now);
  }

  /** Reports a changed OUT level and schedules the event for the next edge, if anyone observes the channel. */
  private refresh(channel: number, now: number): void {
    const counter = this.counters[channel];
    const clock = pitClockAt(now);
    const out = counter.out(clock);
    if (out !== counter.reportedOut) {
      counter.reportedOut = out;
      if (channel === 0) this.irq.setIrq(0, out);
      this.listeners[channel]?.(channel, out, now);
    }
    this.reschedule(channel, clock);
  }

  private reschedule(channel: number, clock: number): void {
    const event = this.events[channel];
    const observed = channel === 0 || this.listeners[channel] !== undefined;
    const edge = observed ? this.counters[channel].nextEdge(clock) : Infinity;
    if (edge === Infinity) this.scheduler.cancel(event);
    else this.scheduler.schedule(event, pitClockTime(edge));
  }
}
