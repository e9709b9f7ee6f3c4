import { test } from "node:test";
import assert from "node:assert/strict";
import { imageFromOpenFile, imagesFromArgv } from "../../main/electron/launch-args.ts";

const files = new Set(["/home/ann/games/dos.img", "/home/ann/games/WIN.VHD", "/home/ann/notes.txt", "/data/b.ima"]);
const exists = (path: string): boolean => files.has(path);

test("packaged: every argument after the executable that is an existing image, resolved against cwd", () => {
  const argv = ["/opt/Realmode/realmode", "--no-sandbox", "dos.img", "WIN.VHD", "../notes.txt", "/data/b.ima"];
  assert.deepEqual(imagesFromArgv(argv, { packaged: true, cwd: "/home/ann/games", exists }), [
    "/home/ann/games/dos.img",
    "/home/ann/games/WIN.VHD",
    "/data/b.ima",
  ]);
});

test("unpackaged: the script after electron is skipped", () => {
  const argv = ["/usr/bin/electron", "/work/dist/dos.img", "/data/b.ima"];
  assert.deepEqual(imagesFromArgv(argv, { packaged: false, cwd: "/", exists }), ["/data/b.ima"]);
});

test("missing files, switches and duplicates are dropped", () => {
  const argv = ["realmode", "--open=/data/b.ima", "/data/missing.img", "/data/b.ima", "/data/b.ima", "-psn_0_123"];
  assert.deepEqual(imagesFromArgv(argv, { packaged: true, cwd: "/", exists }), ["/data/b.ima"]);
  assert.deepEqual(imagesFromArgv(["realmode"], { packaged: true, cwd: "/", exists }), []);
});

test("open-file: one absolute path to an existing image", () => {
  assert.equal(imageFromOpenFile("/data/b.ima", exists), "/data/b.ima");
  assert.equal(imageFromOpenFile("/home/ann/notes.txt", exists), null);
  assert.equal(imageFromOpenFile("b.ima", exists), null);
  assert.equal(imageFromOpenFile("/data/gone.img", exists), null);
  assert.equal(imageFromOpenFile(undefined, exists), null);
});
