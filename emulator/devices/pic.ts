/**
 * The Intel 8259A programmable interrupt controller, and the pair of them an AT wires up (the XT has the master only).
 *
 * Facts cite the Intel 8259A datasheet (order no. 231468): "Initialization Command Words", "Operation Command Words",
 * "Fully Nested Mode", "Edge and Level Triggered Modes", "Cascade Mode"; and the IBM PC/AT Technical Reference,
 * "System Interrupts" for the wiring (master at 20h, slave at A0h on the master's IR2, bus IRQ2 rerouted to IRQ9).
 */
import type { Device, DeviceState, InterruptAcknowledge, InterruptLines, InterruptRequestInput } from "../device.ts";
import type { PortHandler } from "../io-bus.ts";

/** Which ICW the next write to the odd port is, during the initialization sequence. */
const enum InitStep {
  Done = 0,
  Icw2 = 2,
  Icw3 = 3,
  Icw4 = 4,
}

/** The vector an 8086-mode 8259A gives when the request vanished before INTA: "IR7" with no ISR bit (datasheet). */
const SPURIOUS_LEVEL = 7;

export class ProgrammableInterruptController implements Device {
  readonly ports: readonly PortHandler[];

  /** Interrupt request register: latched requests waiting for service. */
  private irr = 0;
  /** In-service register: levels acknowledged and not yet ended by an EOI. */
  private isr = 0;
  /** Interrupt mask register (OCW1). */
  private imr = 0;
  /** The current level of each IR input pin, for edge detection. */
  private lines = 0;
  /** ICW2 with the low three bits clear: in 8086 mode T7–T3 come from ICW2 and the level fills bits 2–0. */
  private vectorBase = 0;
  /** ICW1 bits: SNGL (no ICW3), IC4 (ICW4 follows), LTIM (level triggered). */
  private single = true;
  private icw4Needed = false;
  private levelTriggered = false;
  /** ICW3: on a master, one bit per IR input that has a slave; on a slave, its ID (the CAS code it answers to). */
  private icw3 = 0;
  /** ICW4 bits: µPM (8086 mode), AEOI, BUF and M/S, SFNM. */
  private icw4 = 0;
  private initStep = InitStep.Done;
  /** The IR level with the lowest priority; the one after it has the highest (7 after ICW1: IR0 highest). */
  private lowestPriority = 7;
  /** OCW2 "rotate in automatic EOI mode". */
  private rotateOnAutoEoi = false;
  /** OCW3 RR/RIS: a read of the even port returns the ISR instead of the IRR. */
  private readIsr = false;
  /** OCW3 P: the next read is a poll (an acknowledge returning 1000 0www). */
  private pollPending = false;
  /** OCW3 SMM: in-service levels that are masked do not block lower levels. */
  private specialMask = false;
  /** The INT output level as last driven. */
  private intOut = false;
  /** Slaves on the master's IR inputs, by level (cascade mode). */
  private readonly slaves: (ProgrammableInterruptController | undefined)[] = [];

  /**
   * @param name device name in snapshots ("pic-master", "pic-slave")
   * @param base the even port (20h or A0h); the chip decodes A0 only, so it claims base and base+1
   * @param output what INT drives: the CPU's INTR, or the master's IR input for a slave
   */
  constructor(
    readonly name: string,
    base: number,
    private readonly output: InterruptRequestInput,
  ) {
    this.ports = [
      { port: base, name: `${name} command`, read: () => this.readEven(), write: (_p, v) => this.writeEven(v) },
      { port: base + 1, name: `${name} mask`, read: () => this.readOdd(), write: (_p, v) => this.writeOdd(v) },
    ];
  }

  /** Puts `slave`'s vectors behind IR input `level` (its INT must drive this chip's `setInput(level)`). */
  attachSlave(level: number, slave: ProgrammableInterruptController): void {
    this.slaves[level] = slave;
  }

