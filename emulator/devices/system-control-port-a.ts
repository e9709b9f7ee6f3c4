/**
 * System control port A (92h), the "fast A20 gate" of PS/2 and most AT-class boards: bit 1 gates A20 without the
 * slow 8042 round trip, and a 0→1 write of bit 0 resets the CPU (IBM PS/2 Hardware Interface Technical Reference,
 * "System Control Port A"; RBIL PORTS.A, port 0092h).
 */
import type { Device, DeviceState } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";

const FAST_RESET = 0x01;
const FAST_A20 = 0x02;

export interface SystemControlPortAOptions {
  /** Bit 1 changed. The machine ORs this with the 8042 output port's A20 bit. */
  onA20: (enabled: boolean) => void;
  /** Bit 0 went from 0 to 1: reset the CPU (A20 and this port keep their values). */
  onReset: () => void;
}

export class SystemControlPortA implements Device {
  readonly name = "system-control-port-a";
  readonly ports: readonly PortHandler[];
  private value = 0;

  constructor(private readonly options: SystemControlPortAOptions) {
    this.ports = [
      { port: 0x92, name: "system control port A", read: () => this.value, write: (_p, v) => this.write(v) },
    ];
  }

  /** Power-on: A20 gated off, as the machine's own reset assumes; no callback is made. */
  reset(): void {
    this.value = 0;
  }

  saveState(): DeviceState {
    return { value: this.value };
  }

  loadState(state: DeviceState): void {
    if (typeof state.value !== "number") throw new Error("system-control-port-a: state.value must be a number");
    this.value = state.value;
  }

  private write(value: number): void {
    const old = this.value;
    this.value = value & 0xff;
    if ((old ^ value) & FAST_A20) this.options.onA20((value & FAST_A20) !== 0);
    if (value & FAST_RESET && !(old & FAST_RESET)) this.options.onReset();
  }
}
