/**
 * The ROM's INT 33h pointer in graphics modes (test/fixtures/programs/mouse-cursor.asm on the AT with a PS/2 mouse
 * and the VGA): after a reset in text mode the program sets mode 13h (the driver follows the INT 10h mode set),
 * draws a pattern and shows the pointer; the test compares whole frames with pictures computed here from the
 * pattern, the arrow below (the BIOS's default pointer, bios/src/mouse-cursor.asm) or the program's own shape, the
 * hot spot and the position modelled from the moves: the pointer where it should be, the background back where it
 * was, clipped at the edges, and the VGA registers as the program left them in mode 12h. Then mode 4.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertPicture, hex6, RGBI_HEX } from "./graphics-harness.ts";
import { floppyFormat, floppyWithProgram, programBinary, ProgramRun } from "../support/program-runner.ts";

/** The default arrow: "#" black (screen mask 0, cursor mask 0), "o" white (0, 1), "." the screen shows (1, 0). */
const ARROW = [
  "#...............",
  "##..............",
  "#o#.............",
  "#oo#............",
  "#ooo#...........",
  "#oooo#..........",
  "#ooooo#.........",
  "#oooooo#........",
  "#ooooooo#.......",
  "#oooooooo#......",
  "#ooooo#####.....",
  "#oo#oo#.........",
  "#o#.#oo#........",
  "##..#oo#........",
  "#....#oo#.......",
  ".....####.......",
];

interface Shape {
  /** 16 rows each, leftmost pixel in bit 15 (RBIL INT 33h/0009h, table 03170). */
  readonly screen: readonly number[];
  readonly cursor: readonly number[];
  readonly hotX: number;
  readonly hotY: number;
}

const rowBits = (row: string, char: string): number =>
  [...row].reduce((bits, c) => (bits << 1) | (c === char ? 1 : 0), 0);

const DEFAULT_SHAPE: Shape = {
  screen: ARROW.map((row) => rowBits(row, ".")),
  cursor: ARROW.map((row) => rowBits(row, "o")),
  hotX: 0,
  hotY: 0,
};

/** The program's AX=0009h shape: screen row r = FF00h rotated right r times, cursor row r = bits 15-r and r. */
const CUSTOM_SHAPE: Shape = {
  screen: Array.from({ length: 16 }, (_, r) => ((0xff00 >>> r) | (0xff00 << (16 - r))) & 0xffff),
  cursor: Array.from({ length: 16 }, (_, r) => (0x8000 >>> r) | (1 << r)),
  hotX: 8,
  hotY: 8,
};

/** A mode as the driver sees it: pixel value bits (what screen-mask ones keep, what cursor-mask ones XOR). */
interface Mode {
  readonly width: number;
  readonly height: number;
  /** Virtual-screen X per pixel: 2 in the 320-pixel modes. */
  readonly xScale: number;
  readonly all: number;
  readonly white: number;
  readonly background: (x: number, y: number) => number;
  readonly colour: (value: number) => string;
}

const MODE_13: Mode = {
  width: 320,
  height: 200,
  xScale: 2,
  all: 0xff,
  white: 0x0f,
  background: (x, y) => (x * 3 + y * 7) & 0xff,
  // The program's DAC: entry i = (i / 4, 63 - i / 4, 5i mod 64), a different colour for every entry.
  colour: (i) => hex6([i >> 2, 63 - (i >> 2), (i * 5) & 63]),
};

const MODE_12: Mode = {
  width: 640,
  height: 480,
  xScale: 1,
  all: 0x0f,
  white: 0x0f,
  background: (x, y) => {
    let value = 0;
    for (let p = 0; p < 4; p++) {
      const byte = (((x >> 3) + y) * (2 * p + 1) + p * 0x35) & 0xff;
      value |= ((byte >> (7 - (x & 7))) & 1) << p;
    }
    return value;
  },
  colour: (value) => RGBI_HEX[value],
};

const MODE_4: Mode = {
  width: 320,
  height: 200,
  xScale: 2,
  all: 3,
  white: 3,
  background: (x, y) => {
    const byte = ((x >> 2) * 7 + y * 3) & 0xff;
    return (byte >> (6 - 2 * (x & 3))) & 3;
  },
  // Mode 4's default palette: black, light cyan, light magenta, white.
  colour: (value) => RGBI_HEX[[0, 11, 13, 15][value]],
};

/** The picture with `shape` drawn with its hot spot at virtual position (vx, vy), or none. */
function picture(mode: Mode, pointer?: { shape: Shape; vx: number; vy: number }) {
  return (x: number, y: number): string => {
    let value = mode.background(x, y);
    if (pointer) {
      const column = x - (Math.floor(pointer.vx / mode.xScale) - pointer.shape.hotX);
      const row = y - (pointer.vy - pointer.shape.hotY);
      if (column >= 0 && column < 16 && row >= 0 && row < 16) {
        const keep = (pointer.shape.screen[row] >> (15 - column)) & 1;
        const invert = (pointer.shape.cursor[row] >> (15 - column)) & 1;
        value = ((keep ? value & mode.all : 0) ^ (invert ? mode.white : 0)) & mode.all;
      }
    }
    return mode.colour(value);
  };
}

