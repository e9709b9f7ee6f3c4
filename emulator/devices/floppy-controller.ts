/**
 * The PC's diskette controller: an NEC uPD765A / Intel 8272A floppy disk controller behind the adapter's digital
 * output register (3F2h), and on the AT (or an XT adapter for high-density drives) the 82077AA-style digital input /
 * configuration control register (3F7h).
 * Command set, phases, status registers ST0-ST3 and the main status register follow the Intel 8272A and NEC uPD765
 * data sheets; DOR, DIR and CCR follow the Intel 82077AA data sheet (PC/AT mode) and the IBM PC AT Technical
 * Reference ("Diskette Drive Adapter"). Data moves on DMA channel 2, completions raise IRQ 6.
 *
 * Tracks are those of a raw image: cylinder c, head h holds sectors 1..n with ID fields (C=c, H=h, R, N=2). A
 * 40-cylinder disk in an 80-track drive is read double-stepped: physical track p holds cylinder p/2, as its wide
 * tracks do, so a BIOS that seeks to 2c and reads with C=c works and one that does not sees "wrong cylinder".
 *
 * The data rate: the CCR at 3F7h selects it where the adapter has one; IBM's PC/XT adapter runs at 250 kb/s only.
 * A disk gives up its address marks only at the rate its recording density needs in that drive (see
 * `REQUIRED_RATE`); at any other the controller finds none, as a real one does when the BIOS guesses the media wrong.
 *
 * Not modelled: non-DMA mode (Specify ND=1 still uses DMA), the 82077AA's DSR at 3F4h (the AT's adapter, a uPD765
 * with a separate rate register, has none), motor spin-up (commands work with the motor off), read/write deleted
 * data and the scan commands (they answer "invalid command"), and formats other than the image's own (see
 * `formatTrack`).
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import type { Scheduler } from "../scheduler.ts";
import { TimedEvent } from "../scheduler.ts";
import { chsToLba, SECTOR_SIZE } from "../disk/disk-geometry.ts";
import { DiskWriteProtectedError } from "../disk/disk-image-error.ts";
import type { DiskImage } from "../disk/disk-image.ts";
import type { DriveSlot } from "../disk/drive-slot.ts";
import type { DmaController } from "./dma.ts";

export const FLOPPY_IRQ = 6;
export const FLOPPY_DMA_CHANNEL = 2;

/**
 * Diskette drive types, named for the media they are made for: the 40-track 360K drive, and the 80-track drives.
 * The 1.2M drive alone turns at 360 rpm; the others at 300 rpm.
 */
export type FloppyDriveType = "360K" | "720K" | "1.2M" | "1.44M" | "2.88M";

/** A drive attached to the controller: its media slot and its type. */
export interface FloppyDrive {
  readonly slot: DriveSlot;
  readonly type: FloppyDriveType;
}

export interface FloppyControllerOptions {
  readonly scheduler: Scheduler;
  readonly interrupts: InterruptLines;
  readonly dma: DmaController;
  /** Drives 0 to 3 (A: to D:); at most four, as the 8272A's US1-US0 select lines allow. */
  readonly drives: readonly FloppyDrive[];
  /** true: the AT adapter, with the readable DOR and the DIR/CCR at 3F7h. */
  readonly at: boolean;
  /**
   * true: a PC/XT adapter for high-density drives. IBM's PC/XT adapter runs only at 250 kb/s and decodes no 3F7h;
   * 1.2M, 1.44M and 2.88M drives need 300 kb/s to 1 Mb/s, chosen in the CCR at 3F7h, so an 8-bit adapter that
   * runs them (one built on an Intel 82077AA or SMC FDC37C65) decodes 3F7h as the AT's does: the CCR on writes,
   * the DIR with the drive's change line on reads. Its DOR stays write-only. Implied by `at`.
   */
  readonly highDensity?: boolean;
}

// Digital output register (IBM PC AT Technical Reference, "Digital Output Register").
const DOR_DRIVE_SELECT = 0x03;
const DOR_NOT_RESET = 0x04;
const DOR_DMA_IRQ_ENABLE = 0x08;

// Data rates as the CCR's bits 1-0 select them (82077AA data sheet, "Configuration Control Register"; IBM PC AT
// Technical Reference, "Diskette Drive Adapter": 500 kb/s for high-capacity media, 300 kb/s for double-density media
// in a high-capacity drive, 250 kb/s for double density in a 300 rpm drive). NO_RATE: no rate reads the media.
const RATE_500K = 0;
const RATE_300K = 1;
const RATE_250K = 2;
const RATE_1M = 3;
const NO_RATE = -1;
/** Microseconds per step-rate unit at each rate (82077AA data sheet, "Specify": 1 ms at 500 kb/s, 2 ms at 250). */
const STEP_UNIT_US = [1000, 1667, 2000, 500];

