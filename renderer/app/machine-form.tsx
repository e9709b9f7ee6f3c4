/** Creating or editing a machine: a modal dialog with the profile's settings. */
import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  defaultMouse,
  defaultVideo,
  type CpuChoice,
  type MachineSettings,
  type MachineType,
  type MouseChoice,
  type SpeedChoice,
  type VideoChoice,
} from "../host-api.ts";

export const DEFAULT_SETTINGS: MachineSettings = {
  name: "",
  type: "xt",
  cpu: "8088",
  memoryKb: 640,
  speed: "4.77",
  boot: "a",
  mouse: defaultMouse("xt"),
  video: defaultVideo("xt"),
};

const MEMORY = [128, 256, 512, 640];
const MICE: { value: MouseChoice; label: string }[] = [
  { value: "ps2", label: "PS/2 port (AT)" },
  { value: "com2", label: "Serial mouse on COM2" },
  { value: "com1", label: "Serial mouse on COM1" },
  { value: "none", label: "No mouse" },
];
const VIDEOS: { value: VideoChoice; label: string }[] = [
  { value: "cga", label: "CGA (640×200)" },
  { value: "vga", label: "VGA (720×400, 640×480)" },
];
const SPEED_LABELS: Record<SpeedChoice, string> = { "4.77": "4.77 MHz (original)", turbo: "Turbo", max: "Maximum" };
/** The CPU each machine type was sold with comes first. */
const CPUS: Record<MachineType, CpuChoice[]> = {
  xt: ["8088", "8086", "80186", "80286"],
  at: ["80286", "80186", "8086", "8088"],
};

export function MachineForm(props: {
  title: string;
  initial: MachineSettings;
  submitLabel: string;
  onSubmit: (settings: MachineSettings) => Promise<void>;
  onClose: () => void;
}) {
  const [settings, setSettings] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const set = <K extends keyof MachineSettings>(key: K, value: MachineSettings[K]) =>
    setSettings((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props
      .onSubmit(settings)
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  };
  // A mouse left at the old type's usual place moves to the new type's (the XT has no PS/2 port); so does a display.
  const setType = (type: MachineType) =>
    setSettings((current) => ({
      ...current,
      type,
      cpu: CPUS[type][0],
      boot: type === "xt" ? "a" : current.boot,
      mouse:
        (current.mouse ?? defaultMouse(current.type)) === defaultMouse(current.type)
          ? defaultMouse(type)
          : current.mouse,
      video:
        (current.video ?? defaultVideo(current.type)) === defaultVideo(current.type)
          ? defaultVideo(type)
          : current.video,
    }));
  const mouse = settings.mouse ?? defaultMouse(settings.type);
  const video = settings.video ?? defaultVideo(settings.type);

  return (
    <dialog ref={dialog} className="form-dialog" onClose={props.onClose} data-testid="machine-form">
      <form onSubmit={submit}>
        <h2>{props.title}</h2>
        <label>
          Name
          <input
            autoFocus
            required
            maxLength={60}
            value={settings.name}
            onChange={(event) => set("name", event.target.value)}
            placeholder="My PC"
            data-testid="machine-name"
          />
        </label>
        <fieldset>
          <legend>Machine</legend>
          <div className="segmented">
            {(["xt", "at"] as const).map((type) => (
              <label key={type} className={settings.type === type ? "selected" : ""}>
                <input
                  type="radio"
                  name="type"
                  checked={settings.type === type}
                  onChange={() => setType(type)}
                  data-testid={`machine-type-${type}`}
                />
                {type === "xt" ? "IBM PC/XT" : "IBM PC/AT"}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-grid">
          <label>
            CPU
            <select
              value={settings.cpu}
              onChange={(event) => set("cpu", event.target.value as CpuChoice)}
              data-testid="machine-cpu"
            >
              {CPUS[settings.type].map((cpu) => (
                <option key={cpu}>{cpu}</option>
              ))}
            </select>
          </label>
          <label>
            Memory
            <select
              value={settings.memoryKb}
              onChange={(event) => set("memoryKb", Number(event.target.value))}
              data-testid="machine-memory"
            >
              {MEMORY.map((kb) => (
                <option key={kb} value={kb}>
                  {kb} KB
                </option>
              ))}
            </select>
          </label>
          <label>
            Speed
            <select
              value={settings.speed}
              onChange={(event) => set("speed", event.target.value as SpeedChoice)}
              data-testid="machine-speed"
            >
              {(Object.keys(SPEED_LABELS) as SpeedChoice[]).map((speed) => (
                <option key={speed} value={speed}>
                  {SPEED_LABELS[speed]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Boot from
            <select
              value={settings.boot}
              onChange={(event) => set("boot", event.target.value as "a" | "c")}
              data-testid="machine-boot"
            >
              <option value="a">Diskette A:</option>
              <option value="c" disabled={settings.type === "xt"}>
                Hard disk C: (AT)
              </option>
            </select>
          </label>
          <label>
            Mouse
            <select
              value={mouse}
              onChange={(event) => set("mouse", event.target.value as MouseChoice)}
              data-testid="machine-mouse"
            >
              {MICE.map((choice) => (
                <option
                  key={choice.value}
                  value={choice.value}
                  disabled={choice.value === "ps2" && settings.type === "xt"}
                >
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Display
            <select
              value={video}
              onChange={(event) => set("video", event.target.value as VideoChoice)}
              data-testid="machine-video"
            >
              {VIDEOS.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {mouse === "com1" && (
          <p className="form-note" data-testid="machine-mouse-note">
            The mouse takes COM1, so the app's COM1 console is not available for this machine.
          </p>
        )}
        <p className="form-note">
          Click the machine's screen to capture the mouse; <kbd>Ctrl+F10</kbd> or <kbd>Esc</kbd> releases it.
        </p>
        {error && (
          <p className="form-error" role="alert" data-testid="machine-form-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="ghost" onClick={() => dialog.current?.close()} data-testid="machine-cancel">
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="machine-save">
            {props.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
