/** Saving and copying what is on the screen: a PNG download (and onto the clipboard where allowed), the text. */
export function downloadPng(bytes: Uint8Array, machineName: string): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/png" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  link.href = url;
  link.download = `${machineName.replace(/[^\w.-]+/g, "_")}-${stamp}.png`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  // The clipboard needs a secure context and focus; a screenshot is still saved when it refuses.
  if (typeof ClipboardItem !== "undefined") {
    navigator.clipboard?.write([new ClipboardItem({ "image/png": blob })]).catch(() => undefined);
  }
}
