import { test } from "node:test";
import assert from "node:assert/strict";
import { parseKeyText } from "../../emulator/keyboard-text.ts";

test("letters, digits and shifted punctuation map to US key strokes", () => {
  assert.deepEqual(parseKeyText("aB1!"), [
    { modifiers: [], key: "A" },
    { modifiers: ["LeftShift"], key: "B" },
    { modifiers: [], key: "1" },
    { modifiers: ["LeftShift"], key: "1" },
  ]);
  assert.deepEqual(parseKeyText(":\\"), [
    { modifiers: ["LeftShift"], key: "Semicolon" },
    { modifiers: [], key: "Backslash" },
  ]);
});

test("escapes \\r \\t \\e \\b type Enter, Tab, Escape, Backspace", () => {
  assert.deepEqual(
    parseKeyText("\\r\\t\\e\\b").map((stroke) => stroke.key),
    ["Enter", "Tab", "Escape", "Backspace"],
  );
});

test("named keys in braces, any case, with modifiers", () => {
  assert.deepEqual(parseKeyText("{F1}{up}{CTRL+C}{ctrl+alt+delete}"), [
    { modifiers: [], key: "F1" },
    { modifiers: [], key: "Up" },
    { modifiers: ["LeftCtrl"], key: "C" },
    { modifiers: ["LeftCtrl", "LeftAlt"], key: "Delete" },
  ]);
});

test("what cannot be typed is an error naming it", () => {
  assert.throws(() => parseKeyText("{NOPE}"), /unknown key name \{NOPE\}/);
  assert.throws(() => parseKeyText("{CTRL"), /unclosed/);
  assert.throws(() => parseKeyText("é"), /cannot type "é"/);
  assert.throws(() => parseKeyText("{HYPER+A}"), /unknown modifier "HYPER"/);
});
