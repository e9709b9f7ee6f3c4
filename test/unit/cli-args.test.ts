import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRunArguments, UsageError } from "../../main/cli/args.ts";

test("options and steps, steps kept in order", () => {
  const options = parseRunArguments([
    "--machine",
    "at",
    "--fda",
    "a.img",
    "--overlay",
    "--deterministic",
    "--wait-text",
    "A:\\\\>",
    "--type",
    "dir\\r",
    "--wait-ms",
    "100",
    "--screenshot",
    "out.png",
    "--screen-text",
    "-",
  ]);
  assert.equal(options.machine, "at");
  assert.equal(options.fda, "a.img");
  assert.equal(options.imageMode, "overlay");
  assert.equal(options.deterministic, true);
  assert.equal(options.speedMhz, undefined);
  assert.deepEqual(
    options.steps.map((step) => step.kind),
    ["wait-text", "type", "wait-ms", "screenshot", "screen-text"],
  );
  const wait = options.steps[0];
  assert.ok(wait.kind === "wait-text" && wait.pattern.test("A:\\>"));
});

test("defaults: xt, 640 KB, boot from A:, read-write images, max speed", () => {
  const options = parseRunArguments([]);
  assert.equal(options.machine, "xt");
  assert.equal(options.memoryKb, 640);
  assert.equal(options.boot, "a");
  assert.equal(options.imageMode, "read-write");
  assert.equal(options.speedMhz, undefined);
});

test("bad arguments are refused with a message", () => {
  const refuse = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseRunArguments(args),
      (error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        return true;
      },
    );
  refuse(["--machine", "ps2"], /--machine must be xt or at/);
  refuse(["--memory", "700"], /multiple of 16 KB/);
  refuse(["--speed", "fast"], /--speed must be max or MHz/);
  refuse(["--wait-text", "("], /not a regular expression/);
  refuse(["--hda", "c.img"], /xt machine has no hard-disk controller/);
  refuse(["--read-only", "--overlay"], /at most one/);
  refuse(["--fda"], /--fda needs a value/);
  refuse(["--frobnicate"], /unknown argument/);
  refuse(["--cpu", "80286"], /needs --machine at/);
});

test("--mouse picks where the mouse is plugged; --mouse-move is a step", () => {
  const options = parseRunArguments([
    "--machine",
    "at",
    "--mouse",
    "com2",
    "--mouse-move",
    "10,-5",
    "--mouse-move",
    "-3,4,5",
  ]);
  assert.equal(options.mouse, "com2");
  assert.deepEqual(options.steps, [
    { kind: "mouse-move", dx: 10, dy: -5, buttons: 0 },
    { kind: "mouse-move", dx: -3, dy: 4, buttons: 5 },
  ]);
  assert.equal(parseRunArguments([]).mouse, undefined, "no --mouse: the machine's default");
});

test("mouse arguments that cannot work are refused with a message", () => {
  const refuse = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseRunArguments(args),
      (error) => error instanceof UsageError && message.test(error.message),
    );
  refuse(["--mouse", "usb"], /--mouse must be one of/);
  refuse(["--mouse", "ps2"], /xt machine has no PS\/2 mouse port/);
  refuse(["--mouse", "com1", "--serial", "-"], /--serial needs COM1/);
  refuse(["--mouse-move", "10"], /--mouse-move needs DX,DY/);
  refuse(["--mouse-move", "1,2,8"], /buttons 0-7/);
  refuse(["--mouse-move", "1.5,2"], /whole numbers/);
});

test("--aspect stretches every --screenshot to 4:3; without it screenshots are at native resolution", () => {
  const plain = parseRunArguments(["--screenshot", "a.png"]);
  assert.equal(plain.aspect, false);
  const stretched = parseRunArguments(["--screenshot", "a.png", "--aspect", "--screenshot", "b.png"]);
  assert.equal(stretched.aspect, true);
  assert.deepEqual(
    stretched.steps.map((step) => step.kind),
    ["screenshot", "screenshot"],
  );
});

test("--video picks the display adapter on either machine; without it the machine's default", () => {
  assert.equal(parseRunArguments([]).video, undefined, "no --video: the profile's default (videoFor)");
  assert.equal(parseRunArguments(["--video", "cga"]).video, "cga");
  assert.equal(parseRunArguments(["--machine", "at", "--video", "cga"]).video, "cga", "IBM sold ATs with a CGA");
  assert.equal(parseRunArguments(["--machine", "xt", "--video", "vga"]).video, "vga");
  assert.equal(
    parseRunArguments(["--bios", "other.rom", "--video", "cga"]).video,
    "cga",
    "a third-party BIOS: the user's call",
  );
});

test("--video arguments that cannot work are refused with a message", () => {
  const refuse = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseRunArguments(args),
      (error) => error instanceof UsageError && message.test(error.message),
    );
  refuse(["--video", "ega"], /--video must be cga or vga, not "ega"/);
  refuse(["--video", "CGA"], /--video must be cga or vga/);
  refuse(["--video"], /--video needs a value/);
  refuse(["--load-state", "s.rmsnap", "--video", "cga"], /--video cannot be given with --load-state/);
});
