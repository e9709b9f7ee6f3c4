/**
 * The BIOS side of the mouse: the PS/2 pointing-device interface INT 15h AH=C2h with its INT 74h handler
 * (test/fixtures/programs/mouse-ps2.asm), and the ROM's INT 33h driver (mouse-int33.asm) on a PS/2 mouse (AT) and
 * on a Microsoft serial mouse on COM2 and on COM1 (XT). The test moves the mouse through `machine.mouseInput`
 * between the program's steps; expected values are computed here from those moves.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MouseAttachment } from "../../emulator/machine.ts";
import { floppyFormat, floppyWithProgram, programBinary, ProgramRun } from "../support/program-runner.ts";

/**
 * Virtual time after a move: enough for the packets of the largest move here (500 counts: five serial packets of
 * at most 127 counts and 22.5 ms each; PS/2 packets of at most 255 counts, one per 10 ms sample period).
 */
const MOVE_MS = 200;

function start(name: string, profile: "xt" | "at", mouse: MouseAttachment): ProgramRun {
  const floppy = floppyWithProgram(programBinary(name), floppyFormat("1.44M"));
  const run = new ProgramRun({ profile, floppy, mouse });
  assert.ok(run.runUntil(/^READY$/, 5_000), `no READY:\n${run.lines.join("\n")}`);
  return run;
}

/** Moves the mouse by dx, dy counts (dy down) with `buttons` held, in one host input as a flick would. */
function move(run: ProgramRun, dx: number, dy: number, buttons: number): void {
  run.machine.mouseInput(dx, dy, buttons);
  run.session.runMs(MOVE_MS);
}

/** The hex words of a reported line, as signed 16-bit numbers. */
function words(run: ProgramRun, label: string): number[] {
  return run
    .value(label)
    .split(" ")
    .map((word) => {
      const value = parseInt(word, 16);
      return value >= 0x8000 ? value - 0x10000 : value;
    });
}

test("INT 15h C2h: reset, type, rate, status, then packets through INT 74h to the far handler (at, PS/2)", () => {
  const run = start("mouse-ps2", "at", "ps2");
  // RBIL INT 15h/C201h: BH = device ID (00h for a mouse), BL = its self-test answer AAh.
  assert.equal(run.value("RESET"), "00 00 00 AA");
  assert.equal(run.value("TYPE"), "00 00 00");
  assert.equal(run.value("RATE"), "00 00");
  assert.equal(run.value("RATE BAD"), "01 02", "sample rate code 7: invalid input");
  assert.equal(run.value("RESOLUTION"), "00 00");
  // Status request E9h: status byte (stream mode, disabled, 1:1, no buttons), resolution code 3, rate 100 (64h).
  assert.equal(run.value("STATUS"), "00 00 00 03 64");
  assert.equal(run.value("NO HANDLER"), "01 05");
  assert.equal(run.value("BAD FUNCTION"), "01 01");
  assert.equal(run.value("INIT"), "00 00");
  assert.equal(run.value("HANDLER"), "00 00");
  assert.equal(run.value("ENABLE"), "00 00");
  // A 1 KB EBDA at the top of the 640 KB: segment 9FC0h, its first word 1 (KB), INT 12h one KB less.
  assert.equal(run.value("EBDA"), "00 9FC0 0001");
  assert.equal(run.value("BDA EBDA"), "9FC0");
  assert.equal(run.hex("MEM"), 639);
  assert.equal(run.hex("EQUIP") & 0x04, 0x04, "equipment word bit 2: pointing device");

  const moves = [
    [10, -5, 1],
    [-3, 4, 0],
  ] as const;
  for (const [i, [dx, dy, buttons]] of moves.entries()) {
    run.machine.mouseInput(dx, dy, buttons);
    assert.ok(run.runUntil(i === 0 ? /^READY2$/ : /^DISABLE /, 1_000), `no packet:\n${run.lines.join("\n")}`);
    // Packet byte 0 (RBIL table 00525): buttons, bit 3 always set, sign bits 4 (X) and 5 (Y); Y counts up.
    const up = -dy;
    const status = 0x08 | buttons | (dx < 0 ? 0x10 : 0) | (up < 0 ? 0x20 : 0);
    const expected = [status, dx & 0xff, up & 0xff, 0].map((w) => w.toString(16).toUpperCase().padStart(4, "0"));
    assert.equal(run.value(`PACKET 0${i + 1}`), expected.join(" "));
  }
  run.finish(1_000);
  assert.equal(run.value("DISABLE"), "00 00");
});

/** What the driver should report, modelled from the moves: 80x25 text, cells of 8x8, mickeys * 8 / ratio pixels. */
class DriverModel {
  x = 320;
  y = 100;
  range = { minX: 0, maxX: 639, minY: 0, maxY: 199 };
  ratioX = 8;
  ratioY = 16;

