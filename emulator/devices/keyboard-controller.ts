/**
 * The IBM PC/AT keyboard side of the system board: the Intel 8042 keyboard controller (ports 60h and 64h) with the
 * keyboard behind it, and system control port B (61h). Port 92h is in system-control-port-a.ts.
 *
 * Facts cite the IBM PC/AT Technical Reference, "Keyboard Controller" (status register, command byte, commands,
 * input and output ports), "Keyboard" (keyboard commands and responses) and "System Timers"/"Refresh" for port 61h;
 * the IBM PS/2 Hardware Interface Technical Reference, "Keyboard/Auxiliary Device Controller", for the auxiliary
 * (mouse) port commands A7h–A9h, D2h–D4h.
 *
 * Scan codes from the host are set 1, which is what the CPU sees with the command byte's translate bit set (the AT
 * default); the keyboard does not produce set 2 or 3.
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";
import { pitClockAt, type ProgrammableIntervalTimer } from "./pit.ts";
import { breakSequence, makeSequence } from "./scancodes.ts";

/** A device on the 8042's auxiliary port (a PS/2 mouse): it receives what software sends with command D4h. */
export interface AuxiliaryDevice {
  receive(byte: number): void;
}

export interface KeyboardControllerOptions {
  /** Output port bit 1 (gate A20) changed. The machine ORs this with port 92h bit 1. */
  onA20: (enabled: boolean) => void;
  /** Output port bit 0 pulsed low: reset the CPU (the 8042 itself keeps its state, so A20 survives). */
  onReset: () => void;
  /** Input port (command C0h): bit 7 keyboard not inhibited (keylock), bit 6 1 = monochrome primary display, bit 5
   * 1 = no manufacturing jumper, bit 4 1 = second 256 KB of system board RAM present. Default B0h. */
  inputPort?: number;
  /** Port 61h bit 1 (speaker data) changed. */
  onSpeakerData?: (enabled: boolean, now: number) => void;
}

/** Status register (port 64h) bits. */
const STATUS_OUTPUT_FULL = 0x01;
const STATUS_SYSTEM_FLAG = 0x04;
const STATUS_COMMAND = 0x08;
const STATUS_NOT_INHIBITED = 0x10;
const STATUS_AUX_OUTPUT_FULL = 0x20;
const STATUS_TIMEOUT = 0x40;

/** Command byte bits. */
const COMMAND_KEYBOARD_INTERRUPT = 0x01;
const COMMAND_AUX_INTERRUPT = 0x02;
const COMMAND_SYSTEM_FLAG = 0x04;
const COMMAND_DISABLE_KEYBOARD = 0x10;
const COMMAND_DISABLE_AUX = 0x20;
const COMMAND_TRANSLATE = 0x40;

/** Output port bits. */
const OUTPUT_RESET = 0x01;
const OUTPUT_A20 = 0x02;
const OUTPUT_BUFFER_FULL = 0x10;
const OUTPUT_INPUT_EMPTY = 0x20;

/** Keyboard responses. */
const ACK = 0xfa;
const RESEND = 0xfe;
const ECHO = 0xee;
const SELF_TEST_PASSED = 0xaa;
const OVERRUN = 0xff;
/** Keyboard ID of the 101/102-key keyboard: ABh 83h, or ABh 41h after the 8042's translation. */
const ID_FIRST = 0xab;
const ID_SECOND = 0x83;
const ID_SECOND_TRANSLATED = 0x41;

/** One byte over the keyboard's serial line: 11 bits at 10–16.7 kHz, about 1 ms. */
const BYTE_TRANSFER_NS = 1_000_000;
/** The keyboard buffers 16 bytes while it may not send. */
const KEYBOARD_BUFFER_BYTES = 16;
/**
 * Port 61h bit 4 toggles on each refresh request: PIT channel 1 in mode 2 with count 18 as the AT BIOS programs it,
 * one every 18 PIT clocks (15.09 µs).
 */
const REFRESH_PIT_CLOCKS = 18;

