/**
 * The VM lifecycle as the hypervisor enforces it: which states each action is allowed from and where it leads.
 * An action from any other state is refused with a LifecycleError saying what the VM is and what the action needs,
 * before anything is sent to the worker.
 *
 *   created --start--> running --pause--> paused --resume--> running
 *   created/off --start paused--> paused                (powered on, not one instruction run yet)
 *   running/paused --reset warm--> running            (Ctrl+Alt+Del to the guest)
 *   running/paused/halted --reset cold--> running     (power cycle)
 *   running --(guest: HLT with interrupts off)--> halted
 *   running/paused/halted --powerOff--> off --start--> running
 *   created/paused/halted/off --loadSnapshot--> paused
 *   any --(worker throws, runs out of memory, exits or stops answering)--> crashed
 *   any --destroy--> destroyed (the worker is gone; the id is no longer known)
 */

export type VmState = "created" | "running" | "paused" | "halted" | "off" | "crashed" | "destroyed";

export type Action =
  | "start"
  | "start paused"
  | "pause"
  | "resume"
  | "reset warm"
  | "reset cold"
  | "powerOff"
  | "loadSnapshot"
  | "advance"
  | "use";

/** States an action is allowed from, and the state it leaves the VM in (undefined: unchanged). */
const TRANSITIONS: Readonly<Record<Action, { readonly from: readonly VmState[]; readonly to?: VmState }>> = {
  start: { from: ["created", "off"], to: "running" },
  "start paused": { from: ["created", "off"], to: "paused" },
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  "reset warm": { from: ["running", "paused"], to: "running" },
  "reset cold": { from: ["running", "paused", "halted"], to: "running" },
  powerOff: { from: ["running", "paused", "halted"], to: "off" },
  loadSnapshot: { from: ["created", "paused", "halted", "off"], to: "paused" },
  /** Deterministic stepping: only while nothing else runs the machine. */
  advance: { from: ["created", "paused"] },
  /** Media, keys, screen, speed, snapshots: any state with a live worker. */
  use: { from: ["created", "running", "paused", "halted", "off"] },
};

export class LifecycleError extends Error {}

/** Throws a LifecycleError unless `action` is allowed in `state`; returns the state it leads to. */
export function transition(vm: string, state: VmState, action: Action): VmState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    const verb = action === "use" ? "be used" : action;
    throw new LifecycleError(`${vm} is ${state}: it cannot ${verb} (only when ${rule.from.join(", ")})`);
  }
  return rule.to ?? state;
}
