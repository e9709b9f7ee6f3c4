/**
 * The VGA's 256 KB of video memory (four 64 KB planes) and the path the CPU takes to it through the sequencer and
 * graphics controller (IBM VGA Technical Reference, "Graphics Controller Registers" and "Sequencer Registers").
 *
 * The planes are stored interleaved, byte 4*a+p being plane p at address a, so the four bytes one CPU access
 * touches (and the four latches) are one 32-bit word: the write modes then work on all planes at once. The word
 * view assumes a little-endian host, as every JavaScript engine in use is.
 */
import {
  GC_BIT_MASK,
  GC_COLOR_COMPARE,
  GC_COLOR_DONT_CARE,
  GC_DATA_ROTATE,
  GC_ENABLE_SET_RESET,
  GC_MISCELLANEOUS,
  GC_MODE,
  GC_READ_MAP_SELECT,
  GC_SET_RESET,
  SEQ_MAP_MASK,
  SEQ_MEMORY_MODE,
  type VgaRegisters,
} from "./vga-registers.ts";

export const PLANE_BYTES = 0x10000;

/** A nibble's bits widened to whole bytes (bit p set gives FFh in byte p): per-plane masks for 32-bit operations. */
const PLANE_BYTES_OF = new Uint32Array(16);
for (let nibble = 0; nibble < 16; nibble++) {
  for (let plane = 0; plane < 4; plane++) if (nibble & (1 << plane)) PLANE_BYTES_OF[nibble] |= 0xff << (plane * 8);
}

/** One byte copied into all four plane bytes. */
function replicate(byte: number): number {
  return byte * 0x01010101;
}

export class VgaMemory {
  /** The four planes, interleaved (see the file comment). */
  readonly planes = new Uint8Array(4 * PLANE_BYTES);
  private readonly words = new Uint32Array(this.planes.buffer);
  /** The four latches, plane p in byte p: loaded by every CPU read, used by write modes 0–3. */
  latch = 0;

  constructor(private readonly regs: VgaRegisters) {}

  reset(): void {
    this.planes.fill(0);
    this.latch = 0;
  }

  /**
   * Offset of a physical address within the window that graphics controller misc bits 2–3 select (A0000h for
   * 128 KB, A0000h 64 KB, B0000h 32 KB, B8000h 32 KB), or -1 outside it or while Misc Output bit 1 (RAM enable)
   * keeps the CPU away from video memory.
   */
  private windowOffset(address: number): number {
    if ((this.regs.misc & 0x02) === 0) return -1;
    switch ((this.regs.gc[GC_MISCELLANEOUS] >> 2) & 3) {
      case 0:
        return address - 0xa0000;
      case 1:
        return address < 0xb0000 ? address - 0xa0000 : -1;
      case 2:
        return address >= 0xb0000 && address < 0xb8000 ? address - 0xb0000 : -1;
      default:
        return address >= 0xb8000 ? address - 0xb8000 : -1;
    }
  }

  /**
   * A CPU read: loads all four latches from the addressed plane location, then returns one plane's byte (read
   * mode 0: the plane chosen by chain-4 address bits 0–1, by address bit 0 in odd/even mode, else by Read Map
   * Select) or the colour compare result (read mode 1). Reads outside the window see an undriven bus (FFh).
   */
  read8(address: number): number {
    const offset = this.windowOffset(address);
    if (offset < 0) return 0xff;
    const gc = this.regs.gc;
    let planeAddress: number;
    let plane: number;
    if (this.regs.seq[SEQ_MEMORY_MODE] & 0x08) {
      plane = offset & 3;
      planeAddress = offset & 0xfffc;
    } else if (gc[GC_MODE] & 0x10) {
      plane = (gc[GC_READ_MAP_SELECT] & 2) | (offset & 1);
      planeAddress = offset & 0xfffe;
    } else {
      plane = gc[GC_READ_MAP_SELECT] & 3;
      planeAddress = offset & 0xffff;
    }
    this.latch = this.words[planeAddress];
    if ((gc[GC_MODE] & 0x08) === 0) return this.planes[planeAddress * 4 + plane];
    // Read mode 1: a bit is 1 where every plane enabled in Colour Don't Care matches its Colour Compare bit.
    const expected = PLANE_BYTES_OF[gc[GC_COLOR_COMPARE] & 0x0f];
    const care = PLANE_BYTES_OF[gc[GC_COLOR_DONT_CARE] & 0x0f];
    const differ = (this.latch ^ expected) & care;
    return ~(differ | (differ >>> 8) | (differ >>> 16) | (differ >>> 24)) & 0xff;
  }

  /**
   * A CPU write: the planes written are Map Mask, narrowed to the addressed plane in chain-4 mode or to the even
   * (0, 2) or odd (1, 3) pair in odd/even mode (sequencer memory mode bit 2 clear); the data goes through the
   * selected write mode, the logical function against the latches and the bit mask.
   */
  write8(address: number, value: number): void {
    const offset = this.windowOffset(address);
    if (offset < 0) return;
    const memoryMode = this.regs.seq[SEQ_MEMORY_MODE];
    let enable = this.regs.seq[SEQ_MAP_MASK] & 0x0f;
    let planeAddress: number;
    if (memoryMode & 0x08) {
      enable &= 1 << (offset & 3);
      planeAddress = offset & 0xfffc;
    } else if ((memoryMode & 0x04) === 0) {
      enable &= offset & 1 ? 0x0a : 0x05;
      planeAddress = offset & 0xfffe;
    } else {
      planeAddress = offset & 0xffff;
    }
    if (enable === 0) return;
    const writeEnable = PLANE_BYTES_OF[enable];
    this.words[planeAddress] = (this.words[planeAddress] & ~writeEnable) | (this.pipeline(value) & writeEnable);
  }

  /** The graphics controller's write data path for all four planes (write modes 0–3). */
  private pipeline(value: number): number {
    const gc = this.regs.gc;
    const latch = this.latch;
    const rotate = gc[GC_DATA_ROTATE] & 7;
    const rotated = ((value >> rotate) | (value << (8 - rotate))) & 0xff;
    let bitMask = gc[GC_BIT_MASK];
    let data: number;
    switch (gc[GC_MODE] & 3) {
      case 0: {
        // Planes enabled in Enable Set/Reset take their Set/Reset bit; the others the rotated CPU byte.
        const setResetPlanes = PLANE_BYTES_OF[gc[GC_ENABLE_SET_RESET] & 0x0f];
        data = (replicate(rotated) & ~setResetPlanes) | (PLANE_BYTES_OF[gc[GC_SET_RESET] & 0x0f] & setResetPlanes);
        break;
      }
      case 1:
        // Write mode 1 stores the latches unchanged: a fast copy of all four planes.
        return latch;
      case 2:
        // CPU data bits 0–3 are spread across each plane's byte; no rotation.
        data = PLANE_BYTES_OF[value & 0x0f];
        break;
      default:
        // Write mode 3: the rotated byte ANDed with Bit Mask is the mask; Set/Reset is the colour.
        bitMask &= rotated;
        data = PLANE_BYTES_OF[gc[GC_SET_RESET] & 0x0f];
        break;
    }
    switch ((gc[GC_DATA_ROTATE] >> 3) & 3) {
      case 1:
        data &= latch;
        break;
      case 2:
        data |= latch;
        break;
      case 3:
        data ^= latch;
        break;
    }
    const mask = replicate(bitMask);
    return (data & mask) | (latch & ~mask);
  }
}
