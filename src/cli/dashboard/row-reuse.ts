import type { ProcessRow } from '../../core/process.js';

/**
 * Gives each tick's snapshot the previous tick's row object for every process whose row did not change.
 *
 * The collector makes a new row for every process on every tick, and the dashboard keeps the newest snapshots
 * (time travel, the store's latest): at 2,000 processes that is 2,000 objects a second that all live long
 * enough to be copied out of V8's young generation and promoted, then marked and compacted in the old one.
 * Most processes are idle, so most rows equal the row before; handing back the old object lets the new one die
 * young (a scavenge costs only what survives) and lets the kept snapshots share their idle rows.
 *
 * Two rows are the same when they have the same fields with the same values (numbers by value, NaN equal to
 * NaN; the command line and the I/O rates by content, other objects by identity), so what a view shows cannot
 * change by it.
 */
export class RowReuse {
  private prev: readonly ProcessRow[] = [];

  /**
   * Replace, in place, every row of `rows` that equals the previous call's row of the same pid by that row;
   * returns how many were replaced. Both lists are walked in step, so rows in ascending pid order (the
   * collector's) are all matched; rows out of order are only matched less often.
   */
  apply(rows: ProcessRow[]): number {
    const prev = this.prev;
    let j = 0;
    let reused = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      while (j < prev.length && prev[j]!.pid < row.pid) j++;
      if (j >= prev.length) break;
      const old = prev[j]!;
      if (old.pid === row.pid && old !== row && sameRow(old, row)) {
        rows[i] = old;
        reused++;
      }
    }
    this.prev = rows;
    return reused;
  }

  /** Forget the previous rows (the next call reuses nothing). */
  reset(): void {
    this.prev = [];
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same own fields with the same values (see {@link RowReuse}). */
export function sameRow(a: ProcessRow, b: ProcessRow): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    n++;
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    if (typeof u === 'number') {
      if (typeof v === 'number' && u !== u && v !== v) continue;
      return false;
    }
    if (u === null || v === null || typeof u !== 'object' || typeof v !== 'object') return false;
    if (k === 'cmdline' && Array.isArray(u) && Array.isArray(v) && sameStrings(u as string[], v as string[])) continue;
    if (k === 'ioDelta') {
      const p = u as { read: number; write: number };
      const q = v as { read: number; write: number };
      if (p.read === q.read && p.write === q.write && Object.keys(p).length === 2 && Object.keys(q).length === 2) continue;
    }
    return false;
  }
  for (const k in y) {
    n--;
    if (!(k in x)) return false;
  }
  return n === 0;
}
