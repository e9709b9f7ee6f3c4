/**
 * The preload's check of what arrives on PUSH.audio before it reaches the page's player: the main process is
 * trusted, but a malformed message (a renamed field, a wrong array type after a refactor) should fail here, in
 * words, rather than as noise in the speakers. Pure: the sandboxed preload bundles it (no Node modules).
 */
import type { AudioMessage } from "./channels.ts";

/** The speaker's rate is fixed per machine (48 kHz now); anything outside what Web Audio can play is refused. */
const MIN_RATE = 8000;
const MAX_RATE = 192_000;
/** One second at the highest rate: the worker posts a few milliseconds at a time. */
const MAX_SAMPLES = MAX_RATE;

export function isAudioMessage(value: unknown): value is AudioMessage {
  if (typeof value !== "object" || value === null) return false;
  const { id, sampleRate, samples } = value as Partial<Record<keyof AudioMessage, unknown>>;
  return (
    typeof id === "string" &&
    id.length > 0 &&
    id.length <= 64 &&
    Number.isInteger(sampleRate) &&
    (sampleRate as number) >= MIN_RATE &&
    (sampleRate as number) <= MAX_RATE &&
    samples instanceof Float32Array &&
    samples.length <= MAX_SAMPLES
  );
}
