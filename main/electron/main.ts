/**
 * The Electron main process: one instance, one locked-down window (window.ts), the host service behind IPC
 * (ipc.ts), the application menu (menu-template.ts) and disk images opened from outside (launch-args.ts). Bundled
 * by main/electron/bundle.mjs into dist/electron-main.mjs, beside dist/vm-worker.mjs, dist/electron-preload.cjs and
 * the built renderer in dist/renderer/.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  session,
  shell,
} from "electron";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Drive, HostEvents, HostInfo, MachineState } from "../../renderer/host-api.ts";
import { Hypervisor } from "../hypervisor/hypervisor.ts";
import { HostService } from "../web/host-service.ts";
import { ProfileStore } from "../web/profile-store.ts";
import { problemOf } from "../web/problem.ts";
import { PUSH } from "./channels.ts";
import { AudioRelay } from "./audio-relay.ts";
import { FramePump } from "./frame-pump.ts";
import { IMAGE_EXTENSIONS } from "./image-files.ts";
import { registerIpcHandlers } from "./ipc.ts";
import { imageFromOpenFile, imagesFromArgv } from "./launch-args.ts";
import { menuTemplate, type MenuActions } from "./menu-template.ts";
import { openImageInNewMachine } from "./open-image.ts";
import { RecentImages } from "./recent-images.ts";
import { CONTENT_SECURITY_POLICY, contentTypeFor, rendererFileFor } from "./renderer-files.ts";
import { screenshotPath } from "./screenshot-file.ts";
import { createMainWindow } from "./window.ts";

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, "renderer");
const rendererFile = join(rendererDir, "index.html");
const preloadFile = join(here, "electron-preload.cjs");
/** Images are opened by path with plain fs calls inside the app; none is ever near this size. */
const MAX_IMAGE_BYTES = 8 * 1024 ** 3;

// The same name and data folder whether packaged (productName) or run from dist/ (where Electron would say
// "Electron"); set before the lock, which is keyed on the user data folder.
app.setName("Realmode");
app.setPath("userData", join(app.getPath("appData"), "Realmode"));

if (!app.requestSingleInstanceLock()) {
  // Another Realmode runs: it received our command line through its second-instance event and opens our images.
  app.exit(0);
} else {
  runApp();
}

