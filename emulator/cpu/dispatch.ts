/**
 * Builds a model's dispatch tables from the opcode table: the handler and base cycle count for every first opcode
 * byte, which bytes are prefixes, and the eight handlers of each ModR/M group opcode.
 */
import type { Cpu, CpuModel } from "./cpu.ts";
import { OPCODE_TABLE, rowExistsOn, type Handler } from "./opcode-table.ts";

export interface Dispatch {
  readonly handlers: readonly Handler[];

  readonly cycles: Uint8Array;
  /** Non-zero for prefix bytes, which the run loop consumes before dispatching the opcode they modify. */
  readonly prefix: Uint8Array;
}

const cache = new Map<CpuModel, Dispatch>();

export function buildDispatch(model: CpuModel): Dispatch {
  const cached = cache.get(model);
  if (cached) return cached;
  const handlers = new Array<Handler | undefined>(256);
  const groups: (Handler | undefined)[][] = [];
  const cycles = new Uint8Array(256);
  const prefix = new Uint8Array(256);
  for (const row of OPCODE_TABLE) {
    if (!rowExistsOn(row, model)) continue;
    if (row.prefix) {
      prefix[row.code] = 1;
      continue;
    }
    if (row.reg === undefined) {
      if (handlers[row.code]) throw new Error(`opcode table: two ${model} rows for ${row.code.toString(16)}h`);
      handlers[row.code] = row.exec;
      cycles[row.code] = row.cycles;
    } else {
      const group = (groups[row.code] ??= new Array<Handler | undefined>(8));
      if (group[row.reg]) throw new Error(`opcode table: two ${model} rows for ${row.code.toString(16)}h /${row.reg}`);
      group[row.reg] = row.exec;
      cycles[row.code] = Math.max(cycles[row.code], row.cycles);
    }
  }
  groups.forEach((group, code) => {
    if (!group) return;
    const members = Array.from(group, (handler, reg) => {
      if (!handler) throw new Error(`opcode table: ${model} has no row for ${code.toString(16)}h /${reg}`);
      return handler;
    });
    handlers[code] = (cpu: Cpu, op: number) => {
      cpu.decodeModrm();
      members[cpu.regField](cpu, op);
    };
  });
  for (let code = 0; code < 256; code++) {
    if (!handlers[code] && !prefix[code])
      throw new Error(`opcode table: ${model} has no row for ${code.toString(16)}h`);
  }
  const dispatch: Dispatch = { handlers: handlers as Handler[], cycles, prefix };
  cache.set(model, dispatch);
  return dispatch;
}
