/**
 * Compiles runs of guest code ("blocks") into JavaScript functions, so that hot code skips the run loop's
 * per-instruction work: the opcode fetch, the prefix check and the indirect call through the dispatch table, which
 * the JS engine can neither predict nor inline. Each instruction of a block becomes either the inline code of its
 * row's template (inline-ops.ts: the common moves, ALU operations, stack operations and jumps, with registers,
 * addressing form and branch targets as constants) or a direct call to the very handler the dispatch table holds
 * (for group opcodes, the group member the ModR/M byte selects). Either way the opcode table stays the one
 * description of what each instruction does.
 *
 * A block starts at a CS:IP and follows the path execution takes when no conditional branch is taken, for up to
 * MAX_INSTRUCTIONS instructions inside one 4 KB page:
 * - it goes on through JMP and CALL with a relative target in the same page (a CALL pushes its return offset);
 * - a branch back to the block's first instruction loops inside the compiled function;
 * - a conditional branch forward to an instruction further along the path skips the instructions in between (an
 *   `if`), so the short forward branches of structured code need not leave the block;
 * - any other taken branch, or an instruction that always transfers control elsewhere (RET, INT, a far or
 *   indirect jump), ends the block; so does an instruction that would leave the page or wrap IP, and one with five
 *   or more prefixes (the 286's 10-byte limit check lives in the interpreter). After a handler that may transfer
 *   control (DIV, a load of CS), the block goes on only if CS:IP shows it fell through.
 *
 * Operands are read from memory at run time; only the bytes that decide which code runs and how long the
 * instruction is (prefixes, opcode, ModR/M, and the displacement of a relative jump) are fixed at compile time. The
 * block checks those bytes in memory before each instruction and stops if they changed, so code overwritten by the
 * CPU, by DMA or by the host is never run stale, even when a block rewrites its own later instructions.
 *
 * Between instructions a block returns as soon as `attention` is set or the clock budget is used up, exactly where
 * the interpreter would stop: interrupts, traps and run(budget) behave the same with or without compiled code.
 */
import type { Cpu, CpuModel } from "./cpu.ts";
import { disassemble } from "./disassembler.ts";
import { TRANSFER_ALWAYS, TRANSFER_MAY, type Dispatch } from "./dispatch.ts";
import { ARITH_FLAGS, CF, LAZY_ADD, LAZY_LOGIC, PARITY } from "./flags.ts";
import type { InlineContext, InlineTemplate } from "./inline-ops.ts";
import { EA_CLOCKS, EA_DISP16, EA_DISP8, EA_FORM, EA_SEG_SHIFT, NO_REG } from "./modrm.ts";
import { condition } from "./ops-control.ts";
import type { Handler } from "./opcode-table.ts";

/**
 * Runs a block on `cpu` with `mem` its memory's bytes, until the block ends or the clock count reaches `end`.
 * Returns true if it stopped because an instruction's bytes no longer match the compiled ones.
 */
export type BlockCode = (cpu: Cpu, mem: Uint8Array, end: number) => boolean;

/** Long enough to span a typical loop body, short enough that the engine still compiles the function well. */
const MAX_INSTRUCTIONS = 32;
/** Prefixes from which the 286 checks the 10-byte instruction limit (see Cpu.consumePrefixes). */
const LIMIT_CHECK_PREFIXES = 5;
const PAGE_OFFSET_MASK = 0xfff;
/** Byte register encoding AL CL DL BL AH CH DH BH → byte offset in the little-endian register file (as in cpu.ts). */
const BYTE_REG_OFFSET = [0, 2, 4, 6, 1, 3, 5, 7];

/** Compiled blocks by model (its dispatch tables) and source, shared by every CPU of that model. */
const sharedCode = new Map<Dispatch, Map<string, BlockCode>>();
/** Blocks kept per model before the shared cache starts over, bounding its memory. */
const SHARED_CODE_LIMIT = 1 << 14;

/** One entry of the CPU's block cache: a block start and, once it has run often enough, its compiled code. */
export class Block {
  cs = -1;
  ip = -1;
  linear = -1;
  /** How many times the interpreter has run from this start. */
  runs = 0;
  code: BlockCode | null = null;

  /** Makes the entry describe a new start, forgetting any code (entries are reused, never reallocated). */
  reset(cs: number, ip: number, linear: number): void {
    this.cs = cs;
    this.ip = ip;
    this.linear = linear;
    this.runs = 0;
    this.code = null;
  }
}

