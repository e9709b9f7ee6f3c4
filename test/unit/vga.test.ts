import { test } from "node:test";
import assert from "node:assert/strict";
import { IoBus } from "../../emulator/io-bus.ts";
import { Memory } from "../../emulator/memory.ts";
import { Scheduler } from "../../emulator/scheduler.ts";
import { VgaAdapter } from "../../emulator/devices/vga.ts";
import { FONT_8X16 } from "../../emulator/video/font-8x16.ts";

/** Standard VGA mode 3 register values (80x25 text, 9x16 cells, 720x400 at 70 Hz; IBM VGA Technical Reference). */
const MODE3 = {
  misc: 0x67,
  seq: [0x03, 0x00, 0x03, 0x00, 0x02],
  crtc: [
    0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f,
    0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
  ],
  gc: [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff],
  attr: [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x0c, 0x00, 0x0f,
    0x08, 0x00,
  ],
};

/** The 16 text colours as 6-bit DAC values at the DAC indexes the mode 3 palette registers point to. */
const EGA_DAC: [number, [number, number, number]][] = [
  [0x00, [0, 0, 0]],
  [0x01, [0, 0, 42]],
  [0x02, [0, 42, 0]],
  [0x07, [42, 42, 42]],
  [0x14, [42, 21, 0]],
  [0x38, [21, 21, 21]],
  [0x3c, [63, 21, 21]],
  [0x3e, [63, 63, 21]],
  [0x3f, [63, 63, 63]],
];

function rgba(r6: number, g6: number, b6: number): number {
  const w = (v: number): number => (v << 2) | (v >> 4);
  return (w(r6) | (w(g6) << 8) | (w(b6) << 16) | 0xff000000) >>> 0;
}

interface Rig {
  vga: VgaAdapter;
  io: IoBus;
  memory: Memory;
  scheduler: Scheduler;
}

function makeRig(): Rig {
  const scheduler = new Scheduler();
  const vga = new VgaAdapter(scheduler);
  const io = new IoBus();
  for (const port of vga.ports) io.register(port);
  const memory = new Memory();
  memory.mapDevice(vga.memoryStart, vga.memoryLength, vga);
  return { vga, io, memory, scheduler };
}

function programRegisters(io: IoBus, mode: typeof MODE3): void {
  io.out8(0x3c2, mode.misc);
  const crtcBase = mode.misc & 1 ? 0x3d4 : 0x3b4;
  mode.seq.forEach((value, index) => io.out16(0x3c4, index | (value << 8)));
  io.out16(crtcBase, 0x11 | (0x0e << 8)); // clear CRTC write protect first
  mode.crtc.forEach((value, index) => io.out16(crtcBase, index | (value << 8)));
  mode.gc.forEach((value, index) => io.out16(0x3ce, index | (value << 8)));
  io.in8(crtcBase + 6); // reset the attribute flip-flop
  mode.attr.forEach((value, index) => {
    io.out8(0x3c0, index);
    io.out8(0x3c0, value);
  });
  io.out8(0x3c0, 0x20); // palette address source: display on
}

/** Loads the 8x16 font into plane 2 the way a VGA BIOS does: sequential addressing, map mask = plane 2. */
function loadFont(io: IoBus, memory: Memory, font: Uint8Array, restore: typeof MODE3): void {
  io.out16(0x3c4, 0x0402); // map mask: plane 2
  io.out16(0x3c4, 0x0704); // memory mode: sequential, extended memory
  io.out16(0x3ce, 0x0204); // read map 2
  io.out16(0x3ce, 0x0005); // write mode 0, no odd/even
  io.out16(0x3ce, 0x0406); // A0000h, 64 KB, text
  for (let code = 0; code < 256; code++) {
    for (let row = 0; row < 16; row++) memory.write8(0xa0000 + code * 32 + row, font[code * 16 + row]);
  }
  io.out16(0x3c4, 0x0002 | (restore.seq[2] << 8));
  io.out16(0x3c4, 0x0004 | (restore.seq[4] << 8));
  io.out16(0x3ce, 0x0004 | (restore.gc[4] << 8));
  io.out16(0x3ce, 0x0005 | (restore.gc[5] << 8));
  io.out16(0x3ce, 0x0006 | (restore.gc[6] << 8));
}

