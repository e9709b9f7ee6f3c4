/**
 * A Microsoft serial mouse (two buttons) on a PC serial port. It takes its power from the port's DTR and RTS lines
 * and runs while both are asserted; a driver resets it by dropping RTS and raising it again, and the mouse answers
 * with the identification byte "M" (4Dh). Reports are 3 bytes of 7 data bits at 1200 baud, 1 stop bit, no parity
 * (Microsoft Mouse Programmer's Reference, "Serial mouse data format"; RBIL INT 33h notes):
 *
 *   byte 1: 1 L R Y7 Y6 X7 X6   (bit 6 set marks the first byte of a packet)
 *   byte 2: 0 X5 X4 X3 X2 X1 X0
 *   byte 3: 0 Y5 Y4 Y3 Y2 Y1 Y0
 *
 * with X and Y as 8-bit two's complement counts, Y positive down. Motion and buttons accumulate while a packet is
 * going out on the line (three character times, 22.5 ms) and are sent in the next one. The UART paces the
 * characters into its receiver at the rate the guest programmed, as it does any byte arriving from the line.
 *
 * A host motion larger than a packet holds (a flick of the host's mouse) is not cut off at ±127 as a real mouse's
 * counter would: each packet takes at most that much and the rest goes out in the next packets. What is carried is
 * bounded (`CARRY_LIMIT`), so a runaway host cannot queue seconds of motion.
 */
import type { Device, DeviceState } from "../device.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";
import type { ModemControlLines, Uart16550 } from "./uart.ts";

/** One character on the mouse's line: start bit, 7 data bits, stop bit at 1200 baud. */
const CHARACTER_NS = (9 * 1e9) / 1200;
const IDENTIFICATION = 0x4d;
/** From RTS rising to the "M" starting to go out: the mouse's power-up reset (a few milliseconds). */
const RESET_DELAY_NS = 5_000_000;
/** Counts per packet: 8-bit two's complement, -128…127; ±127 here so both directions move alike. */
const COUNT_LIMIT = 127;
/** The most motion carried per axis (counts): a few packets' worth. */
const CARRY_LIMIT = 512;
/** Host button bits: 0 left, 1 right (the Microsoft mouse has no middle button). */
const BUTTON_LEFT = 0x01;
const BUTTON_RIGHT = 0x02;

export class SerialMouse implements Device {
  readonly name = "serial-mouse";
  readonly ports = [] as const;
  /** The mouse's power-up reset ends: it sends "M". */
  private readonly identifyEvent: TimedEvent;
  /** The last character of what the mouse sent has left its line: it may send again. */
  private readonly lineFreeEvent: TimedEvent;

  private powered = false;
  private motionX = 0;
  private motionY = 0;
  private buttons = 0;
  private reportedButtons = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly uart: Uart16550,
  ) {
    this.identifyEvent = scheduler.add(new TimedEvent("serial mouse identify", () => this.identify()));
    this.lineFreeEvent = scheduler.add(new TimedEvent("serial mouse line free", () => this.sendPending()));
    uart.onModemControl = (lines) => this.modemControl(lines);
    this.reset();
  }

  /** Motion in counts (dx right, dy down positive) and the buttons (bit 0 left, 1 right) from the host. */
  input(dx: number, dy: number, buttons: number): void {
    this.motionX = clamp(this.motionX + Math.trunc(dx), CARRY_LIMIT);
    this.motionY = clamp(this.motionY + Math.trunc(dy), CARRY_LIMIT);
    this.buttons = buttons & (BUTTON_LEFT | BUTTON_RIGHT);
    this.sendPending();
  }

  /** Unpowered until the driver raises DTR and RTS. */
  reset(): void {
    this.powered = false;
    this.motionX = this.motionY = 0;
    this.buttons = this.reportedButtons = 0;
    this.scheduler.cancel(this.identifyEvent);
    this.scheduler.cancel(this.lineFreeEvent);
  }

  saveState(): DeviceState {
    return {
      powered: this.powered,
      motionX: this.motionX,
      motionY: this.motionY,
      buttons: this.buttons,
      reportedButtons: this.reportedButtons,
      identifyDue: dueToState(this.identifyEvent.due),
      lineFreeDue: dueToState(this.lineFreeEvent.due),
    };
  }

  loadState(state: DeviceState): void {
    const num = (key: string): number => {
      const v = state[key];
      if (typeof v !== "number") throw new Error(`serial-mouse: state.${key} must be a number`);
      return v;
    };
    if (typeof state.powered !== "boolean") throw new Error("serial-mouse: state.powered must be a boolean");
    const values = {
      powered: state.powered,
      motionX: num("motionX"),
      motionY: num("motionY"),
      buttons: num("buttons"),
      reportedButtons: num("reportedButtons"),
    };
    const identifyDue = num("identifyDue");
    const lineFreeDue = num("lineFreeDue");
    Object.assign(this, values);
    this.scheduler.schedule(this.identifyEvent, identifyDue < 0 ? Infinity : identifyDue);
    this.scheduler.schedule(this.lineFreeEvent, lineFreeDue < 0 ? Infinity : lineFreeDue);
  }

  /** Power is DTR and RTS together; RTS rising with DTR on (or the reverse) restarts the mouse. */
  private modemControl(lines: ModemControlLines): void {
    const powered = lines.dtr && lines.rts;
    if (powered === this.powered) return;
    const buttons = this.buttons;
    this.reset();
    // The buttons are where the user's fingers are; what the mouse has reported starts over.
    this.buttons = buttons;
    this.powered = powered;
    if (powered) this.scheduler.scheduleIn(this.identifyEvent, RESET_DELAY_NS);
  }

  private identify(): void {
    this.transmit([IDENTIFICATION]);
  }

  private get busy(): boolean {
    return this.identifyEvent.due !== Infinity || this.lineFreeEvent.due !== Infinity;
  }

  /** Sends a packet if the mouse is on, its line is free and something changed. */
  private sendPending(): void {
    if (!this.powered || this.busy) return;
    if (this.motionX === 0 && this.motionY === 0 && this.buttons === this.reportedButtons) return;
    // A packet carries at most ±127 counts per axis; the rest waits for the next one (sent when the line is free).
    const x = clamp(this.motionX, COUNT_LIMIT);
    const y = clamp(this.motionY, COUNT_LIMIT);
    this.motionX -= x;
    this.motionY -= y;
    const b = this.buttons;
    this.reportedButtons = b;
    const first = 0x40 | (b & BUTTON_LEFT ? 0x20 : 0) | (b & BUTTON_RIGHT ? 0x10 : 0) | (((y >> 6) & 3) << 2);
    this.transmit([first | ((x >> 6) & 3), x & 0x3f, y & 0x3f]);
  }

  private transmit(bytes: readonly number[]): void {
    this.uart.receive(bytes);
    this.scheduler.scheduleIn(this.lineFreeEvent, bytes.length * CHARACTER_NS);
  }
}

/** `value` limited to ±limit. */
function clamp(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value));
}

function dueToState(due: number): number {
  return due === Infinity ? -1 : due;
}
