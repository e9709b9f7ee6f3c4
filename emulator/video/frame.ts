/**
 * A rendered picture: RGBA pixels, row by row from the top left. One FrameBuffer is reused for every frame and
 * reallocated only when the picture size changes, so rendering allocates nothing per frame.
 */
export interface VideoFrame {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes: red, green, blue, alpha. */
  readonly pixels: Uint8ClampedArray;
}

export class FrameBuffer implements VideoFrame {
  width = 0;
  height = 0;
  pixels = new Uint8ClampedArray(0);
  /** The same pixels as 32-bit words; a little-endian word 0xAABBGGRR is bytes R, G, B, A. */
  words = new Uint32Array(0);

  resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.pixels = new Uint8ClampedArray(width * height * 4);
    this.words = new Uint32Array(this.pixels.buffer);
  }
}
