/**
 * One machine: its toolbar (power, pause, reset, special keys, speed, sound, saved states, screenshot, text, paste),
 * its drives, its saved states panel, the screen, an optional text view and serial console, and a status bar. Dropping an image anywhere on it inserts
 * the image into A:.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import type {
  Drive,
  HostApi,
  HostInfo,
  MachineProfile,
  MachineStats,
  MachineStatus,
  Problem,
  SpeedChoice,
} from "../host-api.ts";
import { Drives } from "./drives.tsx";
import { ProblemBanner, problemFrom } from "./problem-banner.tsx";
import { Screen } from "./screen.tsx";
import { SerialConsole } from "./serial-console.tsx";
import { SoundControl } from "./sound-control.tsx";
import { StatesPanel, stateTime, useSavedStates } from "./states-panel.tsx";
import { StatusBar } from "./status-bar.tsx";
import { downloadPng } from "./toolbar-actions.ts";

const SPEEDS: { value: SpeedChoice; label: string }[] = [
  { value: "4.77", label: "4.77 MHz" },
  { value: "turbo", label: "Turbo" },
  { value: "max", label: "Max" },
];

export function MachineView(props: {
  host: HostApi;
  info: HostInfo;
  profile: MachineProfile;
  status: MachineStatus;
  stats: MachineStats | null;
  /** This machine is the one in front (the active tab, or the last one used side by side): it plays sound. */
  audible: boolean;
  /** The user turned to this machine (side by side): it becomes the one in front. */
  onActivate: () => void;
  onEdit: () => void;
}) {
  const { host, profile, status } = props;
  const id = profile.id;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busyDrive, setBusyDrive] = useState<Drive | null>(null);
  const [textView, setTextView] = useState(false);
  const [serial, setSerial] = useState(false);
  const [pasting, setPasting] = useState(false);
  const [dropping, setDropping] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [statesOpen, setStatesOpen] = useState(false);
  const [stateBusy, setStateBusy] = useState(false);
  const view = useRef<HTMLDivElement>(null);

  const onProblem = useCallback((error: unknown) => setProblem(problemFrom(error)), []);
  const states = useSavedStates(host, id, onProblem);

  // Problems with this machine from outside the page's own calls (the app menu's Save State, Restore Last State).
  useEffect(() => host.on("error", (event) => event.id === id && setProblem(event.problem)), [host, id]);
  // Things the user should know after a call went through (a restore that gave a diskette as it was).
  const [info, setInfo] = useState<Problem | null>(null);
  useEffect(() => host.on("notice", (event) => event.id === id && setInfo(event.notice)), [host, id]);
  const act = (action: () => Promise<unknown>) => () => {
    setProblem(null);
    action().catch(onProblem);
  };
  const flash = (text: string) => {
    setNotice(text);
    setTimeout(() => setNotice(null), 2500);
  };

  const on = status.state !== "off";
  const live = on && status.state !== "crashed" && status.state !== "starting";
  const shownProblem = problem ?? status.problem;
  const serialTaken = profile.mouse === "com1";

  /** A save, restore or delete: one at a time, with the outcome shown as a notice or the problem banner. */
  const stateAction = (action: () => Promise<string>) => {
    setProblem(null);
    setStateBusy(true);
    action()
      .then(flash)
      .catch(onProblem)
      .finally(() => setStateBusy(false));
  };

  const insert = (drive: Drive, file: File | null) => {
    setProblem(null);
    setBusyDrive(drive);
    (file ? host.insertFile(id, drive, file) : host.chooseMedia(id, drive))
      .then((media) => media && flash(`${media.name} is in ${drive}:`))
      .catch(onProblem)
      .finally(() => setBusyDrive(null));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    const file = event.dataTransfer.files[0];
    if (file) insert("A", file);
  };

  return (
    <section
      className={`machine-view ${dropping ? "dropping" : ""}`}
      ref={view}
      aria-label={profile.name}
      data-testid={`machine-view-${id}`}
      data-state={status.state}
      onDragOver={(event) => {
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={onDrop}
      onPointerDown={props.onActivate}
    >
      <div className="toolbar" role="toolbar" aria-label="Machine controls">
        <div className="group">
          {on ? (
            <button
              type="button"
              onClick={act(() => host.powerOff(id))}
              data-testid="power-off"
              title="Power off (the guest is not asked)"
            >
              Power off
            </button>
          ) : (
            <button type="button" className="primary" onClick={act(() => host.start(id))} data-testid="start">
              ▶ Start
            </button>
          )}
          {status.state === "paused" ? (
            <button type="button" onClick={act(() => host.resume(id))} data-testid="resume">
              ▶ Resume
            </button>
          ) : (
            <button
              type="button"
              onClick={act(() => host.pause(id))}
              disabled={status.state !== "running"}
              data-testid="pause"
            >
              Pause
            </button>
          )}
          <button
            type="button"
            onClick={act(() => host.reset(id, "cold"))}
            disabled={!on || status.state === "starting"}
            data-testid="reset-cold"
            title="Power cycle"
          >
            ↻ Reset
          </button>
        </div>
        <div className="group">
          <button
            type="button"
            onClick={act(() => host.reset(id, "warm"))}
            disabled={!live || status.state === "halted"}
            data-testid="ctrl-alt-del"
            title="Send Ctrl+Alt+Del (warm reboot)"
          >
            Ctrl+Alt+Del
          </button>
          <button
            type="button"
            onClick={act(() => sendCtrlBreak(host, id))}
            disabled={!live}
            data-testid="ctrl-break"
            title="Send Ctrl+Break"
          >
            Ctrl+Break
          </button>
        </div>
        <div className="group">
          <label className="inline">
            Speed
            <select
              value={profile.speed}
              onChange={(event) => act(() => host.setSpeed(id, event.target.value as SpeedChoice))()}
              data-testid="speed"
            >
              {SPEEDS.map((speed) => (
                <option key={speed.value} value={speed.value}>
                  {speed.label}
                </option>
              ))}
            </select>
          </label>
          <SoundControl host={host} id={id} available={props.info.sound} audible={props.audible && live} />
        </div>
        <div className="group">
          <button
            type="button"
            onClick={() => stateAction(() => host.saveState(id).then(() => "State saved"))}
            disabled={!live || stateBusy}
            data-testid="save-state"
            title="Save the whole machine as it is now (it keeps running)"
          >
            Save state
          </button>
          <button
            type="button"
            className={statesOpen ? "toggled" : ""}
            aria-pressed={statesOpen}
            aria-expanded={statesOpen}
            aria-controls="states-panel"
            onClick={() => setStatesOpen(!statesOpen)}
            data-testid="states"
            title="Saved states of this machine"
          >
            States{states.length > 0 ? ` (${states.length})` : ""}
          </button>
        </div>
        <div className="group">
          <button
            type="button"
            onClick={act(() =>
              host.screenshot(id).then((png) => {
                downloadPng(png, profile.name);
                flash("Screenshot saved");
              }),
            )}
            disabled={!live}
            data-testid="screenshot"
          >
            Screenshot
          </button>
          <button
            type="button"
            onClick={act(() =>
              host
                .screenText(id)
                .then((text) => navigator.clipboard.writeText(text))
                .then(() => flash("Screen text copied")),
            )}
            disabled={!live}
            data-testid="copy-text"
          >
            Copy text
          </button>
          <button type="button" onClick={() => setPasting(true)} disabled={!live} data-testid="paste">
            Paste…
          </button>
        </div>
        <div className="group end">
          <button
            type="button"
            className={textView ? "toggled" : ""}
            aria-pressed={textView}
            onClick={() => setTextView(!textView)}
            data-testid="text-view-toggle"
          >
            Text view
          </button>
          <button
            type="button"
            className={serial ? "toggled" : ""}
            aria-pressed={serial}
            disabled={!props.info.serial || serialTaken}
            title={
              !props.info.serial
                ? "This host does not connect COM1"
                : serialTaken
                  ? "The mouse is on COM1, so the console is not available (Settings: put the mouse on COM2)"
                  : "COM1 console"
            }
            onClick={() => setSerial(!serial)}
            data-testid="serial-toggle"
          >
            COM1
          </button>
          <button
            type="button"
            onClick={() => view.current?.querySelector(".screen-box")?.requestFullscreen().catch(onProblem)}
            data-testid="fullscreen"
            title="Full screen (Esc leaves)"
          >
            Full screen
          </button>
          <button type="button" className="ghost" onClick={props.onEdit} data-testid="edit-machine">
            Settings
          </button>
        </div>
      </div>

      {shownProblem && <ProblemBanner problem={shownProblem} onDismiss={() => setProblem(null)} />}
      {info && <ProblemBanner tone="info" problem={info} onDismiss={() => setInfo(null)} />}
      {notice && (
        <div className="notice" role="status" data-testid="notice">
          {notice}
        </div>
      )}

      <Drives
        host={host}
        info={props.info}
        profile={profile}
        running={on}
        busy={busyDrive}
        onInsert={insert}
        onProblem={onProblem}
      />

      {statesOpen && (
        <StatesPanel
          states={states}
          busy={stateBusy || status.state === "starting"}
          onClose={() => setStatesOpen(false)}
          onRestore={(state) =>
            stateAction(() => host.restoreState(id, state.id).then(() => `Back at ${stateTime(state.createdAt)}`))
          }
          onDelete={(state) => stateAction(() => host.deleteState(id, state.id).then(() => "State deleted"))}
        />
      )}

      <div className="screen-area">
        <Screen
          host={host}
          id={id}
          running={on}
          mouse={live && status.state !== "paused" && profile.mouse !== "none"}
          label={profile.name}
          onProblem={onProblem}
        />
        {dropping && <div className="drop-overlay">Drop the image to put it in drive A:</div>}
      </div>

      {textView && <TextView host={host} id={id} live={live} />}
      {serial && props.info.serial && !serialTaken && <SerialConsole host={host} id={id} onProblem={onProblem} />}
      {pasting && (
        <PasteDialog onClose={() => setPasting(false)} onPaste={(text) => host.typeText(id, text).catch(onProblem)} />
      )}

      <StatusBar host={host} info={props.info} profile={profile} status={status} stats={props.stats} />
    </section>
  );
}

/**
 * Ctrl+Break: on the 83-key keyboard Break is Ctrl with Scroll Lock, and the BIOS keyboard interrupt answers
 * Ctrl + scan code 46h with INT 1Bh (IBM PC/XT Technical Reference, BIOS listing of INT 09h); the 101-key
 * keyboard's Ctrl+Pause sends E0 46 for the same reason.
 */
async function sendCtrlBreak(host: HostApi, id: string): Promise<void> {
  await host.keyDown(id, "LeftCtrl");
  await host.keyDown(id, "ScrollLock");
  await host.keyUp(id, "ScrollLock");
  await host.keyUp(id, "LeftCtrl");
}

/** The text screen as text, refreshed twice a second: readable by screen readers, selectable, and what tests read. */
function TextView({ host, id, live }: { host: HostApi; id: string; live: boolean }) {
  const [text, setText] = useState("");
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    const refresh = () =>
      host
        .screenText(id)
        .then((next) => !stopped && setText(next.replace(/[ \t]+$/gm, "").replace(/\n+$/, "")))
        .catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, 500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [host, id, live]);
  return (
    <pre className="text-view" aria-live="off" data-testid="screen-text">
      {text}
    </pre>
  );
}

function PasteDialog({ onClose, onPaste }: { onClose: () => void; onPaste: (text: string) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState("");
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="form-dialog" onClose={onClose} data-testid="paste-dialog">
      <form
        method="dialog"
        onSubmit={() => {
          if (text) onPaste(text);
        }}
      >
        <h2>Paste as typing</h2>
        <p className="muted">The text is typed into the machine key by key, on a US keyboard layout.</p>
        <textarea
          autoFocus
          rows={6}
          value={text}
          onChange={(event) => setText(event.target.value)}
          data-testid="paste-text"
        />
        <div className="form-actions">
          <button type="button" className="ghost" onClick={() => dialog.current?.close()} data-testid="paste-cancel">
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="paste-type">
            Type it
          </button>
        </div>
      </form>
    </dialog>
  );
}
