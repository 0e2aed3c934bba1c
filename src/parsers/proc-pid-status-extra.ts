/**
 * The lines of /proc/PID/status (proc(5)) that only the details screen needs, beside those
 * `parseProcPidStatus` (proc-pid-status.ts) already reads: the state in words, VmSwap, and the
 * voluntary / nonvoluntary context-switch counters. Missing lines are null (kernel threads print no Vm* lines;
 * kernels before 2.6.23 no ctxt_switches).
 */
export interface ProcPidStatusExtra {
  /** The words in parentheses after the state letter: "sleeping", "running", "zombie", "idle" ... */
  stateName: string | null;
  /** Swapped-out anonymous memory, bytes. */
  vmSwap: number | null;
  voluntaryCtxtSwitches: number | null;
  nonvoluntaryCtxtSwitches: number | null;
}

/** Parse the extra lines out of the text of /proc/PID/status. */
export function parseProcPidStatusExtra(text: string): ProcPidStatusExtra {
  const out: ProcPidStatusExtra = { stateName: null, vmSwap: null, voluntaryCtxtSwitches: null, nonvoluntaryCtxtSwitches: null };
  const state = /^State:\s*\S\s*\(([^)\n]*)\)/m.exec(text);
  if (state) out.stateName = state[1]!;
  const swap = /^VmSwap:\s*(\d+)\s*kB\s*$/m.exec(text);
  if (swap) out.vmSwap = Number(swap[1]) * 1024;
  const vol = /^voluntary_ctxt_switches:\s*(\d+)\s*$/m.exec(text);
  if (vol) out.voluntaryCtxtSwitches = Number(vol[1]);
  const nonvol = /^nonvoluntary_ctxt_switches:\s*(\d+)\s*$/m.exec(text);
  if (nonvol) out.nonvoluntaryCtxtSwitches = Number(nonvol[1]);
  return out;
}