function loadDac(io: IoBus): void {
  for (const [index, [r, g, b]] of EGA_DAC) {
    io.out8(0x3c8, index);
    io.out8(0x3c9, r);
    io.out8(0x3c9, g);
    io.out8(0x3c9, b);
  }
}

function mode3Rig(): Rig {
  const rig = makeRig();
  programRegisters(rig.io, MODE3);
  loadFont(rig.io, rig.memory, FONT_8X16, MODE3);
  loadDac(rig.io);
  return rig;
}

function putChar(memory: Memory, row: number, column: number, code: number, attribute: number): void {
  const at = 0xb8000 + (row * 80 + column) * 2;
  memory.write8(at, code);
  memory.write8(at + 1, attribute);
}

function pixel(vga: VgaAdapter, x: number, y: number): number {
  const frame = vga.renderFrame();
  const i = (y * frame.width + x) * 4;
  return (
    (frame.pixels[i] | (frame.pixels[i + 1] << 8) | (frame.pixels[i + 2] << 16) | (frame.pixels[i + 3] << 24)) >>> 0
  );
}

const WHITE = rgba(63, 63, 63);
const LIGHT_GREY = rgba(42, 42, 42);
const BLUE = rgba(0, 0, 42);
const BLACK = rgba(0, 0, 0);
const YELLOW = rgba(63, 63, 21);
const DARK_GREY = rgba(21, 21, 21);

test("mode 3 programmed through ports renders 720x400 with the glyph from plane 2", () => {
  const { vga, memory } = mode3Rig();
  putChar(memory, 1, 2, 0x41, 0x1f); // 'A', white on blue
  const frame = vga.renderFrame();
  assert.equal(frame.width, 720);
  assert.equal(frame.height, 400);
  const glyph = FONT_8X16.subarray(0x41 * 16, 0x42 * 16);
  let ink = 0;
  for (let row = 0; row < 16; row++) {
    for (let dot = 0; dot < 8; dot++) {
      const expected = glyph[row] & (0x80 >> dot) ? WHITE : BLUE;
      if (expected === WHITE) ink++;
      assert.equal(pixel(vga, 2 * 9 + dot, 16 + row), expected, `row ${row} dot ${dot}`);
    }
    assert.equal(pixel(vga, 2 * 9 + 8, 16 + row), BLUE, "the ninth column of a letter is background");
  }
  assert.ok(ink > 10, "the glyph has ink");
  assert.equal(pixel(vga, 0, 0), BLACK, "blank memory shows black");
});

test("the ninth column repeats the eighth only for C0h-DFh with line graphics enabled", () => {
  const { vga, io, memory } = mode3Rig();
  putChar(memory, 0, 0, 0xc4, 0x07); // ─
  putChar(memory, 0, 1, 0xb0, 0x07); // ░ is outside C0h–DFh
  const lineRow = FONT_8X16.subarray(0xc4 * 16).findIndex((byte) => byte === 0xff);
  assert.equal(pixel(vga, 8, lineRow), LIGHT_GREY);
  const shadeRow = FONT_8X16.subarray(0xb0 * 16).findIndex((byte) => (byte & 1) !== 0);
  assert.equal(pixel(vga, 9 + 8, shadeRow), BLACK);
  io.in8(0x3da);
  io.out8(0x3c0, 0x30); // attribute mode control, PAS kept on
  io.out8(0x3c0, 0x08); // line graphics off
  assert.equal(pixel(vga, 8, lineRow), BLACK);
  assert.equal(pixel(vga, 7, lineRow), LIGHT_GREY);
});