  reset(): void {
    this.irr = 0;
    this.isr = 0;
    this.imr = 0;
    this.lines = 0;
    this.vectorBase = 0;
    this.single = true;
    this.icw4Needed = false;
    this.levelTriggered = false;
    this.icw3 = 0;
    this.icw4 = 0;
    this.initStep = InitStep.Done;
    this.lowestPriority = 7;
    this.rotateOnAutoEoi = false;
    this.readIsr = false;
    this.pollPending = false;
    this.specialMask = false;
    this.updateOutput();
  }

  /**
   * Sets the level of IR input `level`. Edge mode latches a request on the rising edge; in either mode the IRR bit
   * follows the pin down, so a request that falls before INTA is withdrawn (and INTA then yields a spurious IR7).
   */
  setInput(level: number, high: boolean): void {
    const bit = 1 << level;
    if (high) {
      if (this.levelTriggered || !(this.lines & bit)) this.irr |= bit;
      this.lines |= bit;
    } else {
      this.lines &= ~bit;
      this.irr &= ~bit;
    }
    this.updateOutput();
  }

  /** The two INTA cycles: marks the winning level in service and returns its vector (the slave's, if cascaded). */
  acknowledge(): number {
    const level = this.resolve();
    if (level < 0) return this.vectorBase | SPURIOUS_LEVEL;
    this.accept(level);
    const slave = this.slaves[level];
    let vector: number;
    if (slave && !this.single && this.icw3 & (1 << level)) {
      vector = slave.acknowledgeAsSlave(level);
      // A slave that still requests after its INTA (another level pending in AEOI mode) must not be lost to our
      // edge detection: its INT stays high, so keep the cascade input's request latched.
      if (slave.intOut) this.irr |= 1 << level;
    } else {
      vector = this.vectorBase | level;
    }
    if (this.icw4 & 0x02) this.automaticEoi(level);
    this.updateOutput();
    return vector;
  }

  /** Vector base and IRR/ISR/IMR for debuggers and tests, without side effects. */
  get registers(): { vectorBase: number; irr: number; isr: number; imr: number } {
    return { vectorBase: this.vectorBase, irr: this.irr, isr: this.isr, imr: this.imr };
  }

  saveState(): DeviceState {
    return {
      irr: this.irr,
      isr: this.isr,
      imr: this.imr,
      lines: this.lines,
      vectorBase: this.vectorBase,
      single: this.single,
      icw4Needed: this.icw4Needed,
      levelTriggered: this.levelTriggered,
      icw3: this.icw3,
      icw4: this.icw4,
      initStep: this.initStep,
      lowestPriority: this.lowestPriority,
      rotateOnAutoEoi: this.rotateOnAutoEoi,
      readIsr: this.readIsr,
      pollPending: this.pollPending,
      specialMask: this.specialMask,
      intOut: this.intOut,
    };
  }

  loadState(state: DeviceState): void {
    const num = (key: string): number => {
      const v = state[key];
      if (typeof v !== "number") throw new Error(`${this.name}: state.${key} must be a number`);
      return v;
    };
    const bool = (key: string): boolean => {
      const v = state[key];
      if (typeof v !== "boolean") throw new Error(`${this.name}: state.${key} must be a boolean`);
      return v;
    };
    const loaded = {
      irr: num("irr"),
      isr: num("isr"),
      imr: num("imr"),
      lines: num("lines"),
      vectorBase: num("vectorBase"),
      single: bool("single"),
      icw4Needed: bool("icw4Needed"),
      levelTriggered: bool("levelTriggered"),
      icw3: num("icw3"),
      icw4: num("icw4"),
      initStep: num("initStep") as InitStep,
      lowestPriority: num("lowestPriority"),
      rotateOnAutoEoi: bool("rotateOnAutoEoi"),
      readIsr: bool("readIsr"),
      pollPending: bool("pollPending"),
      specialMask: bool("specialMask"),
      intOut: bool("intOut"),
    };
    Object.assign(this, loaded);
    // Re-drive INT so the CPU (or the master's IR2) agrees with the restored state.
    this.output.setIntr(this.intOut);
  }

