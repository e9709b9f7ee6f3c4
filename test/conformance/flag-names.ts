/** The named FLAGS bits (8086 Family User's Manual, "Flags"; the 286 adds IOPL and NT above them, unnamed here). */

/** Name and bit, low bit first: the order differing flags are listed in. */
const NAMED_FLAGS = [
  ["CF", 0],
  ["PF", 2],
  ["AF", 4],
  ["ZF", 6],
  ["SF", 7],
  ["TF", 8],
  ["IF", 9],
  ["DF", 10],
  ["OF", 11],
] as const;

/** The conventional ODITSZAPC picture, high bit first: the letter when the flag is set, `.` when clear. */
export function flagLetters(value: number): string {
  let letters = "";
  for (let i = NAMED_FLAGS.length - 1; i >= 0; i--) {
    const [name, bit] = NAMED_FLAGS[i];
    letters += value & (1 << bit) ? name[0] : ".";
  }
  return letters;
}

/** The names of the named flags whose bits are set in `bits`, e.g. the XOR of two FLAGS words. */
export function flagNames(bits: number): string[] {
  return NAMED_FLAGS.filter(([, bit]) => bits & (1 << bit)).map(([name]) => name);
}
