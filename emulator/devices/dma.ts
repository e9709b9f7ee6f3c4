/**
 * The 8237A DMA controller: one on the PC/XT (channels 0-3, ports 00h-0Fh), two on the AT (a second one for
 * channels 4-7 at C0h-DFh on even addresses, moving 16-bit words, with channel 4 cascading the first controller).
 * Register behaviour follows the Intel 8237A High Performance Programmable DMA Controller data sheet; the page
 * registers that supply the address bits above the 8237A's 16 are the 74LS670 (PC, 4 bits) and 74LS612 (AT, 8 bits)
 * of the IBM PC and AT Technical References (ports per RBIL PORTS.A, 0080h-008Fh).
 *
 * Devices do not raise DREQ and wait for DACK: a device that has data ready calls `writeToMemory` (a "write"
 * transfer, I/O to memory) or `readFromMemory` (a "read" transfer, memory to I/O) with as many bytes as it would
 * move, and the controller moves as many as the channel's count allows. Single, block and demand modes differ only in
 * bus timing, which is not modelled; memory-to-memory transfers (command bit 0) are not modelled.
 */
import type { Device, DeviceState } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import type { Memory } from "../memory.ts";
import { ADDRESS_SPACE_BYTES } from "../memory.ts";

export interface DmaOptions {
  /** true: the AT's pair of 8237As with 8-bit page registers; false: the PC/XT's single 8237A. */
  readonly at: boolean;
}

// Mode register (8237A data sheet, "Mode Register"): bits 3-2 transfer type, 4 auto-initialise, 5 address
// decrement, 7-6 mode select.
const MODE_TRANSFER_SHIFT = 2;
const TRANSFER_WRITE = 1; // I/O to memory: MEMW and IOR asserted
const TRANSFER_READ = 2; // memory to I/O: MEMR and IOW asserted
const MODE_AUTO_INIT = 0x10;
const MODE_DECREMENT = 0x20;
const MODE_CASCADE = 0xc0;
/** Command register bit 2: controller disable. */
const COMMAND_DISABLE = 0x04;

/** Page register port of each channel (IBM AT Technical Reference, "DMA Page Registers"). */
const AT_PAGE_PORTS = [0x87, 0x83, 0x81, 0x82, 0x8f, 0x8b, 0x89, 0x8a];
/** The PC decodes only 81h-83h; channel 0 (memory refresh) has none, marked -1 (IBM PC Technical Reference). */
const PC_PAGE_PORTS = [-1, 0x83, 0x81, 0x82];

export class DmaController implements Device {
  readonly name = "dma";
  readonly ports: readonly PortHandler[];

  private readonly baseAddress = new Uint16Array(8);
  private readonly baseCount = new Uint16Array(8);
  private readonly currentAddress = new Uint16Array(8);
  private readonly currentCount = new Uint16Array(8);
  private readonly mode = new Uint8Array(8);
  private readonly page = new Uint8Array(8);
  // Per controller (0: channels 0-3, 1: channels 4-7).
  private readonly command = new Uint8Array(2);
  /** Status bits 3-0: terminal count reached per channel since the status was last read. */
  private readonly terminalCounts = new Uint8Array(2);
  /** Software DREQ bits per channel (request register), shown in status bits 7-4. */
  private readonly requests = new Uint8Array(2);
  private readonly masks = new Uint8Array(2);
  /** The byte pointer flip-flop: 0 selects the low byte of the next address/count access, 1 the high byte. */
  private readonly flipFlops = new Uint8Array(2);
  private readonly temporary = new Uint8Array(2);
  private readonly pageMask: number;
  private terminalCountInLastTransfer = false;

  constructor(
    private readonly memory: Memory,
    private readonly options: DmaOptions,
  ) {
    this.pageMask = options.at ? 0xff : 0x0f;
    const ports: PortHandler[] = [...this.controllerPorts(0, 0x00, 1, 0)];
    if (options.at) ports.push(...this.controllerPorts(1, 0xc0, 2, 4));
    const pagePorts = options.at ? AT_PAGE_PORTS : PC_PAGE_PORTS;
    pagePorts.forEach((port, channel) => {
      if (port < 0) return;
      const name = `DMA channel ${channel} page`;
      const write = (_port: number, value: number): void => void (this.page[channel] = value & this.pageMask);
      // The AT's 74LS612 can be read back; the PC's 74LS670 read side is addressed by DACK, not by the CPU.
      ports.push(options.at ? { port, name, write, read: () => this.page[channel] } : { port, name, write });
    });
    this.ports = ports;
    this.reset();
  }

  /** Whether the channel reached terminal count (EOP) during the last transfer call: the device's TC input. */
  get reachedTerminalCount(): boolean {
    return this.terminalCountInLastTransfer;
  }

