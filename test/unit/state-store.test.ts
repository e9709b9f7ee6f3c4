import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkStateId, StateStore, STATE_ID_PATTERN } from "../../main/web/state-store.ts";
import { ProblemError } from "../../main/web/problem.ts";

const MACHINE = "0b6c2f1e-7d1a-4c55-9d3e-2f1b6a7c8d90";
const MEDIA = { A: { path: "/images/freedos.img", name: "freedos.img", sizeBytes: 1474560 }, B: null, C: null };

function withStore(run: (store: StateStore, folder: string, clock: { time: number }) => void): void {
  const folder = mkdtempSync(join(tmpdir(), "realmode-states-"));
  const clock = { time: Date.UTC(2025, 2, 3, 12, 4, 31, 250) };
  try {
    run(new StateStore(folder, () => new Date(clock.time)), folder, clock);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function save(store: StateStore, label: string, bytes = new Uint8Array([1, 2, 3, 4]), png: Uint8Array | null = null) {
  return store.save(MACHINE, { snapshot: bytes, thumbnail: png, label, media: MEDIA });
}

test("a saved state is three files named by its id, and comes back with its time, label, size and picture", () => {
  withStore((store, folder) => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const state = save(store, "12:04:31 — A: freedos.img", new Uint8Array(1000), png);
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
    assert.equal(save(store, "no picture").thumbnail, null);
  });
});

test("states are listed newest first, also when saved within one millisecond", () => {
  withStore((store, _folder, clock) => {
    const first = save(store, "first");
    clock.time += 60_000;
    const second = save(store, "second");
    const third = save(store, "third (same millisecond)");
    assert.deepEqual(
      store.list(MACHINE).map((state) => state.label),
      ["third (same millisecond)", "second", "first"],
    );
    assert.ok(third.id > second.id && second.id > first.id);
    assert.deepEqual(store.list("another-machine"), []);
  });
});

test("deleting a state removes its files; deleting the machine removes them all", () => {
  withStore((store, folder) => {
    const kept = save(store, "kept");
    const gone = save(store, "gone", new Uint8Array(8), new Uint8Array(4));
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

test("a state whose files are incomplete or unreadable is not listed", () => {
  withStore((store, folder) => {
    const whole = save(store, "whole");
    const noSnapshot = save(store, "snapshot missing");
    rmSync(join(folder, MACHINE, `${noSnapshot.id}.rmstate`));
    const badMeta = save(store, "bad meta");
    writeFileSync(join(folder, MACHINE, `${badMeta.id}.json`), "{ not json");
    writeFileSync(join(folder, MACHINE, "notes.json"), "{}");
    assert.deepEqual(
      store.list(MACHINE).map((state) => state.id),
      [whole.id],
    );
  });
});

test("ids that could name a path are refused before any file is touched", () => {
  withStore((store, folder) => {
    const state = save(store, "one");
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
