/** Cylinders, heads and sectors per track: how a disk's sectors are addressed in CHS terms. */
export interface DiskGeometry {
  readonly cylinders: number;
  readonly heads: number;
  readonly sectorsPerTrack: number;
}

export const SECTOR_SIZE = 512;

/** The linear sector number of cylinder `c`, head `h`, sector `s` (sectors count from 1), or -1 if out of range. */
export function chsToLba(geometry: DiskGeometry, c: number, h: number, s: number): number {
  if (c >= geometry.cylinders || h >= geometry.heads || s < 1 || s > geometry.sectorsPerTrack) return -1;
  return (c * geometry.heads + h) * geometry.sectorsPerTrack + s - 1;
}