test("8-dot characters (clocking mode bit 0) make 640-dot lines", () => {
  const { vga, io, memory } = mode3Rig();
  io.out16(0x3c4, 0x0101);
  putChar(memory, 0, 1, 0xdb, 0x07); // █
  const frame = vga.renderFrame();
  assert.equal(frame.width, 640);
  assert.equal(pixel(vga, 8, 5), LIGHT_GREY);
  assert.equal(pixel(vga, 7, 5), BLACK);
});

test("the cursor is drawn at its location on its scan lines and blinks every 16 frames", () => {
  const { vga, io, memory, scheduler } = mode3Rig();
  putChar(memory, 3, 10, 0x20, 0x0e); // yellow on black, blank character
  io.out16(0x3d4, 0x0e | (((3 * 80 + 10) >> 8) << 8));
  io.out16(0x3d4, 0x0f | (((3 * 80 + 10) & 0xff) << 8));
  const x = 10 * 9 + 4;
  assert.equal(pixel(vga, x, 3 * 16 + 13), YELLOW, "cursor start line 13");
  assert.equal(pixel(vga, x, 3 * 16 + 14), YELLOW, "cursor end line 14");
  assert.equal(pixel(vga, x, 3 * 16 + 12), BLACK);
  assert.equal(pixel(vga, x, 3 * 16 + 15), BLACK);
  assert.equal(pixel(vga, x + 9, 3 * 16 + 13), BLACK, "only one cell");
  const frameNs = vga.timing.frameNs;
  scheduler.now = 16 * frameNs + 1;
  assert.equal(pixel(vga, x, 3 * 16 + 13), BLACK, "blink phase off");
  scheduler.now = 32 * frameNs + 1;
  assert.equal(pixel(vga, x, 3 * 16 + 13), YELLOW, "blink phase on again");
  io.out16(0x3d4, 0x0a | (0x2d << 8)); // cursor start with bit 5: cursor off
  assert.equal(pixel(vga, x, 3 * 16 + 13), BLACK);
});

test("blinking characters vanish every other 32 frames; with blink off bit 7 is background intensity", () => {
  const { vga, io, memory, scheduler } = mode3Rig();
  putChar(memory, 0, 0, 0xdb, 0x8f); // █, blinking white on black
  assert.equal(pixel(vga, 3, 3), WHITE);
  scheduler.now = 32 * vga.timing.frameNs + 1;
  assert.equal(pixel(vga, 3, 3), BLACK);
  io.in8(0x3da);
  io.out8(0x3c0, 0x30);
  io.out8(0x3c0, 0x04); // blink off, line graphics on
  putChar(memory, 0, 0, 0x20, 0x8f);
  assert.equal(pixel(vga, 3, 3), DARK_GREY, "background colour 8");
});

test("screenText shows code page 437 as Unicode with trailing blanks trimmed", () => {
  const { vga, memory } = mode3Rig();
  [..."Hi"].forEach((c, i) => putChar(memory, 0, i, c.charCodeAt(0), 0x07));
  putChar(memory, 1, 0, 0xc9, 0x07);
  putChar(memory, 1, 1, 0xcd, 0x07);
  putChar(memory, 1, 3, 0x82, 0x07);
  const lines = vga.screenText().split("\n");
  assert.equal(lines.length, 25);
  assert.equal(lines[0], "Hi");
  assert.equal(lines[1], "╔═ é");
  assert.equal(lines[2], "");
});

test("the start address scrolls the picture and the text", () => {
  const { vga, io, memory } = mode3Rig();
  putChar(memory, 1, 0, 0x5a, 0x07);
  io.out16(0x3d4, 0x0d | (80 << 8));
  assert.equal(vga.screenText().split("\n")[0], "Z");
});

