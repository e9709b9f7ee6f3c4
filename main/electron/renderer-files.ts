/**
 * What the window may load: only files inside the built renderer folder (dist/renderer/), each with a strict
 * Content-Security-Policy. main.ts routes every file:// request of the session through `rendererResponseFor`, so a
 * page that was made to ask for file:///etc/passwd or a user's documents gets a 404, and no script other than the
 * renderer's own bundle ever runs (no inline script, no eval, no remote origin).
 */
import { extname, isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // React's style props and xterm.js write styles at run time.
  "style-src 'self' 'unsafe-inline'",
  // Screenshots are shown from blob: URLs; data: covers small inline images in CSS.
  "img-src 'self' blob: data:",
  "font-src 'self'",
  // Everything reaches the host through the preload's IPC; the page itself talks to no one.
  "connect-src 'none'",
  "worker-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/** The file a file:// URL names if it lies inside `rendererDir`; null for anything outside it or malformed. */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return null;
  }
  const inside = relative(rendererDir, path);
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) return null;
  return path;
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}
