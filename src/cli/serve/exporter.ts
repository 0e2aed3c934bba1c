import type { Snapshot } from '../../core/snapshot.js';
import type { TickSource } from '../../collectors/scheduler.js';
import type { SnapshotExtension } from '../../collectors/snapshot-collector.js';
import type { ExportOptions, ExportSample } from '../../export/metric-family.js';
import { renderMetrics } from '../../export/render.js';
import zlib from 'node:zlib';
import { BoundedWait } from './bounded-wait.js';
import type { MetricsBody, MetricsProvider } from './http-server.js';
import { SharedSample } from './shared-sample.js';

/** Settings of `sysmon serve`. */
export interface ExporterOptions extends ExportOptions {
  /** Scrapes within this many milliseconds share one sample. */
  intervalMs: number;
}

interface Rendered {
  sample: ExportSample;
  body: MetricsBody;
}

/** A body whose gzip form is made once, on the first scrape that asks for it. */
function metricsBody(plain: Buffer): MetricsBody {
  let gz: Buffer | null = null;
  return { plain, gzip: () => (gz ??= zlib.gzipSync(plain, { level: 6 })) };
}

/**
 * Collects a snapshot on demand, at most once per interval however many scrapers ask, and renders (and
 * compresses) it once: every scrape of the interval gets the same bytes. An idle exporter reads nothing.
 */
export class Exporter implements MetricsProvider {
  private collections = 0;
  private readonly shared: SharedSample<Rendered>;

  constructor(private readonly source: TickSource, private readonly opts: ExporterOptions) {
    this.shared = new SharedSample(() => this.collect(), opts.intervalMs);
  }

  async metrics(): Promise<MetricsBody> {
    return (await this.shared.get()).body;
  }

  /** The sample the current scrape shows. */
  async sample(): Promise<ExportSample> {
    return (await this.shared.get()).sample;
  }

  private async collect(): Promise<Rendered> {
    const t0 = performance.now();
    const snapshot = await this.source.tick();
    this.collections++;
    const sample: ExportSample = {
      snapshot,
      collectSeconds: (performance.now() - t0) / 1000,
      collections: this.collections,
    };
    return { sample, body: metricsBody(Buffer.from(renderMetrics(sample, this.opts))) };
  }
}

/**
 * Wrap a slow snapshot extension (statfs of every mount) so a tick waits for it at most `waitMs`: when it is
 * late, the snapshot gets the family's previous value and the reading goes on in the background (never two
 * at once). The extension writes into a copy of the snapshot, so a late answer cannot change a snapshot that
 * was already served.
 */
export function boundedExtension<K extends keyof Snapshot>(inner: SnapshotExtension, key: K, waitMs: number): SnapshotExtension {
  let current: Snapshot | null = null;
  const wait = new BoundedWait<Snapshot[K] | undefined>(
    async () => {
      const scratch = { ...current! };
      await inner.collect(scratch);
      return scratch[key];
    },
    waitMs,
    undefined,
  );
  return {
    name: inner.name,
    async collect(snapshot) {
      current = snapshot;
      const value = await wait.get();
      if (value === undefined) delete snapshot[key];
      else snapshot[key] = value as Snapshot[K];
    },
  };
}
