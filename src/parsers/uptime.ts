/** /proc/uptime: seconds since boot, and the sum of the idle time of every CPU. */
export interface Uptime {
  /** Seconds since boot (includes time suspended). */
  uptime: number;
  /** Idle time summed over all CPUs, seconds (so it may exceed uptime on SMP machines). */
  idle: number;
}

/** Parser for /proc/uptime (proc(5)): `12776.92 25463.09`. Missing or malformed fields read as 0. */
export function parseUptime(text: string): Uptime {
  const f = text.trim().split(/\s+/);
  return { uptime: num(f[0]), idle: num(f[1]) };
}

function num(s: string | undefined): number {
  if (s === undefined || s === '') return 0;
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}