test("mode 7 style mono text: 3Bxh ports, B0000h window, underline attribute", () => {
  const { vga, io, memory } = makeRig();
  const mode7 = {
    misc: 0x66,
    seq: [0x03, 0x00, 0x03, 0x00, 0x02],
    crtc: [...MODE3.crtc],
    gc: [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0a, 0x00, 0xff],
    attr: [
      0x00, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x10, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x0e, 0x00, 0x0f,
      0x08, 0x00,
    ],
  };
  mode7.crtc[0x14] = 0x0d; // underline on scan line 13
  programRegisters(io, mode7);
  loadFont(io, memory, FONT_8X16, mode7);
  io.out8(0x3c8, 0x08);
  for (const v of [42, 42, 42]) io.out8(0x3c9, v);
  assert.equal(io.in8(0x3d5), 0xff, "colour CRTC ports are not decoded");
  io.out8(0x3b4, 0x0c);
  assert.equal(io.in8(0x3b5), 0x00);
  assert.equal(memory.read8(0xb8000), 0xff, "B8000h is outside the B0000h window");
  memory.write8(0xb0000, 0x20);
  memory.write8(0xb0001, 0x01); // underline attribute
  memory.write8(0xb0002, 0x20);
  memory.write8(0xb0003, 0x07); // normal
  assert.equal(pixel(vga, 4, 13), LIGHT_GREY, "underlined on line 13");
  assert.equal(pixel(vga, 4, 12), BLACK);
  assert.equal(pixel(vga, 9 + 4, 13), BLACK, "attribute 07h has no underline");
  assert.equal(vga.screenText().split("\n").length, 25);
});

test("DAC write and read index sequences with three-step auto-increment", () => {
  const { io } = makeRig();
  io.out8(0x3c8, 0x10);
  assert.equal(io.in8(0x3c7) & 3, 0, "write mode");
  for (const v of [1, 2, 3, 0x44, 0x45, 0x46, 7]) io.out8(0x3c9, v);
  assert.equal(io.in8(0x3c8), 0x12, "two entries written, a third begun");
  io.out8(0x3c7, 0x10);
  assert.equal(io.in8(0x3c7) & 3, 3, "read mode");
  assert.deepEqual(
    Array.from({ length: 6 }, () => io.in8(0x3c9)),
    [1, 2, 3, 0x04, 0x05, 0x06],
    "components are 6 bits",
  );
  io.out8(0x3c7, 0x12);
  assert.equal(io.in8(0x3c9), 0, "an entry is stored only after its third component");
  io.out8(0x3c6, 0x0f);
  assert.equal(io.in8(0x3c6), 0x0f);
});

test("attribute controller: flip-flop reset by 3DAh, 3C1h reads, palette locked while PAS is set", () => {
  const { io } = mode3Rig();
  io.in8(0x3da);
  io.out8(0x3c0, 0x21); // palette 1 with PAS set
  io.out8(0x3c0, 0x3f);
  io.out8(0x3c0, 0x21);
  assert.equal(io.in8(0x3c1), 0x01, "palette write ignored while PAS = 1");
  io.in8(0x3da);
  io.out8(0x3c0, 0x01);
  io.out8(0x3c0, 0x3f);
  io.out8(0x3c0, 0x01);
  assert.equal(io.in8(0x3c1), 0x3f);
  assert.equal(io.in8(0x3c0), 0x01, "3C0h reads the index");
  io.out8(0x3c0, 0x3e); // data write to palette 1 (flip-flop was at data)
  io.in8(0x3da);
  io.out8(0x3c0, 0x14); // now an index again
  io.out8(0x3c0, 0x05);
  io.out8(0x3c0, 0x14);
  assert.equal(io.in8(0x3c1), 0x05);
});

test("CRTC 11h bit 7 write-protects registers 0-7 except the line compare bit", () => {
  const { io } = mode3Rig();
  io.out16(0x3d4, 0x11 | (0x8e << 8));
  io.out16(0x3d4, 0x00 | (0x12 << 8));
  io.out16(0x3d4, 0x07 | (0x00 << 8));
  io.out8(0x3d4, 0x00);
  assert.equal(io.in8(0x3d5), 0x5f);
  io.out8(0x3d4, 0x07);
  assert.equal(io.in8(0x3d5), 0x0f, "only bit 4 of the overflow register changed");
  io.out16(0x3d4, 0x0c | (0x12 << 8));
  io.out8(0x3d4, 0x0c);
  assert.equal(io.in8(0x3d5), 0x12, "registers above 7 stay writable");
});

