/**
 * The bundled main process (main/electron/main.ts), run in Node against a recording stand-in for the electron
 * module (the Electron binary cannot be installed here): it takes the single-instance lock, opens one locked-down
 * window on the built renderer, serves only renderer files with the CSP, refuses network requests, and its IPC
 * handlers drive a real hypervisor: a machine created and started through them runs our BIOS and sends frames.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build as bundle, type Plugin } from "esbuild";
import { INVOKE, PUSH, type Reply } from "../../main/electron/channels.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Recorded {
  windows: { options: { webPreferences: Record<string, unknown> }; loaded: string | null }[];
  handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<Reply>>;
  sent: { channel: string; value: unknown }[];
  appEvents: Map<string, (...args: unknown[]) => void>;
  fileHandler: ((request: { url: string }) => Promise<Response>) | null;
  blocked: string[];
  menus: unknown[];
  ready: () => void;
}

function fakeElectron(userData: string): Recorded {
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const recorded: Recorded = {
    windows: [],
    handlers: new Map(),
    sent: [],
    appEvents: new Map(),
    fileHandler: null,
    blocked: [],
    menus: [],
    ready,
  };
  const noop = (): void => undefined;
  const paths = new Map<string, string>();
  class BrowserWindow {
    readonly record: Recorded["windows"][number];
    readonly webContents = {
      id: 7,
      setWindowOpenHandler: noop,
      on: noop,
      once: (event: string, listener: () => void) => event === "did-finish-load" && setImmediate(listener),
      send: (channel: string, value: unknown) => recorded.sent.push({ channel, value }),
    };
    constructor(options: Recorded["windows"][number]["options"]) {
      this.record = { options, loaded: null };
      recorded.windows.push(this.record);
    }
    loadFile(path: string): Promise<void> {
      this.record.loaded = path;
      return Promise.resolve();
    }
    once = noop;
    on = noop;
    show = noop;
    focus = noop;
    isDestroyed = (): boolean => false;
    isMinimized = (): boolean => false;
  }
  (globalThis as Record<string, unknown>).__realmodeFakeElectron = {
    app: {
      requestSingleInstanceLock: () => true,
      on: (event: string, listener: (...args: unknown[]) => void) => recorded.appEvents.set(event, listener),
      whenReady: () => whenReady,
      setName: noop,
      getPath: (name: string) => paths.get(name) ?? join(userData, name),
      setPath: (name: string, path: string) => paths.set(name, path),
      getVersion: () => "0.1.0",
      isPackaged: false,
      quit: noop,
      exit: noop,
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Recorded["handlers"] extends Map<string, infer L> ? L : never) =>
        recorded.handlers.set(channel, listener),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => recorded.menus.push(menu),
    },
    protocol: { handle: (_scheme: string, handler: Recorded["fileHandler"]) => (recorded.fileHandler = handler) },
    net: { fetch: async (url: string) => new Response(readFileSync(fileURLToPath(url))) },
    session: {
      defaultSession: {
        webRequest: {
          onBeforeRequest: (filter: { urls: string[] }) => recorded.blocked.push(...filter.urls),
        },
        setPermissionRequestHandler: noop,
        setPermissionCheckHandler: noop,
      },
    },
    dialog: {},
    shell: {},
    clipboard: {},
    ClipboardItem: class {},
  };
  return recorded;
}

/** An app folder as packaged: dist/ with the bundles and a renderer page, bios/ beside it (a link to ours). */
async function appFolder(): Promise<string> {
  const app = mkdtempSync(join(tmpdir(), "realmode-main-"));
  mkdirSync(join(app, "dist/renderer"), { recursive: true });
  symlinkSync(join(root, "bios"), join(app, "bios"));
  writeFileSync(join(app, "dist/renderer/index.html"), "<!doctype html><title>Realmode</title>");
  writeFileSync(join(app, "dist/secret.txt"), "not for the page");
  const stub: Plugin = {
    name: "stand-in electron",
    setup(build) {
      build.onResolve({ filter: /^electron$/ }, () => ({ path: "electron", namespace: "stand-in" }));
      build.onLoad({ filter: /.*/, namespace: "stand-in" }, () => ({
        contents: "module.exports = globalThis.__realmodeFakeElectron;",
        loader: "js",
      }));
    },
  };
  for (const [entry, outfile] of [
    ["main/hypervisor/vm-worker.ts", "dist/vm-worker.mjs"],
    ["main/electron/main.ts", "dist/electron-main.mjs"],
  ]) {
    await bundle({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: join(app, outfile),
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "error",
      plugins: [stub],
    });
  }
  return app;
}

