/**
 * The primary ATA (IDE) channel of an AT: the command block at 1F0h-1F7h, the control block's alternate status and
 * device control at 3F6h, IRQ 14, with a master and an optional slave hard disk. Registers, status and error bits
 * and the commands follow ANSI X3.221-1994 (ATA-1) and X3.279-1996 (ATA-2); the port layout and IRQ are those of
 * the IBM PC AT fixed disk adapter (IBM PC AT Technical Reference, "Fixed Disk and Diskette Drive Adapter").
 *
 * Data moves by PIO only. The data register is 16 bits wide: its handler has `read16`/`write16`, which the I/O bus
 * uses for word accesses as ATA asserts IOCS16#; byte accesses also work, each moving the next byte of the sector
 * buffer, so two byte reads in a row give the same little-endian word.
 *
 * Not modelled: DMA transfers, SET FEATURES and the power management commands (they are aborted, which ATA allows
 * for optional commands), the obsolete drive address register at 3F7h (the diskette controller owns that port).
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import type { Scheduler } from "../scheduler.ts";
import { TimedEvent } from "../scheduler.ts";
import type { DiskGeometry } from "../disk/disk-geometry.ts";
import { SECTOR_SIZE } from "../disk/disk-geometry.ts";
import { DiskWriteProtectedError } from "../disk/disk-image-error.ts";
import type { DiskImage } from "../disk/disk-image.ts";

export const ATA_IRQ = 14;

export interface AtaControllerOptions {
  readonly scheduler: Scheduler;
  readonly interrupts: InterruptLines;
  readonly master: DiskImage;
  readonly slave?: DiskImage | null;
}

// Status register (ATA-1 7.2.13).
const BSY = 0x80;
const DRDY = 0x40;
const DSC = 0x10;
const DRQ = 0x08;
const ERR = 0x01;
// Error register (ATA-1 7.2.9); bit 6 is UNC on reads and, from ATA-4, WP ("media write protected") on writes.
const ERROR_UNCORRECTABLE = 0x40;
const ERROR_WRITE_PROTECTED = 0x40;
const ERROR_ID_NOT_FOUND = 0x10;
const ERROR_ABORTED = 0x04;
/** EXECUTE DEVICE DIAGNOSTIC code "device 0 passed, device 1 passed or not present" (ATA-1 8.7, Table 10). */
const DIAGNOSTIC_PASSED = 0x01;
// Device control register (ATA-1 7.2.6).
const CONTROL_NIEN = 0x02;
const CONTROL_SRST = 0x04;
// Drive/head register (ATA-1 7.2.8).
const DH_LBA = 0x40;
const DH_DEV = 0x10;

const CMD_RECALIBRATE = 0x10; // 10h-1Fh
const CMD_READ_SECTORS = 0x20; // and 21h, without retries
const CMD_WRITE_SECTORS = 0x30; // and 31h
const CMD_READ_VERIFY = 0x40; // and 41h
const CMD_SEEK = 0x70; // 70h-7Fh
const CMD_EXECUTE_DIAGNOSTIC = 0x90;
const CMD_INITIALIZE_PARAMETERS = 0x91;
const CMD_READ_MULTIPLE = 0xc4;
const CMD_WRITE_MULTIPLE = 0xc5;
const CMD_SET_MULTIPLE = 0xc6;
const CMD_IDENTIFY = 0xec;

/** Largest READ/WRITE MULTIPLE block (IDENTIFY word 47); SET MULTIPLE MODE takes powers of two up to it. */
const MAX_MULTIPLE = 16;
/** Without a partition table to say otherwise, the translation every ATA-era BIOS expects: 16 heads, 63 sectors. */
const DEFAULT_HEADS = 16;
const DEFAULT_SECTORS_PER_TRACK = 63;
/** ATA-1 CHS cylinder registers hold 16 bits; IDENTIFY reports at most 16383 default cylinders (ATA-2 6.2.1). */
const MAX_DEFAULT_CYLINDERS = 16383;
const LBA28_LIMIT = 0x0fffffff;
/** Virtual time a command or a sector block takes: short, so BIOS polling loops are exercised but not slowed. */
const COMMAND_DELAY_NS = 20_000;
const RESET_DELAY_NS = 50_000;

