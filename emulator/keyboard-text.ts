/**
 * Turns text to type into key strokes on a US keyboard: characters, the escapes \r \n \t \e \b, and named keys in
 * braces with optional modifiers ({F1}, {UP}, {CTRL+C}, {CTRL+ALT+DELETE}). Key names are those of scancodes.ts.
 */
import { isKeyName, KEY_NAMES } from "./devices/scancodes.ts";

/** One key stroke: the modifier keys held while `key` is pressed and released. */
export interface KeyStroke {
  readonly modifiers: readonly string[];
  readonly key: string;
}

const UNSHIFTED: Readonly<Record<string, string>> = {
  " ": "Space",
  "-": "Minus",
  "=": "Equal",
  "[": "LeftBracket",
  "]": "RightBracket",
  ";": "Semicolon",
  "'": "Quote",
  "`": "Backquote",
  "\\": "Backslash",
  ",": "Comma",
  ".": "Period",
  "/": "Slash",
  "\r": "Enter",
  "\n": "Enter",
  "\t": "Tab",
  "\b": "Backspace",
  "\x1b": "Escape",
};

/** Characters typed with Shift, by the unshifted key's character (US layout). */
const SHIFTED: Readonly<Record<string, string>> = {
  "!": "1",
  "@": "2",
  "#": "3",
  $: "4",
  "%": "5",
  "^": "6",
  "&": "7",
  "*": "8",
  "(": "9",
  ")": "0",
  _: "-",
  "+": "=",
  "{": "[",
  "}": "]",
  ":": ";",
  '"': "'",
  "~": "`",
  "|": "\\",
  "<": ",",
  ">": ".",
  "?": "/",
};

const MODIFIERS: Readonly<Record<string, string>> = {
  CTRL: "LeftCtrl",
  ALT: "LeftAlt",
  SHIFT: "LeftShift",
};

/** Short names accepted in braces besides the key names themselves (any case). */
const ALIASES: Readonly<Record<string, string>> = {
  ESC: "Escape",
  DEL: "Delete",
  INS: "Insert",
  PGUP: "PageUp",
  PGDN: "PageDown",
  BKSP: "Backspace",
  BACKSPACE: "Backspace",
  ENTER: "Enter",
  RETURN: "Enter",
  SPACE: "Space",
  TAB: "Tab",
};

const BY_UPPER_NAME = new Map(KEY_NAMES.map((name) => [name.toUpperCase(), name]));

function keyForCharacter(char: string): KeyStroke {
  if (/^[a-z]$/.test(char)) return { modifiers: [], key: char.toUpperCase() };
  if (/^[A-Z]$/.test(char)) return { modifiers: ["LeftShift"], key: char };
  if (/^[0-9]$/.test(char)) return { modifiers: [], key: char };
  if (UNSHIFTED[char]) return { modifiers: [], key: UNSHIFTED[char] };
  const base = SHIFTED[char];
  if (base !== undefined) return { modifiers: ["LeftShift"], key: keyForCharacter(base).key };
  throw new Error(`cannot type ${JSON.stringify(char)}: no key on a US keyboard makes it`);
}

function namedKey(spec: string): KeyStroke {
  const parts = spec.split("+").map((part) => part.trim().toUpperCase());
  const last = parts.pop()!;
  const modifiers = parts.map((part) => {
    const modifier = MODIFIERS[part];
    if (!modifier) throw new Error(`unknown modifier "${part}" in {${spec}} (use CTRL, ALT or SHIFT)`);
    return modifier;
  });
  const key =
    ALIASES[last] ?? BY_UPPER_NAME.get(last) ?? (last.length === 1 ? keyForCharacter(last.toLowerCase()).key : "");
  if (!isKeyName(key)) throw new Error(`unknown key name {${spec}}`);
  return { modifiers, key };
}

/** Parses text to type into key strokes; throws with a message naming what it cannot type. */
export function parseKeyText(text: string): KeyStroke[] {
  const strokes: KeyStroke[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && i + 1 < text.length) {
      const escape = { r: "\r", n: "\n", t: "\t", e: "\x1b", b: "\b", "\\": "\\", "{": "{" }[text[i + 1]];
      if (escape !== undefined) {
        strokes.push(keyForCharacter(escape));
        i++;
        continue;
      }
    }
    if (char === "{") {
      const close = text.indexOf("}", i);
      if (close < 0) throw new Error(`unclosed "{" in ${JSON.stringify(text)}`);
      strokes.push(namedKey(text.slice(i + 1, close)));
      i = close;
      continue;
    }
    strokes.push(keyForCharacter(char));
  }
  return strokes;
}
