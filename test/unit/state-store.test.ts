import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  checkStateId,
  fingerprintFile,
  StateStore,
  STATE_ID_PATTERN,
  type DriveImage,
} from "../../main/web/state-store.ts";
import { ProblemError } from "../../main/web/problem.ts";

const MACHINE = "0b6c2f1e-7d1a-4c55-9d3e-2f1b6a7c8d90";
const MEDIA = { A: { path: "/images/freedos.img", name: "freedos.img", sizeBytes: 1474560 }, B: null, C: null };

async function withStore(
  run: (store: StateStore, folder: string, clock: { time: number }) => Promise<void>,
): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "realmode-states-"));
  const clock = { time: Date.UTC(2025, 2, 3, 12, 4, 31, 250) };
  try {
    const states = join(folder, "states");
    await run(new StateStore(states, join(folder, "diskettes"), () => new Date(clock.time)), states, clock);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function save(
  store: StateStore,
  label: string,
  bytes = new Uint8Array([1, 2, 3, 4]),
  png: Uint8Array | null = null,
  images: readonly DriveImage[] = [],
) {
  return store.save(MACHINE, { snapshot: bytes, thumbnail: png, label, media: MEDIA, images });
}

test("a saved state is three files named by its id, and comes back with its time, label, size and picture", async () => {
  await withStore(async (store, folder) => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const state = await save(store, "12:04:31 — A: freedos.img", new Uint8Array(1000), png);
    assert.match(state.id, STATE_ID_PATTERN);
    assert.ok(state.id.startsWith(String(Date.UTC(2025, 2, 3, 12, 4, 31, 250))), state.id);
    assert.equal(state.machineId, MACHINE);
    assert.equal(state.createdAt, "2025-03-03T12:04:31.250Z");
    assert.equal(state.label, "12:04:31 — A: freedos.img");
    assert.equal(state.sizeBytes, 1000);
    assert.equal(state.thumbnail, "data:image/png;base64,iVBORw==");
    assert.deepEqual(readdirSync(join(folder, MACHINE)).sort(), [
      `${state.id}.json`,
      `${state.id}.png`,
      `${state.id}.rmstate`,
    ]);
    const read = store.read(MACHINE, state.id);
    assert.equal(read.snapshot.length, 1000);
    assert.deepEqual(read.meta.media, MEDIA);
    assert.equal((await save(store, "no picture")).thumbnail, null);
  });
});

test("states are listed newest first, also when saved within one millisecond", async () => {
  await withStore(async (store, _folder, clock) => {
    const first = await save(store, "first");
    clock.time += 60_000;
    const second = await save(store, "second");
    const third = await save(store, "third (same millisecond)");
    assert.deepEqual(
      store.list(MACHINE).map((state) => state.label),
      ["third (same millisecond)", "second", "first"],
    );
    assert.ok(third.id > second.id && second.id > first.id);
    assert.deepEqual(store.list("another-machine"), []);
  });
});

test("deleting a state removes its files; deleting the machine removes them all", async () => {
  await withStore(async (store, folder) => {
    const kept = await save(store, "kept");
    const gone = await save(store, "gone", new Uint8Array(8), new Uint8Array(4));
    store.delete(MACHINE, gone.id);
    assert.deepEqual(
      store.list(MACHINE).map((state) => state.id),
      [kept.id],
    );
    assert.ok(!readdirSync(join(folder, MACHINE)).some((name) => name.startsWith(gone.id)));
    assert.throws(() => store.read(MACHINE, gone.id), /does not exist any more/);
    store.deleteMachine(MACHINE);
    assert.equal(existsSync(join(folder, MACHINE)), false);
    assert.deepEqual(store.list(MACHINE), []);
  });
});

test("a state whose files are incomplete or unreadable is not listed", async () => {
  await withStore(async (store, folder) => {
    const whole = await save(store, "whole");
    const noSnapshot = await save(store, "snapshot missing");
    rmSync(join(folder, MACHINE, `${noSnapshot.id}.rmstate`));
    const badMeta = await save(store, "bad meta");
    writeFileSync(join(folder, MACHINE, `${badMeta.id}.json`), "{ not json");
    writeFileSync(join(folder, MACHINE, "notes.json"), "{}");
    assert.deepEqual(
      store.list(MACHINE).map((state) => state.id),
      [whole.id],
    );
  });
});

