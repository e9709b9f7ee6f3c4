/**
 * `realmode serve`: the app in a browser. One HTTP server on loopback serves the built renderer (dist/renderer),
 * takes image uploads, and speaks the host API over a WebSocket (renderer/web/wire.ts).
 *
 * Safety: the server binds 127.0.0.1 unless told otherwise; the printed URL carries a random token, and the socket
 * and uploads refuse any request without it (compared in constant time). Requests must name this server in their
 * Host header and, for the socket, come from its own origin, so a web page elsewhere cannot reach it through DNS
 * rebinding or a cross-site socket. Uploads stream into a folder the host owns and stop at a size limit; the page
 * never names a host file. Static files are served with a strict Content-Security-Policy.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, extname, join, resolve, sep } from "node:path";
import { WebSocketServer, type WebSocket } from "ws";
import type { HostEvents, HostInfo } from "../../renderer/host-api.ts";
import {
  CALLS,
  encodeAudioMessage,
  encodeMessage,
  FRAME_HEADER_BYTES,
  TOKEN_HEADER,
  UPLOAD_PATH,
  decodeMessage,
  writeFrameHeader,
  type CallName,
  type ClientMessage,
  type ServerMessage,
} from "../../renderer/web/wire.ts";
import { Hypervisor } from "../hypervisor/hypervisor.ts";
import { HostService, type ServiceEvents } from "./host-service.ts";
import { problemOf, ProblemError } from "./problem.ts";
import { ProfileStore } from "./profile-store.ts";
import { DEFAULT_UPLOAD_LIMIT, UploadStore } from "./upload-store.ts";

export interface WebHostOptions {
  readonly port: number;
  readonly host: string;
  /** The built renderer (index.html and assets/). */
  readonly rendererDir: string;
  /** Where machines.json lives. */
  readonly dataDir: string;
  readonly workerUrl?: URL;
  readonly uploadLimitBytes?: number;
}

