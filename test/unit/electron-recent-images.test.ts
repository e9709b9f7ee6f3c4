import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_RECENT, RecentImages } from "../../main/electron/recent-images.ts";

function withFolder(run: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), "realmode-recent-"));
  try {
    run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test("newest first, no duplicates, at most MAX_RECENT, and kept across runs", () => {
  withFolder((folder) => {
    const file = join(folder, "recent-images.json");
    const recent = new RecentImages(file);
    assert.deepEqual(recent.list(), []);
    recent.add("/a.img");
    recent.add("/b.img");
    recent.add("/a.img");
    assert.deepEqual(recent.list(), ["/a.img", "/b.img"]);
    for (let i = 0; i < MAX_RECENT + 3; i++) recent.add(`/disk${i}.img`);
    assert.equal(recent.list().length, MAX_RECENT);
    assert.equal(recent.list()[0], `/disk${MAX_RECENT + 2}.img`);
    assert.deepEqual(new RecentImages(file).list(), recent.list());
    assert.equal(JSON.parse(readFileSync(file, "utf8")).format, 1);
  });
});

test("prune drops vanished images; clear empties the list on disk too", () => {
  withFolder((folder) => {
    const file = join(folder, "recent-images.json");
    const recent = new RecentImages(file, ["/keep.img", "/gone.img"]);
    recent.prune((path) => path !== "/gone.img");
    assert.deepEqual(recent.list(), ["/keep.img"]);
    recent.clear();
    assert.deepEqual(new RecentImages(file).list(), []);
  });
});

test("a missing or damaged file is an empty list", () => {
  withFolder((folder) => {
    const file = join(folder, "recent-images.json");
    for (const text of ["{", "null", "[]", '{"format":2,"images":["/a.img"]}', '{"format":1,"images":"x"}']) {
      writeFileSync(file, text);
      assert.deepEqual(new RecentImages(file).list(), [], text);
    }
    writeFileSync(file, '{"format":1,"images":["/a.img",7,""]}');
    assert.deepEqual(new RecentImages(file).list(), ["/a.img"]);
  });
});