/** Where the byte in the output buffer came from, so a controller reply can hand a device byte back. */
const enum Source {
  Controller,
  Keyboard,
  Aux,
}

/** A fixed FIFO of bytes from a device, with room to push replies in front of queued data. */
class ByteQueue {
  private readonly bytes: Uint8Array;
  private head = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  push(byte: number): boolean {
    if (this.length === this.capacity) return false;
    this.bytes[(this.head + this.length) % this.capacity] = byte;
    this.length++;
    return true;
  }

  pushFront(byte: number): void {
    if (this.length === this.capacity) this.length--;
    this.head = (this.head + this.capacity - 1) % this.capacity;
    this.bytes[this.head] = byte;
    this.length++;
  }

  shift(): number {
    const byte = this.bytes[this.head];
    this.head = (this.head + 1) % this.capacity;
    this.length--;
    return byte;
  }

  /** Replaces the newest byte (the keyboard's overrun marker). */
  replaceLast(byte: number): void {
    if (this.length > 0) this.bytes[(this.head + this.length - 1) % this.capacity] = byte;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  toArray(): Uint8Array {
    const out = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.bytes[(this.head + i) % this.capacity];
    return out;
  }

  load(bytes: Uint8Array): void {
    if (bytes.length > this.capacity) throw new Error("queue state is longer than the queue");
    this.bytes.set(bytes);
    this.head = 0;
    this.length = bytes.length;
  }
}

export class KeyboardController implements Device {
  readonly name = "keyboard-controller";
  readonly ports: readonly PortHandler[];
  private readonly options: KeyboardControllerOptions;
  private readonly transfer: TimedEvent;
  private aux: AuxiliaryDevice | undefined;

  /** The 8042's 32 bytes of internal RAM reachable with commands 20h–3Fh/60h–7Fh; byte 0 is the command byte. */
  private readonly ram = new Uint8Array(32);
  private outputBuffer = 0;
  private outputFull = false;
  private outputSource = Source.Controller;
  /** Status bit 3: the last write went to port 64h. */
  private lastWriteWasCommand = false;
  private timeout = false;
  /** A controller command waiting for its data byte on port 60h (60h–7Fh, D1h–D4h), or 0. */
  private pendingCommand = 0;
  private outputPort = 0;
  private irq1 = false;
  private irq12 = false;
  /** Port 61h bits 3–0 as written. */
  private portB = 0;

  // The keyboard.
  private readonly keyboardQueue = new ByteQueue(KEYBOARD_BUFFER_BYTES);
  private readonly auxQueue = new ByteQueue(KEYBOARD_BUFFER_BYTES);
  private scanning = true;
  /** A keyboard command waiting for its argument byte (EDh, F3h, F0h), or 0. */
  private keyboardPendingCommand = 0;
  private lastKeyboardByte = 0;
  /** Caps, Num, Scroll Lock LEDs as bits 2, 1, 0 (command EDh). */
  private ledBits = 0;
  private typematic = 0;
  private scanCodeSet = 2;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly irq: InterruptLines,
    private readonly pit: ProgrammableIntervalTimer,
    options: KeyboardControllerOptions,
  ) {
    this.options = options;
    this.transfer = scheduler.add(new TimedEvent("keyboard controller receive", () => this.receiveFromDevice()));
    this.ports = [
      { port: 0x60, name: "8042 data", read: () => this.readData(), write: (_p, v) => this.writeData(v) },
      { port: 0x61, name: "system control port B", read: () => this.readPortB(), write: (_p, v) => this.writePortB(v) },
      {
        port: 0x64,
        name: "8042 status/command",
        read: () => this.readStatus(),
        write: (_p, v) => this.writeCommand(v),
      },
    ];
    this.reset();
  }

  /** Connects a device (a PS/2 mouse) to the auxiliary port; it answers through `sendAuxByte`. */
  attachAux(device: AuxiliaryDevice): void {
    this.aux = device;
  }