test("ids that could name a path are refused before any file is touched", async () => {
  await withStore(async (store, folder) => {
    const state = await save(store, "one");
    for (const bad of ["../x", "..", "1234567890123-abcdef0/", "1234567890123-ABCDEF01", "", " ", "a/b", 5, null]) {
      assert.throws(() => checkStateId(bad), ProblemError, String(bad));
      assert.throws(() => store.read(MACHINE, bad as string), ProblemError, String(bad));
      assert.throws(() => store.delete(MACHINE, bad as string), ProblemError, String(bad));
    }
    for (const machine of ["..", "../etc", "a/b", "A", ""]) {
      assert.throws(() => store.list(machine), ProblemError, machine);
      assert.throws(() => store.deleteMachine(machine), ProblemError, machine);
    }
    assert.equal(checkStateId(state.id), state.id);
    assert.deepEqual(
      store.list(MACHINE).map((each) => each.id),
      [state.id],
    );
    assert.ok(existsSync(folder));
  });
});

/** A diskette (a 720K image's size) and a small hard disk in a temporary folder, with recognisable contents. */
function images(folder: string): { floppy: DriveImage; disk: DriveImage; floppyBytes: Uint8Array } {
  const floppyBytes = new Uint8Array(737_280).map((_, i) => (i * 7) & 0xff);
  const floppyPath = join(folder, "dos disk.img");
  const diskPath = join(folder, "c.img");
  writeFileSync(floppyPath, floppyBytes);
  writeFileSync(diskPath, new Uint8Array(4 * 1024 * 1024).fill(0x5a));
  return {
    floppy: { drive: "A", kind: "floppy", path: floppyPath, name: "dos disk.img" },
    disk: { drive: "C", kind: "hard-disk", path: diskPath, name: "c.img" },
    floppyBytes,
  };
}

/** Writes one byte into a file in place, as a guest writing a sector (or another program) would change it. */
function poke(path: string, offset: number, value: number): void {
  const bytes = readFileSync(path);
  bytes[offset] = value;
  writeFileSync(path, bytes);
}

test("a save copies each diskette beside the snapshot and fingerprints each hard disk", async () => {
  await withStore(async (store, folder) => {
    const { floppy, disk, floppyBytes } = images(join(folder, ".."));
    const state = await save(store, "with disks", new Uint8Array(1000), null, [floppy, disk]);
    assert.deepEqual(readdirSync(join(folder, MACHINE)).sort(), [
      `${state.id}.A.img`,
      `${state.id}.json`,
      `${state.id}.rmstate`,
    ]);
    assert.deepEqual(readFileSync(join(folder, MACHINE, `${state.id}.A.img`)), Buffer.from(floppyBytes));
    assert.equal(state.sizeBytes, 1000 + floppyBytes.length, "the copy counts in the state's size");
    const { meta } = store.read(MACHINE, state.id);
    assert.deepEqual(meta.images?.A, {
      path: floppy.path,
      kind: "floppy",
      sizeBytes: floppyBytes.length,
      sha256: createHash("sha256").update(floppyBytes).digest("hex"),
    });
    assert.deepEqual(meta.images?.C, {
      path: disk.path,
      kind: "hard-disk",
      sizeBytes: 4 * 1024 * 1024,
      sha256: createHash("sha256").update(readFileSync(disk.path)).digest("hex"),
    });
    assert.deepEqual(await fingerprintFile(disk.path), {
      sizeBytes: meta.images!.C!.sizeBytes,
      sha256: meta.images!.C!.sha256,
    });
    store.delete(MACHINE, state.id);
    assert.deepEqual(readdirSync(join(folder, MACHINE)), [], "deleting the state deletes its copies");
  });
});

test("an image that cannot be read fails the save with a Problem and leaves no files", async () => {
  await withStore(async (store, folder) => {
    const { floppy } = images(join(folder, ".."));
    const missing = { ...floppy, path: join(folder, "..", "nowhere.img") };
    await assert.rejects(save(store, "x", undefined, null, [missing]), (error: ProblemError) => {
      assert.ok(error instanceof ProblemError);
      assert.equal(error.message, "dos disk.img in A: cannot be read (it is gone).");
      return true;
    });
    assert.deepEqual(store.list(MACHINE), []);
    assert.ok(!existsSync(join(folder, MACHINE)) || readdirSync(join(folder, MACHINE)).length === 0);
  });
});

test("unchanged images restore as they are: no copy is needed", async () => {
  await withStore(async (store, folder) => {
    const { floppy, disk } = images(join(folder, ".."));
    const state = await save(store, "x", undefined, null, [floppy, disk]);
    const { meta } = store.read(MACHINE, state.id);
    assert.deepEqual(await store.checkImages(MACHINE, state.id, meta, [floppy, disk]), []);
    assert.equal(existsSync(store.disketteFolder), false);
  });
});

