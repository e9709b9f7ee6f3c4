/**
 * The app in a real browser against the real web host and hypervisor: a user's path through the UI, checked only
 * through what the page shows (data-testid elements, the canvas, downloads).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { testData } from "../support/testdata.ts";
import { chromiumPresent, startApp, type App, type CanvasLike } from "./app-harness.ts";

const FLOPPY_144 = testData("images/freedos/freedos.boot.disk.1.4MB.img");
const skip = !chromiumPresent() || !FLOPPY_144;
const BOOT_MS = 90_000;

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

/**
 * Creates a machine through the form (at maximum speed, so the tests are not paced to 4.77 MHz, no mouse, and a VGA,
 * whose 720x400 text the screenshot test expects, whatever the type's default); its view.
 */
async function createMachine(name: string): Promise<Locator> {
  await page.getByTestId("new-machine").click();
  await page.getByTestId("machine-name").fill(name);
  await page.getByTestId("machine-speed").selectOption("max");
  // These tests click the screen to type; with a mouse that click would capture it (app-web-devices.test.ts).
  await page.getByTestId("machine-mouse").selectOption("none");
  await page.getByTestId("machine-video").selectOption("vga");
  await page.getByTestId("machine-save").click();
  await page.getByTestId("machine-form").waitFor({ state: "detached" });
  const view = page.locator("[data-testid^=machine-view-]").filter({ has: page.getByText(name, { exact: false }) });
  const tab = page.getByRole("tab", { name });
  await tab.waitFor();
  await tab.click();
  return page.locator(`[data-testid^=machine-view-][aria-label="${name}"]`).or(view).first();
}

async function chooseFile(view: Locator, drive: "a" | "b", path: string): Promise<void> {
  const chooser = page.waitForEvent("filechooser");
  await view.getByTestId(`drive-${drive}-insert`).click();
  await (await chooser).setFiles(path);
}

