/** The machine library: every saved machine with its state; opening one shows it in a tab. */
import type { MachineProfile, MachineStatus } from "../host-api.ts";

export function MachineList(props: {
  machines: readonly MachineProfile[];
  statuses: ReadonlyMap<string, MachineStatus>;
  selected: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  onDelete: (profile: MachineProfile) => void;
}) {
  return (
    <nav className="library" aria-label="Machines">
      <div className="library-head">
        <h2>Machines</h2>
        <button type="button" className="primary" onClick={props.onNew} data-testid="new-machine">
          + New
        </button>
      </div>
      {props.machines.length === 0 ? (
        <p className="muted library-empty" data-testid="machine-list-empty">
          No machines yet. Create one, then drop a disk image on it to boot.
        </p>
      ) : (
        <ul data-testid="machine-list">
          {props.machines.map((machine) => {
            const state = props.statuses.get(machine.id)?.state ?? "off";
            return (
              <li
                key={machine.id}
                className={machine.id === props.selected ? "selected" : ""}
                data-testid={`machine-item-${machine.id}`}
              >
                <button
                  type="button"
                  className="library-open"
                  onClick={() => props.onOpen(machine.id)}
                  data-testid="machine-open"
                >
                  <span className={`state-dot ${state}`} aria-hidden="true" />
                  <span className="library-text">
                    <span className="library-name">{machine.name}</span>
                    <span className="library-detail">
                      {machine.type === "xt" ? "PC/XT" : "PC/AT"} · {machine.cpu} · {machine.video.toUpperCase()} ·{" "}
                      {machine.media.A?.name ?? "no diskette"}
                    </span>
                  </span>
                  <span className="visually-hidden">, {state}</span>
                </button>
                <button
                  type="button"
                  className="ghost icon"
                  onClick={() => props.onDelete(machine)}
                  aria-label={`Delete ${machine.name}`}
                  title="Delete"
                  data-testid="machine-delete"
                >
                  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
                    <path
                      d="M3 4h10M6.5 4V2.5h3V4M4.5 4l.7 9.5h5.6l.7-9.5"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.4"
                    />
                  </svg>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
