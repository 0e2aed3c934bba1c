import type { ProcessRow } from '../core/process.js';

/**
 * STAT as procps's pr_stat writes it: the state letter, then `<` (high priority) or `N` (low), `L` (locked
 * pages), `s` (session leader: the session is the thread group's id, so a leader's threads show it too),
 * `l` (multi-threaded), `+` (in the terminal's foreground group). One function for ps's STAT and the
 * dashboard's.
 */
export function statFlags(r: ProcessRow): string {
  let s = r.state;
  if (r.nice < 0) s += '<';
  else if (r.nice > 0) s += 'N';
  if ((r.vmLck ?? 0) > 0) s += 'L';
  if (r.session === (r.tgid ?? r.pid)) s += 's';
  if (r.numThreads > 1) s += 'l';
  if (r.pgrp === r.tpgid) s += '+';
  return s;
}
