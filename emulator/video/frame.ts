/**
 * A rendered picture: RGBA pixels, row by row from the top left, at the mode's native resolution (one pixel per
 * pixel the adapter shifts out, one line per distinct scan line). One FrameBuffer is reused for every frame and
 * reallocated only when the picture size changes, so rendering allocates nothing per frame.
 */
export interface VideoFrame {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes: red, green, blue, alpha. */
  readonly pixels: Uint8ClampedArray;
  /**
   * The shape of the picture on the monitor, as width:height: the CRT modes of the CGA and VGA all fill a 4:3
   * screen, so their pixels are square only at 640x480 (320x200 pixels are 1.2 times taller than wide).
   */
  readonly displayAspect: DisplayAspect;
}

export interface DisplayAspect {
  readonly width: number;
  readonly height: number;
}

/** The 4:3 screen of the IBM colour monitors (5153, 8513): every mode's picture fills it. */
export const CRT_ASPECT: DisplayAspect = { width: 4, height: 3 };

export class FrameBuffer implements VideoFrame {
  width = 0;
  height = 0;
  pixels = new Uint8ClampedArray(0);
  /** The same pixels as 32-bit words; a little-endian word 0xAABBGGRR is bytes R, G, B, A. */
  words = new Uint32Array(0);
  displayAspect = CRT_ASPECT;

  resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.pixels = new Uint8ClampedArray(width * height * 4);
    this.words = new Uint32Array(this.pixels.buffer);
  }
}
