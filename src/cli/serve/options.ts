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
  /** Containers exported at most (cAdvisor families); 0 exports none. */
  containers: number;
  /** `--web.config.file`: TLS and basic auth (exporter-toolkit format); undefined for plain http. */
  webConfigFile?: string;
  /** `--web.max-connections`: open connections at most. */
  maxConnections: number;
  /** Export GPU families (`--no-gpu` turns them off). */
  gpu: boolean;
}

/** Raw option values as commander hands them over. */
export interface RawServeOptions {
  listen: string;
  top: string;
  interval: string;
  json?: boolean;
  containers?: string;
  'web.config.file'?: string;
  'web.maxConnections'?: string;
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

/** Containers exported by default: cAdvisor families for up to this many. */
export const DEFAULT_CONTAINERS = 100;
/** Most containers `--containers` may ask for (7 series each). */
export const MAX_CONTAINERS = 5000;

/** `--containers N`: a whole number 0..5000 (0 exports no container metrics). */
export function parseContainerBound(text: string): number {
  const s = text.trim();
  if (!/^\d+$/.test(s)) throw new UsageError(`serve: --containers '${text}' is not a whole number`);
  const n = Number(s);
  if (n > MAX_CONTAINERS) throw new UsageError(`serve: --containers ${n} is above ${MAX_CONTAINERS} (each container is 7 series)`);
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

/** `--web.max-connections N`: 8..65536 (default 256). */
export function parseMaxConnections(text: string | undefined): number {
  if (text === undefined) return 256;
  const s = text.trim();
  if (!/^\d+$/.test(s) || Number(s) < 8 || Number(s) > 65536) {
    throw new UsageError(`serve: --web.max-connections '${text}' must be a whole number from 8 to 65536`);
  }
  return Number(s);
}

/** Validate everything before any I/O. A bad --listen is a RuntimeError (exit 1), as the issue asks. */
export function parseServeOptions(raw: RawServeOptions): ServeOptions {
  return {
    listen: parseListen(raw.listen),
    top: parseTop(raw.top),
    interval: parseInterval(raw.interval),
    json: Boolean(raw.json),
    containers: parseContainerBound(raw.containers ?? String(DEFAULT_CONTAINERS)),
    webConfigFile: raw['web.config.file'],
    maxConnections: parseMaxConnections(raw['web.maxConnections']),
    gpu: raw.gpu !== false,
  };
}
