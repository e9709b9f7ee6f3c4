import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Drive, MachineProfile, MachineSettings } from "../../renderer/host-api.ts";
import { openImageInNewMachine, settingsForImage, type MachineLibrary } from "../../main/electron/open-image.ts";

test("machine settings follow the image: XT for a 360 KB diskette, AT for 1.44 MB and hard disks", () => {
  assert.deepEqual(settingsForImage("/games/Digger.img", 368_640), {
    name: "Digger",
    type: "xt",
    cpu: "8088",
    memoryKb: 640,
    speed: "4.77",
    boot: "a",
  });
  assert.equal(settingsForImage("/dos/FreeDOS 1.4.IMA", 1_474_560).type, "at");
  assert.equal(settingsForImage("/dos/FreeDOS 1.4.IMA", 1_474_560).boot, "a");
  assert.equal(settingsForImage("/dos/FreeDOS 1.4.IMA", 1_474_560).name, "FreeDOS 1.4");
  const disk = settingsForImage("/vm/c.vhd", 20 * 1024 * 1024);
  assert.deepEqual([disk.type, disk.cpu, disk.boot], ["at", "80286", "c"]);
  assert.equal(settingsForImage("/x/  .img", 368_640).name, "Disk image");
});

class FakeLibrary implements MachineLibrary {
  calls: string[] = [];
  refuse = false;
  createMachine(settings: MachineSettings): MachineProfile {
    this.calls.push(`create ${settings.name} ${settings.type}`);
    const defaults = { mouse: settings.mouse ?? "none", video: settings.video ?? "vga" } as const;
    return { ...settings, ...defaults, id: "m1", media: { A: null, B: null, C: null } };
  }
  async insertPath(id: string, drive: Drive, path: string) {
    this.calls.push(`insert ${id} ${drive} ${path}`);
    if (this.refuse) throw new Error("not a disk image");
    return { name: "x", sizeBytes: 0 };
  }
  async deleteMachine(id: string) {
    this.calls.push(`delete ${id}`);
  }
  async start(id: string) {
    this.calls.push(`start ${id}`);
  }
}

test("opening an image creates, fills and starts a machine; a refused image leaves no machine behind", async () => {
  const folder = mkdtempSync(join(tmpdir(), "realmode-open-"));
  try {
    const path = join(folder, "games.img");
    writeFileSync(path, new Uint8Array(368_640));
    const library = new FakeLibrary();
    const profile = await openImageInNewMachine(library, path);
    assert.equal(profile.id, "m1");
    assert.deepEqual(library.calls, ["create games xt", `insert m1 A ${path}`, "start m1"]);

    const refusing = new FakeLibrary();
    refusing.refuse = true;
    await assert.rejects(openImageInNewMachine(refusing, path), /not a disk image/);
    assert.deepEqual(refusing.calls, ["create games xt", `insert m1 A ${path}`, "delete m1"]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
