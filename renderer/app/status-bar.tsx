/** The machine's state, speed, percent of real time, MIPS and drive lights. */
import type { Drive, HostApi, HostInfo, MachineProfile, MachineStats, MachineStatus } from "../host-api.ts";
import { DriveLights } from "./drive-lights.tsx";

const STATE_LABELS: Record<MachineStatus["state"], string> = {
  off: "Off",
  starting: "Starting",
  running: "Running",
  paused: "Paused",
  halted: "Halted (the CPU stopped; reset to restart)",
  crashed: "Crashed",
};
const SPEED_LABELS = { "4.77": "4.77 MHz", turbo: "Turbo", max: "Max speed" } as const;
const MOUSE_LABELS = { none: "", ps2: "PS/2 mouse", com1: "mouse on COM1", com2: "mouse on COM2" } as const;

export function StatusBar(props: {
  host: HostApi;
  info: HostInfo;
  profile: MachineProfile;
  status: MachineStatus;
  stats: MachineStats | null;
}) {
  const { status, stats } = props;
  const running = status.state === "running";
  const drives: Drive[] = props.profile.type === "at" ? ["A", "B", "C"] : ["A", "B"];
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`state-dot ${status.state}`} aria-hidden="true" />
      <span data-testid="status-state">{STATE_LABELS[status.state]}</span>
      <span className="separator" />
      <span>
        {props.profile.type.toUpperCase()} · {props.profile.cpu} · {props.profile.memoryKb} KB ·{" "}
        <span data-testid="status-video">{props.profile.video.toUpperCase()}</span>
        {props.profile.mouse !== "none" && ` · ${MOUSE_LABELS[props.profile.mouse]}`}
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
      {props.info.diskActivity && <DriveLights host={props.host} id={props.profile.id} drives={drives} />}
    </footer>
  );
}