/** One instruction on a block's path, as decoded at compile time. */
interface Instruction {
  /** Linear address and offset of its first byte (prefixes included). */
  readonly at: number;
  readonly offset: number;
  readonly prefixes: number;
  readonly segOverride: number;
  readonly repPrefix: number;
  readonly op: number;
  /** The ModR/M byte, or -1. */
  readonly modrm: number;
  readonly length: number;
  readonly transfer: number;
  /** The target offset of a relative (J) operand, or -1. */
  readonly target: number;
  readonly inline: InlineTemplate | undefined;
}

/**
 * Compiles the block at `cs`:`ip` (linear address `linear`, in a page readable straight from `mem`). Returns null if
 * not even its first instruction can be compiled; the interpreter then keeps running it.
 */
export function compileBlock(
  mem: Uint8Array,
  dispatch: Dispatch,
  model: CpuModel,
  cs: number,
  ip: number,
  linear: number,
): BlockCode | null {
  const path = tracePath(mem, dispatch, model, ip, linear);
  if (path.length === 0) return null;
  const emitter = new Emitter(mem, dispatch, model, cs, ip, path);
  const source = emitter.emit();
  // The source names every byte it depends on, and the handlers follow from those bytes and the model: blocks with
  // the same source are the same code, so CPUs share it and a new CPU need not compile (and warm up) it again.
  let shared = sharedCode.get(dispatch);
  if (!shared) sharedCode.set(dispatch, (shared = new Map()));
  const known = shared.get(source);
  if (known) return known;
  if (shared.size >= SHARED_CODE_LIMIT) shared.clear();
  const names = emitter.handlers.map((_, i) => `h${i}`);
  // Instructions are counted in a local and added once on the way out, whichever way that is (a fault throws).
  const body =
    `"use strict";\nreturn function block(c, m, end) {\nconst r = c.regs, r8 = c.regs8;\n` +
    `let n = 0, ea = 0, fa = 0, fb = 0, fv = 0;\ntry {\n${source}\n} finally {\nc.instructionCount += n;\n}\n};`;
  // The handlers are parameters of the factory, so each call site in the block sees one function and is inlined.
  const factory = new Function("cond", "PARITY", ...names, body) as (...args: unknown[]) => BlockCode;
  const code = factory(condition, PARITY, ...emitter.handlers);
  shared.set(source, code);
  return code;
}

/** MOVS CMPS STOS LODS SCAS (A4h–A7h, AAh–AFh) and INS/OUTS (6Ch–6Fh). */
function isStringOp(op: number): boolean {
  return (op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf) || (op >= 0x6c && op <= 0x6f);
}

/** Decodes the instructions a block runs when no branch is taken, following relative JMP and CALL in its page. */
function tracePath(mem: Uint8Array, dispatch: Dispatch, model: CpuModel, ip: number, linear: number): Instruction[] {
  const path: Instruction[] = [];
  const pageStart = linear & ~PAGE_OFFSET_MASK;
  const pageEnd = linear | PAGE_OFFSET_MASK;
  const visited = new Set<number>();
  let at = linear;
  let offset = ip;
  while (path.length < MAX_INSTRUCTIONS) {
    let opAt = at;
    let segOverride = -1;
    let repPrefix = 0;
    while (opAt <= pageEnd && dispatch.prefix[mem[opAt]] !== 0) {
      const prefix = mem[opAt++];
      if ((prefix & 0xe7) === 0x26) segOverride = (prefix >>> 3) & 3;
      else if (prefix === 0xf2 || prefix === 0xf3) repPrefix = prefix;
    }
    const prefixes = opAt - at;
    if (prefixes >= LIMIT_CHECK_PREFIXES) break;
    const start = at;
    const { length } = disassemble((i) => mem[start + i] ?? 0, model);
    if (at + length - 1 > pageEnd || offset + length > 0x10000) break;

    const op = mem[opAt];
    const modrm = dispatch.decoded[op] ? mem[opAt + 1] : -1;
    const row = op * 8 + (modrm >= 0 ? (modrm >>> 3) & 7 : 0);
    // A repeated string instruction may stop part way for an interrupt (Cpu.suspendRepeat): like a jump that may
    // be taken, the block then goes on only if it finished.
    const transfer = repPrefix !== 0 && isStringOp(op) ? TRANSFER_MAY : dispatch.transfer[row];
    const next = offset + length;
    let target = -1;
    if (dispatch.relative[op] === 1) target = (next + ((mem[at + length - 1] << 24) >> 24)) & 0xffff;
    else if (dispatch.relative[op] === 2)
      target = (next + (mem[at + length - 2] | (mem[at + length - 1] << 8))) & 0xffff;
    // Templates cover unprefixed instructions and segment overrides; REP is left to the string handlers.
    const inline = repPrefix === 0 ? dispatch.inline[row] : undefined;
    path.push({ at, offset, prefixes, segOverride, repPrefix, op, modrm, length, transfer, target, inline });
    visited.add(offset);

    if (transfer === TRANSFER_ALWAYS) {
      // A relative JMP or CALL goes on at its target while that is new code in the same page.
      const targetAt = linear + (target - ip);
      const follow =
        inline !== undefined &&
        target >= 0 &&
        target !== ip &&
        !visited.has(target) &&
        targetAt >= pageStart &&
        targetAt <= pageEnd;
      if (!follow) break;
      offset = target;
      at = targetAt;
      continue;
    }
    // An instruction that ends at offset FFFFh is followed by offset 0: a new block, whose linear address differs.
    if (next === 0x10000) break;
    offset = next;
    at += length;
  }
  return path;
}