  /** The second INTA as seen by a slave: it drives the data bus only if the master's CAS code is its ID (ICW3). */
  private acknowledgeAsSlave(cascadeCode: number): number {
    // No chip drives the bus when the IDs disagree; the pull-ups read FFh.
    if ((this.icw3 & 7) !== cascadeCode) return 0xff;
    return this.acknowledge();
  }

  /** The highest-priority unmasked request that beats everything in service (fully nested mode), or -1. */
  private resolve(): number {
    const pending = this.irr & ~this.imr;
    if (pending === 0) return -1;
    // Special mask mode: a masked in-service level no longer inhibits anything (datasheet, "Special Mask Mode").
    const blocking = this.specialMask ? this.isr & ~this.imr : this.isr;
    // Special fully nested mode lets a slave interrupt again while its master input is in service.
    const nested = this.icw4 & 0x10 ? this.icw3 : 0;
    for (let i = 1; i <= 8; i++) {
      const level = (this.lowestPriority + i) & 7;
      const bit = 1 << level;
      if (blocking & bit) return pending & bit & nested ? level : -1;
      if (pending & bit) return level;
    }
    return -1;
  }

  private accept(level: number): void {
    const bit = 1 << level;
    this.isr |= bit;
    // An edge-triggered request is consumed by INTA; a level-triggered one stays while the pin is high.
    if (!this.levelTriggered) this.irr &= ~bit;
  }

  /** AEOI: the ISR bit is cleared at the end of the last INTA, rotating if "rotate in AEOI mode" is set. */
  private automaticEoi(level: number): void {
    this.isr &= ~(1 << level);
    if (this.rotateOnAutoEoi) this.lowestPriority = level;
  }

  /** The highest-priority level in service, the one a non-specific EOI ends, or -1. */
  private highestInService(): number {
    for (let i = 1; i <= 8; i++) {
      const level = (this.lowestPriority + i) & 7;
      if (this.isr & (1 << level)) return level;
    }
    return -1;
  }

  private updateOutput(): void {
    const level = this.resolve() >= 0;
    if (level === this.intOut) return;
    this.intOut = level;
    this.output.setIntr(level);
  }

  private readEven(): number {
    if (this.pollPending) return this.poll();
    return this.readIsr ? this.isr : this.irr;
  }

  private readOdd(): number {
    if (this.pollPending) return this.poll();
    return this.imr;
  }

  /** OCW3 poll: the read acts as an INTA and returns I (bit 7) and the level; 0 when nothing is pending. */
  private poll(): number {
    this.pollPending = false;
    const level = this.resolve();
    if (level < 0) return 0;
    this.accept(level);
    if (this.icw4 & 0x02) this.automaticEoi(level);
    this.updateOutput();
    return 0x80 | level;
  }

  private writeEven(value: number): void {
    if (value & 0x10) this.writeIcw1(value);
    else if (value & 0x08) this.writeOcw3(value);
    else this.writeOcw2(value);
  }

  private writeOdd(value: number): void {
    switch (this.initStep) {
      case InitStep.Icw2:
        // In 8086 mode only T7–T3 matter; the CPU sees the level in bits 2–0 (datasheet, ICW2).
        this.vectorBase = value & 0xf8;
        this.initStep = !this.single ? InitStep.Icw3 : this.icw4Needed ? InitStep.Icw4 : InitStep.Done;
        return;
      case InitStep.Icw3:
        this.icw3 = value;
        this.initStep = this.icw4Needed ? InitStep.Icw4 : InitStep.Done;
        return;
      case InitStep.Icw4:
        this.icw4 = value & 0x1f;
        this.initStep = InitStep.Done;
        return;
      case InitStep.Done:
        this.imr = value;
        this.updateOutput();
        return;
    }
  }

