/**
 * The preload: runs sandboxed in the window's renderer process, in its own isolated world, and exposes the host API
 * (renderer/host-api.ts) to the page as `window.realmode` through contextBridge. Each call is one ipcRenderer.invoke
 * on its channel (channels.ts); the page gets no ipcRenderer, no Node and no way to name a channel itself.
 *
 * A dropped or picked image crosses as the path Electron gives for the File (webUtils.getPathForFile): the page
 * holds the File, never a path, and cannot make one up.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from "electron";
import type { AudioChunk, Frame, HostApi, HostEvents, Problem, Unsubscribe } from "../../renderer/host-api.ts";
import { isAudioMessage } from "./audio-message.ts";
import { INVOKE, PUSH, type FrameMessage, type Reply } from "./channels.ts";

/**
 * A failed call rejects with a plain object carrying the Problem, not an Error: contextBridge copies an Error as its
 * message alone, and the renderer shows the hint too (renderer/app/problem-banner.tsx reads `problem`).
 */
function failure(problem: Problem): { name: string; message: string; problem: Problem } {
  return { name: "HostError", message: problem.message, problem };
}

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel, ...args)) as Reply;
  if (reply.ok) return reply.value as T;
  throw failure(reply.problem);
}

const frameListeners = new Map<string, Set<(frame: Frame) => void>>();
const lastFrames = new Map<string, Frame>();

ipcRenderer.on(PUSH.frame, (_event: IpcRendererEvent, message: FrameMessage) => {
  const listeners = frameListeners.get(message.id);
  if (!listeners) return;
  const { width, height, changeCounter, pixels } = message;
  const frame: Frame = {
    width,
    height,
    changeCounter,
    pixels: new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length),
  };
  lastFrames.set(message.id, frame);
  for (const listener of listeners) listener(frame);
});

function subscribeFrames(id: string, listener: (frame: Frame) => void): Unsubscribe {
  let listeners = frameListeners.get(id);
  if (listeners) {
    const last = lastFrames.get(id);
    if (last) listener(last);
  } else {
    // The main process sends the current picture as soon as it watches, so the first listener gets it at once.
    listeners = new Set();
    frameListeners.set(id, listeners);
    void call(INVOKE.watchFrames, id).catch(() => frameListeners.delete(id));
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || frameListeners.get(id) !== listeners) return;
    frameListeners.delete(id);
    lastFrames.delete(id);
    void call(INVOKE.unwatchFrames, id).catch(() => undefined);
  };
}

const audioListeners = new Map<string, Set<(chunk: AudioChunk) => void>>();

ipcRenderer.on(PUSH.audio, (_event: IpcRendererEvent, message: unknown) => {
  if (!isAudioMessage(message)) return;
  const chunk: AudioChunk = { sampleRate: message.sampleRate, samples: message.samples };
  for (const listener of audioListeners.get(message.id) ?? []) listener(chunk);
});

/** Like frames: one watch per machine, however many players listen. */
function subscribeAudio(id: string, listener: (chunk: AudioChunk) => void): Unsubscribe {
  let listeners = audioListeners.get(id);
  if (!listeners) {
    listeners = new Set();
    audioListeners.set(id, listeners);
    void call(INVOKE.watchAudio, id).catch(() => audioListeners.delete(id));
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || audioListeners.get(id) !== listeners) return;
    audioListeners.delete(id);
    void call(INVOKE.unwatchAudio, id).catch(() => undefined);
  };
}

function on<K extends keyof HostEvents>(event: K, listener: (value: HostEvents[K]) => void): Unsubscribe {
  if (!Object.hasOwn(PUSH, event) || event === ("frame" as string) || event === ("audio" as string))
    throw new TypeError(`no host event "${event}"`);
  const channel = PUSH[event];
  const handler = (_event: IpcRendererEvent, value: HostEvents[K]): void => listener(value);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const host: HostApi = {
  info: () => call(INVOKE.info),
  listMachines: () => call(INVOKE.listMachines),
  createMachine: (settings) => call(INVOKE.createMachine, settings),
  updateMachine: (id, settings) => call(INVOKE.updateMachine, id, settings),
  deleteMachine: (id) => call(INVOKE.deleteMachine, id),
  status: (id) => call(INVOKE.status, id),
  start: (id) => call(INVOKE.start, id),
  pause: (id) => call(INVOKE.pause, id),
  resume: (id) => call(INVOKE.resume, id),
  reset: (id, kind) => call(INVOKE.reset, id, kind),
  powerOff: (id) => call(INVOKE.powerOff, id),
  chooseMedia: (id, drive) => call(INVOKE.chooseMedia, id, drive),
  insertFile: (id, drive, file) => {
    const path = webUtils.getPathForFile(file);
    if (!path) {
      return Promise.reject(
        failure({
          message: `${file.name} is not a file on this computer's disk.`,
          hint: "Save the image into a folder first, then drop it from there.",
        }),
      );
    }
    return call(INVOKE.insertFile, id, drive, { path });
  },
  eject: (id, drive) => call(INVOKE.eject, id, drive),
  keyDown: (id, key) => call(INVOKE.keyDown, id, key),
  keyUp: (id, key) => call(INVOKE.keyUp, id, key),
  typeText: (id, text) => call(INVOKE.typeText, id, text),
  mouseInput: (id, dx, dy, buttons) => call(INVOKE.mouseInput, id, dx, dy, buttons),
  setForeground: (id) => call(INVOKE.setForeground, id),
  setSpeed: (id, speed) => call(INVOKE.setSpeed, id, speed),
  serialSend: (id, bytes) => call(INVOKE.serialSend, id, bytes),
  subscribeFrames,
  subscribeAudio,
  screenText: (id) => call(INVOKE.screenText, id),
  screenshot: (id) => call(INVOKE.screenshot, id),
  saveState: (id) => call(INVOKE.saveState, id),
  listStates: (id) => call(INVOKE.listStates, id),
  restoreState: (id, stateId) => call(INVOKE.restoreState, id, stateId),
  deleteState: (id, stateId) => call(INVOKE.deleteState, id, stateId),
  on,
};

contextBridge.exposeInMainWorld("realmode", host);