/** Where the compiler is in an open forward branch: the offset it skips to and the clocks the branch adds. */
interface OpenSkip {
  readonly target: number;
  readonly clocks: number;
}

/**
 * What the emitted code has last left in the flag locals fa/fb/fv, if the compiler knows: then flags are read
 * from the locals with the kind and width as constants, instead of from the Cpu's lazy state.
 */
interface KnownFlags {
  readonly kind: number;
  readonly bits: number;
  /** CF is concrete in c.flags (after INC/DEC), not derived from the locals. */
  readonly keepCF: boolean;
}

/** Writes the JavaScript for one block's path; doubles as the InlineContext the templates see. */
class Emitter implements InlineContext {
  readonly handlers: Handler[] = [];
  private readonly lines: string[] = [];
  private readonly skips: OpenSkip[] = [];
  private flags: KnownFlags | null = null;
  /**
   * The flag locals hold flags the Cpu's lazy state does not have yet. Arithmetic instructions only set the locals;
   * the stores (six of them) are made where something else may read the flags: on every way out of the block, before
   * a handler call, where paths join (skips, loops), and before an instruction that may fault. Most results are
   * overwritten by the next instruction before any of that happens, and their stores are never made.
   */
  private dirty = false;
  private readonly is286: boolean;
  readonly is186: boolean;

  // The instruction being emitted (InlineContext).
  op = 0;
  reg = 0;
  rm = 0;
  registerForm = true;
  next = 0;
  /** Linear address of the instruction's first immediate byte. */
  private immAt = 0;
  private eaSeg = 0;
  /** The template reads or writes memory (which can fault on the 286). */
  private touchesMemory = false;
  private branch: { taken: string; clocks: number } | null = null;

  constructor(
    private readonly mem: Uint8Array,
    private readonly dispatch: Dispatch,
    model: CpuModel,
    private readonly cs: number,
    private readonly start: number,
    private readonly path: readonly Instruction[],
  ) {
    this.is186 = model === "80186" || model === "80286";
    this.is286 = model === "80286";
  }

  emit(): string {
    const { path, lines } = this;
    const loops = path.some((insn) => insn.inline && insn.target === this.start);
    if (loops) lines.push("for (;;) {");
    let ended = false;
    for (let i = 0; i < path.length; i++) {
      const insn = path[i];
      if (i > 0) {
        // The boundary before this instruction: close the forward branches that land here, then stop if asked to.
        while (this.skips.length > 0 && this.skips[this.skips.length - 1].target === insn.offset) {
          // Both ways in must leave the flags in the Cpu: the skipping way did before the branch.
          lines.push(`${this.storeFlags()}} else { c.cycles += ${this.skips.pop()!.clocks}; }`);
          this.flags = null;
        }
        lines.push(`if (c.attention || c.cycles >= end) ${this.exit(insn.offset)}`);
      }
      ended = this.instruction(insn, path[i + 1]);
    }
    if (!ended) {
      const last = path[path.length - 1];
      lines.push(this.exit((last.offset + last.length) & 0xffff));
    }
    if (loops) lines.push("}");
    return lines.join("\n");
  }

