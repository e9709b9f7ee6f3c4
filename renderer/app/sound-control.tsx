/**
 * A machine's sound: mute and volume (remembered per machine in this browser), and the player that streams its
 * speaker while the machine is the one in front. The control's data attributes show the player's counts
 * (`data-samples`: samples received, `data-peak`: the loudest), which the app's browser tests read.
 */
import { useEffect, useRef, useState } from "react";
import { audioContext } from "../audio/audio-context.ts";
import { SpeakerPlayer } from "../audio/speaker-player.ts";
import type { HostApi } from "../host-api.ts";

interface SoundSettings {
  readonly volume: number;
  readonly muted: boolean;
}

const DEFAULT: SoundSettings = { volume: 0.6, muted: false };
const storageKey = (id: string) => `realmode-sound-${id}`;

function loadSettings(id: string): SoundSettings {
  try {
    const saved = JSON.parse(window.localStorage.getItem(storageKey(id)) ?? "null") as Partial<SoundSettings> | null;
    if (saved && typeof saved.volume === "number" && typeof saved.muted === "boolean") {
      return { volume: Math.min(1, Math.max(0, saved.volume)), muted: saved.muted };
    }
  } catch {
    // A damaged entry is forgotten.
  }
  return DEFAULT;
}

export function SoundControl(props: { host: HostApi; id: string; available: boolean; audible: boolean }) {
  const { host, id, available, audible } = props;
  const [settings, setSettings] = useState(() => loadSettings(id));
  const [suspended, setSuspended] = useState(false);
  const element = useRef<HTMLDivElement>(null);
  const player = useRef<SpeakerPlayer | null>(null);
  const level = settings.muted ? 0 : settings.volume * settings.volume;

  useEffect(() => {
    if (!available || !audible) return;
    const context = audioContext();
    const follow = () => setSuspended(context.state !== "running");
    follow();
    context.addEventListener("statechange", follow);
    const playing = new SpeakerPlayer(context, level);
    player.current = playing;
    const off = host.subscribeAudio(id, (chunk) => {
      playing.push(chunk);
      if (element.current) {
        element.current.dataset.samples = String(playing.stats.received);
        element.current.dataset.peak = playing.stats.peak.toFixed(3);
      }
    });
    return () => {
      off();
      context.removeEventListener("statechange", follow);
      playing.close();
      player.current = null;
    };
    // The level is applied by the effect below; a new player only for another machine or host.
  }, [host, id, available, audible]);

  useEffect(() => {
    player.current?.setVolume(level);
    window.localStorage.setItem(storageKey(id), JSON.stringify(settings));
  }, [id, settings, level]);

  const state = !available
    ? "unavailable"
    : settings.muted
      ? "muted"
      : !audible
        ? "background"
        : suspended
          ? "waiting"
          : "playing";
  const title = {
    unavailable: "This host does not stream sound",
    muted: "Sound is muted: click to unmute",
    background: "Only the machine in front plays",
    waiting: "Sound starts when you click or type in the page",
    playing: "Mute the PC speaker",
  }[state];
  return (
    <div className="sound-control" ref={element} data-testid="sound" data-state={state}>
      <button
        type="button"
        className={`icon sound-mute ${settings.muted ? "toggled" : ""}`}
        aria-pressed={settings.muted}
        aria-label={settings.muted ? "Unmute" : "Mute"}
        title={title}
        disabled={!available}
        onClick={() => setSettings((current) => ({ ...current, muted: !current.muted }))}
        data-testid="sound-mute"
      >
        <SpeakerIcon silent={settings.muted || settings.volume === 0} />
      </button>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        value={Math.round(settings.volume * 100)}
        disabled={!available}
        aria-label="Volume"
        title={`Volume ${Math.round(settings.volume * 100)}%`}
        onChange={(event) => setSettings({ volume: Number(event.target.value) / 100, muted: false })}
        data-testid="sound-volume"
      />
    </div>
  );
}

/** A loudspeaker with sound waves, or crossed out: drawn, since emoji fonts are not everywhere. */
function SpeakerIcon({ silent }: { silent: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor">
      <path d="M2 6h3l4-3v10l-4-3H2z" fill="currentColor" strokeLinejoin="round" />
      {silent ? (
        <path d="M11 6l4 4M15 6l-4 4" strokeWidth="1.5" strokeLinecap="round" />
      ) : (
        <path d="M11 5.5a3.5 3.5 0 0 1 0 5M12.5 3.5a6 6 0 0 1 0 9" strokeWidth="1.4" strokeLinecap="round" />
      )}
    </svg>
  );
}
