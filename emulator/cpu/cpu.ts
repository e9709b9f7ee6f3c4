/**
 * The 16-bit x86 CPU: 8088/8086, 80186 and 80286 in real mode.
 *
 * This file holds the machine state and the mechanisms every instruction shares: instruction fetch, ModR/M
 * effective addresses, segmented memory access with the model's wrap rules, lazy flags, the stack, interrupts and
 * exceptions, and the run loop. What each opcode does lives in the `ops-*.ts` handler files; which handler runs for
 * which opcode on which model is decided only by `opcode-table.ts`.
 */
import type { InterruptAcknowledge, InterruptRequestInput } from "../device.ts";
import type { IoBus } from "../io-bus.ts";
import { PAGE_SHIFT, type Memory } from "../memory.ts";
import { Block, compileBlock } from "./block-compiler.ts";
import { buildDispatch, type Dispatch } from "./dispatch.ts";
import { EA_CLOCKS, EA_DISP16, EA_DISP8, EA_FORM, EA_SEG_SHIFT } from "./modrm.ts";
import { disassemble } from "./disassembler.ts";
import { CF, PF, AF, ZF, SF, TF, IF, DF, OF, ARITH_FLAGS, PARITY, LAZY_ADD, LAZY_SUB, LAZY_LOGIC } from "./flags.ts";

export type CpuModel = "8088" | "8086" | "80186" | "80286";

/** General registers in x86 encoding order (the ModR/M reg field and the low 3 bits of 40h–5Fh, 90h–97h, B8h–BFh). */
export const Reg = { AX: 0, CX: 1, DX: 2, BX: 3, SP: 4, BP: 5, SI: 6, DI: 7 } as const;
/** Segment registers in encoding order (the reg field of 8Ch/8Eh and bits 3–4 of the PUSH/POP seg opcodes). */
export const SReg = { ES: 0, CS: 1, SS: 2, DS: 3 } as const;

const SP = 4;
const CS = 1, SS = 2, DS = 3; // prettier-ignore

/** Byte register encoding AL CL DL BL AH CH DH BH → byte offset in the little-endian register file. */
const BYTE_REG_OFFSET = new Uint8Array([0, 2, 4, 6, 1, 3, 5, 7]);

/** Block cache entries (a power of two). */
const BLOCK_CACHE_SIZE = 1 << 14;
/** Interpreted runs of a block start before it is compiled: compiling costs far more than interpreting once. */
const COMPILE_AFTER_RUNS = 16;
/** The vector table's last byte: the IDT limit after RESET, and always on the 8086 and 186. */
const IVT_LIMIT = 0x3ff;

/** Thrown (as this one object, never allocated per fault) to abandon an instruction that raised an exception. */
export const FAULT = { fault: true } as const;

/** Exception vectors (Intel 80286 Programmer's Reference, chapter 9, real-address mode). */
export const Vector = {
  DivideError: 0,
  SingleStep: 1,
  Nmi: 2,
  Breakpoint: 3,
  Overflow: 4,
  Bound: 5,
  InvalidOpcode: 6,
  /** Exception 8: in real mode, an interrupt whose vector lies past the IDT limit (286 only, after LIDT). */
  DoubleFault: 8,
  /** Exception 13: in real mode, a segment overrun or an instruction over 10 bytes. */
  SegmentOverrun: 13,
} as const;

export class Cpu implements InterruptRequestInput {
  /** AX CX DX BX SP BP SI DI and a ninth entry that stays 0, the "no register" of effective address forms. */
  private readonly regFile = new Uint16Array(9);
  /** General registers: AX CX DX BX SP BP SI DI. */
  readonly regs = this.regFile.subarray(0, 8);
  /** The same storage seen as bytes: AL=0 AH=1 CL=2 CH=3 … (little-endian hosts only, as every supported host is). */
  readonly regs8 = new Uint8Array(this.regs.buffer);
  /** Segment registers: ES CS SS DS. */
  readonly sregs = new Uint16Array(4);
  ip = 0;

  /** Concrete FLAGS bits; an arithmetic flag whose bit is set in `lazy` is derived from the lazy state instead. */
  flags = 0;
  lazy = 0;
  lazyA = 0;
  lazyB = 0;
  /** The unmasked result, so carry and borrow out of the top bit survive. */
  lazyResult = 0;
  lazyBits = 8;
  /** LAZY_ADD, LAZY_SUB or LAZY_LOGIC: how the lazily kept result derives CF, OF and AF. */
  lazyKind = LAZY_LOGIC;

