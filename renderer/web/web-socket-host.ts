/**
 * The host API over the web host's WebSocket (main/web/web-host.ts; wire format in wire.ts). Calls become `call`
 * messages answered by `result`; events and pictures are pushed. Files are uploaded with one POST each and then
 * inserted by the handle the host returns, so no host path ever appears on this side.
 */
import type {
  AudioChunk,
  Drive,
  Frame,
  HostApi,
  HostEvents,
  HostInfo,
  MachineProfile,
  MachineSettings,
  MachineStatus,
  MediaInfo,
  Problem,
  ResetKind,
  SavedState,
  SpeedChoice,
  Unsubscribe,
} from "../host-api.ts";
import {
  binarySubscription,
  decodeMessage,
  encodeMessage,
  readAudioMessage,
  readFrameMessage,
  TOKEN_HEADER,
  UPLOAD_PATH,
  type CallName,
  type ClientMessage,
  type ServerMessage,
} from "./wire.ts";

/** An error the host reported, with its hint for the user. */
export class HostError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const LOST: Problem = {
  message: "The connection to Realmode was lost.",
  hint: "Check that `realmode serve` still runs, then reload this page.",
};

export class WebSocketHost implements HostApi {
  private readonly socket: WebSocket;
  private readonly opened: Promise<void>;
  private nextCall = 1;
  private nextSubscription = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly frameListeners = new Map<number, (frame: Frame) => void>();
  private readonly audioListeners = new Map<number, (chunk: AudioChunk) => void>();
  private readonly listeners = new Map<keyof HostEvents, Set<(value: never) => void>>();