test("the main process opens a secure window and runs machines for it", { timeout: 60_000 }, async (t) => {
  const app = await appFolder();
  const rendererFile = join(app, "dist/renderer/index.html");
  const recorded = fakeElectron(join(app, "user-data"));
  t.after(async () => {
    // will-quit powers every machine off (destroying the workers) before the app quits.
    recorded.appEvents.get("will-quit")?.({ preventDefault: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(app, { recursive: true, force: true });
  });
  await import(pathToFileURL(join(app, "dist/electron-main.mjs")).href);
  for (const event of ["open-file", "second-instance", "window-all-closed", "will-quit", "web-contents-created"]) {
    assert.ok(recorded.appEvents.has(event), event);
  }
  recorded.ready();
  await new Promise((resolve) => setImmediate(resolve));

  assert.equal(recorded.windows.length, 1);
  const [window] = recorded.windows;
  assert.equal(window.loaded, rendererFile);
  const preferences = window.options.webPreferences;
  assert.equal(preferences.contextIsolation, true);
  assert.equal(preferences.sandbox, true);
  assert.equal(preferences.nodeIntegration, false);
  assert.equal(preferences.webviewTag, false);
  assert.equal(preferences.preload, join(app, "dist/electron-preload.cjs"));
  assert.ok(recorded.blocked.includes("https://*/*"));
  assert.ok(recorded.menus.length > 0);

  const files = recorded.fileHandler!;
  assert.equal((await files({ url: "file:///etc/passwd" })).status, 404);
  assert.equal((await files({ url: pathToFileURL(join(app, "dist/secret.txt")).href })).status, 404);
  const page = await files({ url: pathToFileURL(rendererFile).href });
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);

  const call = (channel: string, ...args: unknown[]): Promise<Reply> => {
    const event = { sender: { id: 7 }, senderFrame: { url: pathToFileURL(rendererFile).href, parent: null } };
    return recorded.handlers.get(channel)!(event, ...args);
  };
  const created = await call(INVOKE.createMachine, {
    name: "Smoke",
    type: "at",
    cpu: "80286",
    memoryKb: 640,
    speed: "max",
    boot: "a",
  });
  assert.ok(created.ok, created.ok ? "" : created.problem.message);
  const id = (created.value as { id: string }).id;
  // Profiles live in <appData>/Realmode, packaged or not.
  assert.match(readFileSync(join(app, "user-data/appData/Realmode/machines.json"), "utf8"), /"Smoke"/);
  const started = await call(INVOKE.start, id);
  assert.ok(started.ok, started.ok ? "" : started.problem.message);
  await call(INVOKE.watchFrames, id);
  const deadline = Date.now() + 20_000;
  while (!recorded.sent.some((message) => message.channel === PUSH.frame) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const frame = recorded.sent.find((message) => message.channel === PUSH.frame)?.value as
    { id: string; width: number; height: number; pixels: Uint8Array } | undefined;
  assert.ok(frame, "a frame reached the window");
  assert.equal(frame.id, id);
  assert.equal(frame.pixels.length, frame.width * frame.height * 4);
  assert.ok(
    recorded.sent.some((message) => message.channel === PUSH.state),
    "state events reach the window",
  );
  const text = await call(INVOKE.screenText, id);
  assert.ok(text.ok && typeof text.value === "string");
  await call(INVOKE.unwatchFrames, id);
});