  /** A byte from the auxiliary device to the system. */
  sendAuxByte(byte: number): void {
    this.auxQueue.push(byte & 0xff);
    this.startTransfer();
  }

  /** How many more bytes the auxiliary line can hold before `sendAuxByte` drops them (a device paces itself). */
  get auxQueueSpace(): number {
    return this.auxQueue.capacity - this.auxQueue.length;
  }

  /** A byte from the keyboard's scanner (set 1); dropped while scanning is disabled (F5h). */
  sendScancode(byte: number): void {
    if (!this.scanning) return;
    if (!this.keyboardQueue.push(byte & 0xff)) this.keyboardQueue.replaceLast(OVERRUN);
    this.startTransfer();
  }

  keyDown(name: string): void {
    for (const byte of makeSequence(name)) this.sendScancode(byte);
  }

  keyUp(name: string): void {
    for (const byte of breakSequence(name)) this.sendScancode(byte);
  }

  /** The keyboard's LEDs as set by software (command EDh), for the UI. */
  get leds(): { scrollLock: boolean; numLock: boolean; capsLock: boolean } {
    return {
      scrollLock: (this.ledBits & 1) !== 0,
      numLock: (this.ledBits & 2) !== 0,
      capsLock: (this.ledBits & 4) !== 0,
    };
  }

  /** Power-on state. A20 starts gated off, as the machine's own reset assumes; no callback is made. */
  reset(): void {
    this.ram.fill(0);
    // IBM's POST writes the command byte; until then interrupts and translation are on, so a BIOS that never
    // writes it still receives set 1 codes on IRQ1. The system flag stays 0: a power-on, not a warm reset.
    this.ram[0] = COMMAND_KEYBOARD_INTERRUPT | COMMAND_TRANSLATE;
    this.outputBuffer = 0;
    this.outputFull = false;
    this.outputSource = Source.Controller;
    this.lastWriteWasCommand = false;
    this.timeout = false;
    this.pendingCommand = 0;
    // Reset line inactive (bit 0 high), A20 gated off, keyboard clock and data lines released.
    this.outputPort = 0xcd;
    this.irq1 = false;
    this.irq12 = false;
    this.portB = 0;
    this.keyboardQueue.clear();
    this.auxQueue.clear();
    this.resetKeyboardDefaults();
    this.keyboardPendingCommand = 0;
    this.lastKeyboardByte = 0;
    this.ledBits = 0;
    this.scheduler.cancel(this.transfer);
  }

  saveState(): DeviceState {
    return {
      ram: this.ram.slice(),
      outputBuffer: this.outputBuffer,
      outputFull: this.outputFull,
      outputSource: this.outputSource,
      lastWriteWasCommand: this.lastWriteWasCommand,
      timeout: this.timeout,
      pendingCommand: this.pendingCommand,
      outputPort: this.outputPort,
      irq1: this.irq1,
      irq12: this.irq12,
      portB: this.portB,
      keyboardQueue: this.keyboardQueue.toArray(),
      auxQueue: this.auxQueue.toArray(),
      scanning: this.scanning,
      keyboardPendingCommand: this.keyboardPendingCommand,
      lastKeyboardByte: this.lastKeyboardByte,
      ledBits: this.ledBits,
      typematic: this.typematic,
      scanCodeSet: this.scanCodeSet,
      transferDue: this.transfer.due === Infinity ? -1 : this.transfer.due,
    };
  }

