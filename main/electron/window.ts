/**
 * The one app window, locked down as Electron's security checklist asks: context isolation, the Chromium sandbox,
 * no Node in the page or its workers, no <webview>, devtools only when unpackaged, and no way to leave the renderer:
 * navigation, redirects and new windows are refused (a link or a dropped file cannot replace the page).
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from "electron";

export function createMainWindow(rendererFile: string, preloadFile: string, devTools: boolean): BrowserWindow {
  const options: BrowserWindowConstructorOptions = {
    width: 1180,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: "Realmode",
    backgroundColor: "#16181d",
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
  const window = new BrowserWindow(options);
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.on("will-frame-navigate", (event) => event.preventDefault());
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
  window.once("ready-to-show", () => window.show());
  void window.loadFile(rendererFile);
  return window;
}
