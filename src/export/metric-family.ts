import type { Snapshot } from '../core/snapshot.js';
import type { MetricType } from './exposition.js';

/**
 * What one scrape is rendered from: the collectors' snapshot and the cost of collecting it. A family the
 * snapshot lacks (filesystems, disks, network absent) is left out of the exposition, never zeroed.
 */
export interface ExportSample {
  snapshot: Snapshot;
  /** Wall time the collection of this sample took, seconds. */
  collectSeconds: number;
  /** Samples collected since the server started, this one included. */
  collections: number;
}

/** Settings of one exporter. */
export interface ExportOptions {
  /** Processes exported per ranking (top N by CPU, top N by resident memory); 0 exports none. */
  top: number;
  /** Containers exported at most (the ones with the largest working set); 0 or absent exports none. */
  containers?: number;
}

/** Unit a family's value is in; the name ends with it (then `_total` for counters), per Prometheus naming. */
export type MetricUnit = 'bytes' | 'seconds' | '';

/**
 * One metric family, described once: everything the exposition, the docs table and the tests need.
 * `samples` is how the value comes out of a sample; it yields label values in the order of `labels`.
 */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  unit: MetricUnit;
  labels: readonly string[];
  /** Where the value comes from, for docs (`/proc/meminfo`, `statfs(2)`). */
  source: string;
  samples(sample: ExportSample, opts: ExportOptions): Iterable<{ labelValues: readonly string[]; value: number }>;
}

/** A family with no labels whose value may be missing (null: no sample). */
export function scalarFamily(
  def: Omit<MetricFamily, 'labels' | 'samples'> & { value: (s: ExportSample) => number | null },
): MetricFamily {
  const { value, ...rest } = def;
  return {
    ...rest,
    labels: [],
    *samples(s) {
      const v = value(s);
      if (v !== null && v !== undefined) yield { labelValues: [], value: v };
    },
  };
}

/**
 * A family with one series per row of a row source (filesystems, disks, interfaces): the rows are picked
 * once per family, the labels and value come from each row. Rows whose value is null are skipped.
 */
export function rowFamily<Row>(def: Omit<MetricFamily, 'samples'> & {
  rows: (s: ExportSample, opts: ExportOptions) => readonly Row[];
  labelValues: (row: Row) => readonly string[];
  value: (row: Row, s: ExportSample) => number | null;
}): MetricFamily {
  const { rows, labelValues, value, ...rest } = def;
  return {
    ...rest,
    *samples(s, opts) {
      for (const row of rows(s, opts)) {
        const v = value(row, s);
        if (v !== null) yield { labelValues: labelValues(row), value: v };
      }
    },
  };
}
