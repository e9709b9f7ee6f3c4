/**
 * Screenshots: a frame as a PNG file, at the mode's native resolution (320x200 for mode 13h), or with `aspect`
 * stretched to the monitor's 4:3 (aspect.ts: 320x200 becomes 320x240). The one path the headless harness, the
 * hypervisor and the CLI take.
 */
import { aspectCorrect } from "./aspect.ts";
import type { VideoFrame } from "./frame.ts";
import { encodePng } from "./png.ts";

export interface ScreenshotOptions {
  /** Stretch the picture to its display aspect (the frame's `displayAspect`) instead of one pixel per pixel. */
  readonly aspect?: boolean;
}

export function screenshotPng(frame: VideoFrame, options: ScreenshotOptions = {}): Uint8Array {
  return encodePng(options.aspect ? aspectCorrect(frame) : frame);
}
