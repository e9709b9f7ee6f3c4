/**
 * The one interface every chip model implements to attach to a machine. A device names the I/O ports it decodes,
 * says which interrupt lines it drives, schedules its own timed events, and can save and restore its whole state.
 * See docs/ARCHITECTURE.md, "Adding a device".
 */
import type { PortHandler } from "./io-bus.ts";

/**
 * Saved device state: plain JSON-compatible values, plus Uint8Array/Uint16Array for bulk data (RAM, FIFOs).
 * Each device owns the shape of its own state and checks it on load.
 */
export type DeviceState = { readonly [key: string]: StateValue };
export type StateValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | Uint16Array
  | readonly StateValue[]
  | { readonly [key: string]: StateValue };

export interface Device {
  /** A stable name, also the key of this device's entry in a machine snapshot ("pic-master", "pit"). */
  readonly name: string;
  /** Every I/O port the device decodes, each with a readable name. */
  readonly ports: readonly PortHandler[];
  /** Return to the power-on state (and cancel or re-arm scheduled events). */
  reset(): void;
  saveState(): DeviceState;
  /** Restores what saveState returned; throws on a state of the wrong shape rather than half-loading it. */
  loadState(state: DeviceState): void;
}

/** What a device drives to raise interrupts: the 8259A pair implements it. IRQ lines are numbered 0–15. */
export interface InterruptLines {
  /** Sets the level of an IRQ input; edge-triggered inputs latch a request on the rising edge. */
  setIrq(line: number, level: boolean): void;
}

/** What the CPU asks of the interrupt controller when it takes a maskable interrupt (the INTA cycles). */
export interface InterruptAcknowledge {
  /** Returns the vector number of the highest-priority pending request and marks it in service. */
  acknowledge(): number;
}

/** The CPU's INTR input, which the interrupt controller drives. */
export interface InterruptRequestInput {
  setIntr(level: boolean): void;
}
