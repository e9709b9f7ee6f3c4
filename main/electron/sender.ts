/**
 * Who may call the host API over IPC: only the top frame of our own window, showing our own renderer page. Any
 * other webContents (a devtools extension, a future second window) or frame (an iframe the page might contain), or
 * our window after something navigated it away from the renderer, is refused. Electron's security checklist item 17
 * ("Validate the sender of all IPC messages") is the reason.
 */

/** What an IPC event says about its sender (IpcMainInvokeEvent: sender.id, senderFrame.url, senderFrame.parent). */
export interface SenderFacts {
  readonly webContentsId: number;
  /** null when the frame is gone (navigated or destroyed) before the message was handled. */
  readonly frameUrl: string | null;
  readonly isTopFrame: boolean;
}

export interface TrustedWindow {
  readonly webContentsId: number;
  /** The renderer page's file:// URL (dist/renderer/index.html). */
  readonly rendererUrl: string;
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedWindow | null): boolean {
  if (!trusted || sender.webContentsId !== trusted.webContentsId) return false;
  if (sender.frameUrl === null || !sender.isTopFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return false;
  }
  const expected = new URL(trusted.rendererUrl);
  // Compare the document, not the fragment or query the renderer may use for its own routing.
  return url.protocol === "file:" && url.host === expected.host && url.pathname === expected.pathname;
}
