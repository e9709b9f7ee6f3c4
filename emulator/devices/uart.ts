/**
 * A National Semiconductor PC16550D UART (the 16550A's FIFO behaviour) as a PC serial port: COM1 at 3F8h on IRQ 4
 * or COM2 at 2F8h on IRQ 3 (IBM PC/AT Technical Reference, "Serial/Parallel Adapter"). Register numbers, bits and
 * interrupt priorities follow the PC16550D datasheet, Table II "Summary of Registers" and Table IV "Interrupt
 * Control Functions".
 *
 * The wire is the host: bytes the guest transmits come out of `onTransmit` when their last stop bit has gone, bytes
 * the host hands to `receive` arrive one character time apart, as from a line at the programmed rate. The modem
 * inputs (CTS, DSR, RI, DCD) are set by the host, and `onModemControl` reports the DTR/RTS/OUT1/OUT2 outputs,
 * which is how a serial mouse sees the driver power it up.
 */
import type { Device, DeviceState, InterruptLines } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";
import { TimedEvent, type Scheduler } from "../scheduler.ts";

export type SerialPortName = "COM1" | "COM2";
export type ModemInput = "cts" | "dsr" | "ri" | "dcd";

/** The modem control outputs as the outside world sees them (true = asserted). */
export interface ModemControlLines {
  readonly dtr: boolean;
  readonly rts: boolean;
  readonly out1: boolean;
  readonly out2: boolean;
}

/** IBM PC/AT Technical Reference, "I/O Address Map" and "Interrupt Assignments". */
const SERIAL_PORTS: Readonly<Record<SerialPortName, { readonly base: number; readonly irq: number }>> = {
  COM1: { base: 0x3f8, irq: 4 },
  COM2: { base: 0x2f8, irq: 3 },
};

/** Register offsets from the base (PC16550D Table II); 0 and 1 are the divisor latch while LCR.DLAB is set. */
const RBR_THR = 0;
const IER = 1;
const IIR_FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;

const IER_RECEIVED_DATA = 0x01;
const IER_THR_EMPTY = 0x02;
const IER_LINE_STATUS = 0x04;
const IER_MODEM_STATUS = 0x08;
const IER_MASK = 0x0f;

/** IIR values by priority (Table IV); bit 0 clear means "interrupt pending". Bits 7–6 read 11 with FIFOs on. */
const IIR_NONE = 0x01;
const IIR_LINE_STATUS = 0x06;
const IIR_RECEIVED_DATA = 0x04;
const IIR_CHARACTER_TIMEOUT = 0x0c;
const IIR_THR_EMPTY = 0x02;
const IIR_MODEM_STATUS = 0x00;
const IIR_FIFOS_ENABLED = 0xc0;

const FCR_FIFO_ENABLE = 0x01;
const FCR_CLEAR_RX = 0x02;
const FCR_CLEAR_TX = 0x04;
/** The FCR bits that stay programmed: enable, DMA mode select, receiver trigger. */
const FCR_KEPT = 0xc9;
/** FCR bits 7–6 select the receiver FIFO trigger level (datasheet "FIFO Control Register"). */
const RX_TRIGGER_LEVELS = [1, 4, 8, 14] as const;

const LCR_WORD_LENGTH = 0x03;
const LCR_STOP_BITS = 0x04;
const LCR_PARITY_ENABLE = 0x08;
const LCR_DLAB = 0x80;

const MCR_DTR = 0x01;
const MCR_RTS = 0x02;
const MCR_OUT1 = 0x04;
const MCR_OUT2 = 0x08;
const MCR_LOOP = 0x10;
const MCR_MASK = 0x1f;

const LSR_DATA_READY = 0x01;
const LSR_OVERRUN = 0x02;
const LSR_ERRORS = 0x1e;
const LSR_THR_EMPTY = 0x20;
const LSR_TRANSMITTER_EMPTY = 0x40;

/** MSR: deltas in bits 3–0, line states in bits 7–4. */
const MSR_DCTS = 0x01;
const MSR_DDSR = 0x02;
const MSR_TERI = 0x04;
const MSR_DDCD = 0x08;
const MSR_CTS = 0x10;
const MSR_DSR = 0x20;
const MSR_RI = 0x40;
const MSR_DCD = 0x80;
const MODEM_INPUT_BITS: Readonly<Record<ModemInput, number>> = { cts: MSR_CTS, dsr: MSR_DSR, ri: MSR_RI, dcd: MSR_DCD };

