/*
 * Start times as ps prints them, against one "now" per run: its local year and day are worked out once, not
 * once per row (local-time getters cost ~1 us each; ps aux at 5,000 processes called them 60,000 times).
 */

/** Month abbreviations as the C locale writes them. */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Two digits, zero-padded. */
export function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * psStart's texts already made against one "now", by start second: processes start in bursts (boot, a
 * service's workers, a shell loop), and each text costs a Date and five local-time getters (~1 us each).
 */
const startTexts = new Map<number, string>();
let startTextsNow = Number.NaN;
/** Most texts kept: beyond it the map starts over (a memo, not a record of every second). */
const START_TEXTS_MAX = 4096;

/** ps START/STIME: `HH:MM` if started today, `MonDD` this year, else the year (local time, procps pr_stime). */
export function psStart(startSec: number, nowMs: number): string {
  if (nowMs !== startTextsNow || startTexts.size >= START_TEXTS_MAX) {
    startTexts.clear();
    startTextsNow = nowMs;
  }
  let text = startTexts.get(startSec);
  if (text === undefined) {
    text = makePsStart(startSec, nowMs);
    startTexts.set(startSec, text);
  }
  return text;
}

function makePsStart(startSec: number, nowMs: number): string {
  const start = new Date(startSec * 1000);
  const year = start.getFullYear();
  const month = start.getMonth();
  const date = start.getDate();
  const now = nowParts(nowMs);
  if (year !== now.year) return String(year);
  if (dayOfYear(year, month, date) !== now.day) return `${MONTHS[month]}${two(date)}`;
  return `${two(start.getHours())}:${two(start.getMinutes())}`;
}

let nowCache = { ms: Number.NaN, year: 0, day: 0 };
function nowParts(ms: number): { year: number; day: number } {
  if (ms !== nowCache.ms) {
    const d = new Date(ms);
    nowCache = { ms, year: d.getFullYear(), day: dayOfYear(d.getFullYear(), d.getMonth(), d.getDate()) };
  }
  return nowCache;
}

function dayOfYear(year: number, month: number, date: number): number {
  return Math.round((Date.UTC(year, month, date) - Date.UTC(year, 0, 1)) / 86400000);
}

/** ps START (procps pr_start): `HH:MM:SS` if started in the last 24 hours, else `  Mon DD` (local time). */
export function psBsdStart(startSec: number, nowMs: number): string {
  const d = new Date(startSec * 1000);
  if (startSec + 86400 > Math.floor(nowMs / 1000)) return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return `  ${MONTHS[d.getMonth()]} ${two(d.getDate())}`;
}
