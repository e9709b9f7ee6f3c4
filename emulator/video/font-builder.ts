/**
 * Turns the drawn font sources (font-8x16.ts, font-8x8.ts) into packed bitmaps: one byte per glyph row, top row
 * first, bit 7 the leftmost pixel, which is the order the VGA's character generator shifts a plane 2 byte out to the
 * screen (IBM VGA Technical Reference, "Alphanumeric modes": the font byte is serialised MSB first).
 *
 * Three families are generated here rather than drawn, because they must tile exactly: the box-drawing characters
 * B3h–DAh (lines that meet the neighbouring cell's lines edge to edge), the shades B0h–B2h and the blocks DBh–DFh.
 * Lower-case accented letters are a drawn base letter with a drawn accent laid over it.
 *
 * A font may be built shorter than its drawing (the 8x14 font from the 8x16 drawing): each drawn or composed glyph
 * is seen through a window of the new height, placed one row in from the top (the drawings leave their first and
 * last rows blank) unless the glyph's ink needs it higher or lower, and the generated families are generated at the
 * new height so they still tile.
 */

export type Accent = "acute" | "grave" | "circumflex" | "diaeresis" | "ring" | "tilde" | "cedilla";

export interface FontDrawing {
  /** Rows per glyph. */
  readonly height: number;
  /** Glyphs drawn as `height` rows of eight '#' (ink) or '.' (paper) characters separated by white space. */
  readonly glyphs: Readonly<Record<number, string>>;
  /** Each accent drawn where it sits in an otherwise empty cell; it is ORed over its base letter. */
  readonly accents: Readonly<Record<Accent, string>>;
  /** An i without its dot, the base of ï, î, ì and í. */
  readonly dotlessI: string;
}

/** Lower-case (and Ç) letters of code page 437 built as base letter + accent. */
const COMPOSED: readonly (readonly [code: number, base: number | "dotless-i", accent: Accent])[] = [
  [0x80, 0x43, "cedilla"], // Ç
  [0x81, 0x75, "diaeresis"], // ü
  [0x82, 0x65, "acute"], // é
  [0x83, 0x61, "circumflex"], // â
  [0x84, 0x61, "diaeresis"], // ä
  [0x85, 0x61, "grave"], // à
  [0x86, 0x61, "ring"], // å
  [0x87, 0x63, "cedilla"], // ç
  [0x88, 0x65, "circumflex"], // ê
  [0x89, 0x65, "diaeresis"], // ë
  [0x8a, 0x65, "grave"], // è
  [0x8b, "dotless-i", "diaeresis"], // ï
  [0x8c, "dotless-i", "circumflex"], // î
  [0x8d, "dotless-i", "grave"], // ì
  [0x93, 0x6f, "circumflex"], // ô
  [0x94, 0x6f, "diaeresis"], // ö
  [0x95, 0x6f, "grave"], // ò
  [0x96, 0x75, "circumflex"], // û
  [0x97, 0x75, "grave"], // ù
  [0x98, 0x79, "diaeresis"], // ÿ
  [0xa0, 0x61, "acute"], // á
  [0xa1, "dotless-i", "acute"], // í
  [0xa2, 0x6f, "acute"], // ó
  [0xa3, 0x75, "acute"], // ú
  [0xa4, 0x6e, "tilde"], // ñ
];

/**
 * Arms of the box-drawing characters B3h–DAh in code order, each as four digits up/down/left/right with
 * 0 = none, 1 = single line, 2 = double line.
 */
const BOX_ARMS =
  "1100 1110 1120 2210 0210 0120 2220 2200 0220 2020 2010 1020 0110 1001 1011 0111 1101 0011 1111 1102 " +
  "2201 2002 0202 2022 0222 2202 0022 2222 1022 2011 0122 0211 2001 1002 0102 0201 2211 1122 1010 0101";
const FIRST_BOX = 0xb3;

