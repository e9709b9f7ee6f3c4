import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { CONTENT_SECURITY_POLICY, contentTypeFor, rendererFileFor } from "../../main/electron/renderer-files.ts";
import { screenshotPath } from "../../main/electron/screenshot-file.ts";

const dir = "/opt/Realmode/dist/renderer";

test("only files inside the renderer folder are served", () => {
  assert.equal(rendererFileFor(pathToFileURL(`${dir}/index.html`).href, dir), `${dir}/index.html`);
  assert.equal(rendererFileFor(`file://${dir}/assets/index-3f2a.js`, dir), `${dir}/assets/index-3f2a.js`);
  for (const url of [
    "file:///etc/passwd",
    `file://${dir}/../electron-main.mjs`,
    `file://${dir}/%2e%2e/electron-main.mjs`,
    `file://${dir}`,
    "file:///opt/Realmode/dist/renderer-evil/index.html",
    "https://example.com/",
    "nonsense",
  ]) {
    assert.equal(rendererFileFor(url, dir), null, url);
  }
});

test("the policy allows our own scripts only and no network", () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split("; ").map((directive) => {
      const [name, ...values] = directive.split(" ");
      return [name, values] as const;
    }),
  );
  assert.deepEqual(directives.get("default-src"), ["'none'"]);
  assert.deepEqual(directives.get("script-src"), ["'self'"]);
  assert.deepEqual(directives.get("connect-src"), ["'none'"]);
  assert.deepEqual(directives.get("object-src"), ["'none'"]);
  assert.ok(!CONTENT_SECURITY_POLICY.includes("unsafe-eval"));
  assert.equal(contentTypeFor("/x/index.HTML"), "text/html; charset=utf-8");
  assert.equal(contentTypeFor("/x/blob.bin"), "application/octet-stream");
});

test("screenshots go to Pictures/Realmode, named after the machine and the time", () => {
  const at = new Date(2026, 10, 24, 9, 5, 7);
  assert.equal(
    screenshotPath("/home/ann/Pictures", "FreeDOS", at),
    "/home/ann/Pictures/Realmode/FreeDOS 2026-11-24 09.05.07.png",
  );
  assert.equal(screenshotPath("/p", 'a/b:c*"d', at), "/p/Realmode/a_b_c__d 2026-11-24 09.05.07.png");
  assert.equal(screenshotPath("/p", "   ", at), "/p/Realmode/Machine 2026-11-24 09.05.07.png");
});
