/**
 * Carries machines' pictures from the hypervisor's shared frame buffers to the window. A sandboxed renderer cannot
 * share memory with the main process, so the pump looks at each watched machine's buffer at the display rate and
 * sends a copy only when its change counter moved (a text screen changes a few times a second: cursor blink, typing).
 */
import type { SharedFrame } from "../hypervisor/frame-buffer.ts";
import type { FrameMessage } from "./channels.ts";

/** What the pump reads: a SharedFrameBuffer (hypervisor.ts `frame(id)`). */
export interface FrameReader {
  readonly changeCounter: number;
  read(): SharedFrame | null;
}

interface Watch {
  reader: FrameReader | undefined;
  counter: number;
}

/** 60 Hz: the VGA's own refresh rate in its 400-line text modes (70 Hz) is not worth the extra copies. */
export const FRAME_INTERVAL_MS = 1000 / 60;

export class FramePump {
  private readonly watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param readerOf the frame buffer of a machine's running VM, undefined while it is off (a new VM after a power
   *   cycle has a new buffer, which the pump notices by identity).
   */
  constructor(
    private readonly readerOf: (id: string) => FrameReader | undefined,
    private readonly send: (message: FrameMessage) => void,
    private readonly intervalMs = FRAME_INTERVAL_MS,
  ) {}

  /** Starts sending a machine's pictures, the current one at once. */
  watch(id: string): void {
    this.watches.set(id, { reader: undefined, counter: -1 });
    this.timer ??= setInterval(() => this.poll(), this.intervalMs);
    this.poll();
  }

  unwatch(id: string): void {
    this.watches.delete(id);
    if (this.watches.size === 0) this.stop();
  }

  /** Sends every watched machine's picture that changed since the last one sent. */
  poll(): void {
    for (const [id, watch] of this.watches) {
      const reader = this.readerOf(id);
      if (!reader || (reader === watch.reader && reader.changeCounter === watch.counter)) continue;
      const frame = reader.read();
      if (!frame) continue;
      watch.reader = reader;
      watch.counter = frame.changeCounter;
      const { width, height, changeCounter, pixels } = frame;
      this.send({
        id,
        width,
        height,
        changeCounter,
        pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length),
      });
    }
  }

  stop(): void {
    this.watches.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