test("a diskette changed after the save restores as it was, as a new file, and the user's image is untouched", async () => {
  await withStore(async (store, folder) => {
    const { floppy, floppyBytes } = images(join(folder, ".."));
    const state = await save(store, "x", undefined, null, [floppy]);
    poke(floppy.path, 0x2600, 0xe5);
    const changed = readFileSync(floppy.path);
    const { meta } = store.read(MACHINE, state.id);
    assert.deepEqual(await store.checkImages(MACHINE, state.id, meta, [floppy]), ["A"]);
    const copy = store.restoreDiskette(MACHINE, state.id, meta, floppy);
    const saved = new Date(Date.UTC(2025, 2, 3, 12, 4, 31, 250));
    const two = (n: number) => String(n).padStart(2, "0");
    const stamp =
      `${saved.getFullYear()}-${two(saved.getMonth() + 1)}-${two(saved.getDate())} ` +
      `${two(saved.getHours())}.${two(saved.getMinutes())}.${two(saved.getSeconds())}`;
    assert.equal(copy, join(store.disketteFolder, `dos disk (as saved ${stamp}).img`));
    assert.deepEqual(readFileSync(copy), Buffer.from(floppyBytes), "the machine gets the diskette as it was");
    assert.deepEqual(readFileSync(floppy.path), changed, "the user's image keeps what was written after the save");
    // A second restore never overwrites the first copy (the machine may be using it).
    const again = store.restoreDiskette(MACHINE, state.id, meta, floppy);
    assert.equal(basename(again), `dos disk (as saved ${stamp}) 2.img`);
    assert.deepEqual(readdirSync(store.disketteFolder).sort(), [basename(copy), basename(again)].sort());
    // A diskette that is gone altogether comes back from the copy too.
    rmSync(floppy.path);
    assert.deepEqual(await store.checkImages(MACHINE, state.id, meta, [floppy]), ["A"]);
  });
});

test("a name from a page cannot make the restored copy land outside the diskette folder", async () => {
  await withStore(async (store, folder) => {
    const { floppy } = images(join(folder, ".."));
    const named = { ...floppy, name: "../../etc/passwd" };
    const state = await save(store, "x", undefined, null, [named]);
    const copy = store.restoreDiskette(MACHINE, state.id, store.read(MACHINE, state.id).meta, named);
    assert.equal(join(copy, ".."), store.disketteFolder);
    assert.match(basename(copy), /^_.._etc_passwd \(as saved [0-9-]+ [0-9.]+\)\.img$/);
  });
});

test("a changed or missing hard disk is refused with a plain Problem", async () => {
  await withStore(async (store, folder) => {
    const { floppy, disk } = images(join(folder, ".."));
    const state = await save(store, "x", undefined, null, [floppy, disk]);
    const { meta } = store.read(MACHINE, state.id);
    poke(disk.path, 4096, 0);
    await assert.rejects(store.checkImages(MACHINE, state.id, meta, [floppy, disk]), (error: ProblemError) => {
      assert.ok(error instanceof ProblemError);
      assert.equal(error.message, "C: has changed since this state was saved: restoring would damage its files.");
      assert.match(error.hint, /memory, not its hard disk.*c\.img was written after the save/);
      return true;
    });
    rmSync(disk.path);
    await assert.rejects(
      store.checkImages(MACHINE, state.id, meta, [disk]),
      /saved with c\.img in C:, and that image is gone/,
    );
    assert.equal(existsSync(store.disketteFolder), false, "nothing was copied for a refused restore");
  });
});

test("a changed diskette whose kept copy is damaged or missing is refused; so is a state from before fingerprints", async () => {
  await withStore(async (store, folder) => {
    const { floppy } = images(join(folder, ".."));
    const state = await save(store, "x", undefined, null, [floppy]);
    const { meta } = store.read(MACHINE, state.id);
    poke(floppy.path, 0, 0xeb);
    const copy = join(folder, MACHINE, `${state.id}.A.img`);
    poke(copy, 512, 1);
    await assert.rejects(store.checkImages(MACHINE, state.id, meta, [floppy]), /copy of the diskette .* is damaged/);
    assert.throws(() => store.restoreDiskette(MACHINE, state.id, meta, floppy), /copy of A: .* is damaged/);
    rmSync(copy);
    await assert.rejects(store.checkImages(MACHINE, state.id, meta, [floppy]), /is missing/);
    const old = { format: 1, createdAt: meta.createdAt, label: meta.label, media: meta.media };
    writeFileSync(join(folder, MACHINE, `${state.id}.json`), JSON.stringify(old));
    assert.equal(store.list(MACHINE).length, 1, "an older state is still listed");
    await assert.rejects(
      store.checkImages(MACHINE, state.id, store.read(MACHINE, state.id).meta, [floppy]),
      /earlier Realmode, which did not record its disks/,
    );
    assert.equal(existsSync(store.disketteFolder), false);
  });
});
