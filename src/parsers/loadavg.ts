import type { LoadAvg } from '../core/system.js';

/**
 * Parser for /proc/loadavg (proc(5)): `0.02 0.04 0.00 1/84 4809` — load averages over 1, 5 and 15 minutes,
 * runnable/total scheduling entities, and the last pid created. Missing parts read as 0.
 */
export function parseLoadavg(text: string): LoadAvg {
  const f = text.trim().split(/\s+/);
  const [running, total] = (f[3] ?? '').split('/');
  return {
    one: num(f[0]),
    five: num(f[1]),
    fifteen: num(f[2]),
    running: num(running),
    total: num(total),
    lastPid: num(f[4]),
  };
}

function num(s: string | undefined): number {
  if (s === undefined || s === '') return 0;
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}
