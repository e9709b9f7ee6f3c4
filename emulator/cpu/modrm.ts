/**
 * The effective address form of each ModR/M byte with mod ≠ 3 (8086 Family User's Manual table 2-20), shared by
 * the interpreter's decoder (Cpu.decodeModrm) and the code the block compiler emits, so both read one table.
 *
 * Each entry packs the two registers added (bits 0–3 and 4–7; NO_REG for none), the default segment (bits 8–9)
 * and the displacement size. BP-based forms default to SS; mod 0 with r/m 6 is a bare 16-bit displacement.
 */
const BX = 3, BP = 5, SI = 6, DI = 7; // prettier-ignore
const SS = 2, DS = 3; // prettier-ignore

/** Register index meaning "no register": the register file keeps a ninth entry that is always 0. */
export const NO_REG = 8;
export const EA_SEG_SHIFT = 8;
export const EA_DISP8 = 0x400;
export const EA_DISP16 = 0x800;

/** Clocks added for computing a memory operand's effective address. */
export const EA_CLOCKS = 6;

export const EA_FORM = new Uint16Array(0xc0);
{
  const pairs = [[BX, SI], [BX, DI], [BP, SI], [BP, DI], [SI, NO_REG], [DI, NO_REG], [BP, NO_REG], [BX, NO_REG]]; // prettier-ignore
  for (let modrm = 0; modrm < 0xc0; modrm++) {
    const mod = modrm >>> 6;
    const rm = modrm & 7;
    const [pairBase, index] = pairs[rm];
    const base = mod === 0 && rm === 6 ? NO_REG : pairBase;
    const seg = base === BP ? SS : DS;
    const disp = mod === 1 ? EA_DISP8 : mod === 2 || (mod === 0 && rm === 6) ? EA_DISP16 : 0;
    EA_FORM[modrm] = base | (index << 4) | (seg << EA_SEG_SHIFT) | disp;
  }
}
