import { UsageError } from '../../core/errors.js';
import type { FreeUnit } from './scale.js';

/** The parsed command line of `sysmon free`. */
export interface FreeOptions {
  unit: FreeUnit;
  wide: boolean;
  total: boolean;
  lohi: boolean;
  committed: boolean;
  json: boolean;
  /** `--container`: the cgroup's memory (its limit as total) instead of the host's. */
  container?: boolean;
  /** Seconds between blocks (`-s`), or null for one block (or 1 s with `-c`). */
  seconds: number | null;
  /** Blocks to print (`-c`), or null for unlimited with `-s`, one without. */
  count: number | null;
}

/** `-s N`: a positive decimal number of seconds (fractions allowed, as free's strtod). */
export function parseSeconds(text: string): number {
  const s = text.trim();
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new UsageError(`free: seconds argument '${text}' is not a number`);
  // free multiplies by 10^6 and rejects anything below one microsecond.
  if (n * 1e6 < 1) throw new UsageError(`free: seconds argument '${text}' is not a positive number`);
  return n;
}

/** `-c N`: a whole number of blocks, at least 1. */
export function parseCount(text: string): number {
  const s = text.trim();
  if (!/^[+-]?\d+$/.test(s)) throw new UsageError(`free: count argument '${text}' is not a whole number`);
  const n = Number(s);
  if (n < 1) throw new UsageError(`free: count argument '${text}' must be at least 1`);
  if (!Number.isSafeInteger(n)) throw new UsageError(`free: count argument '${text}' is too large`);
  return n;
}
