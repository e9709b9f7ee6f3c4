/**
 * The status bar's drive lights: green while a drive reads, amber while it writes, fading out LIGHT_MS after the
 * last report. The host reports a busy drive at most every 100 ms, so a long transfer keeps its light lit. Each
 * light's `data-state` ("idle", "read", "write") is what the app's browser tests read.
 */
import { useEffect, useState } from "react";
import type { Drive, HostApi } from "../host-api.ts";

type LightState = "idle" | "read" | "write";
/** How long a light stays on after the last access reported; CSS fades it over the next moment. */
const LIGHT_MS = 150;

export function DriveLights({ host, id, drives }: { host: HostApi; id: string; drives: readonly Drive[] }) {
  const [lights, setLights] = useState<Readonly<Record<Drive, LightState>>>({ A: "idle", B: "idle", C: "idle" });
  useEffect(() => {
    const timers = new Map<Drive, ReturnType<typeof setTimeout>>();
    const set = (drive: Drive, state: LightState) =>
      setLights((current) => (current[drive] === state ? current : { ...current, [drive]: state }));
    const off = host.on("disk", (event) => {
      if (event.id !== id) return;
      set(event.drive, event.write ? "write" : "read");
      clearTimeout(timers.get(event.drive));
      timers.set(
        event.drive,
        setTimeout(() => set(event.drive, "idle"), LIGHT_MS),
      );
    });
    return () => {
      off();
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, [host, id]);
  return (
    <span className="lights" aria-label="Drive activity">
      {drives.map((drive) => (
        <span
          key={drive}
          className="light"
          data-state={lights[drive]}
          title={`${drive}: ${lights[drive] === "idle" ? "idle" : lights[drive] === "read" ? "reading" : "writing"}`}
          data-testid={`light-${drive.toLowerCase()}`}
        >
          <span className="led" aria-hidden="true" />
          {drive}:
        </span>
      ))}
    </span>
  );
}