test("input status 1 follows the 70 Hz 449-line timing of mode 3", () => {
  const { vga, io, scheduler } = mode3Rig();
  const lineNs = (100 * 9 * 1e9) / 28_322_000;
  assert.ok(Math.abs(vga.timing.frameNs - 449 * lineNs) < 1e-6);
  assert.ok(Math.abs(1e9 / vga.timing.frameNs - 70.09) < 0.01);
  const at = (line: number, column: number): number => {
    scheduler.now = 5 * vga.timing.frameNs + line * lineNs + (column + 0.5) * (lineNs / 100);
    return io.in8(0x3da) & 0x09;
  };
  assert.equal(at(0, 0), 0x00, "displaying");
  assert.equal(at(100, 85), 0x01, "horizontal blanking");
  assert.equal(at(405, 10), 0x01, "vertical blanking before retrace");
  assert.equal(at(412, 10), 0x09, "retrace starts at CRTC 10h = 412");
  assert.equal(at(413, 10), 0x09);
  assert.equal(at(414, 10), 0x01, "retrace ends when the line's low 4 bits reach CRTC 11h bits 0-3 (Eh)");
  assert.equal(at(448, 10), 0x01);
});

test("480-line timing runs at 60 Hz", () => {
  const { vga, io } = mode3Rig();
  io.out8(0x3c2, 0xe3); // 25.175 MHz clock
  io.out16(0x3c4, 0x0101); // 8-dot characters
  io.out16(0x3d4, 0x11 | (0x0c << 8)); // lift the write protect
  for (const [index, value] of [
    [0x06, 0x0b],
    [0x07, 0x3e],
    [0x12, 0xdf],
  ]) {
    io.out16(0x3d4, index | (value << 8));
  }
  assert.equal(vga.registers.totalLines, 525);
  assert.ok(Math.abs(1e9 / vga.timing.frameNs - 59.94) < 0.01);
});

/** Sets up planar 16-colour memory access (as mode 12h): A0000h 64 KB, sequential, all planes. */
function planarRig(): Rig {
  const rig = makeRig();
  rig.io.out8(0x3c2, 0xe3);
  rig.io.out16(0x3c4, 0x0604);
  rig.io.out16(0x3c4, 0x0f02);
  rig.io.out16(0x3ce, 0x0506);
  rig.io.out16(0x3ce, 0x0005);
  rig.io.out16(0x3ce, 0xff08);
  return rig;
}

function planeBytes(vga: VgaAdapter, address: number): number[] {
  return [0, 1, 2, 3].map((plane) => vga.memory.planes[address * 4 + plane]);
}