  /**
   * A device moves `length` bytes from `source[offset..]` to memory on `channel`. Returns how many bytes the channel
   * took: fewer when it reached terminal count without auto-initialise, 0 when it is masked, disabled or in cascade
   * mode. On a channel programmed for verify (or read) the count and address advance but memory is not written, as
   * the 8237A then asserts no MEMW.
   */
  writeToMemory(channel: number, source: Uint8Array, offset: number, length: number): number {
    return this.move(channel, source, offset, length, TRANSFER_WRITE);
  }

  /** A device takes up to `length` bytes from memory into `target[offset..]`; the counterpart of `writeToMemory`. */
  readFromMemory(channel: number, target: Uint8Array, offset: number, length: number): number {
    return this.move(channel, target, offset, length, TRANSFER_READ);
  }

  reset(): void {
    // RESET clears the command, status, request and temporary registers and the flip-flop and sets the masks
    // (8237A data sheet, "Master Clear"); the page registers are cleared with the system.
    for (let controller = 0; controller < 2; controller++) this.masterClear(controller);
    this.baseAddress.fill(0);
    this.baseCount.fill(0);
    this.currentAddress.fill(0);
    this.currentCount.fill(0);
    this.mode.fill(0);
    this.page.fill(0);
    this.terminalCountInLastTransfer = false;
  }

  saveState(): DeviceState {
    return {
      at: this.options.at,
      baseAddress: this.baseAddress.slice(),
      baseCount: this.baseCount.slice(),
      currentAddress: this.currentAddress.slice(),
      currentCount: this.currentCount.slice(),
      mode: this.mode.slice(),
      page: this.page.slice(),
      command: this.command.slice(),
      terminalCounts: this.terminalCounts.slice(),
      requests: this.requests.slice(),
      masks: this.masks.slice(),
      flipFlops: this.flipFlops.slice(),
      temporary: this.temporary.slice(),
    };
  }

  loadState(state: DeviceState): void {
    if (state.at !== this.options.at) throw new Error("dma: saved state is for a different machine type");
    const words: [Uint16Array, string][] = [
      [this.baseAddress, "baseAddress"],
      [this.baseCount, "baseCount"],
      [this.currentAddress, "currentAddress"],
      [this.currentCount, "currentCount"],
    ];
    const bytes: [Uint8Array, string][] = [
      [this.mode, "mode"],
      [this.page, "page"],
      [this.command, "command"],
      [this.terminalCounts, "terminalCounts"],
      [this.requests, "requests"],
      [this.masks, "masks"],
      [this.flipFlops, "flipFlops"],
      [this.temporary, "temporary"],
    ];
    for (const [target, key] of words) {
      const value = state[key];
      if (!(value instanceof Uint16Array) || value.length !== target.length) throw new Error(`dma: bad state ${key}`);
    }
    for (const [target, key] of bytes) {
      const value = state[key];
      if (!(value instanceof Uint8Array) || value.length !== target.length) throw new Error(`dma: bad state ${key}`);
    }
    for (const [target, key] of words) target.set(state[key] as Uint16Array);
    for (const [target, key] of bytes) target.set(state[key] as Uint8Array);
    this.terminalCountInLastTransfer = false;
  }

  private move(channel: number, buffer: Uint8Array, offset: number, length: number, direction: number): number {
    this.terminalCountInLastTransfer = false;
    if (!this.serviceable(channel)) return 0;
    const controller = channel >> 2;
    const bit = 1 << (channel & 3);
    const mode = this.mode[channel];
    const type = (mode >> MODE_TRANSFER_SHIFT) & 3;
    const copies = type === direction;
    const step = mode & MODE_DECREMENT ? 0xffff : 1;
    // Channels 5-7 count 16-bit words: the page register gives A23-A17 and the address register A16-A1 (IBM AT
    // Technical Reference, "DMA Controller"), so a transfer wraps at a 128 KB boundary as a byte channel does at 64 KB.
    const unit = controller + 1;
    const pageBase = controller ? (this.page[channel] & 0xfe) << 16 : this.page[channel] << 16;
    let moved = 0;
    while (moved + unit <= length) {
      if (copies) {
        const address = pageBase + this.currentAddress[channel] * unit;
        for (let i = 0; i < unit; i++) {
          const physical = address + i;
          const inRange = physical < ADDRESS_SPACE_BYTES;
          if (direction === TRANSFER_WRITE) {
            if (inRange) this.memory.write8(physical, buffer[offset + moved + i]);
          } else {
            buffer[offset + moved + i] = inRange ? this.memory.read8(physical) : 0xff;
          }
        }
      }
      moved += unit;
      this.currentAddress[channel] += step;
      // Terminal count is the current count rolling over from 0 to FFFFh, so a count of N moves N+1 units.
      if (this.currentCount[channel]-- === 0) {
        this.terminalCounts[controller] |= bit;
        this.terminalCountInLastTransfer = true;
        if (mode & MODE_AUTO_INIT) {
          this.currentAddress[channel] = this.baseAddress[channel];
          this.currentCount[channel] = this.baseCount[channel];
        } else {
          // "Each mask bit is set when its associated channel produces an EOP if the channel is not programmed
          // for Autoinitialize" (8237A data sheet, "Mask Register").
          this.masks[controller] |= bit;
          break;
        }
      }
    }
    return moved;
  }

