/**
 * The 8x14 code page 437 font: the EGA's character height, used by mode 10h's characters (640x350, 25 rows of 14
 * lines) and loaded for text by INT 10h AX=1101h/1111h (RBIL INT 10h AH=11h). It is the 8x16 drawing (font-8x16.ts)
 * seen through a 14-row window, one row in from the top: the 8x16 glyphs leave their first and last rows blank, so
 * capitals stand on rows 1–10 here, descenders reach row 13, and the box-drawing, shade and block characters are
 * generated at 14 rows so they still tile (font-builder.ts).
 */
import { buildFont } from "./font-builder.ts";
import { FONT_8X16_DRAWING } from "./font-8x16.ts";

/** 256 glyphs x 14 rows, bit 7 = leftmost pixel. */
export const FONT_8X14: Uint8Array = buildFont(FONT_8X16_DRAWING, 14);
