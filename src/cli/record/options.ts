import { UsageError } from '../../core/errors.js';
import { parseDuration } from '../../parsers/time-spec.js';
import { dbPathFrom } from '../history/db-path.js';

/** Raw options of `sysmon record`. */
export interface RawRecordOpts {
  delay?: string;
  retain?: string;
  maxSize?: string;
  db?: string;
  unit?: boolean;
}

/** Checked options of `sysmon record`. */
export interface RecordOptions {
  /** Seconds between samples. */
  interval: number;
  /** Age limit, milliseconds; null = none. */
  retainMs: number | null;
  /** Size limit of the database file, bytes; null = none. */
  maxBytes: number | null;
  /** Absolute path of the database. */
  db: string;
  unit: boolean;
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** `1G`, `500M`, `64MiB`, `1048576` -> bytes (powers of 1024, as --max-size documents). */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!);
}

/** Smallest --max-size: the schema and one day of a small machine's key frames need room. */
const MIN_BYTES = 1 << 20;

export function parseRecordOptions(raw: RawRecordOpts): RecordOptions {
  const interval = raw.delay === undefined ? 5 : Number(raw.delay);
  if (!Number.isFinite(interval) || interval <= 0 || !/^\s*\d*\.?\d+\s*$/.test(raw.delay ?? '5')) {
    throw new UsageError(`record: -d needs a positive number of seconds, got '${raw.delay}'`);
  }
  let retainMs: number | null = 7 * 86_400_000;
  if (raw.retain !== undefined) {
    if (/^(0|none|forever)$/i.test(raw.retain.trim())) retainMs = null;
    else {
      const s = parseDuration(raw.retain);
      if (s === null || s <= 0) throw new UsageError(`record: --retain needs a duration such as 7d, 12h or 90min, got '${raw.retain}'`);
      retainMs = s * 1000;
    }
  }
  let maxBytes: number | null = 2 ** 30;
  if (raw.maxSize !== undefined) {
    if (/^(0|none)$/i.test(raw.maxSize.trim())) maxBytes = null;
    else {
      const b = parseByteSize(raw.maxSize);
      if (b === null) throw new UsageError(`record: --max-size needs a size such as 1G or 500M, got '${raw.maxSize}'`);
      if (b < MIN_BYTES) throw new UsageError(`record: --max-size must be at least 1M, got '${raw.maxSize}'`);
      maxBytes = b;
    }
  }
  return { interval, retainMs, maxBytes, db: dbPathFrom(raw.db), unit: Boolean(raw.unit) };
}