  /**
   * ICW1 starts initialization: the edge sense is reset (an input must go low then high again to request), the IMR is
   * cleared, IR7 gets the lowest priority, special mask mode is cleared, reads return the IRR, and without IC4 every
   * ICW4 function is zero (datasheet, "Initialization Command Words"). We also clear the ISR so a re-initialized
   * chip does not keep blocking on a level whose EOI will never come.
   */
  private writeIcw1(value: number): void {
    this.icw4Needed = (value & 0x01) !== 0;
    this.single = (value & 0x02) !== 0;
    this.levelTriggered = (value & 0x08) !== 0;
    this.irr = this.levelTriggered ? this.lines : 0;
    this.isr = 0;
    this.imr = 0;
    this.lowestPriority = 7;
    this.specialMask = false;
    this.readIsr = false;
    this.pollPending = false;
    this.rotateOnAutoEoi = false;
    this.icw4 = 0;
    this.initStep = InitStep.Icw2;
    this.updateOutput();
  }

  /** OCW2: R, SL, EOI in bits 7–5 and the level in bits 2–0 (datasheet, "Operation Command Words", table 2). */
  private writeOcw2(value: number): void {
    const level = value & 7;
    switch (value >>> 5) {
      case 0b001: {
        const highest = this.highestInService();
        if (highest >= 0) this.isr &= ~(1 << highest);
        break;
      }
      case 0b011:
        this.isr &= ~(1 << level);
        break;
      case 0b101: {
        const highest = this.highestInService();
        if (highest >= 0) {
          this.isr &= ~(1 << highest);
          this.lowestPriority = highest;
        }
        break;
      }
      case 0b100:
        this.rotateOnAutoEoi = true;
        break;
      case 0b000:
        this.rotateOnAutoEoi = false;
        break;
      case 0b111:
        this.isr &= ~(1 << level);
        this.lowestPriority = level;
        break;
      case 0b110:
        this.lowestPriority = level;
        break;
      // 010: no operation.
    }
    this.updateOutput();
  }

  /** OCW3: ESMM/SMM (bits 6–5), P poll (bit 2), RR/RIS read register select (bits 1–0). */
  private writeOcw3(value: number): void {
    if (value & 0x40) this.specialMask = (value & 0x20) !== 0;
    if (value & 0x02) this.readIsr = (value & 0x01) !== 0;
    this.pollPending = (value & 0x04) !== 0;
    this.updateOutput();
  }
}

/**
 * The machine's interrupt controller: a master 8259A at 20h/21h and, on the AT, a slave at A0h/A1h whose INT drives
 * the master's IR2. IRQ 0–7 go to the master, 8–15 to the slave. On the AT the bus's IRQ2 pin is wired to the
 * slave's IR1 (IRQ9), since the master's IR2 carries the cascade (IBM PC/AT Technical Reference, "System Interrupts").
 * Without a slave (the XT), IRQ 8–15 do not exist and are ignored.
 */
export class PicPair implements InterruptLines, InterruptAcknowledge {
  readonly master: ProgrammableInterruptController;
  readonly slave: ProgrammableInterruptController | undefined;

  constructor(cpu: InterruptRequestInput, withSlave: boolean) {
    this.master = new ProgrammableInterruptController("pic-master", 0x20, cpu);
    if (withSlave) {
      const master = this.master;
      this.slave = new ProgrammableInterruptController("pic-slave", 0xa0, {
        setIntr: (level) => master.setInput(2, level),
      });
      this.master.attachSlave(2, this.slave);
    }
  }

  /** The devices to register with the machine (ports and snapshots). */
  get devices(): readonly ProgrammableInterruptController[] {
    return this.slave ? [this.master, this.slave] : [this.master];
  }

  setIrq(line: number, level: boolean): void {
    if (line < 8) {
      if (line === 2 && this.slave) this.slave.setInput(1, level);
      else this.master.setInput(line, level);
    } else if (this.slave && line < 16) {
      this.slave.setInput(line - 8, level);
    }
  }

  acknowledge(): number {
    return this.master.acknowledge();
  }
}
