/**
 * The contents our test programs expect in a disk's sectors (int13-floppy.asm, ata.asm check them): word 0 is the
 * sector's LBA (low 16 bits), word 2 its complement, and every byte from offset 4 on is (offset + LBA) & FFh. A
 * misplaced sector, a wrong head or a shifted buffer all show.
 */
import { SECTOR_SIZE } from "../../emulator/disk/disk-geometry.ts";

export function fillSector(lba: number, sector: Uint8Array): void {
  sector[0] = lba & 0xff;
  sector[1] = (lba >> 8) & 0xff;
  sector[2] = ~lba & 0xff;
  sector[3] = (~lba >> 8) & 0xff;
  for (let i = 4; i < SECTOR_SIZE; i++) sector[i] = (i + lba) & 0xff;
}

export function sectorIsFilled(lba: number, sector: Uint8Array): boolean {
  const expected = new Uint8Array(SECTOR_SIZE);
  fillSector(lba, expected);
  return expected.every((byte, i) => sector[i] === byte);
}