test("write mode 0: rotate, set/reset, logical function and bit mask against the latches", () => {
  const { vga, io, memory } = planarRig();
  memory.write8(0xa0010, 0xa5);
  assert.deepEqual(planeBytes(vga, 0x10), [0xa5, 0xa5, 0xa5, 0xa5]);
  io.out16(0x3ce, 0x0503); // rotate right by 5
  memory.write8(0xa0011, 0x81);
  assert.deepEqual(planeBytes(vga, 0x11), [0x0c, 0x0c, 0x0c, 0x0c]);
  io.out16(0x3ce, 0x0003);
  io.out16(0x3ce, 0x0a00); // set/reset = 1010
  io.out16(0x3ce, 0x0301); // enabled for planes 0 and 1
  memory.write8(0xa0012, 0x3c);
  assert.deepEqual(planeBytes(vga, 0x12), [0x00, 0xff, 0x3c, 0x3c]);
  io.out16(0x3ce, 0x0001);
  memory.read8(0xa0010); // latches = a5 in every plane
  io.out16(0x3ce, 0x1803); // XOR
  io.out16(0x3ce, 0xf008); // bit mask: high nibble
  memory.write8(0xa0013, 0xff);
  assert.deepEqual(planeBytes(vga, 0x13), [0x55, 0x55, 0x55, 0x55], "(ff ^ a5) in the mask, latch elsewhere");
  io.out16(0x3ce, 0x0803); // AND
  io.out16(0x3ce, 0xff08);
  memory.write8(0xa0014, 0x0f);
  assert.deepEqual(planeBytes(vga, 0x14), [0x05, 0x05, 0x05, 0x05]);
  io.out16(0x3ce, 0x1003); // OR
  memory.write8(0xa0015, 0x0f);
  assert.deepEqual(planeBytes(vga, 0x15), [0xaf, 0xaf, 0xaf, 0xaf]);
  io.out16(0x3c4, 0x0502); // map mask: planes 0 and 2
  io.out16(0x3ce, 0x0003);
  memory.write8(0xa0016, 0x77);
  assert.deepEqual(planeBytes(vga, 0x16), [0x77, 0x00, 0x77, 0x00]);
});

test("write modes 1, 2 and 3", () => {
  const { vga, io, memory } = planarRig();
  for (let plane = 0; plane < 4; plane++) {
    io.out16(0x3c4, 0x02 | ((1 << plane) << 8));
    memory.write8(0xa0020, 0x11 * (plane + 1));
  }
  io.out16(0x3c4, 0x0f02);
  io.out16(0x3ce, 0x0105); // write mode 1: latch copy
  memory.read8(0xa0020);
  memory.write8(0xa0030, 0x00);
  assert.deepEqual(planeBytes(vga, 0x30), [0x11, 0x22, 0x33, 0x44]);
  io.out16(0x3ce, 0x0205); // write mode 2: colour 0110 through bit mask 0F
  io.out16(0x3ce, 0x0f08);
  memory.read8(0xa0020);
  memory.write8(0xa0031, 0x06);
  assert.deepEqual(planeBytes(vga, 0x31), [0x10, 0x2f, 0x3f, 0x40]);
  io.out16(0x3ce, 0x0305); // write mode 3: set/reset colour, rotated data AND bit mask as mask
  io.out16(0x3ce, 0x0900); // colour 1001
  io.out16(0x3ce, 0x3c08);
  memory.read8(0xa0040); // zero latches
  memory.write8(0xa0041, 0xf0);
  assert.deepEqual(planeBytes(vga, 0x41), [0x30, 0x00, 0x00, 0x30]);
});

test("read mode 0 selects a plane; read mode 1 compares colours with don't care", () => {
  const { io, memory } = planarRig();
  const colours = [0, 1, 2, 3, 4, 5, 6, 7]; // pixel i has colour i
  for (let plane = 0; plane < 4; plane++) {
    let byte = 0;
    colours.forEach((colour, i) => {
      if (colour & (1 << plane)) byte |= 0x80 >> i;
    });
    io.out16(0x3c4, 0x02 | ((1 << plane) << 8));
    memory.write8(0xa0100, byte);
  }
  io.out16(0x3ce, 0x0004);
  assert.equal(memory.read8(0xa0100), 0b01010101, "plane 0");
  io.out16(0x3ce, 0x0104);
  assert.equal(memory.read8(0xa0100), 0b00110011, "plane 1");
  io.out16(0x3ce, 0x0805); // read mode 1
  io.out16(0x3ce, 0x0502); // compare colour 5
  io.out16(0x3ce, 0x0f07);
  assert.equal(memory.read8(0xa0100), 0b00000100);
  io.out16(0x3ce, 0x0307); // care only about planes 0 and 1: colours 1 and 5 match
  assert.equal(memory.read8(0xa0100), 0b01000100);
});