  loadState(state: DeviceState): void {
    const num = (key: string): number => {
      const v = state[key];
      if (typeof v !== "number") throw new Error(`keyboard-controller: state.${key} must be a number`);
      return v;
    };
    const bool = (key: string): boolean => {
      const v = state[key];
      if (typeof v !== "boolean") throw new Error(`keyboard-controller: state.${key} must be a boolean`);
      return v;
    };
    const bytes = (key: string, length: number): Uint8Array => {
      const v = state[key];
      if (!(v instanceof Uint8Array) || v.length > length) throw new Error(`keyboard-controller: bad state.${key}`);
      return v;
    };
    const ram = bytes("ram", 32);
    const keyboardQueue = bytes("keyboardQueue", KEYBOARD_BUFFER_BYTES);
    const auxQueue = bytes("auxQueue", KEYBOARD_BUFFER_BYTES);
    const values = {
      outputBuffer: num("outputBuffer"),
      outputFull: bool("outputFull"),
      outputSource: num("outputSource") as Source,
      lastWriteWasCommand: bool("lastWriteWasCommand"),
      timeout: bool("timeout"),
      pendingCommand: num("pendingCommand"),
      outputPort: num("outputPort"),
      irq1: bool("irq1"),
      irq12: bool("irq12"),
      portB: num("portB"),
      scanning: bool("scanning"),
      keyboardPendingCommand: num("keyboardPendingCommand"),
      lastKeyboardByte: num("lastKeyboardByte"),
      ledBits: num("ledBits"),
      typematic: num("typematic"),
      scanCodeSet: num("scanCodeSet"),
    };
    const transferDue = num("transferDue");
    if (ram.length !== 32) throw new Error("keyboard-controller: state.ram must be 32 bytes");
    this.ram.set(ram);
    this.keyboardQueue.load(keyboardQueue);
    this.auxQueue.load(auxQueue);
    Object.assign(this, values);
    if (transferDue < 0) this.scheduler.cancel(this.transfer);
    else this.scheduler.schedule(this.transfer, transferDue);
  }

  private get commandByte(): number {
    return this.ram[0];
  }

  /** The input buffer full bit (1) never reads set: every write is processed before the next instruction. */
  private readStatus(): number {
    const inputPort = this.options.inputPort ?? 0xb0;
    return (
      (this.outputFull ? STATUS_OUTPUT_FULL : 0) |
      (this.commandByte & COMMAND_SYSTEM_FLAG ? STATUS_SYSTEM_FLAG : 0) |
      (this.lastWriteWasCommand ? STATUS_COMMAND : 0) |
      (inputPort & 0x80 ? STATUS_NOT_INHIBITED : 0) |
      (this.outputFull && this.outputSource === Source.Aux ? STATUS_AUX_OUTPUT_FULL : 0) |
      (this.timeout ? STATUS_TIMEOUT : 0)
    );
  }

  /** Reading the output buffer empties it (the byte stays readable) and lets the next device byte come in. */
  private readData(): number {
    if (this.outputFull) {
      this.outputFull = false;
      this.updateInterrupts();
      this.startTransfer();
    }
    return this.outputBuffer;
  }

  private writeData(value: number): void {
    this.lastWriteWasCommand = false;
    const command = this.pendingCommand;
    this.pendingCommand = 0;
    if (command >= 0x60 && command <= 0x7f) {
      this.ram[command & 0x1f] = value;
      if (command === 0x60) {
        this.updateInterrupts();
        this.startTransfer();
      }
      return;
    }
    switch (command) {
      case 0xd1:
        this.writeOutputPort(value);
        return;
      case 0xd2:
        this.output(value, Source.Keyboard);
        return;
      case 0xd3:
        this.output(value, Source.Aux);
        return;
      case 0xd4:
        this.timeout = this.aux === undefined;
        this.aux?.receive(value);
        return;
    }
    // Sending to the keyboard: the 8042 releases the keyboard clock to transmit, which re-enables the interface.
    this.ram[0] &= ~COMMAND_DISABLE_KEYBOARD;
    this.timeout = false;
    this.keyboardCommand(value);
  }

