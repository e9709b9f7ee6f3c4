/**
 * The size a frame is shown at. A VGA monitor shows every mode on a 4:3 tube, so 720x400 text and 640x400 graphics
 * are stretched to 4:3 (their pixels are taller than wide). The picture grows in whole multiples of its 4:3 size
 * while that fits, so pixels stay even; smaller than one multiple, it shrinks to fit.
 */
export interface DisplaySize {
  readonly width: number;
  readonly height: number;
  /** Whole-multiple scale (1, 2, 3...), or 0 when shrunk to fit. */
  readonly scale: number;
}

export function displaySize(frameWidth: number, availableWidth: number, availableHeight: number): DisplaySize {
  const baseWidth = frameWidth;
  const baseHeight = (frameWidth * 3) / 4;
  const fit = Math.min(availableWidth / baseWidth, availableHeight / baseHeight);
  const scale = Math.floor(fit);
  if (scale >= 1) return { width: baseWidth * scale, height: baseHeight * scale, scale };
  return { width: Math.floor(baseWidth * fit), height: Math.floor(baseHeight * fit), scale: 0 };
}
