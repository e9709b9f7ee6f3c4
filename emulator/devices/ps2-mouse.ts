/**
 * An IBM PS/2 mouse on the 8042's auxiliary port. Commands, replies, defaults, the status bytes and the 3-byte data
 * packet follow the IBM PS/2 Hardware Interface Technical Reference, "Pointing Device" (Commands, Data Report,
 * Modes of Operation); the 2:1 scaling table is from the same section.
 *
 * Host motion arrives in mouse counts at the default resolution (4 counts/mm), dy down positive as on the host's
 * screen; the wire's Y is positive up. Motion and buttons accumulate between reports: in stream mode the mouse
 * sends at most one packet per sample period (10–200 per second), and only when there is something to report.
 * The 8042 holds what the mouse sends in a short queue; the mouse sends a packet only while that queue has room for
 * it and for a command reply, and otherwise keeps accumulating, as a real mouse holds its data while the
 * controller inhibits the clock line.
 *
 * A host motion larger than one packet can carry (a flick of the host's mouse) is not lost to a counter overflow as
 * on a real mouse: each packet takes at most the 9-bit counter's range and the rest goes out in the following sample
 * periods, so the overflow bits are never set. What is carried is bounded (`CARRY_LIMIT`), so a runaway host cannot
 * queue seconds of motion.
 */
import type { Device, DeviceState } from "../device.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";
import type { AuxiliaryDevice } from "./keyboard-controller.ts";

/** The 8042 side as the mouse sees it (KeyboardController implements it). */
export interface AuxiliaryPort {
  sendAuxByte(byte: number): void;
  readonly auxQueueSpace: number;
}

const ACK = 0xfa;
const RESEND = 0xfe;
const ERROR = 0xfc;
const SELF_TEST_PASSED = 0xaa;
/** Device ID of the standard PS/2 mouse (command F2h and after reset). */
const DEVICE_ID = 0x00;

/** Defaults after reset and F6h: 100 reports/s, 4 counts/mm (code 2), 1:1 scaling, stream mode, disabled. */
const DEFAULT_SAMPLE_RATE = 100;
const DEFAULT_RESOLUTION = 2;
/** The sample rates F3h accepts (reports per second). */
const SAMPLE_RATES: readonly number[] = [10, 20, 40, 60, 80, 100, 200];

/** Packet byte 0: bit 3 is always 1; sign bits 4 (X) and 5 (Y); overflow bits 6 and 7 (never set, see above). */
const PACKET_ALWAYS = 0x08;
const X_SIGN = 0x10;
const Y_SIGN = 0x20;
/**
 * The mouse's counters are 9-bit two's complement, -256…255 (the sign bit in byte 0, the low 8 bits in bytes 1 and
 * 2); a packet here carries at most ±255 so both directions move alike.
 */
const COUNT_LIMIT = 255;

/** Motion is kept in eighths of a millimetre so every resolution (1, 2, 4, 8 counts/mm) divides it exactly. */
const UNITS_PER_HOST_COUNT = 2;
/** The most motion carried per axis: 1024 host counts (256 mm), a few packets' worth at any resolution. */
const CARRY_LIMIT = 1024 * UNITS_PER_HOST_COUNT;
const PACKET_BYTES = 3;
/** Room kept in the 8042's queue for the longest command reply (E9h: ACK and three status bytes). */
const REPLY_RESERVE = 4;

/** Status byte 1 (command E9h). */
const STATUS_REMOTE = 0x40;
const STATUS_ENABLED = 0x20;
const STATUS_SCALING_2_1 = 0x10;

/** Host button bits: 0 left, 1 right, 2 middle — the same bits as packet byte 0. */
const BUTTON_LEFT = 0x01;
const BUTTON_RIGHT = 0x02;
const BUTTON_MIDDLE = 0x04;

export class Ps2Mouse implements Device, AuxiliaryDevice {
  readonly name = "ps2-mouse";
  readonly ports = [] as const;
  private readonly sampleEvent: TimedEvent;

