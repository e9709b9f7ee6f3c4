/**
 * How typed text becomes key events in machine time: each stroke's modifiers and key go down together, are held
 * KEY_HOLD_NS and released in reverse order, and a KEY_GAP_NS pause follows — as MachineSession.type, long enough
 * for any BIOS's keyboard handler to take each scancode. The worker queues these events; the CLI, which steps a
 * paused VM, runs it for `typingMs` so that the text has been typed when the step ends.
 */
import { parseKeyText } from "../../emulator/keyboard-text.ts";

export const KEY_HOLD_NS = 20_000_000;
export const KEY_GAP_NS = 20_000_000;

export interface TimedKey {
  /** Machine time (ns) at which the key goes down or up. */
  readonly at: number;
  readonly name: string;
  readonly down: boolean;
}

/** The key events of `text` from machine time `start`, and the time the last stroke's gap ends. */
export function typedKeys(text: string, start: number): { keys: TimedKey[]; end: number } {
  const keys: TimedKey[] = [];
  let at = start;
  for (const stroke of parseKeyText(text)) {
    for (const name of [...stroke.modifiers, stroke.key]) keys.push({ at, name, down: true });
    at += KEY_HOLD_NS;
    for (const name of [stroke.key, ...[...stroke.modifiers].reverse()]) keys.push({ at, name, down: false });
    at += KEY_GAP_NS;
  }
  return { keys, end: at };
}

/** How much machine time typing `text` takes. */
export function typingMs(text: string): number {
  return typedKeys(text, 0).end / 1e6;
}
