/**
 * The IBM parallel printer adapter (IBM PC Technical Reference, "Printer Adapter"; the same port on the Monochrome
 * Display and Printer Adapter at 3BCh): an output data latch, a status port and a control port, with an optional
 * interrupt on the printer's acknowledge. A Centronics printer is modelled on the other end: it takes the data on
 * the strobe, is busy for a moment, and acknowledges; its output goes to `onOutput`.
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";

/** The three standard bases: 3BCh (MDA card), 378h (printer adapter), 278h (second adapter). */
export type ParallelPortBase = 0x3bc | 0x378 | 0x278;

export interface ParallelPortOptions {
  readonly base: ParallelPortBase;
  /** The IRQ the adapter's interrupt jumper connects (7 for LPT1, 5 for a second port on the AT); omit for none. */
  readonly irq?: number;
}

/** The printer's own state lines, as the host sets them. */
export interface PrinterStatus {
  readonly online: boolean;
  readonly paperOut: boolean;
  readonly error: boolean;
}

const DATA = 0;
const STATUS = 1;
const CONTROL = 2;

/**
 * Status port (IBM PC Technical Reference, printer adapter status): bit 7 is the BUSY line inverted, bit 6 the
 * -ACK line, bit 5 PE, bit 4 SLCT, bit 3 the -ERROR line. Bits 2–0 are not driven and read high.
 */
const STATUS_NOT_BUSY = 0x80;
const STATUS_NOT_ACK = 0x40;
const STATUS_PAPER_END = 0x20;
const STATUS_SELECTED = 0x10;
const STATUS_NOT_ERROR = 0x08;
const STATUS_UNUSED = 0x07;

/**
 * Control port: bit 0 STROBE (1 drives -STROBE low), bit 1 AUTO FD XT, bit 2 -INIT (0 initialises the printer),
 * bit 3 SLCT IN, bit 4 IRQ enable. Bits 7–5 are not driven and read high.
 */
const CONTROL_STROBE = 0x01;
const CONTROL_NOT_INIT = 0x04;
const CONTROL_IRQ_ENABLE = 0x10;
const CONTROL_MASK = 0x1f;
const CONTROL_UNUSED = 0xe0;

/**
 * Centronics handshake timing: the printer holds BUSY while it takes a character, then pulses -ACK for about
 * 5 µs and releases BUSY at the end of the pulse.
 */
const ACCEPT_NS = 10_000;
const ACK_PULSE_NS = 5_000;

export class ParallelPort implements Device {
  readonly name: string;
  readonly ports: readonly PortHandler[];
  /** Called with each byte the printer accepts. */
  onOutput: ((byte: number) => void) | undefined;

