/**
 * The preload (main/electron/preload.ts), bundled with a recording stand-in for the electron module: what it exposes
 * is the whole HostApi, each call is one invoke on its channel, failures carry their Problem, dropped files cross
 * as paths Electron gave, and frames and events are fanned out to the page's listeners.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { Frame, HostApi } from "../../renderer/host-api.ts";
import { INVOKE, PUSH, type Reply } from "../../main/electron/channels.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface StandIn {
  exposed: Map<string, unknown>;
  invoked: unknown[][];
  replies: Map<string, Reply>;
  listeners: Map<string, Set<(event: unknown, value: unknown) => void>>;
  paths: Map<unknown, string>;
  push(channel: string, value: unknown): void;
}

async function loadPreload(): Promise<{ host: HostApi; standIn: StandIn }> {
  const standIn: StandIn = {
    exposed: new Map(),
    invoked: [],
    replies: new Map(),
    listeners: new Map(),
    paths: new Map(),
    push: (channel, value) => standIn.listeners.get(channel)?.forEach((listener) => listener({}, value)),
  };
  (globalThis as Record<string, unknown>).__realmodeFakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => standIn.exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        standIn.invoked.push([channel, ...args]);
        return standIn.replies.get(channel) ?? { ok: true, value: undefined };
      },
      on: (channel: string, listener: (event: unknown, value: unknown) => void) => {
        if (!standIn.listeners.has(channel)) standIn.listeners.set(channel, new Set());
        standIn.listeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (event: unknown, value: unknown) => void) =>
        standIn.listeners.get(channel)?.delete(listener),
    },
    webUtils: { getPathForFile: (file: unknown) => standIn.paths.get(file) ?? "" },
  };
  const folder = mkdtempSync(join(tmpdir(), "realmode-preload-"));
  try {
    const outfile = join(folder, "preload.mjs");
    await build({
      absWorkingDir: root,
      entryPoints: ["main/electron/preload.ts"],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "error",
      plugins: [
        {
          name: "stand-in electron",
          setup(build) {
            build.onResolve({ filter: /^electron$/ }, () => ({ path: "electron", namespace: "stand-in" }));
            build.onLoad({ filter: /.*/, namespace: "stand-in" }, () => ({
              contents: "module.exports = globalThis.__realmodeFakeElectron;",
              loader: "js",
            }));
          },
        },
      ],
    });
    await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { host: standIn.exposed.get("realmode") as HostApi, standIn };
}

const { host, standIn } = await loadPreload();

test("exposes exactly the host API as window.realmode", () => {
  assert.deepEqual([...standIn.exposed.keys()], ["realmode"]);
  const calls = Object.keys(INVOKE).filter((name) => !/^(un)?watch(Frames|Audio)$/.test(name));
  assert.deepEqual(Object.keys(host).sort(), [...calls, "subscribeFrames", "subscribeAudio", "on"].sort());
});

test("a call is one invoke on its channel; a failure rejects with its Problem", async () => {
  standIn.replies.set(INVOKE.listMachines, { ok: true, value: [{ id: "m1" }] });
  assert.deepEqual(await host.listMachines(), [{ id: "m1" }]);
  await host.reset("m1", "warm");
  assert.deepEqual(standIn.invoked.at(-1), [INVOKE.reset, "m1", "warm"]);
  const problem = { message: "The machine is off.", hint: "Start it first." };
  standIn.replies.set(INVOKE.screenText, { ok: false, problem });
  await assert.rejects(host.screenText("m1"), (error: { problem?: unknown; message?: string }) => {
    assert.deepEqual(error.problem, problem);
    assert.equal(error.message, problem.message);
    return true;
  });
});

test("a dropped file crosses as the path Electron knows for it, or not at all", async () => {
  const onDisk = { name: "dos.img" } as unknown as File;
  const inMemory = { name: "made-up.img" } as unknown as File;
  standIn.paths.set(onDisk, "/home/ann/dos.img");
  await host.insertFile("m1", "A", onDisk);
  assert.deepEqual(standIn.invoked.at(-1), [INVOKE.insertFile, "m1", "A", { path: "/home/ann/dos.img" }]);
  const before = standIn.invoked.length;
  await assert.rejects(host.insertFile("m1", "A", inMemory), { message: /not a file on this computer/ });
  assert.equal(standIn.invoked.length, before, "nothing was sent");
});

