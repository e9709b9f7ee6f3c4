/**
 * Sound, drive lights and the mouse in the app, in a real browser against the real web host and hypervisor: the A:
 * light reads while FreeDOS boots, the speaker program's tones arrive in the page's player, and a click on the
 * screen captures the mouse, whose motion and buttons reach the machine's VM (the hypervisor's `mouseInput`, seen
 * through a recording wrapper in this process).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { floppyFormat, floppyWithProgram } from "../support/program-runner.ts";
import { testData } from "../support/testdata.ts";
import { chromiumPresent, machineWithDisk, startApp, waitUntil, type App } from "./app-harness.ts";

const FLOPPY_144 = testData("images/freedos/freedos.boot.disk.1.4MB.img");
const skip = !chromiumPresent() || !FLOPPY_144;
const BOOT_MS = 90_000;

let app: App;
let page: Page;
const mouseCalls: number[][] = [];

before(async () => {
  if (skip) return;
  app = await startApp();
  const hypervisor = app.host.service.hypervisor;
  const mouseInput = hypervisor.mouseInput.bind(hypervisor);
  hypervisor.mouseInput = (id, dx, dy, buttons) => {
    mouseCalls.push([dx, dy, buttons]);
    return mouseInput(id, dx, dy, buttons);
  };
  page = await app.newPage();
});

after(async () => {
  if (!skip) await app.close();
});

afterEach(async () => {
  // A test that failed with the mouse captured must not leave the pointer locked for the next one.
  if (!skip) await page.keyboard.press("Control+F10").catch(() => undefined);
});

/** An AT with `image` in A:, at maximum speed unless told otherwise; its view, not yet started. */
function startMachine(name: string, image: string, options: { speed?: "max" | "4.77" } = {}): Promise<Locator> {
  return machineWithDisk(page, name, image, { type: "at", speed: options.speed ?? "max" });
}

/** Records every data-state the element takes from now on, however briefly. */
async function recordStates(target: Locator): Promise<() => Promise<string[]>> {
  const key = `states${Math.random().toString(36).slice(2)}`;
  // This test compiles without the DOM's types: the page's globals are reached through globalThis.
  await target.evaluate((element: { getAttribute(name: string): string | null }, name: string) => {
    const page = globalThis as unknown as Record<string, unknown> & {
      MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
    };
    const seen: (string | null)[] = [];
    page[name] = seen;
    new page.MutationObserver(() => seen.push(element.getAttribute("data-state"))).observe(element, {
      attributes: true,
      attributeFilter: ["data-state"],
    });
  }, key);
  return () => page.evaluate((name) => (globalThis as unknown as Record<string, string[]>)[name], key);
}

test("the A: light goes to read while FreeDOS boots, then back to idle", { skip }, async () => {
  const view = await startMachine("Lights PC", FLOPPY_144!);
  const light = view.getByTestId("light-a");
  assert.equal(await light.getAttribute("data-state"), "idle");
  assert.equal(await view.getByTestId("light-c").getAttribute("data-state"), "idle", "an AT shows C: too");
  const states = await recordStates(light);
  await view.getByTestId("start").click();
  await view.getByTestId("text-view-toggle").click();
  await view.getByTestId("screen-text").filter({ hasText: /A:\\>/ }).waitFor({ timeout: BOOT_MS });
  await light.and(page.locator("[data-state=idle]")).waitFor({ timeout: 5000 });
  const seen = await states();
  assert.ok(seen.includes("read"), `the light read during the boot (states: ${seen.join(" ")})`);
});

