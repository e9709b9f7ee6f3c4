/**
 * The AT real-time clock: a Motorola MC146818A (clock, calendar, alarm, periodic interrupt and 50 bytes of RAM in
 * the original; 128-byte parts such as the DS12887 in later boards) at ports 70h/71h, interrupting on IRQ 8.
 *
 * Registers 00h–0Dh are the clock (MC146818A datasheet, "Address Map" and "Registers"); 0Eh–7Fh are battery-backed
 * RAM, whose AT layout (IBM PC/AT Technical Reference, "CMOS RAM Address Map") `writeAtConfiguration` fills in.
 *
 * Timing model: the divider chain has an origin in virtual time; update cycles begin 0.5 s after it and then every
 * second, periodic flags fall every period after it (datasheet: "the first update cycle begins one-half second
 * after the divider is released from reset"). Each update cycle is one TimedEvent, due at its end, 1984 µs after it
 * begins: the time registers, UF and AF change then. UIP reads 1 from 244 µs before the cycle begins until it ends.
 * The periodic interrupt is an event only while PIE is set; with PIE clear, PF is worked out when register C is read.
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";

/**
 * Where the clock's time comes from. `epochMs` values are wall-clock *local* time expressed as milliseconds since
 * 1970-01-01 00:00 (the host adds its zone offset), since DOS keeps local time in the RTC.
 *
 * - `host`: loaded from the host at power-on; each update cycle then advances the calendar by the whole host
 *   seconds that passed since the last one, so the guest clock follows the wall clock however fast the emulation
 *   runs, and keeps any offset the guest sets.
 * - `fixed`: loaded from `startEpochMs` at power-on and advanced one second per virtual second (deterministic).
 */
export type TimeSource =
  { readonly kind: "host"; readonly epochMs: () => number } | { readonly kind: "fixed"; readonly startEpochMs: number };

export type FloppyDriveType = "none" | "360K" | "1.2M" | "720K" | "1.44M";
/** Primary display as the AT equipment byte encodes it: "ega-vga" means an adapter with its own option ROM. */
export type PrimaryDisplay = "ega-vga" | "cga-40" | "cga-80" | "mda";

export interface AtCmosConfiguration {
  /** Drive A: and drive B:. */
  readonly floppyDrives: readonly [FloppyDriveType, FloppyDriveType];
  /** Fixed disk types for drive C: and D: (0 = none, 1–255 = entry in the BIOS drive-parameter table). */
  readonly hardDiskTypes: readonly [number, number];
  readonly display: PrimaryDisplay;
  readonly mathCoprocessor: boolean;
  /** Conventional memory in KB (640 on a full machine). */
  readonly baseMemoryKb: number;
  /** Memory above 1 MB in KB. */
  readonly extendedMemoryKb: number;
}

const REG_SECONDS = 0x00;
const REG_SECONDS_ALARM = 0x01;
const REG_MINUTES = 0x02;
const REG_MINUTES_ALARM = 0x03;
const REG_HOURS = 0x04;
const REG_HOURS_ALARM = 0x05;
const REG_DAY_OF_WEEK = 0x06;
const REG_DATE = 0x07;
const REG_MONTH = 0x08;
const REG_YEAR = 0x09;
const REG_A = 0x0a;
const REG_B = 0x0b;
const REG_C = 0x0c;
const REG_D = 0x0d;

/** Register A (datasheet "Register A"): UIP is read-only; DV2–0 = 010 selects the 32.768 kHz time base. */
const A_UIP = 0x80;
const A_DIVIDER_MASK = 0x70;
const A_DIVIDER_32KHZ = 0x20;
const A_RATE_MASK = 0x0f;
/** Register B (datasheet "Register B"). */
const B_SET = 0x80;
const B_PIE = 0x40;
const B_AIE = 0x20;
const B_UIE = 0x10;
const B_SQWE = 0x08;
const B_BINARY = 0x04;
const B_24_HOUR = 0x02;
const B_DSE = 0x01;
/** Register C (datasheet "Register C"): IRQF = PF·PIE + AF·AIE + UF·UIE; the same bit positions as B's enables. */
const C_IRQF = 0x80;
const C_PF = 0x40;
const C_AF = 0x20;
const C_UF = 0x10;
const C_SOURCES = C_PF | C_AF | C_UF;
/** Register D: VRT, "valid RAM and time"; the battery is always good here. */
const D_VRT = 0x80;
/** An alarm byte with its two top bits set matches any value (datasheet "Alarm": C0h–FFh are "don't care"). */
const ALARM_DONT_CARE = 0xc0;
/** 12-hour mode: bit 7 of the hours byte is PM. */
const HOURS_PM = 0x80;

