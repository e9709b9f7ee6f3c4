/**
 * The one map of IPC channel names between the preload (renderer process) and the main process. `INVOKE` channels
 * carry one HostApi call each (ipcRenderer.invoke → ipcMain.handle); `PUSH` channels carry the host's events and the
 * screen frames (webContents.send → ipcRenderer.on). Nothing else crosses.
 */
import type { HostApi, HostEvents, Problem } from "../../renderer/host-api.ts";

type Calls = Exclude<keyof HostApi, "on" | "subscribeFrames" | "subscribeAudio">;

export const INVOKE = {
  info: "realmode:info",
  listMachines: "realmode:listMachines",
  createMachine: "realmode:createMachine",
  updateMachine: "realmode:updateMachine",
  deleteMachine: "realmode:deleteMachine",
  status: "realmode:status",
  start: "realmode:start",
  pause: "realmode:pause",
  resume: "realmode:resume",
  reset: "realmode:reset",
  powerOff: "realmode:powerOff",
  chooseMedia: "realmode:chooseMedia",
  insertFile: "realmode:insertFile",
  eject: "realmode:eject",
  keyDown: "realmode:keyDown",
  keyUp: "realmode:keyUp",
  typeText: "realmode:typeText",
  mouseInput: "realmode:mouseInput",
  setForeground: "realmode:setForeground",
  setSpeed: "realmode:setSpeed",
  serialSend: "realmode:serialSend",
  screenText: "realmode:screenText",
  screenshot: "realmode:screenshot",
  saveState: "realmode:saveState",
  listStates: "realmode:listStates",
  restoreState: "realmode:restoreState",
  deleteState: "realmode:deleteState",
  /** The renderer wants frames of a machine (subscribeFrames); they arrive on PUSH.frame. */
  watchFrames: "realmode:watchFrames",
  unwatchFrames: "realmode:unwatchFrames",
  /** The renderer plays a machine's speaker (subscribeAudio); its samples arrive on PUSH.audio. */
  watchAudio: "realmode:watchAudio",
  unwatchAudio: "realmode:unwatchAudio",
} as const satisfies Record<Calls | "watchFrames" | "unwatchFrames" | "watchAudio" | "unwatchAudio", string>;

export const PUSH = {
  machines: "realmode:event:machines",
  state: "realmode:event:state",
  stats: "realmode:event:stats",
  disk: "realmode:event:disk",
  serial: "realmode:event:serial",
  error: "realmode:event:error",
  notice: "realmode:event:notice",
  states: "realmode:event:states",
  frame: "realmode:frame",
  audio: "realmode:audio",
} as const satisfies Record<keyof HostEvents | "frame" | "audio", string>;

/** A frame as it travels on PUSH.frame: the machine it belongs to and the picture. */
export interface FrameMessage {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly changeCounter: number;
  readonly pixels: Uint8Array;
}

/** Speaker samples as they travel on PUSH.audio: the machine they belong to, mono floats in −1…1 at the rate. */
export interface AudioMessage {
  readonly id: string;
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

/** A call's outcome as it travels back: its value, or the problem in plain words with what to do. */
export type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: Problem };