/**
 * The rate a drive of each type must read each kind of media at, or NO_RATE. Media kinds by recording density:
 * double density (160K-360K, 720K: 250 kb/s at 300 rpm), the 5.25-inch high-capacity 1.2M (500 kb/s at 360 rpm),
 * the 3.5-inch 1.44M (500 kb/s at 300 rpm) and 2.88M (1 Mb/s at 300 rpm). The 1.2M drive turns 1.2 times as fast,
 * so double-density media pass its head at 300 kb/s. A drive reads only the rates its electronics switch to: the
 * 360K and 720K drives 250 kb/s, the 1.2M 300 and 500, the 1.44M 250 and 500, the 2.88M 250, 500 and 1000.
 */
const MEDIA_DD = 0;
const MEDIA_1200K = 1;
const MEDIA_1440K = 2;
const MEDIA_2880K = 3;
const REQUIRED_RATE: Readonly<Record<FloppyDriveType, readonly number[]>> = {
  "360K": [RATE_250K, NO_RATE, NO_RATE, NO_RATE],
  "720K": [RATE_250K, NO_RATE, NO_RATE, NO_RATE],
  "1.2M": [RATE_300K, RATE_500K, NO_RATE, NO_RATE],
  "1.44M": [RATE_250K, NO_RATE, RATE_500K, NO_RATE],
  "2.88M": [RATE_250K, NO_RATE, RATE_500K, RATE_1M],
};

// Main status register (8272A data sheet, "Main Status Register").
const MSR_RQM = 0x80;
const MSR_DIO = 0x40;
const MSR_BUSY = 0x10;

// ST0 (8272A data sheet, Table "Status Register 0").
const ST0_ABNORMAL = 0x40;
const ST0_INVALID = 0x80;
const ST0_READY_CHANGED = 0xc0;
const ST0_SEEK_END = 0x20;
const ST0_EQUIPMENT_CHECK = 0x10;
const ST0_NOT_READY = 0x08;
// ST1.
const ST1_END_OF_CYLINDER = 0x80;
const ST1_DATA_ERROR = 0x20;
const ST1_OVERRUN = 0x10;
const ST1_NO_DATA = 0x04;
const ST1_NOT_WRITABLE = 0x02;
const ST1_MISSING_ADDRESS_MARK = 0x01;
// ST2.
const ST2_DATA_ERROR_IN_DATA_FIELD = 0x20;
const ST2_WRONG_CYLINDER = 0x10;
// ST3.
const ST3_WRITE_PROTECTED = 0x40;
const ST3_READY = 0x20;
const ST3_TRACK_0 = 0x10;
const ST3_TWO_SIDE = 0x08;

// Command codes, bits 4-0 of the first byte (8272A data sheet, "Instruction Set"); bits 7-5 are MT, MF, SK.
const CMD_READ_TRACK = 0x02;
const CMD_SPECIFY = 0x03;
const CMD_SENSE_DRIVE_STATUS = 0x04;
const CMD_WRITE_DATA = 0x05;
const CMD_READ_DATA = 0x06;
const CMD_RECALIBRATE = 0x07;
const CMD_SENSE_INTERRUPT_STATUS = 0x08;
const CMD_READ_ID = 0x0a;
const CMD_FORMAT_TRACK = 0x0d;
const CMD_SEEK = 0x0f;
const CMD_VERSION = 0x10;
const MT = 0x80;

/** Bytes in each implemented command, the command byte included; 0 for codes answered as invalid. */
const COMMAND_LENGTHS = new Uint8Array(32);
COMMAND_LENGTHS[CMD_READ_TRACK] = 9;
COMMAND_LENGTHS[CMD_SPECIFY] = 3;
COMMAND_LENGTHS[CMD_SENSE_DRIVE_STATUS] = 2;
COMMAND_LENGTHS[CMD_WRITE_DATA] = 9;
COMMAND_LENGTHS[CMD_READ_DATA] = 9;
COMMAND_LENGTHS[CMD_RECALIBRATE] = 2;
COMMAND_LENGTHS[CMD_SENSE_INTERRUPT_STATUS] = 1;
COMMAND_LENGTHS[CMD_READ_ID] = 2;
COMMAND_LENGTHS[CMD_FORMAT_TRACK] = 6;
COMMAND_LENGTHS[CMD_SEEK] = 3;
COMMAND_LENGTHS[CMD_VERSION] = 1;

const enum Phase {
  Command = 0,
  Execution = 1,
  Result = 2,
}

