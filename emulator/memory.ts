/**
 * The physical address space seen by the CPU: one flat byte array with a 4 KB page map that says which pages are
 * plain RAM (the fast path), ROM (reads fast, writes dropped) or device memory (every access goes to a handler).
 *
 * Real mode can address at most FFFF:FFFF = 10FFEFh, so the array is 1 MB + 64 KB whatever the CPU; the address
 * mask applied by the CPU (FFFFFh on the 8086, or with A20 gated off; 1FFFFFh on the 286 with A20 on) decides
 * whether the high 64 KB (the HMA) is reachable or wraps to 0.
 */

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
/** Bytes in the address space array: 1 MB plus the 64 KB - 16 B real mode reaches above it with A20 on. */
export const ADDRESS_SPACE_BYTES = 0x110000;

/** Page kinds; bit 0 set means reads leave the fast path, bit 1 set means writes do. */
export const enum PageKind {
  Ram = 0,
  Rom = 2,
  Device = 3,
}

/** A device that owns a range of the address space (video memory, option ROM windows). */
export interface MemoryMappedDevice {
  readonly name: string;
  read8(address: number): number;
  write8(address: number, value: number): void;
}

export class Memory {
  readonly bytes = new Uint8Array(ADDRESS_SPACE_BYTES);
  readonly pageKind = new Uint8Array(ADDRESS_SPACE_BYTES >>> PAGE_SHIFT);
  private readonly pageDevice: (MemoryMappedDevice | undefined)[] = new Array(ADDRESS_SPACE_BYTES >>> PAGE_SHIFT);

  /** Marks [start, start+length) as ROM and copies `image` into it. Both must be page aligned. */
  mapRom(start: number, image: Uint8Array): void {
    this.checkRange(start, image.length);
    this.bytes.set(image, start);
    this.setKind(start, image.length, PageKind.Rom, undefined);
  }

  /** Hands every access in [start, start+length) to `device`. Both must be page aligned. */
  mapDevice(start: number, length: number, device: MemoryMappedDevice): void {
    this.checkRange(start, length);
    this.setKind(start, length, PageKind.Device, device);
  }

  /** Returns [start, start+length) to plain RAM. */
  mapRam(start: number, length: number): void {
    this.checkRange(start, length);
    this.setKind(start, length, PageKind.Ram, undefined);
  }

  read8(address: number): number {
    const kind = this.pageKind[address >>> PAGE_SHIFT];
    if ((kind & 1) === 0) return this.bytes[address];
    return this.pageDevice[address >>> PAGE_SHIFT]!.read8(address);
  }

  write8(address: number, value: number): void {
    const kind = this.pageKind[address >>> PAGE_SHIFT];
    if (kind === PageKind.Ram) this.bytes[address] = value;
    else if (kind === PageKind.Device) this.pageDevice[address >>> PAGE_SHIFT]!.write8(address, value);
    // ROM: the write is dropped, as on a real bus where nothing drives the data lines into the ROM.
  }

  private setKind(start: number, length: number, kind: PageKind, device: MemoryMappedDevice | undefined): void {
    for (let page = start >>> PAGE_SHIFT; page < (start + length) >>> PAGE_SHIFT; page++) {
      this.pageKind[page] = kind;
      this.pageDevice[page] = device;
    }
  }

  private checkRange(start: number, length: number): void {
    if (start % PAGE_SIZE !== 0 || length % PAGE_SIZE !== 0 || start < 0 || start + length > ADDRESS_SPACE_BYTES) {
      throw new RangeError(`memory map range ${start.toString(16)}h+${length.toString(16)}h is not page aligned`);
    }
  }
}
