/**
 * The app: the machine library on the left, open machines as tabs (or side by side) on the right. All state that
 * the host owns (profiles, machine states, stats) arrives through its events; this component only mirrors it.
 */
import { useCallback, useEffect, useState } from "react";
import type {
  HostApi,
  HostInfo,
  MachineProfile,
  MachineSettings,
  MachineStats,
  MachineStatus,
  Problem,
} from "../host-api.ts";
import { DEFAULT_SETTINGS, MachineForm } from "./machine-form.tsx";
import { MachineList } from "./machine-list.tsx";
import { MachineView } from "./machine-view.tsx";
import { ProblemBanner, problemFrom } from "./problem-banner.tsx";
import { useTheme } from "./theme.ts";

type Form = { kind: "new" } | { kind: "edit"; profile: MachineProfile };

export function App({ host }: { host: HostApi }) {
  const [theme, toggleTheme] = useTheme();
  const [info, setInfo] = useState<HostInfo | null>(null);
  const [machines, setMachines] = useState<MachineProfile[]>([]);
  const [statuses, setStatuses] = useState(new Map<string, MachineStatus>());
  const [stats, setStats] = useState(new Map<string, MachineStats>());
  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [sideBySide, setSideBySide] = useState(false);
  const [form, setForm] = useState<Form | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const onProblem = useCallback((error: unknown) => setProblem(problemFrom(error)), []);

  useEffect(() => {
    const offs = [
      host.on("machines", (list) => setMachines([...list])),
      host.on("state", (status) => setStatuses((current) => new Map(current).set(status.id, status))),
      host.on("stats", ({ id, stats: next }) => setStats((current) => new Map(current).set(id, next))),
      host.on("error", ({ id, problem: next }) => {
        if (id === null) setProblem(next);
      }),
    ];
    host.info().then(setInfo, onProblem);
    host
      .listMachines()
      .then(async (list) => {
        setMachines(list);
        const all = await Promise.all(list.map((machine) => host.status(machine.id)));
        setStatuses(new Map(all.map((status) => [status.id, status])));
      })
      .catch(onProblem);
    return () => offs.forEach((off) => off());
  }, [host, onProblem]);

  // A machine deleted elsewhere closes its tab.
  useEffect(() => {
    const known = new Set(machines.map((machine) => machine.id));
    setTabs((current) => current.filter((id) => known.has(id)));
    setActive((current) => (current !== null && !known.has(current) ? null : current));
  }, [machines]);

  // The tab in front is the machine the user works in: the host gives it a whole core when machines outnumber cores.
  useEffect(() => {
    host.setForeground(active).catch(onProblem);
  }, [host, active, onProblem]);

  const open = (id: string) => {
    setTabs((current) => (current.includes(id) ? current : [...current, id]));
    setActive(id);
  };
  const close = (id: string) => {
    const rest = tabs.filter((tab) => tab !== id);
    setTabs(rest);
    if (active === id) setActive(rest.at(-1) ?? null);
  };
  const saveNew = async (settings: MachineSettings) => {
    const profile = await host.createMachine(settings);
    setMachines((current) => (current.some((machine) => machine.id === profile.id) ? current : [...current, profile]));
    setForm(null);
    open(profile.id);
  };
  const saveEdit = (id: string) => async (settings: MachineSettings) => {
    await host.updateMachine(id, settings);
    setForm(null);
  };
  const remove = (profile: MachineProfile) => {
    if (!window.confirm(`Delete ${profile.name}? Its disk image files are kept.`)) return;
    host.deleteMachine(profile.id).catch(onProblem);
  };

  const byId = new Map(machines.map((machine) => [machine.id, machine]));
  const shown = sideBySide ? tabs : tabs.filter((id) => id === active);

  return (
    <div className="app">
      <header className="app-header">
        <span className="logo" aria-hidden="true">
          ▣
        </span>
        <h1>Realmode</h1>
        <span className="muted header-sub">IBM PC emulator</span>
        <span className="spacer" />
        <button
          type="button"
          className={sideBySide ? "toggled" : ""}
          aria-pressed={sideBySide}
          onClick={() => setSideBySide(!sideBySide)}
          disabled={tabs.length < 2}
          data-testid="side-by-side"
        >
          Side by side
        </button>
        <button
          type="button"
          className="ghost"
          onClick={toggleTheme}
          data-testid="theme-toggle"
          aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}
        >
          {theme === "dark" ? "☀ Light" : "☾ Dark"}
        </button>
      </header>
      {problem && <ProblemBanner problem={problem} onDismiss={() => setProblem(null)} />}
      <div className="app-body">
        <MachineList
          machines={machines}
          statuses={statuses}
          selected={active}
          onOpen={open}
          onNew={() => setForm({ kind: "new" })}
          onDelete={remove}
        />
        <main className="workspace">
          {tabs.length > 0 && (
            <div className="tabs" role="tablist" aria-label="Open machines">
              {tabs.map((id) => {
                const profile = byId.get(id);
                if (!profile) return null;
                const state = statuses.get(id)?.state ?? "off";
                return (
                  <div key={id} className={`tab ${id === active ? "active" : ""}`}>
                    <button
                      type="button"
                      role="tab"
                      aria-selected={id === active}
                      onClick={() => setActive(id)}
                      data-testid={`tab-${id}`}
                    >
                      <span className={`state-dot ${state}`} aria-hidden="true" />
                      {profile.name}
                    </button>
                    <button
                      type="button"
                      className="ghost icon"
                      aria-label={`Close the tab of ${profile.name}`}
                      onClick={() => close(id)}
                      data-testid={`tab-close-${id}`}
                    >
                      ✕
                    </button>
                  </div>
                );
              })}
            </div>
          )}
          {info && shown.length > 0 ? (
            <div className={`views ${sideBySide ? "side-by-side" : ""}`}>
              {shown.map((id) => {
                const profile = byId.get(id);
                if (!profile) return null;
                return (
                  <MachineView
                    key={id}
                    host={host}
                    info={info}
                    profile={profile}
                    status={statuses.get(id) ?? { id, state: "off", problem: null }}
                    stats={stats.get(id) ?? null}
                    audible={id === active}
                    onActivate={() => setActive(id)}
                    onEdit={() => setForm({ kind: "edit", profile })}
                  />
                );
              })}
            </div>
          ) : (
            <div className="welcome" data-testid="welcome">
              <h2>Welcome to Realmode</h2>
              <p>Run DOS-era PC software: create a machine, put a disk image in its drive A:, and start it.</p>
              <button
                type="button"
                className="primary"
                onClick={() => setForm({ kind: "new" })}
                data-testid="welcome-new"
              >
                Create a machine
              </button>
            </div>
          )}
        </main>
      </div>
      {form?.kind === "new" && (
        <MachineForm
          title="New machine"
          submitLabel="Create"
          initial={{ ...DEFAULT_SETTINGS, name: `PC ${machines.length + 1}` }}
          onSubmit={saveNew}
          onClose={() => setForm(null)}
        />
      )}
      {form?.kind === "edit" && (
        <MachineForm
          title={`Settings of ${form.profile.name}`}
          submitLabel="Save"
          initial={form.profile}
          onSubmit={saveEdit(form.profile.id)}
          onClose={() => setForm(null)}
        />
      )}
    </div>
  );
}
