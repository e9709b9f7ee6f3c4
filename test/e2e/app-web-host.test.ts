/**
 * The web host's gate, without a browser: the token, the Host header, uploads' size limit, the static files' folder
 * and headers; and the renderer's pure helpers (key map, 4:3 display size, wire encoding).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import { startWebHost, type WebHost } from "../../main/web/web-host.ts";
import { displaySize } from "../../renderer/app/screen-size.ts";
import { keyNameForCode } from "../../renderer/keymap.ts";
import { decodeMessage, encodeMessage } from "../../renderer/web/wire.ts";

let host: WebHost;
let folder: string;
let base: string;
let token: string;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), "realmode-web-host-"));
  writeFileSync(join(folder, "index.html"), "<!doctype html><title>t</title>");
  host = await startWebHost({
    port: 0,
    host: "127.0.0.1",
    rendererDir: folder,
    dataDir: join(folder, "data"),
    uploadLimitBytes: 4096,
  });
  const url = new URL(host.url);
  base = url.origin;
  token = url.searchParams.get("token")!;
});

after(async () => {
  await host.close();
  rmSync(folder, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}, method = "GET", body?: Buffer) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function openSocket(query: string, origin = base): Promise<"open" | "refused"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace("http", "ws")}/socket${query}`, { origin });
    ws.on("open", () => {
      ws.close();
      resolve("open");
    });
    ws.on("error", () => resolve("refused"));
  });
}

test("the printed address is on loopback and carries a long random token", () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
});

test("the socket opens only with the token and from the page's own origin", async () => {
  assert.equal(await openSocket(`?token=${token}`), "open");
  assert.equal(await openSocket(""), "refused");
  assert.equal(await openSocket(`?token=${token.slice(1)}x`), "refused");
  assert.equal(await openSocket(`?token=${token}`, "http://evil.example"), "refused");
});

test("a call over the socket creates a machine and reports bad arguments in plain words", async () => {
  const ws = new WebSocket(`${base.replace("http", "ws")}/socket?token=${token}`, { origin: base });
  const replies: unknown[] = [];
  await new Promise((resolve) => ws.on("open", resolve));
  ws.on("message", (data) => {
    const message = decodeMessage(String(data)) as { type: string };
    if (message.type === "result") replies.push(message);
  });
  const settings = { name: "T", type: "xt", cpu: "8088", memoryKb: 640, speed: "max", boot: "a" };
  ws.send(encodeMessage({ type: "call", call: 1, method: "createMachine", args: [settings] }));
  ws.send(encodeMessage({ type: "call", call: 2, method: "createMachine", args: [{ ...settings, memoryKb: 9999 }] }));
  while (replies.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  ws.close();
  const [ok, refused] = replies as {
    ok: boolean;
    value?: { name: string; media: unknown };
    problem?: { message: string };
  }[];
  assert.equal(ok.ok, true);
  assert.equal(ok.value?.name, "T");
  assert.deepEqual(ok.value?.media, { A: null, B: null, C: null });
  assert.equal(refused.ok, false);
  assert.match(refused.problem!.message, /Memory is 64 to 640 KB/);
});

test("uploads need the token and stop at the size limit", async () => {
  assert.equal((await get("/upload", {}, "POST", Buffer.alloc(10))).status, 403);
  const small = await get("/upload", { "x-realmode-token": token }, "POST", Buffer.alloc(512));
  assert.equal(small.status, 200);
  assert.match(small.body, /"upload":"[\w-]+"/);
  const big = await get("/upload", { "x-realmode-token": token }, "POST", Buffer.alloc(8192));
  assert.equal(big.status, 413);
  assert.match(big.body, /The image is larger than/);
});

test("static files come only from the renderer folder, with a strict CSP, and only to this host's name", async () => {
  const index = await get("/");
  assert.equal(index.status, 200);
  assert.match(String(index.headers["content-security-policy"]), /default-src 'self'.*object-src 'none'/);
  assert.equal(index.headers["referrer-policy"], "no-referrer");
  assert.equal((await get("/%2e%2e/package.json")).status, 404);
  assert.equal((await get("/", { host: "evil.example" })).status, 421);
});

test("keys map by physical position to scancodes.ts names, extended keys included", () => {
  assert.equal(keyNameForCode("KeyA"), "A");
  assert.equal(keyNameForCode("Digit0"), "0");
  assert.equal(keyNameForCode("F12"), "F12");
  assert.equal(keyNameForCode("ArrowUp"), "Up");
  assert.equal(keyNameForCode("ControlRight"), "RightCtrl");
  assert.equal(keyNameForCode("NumpadEnter"), "NumpadEnter");
  assert.equal(keyNameForCode("Numpad7"), "Numpad7");
  assert.equal(keyNameForCode("NumpadSubtract"), "NumpadMinus");
  assert.equal(keyNameForCode("F13"), undefined);
  assert.equal(keyNameForCode("Lang1"), undefined);
});

test("the screen is shown at 4:3 in whole multiples when it fits, shrunk to fit when not", () => {
  assert.deepEqual(displaySize(720, 1600, 1200), { width: 1440, height: 1080, scale: 2 });
  assert.deepEqual(displaySize(640, 700, 500), { width: 640, height: 480, scale: 1 });
  assert.deepEqual(displaySize(720, 360, 1000), { width: 360, height: 270, scale: 0 });
});

test("byte arrays survive the wire's JSON", () => {
  const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
  const text = encodeMessage({ type: "result", call: 1, ok: true, value: { png: bytes } });
  const back = decodeMessage(text) as { value: { png: Uint8Array } };
  assert.deepEqual(back.value.png, bytes);
});