  /** Machine status word of the 286 (SMSW/LMSW); only its low four bits exist. */
  msw = 0;
  /**
   * The 286's descriptor-table registers (24-bit base, 16-bit limit). Real mode uses the IDT register too: a vector's
   * entry is read at base + 4 × vector, and one past the limit is exception 8 (80286 Programmer's Reference,
   * "Interrupt Descriptor Table Register" and real-address-mode interrupts). The 8086 and 186 keep the reset values,
   * base 0 and limit 3FFh: the fixed vector table at 00000h.
   */
  idtBase = 0;
  idtLimit = IVT_LIMIT;
  gdtBase = 0;
  gdtLimit = 0xffff;
  /**
   * Called when the 286 shuts down (exception 8's own entry lies past the IDT limit). The chip then stops until NMI
   * or RESET; the AT's system board decodes the shutdown cycle and resets it. Without a handler the CPU halts.
   */
  onShutdown: (() => void) | null = null;
  /**
   * Whether a repeated string instruction may stop between iterations when run()'s budget is used up, as the chip
   * takes interrupts between iterations (8086 User's Manual, "REP"): it then restarts at its first prefix with CX
   * counting what is left, once the machine has caught up with its timers. A machine sets this so that a 64K-word
   * REP MOVSW cannot hold the timer's IRQ 0 past a tick; bare CPUs (conformance, unit tests) run each REP whole.
   */
  interruptibleRepeats = false;
  /** Where the REP in progress stops (the end of the current run()), or Infinity. */
  repeatDeadline = Infinity;

  /** Address bus mask: FFFFFh on the 8086 and with A20 gated off; 1FFFFFh on the 286 with A20 on. */
  addressMask: number;
  readonly model: CpuModel;
  /** 80186 and later: new opcodes, shift counts masked to 5 bits, faults restart the faulting instruction. */
  readonly is186: boolean;
  readonly is286: boolean;

  halted = false;
  instructionCount = 0;
  cycles = 0;

  // Decoder state for the instruction being executed.
  /** Segment override prefix (segment register index) or -1. */
  segOverride = -1;
  /** 0, or the REP prefix byte (F2h REPNE, F3h REP/REPE). */
  repPrefix = 0;
  /**
   * IP of the first byte of the instruction, prefixes included: where 186+ faults return to. (CS needs no copy:
   * every handler that loads CS does so only after its last access that can fault.)
   */
  insnIp = 0;
  mod = 0;
  regField = 0;
  rm = 0;
  eaSeg = DS;
  eaOff = 0;
  /** Vector of the exception being raised while FAULT propagates. */
  faultVector = 0;

  // Interrupt inputs.
  interruptController: InterruptAcknowledge | null = null;
  private intrLine = false;
  private nmiPending = false;
  /**
   * Set whenever something may need attention at the next instruction boundary (interrupts, traps, shadows).
   * Public only for compiled blocks, which test it between instructions.
   */
  attention = false;
  /** The instruction just executed inhibits interrupts until after the next one (MOV SS, POP SS, STI). */
  private shadow = false;
  /** TF was set when the instruction just executed began: a single-step trap follows it. */
  private trapArmed = false;

  private readonly mem: Uint8Array;
  private readonly pageKind: Uint8Array;
  private readonly dispatch: Dispatch;
  /** Compiled-code cache, made on the first run() so that CPUs that only ever step() never pay for it. */
  private blocks: (Block | undefined)[] | null = null;

  constructor(
    model: CpuModel,
    readonly memory: Memory,
    readonly io: IoBus,
  ) {
    this.model = model;
    this.is186 = model === "80186" || model === "80286";
    this.is286 = model === "80286";
    this.addressMask = this.is286 ? 0x1fffff : 0xfffff;
    this.mem = memory.bytes;
    this.pageKind = memory.pageKind;
    this.dispatch = buildDispatch(model);
    this.reset();
  }