/** The uPD765A answers VERSION (10h) as an invalid command, 80h; the 82077AA's 90h marks the enhanced parts. */
const VERSION_UPD765A = 0x80;
/** The 8272A gives up a recalibrate after 77 step pulses without TRK0 (data sheet, "Recalibrate"). */
const RECALIBRATE_MAX_STEPS = 77;
/** Sector size code N of every sector in a raw image: 128 << 2 = 512 bytes. */
const SECTOR_SIZE_CODE = 2;
/** Virtual time from the last command byte to the result phase of a data command, and from reset to its IRQ. */
const EXECUTION_DELAY_NS = 200_000;
const RESET_DELAY_NS = 20_000;
const NS_PER_US = 1_000;

export class FloppyController implements Device {
  readonly name = "fdc";
  readonly ports: readonly PortHandler[];
  /** Called for each sector read from or written to a drive's disk (drive 0–3), for the host's drive lights. */
  onActivity: ((drive: number, operation: "read" | "write") => void) | undefined;

  private dor = 0;
  /** The data rate selected in the CCR (bits 1-0); IBM's PC/XT adapter has none and stays at 250 kb/s. */
  private rate = RATE_250K;
  private phase = Phase.Command;
  private readonly command = new Uint8Array(9);
  private commandIndex = 0;
  private readonly result = new Uint8Array(7);
  private resultIndex = 0;
  private resultLength = 0;
  /** Specify's two parameter bytes: SRT/HUT and HLT/ND. */
  private readonly specify = new Uint8Array(2);
  /** The present cylinder number the controller keeps for each drive. */
  private readonly pcn = new Uint8Array(4);
  /** Where each drive's head really is (differs from PCN only after stepping past a stop). */
  private readonly track = new Uint8Array(4);
  /** The sector each drive's head passes next, so READ ID sees the disk turn. */
  private readonly nextSector = new Uint8Array(4);
  /** The ST0 each drive's pending seek or recalibrate will report. */
  private readonly seekStatus = new Uint8Array(4);
  private readonly seekTarget = new Uint8Array(4);
  /** Seek-end statuses waiting for SENSE INTERRUPT STATUS, oldest first: ST0 and PCN pairs. */
  private readonly pendingStatus = new Uint8Array(8);
  private pendingCount = 0;
  /** Drives whose "ready changed" status after a reset is still to be sensed (8272A polling, four after reset). */
  private resetPolls = 0;
  private interruptPending = false;
  private irqLevel = false;
  private readonly sectorBuffer = new Uint8Array(SECTOR_SIZE);
  private readonly idBuffer = new Uint8Array(4);

  private readonly executionEvent: TimedEvent;
  private readonly resetEvent: TimedEvent;
  private readonly seekEvents: TimedEvent[];

  constructor(private readonly options: FloppyControllerOptions) {
    if (options.drives.length > 4) throw new RangeError("fdc: at most four drives");
    const { scheduler } = options;
    this.executionEvent = scheduler.add(new TimedEvent("fdc execution", () => this.execute()));
    this.resetEvent = scheduler.add(new TimedEvent("fdc reset", () => this.finishReset()));
    this.seekEvents = [0, 1, 2, 3].map((drive) =>
      scheduler.add(new TimedEvent(`fdc seek drive ${drive}`, () => this.finishSeek(drive))),
    );
    const ports: PortHandler[] = [
      options.at
        ? { port: 0x3f2, name: "FDC digital output", read: () => this.dor, write: (_p, v) => this.writeDor(v) }
        : { port: 0x3f2, name: "FDC digital output", write: (_p, v) => this.writeDor(v) },
      { port: 0x3f4, name: "FDC main status", read: () => this.mainStatus() },
      { port: 0x3f5, name: "FDC data", read: () => this.readData(), write: (_p, v) => this.writeData(v) },
    ];
    if (options.at || options.highDensity) {
      ports.push({
        port: 0x3f7,
        name: "FDC digital input/configuration control",
        // DIR in PC/AT mode: bit 7 is DSKCHG of the selected drive, bits 6-0 are not driven (82077AA data sheet,
        // "Digital Input Register") and read as 1 from the bus pull-ups. A CCR write selects the data rate.
        read: () => (this.slot(this.dor & DOR_DRIVE_SELECT)?.changed ? 0xff : 0x7f),
        write: (_p, v) => (this.rate = v & 3),
      });
    }
    this.ports = ports;
    this.reset();
  }

  /**
   * Power-on: the adapter's DOR clears, holding the controller in reset until the BIOS writes it; the rate is
   * 250 kb/s after a hardware reset (82077AA data sheet, CCR/DSR), and a DOR reset leaves it alone.
   */
  reset(): void {
    this.dor = 0;
    this.rate = RATE_250K;
    this.enterReset();
    this.specify.fill(0);
    this.pcn.fill(0);
    this.track.fill(0);
    this.nextSector.fill(1);
  }

