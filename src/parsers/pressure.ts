import type { PressureLine } from '../core/system.js';

/**
 * Parser for one /proc/pressure/{cpu,memory,io} file (Documentation/accounting/psi.rst):
 * `some avg10=0.00 avg60=0.00 avg300=0.00 total=0` and the same for `full` (absent for cpu before 5.13).
 * Returns null when there is no `some` line.
 */
export function parsePressure(text: string): { some: PressureLine; full?: PressureLine } | null {
  const out: { some?: PressureLine; full?: PressureLine } = {};
  for (const line of text.split('\n')) {
    const m = /^(some|full)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const v: PressureLine = { avg10: 0, avg60: 0, avg300: 0, total: 0 };
    for (const kv of m[2]!.split(/\s+/)) {
      const [k, s] = kv.split('=');
      const n = Number(s);
      if ((k === 'avg10' || k === 'avg60' || k === 'avg300' || k === 'total') && Number.isFinite(n)) v[k] = n;
    }
    out[m[1] as 'some' | 'full'] = v;
  }
  return out.some ? { some: out.some, ...(out.full ? { full: out.full } : {}) } : null;
}
