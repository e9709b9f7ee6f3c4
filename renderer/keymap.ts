/**
 * KeyboardEvent.code (the physical key, whatever the layout: UI Events KeyboardEvent code Values, W3C) to the key
 * names of emulator/devices/scancodes.ts, which the host turns into set-1 scan codes. Physical keys, not characters,
 * are what a PC keyboard sends; the guest's own keyboard layout turns them into characters.
 */
const NAMED: Readonly<Record<string, string>> = {
  Escape: "Escape",
  Minus: "Minus",
  Equal: "Equal",
  Backspace: "Backspace",
  Tab: "Tab",
  BracketLeft: "LeftBracket",
  BracketRight: "RightBracket",
  Enter: "Enter",
  ControlLeft: "LeftCtrl",
  Semicolon: "Semicolon",
  Quote: "Quote",
  Backquote: "Backquote",
  ShiftLeft: "LeftShift",
  Backslash: "Backslash",
  Comma: "Comma",
  Period: "Period",
  Slash: "Slash",
  ShiftRight: "RightShift",
  NumpadMultiply: "NumpadMultiply",
  AltLeft: "LeftAlt",
  Space: "Space",
  CapsLock: "CapsLock",
  NumLock: "NumLock",
  ScrollLock: "ScrollLock",
  NumpadSubtract: "NumpadMinus",
  NumpadAdd: "NumpadPlus",
  NumpadDecimal: "NumpadPeriod",
  IntlBackslash: "IntlBackslash",
  NumpadEnter: "NumpadEnter",
  ControlRight: "RightCtrl",
  NumpadDivide: "NumpadDivide",
  AltRight: "RightAlt",
  Home: "Home",
  ArrowUp: "Up",
  PageUp: "PageUp",
  ArrowLeft: "Left",
  ArrowRight: "Right",
  End: "End",
  ArrowDown: "Down",
  PageDown: "PageDown",
  Insert: "Insert",
  Delete: "Delete",
  MetaLeft: "LeftMeta",
  MetaRight: "RightMeta",
  ContextMenu: "ContextMenu",
  PrintScreen: "PrintScreen",
  Pause: "Pause",
};

/** The scancodes.ts name of the key with this `code`, or undefined for a key the PC keyboard lacks. */
export function keyNameForCode(code: string): string | undefined {
  const named = NAMED[code];
  if (named !== undefined) return named;
  let match = /^Key([A-Z])$/.exec(code);
  if (match) return match[1];
  match = /^Digit([0-9])$/.exec(code);
  if (match) return match[1];
  match = /^F([1-9]|1[0-2])$/.exec(code);
  if (match) return code;
  match = /^Numpad([0-9])$/.exec(code);
  if (match) return code;
  return undefined;
}
