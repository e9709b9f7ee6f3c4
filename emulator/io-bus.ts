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
}

const NO_READ: PortReader = () => 0xff;
const NO_WRITE: PortWriter = () => {};

export class IoBus {
  private readonly readers: PortReader[] = new Array<PortReader>(0x10000).fill(NO_READ);
  private readonly writers: PortWriter[] = new Array<PortWriter>(0x10000).fill(NO_WRITE);
  private readonly names = new Map<number, string>();

  register(handler: PortHandler): void {
    if (this.names.has(handler.port)) {
      throw new Error(
        `port ${handler.port.toString(16)}h is claimed twice (${this.names.get(handler.port)}, ${handler.name})`,
      );
    }
    this.names.set(handler.port, handler.name);
    if (handler.read) this.readers[handler.port] = handler.read;
    if (handler.write) this.writers[handler.port] = handler.write;
  }

  in8(port: number): number {
    return this.readers[port & 0xffff](port & 0xffff) & 0xff;
  }

  out8(port: number, value: number): void {
    this.writers[port & 0xffff](port & 0xffff, value & 0xff);
  }

  /** A 16-bit access is two byte accesses, low port first, as the 8088's bus (and the ISA bus for 8-bit cards) does it. */
  in16(port: number): number {
    return this.in8(port) | (this.in8(port + 1) << 8);
  }

  out16(port: number, value: number): void {
    this.out8(port, value);
    this.out8(port + 1, value >>> 8);
  }

  /** The name a device gave the port, or its number in hex. */
  portName(port: number): string {
    return this.names.get(port & 0xffff) ?? `port ${(port & 0xffff).toString(16).padStart(4, "0")}h`;
  }
}
