/**
 * The Intel 8255A programmable peripheral interface of the IBM PC and PC/XT (ports 60h–63h), with the system board
 * logic around it: the XT keyboard's serial interface (a shift register that raises IRQ1), the configuration DIP
 * switches, timer 2's gate and output, and the speaker data bit.
 *
 * Facts cite the Intel 8255A datasheet ("Mode Definition Format", "Bit Set/Reset Format", "Mode 0") and the IBM
 * PC/XT Technical Reference, "System Board" (8255A I/O bit map) and "Keyboard Interface".
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";
import type { ProgrammableIntervalTimer } from "./pit.ts";
import { breakSequence, makeSequence, xtSequence } from "./scancodes.ts";

/** Bytes the keyboard holds while the system cannot take them; the 83-key keyboard buffers 16 (XT Tech Ref). */
const KEYBOARD_BUFFER_BYTES = 16;
/** The byte the keyboard sends in place of data it had to drop because its buffer was full. */
const OVERRUN = 0xff;
/** The keyboard's answer after its power-on/reset self test (basic assurance test) passes. */
const SELF_TEST_PASSED = 0xaa;
/** One byte's serial transfer: 9 bits at the keyboard's ~10 kHz clock, about 1 ms. */
const BYTE_TRANSFER_NS = 1_000_000;
/** The keyboard resets if its clock is held low this long; IBM's POST holds it 20 ms, shorter pulses only inhibit. */
const KEYBOARD_RESET_HOLD_NS = 10_000_000;

/** Port B (61h) bits (XT Tech Ref, 8255A I/O bit map). */
const PORT_B_TIMER2_GATE = 0x01;
const PORT_B_SPEAKER_DATA = 0x02;
const PORT_B_HIGH_SWITCHES = 0x08;
const PORT_B_KEYBOARD_CLOCK = 0x40;
const PORT_B_CLEAR_KEYBOARD = 0x80;

/** The configuration switch block as the BIOS reads it (a switch that is off reads 1). */
export interface SwitchSettings {
  /** 0–4; 0 leaves bit 0 clear, which the PC's BIOS reads as "no IPL diskette drive". */
  floppyDrives: number;
  /** Display at power-on: bits 5–4 (00 EGA or none, 01 CGA 40×25, 10 CGA 80×25, 11 monochrome). */
  display: "ega" | "cga40" | "cga80" | "mda";
  /** System board memory banks populated, 1–4. */
  memoryBanks: number;
  /** 8087 coprocessor installed. */
  fpu: boolean;
}

const DISPLAY_BITS = { ega: 0, cga40: 1, cga80: 2, mda: 3 } as const;

/** The switch byte for `settings`: bit 0 drives present, 1 8087, 3–2 banks-1, 5–4 display, 7–6 drives-1. */
export function switchByte(settings: SwitchSettings): number {
  const drives = settings.floppyDrives;
  return (
    (drives > 0 ? 0x01 : 0) |
    (settings.fpu ? 0x02 : 0) |
    (((settings.memoryBanks - 1) & 3) << 2) |
    (DISPLAY_BITS[settings.display] << 4) |
    (((drives > 0 ? drives - 1 : 0) & 3) << 6)
  );
}

export interface PpiOptions {
  /** The switch byte (see `switchByte`). */
  switches: number;
  /** Told when port B bit 1 (speaker data, ANDed with timer 2's output on the board) changes. */
  onSpeakerData?: (enabled: boolean, now: number) => void;
}

export class ProgrammablePeripheralInterface implements Device {
  readonly name = "ppi";
  readonly ports: readonly PortHandler[];
  private readonly switches: number;
  private readonly onSpeakerData: ((enabled: boolean, now: number) => void) | undefined;
  private readonly transfer: TimedEvent;