const enum Transfer {
  None = 0,
  /** Data in: the host reads a block of sectors from the buffer. */
  Read = 1,
  /** Data out: the host fills the buffer with a block of sectors. */
  Write = 2,
}

export class AtaController implements Device {
  readonly name = "ata-primary";
  readonly ports: readonly PortHandler[];
  /** Called for each block read or written (device 0 master, 1 slave), for the host's drive lights. */
  onActivity: ((device: number, operation: "read" | "write") => void) | undefined;

  // The command block registers; both devices latch every write (ATA-1 7.1), so one copy serves both.
  private features = 0;
  private sectorCount = 0;
  private sectorNumber = 0;
  private cylinderLow = 0;
  private cylinderHigh = 0;
  private driveHead = 0;
  private deviceControl = 0;
  // Per device (0 master, 1 slave).
  private readonly status = new Uint8Array(2);
  private readonly error = new Uint8Array(2);
  private readonly multipleCount = new Uint8Array(2);
  /** The translation set by INITIALIZE DEVICE PARAMETERS: cylinders, heads, sectors per track for each device. */
  private readonly geometry = new Uint16Array(6);
  // The command in progress.
  private command = 0;
  private activeDevice = 0;
  private transfer = Transfer.None;
  private lba = 0;
  /** Sectors still to transfer, the current block included. */
  private remaining = 0;
  private blockSectors = 0;
  private readonly buffer = new Uint8Array(MAX_MULTIPLE * SECTOR_SIZE);
  private bufferIndex = 0;
  private bufferLength = 0;
  private interruptPending = false;
  private irqLevel = false;

  private readonly commandEvent: TimedEvent;
  private readonly resetEvent: TimedEvent;
  private readonly disks: readonly (DiskImage | null)[];

  constructor(private readonly options: AtaControllerOptions) {
    this.disks = [options.master, options.slave ?? null];
    this.commandEvent = options.scheduler.add(new TimedEvent("ata command", () => this.runCommand()));
    this.resetEvent = options.scheduler.add(new TimedEvent("ata reset", () => this.finishReset()));
    const data: PortHandler = {
      port: 0x1f0,
      name: "ATA data",
      read: () => this.readDataByte(),
      write: (_p, value) => this.writeDataByte(value),
      read16: () => this.readDataByte() | (this.readDataByte() << 8),
      write16: (_p, value) => {
        this.writeDataByte(value & 0xff);
        this.writeDataByte(value >>> 8);
      },
    };
    this.ports = [
      data,
      {
        port: 0x1f1,
        name: "ATA error/features",
        read: () => this.error[this.selected()],
        write: (_p, v) => void (this.features = v),
      },
      {
        port: 0x1f2,
        name: "ATA sector count",
        read: () => this.sectorCount,
        write: (_p, v) => void (this.sectorCount = v),
      },
      {
        port: 0x1f3,
        name: "ATA sector number",
        read: () => this.sectorNumber,
        write: (_p, v) => void (this.sectorNumber = v),
      },
      {
        port: 0x1f4,
        name: "ATA cylinder low",
        read: () => this.cylinderLow,
        write: (_p, v) => void (this.cylinderLow = v),
      },
      {
        port: 0x1f5,
        name: "ATA cylinder high",
        read: () => this.cylinderHigh,
        write: (_p, v) => void (this.cylinderHigh = v),
      },
      {
        port: 0x1f6,
        name: "ATA drive/head",
        read: () => this.driveHead,
        write: (_p, v) => void (this.driveHead = v),
      },
      {
        port: 0x1f7,
        name: "ATA status/command",
        read: () => this.readStatus(),
        write: (_p, v) => this.writeCommand(v),
      },
      {
        port: 0x3f6,
        name: "ATA alternate status/device control",
        read: () => this.selectedStatus(),
        write: (_p, v) => this.writeDeviceControl(v),
      },
    ];
    this.reset();
  }