/** Power-on values the AT BIOS programs (IBM PC/AT Technical Reference): 32.768 kHz, 1024 Hz rate; 24 h, BCD. */
const POWER_ON_A = A_DIVIDER_32KHZ | 0x06;
const POWER_ON_B = B_24_HOUR;

const NS_PER_SECOND = 1e9;
/** Datasheet "Update Cycle": the update takes 1984 µs with a 32.768 kHz time base; UIP rises 244 µs before it. */
const UPDATE_CYCLE_NS = 1_984_000;
const UIP_LEAD_NS = 244_000;
const FIRST_UPDATE_DELAY_NS = 0.5e9;
/** One cycle of the 32.768 kHz time base, exact in a float64 (1e9 / 2^15). */
const TIME_BASE_PERIOD_NS = 1e9 / 32768;
/** On the AT the RTC's IRQ output drives IRQ 8 on the slave 8259A (IBM PC/AT Technical Reference). */
const RTC_IRQ = 8;

/** Ports, AT standard (IBM PC/AT Technical Reference, "I/O Address Map"). */
const INDEX_PORT = 0x70;
const DATA_PORT = 0x71;
/** Port 70h bit 7 = 1 blocks NMI on the AT; bits 6–0 select one of the 128 bytes. */
const NMI_DISABLE = 0x80;
const INDEX_MASK = 0x7f;

/** AT CMOS RAM layout (IBM PC/AT Technical Reference; RBIL CMOS.LST). */
const CMOS_FLOPPY_TYPES = 0x10;
const CMOS_HARD_DISK_TYPES = 0x12;
const CMOS_EQUIPMENT = 0x14;
const CMOS_BASE_MEMORY = 0x15;
const CMOS_EXTENDED_MEMORY = 0x17;
const CMOS_HARD_DISK_C_EXTENDED_TYPE = 0x19;
const CMOS_HARD_DISK_D_EXTENDED_TYPE = 0x1a;
const CMOS_CHECKSUM_FIRST = 0x10;
const CMOS_CHECKSUM_LAST = 0x2d;
const CMOS_CHECKSUM = 0x2e;
const CMOS_EXTENDED_MEMORY_POST = 0x30;
const CMOS_CENTURY = 0x32;
/** A hard disk type above 14 is stored as Fh in the nibble at 12h, the type itself at 19h/1Ah. */
const HARD_DISK_NIBBLE_EXTENDED = 0x0f;
const HARD_DISK_NIBBLE_MAX = 14;

const FLOPPY_CODES: Readonly<Record<FloppyDriveType, number>> = {
  none: 0,
  "360K": 1,
  "1.2M": 2,
  "720K": 3,
  "1.44M": 4,
};
/** Equipment byte bits 5–4 (IBM PC/AT Technical Reference, CMOS byte 14h). */
const DISPLAY_CODES: Readonly<Record<PrimaryDisplay, number>> = {
  "ega-vga": 0b00,
  "cga-40": 0b01,
  "cga-80": 0b10,
  mda: 0b11,
};

const RAM_BYTES = 128;
const MS_PER_DAY = 86_400_000;

export class RealTimeClock implements Device {
  readonly name = "rtc";
  readonly ports: readonly PortHandler[];