  private readonly irq: number | undefined;
  private data = 0;
  private control = 0;
  private busy = false;
  private acknowledging = false;
  private status: PrinterStatus = { online: true, paperOut: false, error: false };
  private irqLevel = false;
  private readonly acceptEvent: TimedEvent;
  private readonly ackEndEvent: TimedEvent;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly irqs: InterruptLines,
    options: ParallelPortOptions,
  ) {
    const base = options.base;
    this.irq = options.irq;
    this.name = `parallel-${base.toString(16)}`;
    const label = `LPT ${base.toString(16)}h`;
    this.ports = [
      {
        port: base + DATA,
        name: `${label} data`,
        read: () => this.data,
        write: (_port, value) => {
          this.data = value;
        },
      },
      { port: base + STATUS, name: `${label} status`, read: () => this.readStatus() },
      {
        port: base + CONTROL,
        name: `${label} control`,
        read: () => this.control | CONTROL_UNUSED,
        write: (_port, value) => this.writeControl(value),
      },
    ];
    this.acceptEvent = scheduler.add(new TimedEvent(`${label} printer accept`, () => this.startAcknowledge()));
    this.ackEndEvent = scheduler.add(new TimedEvent(`${label} printer ack`, () => this.endAcknowledge()));
    this.reset();
  }

  /** Sets what the printer reports: online (SLCT), out of paper (PE), in error (-ERROR). */
  setPrinterStatus(status: PrinterStatus): void {
    this.status = { online: status.online, paperOut: status.paperOut, error: status.error };
  }

  /**
   * Bus RESET: the adapter clears its control latch, which holds -INIT low (initialising the printer) with the
   * strobe and interrupt off. The data latch is not reset.
   */
  reset(): void {
    this.control = 0;
    this.initialisePrinter();
    this.lowerIrqWhenPulseOrDisabled();
  }

  saveState(): DeviceState {
    return {
      data: this.data,
      control: this.control,
      busy: this.busy,
      acknowledging: this.acknowledging,
      online: this.status.online,
      paperOut: this.status.paperOut,
      error: this.status.error,
      irqLevel: this.irqLevel,
      acceptDue: dueToState(this.acceptEvent.due),
      ackEndDue: dueToState(this.ackEndEvent.due),
    };
  }

  loadState(state: DeviceState): void {
    const data = numberField(state, "data");
    const control = numberField(state, "control");
    const busy = booleanField(state, "busy");
    const acknowledging = booleanField(state, "acknowledging");
    const online = booleanField(state, "online");
    const paperOut = booleanField(state, "paperOut");
    const error = booleanField(state, "error");
    const irqLevel = booleanField(state, "irqLevel");
    const acceptDue = dueFromState(state, "acceptDue");
    const ackEndDue = dueFromState(state, "ackEndDue");
    this.data = data & 0xff;
    this.control = control & CONTROL_MASK;
    this.busy = busy;
    this.acknowledging = acknowledging;
    this.status = { online, paperOut, error };
    this.irqLevel = irqLevel;
    this.scheduler.schedule(this.acceptEvent, acceptDue);
    this.scheduler.schedule(this.ackEndEvent, ackEndDue);
  }

  private readStatus(): number {
    const { online, paperOut, error } = this.status;
    // A Centronics printer also holds BUSY while it is offline, out of paper or in error.
    const busy = this.busy || !online || paperOut || error;
    return (
      STATUS_UNUSED |
      (busy ? 0 : STATUS_NOT_BUSY) |
      (this.acknowledging ? 0 : STATUS_NOT_ACK) |
      (paperOut ? STATUS_PAPER_END : 0) |
      (online ? STATUS_SELECTED : 0) |
      (error ? 0 : STATUS_NOT_ERROR)
    );
  }

  private writeControl(value: number): void {
    const old = this.control;
    this.control = value & CONTROL_MASK;
    if (!(this.control & CONTROL_NOT_INIT)) {
      this.initialisePrinter();
    } else if (old & CONTROL_STROBE && !(this.control & CONTROL_STROBE)) {
      // -STROBE returning high ends the pulse; the printer takes the data on the latch (IBM PC Technical
      // Reference: data is latched to the printer by the strobe).
      this.strobe();
    }
    this.lowerIrqWhenPulseOrDisabled();
  }

  private strobe(): void {
    const { online, paperOut, error } = this.status;
    // A busy, offline or faulted printer ignores the strobe and the character is lost, as on the real interface.
    if (this.busy || !online || paperOut || error) return;
    this.busy = true;
    this.onOutput?.(this.data);
    this.scheduler.scheduleIn(this.acceptEvent, ACCEPT_NS);
  }

  private startAcknowledge(): void {
    this.acknowledging = true;
    this.scheduler.scheduleIn(this.ackEndEvent, ACK_PULSE_NS);
    this.lowerIrqWhenPulseOrDisabled();
  }

  private endAcknowledge(): void {
    this.acknowledging = false;
    this.busy = false;
    this.raiseOnAckEnd();
  }

  /** -INIT low resets the printer: it drops any character in progress and the handshake. */
  private initialisePrinter(): void {
    this.busy = false;
    this.acknowledging = false;
    this.scheduler.cancel(this.acceptEvent);
    this.scheduler.cancel(this.ackEndEvent);
  }

  /**
   * IBM PC Technical Reference, printer adapter control bit 4: with it set "an interrupt occurs when -ACK changes
   * from active to inactive". The line rises at the end of the pulse and stays up until the next pulse begins or
   * the enable is cleared, so the 8259A (edge-triggered on the PC) sees one edge per acknowledged character.
   */
  private raiseOnAckEnd(): void {
    if (this.irq === undefined || !(this.control & CONTROL_IRQ_ENABLE) || this.irqLevel) return;
    this.irqLevel = true;
    this.irqs.setIrq(this.irq, true);
  }

  /** The line falls when the next -ACK pulse begins or the enable bit is cleared. */
  private lowerIrqWhenPulseOrDisabled(): void {
    if (!this.irqLevel || this.irq === undefined) return;
    if (this.acknowledging || !(this.control & CONTROL_IRQ_ENABLE)) {
      this.irqLevel = false;
      this.irqs.setIrq(this.irq, false);
    }
  }
}

function dueToState(due: number): number | null {
  return Number.isFinite(due) ? due : null;
}

function dueFromState(state: DeviceState, key: string): number {
  const value = state[key];
  if (value === null) return Infinity;
  if (typeof value !== "number") throw new Error(`parallel port state: bad ${key}`);
  return value;
}

function numberField(state: DeviceState, key: string): number {
  const value = state[key];
  if (typeof value !== "number") throw new Error(`parallel port state: bad ${key}`);
  return value;
}

function booleanField(state: DeviceState, key: string): boolean {
  const value = state[key];
  if (typeof value !== "boolean") throw new Error(`parallel port state: bad ${key}`);
  return value;
}
