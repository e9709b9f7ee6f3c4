/**
 * Intel-syntax disassembly driven by the opcode table: the same rows that build the CPU's dispatch give each
 * instruction's mnemonic and operand forms, and the operand forms give its length. Numbers are hex with an `h`
 * suffix (a leading 0 where the first digit is a letter), as in the Intel manuals and nasm.
 */
import type { CpuModel } from "./cpu.ts";
import { OPCODE_TABLE, rowExistsOn, usesModrm, type OpcodeRow } from "./opcode-table.ts";

export interface Disassembly {
  /** Bytes the instruction occupies, prefixes included. */
  readonly length: number;
  readonly text: string;
}

/** Reads the byte at `offset` from the instruction's first byte. */
export type ByteReader = (offset: number) => number;

const REG8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"];
const REG16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"];
const SEGS = ["es", "cs", "ss", "ds"];
const BASES = ["bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"];
/** 0Fh 01h /0–/3. */
const TABLE_REGISTER_OPS = ["sgdt", "sidt", "lgdt", "lidt"];

interface ModelTables {
  readonly single: (OpcodeRow | undefined)[];
  readonly groups: (OpcodeRow | undefined)[][];
  readonly prefixes: (OpcodeRow | undefined)[];
}

const tables = new Map<CpuModel, ModelTables>();

function tablesFor(model: CpuModel): ModelTables {
  let result = tables.get(model);
  if (result) return result;
  result = { single: [], groups: [], prefixes: [] };
  for (const row of OPCODE_TABLE) {
    if (!rowExistsOn(row, model)) continue;
    if (row.prefix) result.prefixes[row.code] = row;
    else if (row.reg === undefined) result.single[row.code] = row;
    else (result.groups[row.code] ??= [])[row.reg] = row;
  }
  tables.set(model, result);
  return result;
}

export function hex(value: number): string {
  const digits = value.toString(16).toUpperCase();
  return (/^[A-F]/.test(digits) ? "0" : "") + digits + "h";
}

/** Decodes one instruction. `ip` is its offset, used to show jump targets as absolute offsets. */
export function disassemble(read: ByteReader, model: CpuModel = "8086", ip = 0): Disassembly {
  const { single, groups, prefixes } = tablesFor(model);
  let position = 0;
  const next8 = () => read(position++) & 0xff;
  const next16 = () => next8() | (next8() << 8);

  let segment = "";
  const prefixWords: string[] = [];
  let code = next8();
  while (prefixes[code]) {
    const name = prefixes[code]!.mnemonic;
    if (SEGS.includes(name)) segment = name;
    else prefixWords.push(name);
    code = next8();
  }

  let modrm = -1;
  if (code === 0x0f && model === "80286") return finish(twoByte());

  let row = single[code];
  if (!row && groups[code]) {
    modrm = next8();
    row = groups[code][(modrm >>> 3) & 7];
  }
  if (!row) return finish("(bad)");

  const forms = row.operands === "" ? [] : row.operands.split(",");
  if (usesModrm(row) && modrm < 0) modrm = next8();
  const memory = modrm >= 0 && modrm >>> 6 !== 3 ? decodeMemory(modrm) : "";

  // String instructions name their operands in the mnemonic (movsb, stosw) and show none.
  const isString = forms.some((form) => /^[XY][a-z]$/.test(form));
  const shown = isString ? [] : forms;
  // A memory operand needs a size word unless a register operand already fixes the size (CL in shifts does not).
  const sized = !shown.some((form) => /^[GS][a-z]$/.test(form) || (/^[A-Z]{2}$/.test(form) && form !== "CL"));
  const mnemonic = row.mnemonic;
  const text = shown.map((form) => operand(form, sized)).join(",");
  return finish(text ? `${mnemonic} ${text}` : mnemonic);

  function finish(body: string): Disassembly {
    // A segment override with no memory operand to carry it (MOVSB, XLAT) is written as a prefix word.
    const words = segment && !body.includes("[") ? [segment, ...prefixWords] : prefixWords;
    const leading = words.length ? words.join(" ") + " " : "";
    return { length: position, text: leading + body };
  }

  function decodeMemory(byte: number): string {
    const mod = byte >>> 6;
    const rm = byte & 7;
    let address: string;
    if (mod === 0 && rm === 6) address = hex(next16());
    else {
      address = BASES[rm];
      if (mod === 1) {
        const displacement = (next8() << 24) >> 24;
        if (displacement !== 0) address += displacement < 0 ? "-" + hex(-displacement) : "+" + hex(displacement);
      } else if (mod === 2) {
        const displacement = (next16() << 16) >> 16;
        if (displacement !== 0) address += displacement < 0 ? "-" + hex(-displacement) : "+" + hex(displacement);
      }
    }
    return `[${segment ? segment + ":" : ""}${address}]`;
  }

  function operand(form: string, sized: boolean): string {
    // Fixed registers and constants are written as themselves ("AL", "DX", "1"); forms are a capital and a size.
    if (!/^[A-Z][a-z]?$/.test(form)) return form.toLowerCase();
    const kind = form[0];
    const size = form.slice(1);
    const rm = modrm & 7;
    switch (kind) {
      case "E":
        if (memory) return (sized ? (size === "b" ? "byte " : "word ") : "") + memory;
        return size === "b" ? REG8[rm] : REG16[rm];
      case "M":
        return (size === "p" && /^(call|jmp)$/.test(mnemonic) ? "far " : "") + memory;
      case "G":
        return size === "b" ? REG8[(modrm >>> 3) & 7] : REG16[(modrm >>> 3) & 7];
      case "S":
        return SEGS[(modrm >>> 3) & 3];
      case "I":
        if (size === "s") {
          // A byte the instruction sign-extends to a word (83h, 6Ah, 6Bh): show the value it stands for.
          const byte = (next8() << 24) >> 24;
          return byte < 0 ? "-" + hex(-byte) : hex(byte);
        }
        return hex(size === "b" ? next8() : next16());
      case "J": {
        const displacement = size === "b" ? (next8() << 24) >> 24 : next16();
        return hex((ip + position + displacement) & 0xffff);
      }
      case "A": {
        const offset = next16();
        return `${hex(next16())}:${hex(offset)}`;
      }
      case "O":
        return `[${segment ? segment + ":" : ""}${hex(next16())}]`;
      default:
        return form.toLowerCase();
    }
  }

  /** The 286's 0Fh opcodes that real mode has: the MSW and descriptor-table-register instructions. */
  function twoByte(): string {
    const second = next8();
    if (second === 0x06) return "clts";
    if (second !== 0x01) return "(bad)";
    modrm = next8();
    const target = modrm >>> 6 === 3 ? REG16[modrm & 7] : decodeMemory(modrm);
    const reg = (modrm >>> 3) & 7;
    if (reg === 4) return `smsw ${target}`;
    if (reg === 6) return `lmsw ${target}`;
    // SGDT/SIDT/LGDT/LIDT take a memory operand only.
    return reg <= 3 && modrm >>> 6 !== 3 ? `${TABLE_REGISTER_OPS[reg]} ${target}` : "(bad)";
  }
}

/** Disassembles `bytes` from offset 0, one instruction per line. */
export function disassembleBytes(bytes: ArrayLike<number>, model: CpuModel = "8086", ip = 0): string[] {
  const lines: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const { length, text } = disassemble((i) => bytes[start + i] ?? 0, model, (ip + start) & 0xffff);
    lines.push(text);
    offset += length;
  }
  return lines;
}
