/**
 * The I/O port space (64 K byte ports). Devices register named handlers per port; a read of a port nobody
 * decodes returns FFh, as the ISA bus's pull-ups leave the data lines high.
 */

export type PortReader = (port: number) => number;
export type PortWriter = (port: number, value: number) => void;

/** One port a device decodes, with the name traces and debuggers show ("PIT channel 0 data"). */
export interface PortHandler {
  readonly port: number;
  readonly name: string;
  readonly read?: PortReader;
  readonly write?: PortWriter;
  /**
   * A 16-bit access as one bus cycle, for a device that asserts IOCS16# (the ATA data register). Without these a
   * word access is two byte accesses.
   */
  readonly read16?: PortReader;
  readonly write16?: PortWriter;
}

const NO_READ: PortReader = () => 0xff;
const NO_WRITE: PortWriter = () => {};

export class IoBus {
  private readonly readers: PortReader[] = new Array<PortReader>(0x10000).fill(NO_READ);
  private readonly writers: PortWriter[] = new Array<PortWriter>(0x10000).fill(NO_WRITE);
  private readonly wordReaders = new Map<number, PortReader>();
  private readonly wordWriters = new Map<number, PortWriter>();
  private readonly names = new Map<number, string>();

  /**
   * Called before every access, so the machine can bring virtual time up to the CPU's position inside its slice:
   * devices compute what a port reads (a counter, a status bit) from the scheduler's current time.
   */
  beforeAccess: () => void = () => {};
  /** Called after every write, so the machine can end the CPU's slice when the write scheduled an earlier event. */
  afterWrite: () => void = () => {};

  register(handler: PortHandler): void {
    if (this.names.has(handler.port)) {
      throw new Error(
        `port ${handler.port.toString(16)}h is claimed twice (${this.names.get(handler.port)}, ${handler.name})`,
      );
    }
    this.names.set(handler.port, handler.name);
    if (handler.read) this.readers[handler.port] = handler.read;
    if (handler.write) this.writers[handler.port] = handler.write;
    if (handler.read16) this.wordReaders.set(handler.port, handler.read16);
    if (handler.write16) this.wordWriters.set(handler.port, handler.write16);
  }

  in8(port: number): number {
    this.beforeAccess();
    return this.readers[port & 0xffff](port & 0xffff) & 0xff;
  }

  out8(port: number, value: number): void {
    this.beforeAccess();
    this.writers[port & 0xffff](port & 0xffff, value & 0xff);
    this.afterWrite();
  }

  /**
   * A 16-bit access: one cycle to a device that takes words, otherwise two byte accesses, low port first, as the
   * ISA bus does for 8-bit cards.
   */
  in16(port: number): number {
    const word = this.wordReaders.get(port & 0xffff);
    if (word) {
      this.beforeAccess();
      return word(port & 0xffff) & 0xffff;
    }
    return this.in8(port) | (this.in8(port + 1) << 8);
  }

  out16(port: number, value: number): void {
    const word = this.wordWriters.get(port & 0xffff);
    if (word) {
      this.beforeAccess();
      word(port & 0xffff, value & 0xffff);
      this.afterWrite();
      return;
    }
    this.out8(port, value);
    this.out8(port + 1, value >>> 8);
  }

  /** The name a device gave the port, or its number in hex. */
  portName(port: number): string {
    return this.names.get(port & 0xffff) ?? `port ${(port & 0xffff).toString(16).padStart(4, "0")}h`;
  }
}
