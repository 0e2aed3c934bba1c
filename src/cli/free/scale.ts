import { fixed1 } from '../../fields/fixed1.js';

/**
 * How `free` prints a size, as procps-ng 4.0.2's scale_size() decides it.
 * exponent: 0 = the default (KiB, or kB with --si), 1 = bytes, 2..6 = K, M, G, T, P of the base.
 */
export interface FreeUnit {
  exponent: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Powers of 1000 instead of 1024 (`--si`, `--kilo` ...). */
  si: boolean;
  /** `-h`: the shortest readable unit per value; wins over any exponent. */
  human: boolean;
}

const UNITS = ['B', 'K', 'M', 'G', 'T', 'P'] as const;

/**
 * One cell of `free` output for a size in bytes.
 *
 * Fixed units truncate toward zero (C integer division). `-h` tries, for K, M, G, T, P in turn, `%.1f` of
 * the value as a C float (single precision) with the unit and `i`, then the truncated integer, and takes the
 * first that fits 5 characters (4 and no `i` with --si); a value under 1000 bytes that fits prints as `NB`.
 * So 8.648 MiB prints `8.6Mi`, 464.0 MiB `464Mi` and 9.97 GiB `9Gi` (`10.0Gi` is one character too wide).
 */
export function scaleSize(bytes: number, unit: FreeUnit): string {
  const base = unit.si ? 1000 : 1024;
  if (!unit.human) {
    if (unit.exponent === 0) return String(Math.trunc(bytes / base));
    if (unit.exponent === 1) return String(bytes);
    return String(Math.trunc(bytes / base ** (unit.exponent - 1)));
  }
  let buf = `${bytes}B`;
  if (buf.length <= 4) return buf;
  const width = unit.si ? 4 : 5;
  const suffix = unit.si ? '' : 'i';
  for (let i = 1; i < UNITS.length; i++) {
    const scaled = bytes / base ** i;
    buf = `${fixed1(Math.fround(scaled))}${UNITS[i]}${suffix}`;
    if (buf.length <= width) return buf;
    buf = `${Math.trunc(scaled)}${UNITS[i]}${suffix}`;
    if (buf.length <= width) return buf;
  }
  // More than 99999 PiB: procps prints the last attempt, too wide for its column; so do we.
  return buf;
}