  private sampleRate = DEFAULT_SAMPLE_RATE;
  private resolution = DEFAULT_RESOLUTION;
  private scaling21 = false;
  private remote = false;
  private enabled = false;
  private wrap = false;
  /** F3h or E8h waiting for its argument, or 0. */
  private pendingCommand = 0;
  /** The previous byte was invalid: a second one in a row is answered with FCh instead of FEh. */
  private lastInvalid = false;
  /** Accumulated motion in eighths of a millimetre, X right and Y up. */
  private motionX = 0;
  private motionY = 0;
  private buttons = 0;
  private reportedButtons = 0;
  /** The earliest virtual time of the next stream packet (one per sample period). */
  private nextPacketAt = 0;
  /** What the mouse last sent, for the resend command. */
  private readonly lastSent = new Uint8Array(4);
  private lastSentLength = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly port: AuxiliaryPort,
  ) {
    this.sampleEvent = scheduler.add(new TimedEvent("ps2 mouse sample", () => this.sample()));
    this.reset();
  }

  /** Motion in counts (dx right, dy down positive) and the buttons (bit 0 left, 1 right, 2 middle) from the host. */
  input(dx: number, dy: number, buttons: number): void {
    this.motionX = carried(this.motionX + Math.trunc(dx) * UNITS_PER_HOST_COUNT);
    this.motionY = carried(this.motionY - Math.trunc(dy) * UNITS_PER_HOST_COUNT);
    this.buttons = buttons & (BUTTON_LEFT | BUTTON_RIGHT | BUTTON_MIDDLE);
    this.scheduleSample();
  }

  /** A byte from the system (8042 command D4h). */
  receive(value: number): void {
    if (this.wrap && value !== 0xec && value !== 0xff) {
      this.send([value]);
      return;
    }
    const pending = this.pendingCommand;
    if (pending !== 0) {
      const valid = pending === 0xf3 ? SAMPLE_RATES.includes(value) : value <= 3;
      if (!valid) return this.invalid();
      this.pendingCommand = 0;
      if (pending === 0xf3) this.sampleRate = value;
      else this.resolution = value;
      this.acknowledge();
      return;
    }
    switch (value) {
      case 0xff:
        this.setDefaults();
        this.wrap = false;
        this.remote = false;
        this.lastInvalid = false;
        this.send([ACK, SELF_TEST_PASSED, DEVICE_ID]);
        return;
      case 0xfe:
        this.send(this.lastSent.slice(0, this.lastSentLength));
        return;
      case 0xf6:
        this.setDefaults();
        return this.acknowledge();
      case 0xf5:
      case 0xf4:
        this.enabled = value === 0xf4;
        this.clearMotion();
        this.acknowledge();
        this.scheduleSample();
        return;
      case 0xf3:
      case 0xe8:
        this.pendingCommand = value;
        return this.acknowledge();
      case 0xf2:
        this.lastInvalid = false;
        this.send([ACK, DEVICE_ID]);
        return;
      case 0xf0:
      case 0xea:
        this.remote = value === 0xf0;
        this.clearMotion();
        return this.acknowledge();
      case 0xee:
        this.wrap = true;
        this.clearMotion();
        return this.acknowledge();
      case 0xec:
        this.wrap = false;
        this.clearMotion();
        return this.acknowledge();
      case 0xeb: {
        // Read data: a packet whether or not anything moved, sent after the acknowledge.
        this.lastInvalid = false;
        const packet = this.takePacket(false);
        this.send([ACK, packet[0], packet[1], packet[2]]);
        return;
      }
      case 0xe9: {
        this.lastInvalid = false;
        const b = this.buttons;
        const status =
          (this.remote ? STATUS_REMOTE : 0) |
          (this.enabled ? STATUS_ENABLED : 0) |
          (this.scaling21 ? STATUS_SCALING_2_1 : 0) |
          (b & BUTTON_LEFT ? 0x04 : 0) |
          (b & BUTTON_MIDDLE ? 0x02 : 0) |
          (b & BUTTON_RIGHT ? 0x01 : 0);
        this.send([ACK, status, this.resolution, this.sampleRate]);
        return;
      }
      case 0xe7:
      case 0xe6:
        this.scaling21 = value === 0xe7;
        return this.acknowledge();
    }
    this.invalid();
  }

  /** Power-on: defaults, stream mode, reporting disabled, nothing accumulated. */
  reset(): void {
    this.setDefaults();
    this.remote = false;
    this.wrap = false;
    this.lastInvalid = false;
    this.buttons = 0;
    this.reportedButtons = 0;
    this.nextPacketAt = 0;
    this.lastSentLength = 0;
    this.scheduler.cancel(this.sampleEvent);
  }

  saveState(): DeviceState {
    return {
      sampleRate: this.sampleRate,
      resolution: this.resolution,
      scaling21: this.scaling21,
      remote: this.remote,
      enabled: this.enabled,
      wrap: this.wrap,
      pendingCommand: this.pendingCommand,
      lastInvalid: this.lastInvalid,
      motionX: this.motionX,
      motionY: this.motionY,
      buttons: this.buttons,
      reportedButtons: this.reportedButtons,
      nextPacketAt: this.nextPacketAt,
      lastSent: this.lastSent.slice(0, this.lastSentLength),
      sampleDue: this.sampleEvent.due === Infinity ? -1 : this.sampleEvent.due,
    };
  }

  loadState(state: DeviceState): void {
    const num = (key: string): number => {
      const v = state[key];
      if (typeof v !== "number") throw new Error(`ps2-mouse: state.${key} must be a number`);
      return v;
    };
    const bool = (key: string): boolean => {
      const v = state[key];
      if (typeof v !== "boolean") throw new Error(`ps2-mouse: state.${key} must be a boolean`);
      return v;
    };
    const lastSent = state.lastSent;
    if (!(lastSent instanceof Uint8Array) || lastSent.length > this.lastSent.length) {
      throw new Error("ps2-mouse: bad state.lastSent");
    }
    const values = {
      sampleRate: num("sampleRate"),
      resolution: num("resolution"),
      scaling21: bool("scaling21"),
      remote: bool("remote"),
      enabled: bool("enabled"),
      wrap: bool("wrap"),
      pendingCommand: num("pendingCommand"),
      lastInvalid: bool("lastInvalid"),
      motionX: num("motionX"),
      motionY: num("motionY"),
      buttons: num("buttons"),
      reportedButtons: num("reportedButtons"),
      nextPacketAt: num("nextPacketAt"),
    };
    const sampleDue = num("sampleDue");
    Object.assign(this, values);
    this.lastSent.set(lastSent);
    this.lastSentLength = lastSent.length;
    if (sampleDue < 0) this.scheduler.cancel(this.sampleEvent);
    else this.scheduler.schedule(this.sampleEvent, sampleDue);
  }

  private setDefaults(): void {
    this.sampleRate = DEFAULT_SAMPLE_RATE;
    this.resolution = DEFAULT_RESOLUTION;
    this.scaling21 = false;
    this.enabled = false;
    this.pendingCommand = 0;
    this.clearMotion();
  }

  private clearMotion(): void {
    this.motionX = 0;
    this.motionY = 0;
  }

  private acknowledge(): void {
    this.lastInvalid = false;
    this.send([ACK]);
  }

  /** An unknown command or a bad argument: FEh asks for it again, FCh answers a second bad byte in a row. */
  private invalid(): void {
    const reply = this.lastInvalid ? ERROR : RESEND;
    this.lastInvalid = !this.lastInvalid;
    this.port.sendAuxByte(reply);
  }

  private send(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.port.sendAuxByte(bytes[i]);
    this.lastSent.set(bytes);
    this.lastSentLength = bytes.length;
  }

  private get streaming(): boolean {
    return this.enabled && !this.remote && !this.wrap;
  }

  /** Counts of reported motion in one eighth-millimetre unit at the current resolution (1, 2, 4, 8 counts/mm). */
  private get unitsPerCount(): number {
    return 8 >> this.resolution;
  }

  private hasReport(): boolean {
    const unit = this.unitsPerCount;
    return this.buttons !== this.reportedButtons || Math.abs(this.motionX) >= unit || Math.abs(this.motionY) >= unit;
  }

  /** The next sample period boundary, if streaming and there is something to report. */
  private scheduleSample(): void {
    if (!this.streaming || this.sampleEvent.due !== Infinity || !this.hasReport()) return;
    this.scheduler.schedule(this.sampleEvent, Math.max(this.scheduler.now, this.nextPacketAt));
  }

  private sample(): void {
    if (!this.streaming || !this.hasReport()) return;
    const now = this.scheduler.now;
    const period = 1e9 / this.sampleRate;
    if (this.port.auxQueueSpace < PACKET_BYTES + REPLY_RESERVE) {
      // The controller has not taken the last packets yet: keep accumulating and look again next period.
      this.scheduler.schedule(this.sampleEvent, now + period);
      return;
    }
    this.send(this.takePacket(this.scaling21));
    this.nextPacketAt = now + period;
    // Motion beyond what the packet could carry goes out in the next period.
    this.scheduleSample();
  }

  /**
   * Builds a data packet from the accumulated motion and takes off what it reports (Data Report, byte 1–3): at most
   * what fits the 9-bit counter after scaling (±127 before 2:1 scaling doubles it), the rest stays for the next.
   */
  private takePacket(scale: boolean): [number, number, number] {
    const unit = this.unitsPerCount;
    const limit = scale ? COUNT_LIMIT >> 1 : COUNT_LIMIT;
    let x = clampCount(Math.trunc(this.motionX / unit), limit);
    let y = clampCount(Math.trunc(this.motionY / unit), limit);
    this.motionX -= x * unit;
    this.motionY -= y * unit;
    if (scale) {
      x = scale21(x);
      y = scale21(y);
    }
    let status = PACKET_ALWAYS | this.buttons;
    if (x < 0) status |= X_SIGN;
    if (y < 0) status |= Y_SIGN;
    this.reportedButtons = this.buttons;
    return [status, x & 0xff, y & 0xff];
  }
}

/** Accumulated motion bounded to ±`CARRY_LIMIT`: beyond that a host's motion is dropped. */
function carried(units: number): number {
  return Math.max(-CARRY_LIMIT, Math.min(CARRY_LIMIT, units));
}

/** A count limited to ±limit. */
function clampCount(count: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, count));
}

/** 2:1 scaling (stream mode only): 0→0, 1→1, 2→1, 3→3, 4→6, 5→9, beyond that twice the count. */
function scale21(count: number): number {
  const magnitude = Math.abs(count);
  const scaled = magnitude > 5 ? magnitude * 2 : [0, 1, 1, 3, 6, 9][magnitude];
  return count < 0 ? -scaled : scaled;
}