  private serviceable(channel: number): boolean {
    if (channel < 0 || channel > 7 || (channel > 3 && !this.options.at)) return false;
    const controller = channel >> 2;
    const bit = 1 << (channel & 3);
    if (this.command[controller] & COMMAND_DISABLE || this.masks[controller] & bit) return false;
    if ((this.mode[channel] & 0xc0) === MODE_CASCADE) return false;
    // On the AT the first controller's requests reach the bus through the second's channel 4, in cascade mode.
    if (this.options.at && controller === 0) {
      if (this.command[1] & COMMAND_DISABLE || this.masks[1] & 1) return false;
      if ((this.mode[4] & 0xc0) !== MODE_CASCADE) return false;
    }
    return true;
  }

  private masterClear(controller: number): void {
    this.command[controller] = 0;
    this.terminalCounts[controller] = 0;
    this.requests[controller] = 0;
    this.temporary[controller] = 0;
    this.flipFlops[controller] = 0;
    this.masks[controller] = 0x0f;
  }

  /** The 16 registers of one 8237A (data sheet, Table 2 "Word Count and Address Register Command Codes" and Table 3). */
  private controllerPorts(controller: number, base: number, stride: number, firstChannel: number): PortHandler[] {
    const ports: PortHandler[] = [];
    const port = (register: number): number => base + register * stride;
    for (let c = 0; c < 4; c++) {
      const channel = firstChannel + c;
      ports.push({
        port: port(2 * c),
        name: `DMA channel ${channel} address`,
        read: () => this.readWordRegister(controller, this.currentAddress, channel),
        write: (_p, value) => this.writeWordRegister(controller, this.baseAddress, this.currentAddress, channel, value),
      });
      ports.push({
        port: port(2 * c + 1),
        name: `DMA channel ${channel} count`,
        read: () => this.readWordRegister(controller, this.currentCount, channel),
        write: (_p, value) => this.writeWordRegister(controller, this.baseCount, this.currentCount, channel, value),
      });
    }
    const id = `DMA ${firstChannel}-${firstChannel + 3}`;
    ports.push({
      port: port(8),
      name: `${id} status/command`,
      read: () => {
        // Reading the status clears the terminal count bits (data sheet, "Status Register").
        const status = this.terminalCounts[controller] | (this.requests[controller] << 4);
        this.terminalCounts[controller] = 0;
        return status;
      },
      write: (_p, value) => void (this.command[controller] = value),
    });
    ports.push({
      port: port(9),
      name: `${id} request`,
      write: (_p, value) => {
        const bit = 1 << (value & 3);
        this.requests[controller] = value & 4 ? this.requests[controller] | bit : this.requests[controller] & ~bit;
      },
    });
    ports.push({
      port: port(10),
      name: `${id} single mask`,
      write: (_p, value) => {
        const bit = 1 << (value & 3);
        this.masks[controller] = value & 4 ? this.masks[controller] | bit : this.masks[controller] & ~bit;
      },
    });
    ports.push({
      port: port(11),
      name: `${id} mode`,
      write: (_p, value) => void (this.mode[firstChannel + (value & 3)] = value & 0xfc),
    });
    ports.push({ port: port(12), name: `${id} clear flip-flop`, write: () => void (this.flipFlops[controller] = 0) });
    ports.push({
      port: port(13),
      name: `${id} temporary/master clear`,
      read: () => this.temporary[controller],
      write: () => this.masterClear(controller),
    });
    ports.push({ port: port(14), name: `${id} clear mask`, write: () => void (this.masks[controller] = 0) });
    ports.push({
      port: port(15),
      name: `${id} write all mask`,
      write: (_p, value) => void (this.masks[controller] = value & 0x0f),
    });
    return ports;
  }

  private readWordRegister(controller: number, register: Uint16Array, channel: number): number {
    const high = this.flipFlops[controller];
    this.flipFlops[controller] ^= 1;
    return high ? register[channel] >> 8 : register[channel] & 0xff;
  }

  /** Address and count writes load both the base and the current register (data sheet, "Base Address Registers"). */
  private writeWordRegister(
    controller: number,
    base: Uint16Array,
    current: Uint16Array,
    channel: number,
    value: number,
  ): void {
    const high = this.flipFlops[controller];
    this.flipFlops[controller] ^= 1;
    const word = high ? (base[channel] & 0x00ff) | (value << 8) : (base[channel] & 0xff00) | value;
    base[channel] = word;
    current[channel] = word;
  }
}
