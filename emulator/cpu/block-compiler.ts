/**
 * Compiles straight-line runs of guest code ("blocks") into JavaScript functions, so that hot code skips the run
 * loop's per-instruction work: the opcode fetch, the prefix check and, above all, the indirect call through the
 * dispatch table, which the JS engine can neither predict nor inline. A compiled block is a list of direct calls to
 * the very handlers the dispatch table holds (for group opcodes, the group member the ModR/M byte selects), so the
 * opcode table stays the one description of what each instruction does, and the engine can inline those calls.
 *
 * A block starts at a CS:IP and runs up to MAX_INSTRUCTIONS instructions, ending after the first one whose row
 * always transfers control (a jump, call, return, interrupt), before an instruction that would leave the block's
 * 4 KB page or wrap IP, and before one with five or more prefixes (the 286's 10-byte limit check lives in the
 * interpreter). After an instruction that only may transfer control (a conditional jump, a loop), the block goes on
 * if CS:IP shows it fell through, and returns otherwise.
 *
 * Handlers still fetch their own operands through CS:IP at run time; only the bytes that decide which handler runs
 * and how long the instruction is (prefixes, opcode, ModR/M) are fixed at compile time. The block checks those
 * bytes in memory before each instruction and stops if they changed, so code overwritten by the CPU, by DMA or by
 * the host is never run stale, even when a block rewrites its own later instructions.
 *
 * Between instructions a block returns as soon as `attention` is set or the clock budget is used up, exactly where
 * the interpreter would stop: interrupts, traps and run(budget) behave the same with or without compiled code.
 */
import type { Cpu, CpuModel } from "./cpu.ts";
import { disassemble } from "./disassembler.ts";
import { TRANSFER_ALWAYS, TRANSFER_MAY, type Dispatch } from "./dispatch.ts";
import { EA_CLOCKS, EA_DISP16, EA_DISP8, EA_FORM, EA_SEG_SHIFT, NO_REG } from "./modrm.ts";
import type { Handler } from "./opcode-table.ts";

/**
 * Runs a block on `cpu` with `mem` its memory's bytes, until the block ends or the clock count reaches `end`.
 * Returns true if it stopped because an instruction's bytes no longer match the compiled ones.
 */
export type BlockCode = (cpu: Cpu, mem: Uint8Array, end: number) => boolean;

/** Long enough to span a typical loop body, short enough that the engine still compiles the function well. */
const MAX_INSTRUCTIONS = 24;
/** Prefixes from which the 286 checks the 10-byte instruction limit (see Cpu.consumePrefixes). */
const LIMIT_CHECK_PREFIXES = 5;
const PAGE_OFFSET_MASK = 0xfff;

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
  const handlers: Handler[] = [];
  const lines: string[] = [];
  const pageEnd = linear | PAGE_OFFSET_MASK;
  let at = linear;
  let offset = ip;
  for (let count = 0; count < MAX_INSTRUCTIONS; count++) {
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
    const members = dispatch.decoded[op];
    // The bytes that choose the handler and the instruction's length: prefixes, opcode and any ModR/M byte.
    const fixed = prefixes + (members ? 2 : 1);
    const checks: string[] = [];
    for (let i = 0; i < fixed; i++) checks.push(`m[${at + i}] !== ${mem[at + i]}`);
    lines.push(`if (${checks.join(" || ")}) { c.ip = ${offset}; return true; }`);
    let clocks = dispatch.cycles[op] + 2 * prefixes;
    let handler = dispatch.handlers[op];
    let decode = `c.ip = ${(offset + prefixes + 1) & 0xffff};`;
    if (members) {
      const modrm = mem[opAt + 1];
      handler = members[(modrm >>> 3) & 7];
      decode = decodeModrm(modrm, opAt + 2, offset + prefixes + 2, segOverride);
      if (modrm < 0xc0) clocks += EA_CLOCKS;
    }
    lines.push(`c.insnIp = ${offset}; c.cycles += ${clocks}; n++;`);
    if (prefixes > 0) lines.push(`c.segOverride = ${segOverride}; c.repPrefix = ${repPrefix};`);
    lines.push(decode);
    lines.push(`h${handlers.length}(c, ${op});`);
    handlers.push(handler);
    if (prefixes > 0) lines.push("c.segOverride = -1; c.repPrefix = 0;");

    // An instruction that ends at offset FFFFh is followed by offset 0: a new block, whose linear address differs.
    const transfer = dispatch.transfer[op * 8 + (members ? (mem[opAt + 1] >>> 3) & 7 : 0)];
    if (transfer === TRANSFER_ALWAYS || offset + length === 0x10000) break;
    // Past a conditional transfer the block goes on only if it fell through (a side exit otherwise).
    const fellThrough = transfer === TRANSFER_MAY ? ` || c.ip !== ${offset + length} || c.sregs[1] !== ${cs}` : "";
    lines.push(`if (c.attention || c.cycles >= end${fellThrough}) return false;`);
    at += length;
    offset += length;
  }
  if (handlers.length === 0) return null;
  // The source names every byte it depends on, and the handlers follow from those bytes and the model: blocks with
  // the same source are the same code, so CPUs share it and a new CPU need not compile (and warm up) it again.
  const source = lines.join("\n");
  let shared = sharedCode.get(dispatch);
  if (!shared) sharedCode.set(dispatch, (shared = new Map()));
  const known = shared.get(source);
  if (known) return known;
  if (shared.size >= SHARED_CODE_LIMIT) shared.clear();
  const names = handlers.map((_, i) => `h${i}`);
  // Instructions are counted in a local and added once on the way out, whichever way that is (a fault throws).
  const body =
    `"use strict";\nreturn function block(c, m, end) {\nconst r = c.regs;\nlet n = 0;\ntry {\n` +
    `${source}\nreturn false;\n} finally {\nc.instructionCount += n;\n}\n};`;
  // The handlers are parameters of the factory, so each call site in the block sees one function and is inlined.
  const factory = new Function(...names, body) as (...handlers: Handler[]) => BlockCode;
  const code = factory(...handlers);
  shared.set(source, code);
  return code;
}

/**
 * Code doing what Cpu.decodeModrm does for ModR/M byte `modrm`, whose displacement (if any) is at linear address
 * `dispAt`: the byte is known, so the form's registers, segment and displacement size become constants.
 * `next` is the offset just past the ModR/M byte.
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