  private writeCommand(command: number): void {
    this.lastWriteWasCommand = true;
    this.pendingCommand = 0;
    if (command >= 0x20 && command <= 0x3f) {
      this.output(this.ram[command & 0x1f], Source.Controller);
      return;
    }
    if ((command >= 0x60 && command <= 0x7f) || (command >= 0xd1 && command <= 0xd4)) {
      this.pendingCommand = command;
      return;
    }
    if (command >= 0xf0) {
      // Pulse output port bits 3–0 low for about 6 µs where the command's bit is 0; only bit 0 (reset) lasts.
      if (!(command & OUTPUT_RESET)) this.options.onReset();
      return;
    }
    switch (command) {
      case 0xa7:
        this.ram[0] |= COMMAND_DISABLE_AUX;
        return;
      case 0xa8:
        this.ram[0] &= ~COMMAND_DISABLE_AUX;
        this.startTransfer();
        return;
      case 0xa9:
        // Auxiliary interface test: 00h means the clock and data lines are good (it does not need a device).
        this.output(0x00, Source.Controller);
        return;
      case 0xaa:
        this.output(0x55, Source.Controller);
        return;
      case 0xab:
        this.output(0x00, Source.Controller);
        return;
      case 0xad:
        this.ram[0] |= COMMAND_DISABLE_KEYBOARD;
        return;
      case 0xae:
        this.ram[0] &= ~COMMAND_DISABLE_KEYBOARD;
        this.startTransfer();
        return;
      case 0xc0:
        this.output(this.options.inputPort ?? 0xb0, Source.Controller);
        return;
      case 0xd0:
        this.output(this.readOutputPort(), Source.Controller);
        return;
    }
    // Other commands are undefined on the AT's 8042 and do nothing.
  }

  /** Output port bits 4 and 5 are the IRQ1 (output buffer full) and input buffer empty lines as they are now. */
  private readOutputPort(): number {
    return (
      (this.outputPort & ~(OUTPUT_BUFFER_FULL | OUTPUT_INPUT_EMPTY)) |
      (this.irq1 ? OUTPUT_BUFFER_FULL : 0) |
      OUTPUT_INPUT_EMPTY
    );
  }

  private writeOutputPort(value: number): void {
    const old = this.outputPort;
    // The reset line is pulsed: the CPU restarts and the line returns high.
    this.outputPort = value | OUTPUT_RESET;
    if ((old ^ value) & OUTPUT_A20) this.options.onA20((value & OUTPUT_A20) !== 0);
    if (!(value & OUTPUT_RESET)) this.options.onReset();
  }

  /** Puts a byte in the output buffer. A device byte it displaces goes back to the front of its device's queue. */
  private output(byte: number, source: Source): void {
    if (this.outputFull && this.outputSource === Source.Keyboard) this.keyboardQueue.pushFront(this.outputBuffer);
    if (this.outputFull && this.outputSource === Source.Aux) this.auxQueue.pushFront(this.outputBuffer);
    this.outputBuffer = byte & 0xff;
    this.outputFull = true;
    this.outputSource = source;
    this.updateInterrupts();
  }

  /** IRQ1 follows a full output buffer from the keyboard or the controller, IRQ12 one from the aux device. */
  private updateInterrupts(): void {
    const aux = this.outputSource === Source.Aux;
    const irq1 = this.outputFull && !aux && (this.commandByte & COMMAND_KEYBOARD_INTERRUPT) !== 0;
    const irq12 = this.outputFull && aux && (this.commandByte & COMMAND_AUX_INTERRUPT) !== 0;
    if (irq1 !== this.irq1) {
      this.irq1 = irq1;
      this.irq.setIrq(1, irq1);
    }
    if (irq12 !== this.irq12) {
      this.irq12 = irq12;
      this.irq.setIrq(12, irq12);
    }
  }

  private canReceive(): boolean {
    if (this.outputFull) return false;
    const keyboard = this.keyboardQueue.length > 0 && !(this.commandByte & COMMAND_DISABLE_KEYBOARD);
    const aux = this.auxQueue.length > 0 && !(this.commandByte & COMMAND_DISABLE_AUX);
    return keyboard || aux;
  }

  private startTransfer(): void {
    if (this.transfer.due === Infinity && this.canReceive()) this.scheduler.scheduleIn(this.transfer, BYTE_TRANSFER_NS);
  }