  saveState(): DeviceState {
    const due = (event: TimedEvent): number | null => (event.due === Infinity ? null : event.due);
    return {
      dor: this.dor,
      rate: this.rate,
      phase: this.phase,
      command: this.command.slice(),
      commandIndex: this.commandIndex,
      result: this.result.slice(),
      resultIndex: this.resultIndex,
      resultLength: this.resultLength,
      specify: this.specify.slice(),
      pcn: this.pcn.slice(),
      track: this.track.slice(),
      nextSector: this.nextSector.slice(),
      seekStatus: this.seekStatus.slice(),
      seekTarget: this.seekTarget.slice(),
      pendingStatus: this.pendingStatus.slice(),
      pendingCount: this.pendingCount,
      resetPolls: this.resetPolls,
      interruptPending: this.interruptPending,
      diskChanged: this.options.drives.map((drive) => drive.slot.changed),
      executionDue: due(this.executionEvent),
      resetDue: due(this.resetEvent),
      seekDue: this.seekEvents.map(due),
    };
  }

  loadState(state: DeviceState): void {
    const bytes: [Uint8Array, string][] = [
      [this.command, "command"],
      [this.result, "result"],
      [this.specify, "specify"],
      [this.pcn, "pcn"],
      [this.track, "track"],
      [this.nextSector, "nextSector"],
      [this.seekStatus, "seekStatus"],
      [this.seekTarget, "seekTarget"],
      [this.pendingStatus, "pendingStatus"],
    ];
    const numbers = [
      "dor",
      "rate",
      "phase",
      "commandIndex",
      "resultIndex",
      "resultLength",
      "pendingCount",
      "resetPolls",
    ];
    const dueOk = (value: unknown): boolean => value === null || typeof value === "number";
    const { diskChanged, seekDue } = state;
    const ok =
      bytes.every(([target, key]) => state[key] instanceof Uint8Array && state[key].length === target.length) &&
      numbers.every((key) => typeof state[key] === "number") &&
      typeof state.interruptPending === "boolean" &&
      Array.isArray(diskChanged) &&
      diskChanged.length === this.options.drives.length &&
      Array.isArray(seekDue) &&
      seekDue.length === 4 &&
      seekDue.every(dueOk) &&
      dueOk(state.executionDue) &&
      dueOk(state.resetDue);
    if (!ok) throw new Error("fdc: saved state has the wrong shape");
    for (const [target, key] of bytes) target.set(state[key] as Uint8Array);
    this.dor = state.dor as number;
    this.rate = (state.rate as number) & 3;
    this.phase = state.phase as Phase;
    this.commandIndex = state.commandIndex as number;
    this.resultIndex = state.resultIndex as number;
    this.resultLength = state.resultLength as number;
    this.pendingCount = state.pendingCount as number;
    this.resetPolls = state.resetPolls as number;
    this.interruptPending = state.interruptPending as boolean;
    this.options.drives.forEach((drive, i) => (drive.slot.changed = diskChanged[i] === true));
    const { scheduler } = this.options;
    const restore = (event: TimedEvent, due: unknown): void =>
      due === null ? scheduler.cancel(event) : scheduler.schedule(event, due as number);
    restore(this.executionEvent, state.executionDue);
    restore(this.resetEvent, state.resetDue);
    this.seekEvents.forEach((event, i) => restore(event, seekDue[i]));
    // The interrupt controller restores its own view of the line; only this side's record of it is brought back.
    this.irqLevel = this.interruptPending && (this.dor & DOR_DMA_IRQ_ENABLE) !== 0;
  }

  private slot(drive: number): DriveSlot | undefined {
    return this.options.drives[drive]?.slot;
  }

  /** Tracks the drive's head can reach: 40 in the 360K drive, 80 in the others. */
  private tracks(drive: number): number {
    return this.options.drives[drive].type === "360K" ? 40 : 80;
  }

  /**
   * Whether the selected rate is the one the disk's recording density needs in this drive (REQUIRED_RATE). The
   * media kind comes from the image's sectors per track, which the density sets: at most 10 double density, 15 the
   * 1.2M, up to 24 (DMF's 21 included) the 1.44M, more the 2.88M.
   */
  private rateFits(image: DiskImage, drive: number): boolean {
    const spt = image.geometry.sectorsPerTrack;
    const media = spt <= 10 ? MEDIA_DD : spt <= 15 ? MEDIA_1200K : spt <= 24 ? MEDIA_1440K : MEDIA_2880K;
    return REQUIRED_RATE[this.options.drives[drive].type][media] === this.rate;
  }

  private writeDor(value: number): void {
    const wasInReset = (this.dor & DOR_NOT_RESET) === 0;
    this.dor = value;
    if ((value & DOR_NOT_RESET) === 0) this.enterReset();
    else if (wasInReset) this.options.scheduler.scheduleIn(this.resetEvent, RESET_DELAY_NS);
    this.updateIrq();
  }

