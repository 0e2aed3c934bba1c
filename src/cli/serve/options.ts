import { UsageError } from '../../core/errors.js';
import { parseListen, type ListenAddress } from './listen-address.js';

/** The parsed command line of `sysmon serve`. */
export interface ServeOptions {
  listen: ListenAddress;
  /** Processes exported per ranking (CPU, memory). */
  top: number;
  /** Scrapes within this many seconds share one sample. */
  interval: number;
  /** Print the startup line as JSON. */
  json: boolean;
  /** Export GPU families (`--no-gpu` turns them off). */
  gpu: boolean;
}

/** Raw option values as commander hands them over. */
export interface RawServeOptions {
  listen: string;
  top: string;
  interval: string;
  json?: boolean;
  gpu?: boolean;
}

/** Most processes `--top` may ask for: 2 x 1000 series is already a heavy target for Prometheus. */
export const MAX_TOP = 1000;

/** `--top N`: a whole number 0..1000 (0 exports no process metrics). */
export function parseTop(text: string): number {
  const s = text.trim();
  if (!/^\d+$/.test(s)) throw new UsageError(`serve: --top '${text}' is not a whole number`);
  const n = Number(s);
  if (n > MAX_TOP) throw new UsageError(`serve: --top ${n} is above ${MAX_TOP} (each process is a series)`);
  return n;
}

/** `-d, --interval SECS`: a positive number of seconds, at least 0.1. */
export function parseInterval(text: string): number {
  const s = text.trim();
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new UsageError(`serve: --interval '${text}' is not a number`);
  if (n < 0.1) throw new UsageError(`serve: --interval '${text}' must be at least 0.1 seconds`);
  return n;
}

/** Validate everything before any I/O. A bad --listen is a RuntimeError (exit 1), as the issue asks. */
export function parseServeOptions(raw: RawServeOptions): ServeOptions {
  return {
    listen: parseListen(raw.listen),
    top: parseTop(raw.top),
    interval: parseInterval(raw.interval),
    json: Boolean(raw.json),
    gpu: raw.gpu !== false,
  };
}