  /** Emits one instruction; returns true if its code always leaves the block (so nothing may follow it). */
  private instruction(insn: Instruction, following: Instruction | undefined): boolean {
    const { lines, mem } = this;
    const fixed = insn.prefixes + (insn.modrm >= 0 ? 2 : 1);
    // A relative jump's displacement decides where the compiled code goes: checked like the opcode.
    const checked = insn.inline && insn.target >= 0 ? insn.length : fixed;
    const checks: string[] = [];
    for (let i = 0; i < checked; i++) checks.push(`m[${insn.at + i}] !== ${mem[insn.at + i]}`);
    lines.push(`if (${checks.join(" || ")}) ${this.exit(insn.offset, true)}`);
    const memoryOperand = insn.modrm >= 0 && insn.modrm < 0xc0;
    const clocks = this.dispatch.cycles[insn.op] + 2 * insn.prefixes + (memoryOperand ? EA_CLOCKS : 0);
    lines.push(`c.cycles += ${clocks}; n++;`);
    if (insn.inline && this.inline(insn, insn.inline, following)) return insn.transfer === TRANSFER_ALWAYS;
    this.call(insn);
    if (insn.transfer === TRANSFER_ALWAYS) {
      lines.push("return false;");
      return true;
    }
    // Past a handler that may transfer control the block goes on only if it fell through (a side exit otherwise).
    if (insn.transfer === TRANSFER_MAY) {
      lines.push(`if (c.ip !== ${(insn.offset + insn.length) & 0xffff} || c.sregs[1] !== ${this.cs}) return false;`);
    }
    return false;
  }

  /** The instruction as a call to its handler, after doing the decoding the handler expects done. */
  private call(insn: Instruction): void {
    const { lines } = this;
    const modrm = insn.modrm;
    const opOffset = insn.offset + insn.prefixes;
    let handler = this.dispatch.handlers[insn.op];
    let decode = `c.ip = ${(opOffset + 1) & 0xffff};`;
    if (modrm >= 0) {
      handler = this.dispatch.decoded[insn.op]![(modrm >>> 3) & 7];
      decode = decodeModrm(modrm, insn.at + insn.prefixes + 2, opOffset + 2, insn.segOverride);
    }
    lines.push(`${this.storeFlags()}c.insnIp = ${insn.offset};`);
    if (insn.prefixes > 0) lines.push(`c.segOverride = ${insn.segOverride}; c.repPrefix = ${insn.repPrefix};`);
    lines.push(decode);
    lines.push(`h${this.handlers.length}(c, ${insn.op});`);
    this.handlers.push(handler);
    if (insn.prefixes > 0) lines.push("c.segOverride = -1; c.repPrefix = 0;");
    this.flags = null;
  }

  /**
   * The instruction as its template's code. Returns false, having emitted nothing, if the template declines. After
   * a transfer the code goes where the path says: on at a followed target, round the loop, over a skipped stretch,
   * or out of the block.
   */
  private inline(insn: Instruction, template: InlineTemplate, following: Instruction | undefined): boolean {
    const { lines } = this;
    const flagsBefore = this.flags;
    const dirtyBefore = this.dirty;
    this.setInstruction(insn);
    const code = template(this);
    if (code === null) {
      this.flags = flagsBefore;
      this.dirty = dirtyBefore;
      return false;
    }
    if (!this.registerForm) lines.push(this.effectiveAddress(insn));
    // Only the 286 faults on an inline instruction (a word at offset FFFFh, a stack push at SP = 1): the fault must
    // find where the instruction began, and the flags as the instructions before it left them.
    if (this.is286 && this.touchesMemory) {
      const flagsNow = this.flags;
      this.flags = flagsBefore;
      lines.push(`${dirtyBefore ? this.flagStores() : ""}c.insnIp = ${insn.offset};`);
      this.flags = flagsNow;
      if (flagsNow === flagsBefore) this.dirty = false;
    }
    if (code !== "") lines.push(code);

    const branch = this.branch;
    if (insn.transfer === TRANSFER_ALWAYS) {
      if (insn.target < 0) {
        lines.push(`${this.storeFlags()}return false;`); // the code set c.ip (RET)
      } else if (insn.target === this.start) {
        lines.push(this.storeFlags(), `if (c.attention || c.cycles >= end) ${this.exit(this.start)}`, "continue;");
      } else if (following?.offset !== insn.target) {
        lines.push(this.exit(insn.target));
      }
      return true;
    }
    if (!branch) return true;
    const { taken, clocks } = branch;
    const add = clocks > 0 ? `c.cycles += ${clocks}; ` : "";
    if (insn.target === this.start) {
      const loop = `${this.flagStores()}if (c.attention || c.cycles >= end) { c.ip = ${this.start}; return false; }`;
      lines.push(`if (${taken}) { ${add}${loop} continue; }`);
    } else if (this.skipsTo(insn)) {
      lines.push(`${this.storeFlags()}if (!(${taken})) {`);
      this.skips.push({ target: insn.target, clocks });
    } else {
      lines.push(`if (${taken}) { ${add}${this.exit(insn.target)} }`);
    }
    return true;
  }

