/**
 * A graphics program of our own runs in the app with sound and mouse (issue 6): test/fixtures/app/paint.asm boots
 * on an AT in a real browser against the real web host and hypervisor, draws its palette bar in mode 13h, and
 * follows the mouse the page captures through our BIOS's INT 33h. The test drags strokes, picks another colour from
 * the bar, and checks the screen's pixels and the clicks' beeps arriving in the page's player.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { floppyFormat, floppyWithProgram } from "../support/program-runner.ts";
import { chromiumPresent, machineWithDisk, startApp, waitUntil, type App, type CanvasLike } from "./app-harness.ts";

const skip = !chromiumPresent();
/** paint.asm's layout: the palette bar's rows, its boxes' width, the canvas's first row (inside the frame). */
const BAR_HEIGHT = 16;
const BOX_WIDTH = 20;
const CANVAS_TOP = 19;
/** The pointer's cross: colour 0Fh XORed onto the black canvas, white in the default VGA palette. */
const CROSS = 0xffffff;
/** How long the program may take to show a change (the machine runs at 4.77 MHz). */
const WAIT_MS = 20_000;

interface Picture {
  readonly width: number;
  readonly height: number;
  readonly pixels: number[];
}

let app: App;
let page: Page;

before(async () => {
  if (skip) return;
  app = await startApp();
  page = await app.newPage();
});

after(async () => {
  if (!skip) await app.close();
});

async function picture(screen: Locator): Promise<Picture> {
  return screen.evaluate((element) => {
    const canvas = element as unknown as CanvasLike;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    // RGB packed in one number per pixel, so that colours compare as numbers.
    const pixels: number[] = [];
    for (let i = 0; i < data.length; i += 4) pixels.push((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return { width: canvas.width, height: canvas.height, pixels };
  });
}

/** How many canvas pixels (inside paint.asm's frame) have each colour other than black. */
function canvasColours(shot: Picture): Map<number, number> {
  const counts = new Map<number, number>();
  for (let y = CANVAS_TOP; y < shot.height - 1; y++) {
    for (let x = 1; x < shot.width - 1; x++) {
      const colour = shot.pixels[y * shot.width + x];
      if (colour !== 0) counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
  }
  return counts;
}

/** The colour of palette box `box` (its middle pixel, away from the pointer's cross). */
function boxColour(shot: Picture, box: number): number {
  return shot.pixels[4 * shot.width + box * BOX_WIDTH + BOX_WIDTH / 2];
}

test("paint: strokes follow the mouse, the palette picks colours, clicks beep", { skip }, async () => {
  const image = join(app.folder, "paint.img");
  const program = new Uint8Array(readFileSync(new URL("../fixtures/app/paint.bin", import.meta.url)));
  writeFileSync(image, floppyWithProgram(program, floppyFormat("1.44M")));

  const view = await machineWithDisk(page, "Paint PC", image, { type: "at" });
  await view.getByTestId("start").click();

  // Mode 13h at its native 320x200, the bar drawn in 16 different colours, the canvas empty.
  const screen = view.getByTestId("screen");
  let shot: Picture = { width: 0, height: 0, pixels: [] };
  await waitUntil(
    async () => {
      shot = await picture(screen);
      if (shot.width !== 320 || shot.height !== 200) return false;
      return new Set(Array.from({ length: 16 }, (_, box) => boxColour(shot, box))).size === 16;
    },
    () => `the palette bar did not show (screen ${shot.width}x${shot.height})`,
    WAIT_MS,
  );
  // The program draws the cross just after the bar and frame: the canvas holds it, or nothing yet.
  const before = [...canvasColours(shot).keys()];
  assert.ok(
    before.every((colour) => colour === CROSS),
    `only the pointer's cross is on the canvas (${before.map((c) => c.toString(16))})`,
  );
  const firstColour = boxColour(shot, 0);

  // Capture the mouse (that click is not the guest's), then a stroke from the pointer's start (the middle).
  const area = (await screen.boundingBox())!;
  const x = area.x + area.width / 2;
  const y = area.y + area.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.click(x, y);
  const box = view.getByTestId("screen-box");
  await box.and(page.locator("[data-mouse=locked], [data-mouse=pointer]")).waitFor();
  const sound = view.getByTestId("sound");
  const samplesBefore = Number((await sound.getAttribute("data-samples")) ?? 0);

  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(x + step * 12, y + step * 6);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
  await waitUntil(
    async () => (canvasColours((shot = await picture(screen))).get(firstColour) ?? 0) > 40,
    () => `no stroke in box 0's colour: canvas colours ${JSON.stringify([...canvasColours(shot)])}`,
    WAIT_MS,
  );

  // Up into the bar (the driver clamps at the top row), pick the box under the pointer, and paint with it.
  for (let step = 1; step <= 20; step++) {
    await page.mouse.move(x + 60, y + 30 - step * 50);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(200);
  await page.mouse.down();
  await page.waitForTimeout(100);
  await page.mouse.up();
  for (let step = 1; step <= 5; step++) {
    await page.mouse.move(x + 60, y - 970 + step * 40);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(200);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(x + 60 - step * 12, y - 770);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();

  await waitUntil(
    async () => {
      shot = await picture(screen);
      const colours = canvasColours(shot);
      const bar = new Set(Array.from({ length: 16 }, (_, box) => boxColour(shot, box)));
      return [...colours].some(
        ([colour, count]) => colour !== firstColour && colour !== CROSS && bar.has(colour) && count > 40,
      );
    },
    () => `no stroke in a second colour of the bar: canvas colours ${JSON.stringify([...canvasColours(shot)])}`,
    WAIT_MS,
  );
  assert.ok(
    shot.pixels.slice(0, BAR_HEIGHT * shot.width).every((colour) => colour !== 0),
    "the bar is intact",
  );

  // Each click beeped: the speaker's samples reached the page's player, loud ones among them.
  await waitUntil(
    async () => Number(await sound.getAttribute("data-samples")) > samplesBefore,
    () => "no sound arrived after the clicks",
    WAIT_MS,
  );
  await waitUntil(
    async () => Number(await sound.getAttribute("data-peak")) > 0.1,
    () => `the beeps were silent (peak ${String(sound.getAttribute("data-peak"))})`,
    WAIT_MS,
  );

  // Right button: the canvas is cleared.
  await page.mouse.down({ button: "right" });
  await page.mouse.move(x - 118, y - 770);
  await page.mouse.move(x - 120, y - 770);
  await page.mouse.up({ button: "right" });
  await waitUntil(
    async () => [...canvasColours((shot = await picture(screen))).keys()].every((colour) => colour === CROSS),
    () => `the canvas was not cleared: ${JSON.stringify([...canvasColours(shot)])}`,
    WAIT_MS,
  );
  await page.keyboard.press("Control+F10");
});