  /** `origin` is the page's own (http://127.0.0.1:port); `token` the one in the address the host printed. */
  constructor(
    private readonly origin: string,
    private readonly token: string,
  ) {
    this.socket = new WebSocket(`${origin.replace(/^http/, "ws")}/socket?token=${encodeURIComponent(token)}`);
    this.socket.binaryType = "arraybuffer";
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener("open", () => resolve(), { once: true });
      this.socket.addEventListener("error", () => reject(new HostError(LOST)), { once: true });
    });
    this.opened.catch(() => undefined);
    this.socket.addEventListener("message", (event: MessageEvent<ArrayBuffer | string>) => this.receive(event.data));
    this.socket.addEventListener("close", () => {
      for (const pending of this.pending.values()) pending.reject(new HostError(LOST));
      this.pending.clear();
      this.dispatch("error", { id: null, problem: LOST });
    });
  }

  info(): Promise<HostInfo> {
    return this.call("info");
  }

  listMachines(): Promise<MachineProfile[]> {
    return this.call("listMachines");
  }

  createMachine(settings: MachineSettings): Promise<MachineProfile> {
    return this.call("createMachine", settings);
  }

  updateMachine(id: string, settings: Partial<MachineSettings>): Promise<MachineProfile> {
    return this.call("updateMachine", id, settings);
  }

  deleteMachine(id: string): Promise<void> {
    return this.call("deleteMachine", id);
  }

  status(id: string): Promise<MachineStatus> {
    return this.call("status", id);
  }

  start(id: string): Promise<void> {
    return this.call("start", id);
  }

  pause(id: string): Promise<void> {
    return this.call("pause", id);
  }

  resume(id: string): Promise<void> {
    return this.call("resume", id);
  }

  reset(id: string, kind: ResetKind): Promise<void> {
    return this.call("reset", id, kind);
  }

  powerOff(id: string): Promise<void> {
    return this.call("powerOff", id);
  }

  chooseMedia(): Promise<MediaInfo | null> {
    return Promise.reject(new HostError({ message: "The web host has no file dialog.", hint: "Use Insert image." }));
  }

  async insertFile(id: string, drive: Drive, file: File): Promise<MediaInfo> {
    const response = await fetch(`${this.origin}${UPLOAD_PATH}`, {
      method: "POST",
      headers: { [TOKEN_HEADER]: this.token, "content-type": "application/octet-stream" },
      body: file,
    }).catch(() => {
      throw new HostError(LOST);
    });
    const reply = (await response.json()) as { upload?: string; problem?: Problem };
    if (!response.ok || reply.upload === undefined) {
      throw new HostError(reply.problem ?? { message: `The upload failed (${response.status}).`, hint: "Try again." });
    }
    return this.call("insertUpload", id, drive, reply.upload, file.name);
  }

  eject(id: string, drive: Drive): Promise<void> {
    return this.call("eject", id, drive);
  }

  keyDown(id: string, key: string): Promise<void> {
    return this.call("keyDown", id, key);
  }

  keyUp(id: string, key: string): Promise<void> {
    return this.call("keyUp", id, key);
  }

  typeText(id: string, text: string): Promise<void> {
    return this.call("typeText", id, text);
  }

  mouseInput(id: string, dx: number, dy: number, buttons: number): Promise<void> {
    return this.call("mouseInput", id, dx, dy, buttons);
  }

  setForeground(id: string | null): Promise<void> {
    return this.call("setForeground", id);
  }

  setSpeed(id: string, speed: SpeedChoice): Promise<void> {
    return this.call("setSpeed", id, speed);
  }

  serialSend(id: string, bytes: Uint8Array): Promise<void> {
    return this.call("serialSend", id, bytes);
  }

  subscribeFrames(id: string, listener: (frame: Frame) => void): Unsubscribe {
    const subscription = this.nextSubscription++;
    this.frameListeners.set(subscription, listener);
    void this.post({ type: "frames", subscription, id });
    return () => {
      this.frameListeners.delete(subscription);
      void this.post({ type: "frames", subscription, id: null });
    };
  }

  subscribeAudio(id: string, listener: (chunk: AudioChunk) => void): Unsubscribe {
    const subscription = this.nextSubscription++;
    this.audioListeners.set(subscription, listener);
    void this.post({ type: "audio", subscription, id });
    return () => {
      this.audioListeners.delete(subscription);
      void this.post({ type: "audio", subscription, id: null });
    };
  }

  screenText(id: string): Promise<string> {
    return this.call("screenText", id);
  }

  screenshot(id: string): Promise<Uint8Array> {
    return this.call("screenshot", id);
  }

  saveState(id: string): Promise<SavedState> {
    return this.call("saveState", id);
  }

  listStates(id: string): Promise<SavedState[]> {
    return this.call("listStates", id);
  }

  restoreState(id: string, stateId: string): Promise<void> {
    return this.call("restoreState", id, stateId);
  }

  deleteState(id: string, stateId: string): Promise<void> {
    return this.call("deleteState", id, stateId);
  }

  on<K extends keyof HostEvents>(event: K, listener: (value: HostEvents[K]) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (value: never) => void);
    return () => set.delete(listener as (value: never) => void);
  }

  private async call<T>(method: CallName, ...args: unknown[]): Promise<T> {
    const call = this.nextCall++;
    const result = new Promise<unknown>((resolve, reject) => this.pending.set(call, { resolve, reject }));
    await this.post({ type: "call", call, method, args });
    return (await result) as T;
  }

  private async post(message: ClientMessage): Promise<void> {
    await this.opened;
    if (this.socket.readyState !== WebSocket.OPEN) throw new HostError(LOST);
    this.socket.send(encodeMessage(message));
  }

  private receive(data: ArrayBuffer | string): void {
    if (typeof data !== "string") {
      const subscription = binarySubscription(data);
      const audio = this.audioListeners.get(subscription);
      if (audio) {
        audio(readAudioMessage(data));
        return;
      }
      const frame = readFrameMessage(data);
      this.frameListeners.get(frame.subscription)?.(frame);
      return;
    }
    const message = decodeMessage(data) as ServerMessage;
    if (message.type === "event") {
      this.dispatch(message.name, message.value);
      return;
    }
    const pending = this.pending.get(message.call);
    if (!pending) return;
    this.pending.delete(message.call);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new HostError(message.problem));
  }

  private dispatch<K extends keyof HostEvents>(name: K, value: HostEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as (value: HostEvents[K]) => void)(value);
  }
}