export interface WebHost {
  /** The address to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly service: HostService;
  close(): Promise<void>;
}

/** Pictures are offered to each page at most this often; a page whose socket lags behind skips pictures. */
const FRAME_INTERVAL_MS = 1000 / 30;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const SOCKET_PATH = "/socket";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // xterm.js and React's style props write styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join("; ");

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (!existsSync(join(options.rendererDir, "index.html"))) {
    throw new Error(`${options.rendererDir} has no built renderer (run npm run build:renderer)`);
  }
  const token = randomBytes(24).toString("base64url");
  const uploads = new UploadStore(options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT);
  const hypervisor = new Hypervisor(options.workerUrl ? { workerUrl: options.workerUrl } : {});
  const service = new HostService(hypervisor, new ProfileStore(options.dataDir));
  const info: HostInfo = {
    kind: "web",
    nativeDialogs: false,
    serial: true,
    diskActivity: true,
    sound: true,
    maxImageBytes: uploads.limitBytes,
  };
  let port = 0;
  const hostAllowed = (request: IncomingMessage): boolean => {
    const names = new Set([options.host, "127.0.0.1", "localhost", "[::1]"]);
    return [...names].some((name) => request.headers.host === `${name}:${port}`);
  };
  const tokenMatches = (given: string | null | undefined): boolean => {
    const a = Buffer.from(given ?? "");
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = createServer((request, response) => {
    if (!hostAllowed(request)) return refuse(response, 421, "wrong host");
    const url = new URL(request.url ?? "/", "http://host");
    if (url.pathname === UPLOAD_PATH && request.method === "POST") {
      if (!tokenMatches(request.headers[TOKEN_HEADER] as string | undefined)) return refuse(response, 403, "no token");
      uploads.receive(request).then(
        (upload) => sendJson(response, 200, { upload }),
        (error: unknown) => sendJson(response, 413, { problem: problemOf(error) }),
      );
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") return refuse(response, 405, "method not allowed");
    serveStatic(options.rendererDir, url.pathname, response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://host");
    const origin = request.headers.origin;
    const sameOrigin =
      origin !== undefined && hostAllowed({ headers: { host: origin.replace(/^http:\/\//, "") } } as IncomingMessage);
    if (
      url.pathname !== SOCKET_PATH ||
      !hostAllowed(request) ||
      !sameOrigin ||
      !tokenMatches(url.searchParams.get("token"))
    ) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, service, uploads, info));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    service,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      uploads.close();
    },
  };
}

/** One page's session: its calls, the service's events, and the pictures of the machines it shows. */
function connect(ws: WebSocket, service: HostService, uploads: UploadStore, info: HostInfo): void {
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message));
  };
  const forwards = (["machines", "state", "stats", "disk", "serial", "error", "notice", "states"] as const).map(
    (name) => {
      const listener = (value: HostEvents[typeof name]): void => send({ type: "event", name, value } as ServerMessage);
      service.on(name, listener);
      return () => service.off(name, listener);
    },
  );
  const subscriptions = new Map<number, { id: string; vm: number | undefined; counter: number }>();
  // Sound goes out as it comes, to each subscription of its machine. Only a socket stalled as far as pictures are
  // skipped drops it: pictures fill the socket in bursts (a frame is over a megabyte), and the page's player fades
  // over late or missing sound itself.
  const listening = new Map<number, string>();
  const onAudio = ({ id, chunk }: ServiceEvents["audio"][0]): void => {
    for (const [subscription, machine] of listening) {
      if (machine !== id || ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      ws.send(encodeAudioMessage(subscription, chunk.sampleRate, chunk.samples));
    }
  };
  service.on("audio", onAudio);

  const timer = setInterval(() => {
    for (const [subscription, watch] of subscriptions) {
      const vm = service.vmId(watch.id);
      if (vm === undefined || ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      const frames = service.hypervisor.frame(vm);
      if (vm === watch.vm && frames.changeCounter === watch.counter) continue;
      const frame = frames.read();
      if (!frame) continue;
      watch.vm = vm;
      watch.counter = frame.changeCounter;
      const message = new Uint8Array(FRAME_HEADER_BYTES + frame.pixels.length);
      writeFrameHeader(message, subscription, frame.width, frame.height, frame.changeCounter);
      message.set(frame.pixels, FRAME_HEADER_BYTES);
      ws.send(message);
    }
  }, FRAME_INTERVAL_MS);

  ws.on("message", (data, isBinary) => {
    if (isBinary) return ws.close(1003, "binary messages are not accepted");
    let message: ClientMessage;
    try {
      message = decodeMessage(String(data)) as ClientMessage;
    } catch {
      return ws.close(1007, "not JSON");
    }
    if (message.type === "frames") {
      if (typeof message.subscription !== "number") return;
      if (typeof message.id === "string")
        subscriptions.set(message.subscription, { id: message.id, vm: undefined, counter: -1 });
      else subscriptions.delete(message.subscription);
      return;
    }
    if (message.type === "audio") {
      if (typeof message.subscription !== "number") return;
      if (typeof message.id === "string") listening.set(message.subscription, message.id);
      else listening.delete(message.subscription);
      return;
    }
    if (message.type !== "call" || !CALLS.includes(message.method) || !Array.isArray(message.args)) {
      return ws.close(1008, "unknown message");
    }
    call(service, uploads, info, message.method, message.args).then(
      (value) => send({ type: "result", call: message.call, ok: true, value: value ?? null }),
      (error: unknown) => send({ type: "result", call: message.call, ok: false, problem: problemOf(error) }),
    );
  });
  ws.on("close", () => {
    clearInterval(timer);
    for (const off of forwards) off();
    service.off("audio", onAudio);
  });
}

async function call(
  service: HostService,
  uploads: UploadStore,
  info: HostInfo,
  method: CallName,
  args: readonly unknown[],
): Promise<unknown> {
  const [a, b, c, d] = args;
  switch (method) {
    case "info":
      return info;
    case "listMachines":
      return service.listMachines();
    case "createMachine":
      return service.createMachine(a);
    case "updateMachine":
      return service.updateMachine(a, b);
    case "deleteMachine":
      return service.deleteMachine(a);
    case "status":
      return service.status(a);
    case "start":
      return service.start(a);
    case "pause":
      return service.pause(a);
    case "resume":
      return service.resume(a);
    case "reset":
      return service.reset(a, b);
    case "powerOff":
      return service.powerOff(a);
    case "insertUpload": {
      const path = uploads.path(args[2]);
      if (!path) throw new ProblemError("The upload was not found.", "Drop or choose the image again.");
      const name = typeof args[3] === "string" ? basename(args[3]).slice(0, 120) : "image";
      return service.insertPath(a, b, path, name);
    }
    case "eject":
      return service.eject(a, b);
    case "keyDown":
      return service.keyDown(a, b);
    case "keyUp":
      return service.keyUp(a, b);
    case "typeText":
      return service.typeText(a, b);
    case "mouseInput":
      return service.mouseInput(a, b, c, d);
    case "setForeground":
      return service.setForeground(a);
    case "setSpeed":
      return service.setSpeed(a, b);
    case "serialSend":
      return service.serialSend(a, b);
    case "screenText":
      return service.screenText(a);
    case "screenshot":
      return service.screenshot(a);
    case "saveState":
      return service.saveState(a);
    case "listStates":
      return service.listStates(a);
    case "restoreState":
      return service.restoreState(a, b);
    case "deleteState":
      return service.deleteState(a, b);
  }
}

function serveStatic(root: string, pathname: string, response: ServerResponse): void {
  const relative = pathname === "/" ? "index.html" : decodeURIComponent(pathname).replace(/^\/+/, "");
  const path = resolve(root, relative);
  if (!path.startsWith(resolve(root) + sep) || !existsSync(path) || !statSync(path).isFile()) {
    return refuse(response, 404, "not found");
  }
  response.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    // The token is in the page's URL: never send it on as a referrer.
    "referrer-policy": "no-referrer",
    "cache-control": relative === "index.html" ? "no-store" : "max-age=3600",
  });
  response.end(readFileSync(path));
}

function refuse(response: ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  response.end(`${reason}\n`);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
}
