/**
 * The machine's drives: what each holds, and buttons to insert (a dialog: the host's own where it has one, else
 * the page's file picker), swap and eject. Dropping an image on a drive puts it there; dropping it anywhere else on
 * the machine puts it in A: (machine-view.tsx).
 */
import { useRef, useState, type DragEvent } from "react";
import type { Drive, HostApi, HostInfo, MachineProfile } from "../host-api.ts";

export const DRIVE_LABELS: Record<Drive, string> = { A: "Drive A:", B: "Drive B:", C: "Hard disk C:" };

export function Drives(props: {
  host: HostApi;
  info: HostInfo;
  profile: MachineProfile;
  running: boolean;
  busy: Drive | null;
  onInsert: (drive: Drive, file: File | null) => void;
  onProblem: (error: unknown) => void;
}) {
  const drives: Drive[] = props.profile.type === "at" ? ["A", "B", "C"] : ["A", "B"];
  return (
    <div className="drives" data-testid="drives">
      {drives.map((drive) => (
        <DriveSlot key={drive} drive={drive} {...props} />
      ))}
    </div>
  );
}

function DriveSlot(props: {
  drive: Drive;
  host: HostApi;
  info: HostInfo;
  profile: MachineProfile;
  running: boolean;
  busy: Drive | null;
  onInsert: (drive: Drive, file: File | null) => void;
  onProblem: (error: unknown) => void;
}) {
  const { drive, profile } = props;
  const media = profile.media[drive];
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const locked = drive === "C" && props.running;
  const letter = drive.toLowerCase();

  const choose = () => {
    if (props.info.nativeDialogs) props.onInsert(drive, null);
    else input.current?.click();
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !locked) props.onInsert(drive, file);
  };

  return (
    <div
      className={`drive ${over ? "drop-target" : ""} ${media ? "full" : "empty"}`}
      data-testid={`drive-${letter}`}
      onDragOver={(event) => {
        event.preventDefault();
        event.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <span className="drive-label">{DRIVE_LABELS[drive]}</span>
      <span className="drive-media" data-testid={`drive-${letter}-media`} title={media?.name}>
        {props.busy === drive ? "Inserting…" : media ? media.name : "empty"}
        {media && <span className="drive-size"> {formatSize(media.sizeBytes)}</span>}
      </span>
      <span className="drive-actions">
        <button
          type="button"
          onClick={choose}
          disabled={locked || props.busy !== null}
          title={locked ? "Power the machine off to change its hard disk" : undefined}
          data-testid={`drive-${letter}-insert`}
        >
          {media ? "Swap…" : "Insert…"}
        </button>
        <button
          type="button"
          className="ghost"
          disabled={!media || locked || props.busy !== null}
          onClick={() => props.host.eject(profile.id, drive).catch(props.onProblem)}
          data-testid={`drive-${letter}-eject`}
        >
          Eject
        </button>
      </span>
      <input
        ref={input}
        type="file"
        hidden
        accept=".img,.ima,.vfd,.flp,.dsk,.vhd,.bin,application/octet-stream"
        data-testid={`drive-${letter}-file`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) props.onInsert(drive, file);
        }}
      />
    </div>
  );
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