test("frames: one watch per machine, every listener fed, the last picture given to late listeners", async () => {
  const seen: string[] = [];
  const first = host.subscribeFrames("m2", (frame: Frame) => seen.push(`first ${frame.changeCounter}`));
  const pixels = new Uint8Array([1, 2, 3, 4]);
  standIn.push(PUSH.frame, { id: "m2", width: 1, height: 1, changeCounter: 9, pixels });
  standIn.push(PUSH.frame, { id: "other", width: 1, height: 1, changeCounter: 1, pixels });
  const second = host.subscribeFrames("m2", (frame: Frame) => {
    assert.ok(frame.pixels instanceof Uint8ClampedArray);
    seen.push(`second ${frame.changeCounter}`);
  });
  assert.deepEqual(seen, ["first 9", "second 9"]);
  first();
  second();
  await new Promise((resolve) => setImmediate(resolve));
  const frameCalls = standIn.invoked.filter(
    ([channel]) => channel === INVOKE.watchFrames || channel === INVOKE.unwatchFrames,
  );
  assert.deepEqual(frameCalls, [
    [INVOKE.watchFrames, "m2"],
    [INVOKE.unwatchFrames, "m2"],
  ]);
  standIn.push(PUSH.frame, { id: "m2", width: 1, height: 1, changeCounter: 10, pixels });
  assert.equal(seen.length, 2, "no listener after unsubscribing");
});

test("events reach their listeners until unsubscribed; unknown events are refused", () => {
  const states: unknown[] = [];
  const off = host.on("state", (status) => states.push(status));
  standIn.push(PUSH.state, { id: "m1", state: "running", problem: null });
  off();
  standIn.push(PUSH.state, { id: "m1", state: "paused", problem: null });
  assert.deepEqual(states, [{ id: "m1", state: "running", problem: null }]);
  assert.throws(() => host.on("frame" as "state", () => undefined), /no host event/);
  assert.throws(() => host.on("audio" as "state", () => undefined), /no host event/);
  assert.throws(() => host.on("toString" as "state", () => undefined), /no host event/);
});

test("sound: one watch per machine, checked messages fanned out to its listeners", async () => {
  const heard: string[] = [];
  const first = host.subscribeAudio("m3", (chunk) => heard.push(`first ${chunk.sampleRate} ${chunk.samples.length}`));
  const second = host.subscribeAudio("m3", (chunk) => heard.push(`second ${chunk.samples[1]}`));
  standIn.push(PUSH.audio, { id: "m3", sampleRate: 48_000, samples: new Float32Array([0, 0.5]) });
  standIn.push(PUSH.audio, { id: "m4", sampleRate: 48_000, samples: new Float32Array([0, 0.5]) });
  standIn.push(PUSH.audio, { id: "m3", sampleRate: 48_000, samples: [0, 0.5] });
  standIn.push(PUSH.audio, { id: "m3", sampleRate: 12, samples: new Float32Array(2) });
  assert.deepEqual(heard, ["first 48000 2", "second 0.5"], "malformed messages are dropped");
  first();
  second();
  await new Promise((resolve) => setImmediate(resolve));
  const audioCalls = standIn.invoked.filter(
    ([channel]) => channel === INVOKE.watchAudio || channel === INVOKE.unwatchAudio,
  );
  assert.deepEqual(audioCalls, [
    [INVOKE.watchAudio, "m3"],
    [INVOKE.unwatchAudio, "m3"],
  ]);
});

test("mouse input is one invoke with its four arguments", async () => {
  await host.mouseInput("m1", 3, -4, 1);
  assert.deepEqual(standIn.invoked.at(-1), [INVOKE.mouseInput, "m1", 3, -4, 1]);
});
