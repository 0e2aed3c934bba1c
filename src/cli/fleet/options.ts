import { UsageError } from '../../core/errors.js';
import { FLEET_COLUMNS, fleetFields } from '../../fields/fleet-fields.js';
import { parseLabelSelector, type LabelMatcher } from '../../remote/label-selector.js';
import type { ProcessFilter } from '../../tui/view-state.js';
import { parseFilter } from '../../tui/view-state.js';

/** Raw options of `sysmon fleet` as commander hands them over. */
export interface RawFleetOptions {
  prometheus?: string;
  match?: string;
  delay?: string;
  iterations?: string;
  json?: boolean;
  columns?: string;
  sort?: string;
  filter?: string[];
  window?: string;
  timeout?: string;
  user?: string;
  passwordFile?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipVerify?: boolean;
}

/** The checked command line. */
export interface FleetOptions {
  url: string;
  matchers: LabelMatcher[];
  /** Seconds between refreshes. */
  delay: number;
  /** Tables (or JSON documents) to print before exiting; null for the TUI (or forever when not a terminal). */
  iterations: number | null;
  json: boolean;
  columns: string[];
  sortKey: string;
  sortDesc: boolean;
  filters: ProcessFilter[];
  window: string;
  /** Deadline of one request, milliseconds. */
  timeoutMs: number;
  user?: string;
  passwordFile?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipVerify: boolean;
}

function positive(text: string, what: string, min: number): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`fleet: bad ${what} '${text}': give a number of seconds of at least ${min}`);
  return n;
}

/** Check every option before any request; a problem is a UsageError (exit 2). */
export function parseFleetOptions(raw: RawFleetOptions, env: Record<string, string | undefined> = process.env): FleetOptions {
  const url = raw.prometheus ?? env.SYSMON_PROMETHEUS_URL;
  if (!url) throw new UsageError('fleet: --prometheus URL is required (e.g. --prometheus http://127.0.0.1:9090)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`fleet: --prometheus '${url}' is not a URL (e.g. http://127.0.0.1:9090)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`fleet: --prometheus '${url}': only http:// and https:// URLs`);
  let matchers: LabelMatcher[] = [];
  if (raw.match !== undefined) {
    try {
      matchers = parseLabelSelector(raw.match);
    } catch (e) {
      throw new UsageError(`fleet: bad --match ${(e as Error).message}`);
    }
  }
  let iterations: number | null = null;
  if (raw.iterations !== undefined) {
    if (!/^\d+$/.test(raw.iterations.trim()) || Number(raw.iterations) < 1) throw new UsageError(`fleet: bad -n '${raw.iterations}': give a whole number of at least 1`);
    iterations = Number(raw.iterations);
  }
  const columns = raw.columns === undefined ? [...FLEET_COLUMNS] : fleetFields.parseList(raw.columns).map((f) => f.key);
  let sortKey = 'cpu';
  let sortDesc = true;
  if (raw.sort !== undefined) {
    const [first] = fleetFields.parseSort(raw.sort);
    sortKey = first!.field.key;
    // ps's convention: -key high to low, +key low to high, a bare key in the field's own direction.
    sortDesc = raw.sort.trim().startsWith('-') ? true : raw.sort.trim().startsWith('+') ? false : first!.field.descByDefault;
  }
  const filters: ProcessFilter[] = [];
  for (const f of raw.filter ?? []) {
    const p = parseFilter(f, (n) => fleetFields.find(n) !== undefined || /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n));
    if (p) filters.push(p);
  }
  const window = raw.window ?? '1m';
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(window)) throw new UsageError(`fleet: bad --window '${window}': a PromQL duration such as 30s, 1m or 5m`);
  if (raw.keyFile !== undefined && raw.certFile === undefined) throw new UsageError('fleet: --key-file needs --cert-file');
  if (raw.certFile !== undefined && raw.keyFile === undefined) throw new UsageError('fleet: --cert-file needs --key-file');
  if (raw.passwordFile !== undefined && raw.user === undefined) throw new UsageError('fleet: --password-file needs --user');
  return {
    url, matchers,
    delay: raw.delay === undefined ? 2 : positive(raw.delay, '-d', 0.1),
    iterations, json: Boolean(raw.json), columns, sortKey, sortDesc, filters, window,
    timeoutMs: (raw.timeout === undefined ? 5 : positive(raw.timeout, '--timeout', 0.1)) * 1000,
    user: raw.user, passwordFile: raw.passwordFile, caFile: raw.caFile, certFile: raw.certFile, keyFile: raw.keyFile,
    insecureSkipVerify: Boolean(raw.insecureSkipVerify),
  };
}
