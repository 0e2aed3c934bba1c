import type { Snapshot } from '../../core/snapshot.js';
import { formatLocalTime, parseTimeSpec } from '../../parsers/time-spec.js';
import type { HistoryReader, HistorySeries, SampleRef } from '../../store/history/reader.js';
import type { SeriesKey } from '../../store/metrics-store.js';
import type { DashboardStore } from '../../tui/app.js';
import type { Moment, SeriesReader, Timeline } from '../../tui/moment.js';

/** Points of chart history kept around the sample shown (wider than any chart). */
const WINDOW = 400;
/** Play speeds, times real time. */
const MIN_SPEED = 0.25;
const MAX_SPEED = 64;

const SERIES_OF: Partial<Record<SeriesKey, keyof HistorySeries>> = {
  time: 'time', cpu: 'cpu', 'mem.used': 'memUsed', 'mem.cache': 'memCache', 'mem.available': 'memAvailable',
  'swap.used': 'swapUsed', load1: 'load1',
};

function reader(values: number[]): SeriesReader {
  return { length: values.length, toArray: (n?: number) => (n === undefined ? values.slice() : values.slice(Math.max(0, values.length - n))) };
}

/**
 * The dashboard's source in a replay: a cursor over the recorded samples. It is the app's store (the
 * snapshot at the cursor and the chart history up to it) and its timeline (t/T step, g goes to a time, space
 * pauses and plays, [ ] change the speed). Each move decodes one sample: stepping forward reuses the
 * previous sample's columns (the reader caches them), so a step costs one delta.
 */
export class ReplaySource implements DashboardStore, Timeline {
  private cur: SampleRef;
  private snap: Snapshot;
  private window: HistorySeries;
  private index: number;
  private total: number;
  private paused = true;
  private speedFactor = 1;
  private timer: NodeJS.Timeout | null = null;
  /** Called with each new moment (the app's show). */
  onMoment: (m: Moment) => void = () => {};
  /** Called with a status message (the app's notify). */
  onMessage: (text: string, error: boolean) => void = () => {};

  constructor(private readonly r: HistoryReader, start: SampleRef, private readonly now: () => number = Date.now) {
    this.cur = start;
    this.snap = r.snapshot(start.id)!;
    this.window = r.seriesUpTo(start.id, WINDOW);
    [this.index, this.total] = this.position();
  }

  /**
   * Place of the cursor and number of samples. Sample ids are consecutive (AUTOINCREMENT, and retention only
   * ever deletes the oldest), so this is arithmetic, not a count over a week of rows.
   */
  private position(): [number, number] {
    const first = this.r.first();
    const last = this.r.last();
    if (!first || !last) return [0, 0];
    return [this.cur.id - first.id + 1, last.id - first.id + 1];
  }

  /** Seconds between recorded samples (the sample's own interval, else 5). */
  get intervalSeconds(): number {
    const i = this.snap.interval;
    return i === null || !(i > 0) ? 5 : Math.round(i * 100) / 100;
  }

  get latest(): Snapshot {
    return this.snap;
  }

  get frozen(): boolean {
    return this.paused;
  }

  /** Space: pause (true) or play (false) at the current speed. */
  setFrozen(paused: boolean): void {
    this.paused = paused;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!paused) this.arm();
    this.onMessage(paused ? 'paused (space plays)' : `playing ${this.speedFactor}x`, false);
  }

  series(key: SeriesKey): SeriesReader {
    const k = SERIES_OF[key];
    return reader(k ? this.window[k] : []);
  }

  /** The moment at the cursor, with its place for the status line. */
  moment(): Moment {
    const t = formatLocalTime(this.cur.time);
    // Paused shows as the dashboard's FROZEN.
    const state = this.paused ? '' : ` playing ${this.speedFactor}x`;
    return { snapshot: this.snap, history: this, position: `replay ${t} ${this.index}/${this.total}${state}` };
  }

  step(delta: number): string | null {
    if (delta === 0) return null;
    const moves = this.r.steps(this.cur.id, delta);
    if (moves.length === 0) {
      [this.index, this.total] = this.position();
      return delta > 0 ? 'the newest recorded sample' : 'the oldest recorded sample';
    }
    return this.moveTo(moves[moves.length - 1]!, delta > 0 ? moves.length : 0);
  }

  goto(text: string): string | null {
    const p = parseTimeSpec(text, this.now());
    if (!p.ok) return p.error;
    let s = this.r.at(p.ms);
    if (s === null) {
      s = this.r.first();
      if (s === null) return 'the history is empty';
    }
    return this.moveTo(s, 0);
  }

  speed(factor: number): string {
    this.speedFactor = Math.min(MAX_SPEED, Math.max(MIN_SPEED, this.speedFactor * factor));
    if (!this.paused) {
      if (this.timer) clearTimeout(this.timer);
      this.arm();
    }
    this.onMoment(this.moment());
    return `speed ${this.speedFactor}x`;
  }

  /** Stop playing (quit). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Show sample `s`; `forward` > 0 when it is that many samples after the current one (the chart window then
   * grows by those samples instead of being read again). */
  private moveTo(s: SampleRef, forward: number): string | null {
    const snap = this.r.snapshot(s.id);
    if (!snap) return 'that sample was just pruned';
    if (forward > 0 && forward < WINDOW) {
      const add = this.r.seriesUpTo(s.id, forward);
      for (const k of Object.keys(this.window) as (keyof HistorySeries)[]) {
        const a = this.window[k];
        a.push(...add[k]);
        if (a.length > WINDOW) a.splice(0, a.length - WINDOW);
      }
    } else this.window = this.r.seriesUpTo(s.id, WINDOW);
    this.cur = s;
    this.snap = snap;
    [this.index, this.total] = this.position();
    this.onMoment(this.moment());
    return null;
  }

  private arm(): void {
    const ms = Math.max(20, (this.intervalSeconds * 1000) / this.speedFactor);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.paused) return;
      const why = this.step(1);
      // At the end (why !== null) it keeps trying: a recorder may add samples, as with `tail -f`.
      void why;
      this.arm();
    }, ms);
  }
}