const FIFO_DEPTH = 16;
const FIFO_INDEX_MASK = FIFO_DEPTH - 1;
/** The PC serial adapters clock the UART from a 1.8432 MHz crystal; the baud generator divides by 16 × divisor. */
const CRYSTAL_HZ = 1_843_200;
const CLOCKS_PER_BIT = 16;
/** The character timeout is four character times without FIFO activity (datasheet "FIFO Interrupt Mode"). */
const TIMEOUT_CHARACTERS = 4;
/** The divisor is undefined at power-on; 12 (9600 baud) is what the BIOS programs for INT 14h by default. */
const POWER_ON_DIVISOR = 12;

export class Uart16550 implements Device {
  readonly name: string;
  readonly ports: readonly PortHandler[];
  /** Called with each byte once its stop bits have gone out on the line (not in loopback). */
  onTransmit: ((byte: number) => void) | undefined;
  /** Called when the DTR/RTS/OUT1/OUT2 outputs change as seen outside the chip. */
  onModemControl: ((lines: ModemControlLines) => void) | undefined;

  private readonly irq: number;
  private divisor = POWER_ON_DIVISOR;
  private ier = 0;
  private fcr = 0;
  private lcr = 0;
  private mcr = 0;
  private scr = 0;
  /** LSR bits 4–1 (overrun, parity, framing, break): set by events, cleared by reading LSR. */
  private lineErrors = 0;
  /** MSR bits 3–0, cleared by reading MSR. */
  private modemDeltas = 0;
  /** The CTS/DSR/RI/DCD inputs from the host, in MSR bit positions. */
  private externalModemInputs = 0;
  /** What MSR bits 7–4 show: the external inputs, or the MCR outputs in loopback. */
  private modemInputs = 0;
  private readonly rxFifo = new Uint8Array(FIFO_DEPTH);
  private rxHead = 0;
  private rxCount = 0;
  /** What RBR reads when the FIFO is empty: the last byte received. */
  private lastReceived = 0;
  private readonly txFifo = new Uint8Array(FIFO_DEPTH);
  private txHead = 0;
  private txCount = 0;
  private shiftRegisterBusy = false;
  private shiftRegisterByte = 0;
  private thrEmptyInterrupt = false;
  private timeoutInterrupt = false;
  private irqLevel = false;
  /** Bytes the host has sent that are still on the wire, oldest first from `hostRxHead`. */
  private hostRx: number[] = [];
  private hostRxHead = 0;
  private readonly transmitEvent: TimedEvent;
  private readonly receiveEvent: TimedEvent;
  private readonly timeoutEvent: TimedEvent;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly irqs: InterruptLines,
    portName: SerialPortName,
  ) {
    const { base, irq } = SERIAL_PORTS[portName];
    this.name = `uart-${portName.toLowerCase()}`;
    this.irq = irq;
    const read = (port: number): number => this.read(port - base);
    const write = (port: number, value: number): void => this.write(port - base, value);
    const names = ["data / divisor low", "IER / divisor high", "IIR / FCR", "LCR", "MCR", "LSR", "MSR", "scratch"];
    this.ports = names.map((register, offset) => ({
      port: base + offset,
      name: `${portName} ${register}`,
      read,
      write,
    }));
    this.transmitEvent = scheduler.add(new TimedEvent(`${portName} transmit`, () => this.finishTransmit()));
    this.receiveEvent = scheduler.add(new TimedEvent(`${portName} receive`, () => this.receiveFromLine()));
    this.timeoutEvent = scheduler.add(new TimedEvent(`${portName} character timeout`, () => this.characterTimeout()));
    this.reset();
  }

  /** Queues bytes arriving from the host; they enter the receiver one character time apart. */
  receive(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.hostRx.push(bytes[i] & 0xff);
    if (this.receiveEvent.due === Infinity && this.hostRx.length > this.hostRxHead) {
      this.scheduler.scheduleIn(this.receiveEvent, this.characterTimeNs());
    }
  }

  /** Sets a modem status input as the device on the other end drives it. */
  setModemInput(signal: ModemInput, asserted: boolean): void {
    const bit = MODEM_INPUT_BITS[signal];
    this.externalModemInputs = asserted ? this.externalModemInputs | bit : this.externalModemInputs & ~bit;
    this.refreshModemInputs();
    this.updateInterrupt();
  }

  /** Master reset (datasheet Table III): registers and FIFOs clear; the divisor and scratch register are kept. */
  reset(): void {
    const oldLines = this.modemControlOutputs();
    this.ier = 0;
    this.fcr = 0;
    this.lcr = 0;
    this.mcr = 0;
    this.lineErrors = 0;
    this.modemDeltas = 0;
    this.modemInputs = this.externalModemInputs;
    this.rxHead = this.rxCount = 0;
    this.txHead = this.txCount = 0;
    this.shiftRegisterBusy = false;
    this.thrEmptyInterrupt = false;
    this.timeoutInterrupt = false;
    this.hostRx = [];
    this.hostRxHead = 0;
    this.scheduler.cancel(this.transmitEvent);
    this.scheduler.cancel(this.receiveEvent);
    this.scheduler.cancel(this.timeoutEvent);
    this.updateInterrupt();
    if (this.modemControlOutputs() !== oldLines) this.reportModemControl();
  }

  saveState(): DeviceState {
    return {
      divisor: this.divisor,
      ier: this.ier,
      fcr: this.fcr,
      lcr: this.lcr,
      mcr: this.mcr,
      scr: this.scr,
      lineErrors: this.lineErrors,
      modemDeltas: this.modemDeltas,
      externalModemInputs: this.externalModemInputs,
      modemInputs: this.modemInputs,
      rxFifo: this.rxFifo.slice(),
      rxHead: this.rxHead,
      rxCount: this.rxCount,
      lastReceived: this.lastReceived,
      txFifo: this.txFifo.slice(),
      txHead: this.txHead,
      txCount: this.txCount,
      shiftRegisterBusy: this.shiftRegisterBusy,
      shiftRegisterByte: this.shiftRegisterByte,
      thrEmptyInterrupt: this.thrEmptyInterrupt,
      timeoutInterrupt: this.timeoutInterrupt,
      irqLevel: this.irqLevel,
      hostRx: Uint8Array.from(this.hostRx.slice(this.hostRxHead)),
      transmitDue: dueToState(this.transmitEvent.due),
      receiveDue: dueToState(this.receiveEvent.due),
      timeoutDue: dueToState(this.timeoutEvent.due),
    };
  }

  loadState(state: DeviceState): void {
    const rxFifo = fifoField(state, "rxFifo");
    const txFifo = fifoField(state, "txFifo");
    const hostRx = state.hostRx;
    if (!(hostRx instanceof Uint8Array)) throw new Error("uart state: bad hostRx");
    const rxCount = numberField(state, "rxCount");
    const txCount = numberField(state, "txCount");
    if (rxCount > FIFO_DEPTH || txCount > FIFO_DEPTH) throw new Error("uart state: bad FIFO count");
    const divisor = numberField(state, "divisor");
    const ier = numberField(state, "ier");
    const fcr = numberField(state, "fcr");
    const lcr = numberField(state, "lcr");
    const mcr = numberField(state, "mcr");
    const scr = numberField(state, "scr");
    const lineErrors = numberField(state, "lineErrors");
    const modemDeltas = numberField(state, "modemDeltas");
    const externalModemInputs = numberField(state, "externalModemInputs");
    const modemInputs = numberField(state, "modemInputs");
    const rxHead = numberField(state, "rxHead");
    const lastReceived = numberField(state, "lastReceived");
    const txHead = numberField(state, "txHead");
    const shiftRegisterByte = numberField(state, "shiftRegisterByte");
    const shiftRegisterBusy = booleanField(state, "shiftRegisterBusy");
    const thrEmptyInterrupt = booleanField(state, "thrEmptyInterrupt");
    const timeoutInterrupt = booleanField(state, "timeoutInterrupt");
    const irqLevel = booleanField(state, "irqLevel");
    const transmitDue = dueFromState(state, "transmitDue");
    const receiveDue = dueFromState(state, "receiveDue");
    const timeoutDue = dueFromState(state, "timeoutDue");

    this.divisor = divisor;
    this.ier = ier;
    this.fcr = fcr;
    this.lcr = lcr;
    this.mcr = mcr;
    this.scr = scr;
    this.lineErrors = lineErrors;
    this.modemDeltas = modemDeltas;
    this.externalModemInputs = externalModemInputs;
    this.modemInputs = modemInputs;
    this.rxFifo.set(rxFifo);
    this.rxHead = rxHead & FIFO_INDEX_MASK;
    this.rxCount = rxCount;
    this.lastReceived = lastReceived;
    this.txFifo.set(txFifo);
    this.txHead = txHead & FIFO_INDEX_MASK;
    this.txCount = txCount;
    this.shiftRegisterBusy = shiftRegisterBusy;
    this.shiftRegisterByte = shiftRegisterByte;
    this.thrEmptyInterrupt = thrEmptyInterrupt;
    this.timeoutInterrupt = timeoutInterrupt;
    this.irqLevel = irqLevel;
    this.hostRx = Array.from(hostRx);
    this.hostRxHead = 0;
    this.scheduler.schedule(this.transmitEvent, transmitDue);
    this.scheduler.schedule(this.receiveEvent, receiveDue);
    this.scheduler.schedule(this.timeoutEvent, timeoutDue);
  }

  private read(offset: number): number {
    switch (offset) {
      case RBR_THR:
        return this.lcr & LCR_DLAB ? this.divisor & 0xff : this.readReceiveBuffer();
      case IER:
        return this.lcr & LCR_DLAB ? this.divisor >>> 8 : this.ier;
      case IIR_FCR:
        return this.readInterruptIdentification();
      case LCR:
        return this.lcr;
      case MCR:
        return this.mcr;
      case LSR:
        return this.readLineStatus();
      case MSR:
        return this.readModemStatus();
      default:
        // SCR, the scratch register.
        return this.scr;
    }
  }

  private write(offset: number, value: number): void {
    switch (offset) {
      case RBR_THR:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff00) | value;
        else this.writeTransmitHolding(value);
        break;
      case IER:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0x00ff) | (value << 8);
        else this.writeInterruptEnable(value);
        break;
      case IIR_FCR:
        this.writeFifoControl(value);
        break;
      case LCR:
        this.lcr = value;
        break;
      case MCR:
        this.writeModemControl(value);
        break;
      case LSR:
      case MSR:
        // Writable only for factory test (datasheet note to Table II); a PC program has no business there.
        break;
      case SCR:
        this.scr = value;
    }
  }

  private fifosEnabled(): boolean {
    return (this.fcr & FCR_FIFO_ENABLE) !== 0;
  }

  /** Without FIFOs the chip behaves as a 16450: one-byte receiver buffer and transmitter holding register. */
  private bufferDepth(): number {
    return this.fifosEnabled() ? FIFO_DEPTH : 1;
  }

  /** Start, data, parity and stop bits of one character at the programmed rate, in nanoseconds. */
  private characterTimeNs(): number {
    const dataBits = 5 + (this.lcr & LCR_WORD_LENGTH);
    // One stop bit, or two, except 1.5 with 5-bit characters (datasheet "Line Control Register", bit 2).
    const stopBits = this.lcr & LCR_STOP_BITS ? (dataBits === 5 ? 1.5 : 2) : 1;
    const bits = 1 + dataBits + (this.lcr & LCR_PARITY_ENABLE ? 1 : 0) + stopBits;
    // A divisor of 0 is outside the datasheet's range; the 16-bit counter then runs through all 65536 states.
    const divisor = this.divisor || 0x10000;
    return (bits * divisor * CLOCKS_PER_BIT * 1e9) / CRYSTAL_HZ;
  }

  private readReceiveBuffer(): number {
    if (this.rxCount > 0) {
      this.lastReceived = this.rxFifo[this.rxHead];
      this.rxHead = (this.rxHead + 1) & FIFO_INDEX_MASK;
      this.rxCount--;
    }
    // Reading a character clears the timeout indication and restarts the timer (datasheet "FIFO Interrupt Mode").
    this.timeoutInterrupt = false;
    this.restartCharacterTimeout();
    this.updateInterrupt();
    return this.lastReceived;
  }

  private writeTransmitHolding(value: number): void {
    if (this.txCount < this.bufferDepth()) {
      this.txFifo[(this.txHead + this.txCount) & FIFO_INDEX_MASK] = value;
      this.txCount++;
    } else if (!this.fifosEnabled()) {
      // 16450 mode: a write to a full THR replaces the waiting character.
      this.txFifo[this.txHead] = value;
    }
    this.thrEmptyInterrupt = false;
    if (!this.shiftRegisterBusy) this.loadShiftRegister();
    this.updateInterrupt();
  }

  /** Moves the next character from THR/FIFO into the transmitter shift register and starts sending it. */
  private loadShiftRegister(): void {
    if (this.txCount === 0) return;
    this.shiftRegisterByte = this.txFifo[this.txHead];
    this.txHead = (this.txHead + 1) & FIFO_INDEX_MASK;
    this.txCount--;
    this.shiftRegisterBusy = true;
    this.scheduler.scheduleIn(this.transmitEvent, this.characterTimeNs());
    // THRE rises as soon as the holding register (or FIFO) empties into the shift register (datasheet LSR bit 5).
    if (this.txCount === 0) this.thrEmptyInterrupt = true;
  }

  private finishTransmit(): void {
    this.shiftRegisterBusy = false;
    const byte = this.shiftRegisterByte;
    // In loopback the transmitter output is looped to the receiver input inside the chip and the line is held
    // marking (datasheet "Modem Control Register", bit 4).
    if (this.mcr & MCR_LOOP) this.acceptReceivedCharacter(byte);
    else this.onTransmit?.(byte);
    this.loadShiftRegister();
    this.updateInterrupt();
  }

  private receiveFromLine(): void {
    const byte = this.hostRx[this.hostRxHead++];
    if (this.hostRxHead === this.hostRx.length) {
      this.hostRx = [];
      this.hostRxHead = 0;
    } else {
      this.scheduler.scheduleIn(this.receiveEvent, this.characterTimeNs());
    }
    // In loopback the receiver input is disconnected from the line: the character is lost.
    if (!(this.mcr & MCR_LOOP)) {
      this.acceptReceivedCharacter(byte);
      this.updateInterrupt();
    }
  }

  private acceptReceivedCharacter(byte: number): void {
    if (this.rxCount < this.bufferDepth()) {
      this.rxFifo[(this.rxHead + this.rxCount) & FIFO_INDEX_MASK] = byte;
      this.rxCount++;
    } else {
      // Overrun (datasheet LSR bit 1): in FIFO mode the new character is lost in the shift register; as a 16450
      // the new character overwrites the unread one in RBR.
      this.lineErrors |= LSR_OVERRUN;
      if (!this.fifosEnabled()) this.rxFifo[this.rxHead] = byte;
    }
    this.restartCharacterTimeout();
  }

  private restartCharacterTimeout(): void {
    if (this.fifosEnabled() && this.rxCount > 0) {
      this.scheduler.scheduleIn(this.timeoutEvent, TIMEOUT_CHARACTERS * this.characterTimeNs());
    } else {
      this.scheduler.cancel(this.timeoutEvent);
    }
  }

  private characterTimeout(): void {
    if (this.rxCount > 0) {
      this.timeoutInterrupt = true;
      this.updateInterrupt();
    }
  }

  private writeInterruptEnable(value: number): void {
    const enabled = value & ~this.ier;
    this.ier = value & IER_MASK;
    // Enabling the THRE interrupt while THR is empty requests it at once (datasheet "Interrupt Enable Register").
    if (enabled & IER_THR_EMPTY && this.txCount === 0) this.thrEmptyInterrupt = true;
    this.updateInterrupt();
  }

  private writeFifoControl(value: number): void {
    const wasEnabled = this.fifosEnabled();
    const enable = (value & FCR_FIFO_ENABLE) !== 0;
    // Changing bit 0 clears both FIFOs; the other bits are only programmed while bit 0 is set (datasheet "FCR").
    const clearRx = enable !== wasEnabled || (enable && (value & FCR_CLEAR_RX) !== 0);
    const clearTx = enable !== wasEnabled || (enable && (value & FCR_CLEAR_TX) !== 0);
    this.fcr = enable ? value & FCR_KEPT : 0;
    if (clearRx) {
      this.rxHead = this.rxCount = 0;
      this.timeoutInterrupt = false;
      this.scheduler.cancel(this.timeoutEvent);
    }
    if (clearTx && this.txCount > 0) {
      this.txHead = this.txCount = 0;
      this.thrEmptyInterrupt = true;
    }
    this.updateInterrupt();
  }

  private writeModemControl(value: number): void {
    const oldLines = this.modemControlOutputs();
    this.mcr = value & MCR_MASK;
    this.refreshModemInputs();
    this.updateInterrupt();
    if (this.modemControlOutputs() !== oldLines) this.reportModemControl();
  }

  /** The MCR output pins seen outside: in loopback all four are forced inactive (datasheet MCR bit 4). */
  private modemControlOutputs(): number {
    return this.mcr & MCR_LOOP ? 0 : this.mcr & (MCR_DTR | MCR_RTS | MCR_OUT1 | MCR_OUT2);
  }

  private reportModemControl(): void {
    const outputs = this.modemControlOutputs();
    this.onModemControl?.({
      dtr: (outputs & MCR_DTR) !== 0,
      rts: (outputs & MCR_RTS) !== 0,
      out1: (outputs & MCR_OUT1) !== 0,
      out2: (outputs & MCR_OUT2) !== 0,
    });
  }

  /**
   * Recomputes MSR bits 7–4 and latches deltas for any that changed. In loopback they follow the MCR outputs:
   * RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD (datasheet MCR bit 4).
   */
  private refreshModemInputs(): void {
    let inputs = this.externalModemInputs;
    if (this.mcr & MCR_LOOP) {
      const mcr = this.mcr;
      inputs =
        (mcr & MCR_RTS ? MSR_CTS : 0) |
        (mcr & MCR_DTR ? MSR_DSR : 0) |
        (mcr & MCR_OUT1 ? MSR_RI : 0) |
        (mcr & MCR_OUT2 ? MSR_DCD : 0);
    }
    const changed = inputs ^ this.modemInputs;
    if (changed & MSR_CTS) this.modemDeltas |= MSR_DCTS;
    if (changed & MSR_DSR) this.modemDeltas |= MSR_DDSR;
    if (changed & MSR_DCD) this.modemDeltas |= MSR_DDCD;
    // TERI flags only the trailing edge of ring indicate: RI going from on to off.
    if (changed & MSR_RI && !(inputs & MSR_RI)) this.modemDeltas |= MSR_TERI;
    this.modemInputs = inputs;
  }

  private readInterruptIdentification(): number {
    const source = this.pendingInterrupt();
    // Reading IIR while it reports THRE clears that interrupt (Table IV).
    if (source === IIR_THR_EMPTY) {
      this.thrEmptyInterrupt = false;
      this.updateInterrupt();
    }
    return this.fifosEnabled() ? source | IIR_FIFOS_ENABLED : source;
  }

  private readLineStatus(): number {
    let value = this.lineErrors;
    if (this.rxCount > 0) value |= LSR_DATA_READY;
    if (this.txCount === 0) {
      value |= LSR_THR_EMPTY;
      if (!this.shiftRegisterBusy) value |= LSR_TRANSMITTER_EMPTY;
    }
    this.lineErrors = 0;
    this.updateInterrupt();
    return value;
  }

  private readModemStatus(): number {
    const value = this.modemInputs | this.modemDeltas;
    this.modemDeltas = 0;
    this.updateInterrupt();
    return value;
  }

  /** The highest-priority enabled interrupt as its IIR code (Table IV): line status, data, THRE, modem status. */
  private pendingInterrupt(): number {
    const ier = this.ier;
    if (ier & IER_LINE_STATUS && this.lineErrors & LSR_ERRORS) return IIR_LINE_STATUS;
    if (ier & IER_RECEIVED_DATA) {
      const trigger = this.fifosEnabled() ? RX_TRIGGER_LEVELS[this.fcr >>> 6] : 1;
      if (this.rxCount >= trigger) return IIR_RECEIVED_DATA;
      if (this.timeoutInterrupt) return IIR_CHARACTER_TIMEOUT;
    }
    if (ier & IER_THR_EMPTY && this.thrEmptyInterrupt) return IIR_THR_EMPTY;
    if (ier & IER_MODEM_STATUS && this.modemDeltas) return IIR_MODEM_STATUS;
    return IIR_NONE;
  }

  /**
   * Drives the IRQ line. On the PC the UART's INTRPT output reaches the bus only through a buffer enabled by the
   * OUT2 pin (IBM Asynchronous Communications Adapter), and in loopback OUT2 is forced inactive.
   */
  private updateInterrupt(): void {
    const level = this.pendingInterrupt() !== IIR_NONE && (this.modemControlOutputs() & MCR_OUT2) !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irqs.setIrq(this.irq, level);
    }
  }
}

function dueToState(due: number): number | null {
  return Number.isFinite(due) ? due : null;
}

function dueFromState(state: DeviceState, key: string): number {
  const value = state[key];
  if (value === null) return Infinity;
  if (typeof value !== "number") throw new Error(`uart state: bad ${key}`);
  return value;
}

function fifoField(state: DeviceState, key: string): Uint8Array {
  const value = state[key];
  if (!(value instanceof Uint8Array) || value.length !== FIFO_DEPTH) throw new Error(`uart state: bad ${key}`);
  return value;
}

function numberField(state: DeviceState, key: string): number {
  const value = state[key];
  if (typeof value !== "number") throw new Error(`uart state: bad ${key}`);
  return value;
}

function booleanField(state: DeviceState, key: string): boolean {
  const value = state[key];
  if (typeof value !== "boolean") throw new Error(`uart state: bad ${key}`);
  return value;
}