test("chain-4 and odd/even addressing", () => {
  const { vga, io, memory } = planarRig();
  io.out16(0x3c4, 0x0e04); // chain 4
  memory.write8(0xa0005, 0x99);
  assert.deepEqual(planeBytes(vga, 4), [0, 0x99, 0, 0]);
  assert.equal(memory.read8(0xa0005), 0x99);
  assert.equal(memory.read8(0xa0004), 0x00);
  io.out16(0x3c4, 0x0204); // odd/even
  io.out16(0x3c4, 0x0302); // planes 0, 1
  io.out16(0x3ce, 0x1005); // odd/even reads
  memory.write8(0xa0200, 0x41);
  memory.write8(0xa0201, 0x1e);
  assert.deepEqual(planeBytes(vga, 0x200), [0x41, 0x1e, 0, 0]);
  assert.equal(memory.read8(0xa0201), 0x1e);
  io.out8(0x3c2, 0xe1); // RAM disable
  assert.equal(memory.read8(0xa0201), 0xff);
});

test("memory map select decides which window answers", () => {
  const { io, memory } = planarRig();
  io.out16(0x3ce, 0x0106); // A0000h 128 KB
  memory.write8(0xb0001, 0x5a);
  assert.equal(memory.read8(0xb0001), 0x5a);
  io.out16(0x3ce, 0x0d06); // B8000h
  assert.equal(memory.read8(0xa0000), 0xff);
  io.out16(0x3ce, 0x0506); // A0000h 64 KB
  assert.equal(memory.read8(0xb0001), 0xff);
  assert.equal(memory.read8(0xa0001), 0x5a, "the 128 KB window's upper half aliased the 64 KB planes");
});

test("planar graphics frame (mode 12h registers) maps pixel colours through palette and DAC", () => {
  const { vga, io, memory } = planarRig();
  const crtc12 = [
    0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xea, 0x8c, 0xdf,
    0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff,
  ];
  crtc12.forEach((value, index) => io.out16(0x3d4, index | (value << 8)));
  io.out16(0x3c4, 0x0101);
  io.in8(0x3da);
  for (let index = 0; index < 16; index++) {
    io.out8(0x3c0, index);
    io.out8(0x3c0, index);
  }
  io.out8(0x3c0, 0x10);
  io.out8(0x3c0, 0x01);
  io.out8(0x3c0, 0x12);
  io.out8(0x3c0, 0x0f);
  io.out8(0x3c0, 0x20);
  io.out8(0x3c8, 0x09);
  for (const v of [10, 20, 30]) io.out8(0x3c9, v);
  io.out16(0x3ce, 0x0205); // write mode 2
  io.out16(0x3ce, 0x4008); // bit mask: pixel 1
  memory.read8(0xa0000 + 80 * 2);
  memory.write8(0xa0000 + 80 * 2, 0x09);
  const frame = vga.renderFrame();
  assert.equal(frame.width, 640);
  assert.equal(frame.height, 480);
  assert.equal(pixel(vga, 1, 2), rgba(10, 20, 30));
  assert.equal(pixel(vga, 0, 2), BLACK);
  assert.equal(vga.screenText(), "");
});

test("save/restore round trip reproduces registers, DAC, latches and memory", () => {
  const a = mode3Rig();
  putChar(a.memory, 4, 4, 0x42, 0x1e);
  a.io.out8(0x3c8, 0x40);
  a.io.out8(0x3c9, 0x11); // half-written DAC entry
  a.io.out8(0x3c0, 0x13); // flip-flop at data
  const state = a.vga.saveState();
  const b = makeRig();
  b.vga.loadState(state);
  assert.deepEqual(b.vga.saveState(), state);
  assert.equal(b.vga.screenText(), a.vga.screenText());
  assert.deepEqual(b.vga.renderFrame().pixels, a.vga.renderFrame().pixels);
  b.io.out8(0x3c9, 0x22);
  b.io.out8(0x3c9, 0x33);
  b.io.out8(0x3c7, 0x40);
  assert.deepEqual([b.io.in8(0x3c9), b.io.in8(0x3c9), b.io.in8(0x3c9)], [0x11, 0x22, 0x33]);
  b.io.out8(0x3c0, 0x08);
  assert.equal(b.vga.registers.attr[0x13], 0x08, "the restored flip-flop expected data");
  assert.throws(() => b.vga.loadState({ ...state, planes: new Uint8Array(10) }), /planes/);
  b.vga.reset();
  assert.equal(b.vga.registers.misc, 0);
  assert.equal(
    b.vga.memory.planes.some((byte) => byte !== 0),
    false,
  );
});

