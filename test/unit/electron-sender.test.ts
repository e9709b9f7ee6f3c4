import { test } from "node:test";
import assert from "node:assert/strict";
import { isTrustedSender } from "../../main/electron/sender.ts";

const trusted = { webContentsId: 3, rendererUrl: "file:///opt/Realmode/dist/renderer/index.html" };
const ok = { webContentsId: 3, frameUrl: "file:///opt/Realmode/dist/renderer/index.html", isTopFrame: true };

test("our window's top frame on our renderer page is trusted", () => {
  assert.equal(isTrustedSender(ok, trusted), true);
  assert.equal(isTrustedSender({ ...ok, frameUrl: `${ok.frameUrl}#/machines/1` }, trusted), true);
});

test("anything else is refused", () => {
  assert.equal(isTrustedSender(ok, null), false, "no window");
  assert.equal(isTrustedSender({ ...ok, webContentsId: 4 }, trusted), false, "another webContents");
  assert.equal(isTrustedSender({ ...ok, isTopFrame: false }, trusted), false, "a subframe");
  assert.equal(isTrustedSender({ ...ok, frameUrl: null }, trusted), false, "a frame that is gone");
  assert.equal(isTrustedSender({ ...ok, frameUrl: "https://example.com/index.html" }, trusted), false, "remote");
  assert.equal(isTrustedSender({ ...ok, frameUrl: "file:///tmp/evil/index.html" }, trusted), false, "other file");
  assert.equal(
    isTrustedSender({ ...ok, frameUrl: "file://host/opt/Realmode/dist/renderer/index.html" }, trusted),
    false,
  );
  assert.equal(isTrustedSender({ ...ok, frameUrl: "not a url" }, trusted), false, "garbage");
});
