import type { MemInfo } from './system.js';

/**
 * The figures `free` prints, derived from /proc/meminfo exactly as procps-ng 4.0.2 does (library/meminfo.c),
 * all in bytes. Kept in core because the memory field registry, the store's memory series and the exporter all
 * need the same arithmetic and core is the one layer every other may import.
 */
export interface MemoryFigures {
  /** MemTotal, bytes. */
  total: number;
  /** total - available; total - free when that is negative. Bytes. */
  used: number;
  /** MemFree, bytes. */
  free: number;
  /** Shmem, bytes. */
  shared: number;
  /** Buffers, bytes. */
  buffers: number;
  /** Cached + SReclaimable, bytes. */
  cache: number;
  /** buffers + cache, bytes. */
  buffCache: number;
  /** MemAvailable; MemFree when it is missing, 0 or larger than MemTotal (containers). Bytes. */
  available: number;
  /** SwapTotal, bytes. */
  swapTotal: number;
  /** SwapTotal - SwapFree, 0 when SwapFree >= SwapTotal. Bytes. */
  swapUsed: number;
  /** SwapFree, bytes. */
  swapFree: number;
  /** LowTotal, or MemTotal when the kernel has no low/high split (64-bit). Bytes. */
  lowTotal: number;
  /** lowTotal - lowFree (0 when negative, as procps clamps it), bytes. */
  lowUsed: number;
  /** LowFree, or MemFree without a split. Bytes. */
  lowFree: number;
  /** HighTotal (0 without a split), bytes. */
  highTotal: number;
  /** highTotal - highFree (0 when negative), bytes. */
  highUsed: number;
  /** HighFree, bytes. */
  highFree: number;
  /** CommitLimit, bytes. */
  commitLimit: number;
  /** Committed_AS, bytes. */
  committed: number;
  /** commitLimit - committed; negative when overcommitted (free prints it signed). Bytes. */
  commitAvail: number;
}

/** Derive free's figures from a parsed /proc/meminfo (bytes). Missing keys read as 0. */
export function memoryFigures(mem: MemInfo): MemoryFigures {
  const g = (k: string): number => mem[k] ?? 0;
  const total = g('MemTotal');
  const free = g('MemFree');
  let available = g('MemAvailable');
  if (available === 0 || available > total) available = free;
  let used = total - available;
  if (used < 0) used = total - free;
  const buffers = g('Buffers');
  const cache = g('Cached') + g('SReclaimable');
  const swapTotal = g('SwapTotal');
  const swapFree = g('SwapFree');
  let lowTotal = g('LowTotal');
  let lowFree = g('LowFree');
  if (lowTotal === 0) {
    lowTotal = total;
    lowFree = free;
  }
  const highTotal = g('HighTotal');
  const highFree = g('HighFree');
  const commitLimit = g('CommitLimit');
  const committed = g('Committed_AS');
  return {
    total,
    used,
    free,
    shared: g('Shmem'),
    buffers,
    cache,
    buffCache: buffers + cache,
    available,
    swapTotal,
    swapUsed: swapFree >= swapTotal ? 0 : swapTotal - swapFree,
    swapFree,
    lowTotal,
    lowUsed: Math.max(0, lowTotal - lowFree),
    lowFree,
    highTotal,
    highUsed: Math.max(0, highTotal - highFree),
    highFree,
    commitLimit,
    committed,
    commitAvail: commitLimit - committed,
  };
}
