import { RuntimeError } from '../core/errors.js';
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

/**
 * The first line of /proc/meminfo whose value the kernel cannot have written: not a plain decimal count, or
 * larger than a double holds exactly once in bytes (the kernel prints unsigned longs; `-5`, `NaN` or
 * `99999999999999999999999` mean a corrupted file, and printed as such they become 1e+26 or negative sizes).
 * Null when every `Key: value` line is plausible.
 */
export function implausibleMeminfoLine(text: string): string | null {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const parts = line.slice(colon + 1).trim().split(/\s+/);
    if (parts[0] === undefined || parts[0] === '') continue;
    const scale = parts[1] === 'kB' ? 1024 : 1;
    if (!/^\d+$/.test(parts[0]) || Number(parts[0]) * scale > Number.MAX_SAFE_INTEGER) return line.trim();
  }
  return null;
}

/**
 * Parse /proc/meminfo text; a corrupted file (an implausible value) is one clear error, not 1e+26 sizes.
 * The same as {@link implausibleMeminfoLine} then {@link parseMeminfo}, in one pass over the lines: the
 * dashboard reads meminfo every tick, and the two passes split every line twice.
 */
export function checkedMeminfo(text: string): MemInfo {
  const out: MemInfo = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const rest = line.slice(colon + 1).trim();
    if (rest === '') continue;
    const parts = rest.split(/\s+/);
    const value = parts[0]!;
    const scale = parts[1] === 'kB' ? 1024 : 1;
    if (!/^\d+$/.test(value) || Number(value) * scale > Number.MAX_SAFE_INTEGER) {
      throw new RuntimeError(`cannot use /proc/meminfo: implausible value '${line.trim()}'`);
    }
    const key = line.slice(0, colon).trim();
    if (key !== '') out[key] = Number(value) * scale;
  }
  return out;
}