  /** Power-on: both devices pass their diagnostics and show the reset signature (ATA-2 9.1). */
  reset(): void {
    const { scheduler } = this.options;
    scheduler.cancel(this.commandEvent);
    scheduler.cancel(this.resetEvent);
    this.features = 0;
    this.deviceControl = 0;
    this.multipleCount.fill(0);
    for (let device = 0; device < 2; device++) this.setDefaultGeometry(device);
    this.interruptPending = false;
    this.resetDevices();
  }

  saveState(): DeviceState {
    return {
      registers: new Uint8Array([
        this.features,
        this.sectorCount,
        this.sectorNumber,
        this.cylinderLow,
        this.cylinderHigh,
        this.driveHead,
        this.deviceControl,
      ]),
      status: this.status.slice(),
      error: this.error.slice(),
      multipleCount: this.multipleCount.slice(),
      geometry: this.geometry.slice(),
      command: this.command,
      activeDevice: this.activeDevice,
      transfer: this.transfer,
      lba: this.lba,
      remaining: this.remaining,
      blockSectors: this.blockSectors,
      buffer: this.buffer.slice(),
      bufferIndex: this.bufferIndex,
      bufferLength: this.bufferLength,
      interruptPending: this.interruptPending,
      commandDue: this.commandEvent.due === Infinity ? null : this.commandEvent.due,
      resetDue: this.resetEvent.due === Infinity ? null : this.resetEvent.due,
    };
  }

  loadState(state: DeviceState): void {
    const { registers, status, error, multipleCount, geometry, buffer, commandDue, resetDue } = state;
    const numbers = ["command", "activeDevice", "transfer", "lba", "remaining", "blockSectors"];
    const ok =
      registers instanceof Uint8Array &&
      registers.length === 7 &&
      status instanceof Uint8Array &&
      status.length === 2 &&
      error instanceof Uint8Array &&
      error.length === 2 &&
      multipleCount instanceof Uint8Array &&
      multipleCount.length === 2 &&
      geometry instanceof Uint16Array &&
      geometry.length === 6 &&
      buffer instanceof Uint8Array &&
      buffer.length === this.buffer.length &&
      [...numbers, "bufferIndex", "bufferLength"].every((key) => typeof state[key] === "number") &&
      typeof state.interruptPending === "boolean" &&
      (commandDue === null || typeof commandDue === "number") &&
      (resetDue === null || typeof resetDue === "number");
    if (!ok) throw new Error("ata: saved state has the wrong shape");
    [
      this.features,
      this.sectorCount,
      this.sectorNumber,
      this.cylinderLow,
      this.cylinderHigh,
      this.driveHead,
      this.deviceControl,
    ] = registers;
    this.status.set(status);
    this.error.set(error);
    this.multipleCount.set(multipleCount);
    this.geometry.set(geometry);
    this.buffer.set(buffer);
    this.command = state.command as number;
    this.activeDevice = state.activeDevice as number;
    this.transfer = state.transfer as Transfer;
    this.lba = state.lba as number;
    this.remaining = state.remaining as number;
    this.blockSectors = state.blockSectors as number;
    this.bufferIndex = state.bufferIndex as number;
    this.bufferLength = state.bufferLength as number;
    this.interruptPending = state.interruptPending as boolean;
    const { scheduler } = this.options;
    if (commandDue === null) scheduler.cancel(this.commandEvent);
    else scheduler.schedule(this.commandEvent, commandDue);
    if (resetDue === null) scheduler.cancel(this.resetEvent);
    else scheduler.schedule(this.resetEvent, resetDue);
    // The interrupt controller restores its own view of the line; only this side's record of it is brought back.
    this.irqLevel = this.interruptPending && (this.deviceControl & CONTROL_NIEN) === 0;
  }

  private selected(): number {
    return (this.driveHead & DH_DEV) >> 4;
  }

  /** An absent device 1 reads as status 00h (ATA-1 7.2.13 note: device 0 answers for it with 00h). */
  private selectedStatus(): number {
    const device = this.selected();
    return this.disks[device] ? this.status[device] : 0;
  }

  private readStatus(): number {
    // Reading the status register (not the alternate status) clears a pending interrupt (ATA-1 5.2.9).
    this.clearInterrupt();
    return this.selectedStatus();
  }

