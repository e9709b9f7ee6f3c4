/**
 * Carries the speaker samples of the machines the window plays (subscribeAudio) from the host service to the window.
 * The hypervisor streams every running machine's speaker; only watched machines cross IPC, so a machine in a
 * background tab costs nothing here.
 */
import type { ServiceEvents } from "../web/host-service.ts";
import type { AudioMessage } from "./channels.ts";

export class AudioRelay {
  private readonly watched = new Set<string>();

  constructor(private readonly send: (message: AudioMessage) => void) {}

  watch(id: string): void {
    this.watched.add(id);
  }

  unwatch(id: string): void {
    this.watched.delete(id);
  }

  /** The host service's `audio` listener. */
  readonly forward = ({ id, chunk }: ServiceEvents["audio"][0]): void => {
    if (this.watched.has(id)) this.send({ id, sampleRate: chunk.sampleRate, samples: chunk.samples });
  };

  stop(): void {
    this.watched.clear();
  }
}
