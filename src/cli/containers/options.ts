import type { ContainerRow } from '../../core/container.js';
import { UsageError } from '../../core/errors.js';
import {
  CONTAINER_DEFAULT_COLUMNS,
  CONTAINER_DEFAULT_SORT,
  containerFields,
} from '../../fields/container-fields.js';
import type { Field, SortKey } from '../../fields/registry.js';
import type { RawContainersOpts } from '../commands/containers.js';

/** The checked command line of `sysmon containers`. */
export interface ContainersOptions {
  /** Seconds between samples when streaming; null for one sample. */
  seconds: number | null;
  /** Samples to print; null for unlimited when streaming. */
  count: number | null;
  /** One-shot measuring window for CPU %, seconds (0: none). */
  delay: number;
  json: boolean;
  all: boolean;
  headers: boolean;
  listFields: boolean;
  columns: Field<ContainerRow>[];
  sort: SortKey<ContainerRow>[];
}

function seconds(text: string, what: string, allowZero: boolean): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    throw new UsageError(`containers: ${what} '${text}' is not a ${allowZero ? 'non-negative' : 'positive'} number of seconds`);
  }
  if (n > 86400) throw new UsageError(`containers: ${what} '${text}' is more than a day`);
  return n;
}

/** Check and combine the options; a UsageError (exit 2) names the bad one. */
export function parseContainersOptions(raw: RawContainersOpts): ContainersOptions {
  let count: number | null = null;
  if (raw.count !== undefined) {
    if (!/^\s*\d+\s*$/.test(raw.count) || Number(raw.count) < 1 || !Number.isSafeInteger(Number(raw.count))) {
      throw new UsageError(`containers: count '${raw.count}' is not a whole number of at least 1`);
    }
    count = Number(raw.count);
  }
  let interval = raw.seconds === undefined ? null : seconds(raw.seconds, '-s', false);
  if (interval === null && count !== null) interval = 1;
  const delay = seconds(raw.delay, '-d', true);
  return {
    seconds: interval,
    count,
    delay,
    json: raw.json === true,
    all: raw.all === true,
    headers: raw.headers !== false,
    listFields: raw.listFields === true,
    columns: containerFields.parseList(raw.format ?? CONTAINER_DEFAULT_COLUMNS),
    sort: containerFields.parseSort(raw.sort ?? CONTAINER_DEFAULT_SORT),
  };
}