  /** RESET held: the command in progress and every pending status are dropped (8272A data sheet, "Reset"). */
  private enterReset(): void {
    const { scheduler } = this.options;
    scheduler.cancel(this.executionEvent);
    scheduler.cancel(this.resetEvent);
    for (const event of this.seekEvents) scheduler.cancel(event);
    this.phase = Phase.Command;
    this.commandIndex = 0;
    this.resultIndex = 0;
    this.resultLength = 0;
    this.pendingCount = 0;
    this.resetPolls = 0;
    this.interruptPending = false;
    this.updateIrq();
  }

  /**
   * Leaving reset the controller polls the four drives, sees each one's ready line change and interrupts; the
   * BIOS then senses four "ready changed" statuses, C0h to C3h (82077AA data sheet, "Polling").
   */
  private finishReset(): void {
    this.resetPolls = 4;
    this.raiseInterrupt();
  }

  private mainStatus(): number {
    if ((this.dor & DOR_NOT_RESET) === 0) return 0;
    let status = 0;
    for (let drive = 0; drive < 4; drive++) if (this.seekEvents[drive].due !== Infinity) status |= 1 << drive;
    if (this.phase === Phase.Result) return status | MSR_RQM | MSR_DIO | MSR_BUSY;
    if (this.phase === Phase.Execution) return status | MSR_BUSY;
    return status | MSR_RQM | (this.commandIndex > 0 ? MSR_BUSY : 0);
  }

  private readData(): number {
    if (this.phase !== Phase.Result) return 0xff;
    // Reading the result of a data command (the seven-byte results) clears the interrupt it raised (8272A data
    // sheet, "Interrupt"); the results of SENSE DRIVE STATUS and the like leave a pending seek interrupt alone.
    if (this.resultIndex === 0 && this.resultLength === 7) this.clearInterrupt();
    const value = this.result[this.resultIndex++];
    if (this.resultIndex >= this.resultLength) this.phase = Phase.Command;
    return value;
  }

  private writeData(value: number): void {
    if ((this.dor & DOR_NOT_RESET) === 0 || this.phase !== Phase.Command) return;
    this.command[this.commandIndex++] = value;
    const code = this.command[0] & 0x1f;
    const length = COMMAND_LENGTHS[code];
    if (length === 0) {
      this.commandIndex = 0;
      this.setResult1(ST0_INVALID);
      return;
    }
    if (this.commandIndex < length) return;
    this.commandIndex = 0;
    // The reset's polled statuses are only for the SENSE INTERRUPT STATUS commands that follow the reset; a BIOS
    // that senses only the first (the IBM PC's) goes on with other commands, which drop the rest.
    if (code !== CMD_SENSE_INTERRUPT_STATUS) this.resetPolls = 0;
    switch (code) {
      case CMD_SPECIFY:
        this.specify[0] = this.command[1];
        this.specify[1] = this.command[2];
        return;
      case CMD_SENSE_DRIVE_STATUS:
        return this.setResult1(this.senseDriveStatus());
      case CMD_SENSE_INTERRUPT_STATUS:
        return this.senseInterruptStatus();
      case CMD_VERSION:
        return this.setResult1(VERSION_UPD765A);
      case CMD_RECALIBRATE:
        return this.startSeek(this.command[1] & 3, 0, true);
      case CMD_SEEK:
        return this.startSeek(this.command[1] & 3, this.command[2], false);
      default:
        this.phase = Phase.Execution;
        this.options.scheduler.scheduleIn(this.executionEvent, EXECUTION_DELAY_NS);
    }
  }

  private setResult1(value: number): void {
    this.result[0] = value;
    this.resultIndex = 0;
    this.resultLength = 1;
    this.phase = Phase.Result;
  }

  private senseDriveStatus(): number {
    const unit = this.command[1] & 7; // HD and US1-US0
    const drive = unit & 3;
    const image = this.slot(drive)?.image;
    // The PC adapters tie the controller's READY input active (IBM PC AT Technical Reference), so RY is always 1.
    let st3 = unit | ST3_READY;
    if (drive < this.options.drives.length) {
      st3 |= ST3_TWO_SIDE;
      if (this.track[drive] === 0) st3 |= ST3_TRACK_0;
      if (image?.writeProtected) st3 |= ST3_WRITE_PROTECTED;
    }
    return st3;
  }

