/**
 * The headless harness: one way to drive a machine for tests, the CLI, the hypervisor worker and benchmarks alike.
 * Run for a while, type, wait for text on the screen, read the screen, take a screenshot. Everything here is in
 * virtual time, so a deterministic machine gives the same result every run; a host that wants wall-clock pacing or
 * wall-clock timeouts drives it in small steps.
 */
import { parseKeyText, type KeyStroke } from "./keyboard-text.ts";
import type { Machine } from "./machine.ts";
import { screenshotPng, type ScreenshotOptions } from "./video/screenshot.ts";

/** How long a typed key is held and the gap after it: long enough for any BIOS's keyboard handler (virtual ms). */
const KEY_HOLD_MS = 20;
const KEY_GAP_MS = 20;
/** How often a wait looks at the screen (virtual ms): about 3 frames. */
export const POLL_MS = 50;

export class MachineSession {
  constructor(readonly machine: Machine) {}

  /** Virtual time in milliseconds since power-on. */
  get nowMs(): number {
    return this.machine.scheduler.now / 1e6;
  }

  runMs(ms: number): void {
    this.machine.runFor(ms * 1e6);
  }

  /** The text screen: rows joined by newlines, trailing blanks trimmed, CP437 as Unicode. */
  screenText(): string {
    return this.machine.display.screenText();
  }

  /** The current frame as a PNG file's bytes, at the mode's native resolution, or stretched to 4:3 with `aspect`. */
  screenshotPng(options: ScreenshotOptions = {}): Uint8Array {
    return screenshotPng(this.machine.display.renderFrame(), options);
  }

  /** Types `text` (escapes and {KEY} names as in keyboard-text.ts) as key presses. */
  type(text: string): void {
    for (const stroke of parseKeyText(text)) this.press(stroke);
  }

  press(stroke: KeyStroke): void {
    const machine = this.machine;
    for (const modifier of stroke.modifiers) machine.keyDown(modifier);
    machine.keyDown(stroke.key);
    this.runMs(KEY_HOLD_MS);
    machine.keyUp(stroke.key);
    for (const modifier of [...stroke.modifiers].reverse()) machine.keyUp(modifier);
    this.runMs(KEY_GAP_MS);
  }

  /** Mouse motion in counts (dx right, dy down positive) and buttons held (bit 0 left, 1 right, 2 middle). */
  mouseInput(dx: number, dy: number, buttons: number): void {
    this.machine.mouseInput(dx, dy, buttons);
  }

  /**
   * Runs until `pattern` matches the screen text or `limitMs` of virtual time pass; `shouldStop` lets a host add a
   * wall-clock limit. Returns whether it matched.
   */
  waitForText(pattern: RegExp, limitMs: number, shouldStop: () => boolean = () => false): boolean {
    const end = this.nowMs + limitMs;
    for (;;) {
      if (pattern.test(this.screenText())) return true;
      if (this.nowMs >= end || shouldStop()) return false;
      this.runMs(Math.min(POLL_MS, end - this.nowMs));
    }
  }
}
