/**
 * Realmode's app icon, described once as shapes (a beige PC monitor on its stand, a blue screen with a DOS prompt
 * and a yellow cursor) and drawn two ways from that description: as SVG, and as RGBA pixels for the PNGs the
 * packagers need. The prompt's letters are our own 5x7 dot glyphs, drawn as squares.
 */

export interface Shape {
  /** In units of the icon's side: 0..1. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly color: string;
}

/** Our own 5x7 dot glyphs for the prompt "C:\>", one string per row, "#" lit. */
const GLYPHS: readonly (readonly string[])[] = [
  [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
  [".....", ".....", "..#..", ".....", ".....", "..#..", "....."],
  ["#....", "#....", ".#...", "..#..", "...#.", "....#", "....#"],
  ["#....", ".#...", "..#..", "...#.", "..#..", ".#...", "#...."],
];
const DOT = 0.022;
const TEXT_LEFT = 0.19;
const TEXT_TOP = 0.343;

const BODY = "#d9d3c3";
const BEZEL = "#3a3f4b";
const SCREEN = "#1d3b8f";
const TEXT = "#d7dde8";
const CURSOR = "#ffd23f";

function promptDots(): Shape[] {
  const dots: Shape[] = [];
  GLYPHS.forEach((glyph, index) =>
    glyph.forEach((row, y) => {
      for (let x = 0; x < row.length; x++) {
        if (row[x] !== "#") continue;
        const left = TEXT_LEFT + (index * 6 + x) * DOT;
        dots.push({ x: left, y: TEXT_TOP + y * DOT, width: DOT, height: DOT, radius: 0, color: TEXT });
      }
    }),
  );
  return dots;
}

export const ICON_SHAPES: readonly Shape[] = [
  { x: 0.4, y: 0.78, width: 0.2, height: 0.1, radius: 0, color: BEZEL },
  { x: 0.24, y: 0.86, width: 0.52, height: 0.07, radius: 0.03, color: BODY },
  { x: 0.06, y: 0.08, width: 0.88, height: 0.72, radius: 0.08, color: BODY },
  { x: 0.12, y: 0.14, width: 0.76, height: 0.56, radius: 0.05, color: BEZEL },
  { x: 0.15, y: 0.17, width: 0.7, height: 0.5, radius: 0.03, color: SCREEN },
  ...promptDots(),
  // The cursor: an underline-height block one cell after the prompt, as the VGA BIOS draws it in insert mode.
  { x: TEXT_LEFT + 24 * DOT, y: TEXT_TOP + 5 * DOT, width: 5 * DOT, height: 2 * DOT, radius: 0, color: CURSOR },
];

export function iconSvg(shapes: readonly Shape[] = ICON_SHAPES): string {
  const unit = 1024;
  const n = (value: number): string => String(Math.round(value * unit * 100) / 100);
  const rects = shapes.map(
    (s) =>
      `  <rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.width)}" height="${n(s.height)}"` +
      (s.radius > 0 ? ` rx="${n(s.radius)}"` : "") +
      ` fill="${s.color}"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${unit} ${unit}" width="${unit}" height="${unit}">\n${rects.join("\n")}\n</svg>\n`;
}

/** RGBA pixels of the icon at `size` x `size`, each pixel the average of 4x4 samples (smooth edges and corners). */
export function iconPixels(size: number, shapes: readonly Shape[] = ICON_SHAPES): Uint8ClampedArray {
  const samples = 4;
  const pixels = new Uint8ClampedArray(size * size * 4);
  const colors = shapes.map((s) => [1, 3, 5].map((i) => parseInt(s.color.slice(i, i + 2), 16)));
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          // The topmost shape containing the sample gives its colour (later shapes are drawn over earlier ones).
          for (let i = shapes.length - 1; i >= 0; i--) {
            if (!contains(shapes[i], x, y)) continue;
            r += colors[i][0];
            g += colors[i][1];
            b += colors[i][2];
            covered++;
            break;
          }
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      // Colour averaged over the covered samples (premultiplying would darken the edges); coverage is the alpha.
      pixels[at] = r / covered;
      pixels[at + 1] = g / covered;
      pixels[at + 2] = b / covered;
      pixels[at + 3] = (255 * covered) / (samples * samples);
    }
  }
  return pixels;
}

function contains(s: Shape, x: number, y: number): boolean {
  if (x < s.x || y < s.y || x >= s.x + s.width || y >= s.y + s.height) return false;
  const r = s.radius;
  if (r === 0) return true;
  // Outside a rounded corner: beyond the quarter circle centred r in from both edges.
  const cx = Math.min(Math.max(x, s.x + r), s.x + s.width - r);
  const cy = Math.min(Math.max(y, s.y + r), s.y + s.height - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