  private senseInterruptStatus(): void {
    let st0: number;
    let pcn: number;
    if (this.resetPolls > 0) {
      const drive = 4 - this.resetPolls--;
      st0 = ST0_READY_CHANGED | drive;
      pcn = this.pcn[drive];
    } else if (this.pendingCount > 0) {
      st0 = this.pendingStatus[0];
      pcn = this.pendingStatus[1];
      this.pendingStatus.copyWithin(0, 2);
      this.pendingCount--;
    } else {
      // Nothing to report: "invalid command" (8272A data sheet, "Sense Interrupt Status").
      return this.setResult1(ST0_INVALID);
    }
    this.clearInterrupt();
    this.result[0] = st0;
    this.result[1] = pcn;
    this.resultIndex = 0;
    this.resultLength = 2;
    this.phase = Phase.Result;
  }

  /**
   * SEEK and RECALIBRATE step the head while the controller takes other commands: the drive's busy bit in the
   * main status register is set until the seek ends with an interrupt. A step takes 16-SRT units of the data
   * rate's step unit (Specify; 82077AA data sheet: 1 ms at 500 kb/s, 2 ms at 250 kb/s).
   */
  private startSeek(drive: number, target: number, recalibrate: boolean): void {
    const head = (this.command[1] >> 2) & 1;
    const present = drive < this.options.drives.length;
    let steps: number;
    let st0 = ST0_SEEK_END | (head << 2) | drive;
    if (recalibrate) {
      // An absent drive never shows TRK0: equipment check after 77 pulses (8272A data sheet, "Recalibrate").
      const distance = present ? this.track[drive] : RECALIBRATE_MAX_STEPS + 1;
      steps = Math.min(distance, RECALIBRATE_MAX_STEPS);
      if (distance > RECALIBRATE_MAX_STEPS) st0 |= ST0_ABNORMAL | ST0_EQUIPMENT_CHECK;
    } else {
      steps = Math.abs(target - this.pcn[drive]);
    }
    this.seekStatus[drive] = st0;
    this.seekTarget[drive] = recalibrate ? 0 : target;
    if (present && steps > 0) {
      const limit = this.tracks(drive) - 1;
      const direction = recalibrate || target < this.pcn[drive] ? -1 : 1;
      this.track[drive] = Math.max(0, Math.min(limit, this.track[drive] + direction * steps));
      // A step pulse with a disk in the drive resets its disk change latch (82077AA data sheet, DIR bit 7).
      this.options.drives[drive].slot.stepped();
    }
    const stepNs = (16 - (this.specify[0] >> 4)) * STEP_UNIT_US[this.rate] * NS_PER_US;
    this.options.scheduler.scheduleIn(this.seekEvents[drive], RESET_DELAY_NS + steps * stepNs);
  }

  private finishSeek(drive: number): void {
    this.pcn[drive] = this.seekTarget[drive];
    if (this.pendingCount < 4) {
      this.pendingStatus[this.pendingCount * 2] = this.seekStatus[drive];
      this.pendingStatus[this.pendingCount * 2 + 1] = this.pcn[drive];
      this.pendingCount++;
    }
    this.raiseInterrupt();
  }

  /** The execution phase of a data command, run once its delay has passed; it ends in the result phase. */
  private execute(): void {
    const code = this.command[0] & 0x1f;
    const drive = this.command[1] & 3;
    const head = (this.command[1] >> 2) & 1;
    const image = this.slot(drive)?.image ?? null;
    if (!image) {
      const [c, h, r, n] = this.command.subarray(2, 6);
      this.finish(ST0_ABNORMAL | ST0_NOT_READY | (head << 2), 0, 0, c, h, r, n);
      return;
    }
    // At the wrong data rate the read channel never finds an address mark: after two index pulses the controller
    // ends with "missing address mark" (8272A data sheet, ST1 bit 0). A format at such a rate would lay down a
    // track of another density, which a raw image cannot hold: it is refused the same way and the image kept. A
    // write-protected disk is refused before any search; the write and format paths check that first.
    const writes = code === CMD_WRITE_DATA || code === CMD_FORMAT_TRACK;
    if (!this.rateFits(image, drive) && !(writes && image.writeProtected)) {
      const st0 = ST0_ABNORMAL | (head << 2);
      // READ ID and FORMAT have no C, H, R of their own to report; FORMAT's N is its second parameter.
      if (code === CMD_READ_ID) this.finish(st0, ST1_MISSING_ADDRESS_MARK, 0, 0, 0, 0, SECTOR_SIZE_CODE);
      else if (code === CMD_FORMAT_TRACK) this.finish(st0, ST1_MISSING_ADDRESS_MARK, 0, 0, 0, 0, this.command[2]);
      else {
        const [c, h, r, n] = this.command.subarray(2, 6);
        this.finish(st0, ST1_MISSING_ADDRESS_MARK, 0, c, h, r, n);
      }
      return;
    }
    if (code === CMD_READ_ID) this.readId(image, drive, head);
    else if (code === CMD_FORMAT_TRACK) this.formatTrack(image, drive, head);
    else this.transferSectors(image, drive, head, code);
  }