  /** The 128 addressable bytes: clock registers 00h–0Dh, then RAM. UIP and register C/D reads are computed. */
  private readonly bytes = new Uint8Array(RAM_BYTES);
  private index = 0;
  private nmiDisabled = false;
  /** Virtual time at which the divider chain last left reset; periodic ticks fall at origin + k·period. */
  private dividerOrigin = 0;
  /** Virtual time up to which periodic ticks have been folded into PF. */
  private periodicCheckedAt = 0;
  /** Host mode: the host epoch second the calendar was last advanced to. */
  private hostSecond = 0;
  /** DSE: the October 1:59:59 → 1:00:00 step happens once; this remembers that it has. */
  private dstFallBackDone = false;
  private irqLevel = false;
  private readonly updateEvent: TimedEvent;
  private readonly periodicEvent: TimedEvent;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly irqs: InterruptLines,
    private readonly timeSource: TimeSource,
  ) {
    this.ports = [
      { port: INDEX_PORT, name: "RTC index / NMI mask", write: (_port, value) => this.writeIndex(value) },
      {
        port: DATA_PORT,
        name: "RTC data",
        read: () => this.readData(),
        write: (_port, value) => this.writeData(value),
      },
    ];
    this.updateEvent = scheduler.add(new TimedEvent("rtc update cycle", (now) => this.endUpdateCycle(now)));
    this.periodicEvent = scheduler.add(new TimedEvent("rtc periodic interrupt", (now) => this.periodicTick(now)));
    this.bytes[REG_A] = POWER_ON_A;
    this.bytes[REG_B] = POWER_ON_B;
    this.bytes[REG_D] = D_VRT;
    this.powerOnClock();
  }

  /** Port 70h bit 7 as last written: true while NMI is blocked (IBM PC/AT Technical Reference, "NMI"). */
  get nmiMasked(): boolean {
    return this.nmiDisabled;
  }

  /**
   * The chip's RESET input (datasheet "RESET"): clears PIE, AIE, UIE, SQWE and the flags in register C and drops
   * IRQ; time, calendar, RAM and register A are battery-backed and kept. The index latch and NMI mask clear.
   */
  reset(): void {
    this.index = 0;
    this.nmiDisabled = false;
    this.materialisePeriodicFlag();
    this.bytes[REG_B] &= ~(B_PIE | B_AIE | B_UIE | B_SQWE);
    this.bytes[REG_C] = 0;
    this.schedulePeriodic();
    this.updateIrq();
  }

  /** A copy of all 128 bytes, for the host to persist the battery-backed contents. */
  readBatteryRam(): Uint8Array {
    return this.bytes.slice();
  }

  /**
   * Loads contents saved by `readBatteryRam`: registers A and B (without interrupt enables) and RAM 0Eh–7Fh. The
   * time itself is then reloaded from the time source, as at power-on, in the data mode register B selects.
   */
  writeBatteryRam(image: Uint8Array): void {
    if (image.length !== RAM_BYTES) throw new Error(`RTC battery RAM image must be ${RAM_BYTES} bytes`);
    this.bytes.set(image.subarray(REG_D + 1), REG_D + 1);
    this.bytes[REG_A] = image[REG_A] & ~A_UIP;
    this.bytes[REG_B] = image[REG_B] & (B_SET | B_BINARY | B_24_HOUR | B_DSE);
    this.bytes[REG_C] = 0;
    this.powerOnClock();
  }

  /** Fills the AT configuration bytes (IBM PC/AT Technical Reference, "CMOS RAM Address Map") and the checksum. */
  writeAtConfiguration(config: AtCmosConfiguration): void {
    const [driveA, driveB] = config.floppyDrives;
    this.bytes[CMOS_FLOPPY_TYPES] = (FLOPPY_CODES[driveA] << 4) | FLOPPY_CODES[driveB];

    const [diskC, diskD] = config.hardDiskTypes;
    this.bytes[CMOS_HARD_DISK_TYPES] = (hardDiskNibble(diskC) << 4) | hardDiskNibble(diskD);
    this.bytes[CMOS_HARD_DISK_C_EXTENDED_TYPE] = diskC > HARD_DISK_NIBBLE_MAX ? diskC & 0xff : 0;
    this.bytes[CMOS_HARD_DISK_D_EXTENDED_TYPE] = diskD > HARD_DISK_NIBBLE_MAX ? diskD & 0xff : 0;

    // Equipment byte: bits 7–6 number of diskette drives minus one, bits 5–4 display, bit 1 coprocessor,
    // bit 0 diskette drives present.
    const floppies = (driveA !== "none" ? 1 : 0) + (driveB !== "none" ? 1 : 0);
    this.bytes[CMOS_EQUIPMENT] =
      (floppies > 0 ? ((floppies - 1) << 6) | 0x01 : 0) |
      (DISPLAY_CODES[config.display] << 4) |
      (config.mathCoprocessor ? 0x02 : 0);

    writeWord(this.bytes, CMOS_BASE_MEMORY, config.baseMemoryKb);
    writeWord(this.bytes, CMOS_EXTENDED_MEMORY, config.extendedMemoryKb);
    writeWord(this.bytes, CMOS_EXTENDED_MEMORY_POST, config.extendedMemoryKb);
    this.updateChecksum();
  }

  /** Recomputes the AT checksum: the 16-bit sum of bytes 10h–2Dh, high byte at 2Eh, low byte at 2Fh. */
  updateChecksum(): void {
    let sum = 0;
    for (let i = CMOS_CHECKSUM_FIRST; i <= CMOS_CHECKSUM_LAST; i++) sum += this.bytes[i];
    this.bytes[CMOS_CHECKSUM] = (sum >>> 8) & 0xff;
    this.bytes[CMOS_CHECKSUM + 1] = sum & 0xff;
  }

  saveState(): DeviceState {
    return {
      bytes: this.bytes.slice(),
      index: this.index,
      nmiDisabled: this.nmiDisabled,
      dividerOrigin: this.dividerOrigin,
      periodicCheckedAt: this.periodicCheckedAt,
      hostSecond: this.hostSecond,
      dstFallBackDone: this.dstFallBackDone,
      irqLevel: this.irqLevel,
      updateDue: dueToState(this.updateEvent.due),
      periodicDue: dueToState(this.periodicEvent.due),
    };
  }

  loadState(state: DeviceState): void {
    const bytes = state.bytes;
    if (!(bytes instanceof Uint8Array) || bytes.length !== RAM_BYTES) throw new Error("rtc state: bad bytes");
    const index = numberField(state, "index");
    const nmiDisabled = booleanField(state, "nmiDisabled");
    const dividerOrigin = numberField(state, "dividerOrigin");
    const periodicCheckedAt = numberField(state, "periodicCheckedAt");
    const hostSecond = numberField(state, "hostSecond");
    const dstFallBackDone = booleanField(state, "dstFallBackDone");
    const irqLevel = booleanField(state, "irqLevel");
    const updateDue = dueFromState(state, "updateDue");
    const periodicDue = dueFromState(state, "periodicDue");
    this.bytes.set(bytes);
    this.index = index & INDEX_MASK;
    this.nmiDisabled = nmiDisabled;
    this.dividerOrigin = dividerOrigin;
    this.periodicCheckedAt = periodicCheckedAt;
    this.hostSecond = hostSecond;
    this.dstFallBackDone = dstFallBackDone;
    this.irqLevel = irqLevel;
    this.scheduler.schedule(this.updateEvent, updateDue);
    this.scheduler.schedule(this.periodicEvent, periodicDue);
  }

  private writeIndex(value: number): void {
    this.index = value & INDEX_MASK;
    this.nmiDisabled = (value & NMI_DISABLE) !== 0;
  }

  private readData(): number {
    switch (this.index) {
      case REG_A:
        return this.updateInProgress() ? this.bytes[REG_A] | A_UIP : this.bytes[REG_A];
      case REG_C:
        return this.readRegisterC();
      default:
        return this.bytes[this.index];
    }
  }

  private writeData(value: number): void {
    switch (this.index) {
      case REG_A:
        this.writeRegisterA(value & ~A_UIP);
        break;
      case REG_B:
        this.writeRegisterB(value);
        break;
      case REG_C:
      case REG_D:
        // Read-only (datasheet "Register C", "Register D").
        break;
      default:
        this.bytes[this.index] = value;
    }
  }

  private writeRegisterA(value: number): void {
    const wasRunning = this.dividerRunning();
    this.materialisePeriodicFlag();
    this.bytes[REG_A] = value;
    const running = this.dividerRunning();
    if (running && !wasRunning) {
      // Leaving divider reset (or another time base): the chain restarts now; first update 0.5 s later.
      this.dividerOrigin = this.scheduler.now;
      this.periodicCheckedAt = this.scheduler.now;
      this.scheduler.schedule(this.updateEvent, this.scheduler.now + FIRST_UPDATE_DELAY_NS + UPDATE_CYCLE_NS);
    } else if (!running) {
      // DV = 11x holds the divider in reset; the other time bases do not match the PC's 32.768 kHz crystal
      // (IBM PC/AT Technical Reference: "010 is the only value supported for proper time-keeping").
      this.scheduler.cancel(this.updateEvent);
    }
    this.schedulePeriodic();
  }

  private writeRegisterB(value: number): void {
    this.materialisePeriodicFlag();
    const old = this.bytes[REG_B];
    // Datasheet "Register B": setting SET also clears UIE. SET aborts an update in progress (see endUpdateCycle).
    this.bytes[REG_B] = value & B_SET ? value & ~B_UIE : value;
    if (old & B_SET && !(value & B_SET)) this.hostSecond = this.hostEpochSecond();
    this.schedulePeriodic();
    this.updateIrq();
  }

  /** Register C: the flags, cleared by the read together with the IRQ output (datasheet "Register C"). */
  private readRegisterC(): number {
    this.materialisePeriodicFlag();
    const value = this.bytes[REG_C];
    this.bytes[REG_C] = 0;
    this.updateIrq();
    return value;
  }

  private dividerRunning(): boolean {
    return (this.bytes[REG_A] & A_DIVIDER_MASK) === A_DIVIDER_32KHZ;
  }

  private updateInProgress(): boolean {
    if (this.bytes[REG_B] & B_SET || !this.dividerRunning()) return false;
    const updateStart = this.updateEvent.due - UPDATE_CYCLE_NS;
    return this.scheduler.now >= updateStart - UIP_LEAD_NS;
  }

  /** The periodic interrupt period from register A's rate select bits; 0 when off. */
  private periodicPeriodNs(): number {
    const rate = this.bytes[REG_A] & A_RATE_MASK;
    if (rate === 0) return 0;
    // Datasheet Table 5 (32.768 kHz time base): rates 1 and 2 give 256 Hz and 128 Hz, the same as 8 and 9.
    const cycles = rate < 3 ? 1 << (rate + 6) : 1 << (rate - 1);
    return cycles * TIME_BASE_PERIOD_NS;
  }

  /** With PIE clear no event runs, so PF is set here if a periodic tick fell since the last look. */
  private materialisePeriodicFlag(): void {
    const now = this.scheduler.now;
    const period = this.periodicPeriodNs();
    if (period > 0 && this.dividerRunning() && !(this.bytes[REG_B] & B_PIE)) {
      const ticksBefore = Math.floor((this.periodicCheckedAt - this.dividerOrigin) / period);
      const ticksNow = Math.floor((now - this.dividerOrigin) / period);
      if (ticksNow > ticksBefore) this.bytes[REG_C] |= C_PF;
    }
    this.periodicCheckedAt = now;
  }

  private schedulePeriodic(): void {
    const period = this.periodicPeriodNs();
    if (period > 0 && this.dividerRunning() && this.bytes[REG_B] & B_PIE) {
      const ticks = Math.floor((this.scheduler.now - this.dividerOrigin) / period) + 1;
      this.scheduler.schedule(this.periodicEvent, this.dividerOrigin + ticks * period);
    } else {
      this.scheduler.cancel(this.periodicEvent);
    }
  }

  private periodicTick(now: number): void {
    this.bytes[REG_C] |= C_PF;
    this.periodicCheckedAt = now;
    this.scheduler.schedule(this.periodicEvent, now + this.periodicPeriodNs());
    this.updateIrq();
  }

  private endUpdateCycle(now: number): void {
    this.scheduler.schedule(this.updateEvent, now + NS_PER_SECOND);
    if (this.bytes[REG_B] & B_SET) {
      this.hostSecond = this.hostEpochSecond();
      return;
    }
    let seconds = 1;
    if (this.timeSource.kind === "host") {
      const hostSecond = this.hostEpochSecond();
      seconds = Math.max(0, hostSecond - this.hostSecond);
      this.hostSecond = hostSecond;
    }
    if (seconds > 0) {
      this.advanceClock(seconds);
      if (this.alarmMatches()) this.bytes[REG_C] |= C_AF;
    }
    this.bytes[REG_C] |= C_UF;
    this.updateIrq();
  }

  /** Datasheet "Alarm": each alarm byte equals its time byte or is a don't-care (C0h–FFh). */
  private alarmMatches(): boolean {
    return (
      alarmByteMatches(this.bytes[REG_SECONDS_ALARM], this.bytes[REG_SECONDS]) &&
      alarmByteMatches(this.bytes[REG_MINUTES_ALARM], this.bytes[REG_MINUTES]) &&
      alarmByteMatches(this.bytes[REG_HOURS_ALARM], this.bytes[REG_HOURS])
    );
  }

  /** IRQF and the IRQ output follow PF·PIE + AF·AIE + UF·UIE (datasheet "Register C"). */
  private updateIrq(): void {
    const active = (this.bytes[REG_C] & this.bytes[REG_B] & C_SOURCES) !== 0;
    if (active) this.bytes[REG_C] |= C_IRQF;
    else this.bytes[REG_C] &= ~C_IRQF;
    if (active !== this.irqLevel) {
      this.irqLevel = active;
      this.irqs.setIrq(RTC_IRQ, active);
    }
  }

  private hostEpochSecond(): number {
    return this.timeSource.kind === "host" ? Math.floor(this.timeSource.epochMs() / 1000) : 0;
  }

  /** Sets the calendar from the time source and aligns the update cycles with its second boundaries. */
  private powerOnClock(): void {
    const epochMs = this.timeSource.kind === "host" ? this.timeSource.epochMs() : this.timeSource.startEpochMs;
    const wholeMs = Math.floor(epochMs);
    this.hostSecond = Math.floor(wholeMs / 1000);
    this.dstFallBackDone = false;
    this.writeCalendar(wholeMs);
    const now = this.scheduler.now;
    const updateEnd = now + (1000 - (((wholeMs % 1000) + 1000) % 1000)) * 1e6;
    this.dividerOrigin = updateEnd - UPDATE_CYCLE_NS - FIRST_UPDATE_DELAY_NS;
    this.periodicCheckedAt = now;
    if (this.dividerRunning()) this.scheduler.schedule(this.updateEvent, updateEnd);
    else this.scheduler.cancel(this.updateEvent);
    this.schedulePeriodic();
    this.updateIrq();
  }

  private writeCalendar(epochMs: number): void {
    const days = Math.floor(epochMs / MS_PER_DAY);
    const secondOfDay = Math.floor((epochMs - days * MS_PER_DAY) / 1000);
    const { year, month, day } = civilFromDays(days);
    this.writeField(REG_SECONDS, secondOfDay % 60);
    this.writeField(REG_MINUTES, Math.floor(secondOfDay / 60) % 60);
    this.writeHours(Math.floor(secondOfDay / 3600));
    // 1970-01-01 was a Thursday; the chip counts days of the week 1–7 from Sunday.
    this.writeField(REG_DAY_OF_WEEK, ((((days + 4) % 7) + 7) % 7) + 1);
    this.writeField(REG_DATE, day);
    this.writeField(REG_MONTH, month);
    this.writeField(REG_YEAR, year % 100);
    // The century byte is BIOS territory (IBM PC/AT Technical Reference, CMOS 32h), always BCD.
    this.bytes[CMOS_CENTURY] = toBcd(Math.floor(year / 100) % 100);
  }

  /**
   * Advances the calendar by `seconds` in the data mode register B selects, as the update cycle does (datasheet
   * "Update Cycle"). Years are two digits; every fourth one is a leap year, as the datasheet says the chip counts.
   */
  private advanceClock(seconds: number): void {
    let second = this.readField(REG_SECONDS) + seconds;
    let minute = this.readField(REG_MINUTES) + Math.floor(second / 60);
    second %= 60;
    let hour = this.readHours() + Math.floor(minute / 60);
    minute %= 60;
    let days = Math.floor(hour / 24);
    hour %= 24;
    let dayOfWeek = this.readField(REG_DAY_OF_WEEK);
    let date = this.readField(REG_DATE);
    let month = this.readField(REG_MONTH);
    let year = this.readField(REG_YEAR);

    if (seconds === 1 && this.bytes[REG_B] & B_DSE && dayOfWeek === 1 && hour === 2 && minute === 0 && second === 0) {
      // Datasheet "Daylight Savings Enable": on the last Sunday in April 1:59:59 AM steps to 3:00:00 AM; on the
      // last Sunday in October, the first time 1:59:59 AM is reached, it steps back to 1:00:00 AM.
      if (month === 4 && date + 7 > 30) hour = 3;
      else if (month === 10 && date + 7 > 31) {
        if (!this.dstFallBackDone) hour = 1;
        this.dstFallBackDone = !this.dstFallBackDone;
      }
    }

    dayOfWeek = ((dayOfWeek - 1 + days) % 7) + 1;
    while (days > 0) {
      const monthLength = daysInMonth(month, year);
      if (date + days <= monthLength) {
        date += days;
        break;
      }
      days -= Math.max(1, monthLength - date + 1);
      date = 1;
      month++;
      if (month > 12) {
        month = 1;
        year = (year + 1) % 100;
      }
    }

    this.writeField(REG_SECONDS, second);
    this.writeField(REG_MINUTES, minute);
    this.writeHours(hour);
    this.writeField(REG_DAY_OF_WEEK, dayOfWeek);
    this.writeField(REG_DATE, date);
    this.writeField(REG_MONTH, month);
    this.writeField(REG_YEAR, year);
  }

  private binaryMode(): boolean {
    return (this.bytes[REG_B] & B_BINARY) !== 0;
  }

  private readField(register: number): number {
    const raw = this.bytes[register];
    return this.binaryMode() ? raw : fromBcd(raw);
  }

  private writeField(register: number, value: number): void {
    this.bytes[register] = this.binaryMode() ? value : toBcd(value);
  }

  /** Hours as 0–23 whatever the mode; in 12-hour mode the byte holds 1–12 with bit 7 for PM. */
  private readHours(): number {
    const raw = this.bytes[REG_HOURS];
    if (this.bytes[REG_B] & B_24_HOUR) return this.binaryMode() ? raw : fromBcd(raw);
    const twelve = this.binaryMode() ? raw & ~HOURS_PM : fromBcd(raw & ~HOURS_PM);
    return (twelve % 12) + (raw & HOURS_PM ? 12 : 0);
  }

  private writeHours(hour: number): void {
    if (this.bytes[REG_B] & B_24_HOUR) {
      this.writeField(REG_HOURS, hour);
      return;
    }
    const twelve = hour % 12 || 12;
    this.bytes[REG_HOURS] = (this.binaryMode() ? twelve : toBcd(twelve)) | (hour >= 12 ? HOURS_PM : 0);
  }
}