  move(dx: number, dy: number): void {
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    this.x = clamp(this.x + (dx * 8) / this.ratioX, this.range.minX, this.range.maxX);
    this.y = clamp(this.y + (dy * 8) / this.ratioY, this.range.minY, this.range.maxY);
  }

  /** Text-mode positions are reported as multiples of the 8x8 cell. */
  get reported(): [number, number] {
    return [this.x & ~7, this.y & ~7];
  }
}

const DRIVER_RUNS = [
  { profile: "at", mouse: "ps2", type: 0x0400 },
  { profile: "xt", mouse: "com2", type: 0x0203 },
  { profile: "xt", mouse: "com1", type: 0x0204 },
] as const;

for (const { profile, mouse, type } of DRIVER_RUNS) {
  test(`INT 33h driver in ROM: position, ranges, buttons, counters, event routine, cursor (${profile}, ${mouse})`, () => {
    const run = start("mouse-int33", profile, mouse);
    const model = new DriverModel();
    assert.equal(run.value("RESET"), "FFFF 0002", "installed, two buttons");
    // RBIL INT 33h/0024h: CH = type (2 serial, 4 PS/2), CL = IRQ (0 for PS/2).
    assert.deepEqual(words(run, "VERSION").slice(1), [type]);
    assert.deepEqual(words(run, "POS"), [0, ...model.reported], "centred after reset");
    // Ranges given max-first are swapped; the position is pulled inside them.
    assert.deepEqual(words(run, "RANGE POS"), [0, 200, 100 & ~7]);
    // The text cursor inverts the attribute under it (screen mask FFFFh, cursor mask 7700h) until hidden.
    const [shown, hidden] = run
      .value("CURSOR")
      .split(" ")
      .map((v) => parseInt(v, 16));
    assert.equal(shown, hidden ^ 0x77);

    let step = 0;
    let buttons = 0;
    const doStep = (dx: number, dy: number, held: number) => {
      step++;
      move(run, dx, dy, held);
      model.move(dx, dy);
      run.session.type("x");
      assert.ok(run.runUntil(new RegExp(`^S${step} CALLS `), 5_000), `no step ${step}:\n${run.lines.join("\n")}`);
      assert.deepEqual(words(run, `S${step} POS`), [held, ...model.reported], `step ${step} position`);
      assert.deepEqual(words(run, `S${step} MICKEYS`), [dx, dy], `step ${step} motion counters`);
      const [calls, mask, ax, bx, cx, dx2, si, di] = words(run, `S${step} CALLS`);
      // Event bits (RBIL INT 33h/000Ch): 0 moved, 1 left pressed, 2 left released.
      const expectedMask = (dx || dy ? 0x01 : 0) | (held & ~buttons & 1 ? 0x02 : 0) | (buttons & ~held & 1 ? 0x04 : 0);
      buttons = held;
      assert.ok(calls >= 1, `step ${step}: the event routine was called`);
      assert.equal(mask, expectedMask, `step ${step} events`);
      assert.equal(ax & ~expectedMask, 0, `step ${step}: the last call's AX is a subset of the events`);
      // The last call saw the final state; SI/DI are the motion counters since the last AX=000Bh.
      assert.deepEqual([bx, cx, dx2, si, di], [held, ...model.reported, dx, dy], `step ${step} last call`);
    };

    doStep(40, 32, 0);
    doStep(0, 0, 1);
    const pressedAt = model.reported;
    assert.ok(run.runUntil(/^S2 PRESS AGAIN /, 5_000), `no press info:\n${run.lines.join("\n")}`);
    assert.deepEqual(words(run, "S2 PRESS"), [1, 1, ...pressedAt], "AX=0005h: one left press, where it happened");
    assert.deepEqual(words(run, "S2 PRESS AGAIN"), [0], "the count restarts after it is read");
    doStep(500, -500, 1); // against the right and top edges; more than one packet carries
    model.range = { minX: 100, maxX: 200, minY: 50, maxY: 150 };
    model.move(0, 0);
    doStep(-400, 400, 1);
    doStep(0, 0, 0);
    assert.ok(run.runUntil(/^S5 RELEASE /, 5_000), `no release info:\n${run.lines.join("\n")}`);
    assert.deepEqual(words(run, "S5 RELEASE"), [0, 1, ...model.reported], "AX=0006h: one left release");
    model.ratioX = 16;
    model.ratioY = 8;
    doStep(32, -16, 0);

    run.finish(5_000);
    assert.deepEqual(words(run, "MODE12 POS"), [0, 320, 240], "reset in mode 12h: the centre of 640x480");
  });
}
