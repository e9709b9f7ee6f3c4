import { test } from "node:test";
import assert from "node:assert/strict";
import { FONT_8X14 } from "../../emulator/video/font-8x14.ts";
import { FONT_8X16 } from "../../emulator/video/font-8x16.ts";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import { buildFont, parseGlyph } from "../../emulator/video/font-builder.ts";

const FONTS = [
  { name: "8x16", font: FONT_8X16, height: 16 },
  { name: "8x14", font: FONT_8X14, height: 14 },
  { name: "8x8", font: FONT_8X8, height: 8 },
];

function glyph(font: Uint8Array, height: number, code: number): Uint8Array {
  return font.subarray(code * height, (code + 1) * height);
}

const ink = (rows: Uint8Array): number => rows.reduce((n, row) => n + row.toString(2).replace(/0/g, "").length, 0);

test("fonts have 256 glyphs of 16 and 8 rows", () => {
  assert.equal(FONT_8X16.length, 4096);
  assert.equal(FONT_8X8.length, 2048);
});

for (const { name, font, height } of FONTS) {
  test(`${name}: blanks are blank and every other glyph has ink`, () => {
    for (const code of [0x00, 0x20, 0xff]) assert.equal(ink(glyph(font, height, code)), 0, `${code.toString(16)}h`);
    for (let code = 0x01; code < 0xff; code++) {
      if (code === 0x20) continue;
      assert.ok(ink(glyph(font, height, code)) > 0, `${code.toString(16)}h is empty`);
    }
  });

  test(`${name}: letters, digits and accented letters are all different glyphs`, () => {
    const seen = new Map<string, number>();
    const codes = [...Array(0x5f).keys()].map((i) => i + 0x21).concat([...Array(0x30).keys()].map((i) => i + 0x80));
    for (const code of codes) {
      const key = glyph(font, height, code).join(",");
      assert.equal(seen.get(key), undefined, `${code.toString(16)}h repeats ${seen.get(key)?.toString(16)}h`);
      seen.set(key, code);
    }
  });

  test(`${name}: box-drawing lines reach the cell edges they must join`, () => {
    const top = (code: number): number => glyph(font, height, code)[0];
    const bottom = (code: number): number => glyph(font, height, code)[height - 1];
    // Vertical single lines (│ ┼ ├ ┤) are columns 3-4 on the top and bottom rows; doubles (║ ╬) columns 2 and 5.
    for (const code of [0xb3, 0xc5, 0xc3, 0xb4, 0xd8]) {
      assert.equal(top(code), 0x18, `${code.toString(16)}h top`);
      assert.equal(bottom(code), 0x18, `${code.toString(16)}h bottom`);
    }
    for (const code of [0xba, 0xce, 0xcc, 0xb9, 0xd7]) {
      assert.equal(top(code), 0x24, `${code.toString(16)}h top`);
      assert.equal(bottom(code), 0x24, `${code.toString(16)}h bottom`);
    }
    // A horizontal line in C4h and its relatives runs across all eight columns on the same row(s).
    const rowsOfFull = (code: number): number[] =>
      [...glyph(font, height, code)].flatMap((row, y) => (row === 0xff ? [y] : []));
    const single = rowsOfFull(0xc4);
    assert.equal(single.length, 1);
    for (const code of [0xc5, 0xc1, 0xc2, 0xd7]) assert.deepEqual(rowsOfFull(code), single, code.toString(16));
    const double = rowsOfFull(0xcd);
    assert.equal(double.length, 2);
    assert.deepEqual(rowsOfFull(0xd8), double);
    // Corners: ┌ has ink in the rightmost column on the line row and at the bottom in the vertical's columns.
    assert.ok(glyph(font, height, 0xda)[single[0]] & 0x01);
    assert.equal(bottom(0xda) & 0x18, 0x18);
    assert.equal(top(0xda), 0);
  });

  test(`${name}: shades and blocks`, () => {
    assert.ok(glyph(font, height, 0xdb).every((row) => row === 0xff));
    assert.ok(ink(glyph(font, height, 0xb0)) < ink(glyph(font, height, 0xb1)));
    assert.ok(ink(glyph(font, height, 0xb1)) < ink(glyph(font, height, 0xb2)));
    assert.equal(ink(glyph(font, height, 0xdc)), 4 * height);
    assert.ok(glyph(font, height, 0xdd).every((row) => row === 0xf0));
  });

  test(`${name}: accented letters are their base letter plus a mark`, () => {
    for (const [accented, base] of [
      [0x82, 0x65],
      [0x81, 0x75],
      [0xa4, 0x6e],
      [0x87, 0x63],
    ]) {
      const a = glyph(font, height, accented);
      const b = glyph(font, height, base);
      assert.ok(
        b.every((row, y) => (a[y] & row) === row),
        `${accented.toString(16)}h contains ${base.toString(16)}h`,
      );
      assert.ok(ink(a) > ink(b));
    }
  });
}

test("⌠ and ⌡ join through the vertical line columns", () => {
  assert.equal(FONT_8X16[0xf4 * 16 + 15], 0x18);
  assert.equal(FONT_8X16[0xf5 * 16], 0x18);
});

test("malformed drawings are rejected", () => {
  assert.throws(() => parseGlyph("........ ........", 16, "x"), /2 rows/);
  assert.throws(() => parseGlyph("..#..... .......x", 2, "x"), /row 1/);
  assert.deepEqual([...parseGlyph("#....... .......#", 2, "x")], [0x80, 0x01]);
  const blank = Array(8).fill("........").join(" ");
  assert.throws(
    () =>
      buildFont({
        height: 8,
        glyphs: { 0x41: blank },
        accents: {
          acute: blank,
          grave: blank,
          circumflex: blank,
          diaeresis: blank,
          ring: blank,
          tilde: blank,
          cedilla: blank,
        },
        dotlessI: blank,
      }),
    /missing/,
  );
});
