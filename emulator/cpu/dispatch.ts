/**
 * Builds a model's dispatch tables from the opcode table: the handler and base cycle count for every first opcode
 * byte, which bytes are prefixes, and the eight handlers of each ModR/M group opcode.
 */
import type { Cpu, CpuModel } from "./cpu.ts";
import type { InlineTemplate } from "./inline-ops.ts";
import { OPCODE_TABLE, rowExistsOn, usesModrm, type Handler } from "./opcode-table.ts";

export interface Dispatch {
  /** What the interpreter calls for each opcode byte; for ModR/M opcodes it decodes the ModR/M byte first. */
  readonly handlers: readonly Handler[];

  readonly cycles: Uint8Array;
  /** Non-zero for prefix bytes, which the run loop consumes before dispatching the opcode they modify. */
  readonly prefix: Uint8Array;
  /** Non-zero where some row of the opcode may transfer control (OpcodeRow.transfer). */
  readonly endsBlock: Uint8Array;
  /** By opcode × 8 + reg field: 0, or TRANSFER_MAY or TRANSFER_ALWAYS for the row's OpcodeRow.transfer. */
  readonly transfer: Uint8Array;
  /**
   * For opcodes with a ModR/M byte, the row handler for each reg field value (the same one eight times unless the
   * opcode is a group), to be called once the ModR/M byte is decoded.
   */
  readonly decoded: readonly (readonly Handler[] | undefined)[];
  /** By opcode × 8 + reg field: the row's inline code template (OpcodeRow.inline), if it has one. */
  readonly inline: readonly (InlineTemplate | undefined)[];
  /** By opcode: the size of a relative (J) operand, 1 for Jb or 2 for Jv, 0 if there is none. */
  readonly relative: Uint8Array;
}

export const TRANSFER_MAY = 1;
export const TRANSFER_ALWAYS = 2;

const cache = new Map<CpuModel, Dispatch>();

export function buildDispatch(model: CpuModel): Dispatch {
  const cached = cache.get(model);
  if (cached) return cached;
  const handlers = new Array<Handler | undefined>(256);
  const decoded = new Array<Handler[] | undefined>(256);
  const cycles = new Uint8Array(256);
  const prefix = new Uint8Array(256);
  const endsBlock = new Uint8Array(256);
  const transfer = new Uint8Array(256 * 8);
  const inline = new Array<InlineTemplate | undefined>(256 * 8);
  const relative = new Uint8Array(256);
  for (const row of OPCODE_TABLE) {
    if (!rowExistsOn(row, model)) continue;
    if (row.prefix) {
      prefix[row.code] = 1;
      continue;
    }
    if (row.transfer) {
      endsBlock[row.code] = 1;
      const kind = row.transfer === "always" ? TRANSFER_ALWAYS : TRANSFER_MAY;
      if (row.reg === undefined) transfer.fill(kind, row.code * 8, row.code * 8 + 8);
      else transfer[row.code * 8 + row.reg] = kind;
    }
    if (row.inline) {
      if (row.reg === undefined) inline.fill(row.inline, row.code * 8, row.code * 8 + 8);
      else inline[row.code * 8 + row.reg] = row.inline;
    }
    if (/(^|,)Jb($|,)/.test(row.operands)) relative[row.code] = 1;
    else if (/(^|,)Jv($|,)/.test(row.operands)) relative[row.code] = 2;
    if (row.reg !== undefined) {
      const group = (decoded[row.code] ??= new Array<Handler>(8));
      if (group[row.reg]) throw new Error(`opcode table: two ${model} rows for ${row.code.toString(16)}h /${row.reg}`);
      group[row.reg] = row.exec;
      cycles[row.code] = Math.max(cycles[row.code], row.cycles);
      continue;
    }
    if (handlers[row.code] || decoded[row.code]) {
      throw new Error(`opcode table: two ${model} rows for ${row.code.toString(16)}h`);
    }
    if (usesModrm(row)) decoded[row.code] = new Array<Handler>(8).fill(row.exec);
    else handlers[row.code] = row.exec;
    cycles[row.code] = row.cycles;
  }
  decoded.forEach((members, code) => {
    if (!members) return;
    for (let reg = 0; reg < 8; reg++) {
      if (!members[reg]) throw new Error(`opcode table: ${model} has no row for ${code.toString(16)}h /${reg}`);
    }
    handlers[code] = (cpu: Cpu, op: number) => {
      members[(cpu.decodeModrm() >>> 3) & 7](cpu, op);
    };
  });
  for (let code = 0; code < 256; code++) {
    if (!handlers[code] && !prefix[code])
      throw new Error(`opcode table: ${model} has no row for ${code.toString(16)}h`);
  }
  const dispatch: Dispatch = {
    handlers: handlers as Handler[],
    cycles,
    prefix,
    endsBlock,
    transfer,
    decoded,
    inline,
    relative,
  };
  cache.set(model, dispatch);
  return dispatch;
}