test("a click captures the mouse; motion and buttons reach the VM; Ctrl+F10 releases it", { skip }, async () => {
  const view = page.locator(`[data-testid^=machine-view-][aria-label="Lights PC"]`);
  const screen = view.getByTestId("screen");
  const box = view.getByTestId("screen-box");
  assert.equal(await box.getAttribute("data-mouse"), "off");
  const area = (await screen.boundingBox())!;
  const x = area.x + area.width / 2;
  const y = area.y + area.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.up();
  await box.and(page.locator("[data-mouse=locked], [data-mouse=pointer]")).waitFor();
  await view.getByTestId("mouse-hint").filter({ hasText: "Ctrl+F10" }).waitFor();
  await page.waitForTimeout(200);
  assert.equal(mouseCalls.length, 0, "the capturing click is not the guest's");

  for (let step = 1; step <= 10; step++) await page.mouse.move(x + step * 8, y + step * 4);
  await page.mouse.down();
  await page.mouse.move(x + 100, y + 60);
  await page.mouse.up();
  await waitUntil(() => mouseCalls.at(-1)?.[2] === 0, "the left button was let go");
  // A right-drag: headless Chromium under Pointer Lock sometimes loses a bare right press, which the next motion's
  // `buttons` puts right.
  await page.mouse.down({ button: "right" });
  await page.mouse.move(x + 102, y + 60);
  await page.mouse.move(x + 100, y + 60);
  await page.mouse.up({ button: "right" });
  let mode: string | null = null;
  await waitUntil(
    async () => {
      mode = await box.getAttribute("data-mouse");
      return mouseCalls.some(([, , buttons]) => buttons === 2);
    },
    () => `the right button reached the VM (capture ${mode}; calls: ${JSON.stringify(mouseCalls)})`,
  );
  await waitUntil(() => mouseCalls.at(-1)?.[2] === 0, "the right button was let go");
  const [dx, dy] = mouseCalls.reduce(([sx, sy], [cx, cy]) => [sx + cx, sy + cy], [0, 0]);
  // 100 x 60 CSS pixels over the canvas as shown: counts in monitor dots (720x400 text), right and down.
  const shown = (await screen.boundingBox())!;
  const [expectX, expectY] = [(100 * 720) / shown.width, (60 * 400) / shown.height];
  assert.ok(Math.abs(dx - expectX) <= 3, `dx ${dx} for 100 px, expected ${expectX}`);
  assert.ok(Math.abs(dy - expectY) <= 3, `dy ${dy} for 60 px, expected ${expectY}`);
  assert.ok(
    mouseCalls.some(([, , buttons]) => buttons === 1),
    "the left button reached the VM",
  );

  await page.keyboard.press("Control+F10");
  await box.and(page.locator("[data-mouse=off]")).waitFor();
  const count = mouseCalls.length;
  await page.mouse.move(x, y);
  await page.waitForTimeout(200);
  assert.equal(mouseCalls.length, count, "a released mouse sends nothing");
});

test("the speaker program's tones arrive in the page's player", { skip }, async () => {
  const program = new Uint8Array(readFileSync(new URL("../fixtures/sound/speaker.bin", import.meta.url)));
  const image = join(app.folder, "speaker.img");
  writeFileSync(image, floppyWithProgram(program, floppyFormat("1.44M")));
  const view = await startMachine("Sound PC", image, { speed: "4.77" });
  const sound = view.getByTestId("sound");
  assert.equal(await sound.getAttribute("data-samples"), null, "nothing before it runs");
  await view.getByTestId("start").click();
  // The tones take 1.5 s of machine time at real speed; a click is the user gesture browsers want for sound.
  await view.getByTestId("status-bar").click();
  await waitUntil(
    async () => Number(await sound.getAttribute("data-peak")) > 0.1,
    () => "a loud sample arrived (the square wave peaks near ±0.27)",
    15_000,
  );
  // The program's three tones and gaps take 1.5 s: at 48 kHz, at least a second of samples arrives.
  await waitUntil(async () => Number(await sound.getAttribute("data-samples")) > 48_000, "a second of sound arrived");
  assert.notEqual(await sound.getAttribute("data-state"), "unavailable");

  // Muting keeps the stream (counts go on) and shows the state; another tab in front stops this one's stream.
  await view.getByTestId("sound-mute").click();
  assert.equal(await sound.getAttribute("data-state"), "muted");
  await view.getByTestId("sound-mute").click();
  await page.getByRole("tab", { name: "Lights PC" }).click();
  await view.waitFor({ state: "detached" });
});
