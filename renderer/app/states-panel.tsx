/**
 * A machine's saved states: the list (kept current by the host's `states` event, so a state saved from the app menu
 * shows up too) and the panel that shows it newest first, each with its picture, time and label, and Restore and
 * Delete buttons.
 */
import { useEffect, useState } from "react";
import type { HostApi, SavedState } from "../host-api.ts";

/** The machine's states, newest first, as the host reports them. */
export function useSavedStates(host: HostApi, id: string, onProblem: (error: unknown) => void): SavedState[] {
  const [states, setStates] = useState<SavedState[]>([]);
  useEffect(() => {
    let stopped = false;
    const off = host.on("states", (event) => {
      if (event.id === id) setStates([...event.states]);
    });
    host.listStates(id).then((list) => !stopped && setStates(list), onProblem);
    return () => {
      stopped = true;
      off();
    };
  }, [host, id, onProblem]);
  return states;
}

/** "Today, 12:04:31" or "3 Mar 2025, 12:04:31" in the page's locale. */
export function stateTime(createdAt: string, now = new Date()): string {
  const time = new Date(createdAt);
  const clock = time.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const sameDay = time.toDateString() === now.toDateString();
  const day = sameDay
    ? "Today"
    : time.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
  return `${day}, ${clock}`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function StatesPanel(props: {
  states: readonly SavedState[];
  /** A restore or delete is under way: the buttons wait. */
  busy: boolean;
  onRestore: (state: SavedState) => void;
  onDelete: (state: SavedState) => void;
  onClose: () => void;
}) {
  const { states, busy } = props;
  return (
    <section className="states-panel" id="states-panel" aria-labelledby="states-heading" data-testid="states-panel">
      <header className="states-head">
        <h2 id="states-heading">Saved states</h2>
        <span className="muted">
          A state keeps the machine&apos;s memory and chips and a copy of its diskettes; a hard disk stays as it is on
          disk, and a state will not restore over one that has changed since.
        </span>
        <button
          type="button"
          className="ghost icon"
          onClick={props.onClose}
          aria-label="Close saved states"
          data-testid="states-close"
        >
          ✕
        </button>
      </header>
      {states.length === 0 ? (
        <p className="states-empty muted" data-testid="states-empty">
          No saved states yet. Save state keeps the whole machine as it is now, to come back to later.
        </p>
      ) : (
        <ol className="states-list" data-testid="states-list">
          {states.map((state, n) => {
            const time = stateTime(state.createdAt);
            return (
              <li key={state.id} className="state-card" data-testid={`state-${n}`} data-state-id={state.id}>
                {state.thumbnail ? (
                  <img className="state-thumb" src={state.thumbnail} alt="" width={160} height={120} />
                ) : (
                  <div className="state-thumb empty" aria-hidden="true" />
                )}
                <div className="state-text">
                  <time dateTime={state.createdAt} data-testid={`state-time-${n}`}>
                    {time}
                  </time>
                  <span className="state-label" data-testid={`state-label-${n}`} title={state.label}>
                    {state.label}
                  </span>
                  <span className="muted state-size">{sizeText(state.sizeBytes)}</span>
                </div>
                <div className="state-actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => props.onRestore(state)}
                    aria-label={`Restore the state saved ${time}`}
                    data-testid={`state-restore-${n}`}
                  >
                    Restore
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => props.onDelete(state)}
                    aria-label={`Delete the state saved ${time}`}
                    data-testid={`state-delete-${n}`}
                  >
                    Delete
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
