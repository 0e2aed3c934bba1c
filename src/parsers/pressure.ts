import type { PressureLine, ResourcePressure } from '../core/pressure.js';

/**
 * Parser for one /proc/pressure file: `some avg10=0.12 avg60=0.05 avg300=0.01 total=12345` and a `full`
 * line. Null when there is no `some` line (not a PSI file, or PSI disabled: reading gives EOPNOTSUPP).
 */
export function parsePressure(text: string): ResourcePressure | null {
  let some: PressureLine | null = null;
  let full: PressureLine | null = null;
  for (const line of text.split('\n')) {
    const [kind, ...pairs] = line.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full') continue;
    const v: Record<string, number> = {};
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) v[p.slice(0, eq)] = Number(p.slice(eq + 1));
    }
    const rec: PressureLine = { avg10: fin(v.avg10), avg60: fin(v.avg60), avg300: fin(v.avg300), totalUs: fin(v.total) };
    if (kind === 'some') some = rec;
    else full = rec;
  }
  return some ? { some, full } : null;
}

function fin(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) ? n : 0;
}
