import { test } from "node:test";
import assert from "node:assert/strict";
import { aspectCorrect, aspectSize } from "../../emulator/video/aspect.ts";
import { CRT_ASPECT, FrameBuffer, type VideoFrame } from "../../emulator/video/frame.ts";

/** A frame whose pixel (x, y) has red = x, green = y, blue = x + y (all mod 256). */
function gradient(width: number, height: number): FrameBuffer {
  const frame = new FrameBuffer();
  frame.resize(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      frame.words[y * width + x] = ((0xff << 24) | (((x + y) & 255) << 16) | ((y & 255) << 8) | (x & 255)) >>> 0;
  }
  return frame;
}

const channel = (frame: VideoFrame, x: number, y: number, c: number): number =>
  frame.pixels[(y * frame.width + x) * 4 + c];

test("aspect sizes stretch one axis to 4:3 and never shrink", () => {
  const sizes: [number, number, number, number][] = [
    [320, 200, 320, 240],
    [640, 200, 640, 480],
    [640, 350, 640, 480],
    [720, 400, 720, 540],
    [640, 480, 640, 480],
    [360, 400, 533, 400],
  ];
  for (const [width, height, outWidth, outHeight] of sizes) {
    assert.deepEqual(aspectSize(gradient(width, height)), { width: outWidth, height: outHeight }, `${width}x${height}`);
  }
  assert.deepEqual(new FrameBuffer().displayAspect, CRT_ASPECT);
});

test("a 4:3 frame is returned as it is; a whole-number stretch repeats lines exactly", () => {
  const square = gradient(640, 480);
  assert.equal(aspectCorrect(square), square);
  const frame = gradient(320, 120);
  const out = aspectCorrect(frame);
  assert.equal(`${out.width}x${out.height}`, "320x240");
  for (let y = 0; y < 240; y++) {
    for (const x of [0, 17, 319]) {
      for (let c = 0; c < 4; c++) assert.equal(channel(out, x, y, c), channel(frame, x, y >> 1, c), `(${x},${y})`);
    }
  }
});

test("320x200 to 320x240 averages the source lines each output line covers, weighted by cover", () => {
  const frame = gradient(320, 200);
  const out = aspectCorrect(frame);
  assert.equal(`${out.width}x${out.height}`, "320x240");
  // Output line i covers source lines [i * 5/6, (i + 1) * 5/6): line 0 lies in source line 0, line 1 covers 1/6 of
  // line 0 and 4/6 of line 1 (green = y: (0 * 1 + 1 * 4) / 5 = 0.8, rounded to 1), line 5 lies in source line 4.
  assert.equal(channel(out, 3, 0, 1), 0);
  assert.equal(channel(out, 3, 1, 1), 1);
  assert.equal(channel(out, 3, 2, 1), 2, "line 2 covers 2/6 of line 1 and 3/6 of line 2: 1.6 rounds to 2");
  assert.equal(channel(out, 3, 5, 1), 4);
  assert.equal(channel(out, 3, 239, 1), 199);
  assert.equal(channel(out, 3, 1, 0), 3, "red (x) is the same along the column");
  assert.equal(channel(out, 3, 100, 3), 255, "opaque");
});

test("a tall frame stretches across: 360x400 to 533x400, the first and last columns kept", () => {
  const frame = gradient(360, 400);
  const out = aspectCorrect(frame);
  assert.equal(`${out.width}x${out.height}`, "533x400");
  for (const y of [0, 7, 399]) {
    assert.equal(channel(out, 0, y, 0), 0);
    assert.equal(channel(out, 532, y, 0), 359 & 255);
    assert.equal(channel(out, 200, y, 1), y & 255, "green (y) is the same along the row");
  }
});
