/**
 * Times and durations as people type them for `--at`, `--from`, `--to`, `--retain` and replay's `g` prompt.
 * Pure: the current time is an argument, and calendar arithmetic uses the local time zone of the process (TZ).
 *
 * Accepted times:
 * - `now`; `N UNIT ago` and `-N UNIT` (`10 min ago`, `2h ago`, `-30s`): UNIT s/sec/second, m/min/minute,
 *   h/hour, d/day, w/week (plural and no space allowed);
 * - `HH:MM[:SS]`: that time today, or yesterday when today's is still in the future (you ask about the past);
 * - `today HH:MM[:SS]`, `yesterday HH:MM[:SS]` (`yesterday` alone is its midnight);
 * - ISO-8601: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` local, or with `Z` / `±HH[:MM]`;
 * - `@SECONDS` since the epoch.
 */

/** Result of a parse: milliseconds since the epoch, or a one-line reason. */
export type ParseResult = { ok: true; ms: number } | { ok: false; error: string };

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
};

/** Parse `7d`, `12h`, `90 min`, `3600` (seconds) into seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const mult = unit === '' ? 1 : UNIT_SECONDS[unit];
  if (mult === undefined || !Number.isFinite(n)) return null;
  return n * mult;
}

/** HH:MM[:SS] -> seconds after midnight, or null. */
function clock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

/** Local midnight of the day `daysBack` days before the day of `now`. */
function midnight(now: number, daysBack: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - daysBack).getTime();
}

/** Local midnight + seconds, through the calendar so a DST change in between is right. */
function atLocal(dayStart: number, seconds: number): number {
  const d = new Date(dayStart);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), 0, 0, seconds).getTime();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function iso(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const Y = Number(y), M = Number(mo), D = Number(d);
  const H = Number(h ?? 0), MI = Number(mi ?? 0), S = Number(s ?? 0);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || MI > 59 || S > 60) return null;
  let t: number;
  if (zone === undefined) {
    t = new Date(Y, M - 1, D, H, MI, S, ms).getTime();
    if (new Date(t).getDate() !== D) return null; // 2026-02-30
  } else {
    t = Date.UTC(Y, M - 1, D, H, MI, S, ms);
    if (new Date(t).getUTCDate() !== D) return null;
    if (zone.toUpperCase() !== 'Z') {
      const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
      const off = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * 60_000;
      t -= z[1] === '+' ? off : -off;
    }
  }
  return t;
}

/** Parse a time as typed (see the file comment); `now` is milliseconds since the epoch. */
export function parseTimeSpec(input: string, now: number): ParseResult {
  const text = input.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const bad: ParseResult = {
    ok: false,
    error: `cannot read time '${input}' (try "10 min ago", 03:00, "yesterday 14:30" or 2026-01-31T03:00)`,
  };
  if (lower === '') return bad;
  if (lower === 'now') return { ok: true, ms: now };

  const ago = /^(\d+(?:\.\d+)?) ?([a-z]+) ago$/.exec(lower) ?? /^-(\d+(?:\.\d+)?) ?([a-z]+)$/.exec(lower);
  if (ago) {
    const s = parseDuration(`${ago[1]}${ago[2]}`);
    return s === null ? bad : { ok: true, ms: now - Math.round(s * 1000) };
  }
  if (lower.startsWith('@')) {
    const n = Number(lower.slice(1));
    return /^@\d+(\.\d+)?$/.test(lower) && Number.isFinite(n) ? { ok: true, ms: Math.round(n * 1000) } : bad;
  }
  const day = /^(today|yesterday)(?: (.+))?$/.exec(lower);
  if (day) {
    const base = midnight(now, day[1] === 'yesterday' ? 1 : 0);
    if (day[2] === undefined) return { ok: true, ms: base };
    const c = clock(day[2]);
    return c === null ? bad : { ok: true, ms: atLocal(base, c) };
  }
  const c = clock(lower);
  if (c !== null) {
    let t = atLocal(midnight(now, 0), c);
    if (t > now) t = atLocal(midnight(now, 1), c);
    return { ok: true, ms: t };
  }
  const t = iso(text);
  return t === null ? bad : { ok: true, ms: t };
}

/** Local `YYYY-MM-DD HH:MM:SS` of a time, for status lines and notes. */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
