/**
 * uptime(1)'s three texts (procps-ng 4.0.2): the classic line, `-p` and `-s`. Pure functions of the
 * seconds since boot, the clock and the load averages, so top's first line and `sysmon uptime` agree.
 */

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ` 20:19:38 up 2 days,  3:32,  1 user,  load average: 0.00, 0.01, 0.05` (no newline). */
export function uptimeLine(
  /** Seconds since boot. */
  uptimeSeconds: number,
  /** Local wall clock now. */
  now: Date,
  /** Logged-in users, or null when unknown (printed as `?`). */
  users: number | null,
  /** 1, 5 and 15 minute load averages. */
  load: readonly [number, number, number],
): string {
  const s = Math.floor(uptimeSeconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor(s / 3600) % 24;
  const mins = Math.floor(s / 60) % 60;
  let out = ` ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())} up `;
  if (days) out += `${days} ${days > 1 ? 'days' : 'day'}, `;
  out += hours ? `${String(hours).padStart(2)}:${two(mins)}, ` : `${mins} min, `;
  out += users === null ? ' ? ' : `${String(users).padStart(2)} `;
  // procps says "user" for 0 users too ("0 user"): only more than one is plural.
  out += `${users !== null && users > 1 ? 'users' : 'user'},  load average: `;
  return out + load.map((l) => l.toFixed(2)).join(', ');
}

/**
 * `up 1 week, 2 days, 3 hours, 4 minutes` (uptime -p), as procps-ng 4.0.2 computes it: a unit is taken only
 * when what is left is strictly more than one of it, so 3600 s reads `60 minutes` and 3660 s `1 hour`; minutes
 * are printed when non-zero or when less than a minute is left (`1 hour, 0 minutes` for 3601 s). Checked
 * against the real uptime on bind-mounted /proc/uptime values (test/golden/capture-uptime.sh).
 */
export function uptimePretty(uptimeSeconds: number): string {
  const units: Array<[number, string, string]> = [
    [315360000, 'decade', 'decades'],
    [31536000, 'year', 'years'],
    [604800, 'week', 'weeks'],
    [86400, 'day', 'days'],
    [3600, 'hour', 'hours'],
  ];
  let left = uptimeSeconds;
  const parts: string[] = [];
  for (const [size, one, many] of units) {
    if (left <= size) continue;
    const n = Math.floor(left / size);
    left -= n * size;
    parts.push(`${n} ${n > 1 ? many : one}`);
  }
  const mins = left > 60 ? Math.floor(left / 60) : 0;
  if (mins || left < 60) parts.push(`${mins} ${mins !== 1 ? 'minutes' : 'minute'}`);
  return `up ${parts.join(', ')}`;
}

/** `2026-12-01 20:03:27` (uptime -s): boot time, rounded to the nearest second, in local time. */
export function uptimeSince(uptimeSeconds: number, nowMs: number): string {
  const since = new Date(Math.floor((nowMs / 1000 - uptimeSeconds) + 0.5) * 1000);
  return (
    `${String(since.getFullYear()).padStart(4, '0')}-${two(since.getMonth() + 1)}-${two(since.getDate())} ` +
    `${two(since.getHours())}:${two(since.getMinutes())}:${two(since.getSeconds())}`
  );
}
