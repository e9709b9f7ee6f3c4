/**
 * How the host's cores are shared between running VMs. Each VM is one worker thread, and the operating system
 * already divides the cores evenly between runnable threads, so with no foreground VM nothing is capped: an
 * oversubscribed host slows every VM alike, and each reports it as its percent of real time. When the user works in
 * one VM (the foreground) and there are more running VMs than cores, the foreground keeps a whole core and the
 * others share what is left evenly; each VM enforces its cap by resting after every burst (vm-host.ts).
 */

export interface ShareInput {
  readonly id: number;
  readonly running: boolean;
}

/** A cap per VM, as a fraction of one core (1: uncapped). */
export function cpuShares(vms: readonly ShareInput[], foreground: number | null, cores: number): Map<number, number> {
  const running = vms.filter((vm) => vm.running);
  const shares = new Map<number, number>(vms.map((vm) => [vm.id, 1]));
  const foregroundRuns = running.some((vm) => vm.id === foreground);
  if (!foregroundRuns || running.length <= cores) return shares;
  const background = (cores - 1) / (running.length - 1);
  for (const vm of running) if (vm.id !== foreground) shares.set(vm.id, Math.min(1, Math.max(background, 0.01)));
  return shares;
}
