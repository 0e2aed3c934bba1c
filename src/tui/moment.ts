import type { IoRates } from '../core/io-rates.js';
import type { Snapshot } from '../core/snapshot.js';
import type { SeriesKey } from '../store/metrics-store.js';

/**
 * What the dashboard shows at one moment: a snapshot and the history that leads up to it. The live
 * dashboard hands the collector's newest snapshot and the metrics store; a replay hands a stored snapshot and
 * a history that ends at it. The controller never asks where a moment came from.
 */

/** One history series, oldest first (a RingBuffer fits). */
export interface SeriesReader {
  /** Points held. */
  readonly length: number;
  /** The newest `n` points, oldest first (all when `n` is absent). */
  toArray(n?: number): number[];
}

/** The history of the series the charts draw (see MetricsStore for units). */
export interface History {
  series(key: SeriesKey): SeriesReader;
  /**
   * Points of each series that lie after the moment shown: a replay holds samples on both sides of its
   * sample, so the charts draw the window around it (chart-view.ts chartWindow). Absent or 0: the moment is
   * the newest point (live).
   */
  readonly ahead?: number;
  /** Disk and network rates at this moment, per device (the store computes them; null when unknown). */
  ioRates?(): IoRates | null;
}

/** A snapshot with its history. */
export interface Moment {
  snapshot: Snapshot;
  history: History;
  /**
   * Where a recorded moment sits, for the status line (`replay 12:03:04 3/120`); absent for the live view.
   * Plain text, escaped when drawn.
   */
  position?: string;
}

/**
 * A source that can step through stored moments (replay, time travel). The dashboard's `{` and `}` keys ask
 * it for an older or a newer moment; it answers by handing the next moment to the app (DashboardApp.show).
 */
export interface Timeline {
  /** Move `delta` moments (negative: older). Returns a short reason when it cannot move, else null. */
  step(delta: number): string | null;
  /** Go to the sample at or before a time as typed ("10 min ago", 03:00); a short reason when it cannot. */
  goto?(text: string): string | null;
  /** Multiply the play speed by `factor`; returns the message to show ("speed 2x"). */
  speed?(factor: number): string;
}
