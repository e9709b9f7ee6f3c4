import { test } from "node:test";
import assert from "node:assert/strict";
import { CP437_TO_UNICODE } from "../../emulator/video/cp437.ts";

test("code page 437 maps every code to one Unicode character", () => {
  assert.equal(CP437_TO_UNICODE.length, 256);
  assert.equal(new Set(CP437_TO_UNICODE.slice(1)).size, 255, "no two codes share a character (00h shows as a space)");
  for (const text of CP437_TO_UNICODE) assert.equal([...text].length, 1);
});

test("ASCII is itself; graphics, accents and symbols land where IBM put them", () => {
  for (let code = 0x20; code < 0x7f; code++) assert.equal(CP437_TO_UNICODE[code], String.fromCharCode(code));
  const expected: [number, string][] = [
    [0x00, " "],
    [0x01, "☺"],
    [0x0f, "☼"],
    [0x1f, "▼"],
    [0x7f, "⌂"],
    [0x80, "Ç"],
    [0x9e, "₧"],
    [0xa8, "¿"],
    [0xb0, "░"],
    [0xb3, "│"],
    [0xc4, "─"],
    [0xc9, "╔"],
    [0xda, "┌"],
    [0xdb, "█"],
    [0xdf, "▀"],
    [0xe0, "α"],
    [0xe1, "ß"],
    [0xe6, "µ"],
    [0xf4, "⌠"],
    [0xfe, "■"],
    [0xff, "\u00a0"],
  ];
  for (const [code, text] of expected) assert.equal(CP437_TO_UNICODE[code], text, `${code.toString(16)}h`);
});
