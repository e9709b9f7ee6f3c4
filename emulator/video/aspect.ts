/**
 * Aspect correction for pictures taken at a mode's native resolution (screenshots): the picture is stretched along
 * one axis until width:height matches the monitor's (the frame's `displayAspect`, 4:3 for the CGA and VGA), never
 * shrunk, so no pixel is lost: 320x200 becomes 320x240, 640x200 and 640x350 become 640x480, 720x400 720x540, and
 * 640x480 stays as it is. A whole-number stretch repeats pixels (nearest neighbour); any other is an area-weighted
 * resample along that axis: each output pixel is the average of the source pixels it covers, weighted by how much
 * of each it covers, in integer arithmetic, so the result is exact and the same on every host.
 */
import type { VideoFrame } from "./frame.ts";

/** The size `frame` takes at its display aspect, stretching only (width, height rounded to whole pixels). */
export function aspectSize(frame: VideoFrame): { width: number; height: number } {
  const { width, height } = frame;
  const aspect = frame.displayAspect;
  // Compare width/height with aspect.width/aspect.height without division.
  const crossWidth = width * aspect.height;
  const crossHeight = height * aspect.width;
  if (crossWidth === crossHeight) return { width, height };
  if (crossWidth > crossHeight) return { width, height: Math.round(crossWidth / aspect.width) };
  return { width: Math.round(crossHeight / aspect.height), height };
}

/** A new frame with `frame`'s picture at its display aspect (the frame itself when it already has it). */
export function aspectCorrect(frame: VideoFrame): VideoFrame {
  const { width, height } = aspectSize(frame);
  if (width === frame.width && height === frame.height) return frame;
  const pixels = new Uint8ClampedArray(width * height * 4);
  // Only one axis stretches. Vertically a "line" is a pixel row; horizontally it is one pixel of every row.
  if (height !== frame.height) resample(frame.pixels, pixels, frame.height, height, width * 4, 1, 0, 0, width * 4);
  else resample(frame.pixels, pixels, frame.width, width, 4, frame.height, frame.width * 4, width * 4, 4);
  return { width, height, pixels, displayAspect: frame.displayAspect };
}

/**
 * Stretches `count` source lines into `outCount` output lines. A line is `span` bytes, line n at n * `span` in each
 * of `rows` rows, which start `sourceRow` bytes apart in `source` and `outRow` bytes apart in `out`; `outSpan` is
 * an output line's size.
 */
function resample(
  source: Uint8ClampedArray,
  out: Uint8ClampedArray,
  count: number,
  outCount: number,
  span: number,
  rows: number,
  sourceRow: number,
  outRow: number,
  outSpan: number,
): void {
  // In units of 1/outCount source lines, output line i covers [i * count, (i + 1) * count).
  for (let i = 0; i < outCount; i++) {
    const start = i * count;
    const end = start + count;
    const first = Math.floor(start / outCount);
    const last = Math.ceil(end / outCount) - 1;
    for (let row = 0; row < rows; row++) {
      const outBase = row * outRow + i * outSpan;
      const sourceBase = row * sourceRow;
      if (first === last) {
        // Wholly inside one source line: a copy (every line of a whole-number stretch is one).
        out.set(source.subarray(sourceBase + first * span, sourceBase + (first + 1) * span), outBase);
        continue;
      }
      for (let byte = 0; byte < span; byte++) {
        let sum = 0;
        for (let line = first; line <= last; line++) {
          const weight = Math.min(end, (line + 1) * outCount) - Math.max(start, line * outCount);
          sum += source[sourceBase + line * span + byte] * weight;
        }
        // The weights add up to `count`: round the average half up.
        out[outBase + byte] = Math.floor((2 * sum + count) / (2 * count));
      }
    }
  }
}