  private writeDeviceControl(value: number): void {
    const wasReset = (this.deviceControl & CONTROL_SRST) !== 0;
    this.deviceControl = value;
    if (value & CONTROL_SRST) {
      // SRST held: both devices are busy and drop what they were doing (ATA-1 9.2).
      this.options.scheduler.cancel(this.commandEvent);
      this.options.scheduler.cancel(this.resetEvent);
      this.transfer = Transfer.None;
      this.status.fill(BSY);
      this.interruptPending = false;
    } else if (wasReset) {
      this.options.scheduler.scheduleIn(this.resetEvent, RESET_DELAY_NS);
    }
    this.updateIrq();
  }

  /** The end of a soft reset: the devices come back as after power-on, with no interrupt (ATA-1 9.2). */
  private finishReset(): void {
    this.resetDevices();
  }

  private resetDevices(): void {
    this.writeSignature();
    this.transfer = Transfer.None;
    this.bufferIndex = 0;
    this.bufferLength = 0;
    for (let device = 0; device < 2; device++) {
      this.status[device] = this.disks[device] ? DRDY | DSC : 0;
      this.error[device] = DIAGNOSTIC_PASSED;
    }
    this.updateIrq();
  }

  /** The register values after reset and diagnostics (ATA-2 9.1): count 1, sector 1, cylinder 0, device 0. */
  private writeSignature(): void {
    this.sectorCount = 1;
    this.sectorNumber = 1;
    this.cylinderLow = 0;
    this.cylinderHigh = 0;
    this.driveHead = 0;
  }

  private setDefaultGeometry(device: number): void {
    const disk = this.disks[device];
    if (!disk) {
      this.geometry.fill(0, device * 3, device * 3 + 3);
      return;
    }
    const { cylinders, heads, sectorsPerTrack } = defaultGeometry(disk);
    this.setGeometry(device, cylinders, heads, sectorsPerTrack);
  }

  private setGeometry(device: number, cylinders: number, heads: number, sectorsPerTrack: number): void {
    this.geometry[device * 3] = cylinders;
    this.geometry[device * 3 + 1] = heads;
    this.geometry[device * 3 + 2] = sectorsPerTrack;
  }

  private writeCommand(value: number): void {
    const device = this.selected();
    // A device that is absent, busy or being reset does not take the command (ATA-1 7.2.4), except that EXECUTE
    // DEVICE DIAGNOSTIC goes to both devices whichever is selected.
    const addressed = value === CMD_EXECUTE_DIAGNOSTIC ? 0 : device;
    if (!this.disks[addressed] || this.status[addressed] & BSY || this.deviceControl & CONTROL_SRST) return;
    this.clearInterrupt();
    this.command = value;
    this.activeDevice = addressed;
    this.transfer = Transfer.None;
    this.error[addressed] = 0;
    if (value === CMD_WRITE_SECTORS || value === CMD_WRITE_SECTORS + 1 || value === CMD_WRITE_MULTIPLE) {
      if (!this.startSectors(value === CMD_WRITE_MULTIPLE)) return;
      // Data out: the device asks for the first block at once, without an interrupt (ATA-1 10.2, PIO data out).
      this.beginBlock(Transfer.Write);
      return;
    }
    this.status[addressed] = BSY | DSC;
    this.options.scheduler.scheduleIn(this.commandEvent, COMMAND_DELAY_NS);
  }

  /** Takes the address and count from the registers; false (and the command aborted) if it cannot run. */
  private startSectors(multiple: boolean): boolean {
    const device = this.activeDevice;
    if (multiple && this.multipleCount[device] === 0) {
      this.fail(ERROR_ABORTED);
      return false;
    }
    this.lba = this.addressFromRegisters();
    this.remaining = this.sectorCount || 256;
    this.blockSectors = multiple ? this.multipleCount[device] : 1;
    return true;
  }