/** The driver's position: mickeys 8 per 8 pixels across, 16 per 8 down (the defaults), kept inside the screen. */
class Position {
  constructor(
    public vx: number,
    public vy: number,
    private readonly maxX: number,
    private readonly maxY: number,
  ) {}

  move(dx: number, dy: number): void {
    this.vx = Math.min(this.maxX, Math.max(0, this.vx + dx));
    this.vy = Math.min(this.maxY, Math.max(0, this.vy + dy / 2));
  }
}

/** Virtual time for a move's packets (PS/2: at most 255 counts per 10 ms sample). */
const MOVE_MS = 200;

test("INT 33h pointer in modes 13h, 12h and 4: drawn, moved, clipped, hidden, custom shape, area, VGA registers", () => {
  const run = new ProgramRun({
    profile: "at",
    floppy: floppyWithProgram(programBinary("mouse-cursor"), floppyFormat("1.44M")),
    mouse: "ps2",
  });
  const stage = (name: string) => {
    assert.ok(run.runUntil(new RegExp(`^STAGE ${name}$`), 5_000), `no STAGE ${name}:\n${run.lines.join("\n")}`);
    return run.machine.display.renderFrame();
  };
  const check = (name: string, mode: Mode, pointer?: { shape: Shape; vx: number; vy: number }) =>
    assertPicture(stage(name), mode.width, mode.height, picture(mode, pointer), name);
  const move = (position: Position, dx: number, dy: number) => {
    run.machine.mouseInput(dx, dy, 0);
    run.session.runMs(MOVE_MS);
    position.move(dx, dy);
  };
  const next = () => run.session.type(" ");

  // Reset in mode 3, then INT 10h AX=0013h: the driver takes the new mode's virtual screen and centres the pointer.
  const m13 = new Position(320, 100, 639, 199);
  check("M13 SHOW", MODE_13, { shape: DEFAULT_SHAPE, ...m13 });
  assert.equal(run.value("RESET"), "FFFF 0002");
  assert.equal(run.value("M13 POS"), "0000 0140 0064", "mode 13h after the reset: the centre of 640x200");
  move(m13, 40, 30);
  next();
  check("M13 MOVED", MODE_13, { shape: DEFAULT_SHAPE, ...m13 });
  move(m13, 400, 400); // to the bottom right corner: only the arrow's top left pixel is on the screen
  next();
  assert.deepEqual([m13.vx, m13.vy], [639, 199]);
  check("M13 EDGE", MODE_13, { shape: DEFAULT_SHAPE, ...m13 });
  move(m13, -700, -700);
  next();
  check("M13 HIDDEN", MODE_13);
  next();
  // Hot spot (8, 8) at (0, 0): the block's top left quarter is off the screen.
  assert.deepEqual([m13.vx, m13.vy], [0, 0]);
  check("M13 CUSTOM", MODE_13, { shape: CUSTOM_SHAPE, ...m13 });
  next();
  check("M13 SETPOS", MODE_13, { shape: CUSTOM_SHAPE, vx: 200, vy: 50 });
  next();
  // AX=0010h with the pointer inside the area: taken off until AX=0001h.
  check("M13 AREA", MODE_13);
  next();
  check("M13 AREA SHOW", MODE_13, { shape: CUSTOM_SHAPE, vx: 200, vy: 50 });
  next();

  // AX=0021h (the default arrow again), then mode 12h.
  const m12 = new Position(320, 240, 639, 479);
  check("M12 SHOW", MODE_12, { shape: DEFAULT_SHAPE, ...m12 });
  assert.equal(run.value("M12 POS"), "0000 0140 00F0", "mode 12h: the centre of 640x480");
  // Index registers, GC 1, 3, 4, 5, 8 and the map mask exactly as the program set them.
  const programRegisters = "03 04 05 08 02 02 3C 03";
  assert.equal(run.value("M12 REGS SHOW"), programRegisters, "after AX=0001h drew the pointer");
  move(m12, 41, 30); // to an odd pixel: the block straddles three bytes per plane
  next();
  check("M12 MOVED", MODE_12, { shape: DEFAULT_SHAPE, ...m12 });
  assert.equal(run.value("M12 REGS MOVED"), programRegisters, "after the mouse interrupt moved the pointer");
  next();
  check("M12 HIDDEN", MODE_12);
  assert.equal(run.value("M12 REGS HIDDEN"), programRegisters, "after AX=0002h");
  next();

  const m4 = new Position(320, 100, 639, 199);
  check("M4 SHOW", MODE_4, { shape: DEFAULT_SHAPE, ...m4 });
  move(m4, 42, 30);
  next();
  check("M4 MOVED", MODE_4, { shape: DEFAULT_SHAPE, ...m4 });
  next();
  check("M4 HIDDEN", MODE_4);
  next();
  run.finish(5_000);
});
