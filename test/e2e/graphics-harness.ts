/**
 * Runs a graphics test program (test/fixtures/graphics/NAME.bin, a boot sector plus sectors as in
 * test/fixtures/programs/boot.inc) on a machine with a VGA (and our VGA BIOS) or a CGA (no video ROM), stage by
 * stage: the program reports `STAGE <name>` on COM1 and waits for a key; `stage(name)` runs to it and returns the
 * frame, `next()` presses the key. Frames are compared with pictures the tests compute from each pattern's
 * definition, in the mode's own pixels: frames come at the mode's native resolution.
 */
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { Machine, type MachineProfile, type VideoAdapterKind } from "../../emulator/machine.ts";
import { MachineSession } from "../../emulator/session.ts";
import type { VideoFrame } from "../../emulator/video/frame.ts";
import { loadRom, loadVideoRom } from "../../main/rom-file.ts";
import { floppyFormat, floppyWithProgram, PROGRAM_EPOCH_MS } from "../support/program-runner.ts";

/** The 16 RGBI colours as 6-bit DAC components (the CGA's colours; the VGA's default 16-colour palettes). */
export const RGBI_6BIT: readonly (readonly [number, number, number])[] = Array.from({ length: 16 }, (_, c) => {
  const i = c & 8 ? 21 : 0;
  return [(c & 4 ? 42 : 0) + i, c === 6 ? 21 : (c & 2 ? 42 : 0) + i, (c & 1 ? 42 : 0) + i] as const;
});

/** An 8-bit RGB colour from 6-bit DAC components, as "rrggbb". */
export function hex6(rgb: readonly [number, number, number]): string {
  return rgb.map((v) => ((v << 2) | (v >> 4)).toString(16).padStart(2, "0")).join("");
}

export const RGBI_HEX: readonly string[] = RGBI_6BIT.map(hex6);

/** The picture a test expects: a colour ("rrggbb") for every pixel of a width x height mode. */
export type Picture = (x: number, y: number) => string;

/** The frame's pixel (x, y) as "rrggbb". */
export function framePixel(frame: VideoFrame, x: number, y: number): string {
  const at = (y * frame.width + x) * 4;
  return [0, 1, 2].map((i) => frame.pixels[at + i].toString(16).padStart(2, "0")).join("");
}

/**
 * Compares a frame with a picture of width x height mode pixels; the frame must be that size. Fails with the first
 * differing pixels and the number of differences.
 */
export function assertPicture(
  frame: VideoFrame,
  width: number,
  height: number,
  expected: Picture,
  label: string,
): void {
  assert.equal(`${frame.width}x${frame.height}`, `${width}x${height}`, `${label}: frame size`);
  const wrong: string[] = [];
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const actual = framePixel(frame, x, y);
      const want = expected(x, y);
      if (actual !== want) {
        if (wrong.length < 8) wrong.push(`(${x},${y}) ${actual} not ${want}`);
        count++;
      }
    }
  }
  assert.equal(count, 0, `${label}: ${count} pixels differ, first: ${wrong.join("; ")}`);
}

export class GraphicsRun {
  readonly machine: Machine;
  readonly session: MachineSession;
  readonly lines: string[] = [];
  private partial = "";

  constructor(name: string, profile: MachineProfile, video: VideoAdapterKind) {
    const program = new Uint8Array(readFileSync(new URL(`../fixtures/graphics/${name}.bin`, import.meta.url)));
    const floppy = floppyWithProgram(program, floppyFormat("1.44M"));
    const image = DiskImage.open("graphics.img", new MemoryBlockStore(floppy), "floppy", "read-write");
    this.machine = new Machine({
      profile,
      rom: loadRom(undefined, { machine: profile, bootOrder: ["a"], floppyDrives: ["1.44M"], hardDisks: 0 }),
      videoRom: video === "vga" ? loadVideoRom() : undefined,
      video,
      floppyDrives: [{ slot: new DriveSlot(image), type: "1.44M" }],
      rtcTime: { kind: "fixed", startEpochMs: PROGRAM_EPOCH_MS },
    });
    this.machine.com1.onTransmit = (byte) => {
      if (byte === 0x0a) {
        this.lines.push(this.partial.replace(/\r$/, ""));
        this.partial = "";
      } else {
        this.partial += String.fromCharCode(byte);
      }
    };
    this.session = new MachineSession(this.machine);
  }

  /** Runs until the program reports STAGE `name` (it then waits for a key) and returns the frame. */
  stage(name: string, limitMs = 5_000): VideoFrame {
    const end = this.session.nowMs + limitMs;
    while (!this.lines.includes(`STAGE ${name}`)) {
      if (this.session.nowMs >= end) {
        throw new Error(`no STAGE ${name} within ${limitMs} ms; COM1 said:\n${this.lines.join("\n")}${this.partial}`);
      }
      this.session.runMs(10);
    }
    return this.machine.display.renderFrame();
  }

  /** Presses the key the program waits for after a stage. */
  next(): void {
    this.session.type(" ");
  }

  /** The rest of the last line that starts with `label` and a space. */
  value(label: string): string {
    const line = [...this.lines].reverse().find((l) => l.startsWith(label + " "));
    if (line === undefined) throw new Error(`no line "${label} …" in:\n${this.lines.join("\n")}`);
    return line.slice(label.length + 1);
  }
}
