/**
 * Wall clock for commands, in ms since the epoch. Tests set SYSMON_NOW (seconds since the epoch) so START,
 * STIME and top's clock are deterministic on fixture roots; nothing else should set it.
 */
export function nowMs(): number {
  const fixed = process.env.SYSMON_NOW;
  if (fixed !== undefined && fixed !== '') {
    const s = Number(fixed);
    if (Number.isFinite(s)) return s * 1000;
  }
  return Date.now();
}