function alarmByteMatches(alarm: number, time: number): boolean {
  return (alarm & ALARM_DONT_CARE) === ALARM_DONT_CARE || alarm === time;
}

function hardDiskNibble(type: number): number {
  return type > HARD_DISK_NIBBLE_MAX ? HARD_DISK_NIBBLE_EXTENDED : type;
}

/** CMOS words are little-endian (15h/16h base memory, 17h/18h and 30h/31h extended memory). */
function writeWord(bytes: Uint8Array, offset: number, value: number): void {
  const clamped = Math.min(Math.max(Math.floor(value), 0), 0xffff);
  bytes[offset] = clamped & 0xff;
  bytes[offset + 1] = clamped >>> 8;
}

function toBcd(value: number): number {
  return ((Math.floor(value / 10) % 10) << 4) | (value % 10);
}

function fromBcd(value: number): number {
  return (value >>> 4) * 10 + (value & 0x0f);
}

function daysInMonth(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Proleptic Gregorian date of a day count from 1970-01-01 (the civil-from-days method, 400-year eras). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const shifted = days + 719_468; // days from 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Scheduled times are saved as numbers; an unscheduled event (due = Infinity) as null, which JSON keeps. */
function dueToState(due: number): number | null {
  return Number.isFinite(due) ? due : null;
}

function dueFromState(state: DeviceState, key: string): number {
  const value = state[key];
  if (value === null) return Infinity;
  if (typeof value !== "number") throw new Error(`rtc state: bad ${key}`);
  return value;
}

function numberField(state: DeviceState, key: string): number {
  const value = state[key];
  if (typeof value !== "number") throw new Error(`rtc state: bad ${key}`);
  return value;
}

function booleanField(state: DeviceState, key: string): boolean {
  const value = state[key];
  if (typeof value !== "boolean") throw new Error(`rtc state: bad ${key}`);
  return value;
}
