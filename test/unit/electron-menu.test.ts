import { test } from "node:test";
import assert from "node:assert/strict";
import type { MenuItemConstructorOptions } from "electron";
import { menuTemplate, type MenuActions, type MenuContext } from "../../main/electron/menu-template.ts";

function recorder(): { actions: MenuActions; calls: string[] } {
  const calls: string[] = [];
  const names: (keyof MenuActions)[] = [
    "newMachine",
    "openImage",
    "openRecent",
    "clearRecent",
    "screenshot",
    "start",
    "pause",
    "resume",
    "reset",
    "powerOff",
    "ctrlAltDel",
    "saveState",
    "restoreLastState",
    "toggleFullscreen",
    "showDataFolder",
    "showScreenshotFolder",
    "about",
  ];
  const actions = Object.fromEntries(
    names.map((name) => [name, (...args: unknown[]) => calls.push([name, ...args].join(" "))]),
  ) as unknown as MenuActions;
  return { actions, calls };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function find(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items(template).find((entry) => entry.label === label);
  assert.ok(item, `no menu item "${label}"`);
  return item;
}

function click(item: MenuItemConstructorOptions): void {
  assert.ok(item.click, `"${item.label}" has no click`);
  (item.click as () => void)();
}

const running: MenuContext = {
  platform: "linux",
  recent: ["/games/doom.img", "/work/dos.ima"],
  machine: { name: "DOS", state: "running", hasStates: true },
};

test("the bar is File, Machine, View, Help (with the app menu first on macOS)", () => {
  const { actions } = recorder();
  assert.deepEqual(
    menuTemplate(actions, running).map((item) => item.label),
    ["File", "Machine", "View", "Help"],
  );
  assert.deepEqual(
    menuTemplate(actions, { ...running, platform: "darwin" }).map((item) => item.label),
    ["Realmode", "File", "Machine", "View", "Help"],
  );
});

test("each item calls its action", () => {
  const { actions, calls } = recorder();
  const template = menuTemplate(actions, running);
  const expected: [string, string][] = [
    ["New Machine", "newMachine"],
    ["Open Disk Image…", "openImage"],
    ["Screenshot", "screenshot"],
    ["Pause DOS", "pause"],
    ["Reset DOS", "reset"],
    ["Power Off DOS", "powerOff"],
    ["Send Ctrl-Alt-Del", "ctrlAltDel"],
    ["Save State", "saveState"],
    ["Restore Last State", "restoreLastState"],
    ["Toggle Fullscreen", "toggleFullscreen"],
    ["Show Machines and Settings Folder", "showDataFolder"],
    ["Show Screenshots Folder", "showScreenshotFolder"],
    ["About Realmode", "about"],
    ["doom.img", "openRecent /games/doom.img"],
    ["dos.ima", "openRecent /work/dos.ima"],
    ["Clear Recent Images", "clearRecent"],
  ];
  for (const [label, call] of expected) {
    calls.length = 0;
    click(find(template, label));
    assert.deepEqual(calls, [call], label);
  }
});

test("machine items follow the machine's state", () => {
  const { actions, calls } = recorder();
  const paused = menuTemplate(actions, { ...running, machine: { name: "DOS", state: "paused" } });
  click(find(paused, "Resume DOS"));
  assert.deepEqual(calls, ["resume"]);
  const off = menuTemplate(actions, { ...running, machine: { name: "DOS", state: "off" } });
  assert.equal(find(off, "Start DOS").enabled, true);
  assert.equal(find(off, "Pause DOS").enabled, false);
  assert.equal(find(off, "Power Off DOS").enabled, false);
  assert.equal(find(off, "Screenshot").enabled, false);
  assert.equal(find(menuTemplate(actions, running), "Start DOS").enabled, false);
  const none = menuTemplate(actions, { ...running, machine: null });
  assert.equal(find(none, "Start").enabled, false);
  assert.equal(find(none, "Send Ctrl-Alt-Del").enabled, false);
});

test("shortcuts: Ctrl+Shift off the Mac (plain Ctrl belongs to the guest), Cmd on it", () => {
  const { actions } = recorder();
  const linux = items(menuTemplate(actions, running));
  const accelerators = linux.map((item) => item.accelerator).filter((key) => key !== undefined);
  assert.ok(accelerators.length >= 12);
  for (const key of accelerators) assert.match(String(key), /^Ctrl\+Shift\+/);
  assert.equal(new Set(accelerators).size, accelerators.length, "no shortcut used twice");
  assert.equal(find(menuTemplate(actions, { ...running, platform: "darwin" }), "New Machine").accelerator, "Cmd+N");
  assert.ok(linux.some((item) => item.role === "quit"));
  assert.ok(linux.some((item) => item.role === "zoomIn"));
});

test("an empty recent list says so", () => {
  const { actions } = recorder();
  const template = menuTemplate(actions, { ...running, recent: [] });
  assert.equal(find(template, "No Recent Images").enabled, false);
  assert.throws(() => find(template, "Clear Recent Images"));
});

test("Save State needs a machine that is on; Restore Last State needs a saved state, also for a machine that is off", () => {
  const { actions } = recorder();
  const off = menuTemplate(actions, { ...running, machine: { name: "DOS", state: "off", hasStates: true } });
  assert.equal(find(off, "Save State").enabled, false);
  assert.equal(find(off, "Restore Last State").enabled, true);
  const none = menuTemplate(actions, { ...running, machine: { name: "DOS", state: "running", hasStates: false } });
  assert.equal(find(none, "Save State").enabled, true);
  assert.equal(find(none, "Restore Last State").enabled, false);
  const paused = menuTemplate(actions, { ...running, machine: { name: "DOS", state: "paused", hasStates: true } });
  assert.equal(find(paused, "Save State").enabled, true);
  assert.equal(find(menuTemplate(actions, running), "Save State").accelerator, "Ctrl+Shift+T");
  assert.equal(find(menuTemplate(actions, running), "Restore Last State").accelerator, "Ctrl+Shift+L");
  const mac = menuTemplate(actions, { ...running, platform: "darwin" });
  assert.equal(find(mac, "Save State").accelerator, "Cmd+T");
  assert.equal(find(mac, "Restore Last State").accelerator, "Cmd+L");
});
