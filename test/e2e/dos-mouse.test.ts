/**
 * The ROM's INT 33h driver under FreeDOS: a copy of the shared FreeDOS floppy gets our probe MPROBE.COM
 * (test/fixtures/dos/mouse-probe.asm), the machine boots it with a PS/2 mouse (at) or a serial mouse on COM1 (xt),
 * and the test moves the mouse between the probe's steps. The FreeDOS kernel points INT 33h at an IRET of its own
 * as it starts; the BIOS timer tick points it back at the ROM driver (bios/src/mouse.asm, mouse_reclaim_int33), so
 * the probe finds a driver. Expected positions are computed here from the moves.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { MachineProfile, MouseAttachment } from "../../emulator/machine.ts";
import { FatVolume } from "../support/fat/fat-volume.ts";
import { ProgramRun } from "../support/program-runner.ts";
import { testData } from "../support/testdata.ts";

const FLOPPY = "images/freedos/freedos.boot.disk.1.4MB.img";
const PROBE = new Uint8Array(readFileSync(new URL("../fixtures/dos/mouse-probe.bin", import.meta.url)));
/** Virtual time after a move before the probe is asked: the largest move here is four serial packets (90 ms). */
const MOVE_MS = 300;
const INT33_VECTOR = 0x33 * 4;

/** FreeDOS booted from a copy of the shared floppy with MPROBE.COM added, at the A:\> prompt. */
function bootFreeDos(image: string, profile: MachineProfile, mouse: MouseAttachment): ProgramRun {
  const floppy = new Uint8Array(readFileSync(image));
  new FatVolume(floppy).writeFile("MPROBE.COM", PROBE);
  const run = new ProgramRun({ profile, floppy, mouse });
  assert.ok(run.session.waitForText(/A:\\>/, 60_000), `no prompt:\n${run.session.screenText()}`);
  return run;
}

/** The hex words after `label` on the last screen line that starts with it (the screen scrolls), as unsigned. */
function report(run: ProgramRun, label: string): number[] {
  const line = run.session
    .screenText()
    .split("\n")
    .filter((l) => l.startsWith(label + " "))
    .pop();
  assert.ok(line !== undefined, `no "${label}" line on the screen:\n${run.session.screenText()}`);
  return line
    .slice(label.length + 1)
    .trim()
    .split(/[ :]/)
    .map((word) => parseInt(word, 16));
}

/** Types a key and waits for the probe's whole report of step n: five hex words, as signed numbers. */
function step(run: ProgramRun, n: number): number[] {
  const label = "S" + n.toString(16).toUpperCase().padStart(4, "0");
  run.session.type("x");
  const line = new RegExp(`^${label}( [0-9A-F]{4}){5}$`, "m");
  assert.ok(run.session.waitForText(line, 5_000), `no ${label}:\n${run.session.screenText()}`);
  return report(run, label).map((word) => (word >= 0x8000 ? word - 0x10000 : word));
}

/** Runs MPROBE and waits for its first two lines, whole. */
function startProbe(run: ProgramRun): void {
  run.session.type("mprobe\r");
  const ready = /^RESET [0-9A-F]{4} [0-9A-F]{4}$/m;
  assert.ok(run.session.waitForText(ready, 10_000), `no RESET:\n${run.session.screenText()}`);
}

/**
 * The ROM driver in 80x25 text: a 640x200 virtual screen centred after reset, 8 mickeys per 8 pixels across and 16
 * down, positions reported in whole 8x8 cells (bios/src/mouse-int33.asm).
 */
class Pointer {
  x = 320;
  y = 100;

  move(dx: number, dy: number): void {
    this.x = Math.min(639, Math.max(0, this.x + dx));
    this.y = Math.min(199, Math.max(0, this.y + dy / 2));
  }

  get reported(): [number, number] {
    return [this.x & ~7, this.y & ~7];
  }
}

/** dx, dy (host counts, dy down) and buttons (bit 0 left, 1 right); the last two are flicks of several packets. */
const MOVES = [
  [40, 16, 0],
  [0, 0, 1],
  [-24, -40, 1],
  [0, 0, 0],
  [400, 300, 2],
  [-500, -250, 0],
] as const;

const RUNS = [
  { profile: "at", mouse: "ps2" },
  { profile: "xt", mouse: "com1" },
] as const;

for (const { profile, mouse } of RUNS) {
  test(`FreeDOS: a DOS program finds the ROM's INT 33h driver and follows the mouse (${profile}, ${mouse})`, (t) => {
    const image = testData(FLOPPY);
    if (!image) return t.skip("shared test data missing");
    const run = bootFreeDos(image, profile, mouse);
    startProbe(run);
    assert.equal(report(run, "VEC")[0], 0xf000, "INT 33h leads into the system ROM again");
    assert.deepEqual(report(run, "RESET"), [0xffff, 2], "a two-button driver is installed");

    const pointer = new Pointer();
    for (const [i, [dx, dy, buttons]] of MOVES.entries()) {
      run.session.mouseInput(dx, dy, buttons);
      run.session.runMs(MOVE_MS);
      pointer.move(dx, dy);
      assert.deepEqual(
        step(run, i + 1),
        [buttons, ...pointer.reported, dx, dy],
        `step ${i + 1}: ${dx},${dy},${buttons}`,
      );
    }
    run.session.type("q");
    assert.ok(run.session.waitForText(/^BYE\n+A:\\>/m, 5_000), `no BYE:\n${run.session.screenText()}`);

    // A driver's own code in INT 33h is left alone by the tick; a bare IRET there is replaced again.
    const memory = run.machine.memory.bytes;
    const vector = () => Array.from(memory.subarray(INT33_VECTOR, INT33_VECTOR + 4));
    const int21 = Array.from(memory.subarray(0x21 * 4, 0x21 * 4 + 4));
    memory.set(int21, INT33_VECTOR);
    run.session.runMs(200);
    assert.deepEqual(vector(), int21);
    memory[0x500] = 0xcf;
    memory.set([0x00, 0x05, 0x00, 0x00], INT33_VECTOR);
    run.session.runMs(200);
    assert.equal(vector()[3], 0xf0, "back to F000:xxxx");
  });
}

test("FreeDOS without a mouse: INT 33h stays at the kernel's IRET and the probe finds no driver", (t) => {
  const image = testData(FLOPPY);
  if (!image) return t.skip("shared test data missing");
  const run = bootFreeDos(image, "at", "none");
  startProbe(run);
  assert.notEqual(report(run, "VEC")[0], 0xf000);
  assert.equal(report(run, "RESET")[0], 0, "AX=0000h: no driver");
  run.session.type("q");
  assert.ok(run.session.waitForText(/^BYE/m, 5_000));
});
