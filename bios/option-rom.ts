/**
 * Option ROMs as a system BIOS's ROM scan finds them (IBM PC/XT Technical Reference, "ROM scan"; IBM PC/AT
 * Technical Reference, POST): the bytes 55h AAh, then the length in 512-byte blocks, then the initialisation entry at
 * offset 3 (called far), and all bytes of the ROM summing to 0 mod 256. Realmode's VGA BIOS (bios/vga/, assembled
 * into bios/realmode-vga.bin) is one, mapped where VGA cards put theirs, at C0000h.
 */

export const OPTION_ROM_BLOCK = 512;
/** Where a VGA card's ROM sits, and how much room it has there (C0000h-C7FFFh, the AT's video ROM range). */
export const VIDEO_ROM_ADDRESS = 0xc0000;
export const VIDEO_ROM_MAX_SIZE = 0x8000;

/** Sets the last byte so that all bytes of the ROM sum to 0 mod 256. */
export function fixOptionRomChecksum(image: Uint8Array): void {
  let sum = 0;
  for (let i = 0; i < image.length - 1; i++) sum += image[i];
  image[image.length - 1] = -sum & 0xff;
}

/** What is wrong with `image` as an option ROM of at most `maxSize` bytes, or null when a ROM scan would run it. */
export function optionRomProblem(image: Uint8Array, maxSize: number): string | null {
  if (image.length < OPTION_ROM_BLOCK || image.length > maxSize) {
    return `an option ROM here is 512 bytes to ${maxSize / 1024} KB, not ${image.length} bytes`;
  }
  if (image[0] !== 0x55 || image[1] !== 0xaa) return "no 55h AAh option ROM signature";
  if (image[2] * OPTION_ROM_BLOCK !== image.length) {
    return `its length byte says ${image[2] * OPTION_ROM_BLOCK} bytes, but it has ${image.length}`;
  }
  let sum = 0;
  for (const byte of image) sum += byte;
  return (sum & 0xff) === 0 ? null : "its bytes do not sum to 0 mod 256";
}