  /**
   * Whether a forward branch can skip to its target inside the block: the target is an instruction further along
   * the path, reached by falling through (no followed jump in between), and inside any skip already open.
   */
  private skipsTo(insn: Instruction): boolean {
    const target = insn.target;
    if (target <= insn.offset) return false;
    const open = this.skips[this.skips.length - 1];
    if (open && target > open.target) return false;
    let i = this.path.indexOf(insn);
    for (let offset = insn.offset + insn.length; ++i < this.path.length;) {
      const step = this.path[i];
      if (step.offset !== offset) return false;
      if (offset === target) return true;
      if (step.transfer === TRANSFER_ALWAYS) return false;
      offset += step.length;
    }
    return false;
  }

  private setInstruction(insn: Instruction): void {
    this.op = insn.op;
    const modrm = insn.modrm;
    this.reg = modrm >= 0 ? (modrm >>> 3) & 7 : 0;
    this.rm = modrm >= 0 ? modrm & 7 : 0;
    this.registerForm = modrm < 0 || modrm >= 0xc0;
    this.next = (insn.offset + insn.length) & 0xffff;
    let immAt = insn.at + insn.prefixes + 1;
    if (modrm >= 0) {
      immAt++;
      if (modrm < 0xc0) {
        const form = EA_FORM[modrm];
        if (form & EA_DISP8) immAt += 1;
        else if (form & EA_DISP16) immAt += 2;
        this.eaSeg = insn.segOverride >= 0 ? insn.segOverride : (form >>> EA_SEG_SHIFT) & 3;
      }
    }
    this.immAt = immAt;
    this.touchesMemory = false;
    this.branch = null;
  }

  /** `ea = …;` for the instruction's memory operand, as Cpu.computeEffectiveAddress. */
  private effectiveAddress(insn: Instruction): string {
    const form = EA_FORM[insn.modrm];
    const dispAt = insn.at + insn.prefixes + 2;
    const terms: string[] = [];
    for (const reg of [form & 15, (form >>> 4) & 15]) if (reg !== NO_REG) terms.push(`r[${reg}]`);
    if (form & EA_DISP8) terms.push(`((m[${dispAt}] << 24) >> 24)`);
    else if (form & EA_DISP16) terms.push(`(m[${dispAt}] | (m[${dispAt + 1}] << 8))`);
    return terms.length === 1 && form & EA_DISP16 ? `ea = ${terms[0]};` : `ea = (${terms.join(" + ")}) & 0xffff;`;
  }

  // InlineContext: operands.

  rm8(): string {
    if (this.registerForm) return this.reg8(this.rm);
    this.touchesMemory = true;
    return `c.read8(${this.eaSeg}, ea)`;
  }
  rm16(): string {
    if (this.registerForm) return this.reg16(this.rm);
    this.touchesMemory = true;
    return `c.read16(${this.eaSeg}, ea)`;
  }
  setRm8(value: string): string {
    if (this.registerForm) return `${this.reg8(this.rm)} = ${value};`;
    this.touchesMemory = true;
    return `c.write8(${this.eaSeg}, ea, ${value});`;
  }
  setRm16(value: string): string {
    if (this.registerForm) return `${this.reg16(this.rm)} = ${value};`;
    this.touchesMemory = true;
    return `c.write16(${this.eaSeg}, ea, ${value});`;
  }
  reg8(index: number): string {
    return `r8[${BYTE_REG_OFFSET[index]}]`;
  }
  reg16(index: number): string {
    return `r[${index}]`;
  }
  imm8(): string {
    return `m[${this.immAt}]`;
  }
  immS8(): string {
    return `((m[${this.immAt}] << 24) >> 24)`;
  }
  imm16(): string {
    return `(m[${this.immAt}] | (m[${this.immAt + 1}] << 8))`;
  }
  push16(value: string): string {
    this.touchesMemory = true;
    return `c.push16(${value});`;
  }
  pop16(): string {
    this.touchesMemory = true;
    return "c.pop16()";
  }

