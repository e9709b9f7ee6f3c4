/**
 * The IPC handlers behind the preload's host API. Each one first checks that the call comes from our window's
 * renderer (sender.ts), then validates every argument (validate.ts), and only then calls the host service
 * (main/web/host-service.ts). Replies travel as `Reply` values rather than thrown errors, because Electron reduces a
 * thrown error to its message and the renderer shows the Problem's hint too. Host paths enter only from the open
 * dialog or a dropped file's path as the preload read it; the renderer never sends a path as text.
 */
import type { IpcMain, IpcMainInvokeEvent } from "electron";
import { statSync } from "node:fs";
import type { Drive, HostInfo, MediaInfo } from "../../renderer/host-api.ts";
import type { HostService } from "../web/host-service.ts";
import { problemOf, ProblemError } from "../web/problem.ts";
import { INVOKE, type Reply } from "./channels.ts";
import type { AudioRelay } from "./audio-relay.ts";
import type { FramePump } from "./frame-pump.ts";
import { isTrustedSender, type TrustedWindow } from "./sender.ts";
import * as check from "./validate.ts";

export interface IpcContext {
  readonly service: HostService;
  readonly frames: FramePump;
  readonly audio: AudioRelay;
  readonly info: HostInfo;
  /** Our window and its renderer page, or null while there is none. */
  trusted(): TrustedWindow | null;
  /** Opens the native dialog for an image for `drive`; null when the user cancelled. */
  chooseImage(drive: Drive): Promise<string | null>;
  /** An image reached a machine from outside the page (dialog or drop): File > Recent Images lists it. */
  imageUsed(path: string): void;
  /** The window acted on this machine: it becomes the one the Machine menu acts on. */
  machineUsed(id: string): void;
}

type Handler = (args: readonly unknown[]) => unknown;

/** Registers every handler on `ipc` (Electron's ipcMain; a test passes its own). */
export function registerIpcHandlers(ipc: Pick<IpcMain, "handle">, context: IpcContext): void {
  const { service, frames, audio } = context;
  const id = (args: readonly unknown[]): string => {
    const machine = check.machineId(args[0]);
    context.machineUsed(machine);
    return machine;
  };
  const insert = async (machine: string, drive: Drive, path: string): Promise<MediaInfo> => {
    const media = await service.insertPath(machine, drive, path);
    context.imageUsed(path);
    return media;
  };
  const handlers: { readonly [K in keyof typeof INVOKE]: readonly [count: number, handler: Handler] } = {
    info: [0, () => context.info],
    listMachines: [0, () => service.listMachines()],
    createMachine: [1, ([settings]) => service.createMachine(check.settings(settings))],
    updateMachine: [2, (args) => service.updateMachine(id(args), check.partialSettings(args[1]))],
    deleteMachine: [1, ([machine]) => service.deleteMachine(check.machineId(machine))],
    status: [1, (args) => service.status(id(args))],
    start: [1, (args) => service.start(id(args))],
    pause: [1, (args) => service.pause(id(args))],
    resume: [1, (args) => service.resume(id(args))],
    reset: [2, (args) => service.reset(id(args), check.resetKind(args[1]))],
    powerOff: [1, (args) => service.powerOff(id(args))],
    chooseMedia: [
      2,
      async (args) => {
        const machine = id(args);
        const drive = check.drive(args[1]);
        const path = await context.chooseImage(drive);
        return path === null ? null : insert(machine, drive, path);
      },
    ],
    insertFile: [
      3,
      (args) => {
        const machine = id(args);
        const drive = check.drive(args[1]);
        const path = check.droppedPath(args[2]);
        if (!isRegularFile(path)) {
          throw new ProblemError("Only an image file can go in a drive.", "Drop a disk image file, not a folder.");
        }
        return insert(machine, drive, path);
      },
    ],
    eject: [2, (args) => service.eject(id(args), check.drive(args[1]))],
    keyDown: [2, (args) => service.keyDown(id(args), check.keyName(args[1]))],
    keyUp: [2, (args) => service.keyUp(id(args), check.keyName(args[1]))],
    typeText: [2, (args) => service.typeText(id(args), check.typedText(args[1]))],
    mouseInput: [
      4,
      (args) =>
        service.mouseInput(
          check.machineId(args[0]),
          check.mouseDelta(args[1]),
          check.mouseDelta(args[2]),
          check.mouseButtons(args[3]),
        ),
    ],
    setForeground: [1, (args) => service.setForeground(args[0] === null ? null : id(args))],
    setSpeed: [2, (args) => service.setSpeed(id(args), check.speed(args[1]))],
    serialSend: [2, (args) => service.serialSend(id(args), args[1])],
    screenText: [1, (args) => service.screenText(id(args))],
    screenshot: [1, (args) => service.screenshot(id(args))],
    saveState: [1, (args) => service.saveState(id(args))],
    listStates: [1, (args) => service.listStates(id(args))],
    restoreState: [2, (args) => service.restoreState(id(args), check.stateId(args[1]))],
    deleteState: [2, (args) => service.deleteState(id(args), check.stateId(args[1]))],
    watchFrames: [1, (args) => frames.watch(id(args))],
    unwatchFrames: [1, ([machine]) => frames.unwatch(check.machineId(machine))],
    watchAudio: [1, ([machine]) => audio.watch(check.machineId(machine))],
    unwatchAudio: [1, ([machine]) => audio.unwatch(check.machineId(machine))],
  };
  for (const name of Object.keys(handlers) as (keyof typeof INVOKE)[]) {
    const [count, handler] = handlers[name];
    ipc.handle(INVOKE[name], async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Reply> => {
      if (!fromOurWindow(event, context.trusted())) {
        return {
          ok: false,
          problem: { message: "Refused: the request did not come from Realmode's window.", hint: "" },
        };
      }
      try {
        check.argumentCount(args, count);
        return { ok: true, value: await handler(args) };
      } catch (error) {
        return { ok: false, problem: problemOf(error) };
      }
    });
  }
}

function fromOurWindow(event: IpcMainInvokeEvent, trusted: TrustedWindow | null): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      webContentsId: event.sender.id,
      frameUrl: frame?.url ?? null,
      isTopFrame: frame !== null && frame.parent === null,
    },
    trusted,
  );
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
