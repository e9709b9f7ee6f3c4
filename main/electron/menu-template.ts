/**
 * The application menu as data: File, Machine, View, Help, with their shortcuts, built from callbacks so the menu's
 * behaviour is testable without Electron (main.ts hands the result to Menu.buildFromTemplate).
 *
 * Shortcuts: on macOS the Command key, which no PC keyboard has, so every Cmd combination is free. On Windows and
 * Linux Ctrl+Shift, because plain Ctrl combinations belong to the guest (Ctrl+C breaks a DOS program, Ctrl+O and
 * Ctrl+N move WordStar's cursor). Machine items act on the current machine: the one the window used last.
 */
import type { MenuItemConstructorOptions } from "electron";
import { basename } from "node:path";
import type { MachineState } from "../../renderer/host-api.ts";

export interface MenuActions {
  newMachine(): void;
  openImage(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  screenshot(): void;
  start(): void;
  pause(): void;
  resume(): void;
  reset(): void;
  powerOff(): void;
  ctrlAltDel(): void;
  /** Saves the current machine's state into the data folder (its States panel lists it). */
  saveState(): void;
  /** Puts the current machine back at its newest saved state (starting it if it is off). */
  restoreLastState(): void;
  toggleFullscreen(): void;
  showDataFolder(): void;
  showScreenshotFolder(): void;
  about(): void;
}

export interface MenuContext {
  readonly platform: NodeJS.Platform;
  readonly recent: readonly string[];
  /** The current machine's name and state and whether it has saved states, or null when there is none. */
  readonly machine: { readonly name: string; readonly state: MachineState; readonly hasStates?: boolean } | null;
}

export function menuTemplate(actions: MenuActions, context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === "darwin";
  const key = (letter: string): string => (mac ? `Cmd+${letter}` : `Ctrl+Shift+${letter}`);
  const state = context.machine?.state ?? null;
  const on = state !== null && state !== "off" && state !== "crashed";
  const machineLabel = (verb: string): string => (context.machine ? `${verb} ${context.machine.name}` : verb);

  const file: MenuItemConstructorOptions = {
    label: "File",
    submenu: [
      { label: "New Machine", accelerator: key("N"), click: () => actions.newMachine() },
      { label: "Open Disk Image…", accelerator: key("O"), click: () => actions.openImage() },
      { label: "Recent Images", submenu: recentItems(actions, context.recent) },
      { type: "separator" },
      { label: "Screenshot", accelerator: key("S"), enabled: on, click: () => actions.screenshot() },
      ...(mac ? [] : [{ type: "separator" } as const, { role: "quit", accelerator: key("Q") } as const]),
    ],
  };
  const machine: MenuItemConstructorOptions = {
    label: "Machine",
    submenu: [
      {
        label: machineLabel("Start"),
        accelerator: key("Enter"),
        enabled: state === "off" || state === "crashed",
        click: () => actions.start(),
      },
      state === "paused"
        ? { label: machineLabel("Resume"), accelerator: key("P"), click: () => actions.resume() }
        : {
            label: machineLabel("Pause"),
            accelerator: key("P"),
            enabled: state === "running",
            click: () => actions.pause(),
          },
      {
        label: machineLabel("Reset"),
        accelerator: key("R"),
        enabled: on || state === "crashed",
        click: () => actions.reset(),
      },
      { label: machineLabel("Power Off"), accelerator: key("K"), enabled: on, click: () => actions.powerOff() },
      { type: "separator" },
      {
        label: "Send Ctrl-Alt-Del",
        accelerator: key("Delete"),
        enabled: state === "running" || state === "paused",
        click: () => actions.ctrlAltDel(),
      },
      { type: "separator" },
      {
        label: "Save State",
        accelerator: key("T"),
        enabled: state === "running" || state === "paused" || state === "halted",
        click: () => actions.saveState(),
      },
      {
        label: "Restore Last State",
        accelerator: key("L"),
        enabled: context.machine?.hasStates === true && state !== "starting",
        click: () => actions.restoreLastState(),
      },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: "View",
    submenu: [
      { label: "Toggle Fullscreen", accelerator: key("F"), click: () => actions.toggleFullscreen() },
      { type: "separator" },
      { role: "zoomIn", accelerator: key("=") },
      { role: "zoomOut", accelerator: key("-") },
      { role: "resetZoom", accelerator: key("0") },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: "Help",
    role: "help",
    submenu: [
      { label: "Show Machines and Settings Folder", click: () => actions.showDataFolder() },
      { label: "Show Screenshots Folder", click: () => actions.showScreenshotFolder() },
      ...(mac ? [] : [{ type: "separator" } as const, { label: "About Realmode", click: () => actions.about() }]),
    ],
  };
  // macOS puts About, Hide and Quit in a menu named after the app, first in the bar.
  const app: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: "Realmode",
          submenu: [
            { label: "About Realmode", click: () => actions.about() },
            { type: "separator" },
            { role: "hide" },
            { role: "hideOthers" },
            { role: "unhide" },
            { type: "separator" },
            { role: "quit" },
          ],
        },
      ]
    : [];
  return [...app, file, machine, view, help];
}

function recentItems(actions: MenuActions, recent: readonly string[]): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: "No Recent Images", enabled: false }];
  return [
    ...recent.map((path): MenuItemConstructorOptions => ({
      label: basename(path),
      sublabel: path,
      click: () => actions.openRecent(path),
    })),
    { type: "separator" },
    { label: "Clear Recent Images", click: () => actions.clearRecent() },
  ];
}
