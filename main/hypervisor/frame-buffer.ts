/**
 * A VM's displayed frame in a SharedArrayBuffer: the worker publishes the VGA's rendered frame into it when the
 * picture changed, and whoever displays it (the renderer through the preload, a test, the CLI) copies it out at its
 * own refresh rate, with no message and no copy per frame on the way.
 *
 * Layout: a 16-byte header of Int32 — sequence, width, height, unused — then RGBA pixels, room for the largest VGA
 * frame (720x480 dots). The sequence is a seqlock: odd while the worker writes, even when the frame is whole, and
 * one frame's worth (2) higher after every publication, so sequence / 2 is the change counter. A reader copies the
 * pixels between two reads of an even, unchanged sequence.
 */
import type { VideoFrame } from "../../emulator/video/frame.ts";

const SEQUENCE = 0;
const WIDTH = 1;
const HEIGHT = 2;
const HEADER_BYTES = 16;
/** The largest frame the VGA renders: 720x400 text, 640x480 graphics (emulator/video/). */
const MAX_WIDTH = 720;
const MAX_HEIGHT = 480;
export const FRAME_BUFFER_BYTES = HEADER_BYTES + MAX_WIDTH * MAX_HEIGHT * 4;
/** A reader that keeps seeing the writer mid-frame gives up after this many tries and reports no frame. */
const READ_ATTEMPTS = 8;

export interface SharedFrame {
  /** How many frames have been published; a reader redraws when it changed. */
  readonly changeCounter: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8ClampedArray;
}

export class SharedFrameBuffer {
  private readonly header: Int32Array;
  private readonly pixels: Uint8ClampedArray;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.pixels = new Uint8ClampedArray(buffer, HEADER_BYTES);
  }

  static create(): SharedFrameBuffer {
    return new SharedFrameBuffer(new SharedArrayBuffer(FRAME_BUFFER_BYTES));
  }

  get changeCounter(): number {
    return Atomics.load(this.header, SEQUENCE) >>> 1;
  }

  /**
   * Publishes `frame` if it differs from the one already there; returns whether it did. Comparing first costs one
   * pass over the pixels and spares every reader a redraw of an unchanged picture.
   */
  publish(frame: VideoFrame): boolean {
    const { width, height } = frame;
    if (width > MAX_WIDTH || height > MAX_HEIGHT) throw new RangeError(`a ${width}x${height} frame does not fit`);
    const length = width * height * 4;
    const header = this.header;
    if (header[WIDTH] === width && header[HEIGHT] === height && samePixels(frame.pixels, this.pixels, length)) {
      return false;
    }
    Atomics.add(header, SEQUENCE, 1);
    header[WIDTH] = width;
    header[HEIGHT] = height;
    this.pixels.set(frame.pixels.subarray(0, length));
    Atomics.add(header, SEQUENCE, 1);
    return true;
  }

  /** Copies out the current frame, or returns null if none was published yet (or the writer never let go). */
  read(): SharedFrame | null {
    const header = this.header;
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const before = Atomics.load(header, SEQUENCE);
      if (before === 0) return null;
      if (before & 1) continue;
      const width = header[WIDTH];
      const height = header[HEIGHT];
      const pixels = this.pixels.slice(0, width * height * 4);
      if (Atomics.load(header, SEQUENCE) === before) return { changeCounter: before >>> 1, width, height, pixels };
    }
    return null;
  }
}

function samePixels(a: Uint8ClampedArray, b: Uint8ClampedArray, length: number): boolean {
  // Compare 32 bits at a time: both arrays start 4-byte aligned (the frame's own buffer, and after a 16-byte header).
  const wordsA = new Uint32Array(a.buffer, a.byteOffset, length >>> 2);
  const wordsB = new Uint32Array(b.buffer, b.byteOffset, length >>> 2);
  for (let i = 0; i < wordsA.length; i++) if (wordsA[i] !== wordsB[i]) return false;
  return true;
}
