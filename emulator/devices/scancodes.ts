/**
 * Scan code set 1: the codes the XT keyboard sends, and what the AT's 8042 hands the CPU with translation on.
 * Key names are shared with the CLI and the UI. A make code's break code is the same byte with bit 7 set; keys added
 * by the 101/102-key keyboard send an E0h prefix before both (IBM PC/AT Technical Reference, "Keyboard", scan code
 * set 1 table; IBM PS/2 Hardware Interface Technical Reference, "Keyboard Scan Code Set 1").
 */

/** Make codes of the keys with one code byte (the 83-key XT layout plus F11, F12 and the 102nd key). */
const PLAIN: Readonly<Record<string, number>> = {
  Escape: 0x01,
  "1": 0x02,
  "2": 0x03,
  "3": 0x04,
  "4": 0x05,
  "5": 0x06,
  "6": 0x07,
  "7": 0x08,
  "8": 0x09,
  "9": 0x0a,
  "0": 0x0b,
  Minus: 0x0c,
  Equal: 0x0d,
  Backspace: 0x0e,
  Tab: 0x0f,
  Q: 0x10,
  W: 0x11,
  E: 0x12,
  R: 0x13,
  T: 0x14,
  Y: 0x15,
  U: 0x16,
  I: 0x17,
  O: 0x18,
  P: 0x19,
  LeftBracket: 0x1a,
  RightBracket: 0x1b,
  Enter: 0x1c,
  LeftCtrl: 0x1d,
  A: 0x1e,
  S: 0x1f,
  D: 0x20,
  F: 0x21,
  G: 0x22,
  H: 0x23,
  J: 0x24,
  K: 0x25,
  L: 0x26,
  Semicolon: 0x27,
  Quote: 0x28,
  Backquote: 0x29,
  LeftShift: 0x2a,
  Backslash: 0x2b,
  Z: 0x2c,
  X: 0x2d,
  C: 0x2e,
  V: 0x2f,
  B: 0x30,
  N: 0x31,
  M: 0x32,
  Comma: 0x33,
  Period: 0x34,
  Slash: 0x35,
  RightShift: 0x36,
  NumpadMultiply: 0x37,
  LeftAlt: 0x38,
  Space: 0x39,
  CapsLock: 0x3a,
  F1: 0x3b,
  F2: 0x3c,
  F3: 0x3d,
  F4: 0x3e,
  F5: 0x3f,
  F6: 0x40,
  F7: 0x41,
  F8: 0x42,
  F9: 0x43,
  F10: 0x44,
  NumLock: 0x45,
  ScrollLock: 0x46,
  Numpad7: 0x47,
  Numpad8: 0x48,
  Numpad9: 0x49,
  NumpadMinus: 0x4a,
  Numpad4: 0x4b,
  Numpad5: 0x4c,
  Numpad6: 0x4d,
  NumpadPlus: 0x4e,
  Numpad1: 0x4f,
  Numpad2: 0x50,
  Numpad3: 0x51,
  Numpad0: 0x52,
  NumpadPeriod: 0x53,
  SysRq: 0x54,
  IntlBackslash: 0x56,
  F11: 0x57,
  F12: 0x58,
};

/** Keys of the 101-key keyboard sent as E0h + code: the separate cursor block, right modifiers, keypad Enter and /. */
const EXTENDED: Readonly<Record<string, number>> = {
  NumpadEnter: 0x1c,
  RightCtrl: 0x1d,
  NumpadDivide: 0x35,
  RightAlt: 0x38,
  Home: 0x47,
  Up: 0x48,
  PageUp: 0x49,
  Left: 0x4b,
  Right: 0x4d,
  End: 0x4f,
  Down: 0x50,
  PageDown: 0x51,
  Insert: 0x52,
  Delete: 0x53,
  LeftMeta: 0x5b,
  RightMeta: 0x5c,
  ContextMenu: 0x5d,
};

/** Prefix bytes: E0h marks an extended key, E1h starts the Pause sequence. */
export const EXTENDED_PREFIX = 0xe0;
export const PAUSE_PREFIX = 0xe1;

/**
 * Keys whose sequences are not one make code. Print Screen sends a fake Left Shift (E0 2A) before E0 37, and Pause
 * sends Ctrl+NumLock behind E1h prefixes, make only: it has no break sequence.
 */
const SPECIAL_MAKE: Readonly<Record<string, readonly number[]>> = {
  PrintScreen: [0xe0, 0x2a, 0xe0, 0x37],
  Pause: [0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5],
};
const SPECIAL_BREAK: Readonly<Record<string, readonly number[]>> = {
  PrintScreen: [0xe0, 0xb7, 0xe0, 0xaa],
  Pause: [],
};

function buildSequences(): { make: Map<string, readonly number[]>; brk: Map<string, readonly number[]> } {
  const make = new Map<string, readonly number[]>();
  const brk = new Map<string, readonly number[]>();
  for (const [name, code] of Object.entries(PLAIN)) {
    make.set(name, [code]);
    brk.set(name, [code | 0x80]);
  }
  for (const [name, code] of Object.entries(EXTENDED)) {
    make.set(name, [EXTENDED_PREFIX, code]);
    brk.set(name, [EXTENDED_PREFIX, code | 0x80]);
  }
  for (const [name, sequence] of Object.entries(SPECIAL_MAKE)) {
    make.set(name, sequence);
    brk.set(name, SPECIAL_BREAK[name]);
  }
  return { make, brk };
}

const SEQUENCES = buildSequences();

/** Every key name this table knows, in scan code order (plain keys, then extended, then Print Screen and Pause). */
export const KEY_NAMES: readonly string[] = [...SEQUENCES.make.keys()];

export function isKeyName(name: string): boolean {
  return SEQUENCES.make.has(name);
}

/** The bytes a key sends when pressed. Throws on an unknown name, so typos in the CLI and UI fail loudly. */
export function makeSequence(name: string): readonly number[] {
  const sequence = SEQUENCES.make.get(name);
  if (!sequence) throw new Error(`unknown key name "${name}"`);
  return sequence;
}

/** The bytes a key sends when released (empty for Pause). */
export function breakSequence(name: string): readonly number[] {
  const sequence = SEQUENCES.brk.get(name);
  if (!sequence) throw new Error(`unknown key name "${name}"`);
  return sequence;
}

/**
 * The same sequence as the 83-key XT keyboard would send it: without E0h/E1h prefixes. The extended keys then become
 * their keypad twins (Up is keypad 8, Right Ctrl is Ctrl), Print Screen becomes Shift + keypad * (the XT's PrtSc)
 * and Pause becomes Ctrl + NumLock, which is how the XT BIOS recognises both.
 */
export function xtSequence(sequence: readonly number[]): number[] {
  return sequence.filter((byte) => byte !== EXTENDED_PREFIX && byte !== PAUSE_PREFIX);
}
