/**
 * Code page 437 (the IBM PC's character ROM set) to Unicode, for showing screen text. 00h–1Fh and 7Fh are the
 * graphic symbols the video hardware draws for those codes, not control characters; 00h is shown as a space
 * because its glyph is blank.
 */
const TABLE =
  " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼" +
  " !\"#$%&'()*+,-./0123456789:;<=>?" +
  "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_" +
  "`abcdefghijklmnopqrstuvwxyz{|}~⌂" +
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ" +
  "áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐" +
  "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" +
  "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

/** Unicode text of each of the 256 codes. */
export const CP437_TO_UNICODE: readonly string[] = [...TABLE];

if (CP437_TO_UNICODE.length !== 256) throw new Error("code page 437 table must have 256 entries");