  /** A byte finished arriving over the keyboard (or aux) line; the keyboard has priority. */
  private receiveFromDevice(): void {
    if (!this.canReceive()) return;
    if (this.keyboardQueue.length > 0 && !(this.commandByte & COMMAND_DISABLE_KEYBOARD)) {
      this.lastKeyboardByte = this.keyboardQueue.shift();
      this.output(this.lastKeyboardByte, Source.Keyboard);
    } else {
      this.output(this.auxQueue.shift(), Source.Aux);
    }
  }

  /** The keyboard's replies go ahead of any scan codes it was holding. */
  private reply(...bytes: number[]): void {
    for (let i = bytes.length - 1; i >= 0; i--) this.keyboardQueue.pushFront(bytes[i]);
    this.startTransfer();
  }

  private resetKeyboardDefaults(): void {
    this.scanning = true;
    this.typematic = 0x2b; // 10.9 characters/s after 500 ms (AT Tech Ref, keyboard defaults)
    this.scanCodeSet = 2;
  }

  /** A byte from the system to the keyboard (AT Tech Ref, "Commands from the System"). */
  private keyboardCommand(value: number): void {
    const pending = this.keyboardPendingCommand;
    if (pending !== 0) {
      this.keyboardPendingCommand = 0;
      if (pending === 0xed) this.ledBits = value & 7;
      else if (pending === 0xf3) this.typematic = value & 0x7f;
      else if (value === 0) {
        // F0h 00h asks for the current scan code set.
        this.reply(ACK, this.scanCodeSet);
        return;
      } else if (value <= 3) this.scanCodeSet = value;
      this.reply(ACK);
      return;
    }
    switch (value) {
      case 0xed:
      case 0xf3:
      case 0xf0:
        this.keyboardPendingCommand = value;
        this.reply(ACK);
        return;
      case 0xee:
        this.reply(ECHO);
        return;
      case 0xf2:
        this.reply(ACK, ID_FIRST, this.commandByte & COMMAND_TRANSLATE ? ID_SECOND_TRANSLATED : ID_SECOND);
        return;
      case 0xf4:
        // Enable: clears the keyboard's buffer and starts scanning.
        this.keyboardQueue.clear();
        this.scanning = true;
        this.reply(ACK);
        return;
      case 0xf5:
      case 0xf6:
        // Default disable / set default: clear the buffer and restore defaults; F5h also stops scanning.
        this.keyboardQueue.clear();
        this.resetKeyboardDefaults();
        this.scanning = value === 0xf6;
        this.reply(ACK);
        return;
      case 0xfe:
        this.reply(this.lastKeyboardByte);
        return;
      case 0xff:
        // Reset: ACK, then the basic assurance test passes and reports AAh; LEDs off, defaults restored.
        this.keyboardQueue.clear();
        this.resetKeyboardDefaults();
        this.ledBits = 0;
        this.reply(ACK, SELF_TEST_PASSED);
        return;
    }
    // F7h–FDh set key types for scan code set 3: acknowledged; anything else is not a command.
    this.reply(value >= 0xf7 && value <= 0xfd ? ACK : RESEND);
  }

  /**
   * Port 61h on the AT: bits 3–0 read back as written (timer 2 gate, speaker data, parity and I/O check enables);
   * bit 4 toggles with each refresh request; bit 5 is timer 2's OUT. Bits 6 and 7 (I/O channel check, parity
   * error) are never set here.
   */
  private readPortB(): number {
    const refresh = Math.floor(pitClockAt(this.scheduler.now) / REFRESH_PIT_CLOCKS) & 1;
    return this.portB | (refresh << 4) | (this.pit.outputLevel(2) ? 0x20 : 0);
  }

  private writePortB(value: number): void {
    const changed = (this.portB ^ value) & 0x0f;
    this.portB = value & 0x0f;
    if (changed & 0x01) this.pit.setGate(2, (value & 0x01) !== 0);
    if (changed & 0x02) this.options.onSpeakerData?.((value & 0x02) !== 0, this.scheduler.now);
  }
}
