/**
 * A VM's status block, a SharedArrayBuffer the worker writes and the hypervisor reads without asking: a heartbeat
 * counter the worker's event loop bumps (the watchdog's evidence that the worker still answers) and where the guest
 * was after the last run quantum (the CS:IP a crash diagnostic names, readable even when the worker is stuck).
 */

const HEARTBEAT = 0;
const CS = 1;
const IP = 2;
/** Float64 slot (after the three Int32 slots, padded to 8 bytes) holding the instruction count. */
const INSTRUCTIONS = 2;

export const VM_STATUS_BYTES = 24;

export class VmStatus {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer, 0, 3);
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
}

export function formatCsIp(cs: number, ip: number): string {
  const hex = (value: number): string => value.toString(16).toUpperCase().padStart(4, "0");
  return `${hex(cs)}:${hex(ip)}`;
}
