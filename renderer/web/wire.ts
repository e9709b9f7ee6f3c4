/**
 * The web host's wire format, shared by the server (main/web/web-host.ts) and the renderer's WebSocketHost. It uses
 * nothing from Node or the DOM, so both sides compile it.
 *
 * Text messages are JSON: the renderer sends `call` (a HostApi method by name with its arguments) and `frames`
 * (subscribe or unsubscribe a machine's pictures); the host answers each call with one `result` and pushes `event`s.
 * Byte arrays inside JSON travel as `{ "$bytes": base64 }`. Pictures travel as binary messages: a 16-byte header of
 * little-endian u32 (subscription, width, height, change counter), then the RGBA pixels. Sound travels as binary
 * messages too (`audio` subscriptions): an 8-byte header of little-endian u32 (subscription, sample rate), then the
 * samples as little-endian signed 16-bit PCM. Subscription numbers are the renderer's, one sequence for both kinds,
 * so the number alone says what a binary message is.
 */
import type { HostEvents, Problem } from "../host-api.ts";

/** Methods the renderer may call over the socket: the HostApi's promise methods that need no File or dialog. */
export const CALLS = [
  "info",
  "listMachines",
  "createMachine",
  "updateMachine",
  "deleteMachine",
  "status",
  "start",
  "pause",
  "resume",
  "reset",
  "powerOff",
  "insertUpload",
  "eject",
  "keyDown",
  "keyUp",
  "typeText",
  "mouseInput",
  "setForeground",
  "setSpeed",
  "serialSend",
  "screenText",
  "screenshot",
  "saveState",
  "listStates",
  "restoreState",
  "deleteState",
] as const;
export type CallName = (typeof CALLS)[number];

export type ClientMessage =
  | { readonly type: "call"; readonly call: number; readonly method: CallName; readonly args: readonly unknown[] }
  | { readonly type: "frames"; readonly subscription: number; readonly id: string | null }
  | { readonly type: "audio"; readonly subscription: number; readonly id: string | null };

export type ServerMessage =
  | { readonly type: "result"; readonly call: number; readonly ok: true; readonly value: unknown }
  | { readonly type: "result"; readonly call: number; readonly ok: false; readonly problem: Problem }
  | { readonly [K in keyof HostEvents]: { type: "event"; name: K; value: HostEvents[K] } }[keyof HostEvents];

/** Where uploads go: POST the image's bytes with the token header; the reply is `{ upload }`, a handle for insertUpload. */
export const UPLOAD_PATH = "/upload";
export const TOKEN_HEADER = "x-realmode-token";
export const FRAME_HEADER_BYTES = 16;
export const AUDIO_HEADER_BYTES = 8;

export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $bytes: toBase64(value) } : value,
  );
}

export function decodeMessage(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === "object" && typeof (value as { $bytes?: unknown }).$bytes === "string"
      ? fromBase64((value as { $bytes: string }).$bytes)
      : value,
  );
}

/** Writes a picture's header in front of its pixels; `into` has room for both. */
export function writeFrameHeader(
  into: Uint8Array,
  subscription: number,
  width: number,
  height: number,
  changeCounter: number,
): void {
  const view = new DataView(into.buffer, into.byteOffset, FRAME_HEADER_BYTES);
  view.setUint32(0, subscription, true);
  view.setUint32(4, width, true);
  view.setUint32(8, height, true);
  view.setUint32(12, changeCounter, true);
}

export interface FrameMessage {
  readonly subscription: number;
  readonly width: number;
  readonly height: number;
  readonly changeCounter: number;
  readonly pixels: Uint8ClampedArray;
}

export function readFrameMessage(data: ArrayBuffer): FrameMessage {
  const view = new DataView(data, 0, FRAME_HEADER_BYTES);
  const width = view.getUint32(4, true);
  const height = view.getUint32(8, true);
  const pixels = new Uint8ClampedArray(data, FRAME_HEADER_BYTES, width * height * 4);
  return { subscription: view.getUint32(0, true), width, height, changeCounter: view.getUint32(12, true), pixels };
}

/**
 * One audio message: the header, then the samples as 16-bit PCM (×32767, rounded, clipped, as emulator/audio/wav.ts
 * writes them: the speaker peaks near ±0.27, so 16 bits keep it exact enough at half the bytes of floats).
 */
export function encodeAudioMessage(subscription: number, sampleRate: number, samples: Float32Array): Uint8Array {
  const message = new Uint8Array(AUDIO_HEADER_BYTES + samples.length * 2);
  const view = new DataView(message.buffer);
  view.setUint32(0, subscription, true);
  view.setUint32(4, sampleRate, true);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.round(samples[i] * 32767);
    view.setInt16(AUDIO_HEADER_BYTES + i * 2, value > 32767 ? 32767 : value < -32767 ? -32767 : value, true);
  }
  return message;
}

export interface AudioMessage {
  readonly subscription: number;
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

export function readAudioMessage(data: ArrayBuffer): AudioMessage {
  const view = new DataView(data);
  const count = (data.byteLength - AUDIO_HEADER_BYTES) >> 1;
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(AUDIO_HEADER_BYTES + i * 2, true) / 32767;
  return { subscription: view.getUint32(0, true), sampleRate: view.getUint32(4, true), samples };
}

/** The subscription a binary message belongs to (its first header field, for pictures and sound alike). */
export function binarySubscription(data: ArrayBuffer): number {
  return new DataView(data, 0, 4).getUint32(0, true);
}

// btoa/atob take "binary strings"; going through them in chunks keeps the argument lists short.
const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