  // InlineContext: flags.

  carry(): string {
    const known = this.flags;
    if (!known) return "(c.cf ? 1 : 0)";
    if (known.keepCF) return `(c.flags & ${CF})`;
    return known.kind === LAZY_LOGIC ? "0" : `((fv >>> ${known.bits}) & 1)`;
  }

  keepCarry(): string {
    const known = this.flags;
    if (known?.keepCF) return "";
    return `c.flags = (c.flags & ${~CF}) | ${this.carry()};`;
  }

  setFlags(kind: number, bits: number, keepCF = false): string {
    this.flags = { kind, bits, keepCF };
    this.dirty = true;
    return "";
  }

  /**
   * The statements storing the flag locals into the Cpu's lazy state, if they are not there yet: on a way out of
   * the block (which leaves them owed on the way that goes on), or once for every way on (storeFlags).
   */
  private flagStores(): string {
    const known = this.flags;
    if (!this.dirty || !known) return "";
    const lazy = known.keepCF ? ARITH_FLAGS & ~CF : ARITH_FLAGS;
    return (
      `c.lazyKind = ${known.kind}; c.lazyA = fa; c.lazyB = fb; c.lazyResult = fv; c.lazyBits = ${known.bits}; ` +
      `c.lazy = ${lazy}; `
    );
  }

  private storeFlags(): string {
    const stores = this.flagStores();
    this.dirty = false;
    return stores;
  }

  /** A way out of the block at offset `ip`: `{ …; return stale; }`. */
  private exit(ip: number, stale = false): string {
    return `{ ${this.flagStores()}c.ip = ${ip}; return ${stale}; }`;
  }

  condition(cc: number): string {
    const known = this.flags;
    if (!known) return `cond(c, ${cc})`;
    const { kind, bits } = known;
    const top = 1 << (bits - 1);
    const mask = bits === 8 ? 0xff : 0xffff;
    const cf = known.keepCF
      ? `(c.flags & ${CF}) !== 0`
      : kind === LAZY_LOGIC
        ? "false"
        : `((fv >>> ${bits}) & 1) !== 0`;
    const zf = `(fv & ${mask}) === 0`;
    const sf = `(fv & ${top}) !== 0`;
    const of =
      kind === LAZY_LOGIC
        ? "false"
        : kind === LAZY_ADD
          ? `((fa ^ fv) & (fb ^ fv) & ${top}) !== 0`
          : `((fa ^ fb) & (fa ^ fv) & ${top}) !== 0`;
    const pf = `PARITY[fv & 0xff] !== 0`;
    // 8086 Family User's Manual table 2-15, as condition() in ops-control.ts.
    const test = [of, cf, zf, `(${cf} || ${zf})`, sf, pf, `(${sf}) !== (${of})`, `(${zf} || (${sf}) !== (${of}))`][
      cc >>> 1
    ];
    return (cc & 1) === 0 ? `(${test})` : `!(${test})`;
  }

  branchIf(taken: string, clocks: number): void {
    this.branch = { taken, clocks };
  }
}

/**
 * Code doing what Cpu.decodeModrm does for ModR/M byte `modrm`, whose displacement (if any) is at linear address
 * `dispAt`, before a handler call: the byte is known, so the form's registers, segment and displacement size become
 * constants. `next` is the offset just past the ModR/M byte.
 */
function decodeModrm(modrm: number, dispAt: number, next: number, segOverride: number): string {
  const fields = `c.mod = ${modrm >>> 6}; c.regField = ${(modrm >>> 3) & 7}; c.rm = ${modrm & 7};`;
  if (modrm >= 0xc0) return `${fields} c.ip = ${next & 0xffff};`;
  const form = EA_FORM[modrm];
  const terms: string[] = [];
  for (const reg of [form & 15, (form >>> 4) & 15]) if (reg !== NO_REG) terms.push(`r[${reg}]`);
  if (form & EA_DISP8) {
    terms.push(`((m[${dispAt}] << 24) >> 24)`);
    next += 1;
  } else if (form & EA_DISP16) {
    terms.push(`(m[${dispAt}] | (m[${dispAt + 1}] << 8))`);
    next += 2;
  }
  const seg = segOverride >= 0 ? segOverride : (form >>> EA_SEG_SHIFT) & 3;
  return `${fields} c.eaOff = (${terms.join(" + ")}) & 0xffff; c.eaSeg = ${seg}; c.ip = ${next & 0xffff};`;
}
