import type { IoRates } from '../../core/io-rates.js';
import type { Snapshot } from '../../core/snapshot.js';
import { formatLocalTime, parseTimeSpec } from '../../parsers/time-spec.js';
import type { HistoryReader, HistorySeries, SampleRef } from '../../store/history/reader.js';
import type { SeriesKey } from '../../store/metrics-store.js';
import type { DashboardStore } from '../../tui/app.js';
import type { Moment, SeriesReader, Timeline } from '../../tui/moment.js';

/** Points of chart history kept up to the sample shown, and after it (together wider than any chart). */
const WINDOW = 400;
const AHEAD = 200;
/** Play speeds, times real time. */
const MIN_SPEED = 0.25;
const MAX_SPEED = 64;

const SERIES_OF: Partial<Record<SeriesKey, keyof HistorySeries>> = {
  time: 'time', cpu: 'cpu', 'mem.used': 'memUsed', 'mem.cache': 'memCache', 'mem.available': 'memAvailable',
  'swap.used': 'swapUsed', load1: 'load1', 'disk.read': 'diskRead', 'disk.write': 'diskWrite', 'net.rx': 'netRx', 'net.tx': 'netTx',
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
  private window!: HistorySeries;
  /** Points of the window after the sample shown. */
  private after = 0;
  private index: number;
  private total: number;
  private paused = true;
  private speedFactor = 1;
  private timer: NodeJS.Timeout | null = null;
  /** Per-device rates of the sample shown, read when a panel first asks (undefined: not read yet). */
  private rates: IoRates | null | undefined;
  /** Called with each new moment (the app's show). */
  onMoment: (m: Moment) => void = () => {};
  /** Called with a status message (the app's notify). */
  onMessage: (text: string, error: boolean) => void = () => {};

  constructor(private readonly r: HistoryReader, start: SampleRef, private readonly now: () => number = Date.now) {
    this.cur = start;
    this.snap = r.snapshot(start.id)!;
    this.readWindow(start.id);
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

  /** Points of every series after the sample shown: the charts draw the window around it. */
  get ahead(): number {
    return this.after;
  }

  /** Disk and network rates per device at the sample shown (the disk and network panels' lists). */
  ioRates(): IoRates | null {
    if (this.rates === undefined) this.rates = this.r.ioRates(this.cur.id);
    return this.rates;
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
    return this.moveTo(moves[moves.length - 1]!);
  }

  goto(text: string): string | null {
    const p = parseTimeSpec(text, this.now());
    if (!p.ok) return p.error;
    let s = this.r.at(p.ms);
    if (s === null) {
      s = this.r.first();
      if (s === null) return 'the history is empty';
    }
    return this.moveTo(s);
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

  /** Show sample `s`. */
  private moveTo(s: SampleRef): string | null {
    const snap = this.r.snapshot(s.id);
    if (!snap) return 'that sample was just pruned';
    this.readWindow(s.id);
    this.cur = s;
    this.snap = snap;
    this.rates = undefined;
    [this.index, this.total] = this.position();
    this.onMoment(this.moment());
    return null;
  }

  /**
   * The chart window around sample `id`: samples before and after it, so a chart shows the moment with what
   * led to it and what followed (plain columns: ~600 rows without decoding a blob, well under a step's budget).
   */
  private readWindow(id: number): void {
    const { series, ahead } = this.r.seriesAround(id, WINDOW, AHEAD);
    this.window = series;
    this.after = ahead;
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
