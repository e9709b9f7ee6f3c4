/**
 * A saved state's picture: the machine's last frame shrunk to 160x120. Every CRT mode fills a 4:3 monitor
 * (emulator/video/frame.ts displayAspect), so any native size maps onto 4:3; each thumbnail pixel is the mean of the
 * frame pixels its box covers, which keeps text legible as grey strokes rather than dropping rows.
 */
import { encodePng } from "../../emulator/video/png.ts";

export const THUMBNAIL_WIDTH = 160;
export const THUMBNAIL_HEIGHT = 120;

export function thumbnailPng(
  frame: { readonly width: number; readonly height: number; readonly pixels: Uint8ClampedArray } | null,
): Uint8Array | null {
  if (!frame || frame.width === 0 || frame.height === 0) return null;
  const { width, height, pixels } = frame;
  const out = new Uint8ClampedArray(THUMBNAIL_WIDTH * THUMBNAIL_HEIGHT * 4);
  for (let ty = 0; ty < THUMBNAIL_HEIGHT; ty++) {
    const y0 = Math.floor((ty * height) / THUMBNAIL_HEIGHT);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * height) / THUMBNAIL_HEIGHT));
    for (let tx = 0; tx < THUMBNAIL_WIDTH; tx++) {
      const x0 = Math.floor((tx * width) / THUMBNAIL_WIDTH);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * width) / THUMBNAIL_WIDTH));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0, at = (y * width + x0) * 4; x < x1; x++, at += 4) {
          r += pixels[at];
          g += pixels[at + 1];
          b += pixels[at + 2];
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      const to = (ty * THUMBNAIL_WIDTH + tx) * 4;
      out[to] = r / count;
      out[to + 1] = g / count;
      out[to + 2] = b / count;
      out[to + 3] = 255;
    }
  }
  return encodePng({ width: THUMBNAIL_WIDTH, height: THUMBNAIL_HEIGHT, pixels: out });
}