/** Parses one drawn glyph; throws on a malformed drawing so a typo fails at start-up, not as a wrong pixel. */
export function parseGlyph(source: string, height: number, label: string): Uint8Array {
  const rows = source.trim().split(/\s+/);
  if (rows.length !== height) throw new Error(`glyph ${label}: ${rows.length} rows, expected ${height}`);
  const bytes = new Uint8Array(height);
  rows.forEach((row, y) => {
    if (!/^[#.]{8}$/.test(row)) throw new Error(`glyph ${label}: row ${y} "${row}" is not eight of '#' and '.'`);
    for (let x = 0; x < 8; x++) if (row[x] === "#") bytes[y] |= 0x80 >> x;
  });
  return bytes;
}

/**
 * Compiles a drawing to `256 * height` bytes (`height` at most the drawing's; by default the same); every one of
 * the 256 codes must be drawn or generated.
 */
export function buildFont(drawing: FontDrawing, height = drawing.height): Uint8Array {
  if (height > drawing.height) throw new Error(`a ${drawing.height}-row drawing cannot make a ${height}-row font`);
  const drawn = drawing.height;
  const font = new Uint8Array(256 * height);
  const defined = new Uint8Array(256);
  const put = (code: number, rows: Uint8Array): void => {
    if (defined[code]) throw new Error(`glyph ${code.toString(16)}h is defined twice`);
    font.set(rows, code * height);
    defined[code] = 1;
  };

  // Drawn and composed glyphs at the drawing's height, kept to compose from, then windowed into the font.
  const glyphs = new Map<number, Uint8Array>();
  for (const [key, source] of Object.entries(drawing.glyphs)) {
    const code = Number(key);
    glyphs.set(code, parseGlyph(source, drawn, `${code.toString(16)}h`));
  }
  const dotlessI = parseGlyph(drawing.dotlessI, drawn, "dotless i");
  for (const [code, base, accent] of COMPOSED) {
    // A base that is not drawn composes from a blank cell; the check for missing glyphs below names it.
    const rows = (base === "dotless-i" ? dotlessI : (glyphs.get(base) ?? new Uint8Array(drawn))).slice();
    const mark = parseGlyph(drawing.accents[accent], drawn, accent);
    for (let y = 0; y < drawn; y++) rows[y] |= mark[y];
    if (glyphs.has(code)) throw new Error(`glyph ${code.toString(16)}h is defined twice`);
    glyphs.set(code, rows);
  }
  for (const [code, rows] of glyphs) put(code, fitRows(rows, height));
  BOX_ARMS.split(" ").forEach((arms, i) => put(FIRST_BOX + i, drawBoxGlyph(arms, height)));
  for (const [code, rows] of shadesAndBlocks(height)) put(code, rows);

  const missing = [...defined.keys()].filter((code) => !defined[code]);
  if (missing.length > 0) throw new Error(`glyphs missing: ${missing.map((c) => c.toString(16)).join(", ")}`);
  return font;
}

/**
 * The `height` rows of a glyph drawn taller: a window one row in from the top by default, moved up or down just far
 * enough to keep all the ink when the ink fits (Å's ring in row 0, ⌠ reaching the bottom to join ⌡); a glyph inked
 * from top to bottom (◘, ◙) keeps the default window, whose edge rows match the dropped ones.
 */
function fitRows(rows: Uint8Array, height: number): Uint8Array {
  if (rows.length === height) return rows;
  const spare = rows.length - height;
  let start = Math.min(1, spare);
  const first = rows.findIndex((row) => row !== 0);
  let last = rows.length - 1;
  while (last >= 0 && rows[last] === 0) last--;
  if (first >= 0 && last - first < height) {
    if (last >= start + height) start = last - height + 1;
    if (first < start) start = first;
  }
  return rows.slice(start, start + height);
}

/**
 * Draws a box-drawing glyph from its arms. Single lines: the vertical is columns 3–4, the horizontal is the centre
 * row h. Double lines are the outline of a "pipe" (columns 2–5, or rows h-1..h+1): the union of the pipes of all
 * double arms is filled and only its edge is inked, which gives correct corners, tees and crosses for free.
 * Horizontal lines run to column 7 so the 9-dot modes' repeated eighth column continues them into the next cell.
 */
function drawBoxGlyph(arms: string, height: number): Uint8Array {
  const [up, down, left, right] = [...arms].map(Number);
  const h = height / 2;
  const last = height - 1;
  const pipe = new Uint8Array(height * 8);
  const ink = new Uint8Array(height * 8);
  const fill = (grid: Uint8Array, x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) grid[y * 8 + x] = 1;
  };
  const horizontalDouble = left === 2 || right === 2;
  const verticalDouble = up === 2 || down === 2;

  if (up === 2) fill(pipe, 2, 0, 5, horizontalDouble ? h + 1 : h);
  if (down === 2) fill(pipe, 2, horizontalDouble ? h - 1 : h, 5, last);
  if (left === 2) fill(pipe, 0, h - 1, verticalDouble ? 5 : 4, h + 1);
  if (right === 2) fill(pipe, verticalDouble ? 2 : 3, h - 1, 7, h + 1);
  const inPipe = (x: number, y: number): boolean => x < 0 || x > 7 || y < 0 || y > last || pipe[y * 8 + x] === 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < 8; x++) {
      if (!inPipe(x, y)) continue;
      let edge = false;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (!inPipe(x + dx, y + dy)) edge = true;
      if (edge) ink[y * 8 + x] = 1;
    }
  }

  // A single line stops at a double line it meets head on (╧ ╤ ╢ ╟) but reaches across a double corner or tee to
  // its far line (╛ ╕ ╜ ╖), and runs straight through when it continues on the other side (╪ ╫).
  const acrossDouble = left === 2 && right === 2;
  if (up === 1 && down === 1) fill(ink, 3, 0, 4, last);
  else if (up === 1) fill(ink, 3, 0, 4, horizontalDouble ? (acrossDouble ? h - 1 : h + 1) : h);
  else if (down === 1) fill(ink, 3, horizontalDouble ? (acrossDouble ? h + 1 : h - 1) : h, 4, last);
  const throughDouble = up === 2 && down === 2;
  if (left === 1 && right === 1) fill(ink, 0, h, 7, h);
  else if (left === 1) fill(ink, 0, h, verticalDouble ? (throughDouble ? 1 : 5) : 4, h);
  else if (right === 1) fill(ink, verticalDouble ? (throughDouble ? 6 : 2) : 3, h, 7, h);

  const rows = new Uint8Array(height);
  for (let y = 0; y < height; y++) for (let x = 0; x < 8; x++) if (ink[y * 8 + x]) rows[y] |= 0x80 >> x;
  return rows;
}

/** The shades B0h–B2h (25, 50, 75 % ink, tiling across cells) and the blocks DBh–DFh. */
function shadesAndBlocks(height: number): [number, Uint8Array][] {
  const pattern = (even: number, odd: number): Uint8Array => {
    const rows = new Uint8Array(height);
    for (let y = 0; y < height; y++) rows[y] = y % 2 === 0 ? even : odd;
    return rows;
  };
  const half = height / 2;
  const rowsFrom = (y0: number, y1: number): Uint8Array => {
    const rows = new Uint8Array(height);
    rows.fill(0xff, y0, y1);
    return rows;
  };
  return [
    [0xb0, pattern(0x88, 0x22)],
    [0xb1, pattern(0xaa, 0x55)],
    [0xb2, pattern(0x77, 0xdd)],
    [0xdb, rowsFrom(0, height)],
    [0xdc, rowsFrom(half, height)],
    [0xdd, pattern(0xf0, 0xf0)],
    [0xde, pattern(0x0f, 0x0f)],
    [0xdf, rowsFrom(0, half)],
  ];
}