  /** Power-on / RESET state: CS:IP = FFFF:0000 (8086 data sheet, "RESET"), flags clear, interrupts disabled. */
  reset(): void {
    this.regs.fill(0);
    this.sregs.fill(0);
    this.sregs[CS] = 0xffff;
    this.ip = 0;
    this.lazy = 0;
    this.flags = 0;
    this.msw = 0;
    this.idtBase = 0;
    this.idtLimit = IVT_LIMIT;
    this.gdtBase = 0;
    this.gdtLimit = 0xffff;
    this.halted = false;
    this.shadow = false;
    this.trapArmed = false;
    this.nmiPending = false;
    this.attention = this.intrLine;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Running

  /**
   * Executes one whole instruction (with its prefixes), then any interrupt or trap that is due. Always through the
   * interpreter, never compiled code: stepping is the reference that compiled blocks are tested against.
   */
  step(): void {
    this.execute(1, false);
  }

  /**
   * Runs until at least `budget` clocks have been used, the CPU halts, or `stop()` is called from a device callback.
   * Returns the clocks used. A halted CPU stays halted (using no clocks) until an interrupt arrives.
   */
  run(budget: number): number {
    return this.execute(budget, true);
  }

  private execute(budget: number, compiled: boolean): number {
    const start = this.cycles;
    const end = start + budget;
    this.stopRequested = false;
    this.repeatDeadline = this.interruptibleRepeats && compiled ? end : Infinity;
    while (this.cycles < end && !this.stopRequested) {
      try {
        // A halted CPU stays at its boundary: it wakes only through serviceBoundary (an interrupt or NMI).
        if (this.attention || this.halted) {
          if (this.serviceBoundary()) continue;
          if (this.halted) break;
        }
        if (compiled) this.runBlocks(end);
        else this.runSlice(end);
      } catch (e) {
        if (e !== FAULT) throw e;
        this.deliverFault();
      }
    }
    return this.cycles - start;
  }

  private stopRequested = false;

  /** Ends the current run() at the next instruction boundary (a device saw something the host must handle). */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Runs compiled blocks (block-compiler.ts) where there are any, the interpreter elsewhere, until `end` clocks or
   * something needs the boundary check. The block cache is direct-mapped by linear address; an entry counts how
   * often the interpreter starts a block there and compiles it once that shows the code is hot.
   */
  private runBlocks(end: number): void {
    const blocks = (this.blocks ??= new Array<Block | undefined>(BLOCK_CACHE_SIZE));
    const sregs = this.sregs;
    const pageKind = this.pageKind;
    const mem = this.mem;
    do {
      const cs = sregs[CS];
      const ip = this.ip;
      const linear = ((cs << 4) + ip) & this.addressMask;
      const index = (linear ^ (linear >>> 16)) & (BLOCK_CACHE_SIZE - 1);
      const block = (blocks[index] ??= new Block());
      if (block.linear !== linear || block.ip !== ip || block.cs !== cs) block.reset(cs, ip, linear);
      // A compiled block reads its page straight from `mem`: never once the page has become device memory.
      const readable = (pageKind[linear >>> PAGE_SHIFT] & 1) === 0;
      if (block.code !== null && readable) {
        if (block.code(this, mem, end)) block.reset(cs, ip, linear);
      } else {
        if (++block.runs === COMPILE_AFTER_RUNS && readable) {
          block.code = compileBlock(mem, this.dispatch, this.model, cs, ip, linear);
        }
        this.runSlice(end);
      }
    } while (this.cycles < end && !this.attention);
  }

  /**
   * The interpreter: one table dispatch per instruction, until `end` clocks, something needs the boundary check,
   * or an instruction that ends a block (so that runBlocks sees every block start). Always executes at least one
   * instruction, so runSlice(0) executes exactly one.
   */
  private runSlice(end: number): void {
    const dispatch = this.dispatch;
    const prefixes = dispatch.prefix;
    const handlers = dispatch.handlers;
    const cycleTable = dispatch.cycles;
    const endsBlock = dispatch.endsBlock;
    const mem = this.mem;
    const pageKind = this.pageKind;
    const sregs = this.sregs;
    let executed = 0;
    let op: number;
    try {
      do {
        // The opcode fetch is fetch8() written out: it is the one memory access every instruction makes.
        const ip = this.ip;
        this.insnIp = ip;
        const address = ((sregs[CS] << 4) + ip) & this.addressMask;
        op = (pageKind[address >>> PAGE_SHIFT] & 1) === 0 ? mem[address] : this.memory.read8(address);
        this.ip = (ip + 1) & 0xffff;
        executed++;
        if (prefixes[op] === 0) {
          this.cycles += cycleTable[op];
          handlers[op](this, op);
        } else {
          // Prefix state lives only for the instruction it modifies; unprefixed instructions never touch it.
          op = this.consumePrefixes(op);
          this.cycles += cycleTable[op];
          handlers[op](this, op);
          this.segOverride = -1;
          this.repPrefix = 0;
        }
      } while (endsBlock[op] === 0 && this.cycles < end && !this.attention);
    } finally {
      this.instructionCount += executed;
    }
  }

  /** Applies the prefix bytes starting with `op`; returns the opcode byte they modify. */
  private consumePrefixes(op: number): number {
    const prefix = this.dispatch.prefix;
    let count = 0;
    do {
      this.cycles += 2;
      if ((op & 0xe7) === 0x26) this.segOverride = (op >>> 3) & 3;
      else if (op === 0xf2 || op === 0xf3) this.repPrefix = op;
      // F0h LOCK (and F1h, its undocumented alias) only asserts the bus lock: no effect here.
      count++;
      op = this.fetch8();
    } while (prefix[op] !== 0);
    // 80286 PRM 9.2: an instruction longer than 10 bytes, prefixes included, raises exception 13. Without prefixes
    // no instruction exceeds 6 bytes, so only a run of 5 or more prefixes needs the check.
    if (this.is286 && count >= 5) {
      const base = this.sregs[CS] << 4;
      const start = this.insnIp;
      const { length } = disassemble((i) => this.readLinear8(base + ((start + i) & 0xffff)), this.model);
      if (length > 10) this.fault(Vector.SegmentOverrun);
    }
    return op;
  }

  /**
   * Work at an instruction boundary: single-step trap, NMI, then INTR (8086 Family User's Manual, "Interrupt
   * priorities"). Returns true if it changed the flow (so the caller re-checks before fetching).
   */
  private serviceBoundary(): boolean {
    if (this.shadow && !this.trapArmed && (this.flags & TF) === 0 && !this.nmiPending && !this.intrRequested()) {
      // A shadow with nothing to hold off is void: it covers only this boundary, and anything raised during the
      // next instruction is due at the boundary after it anyway. (Segment loads make shadows often on the 8086.)
      this.shadow = false;
    }
    if (this.shadow) {
      // MOV SS / POP SS / STI: no interrupt until the next instruction has run (8086 User's Manual, "MOV SS").
      this.shadow = false;
      this.trapArmed = false;
      this.attention = true;
      if (!this.halted) {
        this.armTrap();
        this.runSlice(0);
        return true;
      }
    }
    if (this.trapArmed) {
      this.trapArmed = false;
      this.halted = false;
      this.interrupt(Vector.SingleStep);
      this.armTrap();
      return true;
    }
    if (this.nmiPending) {
      this.nmiPending = false;
      this.halted = false;
      this.interrupt(Vector.Nmi);
      this.armTrap();
      return true;
    }
    if (this.intrLine && (this.flags & IF) !== 0 && this.interruptController) {
      this.halted = false;
      const vector = this.interruptController.acknowledge();
      this.interrupt(vector);
      this.armTrap();
      return true;
    }
    this.armTrap();
    // A halted CPU keeps `attention` so that the next run() comes back here rather than fetching past the HLT.
    this.attention = this.halted || this.trapArmed || this.nmiPending || (this.intrLine && (this.flags & IF) !== 0);
    if (this.attention && !this.halted) {
      this.runSlice(0);
      return true;
    }
    return false;
  }

  private intrRequested(): boolean {
    return this.intrLine && (this.flags & IF) !== 0;
  }

  /** Records whether TF is set as the next instruction starts: if so, a trap follows that instruction. */
  private armTrap(): void {
    this.trapArmed = (this.flags & TF) !== 0;
    if (this.trapArmed) this.attention = true;
  }

  /** Called by the interrupt controller when its INT output changes. */
  setIntr(level: boolean): void {
    this.intrLine = level;
    if (level) this.attention = true;
  }

  /** Raises the non-maskable interrupt (edge-triggered: one NMI per call). */
  nmi(): void {
    this.nmiPending = true;
    this.attention = true;
  }

  /** Asks for a boundary check before the next instruction (after IF or TF may have changed). */
  flagsChanged(): void {
    this.attention = true;
  }

  /**
   * MOV SS, POP SS and STI inhibit interrupts and traps for one instruction. A shadow only holds off what is pending
   * at the boundary after its instruction, and every caller inhibits as that instruction's last act, so nothing can
   * become pending in between: with nothing pending now the shadow is void (as serviceBoundary would find) and is
   * not raised at all, which keeps compiled code running through the 8086's frequent segment loads.
   */
  inhibitInterrupts(): void {
    if (!this.trapArmed && (this.flags & TF) === 0 && !this.nmiPending && !this.intrRequested()) return;
    this.shadow = true;
    this.attention = true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Interrupts and exceptions

  /** Software or hardware interrupt: push FLAGS, CS, IP; clear IF and TF; load CS:IP from the vector table. */
  interrupt(vector: number): void {
    if ((vector << 2) + 3 > this.idtLimit) {
      // Only a 286 program that loaded a small IDT limit gets here (LIDT): exception 8, or shutdown from there.
      if (vector !== Vector.DoubleFault) this.interrupt(Vector.DoubleFault);
      else this.shutdown();
      return;
    }
    const flags = this.getFlags();
    this.push16(flags);
    this.push16(this.sregs[CS]);
    this.push16(this.ip);
    this.flags &= ~(IF | TF);
    const entry = (this.idtBase + (vector << 2)) & this.addressMask;
    this.ip = this.readLinear16(entry);
    this.sregs[CS] = this.readLinear16(entry + 2);
  }

  private shutdown(): void {
    if (this.onShutdown) {
      this.onShutdown();
      return;
    }
    this.halted = true;
    this.flags &= ~IF;
  }

  /**
   * Raises an exception from inside an instruction. On the 80186/286 exceptions are faults: the instruction is
   * abandoned and the pushed return address is its first byte, prefixes included. (The 8086 has no faults; its
   * divide error is delivered by the divide handlers directly, returning past the instruction.)
   */
  fault(vector: number): never {
    this.faultVector = vector;
    throw FAULT;
  }

  private deliverFault(): void {
    this.ip = this.insnIp;
    this.segOverride = -1;
    this.repPrefix = 0;
    this.halted = false;
    this.interrupt(this.faultVector);
    this.attention = true;
  }

  /**
   * Stops the repeated string instruction `op` between iterations (repeatDeadline reached): IP goes back to its first
   * prefix, so that it carries on with the CX it left once interrupts have been looked at. The restart is not a new
   * instruction, and its decoding is not paid twice: clocks and the count are as if it had run without a break.
   * (The 8086 resumes at the last prefix only, losing a segment override before it; we restart at the first, as the
   * 286 does, rather than break programs that were never interrupted there on the machines they were written for.)
   */
  suspendRepeat(op: number): void {
    const prefixes = (this.ip - 1 - this.insnIp) & 0xffff;
    this.cycles -= this.dispatch.cycles[op] + 2 * prefixes;
    this.instructionCount--;
    this.ip = this.insnIp;
    this.attention = true;
  }

  /** Divide error (INT 0): a fault returning to the DIV on the 186/286, past it on the 8086. */
  divideError(): void {
    if (this.is186) this.fault(Vector.DivideError);
    this.interrupt(Vector.DivideError);
    this.attention = true;
  }

  /** An opcode the model does not have: INT 6 on the 186/286 (the 8086 has no invalid opcodes). */
  invalidOpcode(): never {
    this.fault(Vector.InvalidOpcode);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Flags

  /** The FLAGS word as PUSHF stores it, with the model's fixed bits. */
  getFlags(): number {
    this.materializeFlags();
    // 8086/186: bits 12–15 read as 1; 286 in real mode: as 0. Bit 1 is always 1; 3 and 5 always 0.
    return this.is286 ? (this.flags & 0x0fd5) | 0x0002 : (this.flags & 0x0fd5) | 0xf002;
  }

  /** Loads FLAGS (POPF, IRET, test set-up). */
  setFlags(value: number): void {
    this.lazy = 0;
    this.flags = value & 0x0fd5;
    this.attention = true;
  }

  materializeFlags(): void {
    const lazy = this.lazy;
    if (lazy === 0) return;
    let flags = this.flags & ~lazy;
    if (lazy & CF && this.lazyCF()) flags |= CF;
    if (lazy & PF) flags |= PARITY[this.lazyResult & 0xff];
    if (lazy & AF && ((this.lazyA ^ this.lazyB ^ this.lazyResult) & 0x10) !== 0 && this.lazyKind !== LAZY_LOGIC)
      flags |= AF;
    if (lazy & ZF && (this.lazyResult & ((1 << this.lazyBits) - 1)) === 0) flags |= ZF;
    if (lazy & SF && ((this.lazyResult >>> (this.lazyBits - 1)) & 1) !== 0) flags |= SF;
    if (lazy & OF && this.lazyOF()) flags |= OF;
    this.flags = flags;
    this.lazy = 0;
  }

  private lazyCF(): boolean {
    return this.lazyKind !== LAZY_LOGIC && ((this.lazyResult >>> this.lazyBits) & 1) !== 0;
  }

  private lazyOF(): boolean {
    const a = this.lazyA, b = this.lazyB, r = this.lazyResult; // prettier-ignore
    const top = this.lazyBits - 1;
    if (this.lazyKind === LAZY_ADD) return (((a ^ r) & (b ^ r)) >>> top) & 1 ? true : false;
    if (this.lazyKind === LAZY_SUB) return (((a ^ b) & (a ^ r)) >>> top) & 1 ? true : false;
    return false;
  }

  get cf(): boolean {
    return this.lazy & CF ? this.lazyCF() : (this.flags & CF) !== 0;
  }
  get zf(): boolean {
    return this.lazy & ZF ? (this.lazyResult & ((1 << this.lazyBits) - 1)) === 0 : (this.flags & ZF) !== 0;
  }
  get sf(): boolean {
    return this.lazy & SF ? ((this.lazyResult >>> (this.lazyBits - 1)) & 1) !== 0 : (this.flags & SF) !== 0;
  }
  get of(): boolean {
    return this.lazy & OF ? this.lazyOF() : (this.flags & OF) !== 0;
  }
  get pf(): boolean {
    return this.lazy & PF ? PARITY[this.lazyResult & 0xff] !== 0 : (this.flags & PF) !== 0;
  }
  get af(): boolean {
    if ((this.lazy & AF) === 0) return (this.flags & AF) !== 0;
    return this.lazyKind !== LAZY_LOGIC && ((this.lazyA ^ this.lazyB ^ this.lazyResult) & 0x10) !== 0;
  }
  get df(): boolean {
    return (this.flags & DF) !== 0;
  }

  /** Sets or clears concrete flag bits, first taking them out of the lazy set. */
  setFlag(mask: number, on: boolean): void {
    if (this.lazy & mask) this.materializeFlags();
    if (on) this.flags |= mask;
    else this.flags &= ~mask;
  }

  /** Records an arithmetic result for lazy evaluation of all six arithmetic flags. */
  setLazy(kind: number, a: number, b: number, result: number, bits: number): void {
    this.lazyKind = kind;
    this.lazyA = a;
    this.lazyB = b;
    this.lazyResult = result;
    this.lazyBits = bits;
    this.lazy = ARITH_FLAGS;
  }

  /** As setLazy, but CF keeps its value (INC and DEC). */
  setLazyKeepCF(kind: number, a: number, b: number, result: number, bits: number): void {
    const carry = this.cf;
    this.lazyKind = kind;
    this.lazyA = a;
    this.lazyB = b;
    this.lazyResult = result;
    this.lazyBits = bits;
    this.flags = carry ? this.flags | CF : this.flags & ~CF;
    this.lazy = ARITH_FLAGS & ~CF;
  }

  /**
   * Sets SF, ZF and PF from `result` (lazily) and CF, AF, OF to the given concrete values: the shape of the flags
   * after shifts, rotates, multiplies and the BCD adjustments.
   */
  setResultFlags(result: number, bits: number, cf: boolean, af: boolean, of: boolean): void {
    this.lazyKind = LAZY_LOGIC;
    this.lazyResult = result;
    this.lazyBits = bits;
    let flags = this.flags & ~(CF | AF | OF | SF | ZF | PF);
    if (cf) flags |= CF;
    if (af) flags |= AF;
    if (of) flags |= OF;
    this.flags = flags;
    this.lazy = SF | ZF | PF;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Registers

  getReg8(index: number): number {
    return this.regs8[BYTE_REG_OFFSET[index]];
  }
  setReg8(index: number, value: number): void {
    this.regs8[BYTE_REG_OFFSET[index]] = value;
  }

  /** Loads a segment register (real mode: the base is always selector × 16). */
  setSreg(index: number, value: number): void {
    this.sregs[index] = value;
    // The 8086/8088 hold off interrupts and the trap after loading any segment register (a CPU test in BIOSes tells
    // them from the 1978 8088, which did not); the 80186/286 only after SS (80286 PRM, MOV SS).
    if (index === SS || !this.is186) this.inhibitInterrupts();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Memory

  // The accessors below are written to be inlined by the JS engine into every handler: each is a short fast path
  // for an access within one plain page, with the rare cases (device or ROM pages, page-straddling words, offset
  // FFFFh) in separate functions. Keeping them small is what lets a whole handler compile to one function.

  readLinear8(address: number): number {
    address &= this.addressMask;
    if ((this.pageKind[address >>> PAGE_SHIFT] & 1) === 0) return this.mem[address];
    return this.memory.read8(address);
  }

  writeLinear8(address: number, value: number): void {
    address &= this.addressMask;
    if (this.pageKind[address >>> PAGE_SHIFT] === 0) this.mem[address] = value;
    else this.memory.write8(address, value & 0xff);
  }

  readLinear16(address: number): number {
    return this.readLinear8(address) | (this.readLinear8(address + 1) << 8);
  }

  read8(seg: number, offset: number): number {
    return this.readLinear8((this.sregs[seg] << 4) + offset);
  }

  write8(seg: number, offset: number, value: number): void {
    this.writeLinear8((this.sregs[seg] << 4) + offset, value);
  }

  read16(seg: number, offset: number): number {
    const address = ((this.sregs[seg] << 4) + offset) & this.addressMask;
    // Both bytes in one readable page (a word at a page's last byte may straddle RAM and a device).
    if ((this.pageKind[address >>> PAGE_SHIFT] & 1) === 0 && (address & 0xfff) !== 0xfff && offset !== 0xffff) {
      return this.mem[address] | (this.mem[address + 1] << 8);
    }
    return this.read16Slow(seg, offset);
  }

  /**
   * A word at offset FFFFh: the 8086 takes the high byte from offset 0 of the same segment; the 286 raises
   * exception 13 (80286 PRM 9.2: "Segment overrun — word operand at offset FFFFH").
   */
  private read16Slow(seg: number, offset: number): number {
    const base = this.sregs[seg] << 4;
    if (offset === 0xffff) {
      if (this.is286) this.fault(Vector.SegmentOverrun);
      return this.readLinear8(base + 0xffff) | (this.readLinear8(base) << 8);
    }
    return this.readLinear8(base + offset) | (this.readLinear8(base + offset + 1) << 8);
  }

  write16(seg: number, offset: number, value: number): void {
    const address = ((this.sregs[seg] << 4) + offset) & this.addressMask;
    if (this.pageKind[address >>> PAGE_SHIFT] === 0 && (address & 0xfff) !== 0xfff && offset !== 0xffff) {
      this.mem[address] = value;
      this.mem[address + 1] = value >>> 8;
      return;
    }
    this.write16Slow(seg, offset, value);
  }

  private write16Slow(seg: number, offset: number, value: number): void {
    const base = this.sregs[seg] << 4;
    if (offset === 0xffff) {
      if (this.is286) this.fault(Vector.SegmentOverrun);
      this.writeLinear8(base + 0xffff, value);
      this.writeLinear8(base, value >>> 8);
      return;
    }
    this.writeLinear8(base + offset, value);
    this.writeLinear8(base + offset + 1, value >>> 8);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Instruction stream

  fetch8(): number {
    const ip = this.ip;
    const address = ((this.sregs[CS] << 4) + ip) & this.addressMask;
    this.ip = (ip + 1) & 0xffff;
    if ((this.pageKind[address >>> PAGE_SHIFT] & 1) === 0) return this.mem[address];
    return this.memory.read8(address);
  }

  /** A sign-extended byte (disp8, Jb, Ib sign-extended to a word) as a number -128..127. */
  fetchS8(): number {
    return (this.fetch8() << 24) >> 24;
  }

  fetch16(): number {
    const ip = this.ip;
    const address = ((this.sregs[CS] << 4) + ip) & this.addressMask;
    if ((this.pageKind[address >>> PAGE_SHIFT] & 1) === 0 && (address & 0xfff) !== 0xfff && ip !== 0xffff) {
      this.ip = (ip + 2) & 0xffff;
      return this.mem[address] | (this.mem[address + 1] << 8);
    }
    const low = this.fetch8();
    return low | (this.fetch8() << 8);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // ModR/M

  /**
   * Reads the ModR/M byte and, for a memory operand, its displacement and effective address. Returns the byte so
   * that handlers can test `modrm >= 0xc0` (register operand) without reloading fields.
   */
  decodeModrm(): number {
    const modrm = this.fetch8();
    this.mod = modrm >>> 6;
    this.regField = (modrm >>> 3) & 7;
    this.rm = modrm & 7;
    if (modrm < 0xc0) this.computeEffectiveAddress(modrm);
    return modrm;
  }

  /** Base + index + displacement, as EA_FORM (modrm.ts) describes the ModR/M byte. */
  private computeEffectiveAddress(modrm: number): void {
    const form = EA_FORM[modrm];
    const regs = this.regFile;
    let offset = regs[form & 15] + regs[(form >>> 4) & 15];
    if (form & EA_DISP8) offset += this.fetchS8();
    else if (form & EA_DISP16) offset += this.fetch16();
    this.eaOff = offset & 0xffff;
    this.eaSeg = this.segOverride >= 0 ? this.segOverride : (form >>> EA_SEG_SHIFT) & 3;
    this.cycles += EA_CLOCKS;
  }

  readRM8(): number {
    return this.mod === 3 ? this.regs8[BYTE_REG_OFFSET[this.rm]] : this.read8(this.eaSeg, this.eaOff);
  }
  writeRM8(value: number): void {
    if (this.mod === 3) this.regs8[BYTE_REG_OFFSET[this.rm]] = value;
    else this.write8(this.eaSeg, this.eaOff, value);
  }
  readRM16(): number {
    return this.mod === 3 ? this.regs[this.rm] : this.read16(this.eaSeg, this.eaOff);
  }
  writeRM16(value: number): void {
    if (this.mod === 3) this.regs[this.rm] = value;
    else this.write16(this.eaSeg, this.eaOff, value);
  }

  /** Segment for a DS-default operand that is not ModR/M based (MOV AL,[moffs], XLAT, string sources). */
  dataSegment(): number {
    return this.segOverride >= 0 ? this.segOverride : DS;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Stack

  push16(value: number): void {
    const sp = (this.regs[SP] - 2) & 0xffff;
    if (this.is286 && sp === 0xffff) {
      // PUSH with SP=1 would straddle the segment end (80286 PRM 9.2): a stack fault in real mode.
      this.fault(Vector.SegmentOverrun);
    }
    this.write16(SS, sp, value);
    this.regs[SP] = sp;
  }

  pop16(): number {
    const sp = this.regs[SP];
    const value = this.read16(SS, sp);
    this.regs[SP] = (sp + 2) & 0xffff;
    return value;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // I/O

  in8(port: number): number {
    return this.io.in8(port);
  }
  in16(port: number): number {
    return this.io.in16(port);
  }
  out8(port: number, value: number): void {
    this.io.out8(port, value);
  }
  out16(port: number, value: number): void {
    this.io.out16(port, value);
  }

  /** HLT: stop fetching until an interrupt (or NMI, or reset) arrives. */
  halt(): void {
    this.halted = true;
    this.attention = true;
  }

  /** CPU state for snapshots. */
  saveState(): CpuState {
    return {
      model: this.model,
      regs: Array.from(this.regs),
      sregs: Array.from(this.sregs),
      ip: this.ip,
      flags: this.getFlags(),
      msw: this.msw,
      descriptorTables: [this.gdtBase, this.gdtLimit, this.idtBase, this.idtLimit],
      addressMask: this.addressMask,
      halted: this.halted,
      intrLine: this.intrLine,
      nmiPending: this.nmiPending,
      shadow: this.shadow,
      trapArmed: this.trapArmed,
      instructionCount: this.instructionCount,
      cycles: this.cycles,
    };
  }

  loadState(state: CpuState): void {
    if (state.model !== this.model) throw new Error(`CPU state is for a ${state.model}, this CPU is a ${this.model}`);
    this.regs.set(state.regs);
    this.sregs.set(state.sregs);
    this.ip = state.ip;
    this.setFlags(state.flags);
    this.msw = state.msw;
    // Snapshots from before the descriptor-table registers existed hold the reset values.
    const tables = (state as Partial<CpuState>).descriptorTables ?? [0, 0xffff, 0, IVT_LIMIT];
    [this.gdtBase, this.gdtLimit, this.idtBase, this.idtLimit] = tables;
    this.addressMask = state.addressMask;
    this.halted = state.halted;
    this.intrLine = state.intrLine;
    this.nmiPending = state.nmiPending;
    this.shadow = state.shadow;
    this.trapArmed = state.trapArmed;
    this.instructionCount = state.instructionCount;
    this.cycles = state.cycles;
    this.attention = true;
  }
}

export interface CpuState {
  readonly [key: string]: number | string | boolean | readonly number[];
  readonly model: CpuModel;
  readonly regs: readonly number[];
  readonly sregs: readonly number[];
  readonly ip: number;
  readonly flags: number;
  readonly msw: number;
  /** GDTR base and limit, IDTR base and limit (absent in older snapshots). */
  readonly descriptorTables: readonly number[];
  readonly addressMask: number;
  readonly halted: boolean;
  readonly intrLine: boolean;
  readonly nmiPending: boolean;
  readonly shadow: boolean;
  readonly trapArmed: boolean;
  readonly instructionCount: number;
  readonly cycles: number;
}

export { CF, PF, AF, ZF, SF, TF, IF, DF, OF };
