/**
 * The bytes behind a disk image, supplied by the host: the Node side implements it over a file, tests and the web
 * host over memory. The emulator never sees a file system.
 */
export interface BlockStore {
  /** Size in bytes; fixed for the life of the store. */
  readonly size: number;
  /** Returns `length` bytes from `offset`; throws if the bytes cannot be read. */
  read(offset: number, length: number): Uint8Array;
  write(offset: number, data: Uint8Array): void;
}

/** A store held in memory: the test double, and what a host uses for an image it downloaded. */
export class MemoryBlockStore implements BlockStore {
  constructor(readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    return this.bytes.slice(offset, offset + length);
  }

  write(offset: number, data: Uint8Array): void {
    this.bytes.set(data, offset);
  }
}
