/**
 * INT 10h text output (issue 3: "VGA text attributes and cursor"): test/fixtures/programs/video.asm sets mode 3,
 * writes with AH=09h and teletype, places and shapes the cursor and scrolls a window; the test reads the screen
 * text and the rendered frame's pixels: attribute colours and the cursor's cell and lines.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { VideoFrame } from "../../emulator/video/frame.ts";
import { runProgram, type ProgramRun } from "../support/program-runner.ts";

/** The VGA's default text palette through the default DAC (IBM VGA Technical Reference): the CGA colours. */
const BLACK = "000000";
const BLUE = "0000aa";
const RED = "aa0000";
const LIGHT_GREY = "aaaaaa";
const YELLOW = "ffff55";
const WHITE = "ffffff";

const CELL_WIDTH = 9;
const CELL_HEIGHT = 16;

function pixel(frame: VideoFrame, x: number, y: number): string {
  const at = (y * frame.width + x) * 4;
  return [0, 1, 2].map((i) => frame.pixels[at + i].toString(16).padStart(2, "0")).join("");
}

/** The colours in one character cell, line by line: a Set per line. */
function cellColours(frame: VideoFrame, row: number, column: number): Set<string>[] {
  const lines: Set<string>[] = [];
  for (let line = 0; line < CELL_HEIGHT; line++) {
    const colours = new Set<string>();
    for (let dot = 0; dot < CELL_WIDTH; dot++) {
      colours.add(pixel(frame, column * CELL_WIDTH + dot, row * CELL_HEIGHT + line));
    }
    lines.push(colours);
  }
  return lines;
}

function allColours(lines: Set<string>[]): string[] {
  return [...new Set(lines.flatMap((line) => [...line]))].sort();
}

/** Renders frames 40 ms apart over a second (the cursor blinks every 16 frames) and keeps one cell's lines. */
function cellOverTime(run: ProgramRun, row: number, column: number): Set<string>[][] {
  const samples: Set<string>[][] = [];
  for (let i = 0; i < 25; i++) {
    run.session.runMs(40);
    samples.push(cellColours(run.machine.vga.renderFrame(), row, column));
  }
  return samples;
}

for (const profile of ["xt", "at"] as const) {
  test(`INT 10h text mode: characters, attributes, teletype, scroll and cursor (${profile})`, () => {
    const run = runProgram("video", profile, 5_000);
    assert.equal(run.value("MODE"), "03 COLS 50 PAGE 00");
    // AH=01h CX=0607h reads back as given (40:60), though the CRTC gets it stretched to the 16-line cell.
    assert.equal(run.value("CURSOR"), "05 0A SHAPE 0607");
    assert.equal(run.value("READ"), "1E41");
    assert.equal(run.value("TTY CURSOR"), "02 02");
    assert.equal(run.value("SCROLL"), "074C 074C 4F20");

    const rows = run.session.screenText().split("\n");
    assert.equal(rows[0], "AAA       B");
    assert.equal(rows[2], "Hi");
    assert.equal(rows[10], "LINE 11");
    assert.equal(rows[11], "LINE 12");
    assert.equal(rows[12].trim(), "");

    const frame = run.machine.vga.renderFrame();
    assert.equal(frame.width, 720);
    assert.equal(frame.height, 400);
    // 'A' in 1Eh: yellow dots on blue, both present in the cell; the fourth cell is back to black.
    assert.deepEqual(allColours(cellColours(frame, 0, 0)), [BLUE, YELLOW].sort());
    assert.deepEqual(allColours(cellColours(frame, 0, 3)), [BLACK]);
    // "Hi" by teletype keeps the cell's attribute 07h: light grey on black.
    assert.deepEqual(allColours(cellColours(frame, 2, 0)), [BLACK, LIGHT_GREY].sort());
    // The line the scroll opened: blank in 4Fh (white on red) inside the window (columns 0-39), untouched after.
    assert.deepEqual(allColours(cellColours(frame, 12, 0)), [RED]);
    assert.deepEqual(allColours(cellColours(frame, 12, 39)), [RED]);
    assert.deepEqual(allColours(cellColours(frame, 12, 40)), [BLACK]);
    assert.ok(!allColours(cellColours(frame, 12, 0)).includes(WHITE), "a blank shows no foreground");

    // The cursor, row 20 column 40: lines 13-14 of the cell in the foreground colour when shown, nothing else;
    // it blinks, so some frames show it and some do not.
    const samples = cellOverTime(run, 20, 40);
    const shown = samples.filter((lines) => allColours(lines).includes(LIGHT_GREY));
    assert.ok(shown.length > 0 && shown.length < samples.length, `cursor shown in ${shown.length} of 25 frames`);
    for (const lines of shown) {
      const cursorLines = lines.flatMap((colours, line) => (colours.has(LIGHT_GREY) ? [line] : []));
      assert.deepEqual(cursorLines, [13, 14]);
      assert.ok(lines[13].size === 1 && lines[14].size === 1, "the cursor covers the whole cell width");
    }
    // Attribute 8Eh with blinking on (attribute mode control bit 3, as the BIOS sets it): the yellow 'B' shows in
    // some frames and not in others; its background stays black.
    const blinking = cellOverTime(run, 0, 10).map(allColours);
    const lit = blinking.filter((colours) => colours.includes(YELLOW));
    assert.ok(lit.length > 0 && lit.length < blinking.length, `blinking character shown in ${lit.length} of 25`);
    for (const colours of blinking)
      assert.ok(
        colours.every((c) => c === YELLOW || c === BLACK),
        colours.join(),
      );
    // No other cell of row 20 shows the cursor.
    assert.deepEqual(allColours(cellColours(run.machine.vga.renderFrame(), 20, 39)), [BLACK]);
  });
}
