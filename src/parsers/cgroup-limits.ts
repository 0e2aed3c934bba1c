import type { CpuMax } from '../core/process-details.js';

/**
 * Values at or above this are "no limit": cgroup v1 prints PAGE_COUNTER_MAX pages in bytes
 * (9223372036854771712 on 4 KiB pages) for an unlimited memory.limit_in_bytes.
 */
const UNLIMITED_BYTES = 2 ** 62;

/**
 * Parse a cgroup memory limit file: v2 `memory.max` ("max" or bytes) or v1 `memory.limit_in_bytes`
 * (bytes, huge when unlimited). Returns bytes, null for no limit, undefined for text that is neither.
 */
export function parseMemoryLimit(text: string): number | null | undefined {
  const t = text.trim();
  if (t === 'max') return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= UNLIMITED_BYTES ? null : n;
}

/** Parse a byte counter such as v2 `memory.current` or v1 `memory.usage_in_bytes`; undefined if malformed. */
export function parseByteCount(text: string): number | undefined {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/**
 * Parse cgroup v2 `cpu.max`: `$MAX $PERIOD` where MAX is "max" or microseconds ("50000 100000" = half a CPU).
 * Returns undefined for malformed text.
 */
export function parseCpuMax(text: string): CpuMax | undefined {
  const m = /^\s*(max|\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const period = Number(m[2]);
  if (period <= 0) return undefined;
  return { quotaUs: m[1] === 'max' ? null : Number(m[1]), periodUs: period };
}

/**
 * Combine cgroup v1 `cpu.cfs_quota_us` (-1 = no limit) and `cpu.cfs_period_us` into a {@link CpuMax};
 * undefined for malformed text.
 */
export function parseCfsQuota(quotaText: string, periodText: string): CpuMax | undefined {
  const q = quotaText.trim();
  const p = periodText.trim();
  if (!/^-?\d+$/.test(q) || !/^\d+$/.test(p) || Number(p) <= 0) return undefined;
  const quota = Number(q);
  return { quotaUs: quota < 0 ? null : quota, periodUs: Number(p) };
}