test("256-colour graphics (mode 13h registers): chain-4 bytes are pixels, 320x200 at native resolution", () => {
  const { vga, io, memory } = makeRig();
  programRegisters(io, {
    misc: 0x63,
    seq: [0x03, 0x01, 0x0f, 0x00, 0x0e],
    crtc: [
      0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x0e, 0x8f,
      0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff,
    ],
    gc: [0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff],
    attr: [...Array(16).keys(), 0x41, 0x00, 0x0f, 0x00, 0x00],
  });
  io.out8(0x3c8, 0x80);
  for (const v of [63, 0, 0, 0, 63, 0]) io.out8(0x3c9, v);
  memory.write8(0xa0000 + 320 * 3 + 5, 0x80);
  memory.write8(0xa0000 + 320 * 3 + 6, 0x81);
  const frame = vga.renderFrame();
  assert.equal(frame.width, 320, "80 character clocks of four 8-bit pixels");
  assert.equal(frame.height, 200, "each row of two scan lines (CRTC 09h = 41h) is one picture line");
  assert.deepEqual(frame.displayAspect, { width: 4, height: 3 });
  assert.equal(pixel(vga, 5, 3), rgba(63, 0, 0));
  assert.equal(pixel(vga, 6, 3), rgba(0, 63, 0));
  assert.equal(pixel(vga, 5, 2), BLACK);
  assert.equal(pixel(vga, 4, 3), BLACK);
  assert.equal(pixel(vga, 5, 4), BLACK);
});

test("CGA-compatible 4-colour graphics (mode 4 registers): interleaved 2-bit pixels and odd-line bank", () => {
  const { vga, io, memory } = makeRig();
  programRegisters(io, {
    misc: 0x63,
    seq: [0x03, 0x09, 0x03, 0x00, 0x02],
    crtc: [
      0x2d, 0x27, 0x28, 0x90, 0x2b, 0x80, 0xbf, 0x1f, 0x00, 0xc1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f,
      0x14, 0x00, 0x96, 0xb9, 0xa2, 0xff,
    ],
    gc: [0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0f, 0x00, 0xff],
    attr: [
      0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x01, 0x00, 0x03,
      0x00, 0x00,
    ],
  });
  io.out8(0x3c8, 0x13);
  for (const v of [0, 63, 63]) io.out8(0x3c9, v);
  io.out8(0x3c8, 0x17);
  for (const v of [63, 63, 63]) io.out8(0x3c9, v);
  memory.write8(0xb8000, 0b00010000); // line 0: pixel 0 colour 0, pixel 1 colour 1
  memory.write8(0xba000, 0b11000000); // line 1 (odd bank): pixel 0 colour 3
  const frame = vga.renderFrame();
  assert.equal(frame.width, 320, "40 character clocks of 8 pixels (the halved dot clock makes each two dots wide)");
  assert.equal(frame.height, 200, "double scan: 400 scan lines show 200 picture lines");
  assert.equal(pixel(vga, 0, 0), BLACK);
  assert.equal(pixel(vga, 1, 0), rgba(0, 63, 63));
  assert.equal(pixel(vga, 2, 0), BLACK);
  assert.equal(pixel(vga, 0, 1), rgba(63, 63, 63), "the second line comes from the BA000h bank");
});