  /** 8255A mode word; after reset every port is an input (datasheet, "Mode Definition Format"). */
  private control = 0x9b;
  /** Output latches of ports A, B and C. */
  private latchA = 0;
  private latchB = 0;
  private latchC = 0;
  /** The keyboard interface's shift register and whether it holds an unread byte (IRQ1). */
  private shiftRegister = 0;
  private shiftFull = false;
  /** The keyboard's own FIFO of bytes still to send. */
  private readonly buffer = new Uint8Array(KEYBOARD_BUFFER_BYTES);
  private bufferHead = 0;
  private bufferCount = 0;
  /** Virtual time since which port B bit 6 has held the keyboard clock low, or -1. */
  private clockLowSince = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly irq: InterruptLines,
    private readonly pit: ProgrammableIntervalTimer,
    options: PpiOptions,
  ) {
    this.switches = options.switches & 0xff;
    this.onSpeakerData = options.onSpeakerData;
    this.transfer = scheduler.add(new TimedEvent("xt keyboard byte", () => this.receiveByte()));
    this.ports = [
      { port: 0x60, name: "PPI port A (keyboard data)", read: () => this.readA(), write: (_p, v) => this.writeA(v) },
      { port: 0x61, name: "PPI port B (system control)", read: () => this.latchB, write: (_p, v) => this.writeB(v) },
      { port: 0x62, name: "PPI port C (switches, status)", read: () => this.readC(), write: (_p, v) => this.writeC(v) },
      { port: 0x63, name: "PPI control word", write: (_p, v) => this.writeControl(v) },
    ];
  }

  reset(): void {
    this.control = 0x9b;
    this.latchA = 0;
    this.latchB = 0;
    this.latchC = 0;
    this.shiftRegister = 0;
    this.shiftFull = false;
    this.bufferHead = 0;
    this.bufferCount = 0;
    // Port B clears to 0, so the keyboard clock line is held low from now on.
    this.clockLowSince = this.scheduler.now;
    this.scheduler.cancel(this.transfer);
  }

  /** Queues one byte from the keyboard to the system. */
  sendScancode(byte: number): void {
    if (this.bufferCount === KEYBOARD_BUFFER_BYTES) {
      // The keyboard marks the loss in its last slot and drops further bytes until there is room.
      this.buffer[(this.bufferHead + KEYBOARD_BUFFER_BYTES - 1) % KEYBOARD_BUFFER_BYTES] = OVERRUN;
      return;
    }
    this.buffer[(this.bufferHead + this.bufferCount) % KEYBOARD_BUFFER_BYTES] = byte & 0xff;
    this.bufferCount++;
    this.startTransfer();
  }

  /** Presses a key by name (see scancodes.ts); the 83-key keyboard has no E0h/E1h prefixes. */
  keyDown(name: string): void {
    for (const byte of xtSequence(makeSequence(name))) this.sendScancode(byte);
  }

  keyUp(name: string): void {
    for (const byte of xtSequence(breakSequence(name))) this.sendScancode(byte);
  }

  saveState(): DeviceState {
    const pending = new Uint8Array(this.bufferCount);
    for (let i = 0; i < this.bufferCount; i++) pending[i] = this.buffer[(this.bufferHead + i) % KEYBOARD_BUFFER_BYTES];
    return {
      control: this.control,
      latchA: this.latchA,
      latchB: this.latchB,
      latchC: this.latchC,
      shiftRegister: this.shiftRegister,
      shiftFull: this.shiftFull,
      buffer: pending,
      clockLowSince: this.clockLowSince,
      transferDue: this.transfer.due === Infinity ? -1 : this.transfer.due,
    };
  }

  loadState(state: DeviceState): void {
    const { control, latchA, latchB, latchC, shiftRegister, shiftFull, buffer, clockLowSince, transferDue } = state;
    if (
      typeof control !== "number" ||
      typeof latchA !== "number" ||
      typeof latchB !== "number" ||
      typeof latchC !== "number" ||
      typeof shiftRegister !== "number" ||
      typeof shiftFull !== "boolean" ||
      !(buffer instanceof Uint8Array) ||
      buffer.length > KEYBOARD_BUFFER_BYTES ||
      typeof clockLowSince !== "number" ||
      typeof transferDue !== "number"
    ) {
      throw new Error("ppi: state has the wrong shape");
    }
    this.control = control;
    this.latchA = latchA;
    this.latchB = latchB;
    this.latchC = latchC;
    this.shiftRegister = shiftRegister;
    this.shiftFull = shiftFull;
    this.buffer.set(buffer);
    this.bufferHead = 0;
    this.bufferCount = buffer.length;
    this.clockLowSince = clockLowSince;
    if (transferDue < 0) this.scheduler.cancel(this.transfer);
    else this.scheduler.schedule(this.transfer, transferDue);
  }

  /** Port A: the keyboard byte, or with port B bit 7 set the switch block (the PC's SW1, XT Tech Ref bit map). */
  private readA(): number {
    if (!(this.control & 0x10)) return this.latchA;
    return this.latchB & PORT_B_CLEAR_KEYBOARD ? this.switches : this.shiftRegister;
  }

  private writeA(value: number): void {
    this.latchA = value;
  }

  /**
   * Port C: bits 3–0 one nibble of the switch block (port B bit 3 set selects the high nibble), bit 5 timer 2's OUT;
   * bits 6 and 7 would report I/O channel check and RAM parity errors, which this machine never has.
   */
  private readC(): number {
    const nibble = this.latchB & PORT_B_HIGH_SWITCHES ? this.switches >>> 4 : this.switches & 0x0f;
    const board = nibble | (this.pit.outputLevel(2) ? 0x20 : 0);
    // Control bits 3 and 0 make the upper and lower halves of port C inputs; an output half reads its latch.
    const upper = this.control & 0x08 ? board & 0xf0 : this.latchC & 0xf0;
    const lower = this.control & 0x01 ? board & 0x0f : this.latchC & 0x0f;
    return upper | lower;
  }

  private writeC(value: number): void {
    this.latchC = value;
  }

  /** Bit 7 set: a mode word, which also clears every output latch; clear: port C bit set/reset (datasheet). */
  private writeControl(value: number): void {
    if (value & 0x80) {
      // The PC uses mode 0 only: groups A and B in modes 1 and 2 need handshake lines the board leaves unconnected.
      this.control = value;
      this.latchA = 0;
      this.latchC = 0;
      this.writeB(0);
    } else {
      const bit = 1 << ((value >>> 1) & 7);
      this.latchC = value & 1 ? this.latchC | bit : this.latchC & ~bit;
    }
  }

  /** Port B drives the board: timer 2 gate, speaker data, switch nibble select, keyboard clock and clear. */
  private writeB(value: number): void {
    const old = this.latchB;
    this.latchB = value;
    const changed = old ^ value;
    const now = this.scheduler.now;
    if (changed & PORT_B_TIMER2_GATE) this.pit.setGate(2, (value & PORT_B_TIMER2_GATE) !== 0);
    if (changed & PORT_B_SPEAKER_DATA) this.onSpeakerData?.((value & PORT_B_SPEAKER_DATA) !== 0, now);
    if (value & PORT_B_CLEAR_KEYBOARD && this.shiftFull) {
      // Bit 7 holds the shift register clear, which also drops IRQ1: the BIOS pulses it to acknowledge a byte.
      this.shiftFull = false;
      this.irq.setIrq(1, false);
    }
    if (changed & PORT_B_KEYBOARD_CLOCK) {
      if (!(value & PORT_B_KEYBOARD_CLOCK)) {
        this.clockLowSince = now;
      } else {
        if (now - this.clockLowSince >= KEYBOARD_RESET_HOLD_NS) this.resetKeyboard();
        this.clockLowSince = -1;
      }
    }
    this.startTransfer();
  }

  /** A long clock-low pulse resets the keyboard: it empties its buffer, runs its self test and reports AAh. */
  private resetKeyboard(): void {
    this.bufferHead = 0;
    this.bufferCount = 0;
    this.sendScancode(SELF_TEST_PASSED);
  }

  /** The keyboard may send when the clock line is released, the register is not held clear and is empty. */
  private canReceive(): boolean {
    return (this.latchB & (PORT_B_KEYBOARD_CLOCK | PORT_B_CLEAR_KEYBOARD)) === PORT_B_KEYBOARD_CLOCK && !this.shiftFull;
  }

  private startTransfer(): void {
    if (this.bufferCount > 0 && this.transfer.due === Infinity && this.canReceive()) {
      this.scheduler.scheduleIn(this.transfer, BYTE_TRANSFER_NS);
    }
  }

  /** The end of a serial transfer: the byte lands in the shift register and IRQ1 rises. */
  private receiveByte(): void {
    if (this.bufferCount === 0 || !this.canReceive()) return;
    this.shiftRegister = this.buffer[this.bufferHead];
    this.bufferHead = (this.bufferHead + 1) % KEYBOARD_BUFFER_BYTES;
    this.bufferCount--;
    this.shiftFull = true;
    this.irq.setIrq(1, true);
  }
}
