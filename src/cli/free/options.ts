import { ToolError } from '../../core/errors.js';
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

/**
 * `-s N` as free reads it (strtod without locale): blanks, digits with one `.` or `,`; no sign, exponent,
 * hex, inf or nan. Zero or less is refused as free words it.
 */
export function parseSeconds(text: string): number {
  const m = /^\s*([+-]?)(\d*)(?:[.,](\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new ToolError(`seconds argument failed: '${text}': Invalid argument`, 1);
  }
  const n = Number(`${m[1]}${m[2] || '0'}.${m[3] || '0'}`);
  // free multiplies by 10^6 and refuses anything below one microsecond.
  if (!(n * 1e6 >= 1)) throw new ToolError(`seconds argument \`${text}' is not positive number`, 1);
  return n;
}

/** `-c N` as free reads it (strtol_or_err): a whole number, at least 1. */
export function parseCount(text: string): number {
  if (!/^\s*[+-]?\d+$/.test(text)) throw new ToolError(`failed to parse count argument: '${text}'`, 1);
  const n = Number(text.trim());
  if (n < 1 || !Number.isSafeInteger(n)) {
    throw new ToolError(`failed to parse count argument: '${text}': Numerical result out of range`, 1);
  }
  return n;
}