/** Drops `path` on `target` as a file dragged from the desktop would arrive. */
async function dropFile(target: Locator, path: string, name: string): Promise<void> {
  const base64 = readFileSync(path).toString("base64");
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(name)}));
    return transfer;
  })()`);
  await target.dispatchEvent("dragover", { dataTransfer });
  await target.dispatchEvent("drop", { dataTransfer });
}

async function waitForScreenText(view: Locator, pattern: RegExp, timeout = BOOT_MS): Promise<string> {
  const text = view.getByTestId("screen-text");
  try {
    await text.filter({ hasText: pattern }).waitFor({ timeout });
  } catch (error) {
    const screen = (await text.textContent().catch(() => null)) ?? "(no text view)";
    const state = await view
      .getByTestId("status-state")
      .textContent()
      .catch(() => "?");
    throw new Error(`${pattern} did not appear; the machine is ${state}; the screen shows:\n${screen}`, {
      cause: error,
    });
  }
  return (await text.textContent()) ?? "";
}

async function typeAtScreen(view: Locator, text: string): Promise<void> {
  await view.getByTestId("screen").click();
  await page.keyboard.type(text, { delay: 40 });
}

test(
  "create a machine, insert FreeDOS through the file chooser, boot to A:\\> and list the diskette",
  { skip },
  async () => {
    await page.getByTestId("machine-list-empty").waitFor();
    const view = await createMachine("Chooser PC");
    await chooseFile(view, "a", FLOPPY_144!);
    await view.getByTestId("drive-a-media").filter({ hasText: "freedos.boot.disk.1.4MB.img" }).waitFor();
    await view.getByTestId("status-video").filter({ hasText: "VGA" }).waitFor();
    await view.getByTestId("start").click();
    await view.getByTestId("text-view-toggle").click();
    await waitForScreenText(view, /A:\\>/);
    await typeAtScreen(view, "dir\n");
    const listing = await waitForScreenText(view, /bytes free/, 30_000);
    assert.match(listing, /Volume in drive A is FREEDOS/);
    assert.match(listing, /KERNEL\s+SYS/);
    assert.match(listing, /COMMAND\s+COM/);
    assert.match(listing, /5 file\(s\)/);
    await page.getByTestId("machine-list").getByText("Chooser PC").waitFor();
  },
);

test("the screenshot is a PNG of the text screen and the canvas shows the same picture", { skip }, async () => {
  const view = page.locator("[data-testid^=machine-view-]").first();
  const download = page.waitForEvent("download");
  await view.getByTestId("screenshot").click();
  const file = await (await download).path();
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 720, "PNG width: 720-dot text mode");
  assert.equal(png.readUInt32BE(20), 400, "PNG height: 400 lines");
  // The canvas: black background, light gray text (VGA attribute 07h, DAC colour AAAAAAh) where DOS wrote.
  const pixels = await view.getByTestId("screen").evaluate((element) => {
    const canvas = element as unknown as CanvasLike;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let black = 0;
    let gray = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 0) black++;
      else if (data[i] === 0xaa && data[i + 1] === 0xaa && data[i + 2] === 0xaa) gray++;
    }
    return { width: canvas.width, height: canvas.height, black, gray };
  });
  assert.equal(pixels.width, 720);
  assert.equal(pixels.height, 400);
  assert.ok(pixels.black > pixels.width * pixels.height * 0.8, `mostly black (${pixels.black})`);
  assert.ok(pixels.gray > 2000, `text in light gray (${pixels.gray} pixels)`);
});

test("pause stops the machine and resume runs it again", { skip }, async () => {
  const view = page.locator("[data-testid^=machine-view-]").first();
  await view.getByTestId("pause").click();
  await view.getByTestId("status-state").filter({ hasText: "Paused" }).waitFor();
  await view.getByTestId("screen").click();
  await page.keyboard.type("ver\n", { delay: 40 });
  await page.waitForTimeout(1000);
  assert.doesNotMatch(
    (await view.getByTestId("screen-text").textContent()) ?? "",
    /FreeCom/i,
    "no typing while paused",
  );
  await view.getByTestId("resume").click();
  await view.getByTestId("status-state").filter({ hasText: "Running" }).waitFor();
  await waitForScreenText(view, /FreeCom/i, 30_000);
});

test("swapping the diskette in A: makes DOS read the new one", { skip }, async () => {
  // A second diskette: the same FreeDOS disk with another volume serial number (BPB offset 27h, little-endian), so
  // only a DOS that noticed the swap through the drive's change line shows the new number.
  const bytes = readFileSync(FLOPPY_144!);
  bytes.writeUInt32LE(0x12345678, 0x27);
  const second = join(app.folder, "second.img");
  writeFileSync(second, bytes);
  const view = page.locator("[data-testid^=machine-view-]").first();
  await chooseFile(view, "a", second);
  await view.getByTestId("drive-a-media").filter({ hasText: "second.img" }).waitFor();
  await typeAtScreen(view, "cls\n");
  await view
    .getByTestId("screen-text")
    .filter({ hasNotText: /bytes free/ })
    .waitFor();
  await page.keyboard.type("dir\n", { delay: 40 });
  const listing = await waitForScreenText(view, /bytes free/, 30_000);
  assert.match(listing, /Volume Serial Number is 1234-5678/);
});

test("a second machine boots from a dropped image, side by side with the first", { skip }, async () => {
  const view = await createMachine("Dropped PC");
  await dropFile(view.getByTestId("screen"), FLOPPY_144!, "dropped.img");
  await view.getByTestId("drive-a-media").filter({ hasText: "dropped.img" }).waitFor();
  await view.getByTestId("start").click();
  await page.getByTestId("side-by-side").click();
  const views = page.locator("[data-testid^=machine-view-]");
  assert.equal(await views.count(), 2);
  const second = views.nth(1);
  await second.getByTestId("text-view-toggle").click();
  await waitForScreenText(second, /A:\\>/);
  for (const each of [views.nth(0), second]) {
    await each.getByTestId("status-state").filter({ hasText: "Running" }).waitFor();
  }
  const boxes = await Promise.all([views.nth(0), second].map((each) => each.getByTestId("screen").boundingBox()));
  assert.ok(boxes[0] && boxes[1] && boxes[0].x + boxes[0].width <= boxes[1].x, "the screens stand side by side");
});

test("a malformed image is refused with a message saying why and what to do", { skip }, async () => {
  const second = page.locator("[data-testid^=machine-view-]").nth(1);
  const chooser = page.waitForEvent("filechooser");
  await second.getByTestId("drive-b-insert").click();
  await (
    await chooser
  ).setFiles({ name: "broken.img", mimeType: "application/octet-stream", buffer: Buffer.alloc(1000, 0xe5) });
  const message = second.getByTestId("problem-message");
  await message.waitFor();
  assert.match((await message.textContent()) ?? "", /broken\.img is not a disk image Realmode can use: 1000 bytes/);
  assert.match((await second.getByTestId("problem-hint").textContent()) ?? "", /raw diskette image/);
  assert.equal(await second.getByTestId("drive-b-media").textContent(), "empty");
});
