/**
 * Saved states in a real browser against the real web host and hypervisor: save while FreeDOS runs, restore into
 * the running machine and into one that is off, delete, a damaged state file refused while the machine carries
 * on, and a diskette written after the save: the restored machine gets it as it was, the user's image keeps the
 * write. Checked through what the page shows (the text view, the States panel, the problem and notice banners) and the files.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { FatVolume } from "../support/fat/fat-volume.ts";
import { testData } from "../support/testdata.ts";
import { chromiumPresent, machineWithDisk, startApp, type App } from "./app-harness.ts";

const FLOPPY_144 = testData("images/freedos/freedos.boot.disk.1.4MB.img");
const skip = !chromiumPresent() || !FLOPPY_144;
const BOOT_MS = 90_000;

let app: App;
let page: Page;
let view: Locator;
let machineId: string;

before(async () => {
  if (skip) return;
  app = await startApp();
  page = await app.newPage();
});

after(async () => {
  if (!skip) await app.close();
});

async function screenText(): Promise<string> {
  return (await view.getByTestId("screen-text").textContent()) ?? "";
}

async function waitForScreenText(pattern: RegExp, timeout = 30_000): Promise<string> {
  try {
    await view.getByTestId("screen-text").filter({ hasText: pattern }).waitFor({ timeout });
  } catch (error) {
    const state = await view.getByTestId("status-state").textContent();
    throw new Error(`${pattern} did not appear; the machine is ${state}; the screen shows:\n${await screenText()}`, {
      cause: error,
    });
  }
  return screenText();
}

async function typeAtScreen(text: string): Promise<void> {
  await view.getByTestId("screen").click();
  await page.keyboard.type(text, { delay: 40 });
}

async function running(): Promise<void> {
  await view.getByTestId("status-state").filter({ hasText: "Running" }).waitFor();
}

test("boot FreeDOS and save a state while it runs", { skip }, async () => {
  view = await machineWithDisk(page, "States PC", FLOPPY_144!, { speed: "max", mouse: "none" });
  machineId = ((await view.getAttribute("data-testid")) ?? "").replace("machine-view-", "");
  await view.getByTestId("start").click();
  await view.getByTestId("text-view-toggle").click();
  await waitForScreenText(/A:\\>/, BOOT_MS);

  await view.getByTestId("states").click();
  await view.getByTestId("states-empty").waitFor();
  await typeAtScreen("echo before\n");
  await waitForScreenText(/^before$/m);
  await view.getByTestId("save-state").click();
  await view.getByTestId("state-0").waitFor();
  assert.equal(await view.getByTestId("state-1").count(), 0);
  assert.match(
    (await view.getByTestId("state-label-0").textContent()) ?? "",
    /^\d\d:\d\d:\d\d — A: freedos\.boot\.disk\.1\.4MB\.img$/,
  );
  assert.match((await view.getByTestId("state-time-0").textContent()) ?? "", /^Today, /);
  const thumbnail = await view.locator(".state-thumb").first().getAttribute("src");
  assert.match(thumbnail ?? "", /^data:image\/png;base64,/);
  assert.equal(await view.getByTestId("states").textContent(), "States (1)");
  await running();
});

test("restoring into the running machine brings back the saved screen, and it answers typing", { skip }, async () => {
  await typeAtScreen("cls\n");
  await view
    .getByTestId("screen-text")
    .filter({ hasNotText: /before/ })
    .waitFor();
  await page.keyboard.type("echo after\n", { delay: 40 });
  await waitForScreenText(/^after$/m);
  await view.getByTestId("state-restore-0").click();
  await view.getByTestId("screen-text").filter({ hasNotText: /after/ }).waitFor();
  const restored = await waitForScreenText(/^before$/m);
  assert.doesNotMatch(restored, /after/);
  await running();
  await typeAtScreen("ver\n");
  await waitForScreenText(/FreeCom/i);
});

test("a machine that is off starts from the state", { skip }, async () => {
  await view.getByTestId("power-off").click();
  await view.getByTestId("status-state").filter({ hasText: "Off" }).waitFor();
  await view.getByTestId("state-restore-0").click();
  await running();
  const text = await waitForScreenText(/^before$/m);
  assert.doesNotMatch(text, /FreeCom|after/i, "back at the saved point, before ver ran");
  await typeAtScreen("echo again\n");
  await waitForScreenText(/^again$/m);
});

test("a state saved with other hardware settings is refused and the machine carries on", { skip }, async () => {
  app.host.service.updateMachine(machineId, { memoryKb: 512 });
  await view.getByTestId("state-restore-0").click();
  const message = view.getByTestId("problem-message");
  await message.waitFor();
  assert.match(
    (await message.textContent()) ?? "",
    /saved when States PC was an XT with an 8088, 640 KB and no mouse; it is .* 512 KB and no mouse now\./,
  );
  assert.match((await view.getByTestId("problem-hint").textContent()) ?? "", /settings back/);
  await running();
  app.host.service.updateMachine(machineId, { memoryKb: 640 });
  await view.getByTestId("problem-dismiss").click();
});

test("deleting the state empties the list", { skip }, async () => {
  await view.getByTestId("state-delete-0").click();
  await view.getByTestId("states-empty").waitFor();
  assert.equal(await view.getByTestId("states").textContent(), "States");
  assert.deepEqual(app.host.service.listStates(machineId), []);
});

test("a damaged state file is refused with a clear message and the machine is unaffected", { skip }, async () => {
  await view.getByTestId("save-state").click();
  const card = view.getByTestId("state-0");
  await card.waitFor();
  const stateId = await card.getAttribute("data-state-id");
  const file = join(app.folder, "data", "states", machineId, `${stateId}.rmstate`);
  const bytes = readFileSync(file);
  bytes.fill(0xaa, 4096, 8192);
  writeFileSync(file, bytes);
  await typeAtScreen("cls\n");
  await page.keyboard.type("echo still here\n", { delay: 40 });
  await waitForScreenText(/^still here$/m);
  await view.getByTestId("state-restore-0").click();
  const message = view.getByTestId("problem-message");
  await message.waitFor();
  assert.match((await message.textContent()) ?? "", /This saved state cannot be used: the snapshot is damaged/);
  assert.match((await view.getByTestId("problem-hint").textContent()) ?? "", /Delete it/);
  await running();
  assert.match(await screenText(), /^still here$/m, "the screen is as it was");
  await typeAtScreen("ver\n");
  await waitForScreenText(/FreeCom/i);
});

test(
  "a diskette written after the save: the machine gets it as it was, the user's image keeps the write",
  { skip },
  async () => {
    await view.getByTestId("save-state").click();
    await view.getByTestId("state-1").waitFor();
    const stateId = await view.getByTestId("state-0").getAttribute("data-state-id");
    const meta = JSON.parse(readFileSync(join(app.folder, "data", "states", machineId, `${stateId}.json`), "utf8")) as {
      media: { A: { path: string } };
    };
    const userImage = meta.media.A.path;
    const hasNewTxt = (path: string) => new FatVolume(new Uint8Array(readFileSync(path))).find("NEW.TXT") !== undefined;
    assert.equal(hasNewTxt(userImage), false);

    await typeAtScreen("cls\n");
    // Shifted characters (> and :) through the host's paste path: the page's typing sends them unshifted.
    await app.host.service.typeText(machineId, "echo x>a:\\new.txt\r");
    await page.keyboard.type("echo written\n", { delay: 40 });
    await waitForScreenText(/^written$/m);
    // FreeDOS has closed the file: its directory entry is on the user's image.
    const deadline = Date.now() + 10_000;
    while (!hasNewTxt(userImage)) {
      assert.ok(Date.now() < deadline, `NEW.TXT did not reach the image; the screen shows:\n${await screenText()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await view.getByTestId("state-restore-0").click();
    const message = view.getByTestId("info-message");
    await message.waitFor();
    assert.match(
      (await message.textContent()) ?? "",
      /^A: was changed since this state was saved; the machine has the diskette as it was, saved as “freedos\.boot\.disk\.1\.4MB \(as saved [0-9-]+ [0-9.]+\)\.img”\.$/,
    );
    assert.match(
      (await view.getByTestId("info-hint").textContent()) ?? "",
      /freedos\.boot\.disk\.1\.4MB\.img is untouched/,
    );
    await view
      .getByTestId("drive-a-media")
      .filter({ hasText: /as saved/ })
      .waitFor();
    await running();
    await typeAtScreen("cls\n");
    await app.host.service.typeText(machineId, "dir a:\\\r");
    const listing = await waitForScreenText(/bytes free/i);
    assert.match(listing, /KERNEL\s+SYS/i, "the listing is of the diskette");
    assert.doesNotMatch(listing, /NEW\s+TXT/i, "the restored machine's diskette is as it was at the save");

    assert.ok(hasNewTxt(userImage), "the user's image still has NEW.TXT");
    const diskettes = join(app.folder, "data", "diskettes");
    const [copy] = readdirSync(diskettes);
    assert.match(copy, /^freedos\.boot\.disk\.1\.4MB \(as saved .*\)\.img$/);
    assert.equal(hasNewTxt(join(diskettes, copy)), false);
    assert.equal(await view.getByTestId("problem").count(), 0, "nothing failed: a notice, not the problem banner");
    await view.getByTestId("info-dismiss").click();
  },
);