  /** The sector the registers name, in CHS or LBA, or -1 if the address does not exist. */
  private addressFromRegisters(): number {
    const device = this.activeDevice;
    const disk = this.disks[device]!;
    if (this.driveHead & DH_LBA) {
      const lba =
        ((this.driveHead & 0x0f) << 24) | (this.cylinderHigh << 16) | (this.cylinderLow << 8) | this.sectorNumber;
      return lba < disk.sectorCount ? lba : -1;
    }
    const cylinders = this.geometry[device * 3];
    const heads = this.geometry[device * 3 + 1];
    const sectors = this.geometry[device * 3 + 2];
    const cylinder = (this.cylinderHigh << 8) | this.cylinderLow;
    const head = this.driveHead & 0x0f;
    const sector = this.sectorNumber;
    if (cylinder >= cylinders || head >= heads || sector < 1 || sector > sectors) return -1;
    const lba = (cylinder * heads + head) * sectors + sector - 1;
    return lba < disk.sectorCount ? lba : -1;
  }

  /** Points the registers at sector `lba`, as the device leaves them at the sector last processed or in error. */
  private writeAddress(lba: number): void {
    if (this.driveHead & DH_LBA) {
      this.sectorNumber = lba & 0xff;
      this.cylinderLow = (lba >>> 8) & 0xff;
      this.cylinderHigh = (lba >>> 16) & 0xff;
      this.driveHead = (this.driveHead & 0xf0) | ((lba >>> 24) & 0x0f);
      return;
    }
    const heads = this.geometry[this.activeDevice * 3 + 1];
    const sectors = this.geometry[this.activeDevice * 3 + 2];
    const cylinder = Math.floor(lba / (heads * sectors));
    this.sectorNumber = (lba % sectors) + 1;
    this.cylinderLow = cylinder & 0xff;
    this.cylinderHigh = (cylinder >>> 8) & 0xff;
    this.driveHead = (this.driveHead & 0xf0) | (Math.floor(lba / sectors) % heads);
  }

  /** The sectors of the next block that exist; 0 when the block starts past the end of the disk. */
  private blockLength(): number {
    if (this.lba < 0) return 0;
    const available = this.disks[this.activeDevice]!.sectorCount - this.lba;
    return Math.max(0, Math.min(this.blockSectors, this.remaining, available));
  }

  private beginBlock(transfer: Transfer): void {
    this.transfer = transfer;
    this.bufferIndex = 0;
    this.bufferLength = Math.max(1, this.blockLength()) * SECTOR_SIZE;
    this.status[this.activeDevice] = DRDY | DSC | DRQ;
  }

  private runCommand(): void {
    const command = this.command;
    const device = this.activeDevice;
    if (command === CMD_READ_SECTORS || command === CMD_READ_SECTORS + 1 || command === CMD_READ_MULTIPLE) {
      if (this.transfer === Transfer.None && !this.startSectors(command === CMD_READ_MULTIPLE)) return;
      return this.readBlock();
    }
    if (this.transfer === Transfer.Write) return this.writeBlock();
    if ((command & 0xf0) === CMD_RECALIBRATE) return this.complete();
    if ((command & 0xf0) === CMD_SEEK) {
      return this.addressFromRegisters() < 0 ? this.fail(ERROR_ID_NOT_FOUND) : this.complete();
    }
    switch (command) {
      case CMD_READ_VERIFY:
      case CMD_READ_VERIFY + 1:
        return this.verify();
      case CMD_IDENTIFY:
        this.fillIdentify(device);
        this.remaining = 1;
        this.blockSectors = 1;
        this.lba = 0;
        this.beginBlock(Transfer.Read);
        return this.raiseInterrupt();
      case CMD_SET_MULTIPLE: {
        const count = this.sectorCount;
        // Block sizes the device supports: powers of two up to word 47's maximum; 0 disables (ATA-2 8.21).
        if (count > MAX_MULTIPLE || (count & (count - 1)) !== 0) return this.fail(ERROR_ABORTED);
        this.multipleCount[device] = count;
        return this.complete();
      }
      case CMD_INITIALIZE_PARAMETERS: {
        const heads = (this.driveHead & 0x0f) + 1;
        const sectors = this.sectorCount;
        const cylinders = sectors === 0 ? 0 : Math.floor(this.disks[device]!.sectorCount / (heads * sectors));
        if (cylinders === 0) return this.fail(ERROR_ABORTED);
        this.setGeometry(device, Math.min(cylinders, 0xffff), heads, sectors);
        return this.complete();
      }
      case CMD_EXECUTE_DIAGNOSTIC:
        // Both devices run their diagnostics; device 0 reports for both and interrupts (ATA-1 8.7).
        this.resetDevices();
        return this.raiseInterrupt();
      default:
        return this.fail(ERROR_ABORTED);
    }
  }

