/**
 * What the rest of the emulator needs from a display adapter, whichever the machine has (VGA or CGA): its chip
 * state (a `Device`), the current picture at the adapter's output resolution, and the text on a text screen.
 */
import type { Device } from "../device.ts";
import type { VideoFrame } from "./frame.ts";

export interface VideoDisplay extends Device {
  /** Renders the current picture at the scheduler's virtual time; the returned frame object is reused. */
  renderFrame(): VideoFrame;
  /** The text on screen (rows joined by "\n", trailing blanks trimmed); empty in graphics modes. */
  screenText(): string;
}
