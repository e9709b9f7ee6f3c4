import { test } from "node:test";
import assert from "node:assert/strict";
import { CgaAdapter } from "../../emulator/devices/cga.ts";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { FONT_8X8 } from "../../emulator/video/font-8x8.ts";
import type { VideoFrame } from "../../emulator/video/frame.ts";

/** The IBM BIOS's 6845 values for 40x25 text, 80x25 text and the graphics modes (PC/XT TR, video parameter table). */
const CRTC_40 = [0x38, 0x28, 0x2d, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_80 = [0x71, 0x50, 0x5a, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_GRAPHICS = [0x38, 0x28, 0x2d, 0x0a, 0x7f, 0x06, 0x64, 0x70, 0x02, 0x01, 0x06, 0x07, 0, 0, 0, 0];

/** RGBI colours as the 5153 shows them: hex RRGGBB. */
const RGBI = [
  "000000",
  "0000aa",
  "00aa00",
  "00aaaa",
  "aa0000",
  "aa00aa",
  "aa5500",
  "aaaaaa",
  "555555",
  "5555ff",
  "55ff55",
  "55ffff",
  "ff5555",
  "ff55ff",
  "ffff55",
  "ffffff",
];

interface Rig {
  cga: CgaAdapter;
  io: IoBus;
  memory: Memory;
  scheduler: Scheduler;
}

function makeRig(): Rig {
  const scheduler = new Scheduler();
  const cga = new CgaAdapter(scheduler);
  const io = new IoBus();
  for (const port of cga.ports) io.register(port);
  const memory = new Memory();
  memory.mapDevice(cga.memoryStart, cga.memoryLength, cga);
  return { cga, io, memory, scheduler };
}

function setMode(io: IoBus, crtc: readonly number[], mode: number, colorSelect: number): void {
  crtc.forEach((value, index) => {
    io.out8(0x3d4, index);
    io.out8(0x3d5, value);
  });
  io.out8(0x3d8, mode);
  io.out8(0x3d9, colorSelect);
}

function pixel(frame: VideoFrame, x: number, y: number): string {
  const at = (y * frame.width + x) * 4;
  return [0, 1, 2].map((i) => frame.pixels[at + i].toString(16).padStart(2, "0")).join("");
}

test("CGA memory: 16 KB at B8000h, mirrored at BC000h", () => {
  const { memory, cga } = makeRig();
  memory.write8(0xb8010, 0x5a);
  assert.equal(memory.read8(0xbc010), 0x5a);
  memory.write8(0xbfffe, 0xa5);
  assert.equal(memory.read8(0xbbffe), 0xa5);
  assert.equal(cga.memory[0x3ffe], 0xa5);
});

test("6845: write-only registers read 0, cursor address reads back, register widths are masked", () => {
  const { io } = makeRig();
  io.out8(0x3d4, 0);
  io.out8(0x3d5, 0x71);
  assert.equal(io.in8(0x3d5), 0);
  io.out8(0x3d4, 14);
  io.out8(0x3d5, 0xff);
  assert.equal(io.in8(0x3d5), 0x3f, "R14 has six bits");
  io.out8(0x3d4, 15);
  io.out8(0x3d5, 0x34);
  assert.equal(io.in8(0x3d5), 0x34);
  // 3D0h/3D1h mirror the index and data ports.
  io.out8(0x3d0, 15);
  assert.equal(io.in8(0x3d1), 0x34);
  assert.equal(io.in8(0x3d8), 0xff, "the mode register is write-only");
});

test("320x200 four colours: both palettes, intensity, background and the colour-burst palette", () => {
  const { io, memory, cga } = makeRig();
  setMode(io, CRTC_GRAPHICS, 0x0a, 0x00);
  // Line 0 (even bank): pixels 0-3 = values 0, 1, 2, 3. Line 1 (odd bank at BA000h): 3, 2, 1, 0.
  memory.write8(0xb8000, 0b00011011);
  memory.write8(0xba000, 0b11100100);
  // The last pixel of the last line: line 199 is in the odd bank, row 99.
  memory.write8(0xba000 + 99 * 80 + 79, 0b00000011);
  const cases: [mode: number, select: number, colours: number[]][] = [
    [0x0a, 0x00, [0, 2, 4, 6]], // palette 0: green, red, brown on black
    [0x0a, 0x11, [1, 10, 12, 14]], // palette 0 intensified, blue background
    [0x0a, 0x20, [0, 3, 5, 7]], // palette 1: cyan, magenta, light grey
    [0x0a, 0x3f, [15, 11, 13, 15]], // palette 1 intensified, white background
    [0x0e, 0x00, [0, 3, 4, 7]], // colour burst off: cyan, red, light grey (palette select ignored)
    [0x0e, 0x30, [0, 11, 12, 15]], // ... intensified
  ];
  for (const [mode, select, colours] of cases) {
    io.out8(0x3d8, mode);
    io.out8(0x3d9, select);
    const frame = cga.renderFrame();
    assert.equal(frame.width, 320);
    assert.equal(frame.height, 200);
    const label = `mode ${mode.toString(16)} select ${select.toString(16)}`;
    assert.deepEqual(
      [0, 1, 2, 3].map((x) => pixel(frame, x, 0)),
      colours.map((c) => RGBI[c]),
      label,
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((x) => pixel(frame, x, 1)),
      [...colours].reverse().map((c) => RGBI[c]),
      label,
    );
    assert.equal(pixel(frame, 319, 199), RGBI[colours[3]], label);
    assert.equal(pixel(frame, 318, 199), RGBI[colours[0]], label);
  }
});

test("640x200 two colours: the colour select register's low bits are the foreground", () => {
  const { io, memory, cga } = makeRig();
  setMode(io, CRTC_GRAPHICS, 0x1e, 0x0c);
  memory.write8(0xb8000, 0b10000001);
  memory.write8(0xba000 + 80, 0x80);
  const frame = cga.renderFrame();
  assert.equal(frame.width, 640);
  assert.equal(frame.height, 200);
  assert.equal(pixel(frame, 0, 0), RGBI[12]);
  assert.equal(pixel(frame, 1, 0), RGBI[0]);
  assert.equal(pixel(frame, 7, 0), RGBI[12]);
  assert.equal(pixel(frame, 0, 3), RGBI[12], "line 3 is row 1 of the odd bank");
  assert.equal(pixel(frame, 0, 1), RGBI[0]);
});

test("Text 80x25 and 40x25: 8x8 font, attributes, blink bit as background intensity, cursor", () => {
  const { io, memory, cga, scheduler } = makeRig();
  setMode(io, CRTC_80, 0x09, 0);
  io.out8(0x3d4, 14);
  io.out8(0x3d5, 0x01); // cursor at 100h, off the cells looked at
  memory.write8(0xb8000, 0x41);
  memory.write8(0xb8001, 0x1e);
  memory.write8(0xb8002, 0x42);
  memory.write8(0xb8003, 0xc1); // blue on red, blinking (or on light red with blinking off)
  memory.write8(0xb8005, 0x07); // cell 2: NUL in light grey on black
  let frame = cga.renderFrame();
  assert.equal(frame.width, 640);
  assert.equal(frame.height, 200);
  for (let line = 0; line < 8; line++) {
    for (let dot = 0; dot < 8; dot++) {
      const on = (FONT_8X8[0x41 * 8 + line] << dot) & 0x80;
      assert.equal(pixel(frame, dot, line), on ? RGBI[14] : RGBI[1], `A at ${dot},${line}`);
    }
  }
  assert.equal(cga.screenText().split("\n")[0], "AB");
  // Blink off (mode bit 5 clear): attribute bit 7 makes the background intense.
  io.out8(0x3d8, 0x09);
  frame = cga.renderFrame();
  assert.equal(pixel(frame, 8, 7), RGBI[12], "B leaves its last line blank");
  io.out8(0x3d8, 0x29);
  // 16 frames later blinking characters are off, so the cell shows only its (non-intense) background.
  scheduler.advanceTo(cga.frameNs * 16.5);
  frame = cga.renderFrame();
  const cell = new Set<string>();
  for (let line = 0; line < 8; line++) for (let dot = 0; dot < 8; dot++) cell.add(pixel(frame, 8 + dot, line));
  assert.deepEqual([...cell], [RGBI[4]]);
  assert.equal(pixel(frame, 16, 7), RGBI[0], "cell 2 is blank");
  // Cursor at cell 1 on lines 6-7, shown in the foreground colour while its blink phase is on (frame 0-7).
  io.out8(0x3d4, 14);
  io.out8(0x3d5, 0);
  io.out8(0x3d4, 15);
  io.out8(0x3d5, 2);
  scheduler.advanceTo(cga.frameNs * 32.5);
  frame = cga.renderFrame();
  assert.equal(pixel(frame, 16, 7), RGBI[7], "the cursor in cell 2 draws in its foreground");
  io.out8(0x3d4, 15);
  io.out8(0x3d5, 1);
  frame = cga.renderFrame();
  assert.equal(pixel(frame, 8, 6), RGBI[1], "cursor over the blinking cell in its foreground");
  assert.equal(pixel(frame, 8, 7), RGBI[1]);
  assert.equal(pixel(frame, 16, 7), RGBI[0], "cell 2 without the cursor");
  // 40 columns: 320 wide.
  setMode(io, CRTC_40, 0x08, 0);
  assert.equal(cga.renderFrame().width, 320);
  // Video disabled: black.
  io.out8(0x3d8, 0x00);
  frame = cga.renderFrame();
  assert.ok([0, 1, 2, 3].every((x) => pixel(frame, x, 0) === "000000"));
});

test("Status 3DAh: display-enable and vertical sync follow the beam at the CGA's 15.7 kHz, 262-line timing", () => {
  const { io, cga, scheduler } = makeRig();
  setMode(io, CRTC_GRAPHICS, 0x0a, 0);
  const lineNs = cga.lineNs;
  assert.ok(Math.abs(1e9 / lineNs - 15_700) < 10, `line rate ${1e9 / lineNs}`);
  assert.equal(cga.totalLines, 262);
  const status = (line: number, column: number): number => {
    scheduler.now = Math.floor(cga.frameNs * 3) + line * lineNs + ((column + 0.5) / 57) * lineNs;
    return io.in8(0x3da);
  };
  assert.equal(status(0, 0), 0, "displaying");
  assert.equal(status(0, 45), 0x01, "horizontal retrace");
  assert.equal(status(199, 39), 0);
  assert.equal(status(200, 0), 0x01, "bottom border");
  assert.equal(status(224, 0), 0x09, "vertical sync from row 70h x 2 lines");
  assert.equal(status(239, 0), 0x09);
  assert.equal(status(240, 0), 0x01);
});

test("CGA saveState/loadState round trip; a wrong state is refused", () => {
  const a = makeRig();
  setMode(a.io, CRTC_GRAPHICS, 0x0a, 0x21);
  a.io.out8(0x3d4, 14);
  for (let i = 0; i < 200; i++) a.memory.write8(0xb8000 + i * 37, i);
  const state = a.cga.saveState();
  const b = makeRig();
  b.cga.loadState(state);
  assert.deepEqual(b.cga.saveState(), state);
  assert.deepEqual(b.cga.renderFrame().pixels, a.cga.renderFrame().pixels);
  b.io.out8(0x3d5, 0x12);
  assert.equal(b.io.in8(0x3d5), 0x12, "the restored index selects R14");
  assert.throws(() => b.cga.loadState({ ...state, memory: new Uint8Array(3) }), /memory/);
  b.cga.reset();
  assert.equal(b.cga.mode, 0);
  assert.ok(b.cga.memory.every((byte) => byte === 0));
});