  /** Reads the next block into the buffer and asks the host to take it: DRQ and an interrupt per block. */
  private readBlock(): void {
    const count = this.blockLength();
    if (count === 0) return this.fail(ERROR_ID_NOT_FOUND, this.lba);
    try {
      this.disks[this.activeDevice]!.readSectors(this.lba, count, this.buffer);
    } catch {
      return this.fail(ERROR_UNCORRECTABLE, this.lba);
    }
    this.onActivity?.(this.activeDevice, "read");
    this.writeAddress(this.lba + count - 1);
    this.sectorCount = (this.remaining - count) & 0xff;
    this.beginBlock(Transfer.Read);
    this.raiseInterrupt();
  }

  /** Writes the block the host has filled; then asks for the next one, or completes, with an interrupt. */
  private writeBlock(): void {
    const count = this.blockLength();
    if (count === 0) return this.fail(ERROR_ID_NOT_FOUND, this.lba);
    try {
      this.disks[this.activeDevice]!.writeSectors(this.lba, count, this.buffer);
    } catch (error) {
      const code = error instanceof DiskWriteProtectedError ? ERROR_WRITE_PROTECTED : ERROR_ABORTED;
      return this.fail(code, this.lba);
    }
    this.onActivity?.(this.activeDevice, "write");
    this.writeAddress(this.lba + count - 1);
    this.advance(count);
    this.sectorCount = this.remaining & 0xff;
    if (this.remaining === 0) return this.complete();
    this.beginBlock(Transfer.Write);
    this.raiseInterrupt();
  }

  /** READ VERIFY SECTORS: reads every sector, transfers nothing, interrupts once at the end (ATA-1 8.17). */
  private verify(): void {
    if (!this.startSectors(false)) return;
    const disk = this.disks[this.activeDevice]!;
    for (; this.remaining > 0; this.advance(1)) {
      if (this.blockLength() === 0) return this.fail(ERROR_ID_NOT_FOUND, this.lba);
      try {
        disk.readSectors(this.lba, 1, this.buffer);
      } catch {
        return this.fail(ERROR_UNCORRECTABLE, this.lba);
      }
      this.onActivity?.(this.activeDevice, "read");
      this.writeAddress(this.lba);
    }
    this.sectorCount = 0;
    this.complete();
  }

  private advance(count: number): void {
    this.lba += count;
    this.remaining -= count;
  }

  private readDataByte(): number {
    if (this.transfer !== Transfer.Read || (this.status[this.activeDevice] & DRQ) === 0) return 0xff;
    const value = this.buffer[this.bufferIndex++];
    if (this.bufferIndex >= this.bufferLength) this.endReadBlock();
    return value;
  }

  private writeDataByte(value: number): void {
    if (this.transfer !== Transfer.Write || (this.status[this.activeDevice] & DRQ) === 0) return;
    this.buffer[this.bufferIndex++] = value;
    if (this.bufferIndex < this.bufferLength) return;
    this.status[this.activeDevice] = BSY | DRDY | DSC;
    this.options.scheduler.scheduleIn(this.commandEvent, COMMAND_DELAY_NS);
  }

  /** The host has taken the block: the next one is read after a short delay; after the last, the device is idle. */
  private endReadBlock(): void {
    this.advance(this.bufferLength / SECTOR_SIZE);
    if (this.remaining > 0) {
      // `transfer` stays Read, so the command event goes on with the next block from `lba`.
      this.status[this.activeDevice] = BSY | DRDY | DSC;
      this.options.scheduler.scheduleIn(this.commandEvent, COMMAND_DELAY_NS);
      return;
    }
    this.transfer = Transfer.None;
    this.status[this.activeDevice] = DRDY | DSC;
  }

  private complete(): void {
    this.transfer = Transfer.None;
    this.status[this.activeDevice] = DRDY | DSC;
    this.raiseInterrupt();
  }

