import type { MemInfo } from '../core/system.js';

/**
 * Parser for /proc/meminfo (proc(5)): `Key:   value kB` lines. Values with the `kB` unit (which the kernel
 * means as KiB) become bytes; values without a unit (HugePages_Total, HugePages_Free ...) stay counts.
 * Lines that do not look like `Key: number` are skipped, so a truncated or odd file still yields the rest.
 */
export function parseMeminfo(text: string): MemInfo {
  const out: MemInfo = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    const rest = line.slice(colon + 1).trim();
    if (key === '' || rest === '') continue;
    const parts = rest.split(/\s+/);
    const n = Number(parts[0]);
    if (!Number.isFinite(n)) continue;
    const unit = parts[1];
    out[key] = unit === 'kB' ? n * 1024 : n;
  }
  return out;
}