function runApp(): void {
  let window: BrowserWindow | null = null;
  let service: HostService | null = null;
  let recent: RecentImages | null = null;
  /** The machine the window acted on last: the Machine menu's target. */
  let current: string | null = null;
  /** Images asked for before the window was ready (macOS sends open-file before `ready`). */
  const waiting: string[] = imagesFromArgv(process.argv, { packaged: app.isPackaged, cwd: process.cwd(), exists });

  const openImage = (path: string): void => {
    if (!service || !window) {
      waiting.push(path);
      return;
    }
    recent?.add(path);
    openImageInNewMachine(service, path).then(
      (profile) => {
        current = profile.id;
        updateMenu();
      },
      (error: unknown) => {
        const problem = problemOf(error);
        void dialog.showMessageBox(window!, { type: "error", message: problem.message, detail: problem.hint });
      },
    );
    window.show();
    window.focus();
  };

  app.on("open-file", (event, path) => {
    event.preventDefault();
    const image = imageFromOpenFile(path, exists);
    if (image) openImage(image);
  });

  app.on("second-instance", (_event, argv, workingDirectory) => {
    for (const image of imagesFromArgv(argv, { packaged: app.isPackaged, cwd: workingDirectory, exists })) {
      openImage(image);
    }
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.on("web-contents-created", (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
    contents.on("will-attach-webview", (event) => event.preventDefault());
  });

  app.on("window-all-closed", () => app.quit());

  app.on("will-quit", (event) => {
    if (!service) return;
    // Power every machine off first, so each image file is closed after its last write.
    event.preventDefault();
    const closing = service;
    service = null;
    void closing.close().finally(() => app.quit());
  });

  const updateMenu = (): void => {
    const machine = current && service ? service.listMachines().find((profile) => profile.id === current) : undefined;
    const state: MachineState | null = machine && service ? service.status(machine.id).state : null;
    recent?.prune(exists);
    const template = menuTemplate(actions, {
      platform: process.platform,
      recent: recent?.list() ?? [],
      machine:
        machine && state && service
          ? { name: machine.name, state, hasStates: service.listStates(machine.id).length > 0 }
          : null,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const onCurrent = (run: (service: HostService, id: string) => Promise<unknown>): void => {
    if (!service || !current) return;
    run(service, current).catch((error: unknown) => {
      const problem = problemOf(error);
      window?.webContents.send(PUSH.error, { id: current, problem });
    });
  };

  const picturesFolder = (): string => app.getPath("pictures");

  const actions: MenuActions = {
    newMachine: () => {
      if (!service) return;
      const count = service.listMachines().length + 1;
      const profile = service.createMachine({
        name: `Machine ${count}`,
        type: "at",
        cpu: "80286",
        memoryKb: 640,
        speed: "turbo",
        boot: "a",
      });
      current = profile.id;
      updateMenu();
    },
    openImage: () => {
      if (!window) return;
      void chooseImage(window, null).then((path) => path && openImage(path));
    },
    openRecent: (path) => openImage(path),
    clearRecent: () => {
      recent?.clear();
      updateMenu();
    },
    screenshot: () =>
      onCurrent(async (service, id) => {
        const png = await service.screenshot(id);
        const name = service.listMachines().find((profile) => profile.id === id)?.name ?? "Machine";
        const path = screenshotPath(picturesFolder(), name, new Date());
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, png);
        await clipboard.write([new ClipboardItem({ "image/png": new Blob([png], { type: "image/png" }) })]);
      }),
    start: () => onCurrent((service, id) => service.start(id)),
    pause: () => onCurrent((service, id) => service.pause(id)),
    resume: () => onCurrent((service, id) => service.resume(id)),
    reset: () => onCurrent((service, id) => service.reset(id, "cold")),
    powerOff: () => onCurrent((service, id) => service.powerOff(id)),
    ctrlAltDel: () => onCurrent((service, id) => service.reset(id, "warm")),
    saveState: () => onCurrent((service, id) => service.saveState(id)),
    restoreLastState: () =>
      onCurrent(async (service, id) => {
        const [last] = service.listStates(id);
        if (last) await service.restoreState(id, last.id);
      }),
    toggleFullscreen: () => window?.setFullScreen(!window.isFullScreen()),
    showDataFolder: () => void shell.openPath(app.getPath("userData")),
    showScreenshotFolder: () => {
      const folder = join(picturesFolder(), "Realmode");
      mkdirSync(folder, { recursive: true });
      void shell.openPath(folder);
    },
    about: () =>
      void dialog.showMessageBox({
        type: "info",
        message: `Realmode ${app.getVersion()}`,
        detail: "An IBM PC emulator: run DOS-era software in a safe sandbox on a modern desktop.",
      }),
  };

  void app.whenReady().then(() => {
    lockDownSession();
    const userData = app.getPath("userData");
    recent = new RecentImages(join(userData, "recent-images.json"));
    const hypervisor = new Hypervisor({ workerUrl: new URL("./vm-worker.mjs", import.meta.url) });
    const host = new HostService(hypervisor, new ProfileStore(userData));
    service = host;
    const frames = new FramePump(
      (id) => {
        const vm = host.vmId(id);
        try {
          return vm === undefined ? undefined : hypervisor.frame(vm);
        } catch {
          return undefined;
        }
      },
      (message) => window?.webContents.send(PUSH.frame, message),
    );
    const audio = new AudioRelay((message) => window?.webContents.send(PUSH.audio, message));
    host.on("audio", audio.forward);
    const info: HostInfo = {
      kind: "electron",
      nativeDialogs: true,
      serial: true,
      diskActivity: true,
      sound: true,
      maxImageBytes: MAX_IMAGE_BYTES,
    };
    registerIpcHandlers(ipcMain, {
      service: host,
      frames,
      audio,
      info,
      trusted: () =>
        window && !window.isDestroyed()
          ? { webContentsId: window.webContents.id, rendererUrl: pathToFileURL(rendererFile).href }
          : null,
      chooseImage: (drive) => (window ? chooseImage(window, drive) : Promise.resolve(null)),
      imageUsed: (path) => {
        recent?.add(path);
        updateMenu();
      },
      machineUsed: (id) => {
        if (id === current) return;
        current = id;
        updateMenu();
      },
    });
    // Every host event goes to the window as it is; the menu follows machine states and names.
    const subscribe = host.on.bind(host) as (event: keyof HostEvents, listener: (value: unknown) => void) => unknown;
    for (const event of Object.keys(PUSH).filter(
      (name) => name !== "frame" && name !== "audio",
    ) as (keyof HostEvents)[]) {
      subscribe(event, (value) => {
        window?.webContents.send(PUSH[event], value);
        if (event === "state" || event === "machines" || event === "states") updateMenu();
      });
    }
    window = createMainWindow(rendererFile, preloadFile, !app.isPackaged);
    window.on("closed", () => {
      window = null;
      frames.stop();
      audio.stop();
    });
    updateMenu();
    window.webContents.once("did-finish-load", () => {
      for (const path of waiting.splice(0)) openImage(path);
    });
  });
}

/**
 * Every file:// request is answered from the renderer folder only, with the Content-Security-Policy; every network
 * request is cancelled (the app shows no remote content); the page may ask only for fullscreen and for writing a
 * screenshot to the clipboard.
 */
function lockDownSession(): void {
  protocol.handle("file", async (request) => {
    const path = rendererFileFor(request.url, rendererDir);
    if (!path || !existsSync(path)) return new Response("Not found", { status: 404 });
    const response = await net.fetch(pathToFileURL(path).href, { bypassCustomProtocolHandlers: true });
    return new Response(response.body, {
      status: response.status,
      headers: {
        "Content-Type": contentTypeFor(path),
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
  const web = session.defaultSession;
  web.webRequest.onBeforeRequest({ urls: ["http://*/*", "https://*/*", "ws://*/*", "wss://*/*"] }, (_details, reply) =>
    reply({ cancel: true }),
  );
  const allowed = new Set(["fullscreen", "clipboard-sanitized-write"]);
  web.setPermissionRequestHandler((_contents, permission, reply) => reply(allowed.has(permission)));
  web.setPermissionCheckHandler((_contents, permission) => allowed.has(permission));
}

async function chooseImage(window: BrowserWindow, drive: Drive | null): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: drive ? `Insert a disk image into ${drive}:` : "Open a disk image in a new machine",
    properties: ["openFile"],
    filters: [
      { name: "Disk images", extensions: [...IMAGE_EXTENSIONS] },
      { name: "All files", extensions: ["*"] },
    ],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function exists(path: string): boolean {
  return existsSync(path);
}