  /** Ends the command with ERR and `code` in the error register; `lba` (if given) is the sector in error. */
  private fail(code: number, lba = -1): void {
    if (lba >= 0 && lba < this.disks[this.activeDevice]!.sectorCount) this.writeAddress(lba);
    this.transfer = Transfer.None;
    this.error[this.activeDevice] = code;
    this.status[this.activeDevice] = DRDY | DSC | ERR;
    this.raiseInterrupt();
  }

  /** IDENTIFY DEVICE data (ATA-2 8.12, Table 12): 256 little-endian words. */
  private fillIdentify(device: number): void {
    const disk = this.disks[device]!;
    const words = new Uint16Array(256);
    const cylinders = this.geometry[device * 3];
    const heads = this.geometry[device * 3 + 1];
    const sectors = this.geometry[device * 3 + 2];
    const defaults = defaultGeometry(disk);
    words[0] = 0x0040; // fixed device, not removable
    words[1] = defaults.cylinders;
    words[3] = defaults.heads;
    words[4] = defaults.sectorsPerTrack * SECTOR_SIZE; // unformatted bytes per track (obsolete)
    words[5] = SECTOR_SIZE;
    words[6] = defaults.sectorsPerTrack;
    putString(words, 10, 20, `RM${device}${disk.sectorCount.toString(16).toUpperCase().padStart(8, "0")}`);
    words[20] = 3; // dual-ported buffer with read caching
    words[21] = MAX_MULTIPLE; // buffer size in sectors
    words[22] = 4; // ECC bytes on READ/WRITE LONG
    putString(words, 23, 8, "1.0");
    putString(words, 27, 40, "REALMODE VIRTUAL HARD DISK");
    words[47] = 0x8000 | MAX_MULTIPLE;
    words[49] = 0x0200; // LBA supported
    words[51] = 0x0200; // PIO mode 2 timing
    words[53] = 0x0001; // words 54-58 are valid
    words[54] = cylinders;
    words[55] = heads;
    words[56] = sectors;
    const current = cylinders * heads * sectors;
    words[57] = current & 0xffff;
    words[58] = current >>> 16;
    words[59] = this.multipleCount[device] ? 0x0100 | this.multipleCount[device] : 0;
    const total = Math.min(disk.sectorCount, LBA28_LIMIT);
    words[60] = total & 0xffff;
    words[61] = total >>> 16;
    for (let i = 0; i < 256; i++) {
      this.buffer[i * 2] = words[i] & 0xff;
      this.buffer[i * 2 + 1] = words[i] >>> 8;
    }
  }

  private raiseInterrupt(): void {
    this.interruptPending = true;
    this.updateIrq();
  }

  private clearInterrupt(): void {
    this.interruptPending = false;
    this.updateIrq();
  }

  /** INTRQ follows the pending interrupt unless nIEN masks it (ATA-1 7.2.6). */
  private updateIrq(): void {
    const level = this.interruptPending && (this.deviceControl & CONTROL_NIEN) === 0;
    if (level === this.irqLevel) return;
    this.irqLevel = level;
    this.options.interrupts.setIrq(ATA_IRQ, level);
  }
}

/**
 * The default translation IDENTIFY reports in words 1, 3, 6: the image's own geometry when ATA's 4-bit head number
 * can address it, else 16 heads and 63 sectors.
 */
function defaultGeometry(disk: DiskImage): DiskGeometry {
  const native = disk.geometry;
  if (native.heads <= 16 && native.cylinders <= MAX_DEFAULT_CYLINDERS) return native;
  const cylinders = Math.floor(disk.sectorCount / (DEFAULT_HEADS * DEFAULT_SECTORS_PER_TRACK));
  return {
    cylinders: Math.min(cylinders, MAX_DEFAULT_CYLINDERS),
    heads: DEFAULT_HEADS,
    sectorsPerTrack: DEFAULT_SECTORS_PER_TRACK,
  };
}

/** ATA strings: space padded, two characters per word, the first in the high byte (ATA-1 8.9). */
function putString(words: Uint16Array, first: number, length: number, text: string): void {
  const padded = text.padEnd(length, " ");
  for (let i = 0; i < length; i += 2) words[first + i / 2] = (padded.charCodeAt(i) << 8) | padded.charCodeAt(i + 1);
}
