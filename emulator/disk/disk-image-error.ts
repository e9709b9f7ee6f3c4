/**
 * The one error a disk image raises: a one-line message naming the image and the problem, fit to show a user as is
 * ("disk.img: 1474000 bytes is not a whole number of 512-byte sectors").
 */
export class DiskImageError extends Error {
  override readonly name: string = "DiskImageError";
}

/** A write to an image opened read-only; controllers turn it into their write-protect status. */
export class DiskWriteProtectedError extends DiskImageError {
  override readonly name = "DiskWriteProtectedError";
}
