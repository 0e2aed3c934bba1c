import type { LoadAvg } from '../core/system.js';

/**
 * Parser for /proc/loadavg (proc(5)): `0.02 0.04 0.00 1/84 4809` — load averages over 1, 5 and 15 minutes,
 * runnable/total scheduling entities, and the last pid created. Missing or implausible parts read as 0.
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

// A load average or a count is a plain non-negative decimal; anything else (NaN, -3, 1e30) reads as missing.
function num(s: string | undefined): number {
  if (s === undefined || !/^\d{1,15}(\.\d+)?$/.test(s)) return 0;
  return Number(s);
}
