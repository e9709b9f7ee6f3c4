/**
 * Which host this page talks to: the Electron preload's `window.realmode` when the desktop app loaded it, otherwise
 * the web host that served it, reached with the token from the page's address.
 */
import type { HostApi } from "./host-api.ts";
import { WebSocketHost } from "./web/web-socket-host.ts";

declare global {
  interface Window {
    readonly realmode?: HostApi;
  }
}

const TOKEN_KEY = "realmode-token";

export function connectHost(): HostApi | null {
  if (window.realmode) return window.realmode;
  // The token moves from the address bar into this tab's session storage, so copying the address does not share it
  // and a reload still connects.
  const token = new URLSearchParams(window.location.search).get("token") ?? window.sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  window.sessionStorage.setItem(TOKEN_KEY, token);
  window.history.replaceState(null, "", window.location.pathname);
  return new WebSocketHost(window.location.origin, token);
}
