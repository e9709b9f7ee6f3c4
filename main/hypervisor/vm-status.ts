/**
 * A VM's status block, a SharedArrayBuffer the worker writes and the hypervisor reads without asking: a heartbeat
 * counter the worker's event loop bumps (the watchdog's evidence that the worker still answers), where the guest
 * was after the last run quantum (the CS:IP a crash diagnostic names, readable even when the worker is stuck), and
 * the file descriptors of the image files the worker holds open, so that the hypervisor can close them for a
 * worker it had to kill (file descriptors belong to the process, not the thread: a killed worker's stay open).
 *
 * The worker enters a descriptor after opening its file and removes it before closing it, so the table never names
 * a descriptor the worker has closed (which the process might have reused for another file); the hypervisor reads
 * it only after the worker has stopped.
 */

const HEARTBEAT = 0;
const CS = 1;
const IP = 2;
/** Float64 slot (after the three Int32 slots, padded to 8 bytes) holding the instruction count. */
const INSTRUCTIONS = 2;
/** Int32 slots of the file table, after the instruction count: descriptor + 1, 0 for a free slot. */
const FILES_START = 6;
/** A VM holds at most 4 images (A:, B:, C:, D:), and a fifth for a moment while a swap opens the new diskette. */
const FILE_SLOTS = 8;

export const VM_STATUS_BYTES = (FILES_START + FILE_SLOTS) * 4;

export class VmStatus {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer, 0, FILES_START + FILE_SLOTS);
    this.floats = new Float64Array(buffer, 0, 3);
  }

  static create(): VmStatus {
    return new VmStatus(new SharedArrayBuffer(VM_STATUS_BYTES));
  }

  beat(): void {
    Atomics.add(this.ints, HEARTBEAT, 1);
  }

  get heartbeat(): number {
    return Atomics.load(this.ints, HEARTBEAT);
  }

  record(cs: number, ip: number, instructions: number): void {
    this.ints[CS] = cs;
    this.ints[IP] = ip;
    this.floats[INSTRUCTIONS] = instructions;
  }

  get csip(): string {
    return formatCsIp(this.ints[CS], this.ints[IP]);
  }

  get instructions(): number {
    return this.floats[INSTRUCTIONS];
  }

  /** Worker side: `fd` was just opened. */
  addFile(fd: number): void {
    for (let slot = FILES_START; slot < FILES_START + FILE_SLOTS; slot++) {
      if (Atomics.compareExchange(this.ints, slot, 0, fd + 1) === 0) return;
    }
    throw new Error(`a VM holds at most ${FILE_SLOTS} image files open`);
  }

  /** Worker side: `fd` is about to be closed. */
  removeFile(fd: number): void {
    for (let slot = FILES_START; slot < FILES_START + FILE_SLOTS; slot++) {
      if (Atomics.compareExchange(this.ints, slot, fd + 1, 0) === fd + 1) return;
    }
  }

  /** Hypervisor side, once the worker has stopped: the descriptors it left open; the table is empty afterwards. */
  takeFiles(): number[] {
    const files: number[] = [];
    for (let slot = FILES_START; slot < FILES_START + FILE_SLOTS; slot++) {
      const entry = Atomics.exchange(this.ints, slot, 0);
      if (entry !== 0) files.push(entry - 1);
    }
    return files;
  }
}

export function formatCsIp(cs: number, ip: number): string {
  const hex = (value: number): string => value.toString(16).toUpperCase().padStart(4, "0");
  return `${hex(cs)}:${hex(ip)}`;
}
