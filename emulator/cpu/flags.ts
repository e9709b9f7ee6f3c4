/** FLAGS register bits (8086 Family User's Manual, figure 2-32; 80286 adds IOPL and NT, unused in real mode). */
export const CF = 0x0001;
export const PF = 0x0004;
export const AF = 0x0010;
export const ZF = 0x0040;
export const SF = 0x0080;
export const TF = 0x0100;
export const IF = 0x0200;
export const DF = 0x0400;
export const OF = 0x0800;

/** How a lazily kept result derives CF, OF and AF: as a sum, as a difference, or as a logic result (all clear). */
export const LAZY_ADD = 0;
export const LAZY_SUB = 1;
export const LAZY_LOGIC = 2;

/** The six flags arithmetic instructions define, which the CPU keeps lazily. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

/** PF value for each low result byte: set when the byte has an even number of one bits. */
export const PARITY = new Uint8Array(256);
for (let value = 0; value < 256; value++) {
  let bits = 0;
  for (let v = value; v !== 0; v >>>= 1) bits += v & 1;
  PARITY[value] = bits % 2 === 0 ? PF : 0;
}

/** Names for displays and diffs, in bit order. */
export const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [CF, "CF"],
  [PF, "PF"],
  [AF, "AF"],
  [ZF, "ZF"],
  [SF, "SF"],
  [TF, "TF"],
  [IF, "IF"],
  [DF, "DF"],
  [OF, "OF"],
];
