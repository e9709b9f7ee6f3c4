/** The machine's state, speed, percent of real time, MIPS and drive lights. */
import type { Drive, HostInfo, MachineProfile, MachineStats, MachineStatus } from "../host-api.ts";

const STATE_LABELS: Record<MachineStatus["state"], string> = {
  off: "Off",
  starting: "Starting",
  running: "Running",
  paused: "Paused",
  halted: "Halted (the CPU stopped; reset to restart)",
  crashed: "Crashed",
};
const SPEED_LABELS = { "4.77": "4.77 MHz", turbo: "Turbo", max: "Max speed" } as const;
/** A drive light stays on this long after each access, as a real one seems to. */
const LIGHT_MS = 250;

export function StatusBar(props: {
  info: HostInfo;
  profile: MachineProfile;
  status: MachineStatus;
  stats: MachineStats | null;
  disk: { drive: Drive; write: boolean; at: number } | null;
}) {
  const { status, stats, disk } = props;
  const running = status.state === "running";
  const drives: Drive[] = props.profile.type === "at" ? ["A", "B", "C"] : ["A", "B"];
  const lit = (drive: Drive) => disk !== null && disk.drive === drive && performance.now() - disk.at < LIGHT_MS;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`state-dot ${status.state}`} aria-hidden="true" />
      <span data-testid="status-state">{STATE_LABELS[status.state]}</span>
      <span className="separator" />
      <span>
        {props.profile.type.toUpperCase()} · {props.profile.cpu} · {props.profile.memoryKb} KB
      </span>
      <span className="separator" />
      <span data-testid="status-speed">{SPEED_LABELS[props.profile.speed]}</span>
      {running && stats && (
        <>
          <span className="separator" />
          <span data-testid="status-realtime" title="Machine time over wall time">
            {Math.round(stats.realTimePercent)}% real time
          </span>
          <span className="separator" />
          <span data-testid="status-mips">{stats.mips.toFixed(2)} MIPS</span>
        </>
      )}
      {props.info.diskActivity && (
        <span className="lights" aria-label="Drive activity">
          {drives.map((drive) => (
            <span
              key={drive}
              className={`light ${lit(drive) ? (disk?.write ? "write" : "read") : ""}`}
              data-testid={`light-${drive.toLowerCase()}`}
            >
              {drive}:
            </span>
          ))}
        </span>
      )}
    </footer>
  );
}