  /** The cylinder recorded on the track under the head, or -1 if the image has no such track (no ID fields). */
  private mediaCylinder(image: DiskImage, drive: number, head: number): number {
    const { cylinders, heads } = image.geometry;
    const doubleStepped = this.tracks(drive) === 80 && cylinders <= 42;
    const cylinder = doubleStepped ? this.track[drive] >> 1 : this.track[drive];
    return cylinder < cylinders && head < heads ? cylinder : -1;
  }

  /**
   * READ DATA, WRITE DATA and READ TRACK: sector after sector until DMA terminal count, the end of the track (EOT),
   * or an error. With MT the transfer goes on from the end of head 0 to sector 1 of head 1. The C, H, R reported
   * follow the 8272A data sheet table "C, H, R and N at the end of the result phase".
   */
  private transferSectors(image: DiskImage, drive: number, head: number, code: number): void {
    const { dma } = this.options;
    const multitrack = (this.command[0] & MT) !== 0 && code !== CMD_READ_TRACK;
    const writing = code === CMD_WRITE_DATA;
    let c = this.command[2];
    let h = this.command[3];
    let r = code === CMD_READ_TRACK ? 1 : this.command[4];
    const n = this.command[5];
    const eot = this.command[6];
    let physicalHead = head;
    let st1 = 0;
    if (writing && image.writeProtected) {
      this.finish(ST0_ABNORMAL | (head << 2), ST1_NOT_WRITABLE, 0, c, h, r, n);
      return;
    }
    const dmaEnabled = (this.dor & DOR_DMA_IRQ_ENABLE) !== 0;
    for (;;) {
      const cylinder = this.mediaCylinder(image, drive, physicalHead);
      const st0Head = physicalHead << 2;
      if (cylinder < 0) {
        this.finish(ST0_ABNORMAL | st0Head, ST1_MISSING_ADDRESS_MARK, 0, c, h, r, n);
        return;
      }
      const idMatches = c === cylinder && h === physicalHead && n === SECTOR_SIZE_CODE;
      const lba = idMatches ? chsToLba(image.geometry, cylinder, physicalHead, r) : -1;
      if (lba < 0) {
        // READ TRACK reads the sectors in track order whatever their IDs, flagging a mismatch (8272A, "Read Track").
        const inTrack = code === CMD_READ_TRACK && r <= image.geometry.sectorsPerTrack;
        if (!inTrack) {
          const st2 = c !== cylinder ? ST2_WRONG_CYLINDER : 0;
          this.finish(ST0_ABNORMAL | st0Head, st1 | ST1_NO_DATA, st2, c, h, r, n);
          return;
        }
        st1 |= ST1_NO_DATA;
      }
      const sectorLba = lba >= 0 ? lba : chsToLba(image.geometry, cylinder, physicalHead, r);
      let moved: number;
      try {
        if (writing) {
          moved = dmaEnabled ? dma.readFromMemory(FLOPPY_DMA_CHANNEL, this.sectorBuffer, 0, SECTOR_SIZE) : 0;
          // Terminal count inside a sector: the rest of the data field is written with zeros (8272A, "Write Data").
          this.sectorBuffer.fill(0, moved);
          if (moved === SECTOR_SIZE || dma.reachedTerminalCount) {
            image.writeSectors(sectorLba, 1, this.sectorBuffer);
            this.onActivity?.(drive, "write");
          }
        } else {
          image.readSectors(sectorLba, 1, this.sectorBuffer);
          this.onActivity?.(drive, "read");
          moved = dmaEnabled ? dma.writeToMemory(FLOPPY_DMA_CHANNEL, this.sectorBuffer, 0, SECTOR_SIZE) : 0;
        }
      } catch (error) {
        const protectedDisk = error instanceof DiskWriteProtectedError;
        const st2 = protectedDisk ? 0 : ST2_DATA_ERROR_IN_DATA_FIELD;
        this.finish(ST0_ABNORMAL | st0Head, protectedDisk ? ST1_NOT_WRITABLE : ST1_DATA_ERROR, st2, c, h, r, n);
        return;
      }
      const terminalCount = dmaEnabled && dma.reachedTerminalCount;
      if (!terminalCount && moved < SECTOR_SIZE) {
        // Nobody serviced DRQ in time: the controller overruns (8272A data sheet, ST1 bit 4).
        this.finish(ST0_ABNORMAL | st0Head, st1 | ST1_OVERRUN, 0, c, h, r, n);
        return;
      }
      if (r !== eot) {
        r++;
        if (terminalCount) return this.finish(st0Head, st1, 0, c, h, r, n);
        continue;
      }
      r = 1;
      if (multitrack && physicalHead === 0) {
        h ^= 1;
        physicalHead = 1;
        if (terminalCount) return this.finish(st0Head, st1, 0, c, h, r, n);
        continue;
      }
      if (multitrack) h ^= 1;
      c = (c + 1) & 0xff;
      // Past EOT without terminal count the controller stops with "end of cylinder" (8272A data sheet, ST1 bit 7);
      // the PC's DMA count normally ends the transfer on the last sector, which is a normal termination.
      if (terminalCount) return this.finish(st0Head, st1, 0, c, h, r, n);
      return this.finish(ST0_ABNORMAL | st0Head, st1 | ST1_END_OF_CYLINDER, 0, c, h, r, n);
    }
  }

