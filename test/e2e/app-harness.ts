/**
 * What the app's browser tests share: the renderer built once per test process into a temporary folder, the real
 * web host with its hypervisor on a free loopback port, and Debian's Chromium driven by playwright-core. Without
 * Chromium the tests skip loudly, except under CI=true, where .ci/run installs it and its absence is a failure.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { startWebHost, type WebHost } from "../../main/web/web-host.ts";
import { REPO_ROOT } from "../support/testdata.ts";

export const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Undefined (after a loud warning) when Chromium is missing outside CI; throws under CI. */
export function chromiumPresent(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
  return false;
}

export interface App {
  readonly host: WebHost;
  readonly browser: Browser;
  readonly folder: string;
  newPage(options?: { scale?: number; theme?: "dark" | "light" }): Promise<Page>;
  close(): Promise<void>;
}

export async function startApp(): Promise<App> {
  const folder = mkdtempSync(join(tmpdir(), "realmode-e2e-"));
  const rendererDir = join(folder, "renderer");
  const { build: buildRenderer } = await import("vite");
  await buildRenderer({
    configFile: join(REPO_ROOT, "renderer/vite.config.ts"),
    build: { outDir: rendererDir },
    logLevel: "error",
  });
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  const workerUrl = new URL(await bundle.build("vm-worker"));
  const host = await startWebHost({
    port: 0,
    host: "127.0.0.1",
    rendererDir,
    dataDir: join(folder, "data"),
    workerUrl,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  return {
    host,
    browser,
    folder,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
        deviceScaleFactor: options.scale ?? 1,
        colorScheme: options.theme ?? "dark",
        acceptDownloads: true,
      });
      const page = await context.newPage();
      await page.goto(host.url);
      return page;
    },
    async close() {
      await browser.close();
      await host.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** What the machine form is told; left out, the form's defaults. */
export interface MachineChoices {
  readonly type?: "xt" | "at";
  readonly speed?: "4.77" | "turbo" | "max";
  readonly mouse?: "none" | "ps2" | "com1" | "com2";
}

/** Creates a machine through the form, opens its tab and puts `image` in A: by the file chooser; its view (off). */
export async function machineWithDisk(
  page: Page,
  name: string,
  image: string,
  choices: MachineChoices = {},
): Promise<Locator> {
  await page.getByTestId("new-machine").click();
  await page.getByTestId("machine-name").fill(name);
  if (choices.type) await page.getByTestId(`machine-type-${choices.type}`).check();
  if (choices.speed) await page.getByTestId("machine-speed").selectOption(choices.speed);
  if (choices.mouse) await page.getByTestId("machine-mouse").selectOption(choices.mouse);
  await page.getByTestId("machine-save").click();
  await page.getByTestId("machine-form").waitFor({ state: "detached" });
  await page.getByRole("tab", { name }).click();
  const view = page.locator(`[data-testid^=machine-view-][aria-label="${name}"]`);
  const chooser = page.waitForEvent("filechooser");
  await view.getByTestId("drive-a-insert").click();
  await (await chooser).setFiles(image);
  await view
    .getByTestId("drive-a-media")
    .filter({ hasText: basename(image) })
    .waitFor();
  return view;
}

/** Polls `check` every 50 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 5000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The part of a canvas the pixel checks read (the tests compile without the DOM's types; the page has them). */
export interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