  /** READ ID: the first ID field to pass under the head. */
  private readId(image: DiskImage, drive: number, head: number): void {
    const cylinder = this.mediaCylinder(image, drive, head);
    if (cylinder < 0) {
      this.finish(ST0_ABNORMAL | (head << 2), ST1_MISSING_ADDRESS_MARK, 0, 0, 0, 0, SECTOR_SIZE_CODE);
      return;
    }
    const sector = this.nextSector[drive];
    this.nextSector[drive] = sector >= image.geometry.sectorsPerTrack ? 1 : sector + 1;
    this.finish(head << 2, 0, 0, cylinder, head, sector, SECTOR_SIZE_CODE);
  }

  /**
   * FORMAT TRACK takes one C, H, R, N ID per sector by DMA and fills each data field with the byte D. A raw image
   * stores only its own layout, so a sector is written when its ID is one the image has (this track's cylinder and
   * head, N=2, R within the track); other IDs are consumed and have no effect.
   */
  private formatTrack(image: DiskImage, drive: number, head: number): void {
    const { dma } = this.options;
    const sectors = this.command[3];
    const fill = this.command[5];
    const st0Head = head << 2;
    if (image.writeProtected) {
      this.finish(ST0_ABNORMAL | st0Head, ST1_NOT_WRITABLE, 0, 0, 0, 0, this.command[2]);
      return;
    }
    const cylinder = this.mediaCylinder(image, drive, head);
    const dmaEnabled = (this.dor & DOR_DMA_IRQ_ENABLE) !== 0;
    const id = this.idBuffer;
    id.fill(0);
    this.sectorBuffer.fill(fill);
    for (let i = 0; i < sectors; i++) {
      const moved = dmaEnabled ? dma.readFromMemory(FLOPPY_DMA_CHANNEL, id, 0, 4) : 0;
      const terminalCount = dmaEnabled && dma.reachedTerminalCount;
      if (moved < 4 && !terminalCount) {
        this.finish(ST0_ABNORMAL | st0Head, ST1_OVERRUN, 0, id[0], id[1], id[2], this.command[2]);
        return;
      }
      const fits = id[0] === cylinder && id[1] === head && id[3] === SECTOR_SIZE_CODE;
      const lba = fits && this.command[2] === SECTOR_SIZE_CODE ? chsToLba(image.geometry, cylinder, head, id[2]) : -1;
      try {
        if (lba >= 0) {
          image.writeSectors(lba, 1, this.sectorBuffer);
          this.onActivity?.(drive, "write");
        }
      } catch {
        this.finish(ST0_ABNORMAL | st0Head, ST1_DATA_ERROR, 0, id[0], id[1], id[2], this.command[2]);
        return;
      }
      if (terminalCount) break;
    }
    this.finish(st0Head, 0, 0, id[0], id[1], id[2], this.command[2]);
  }

  /** Enters the result phase of a data command: ST0 (with the drive number), ST1, ST2, C, H, R, N; IRQ 6. */
  private finish(st0: number, st1: number, st2: number, c: number, h: number, r: number, n: number): void {
    this.result[0] = st0 | (this.command[1] & 3);
    this.result[1] = st1;
    this.result[2] = st2;
    this.result[3] = c;
    this.result[4] = h;
    this.result[5] = r;
    this.result[6] = n;
    this.resultIndex = 0;
    this.resultLength = 7;
    this.phase = Phase.Result;
    this.raiseInterrupt();
  }

  private raiseInterrupt(): void {
    this.interruptPending = true;
    this.updateIrq();
  }

  private clearInterrupt(): void {
    this.interruptPending = false;
    this.updateIrq();
  }

  /** The adapter gates the controller's INT onto IRQ 6 with DOR bit 3 (IBM PC AT Technical Reference). */
  private updateIrq(): void {
    const level = this.interruptPending && (this.dor & DOR_DMA_IRQ_ENABLE) !== 0;
    if (level === this.irqLevel) return;
    this.irqLevel = level;
    this.options.interrupts.setIrq(FLOPPY_IRQ, level);
  }
}
