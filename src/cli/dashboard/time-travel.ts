import { userFileExists } from '../../source/user-files.js';
import { liveIoRates, type IoRates } from '../../core/io-rates.js';
import type { Snapshot } from '../../core/snapshot.js';
import { formatLocalTime, parseTimeSpec } from '../../parsers/time-spec.js';
import type { SeriesKey } from '../../store/metrics-store.js';
import type { DashboardStore } from '../../tui/app.js';
import type { History, Moment, Timeline } from '../../tui/moment.js';
import { defaultDbPath } from '../history/db-path.js';

/**
 * Snapshots the live dashboard keeps for stepping back. Each holds the process table (~0.3 KB a process), so
 * 20 cost ~12 MB at 2,000 processes; further back is the recorder's database, when one is writing.
 */
export const LIVE_MOMENTS = 20;

/** The database part: a replay cursor, opened on first use (the SQLite driver loads only then). */
type DbCursor = { source: import('../replay/replay-source.js').ReplaySource; close(): void };

/**
 * Time travel in the live dashboard: `{` / `}` (and `@` for a time) step through the last LIVE_MOMENTS
 * snapshots kept in memory, and on into the history database when a recorder is writing the default one.
 * While it shows the past, live ticks go on collecting but are not drawn; stepping forward past the newest
 * moment returns to live.
 */
export class LiveTimeline implements Timeline {
  private readonly ring: Snapshot[] = [];
  /** Number of each ring entry among the store's pushes (the same pushes: both skip while frozen). */
  private readonly seqs: number[] = [];
  private pushes = 0;
  /** 0: live; k > 0: the k-th snapshot before the newest. */
  private back = 0;
  private db: DbCursor | null = null;
  /** Called with a moment to draw (the app's show), set once the app runs. */
  show: (m: Moment) => void = () => {};

  constructor(private readonly store: DashboardStore, private readonly dbPath = defaultDbPath(), private readonly now: () => number = Date.now) {}

  /** True while a past moment is on screen (live ticks are then not drawn). */
  get travelling(): boolean {
    return this.back > 0 || this.db !== null;
  }

  /** Keep a snapshot the store took. */
  push(s: Snapshot): void {
    if (this.store.frozen) return;
    this.ring.push(s);
    this.seqs.push(++this.pushes);
    if (this.ring.length > LIVE_MOMENTS) {
      this.ring.shift();
      this.seqs.shift();
    }
    // Stay on the same moment while new ones arrive.
    if (this.back > 0) this.back = Math.min(this.ring.length - 1, this.back + 1);
  }

  step(delta: number): string | null {
    if (this.db) {
      const why = this.db.source.step(delta);
      if (why === 'the newest recorded sample' && delta > 0) return this.toLive();
      return why;
    }
    const next = this.back - delta;
    if (next <= 0) return this.back === 0 ? 'already live' : this.toLive();
    if (next >= this.ring.length) {
      const oldest = this.ring[0];
      if (oldest && this.openDb()) return this.dbGoto(oldest.time - 1, 'no recorded sample before the moments kept in memory');
      if (this.back === this.ring.length - 1) return `the oldest moment kept in memory (${LIVE_MOMENTS} of them; \`sysmon record\` keeps more)`;
    }
    this.back = Math.min(next, this.ring.length - 1);
    this.showRing();
    return null;
  }

  goto(text: string): string | null {
    const p = parseTimeSpec(text, this.now());
    if (!p.ok) return p.error;
    const inRing = [...this.ring].reverse().findIndex((s) => s.time <= p.ms);
    if (inRing >= 0 && this.ring[0]!.time <= p.ms) {
      this.closeDb();
      if (inRing === 0) return this.toLive();
      this.back = inRing;
      this.showRing();
      return null;
    }
    if (!this.openDb()) return `no history to go back to ${formatLocalTime(p.ms)}: no recorder is writing ${this.dbPath}`;
    return this.dbGoto(p.ms, `no recorded sample at or before ${formatLocalTime(p.ms)}`);
  }

  speed(): string {
    return 'speed: only sysmon replay plays';
  }

  /** Give back the database (quit). */
  close(): void {
    this.closeDb();
  }

  private showRing(): void {
    const i = this.ring.length - 1 - this.back;
    const s = this.ring[i]!;
    const prev = i > 0 ? this.ring[i - 1] : undefined;
    const seq = this.seqs[i]!;
    const timeline = this;
    let rates: IoRates | null | undefined;
    // The store's whole history, with the points taken after this moment counted as ahead: the charts draw
    // the window around it with the moment marked, as a replay does. Counted when drawn, because live ticks
    // go on arriving (and are stored) while the past is on screen.
    const history: History = {
      series: (k: SeriesKey) => this.store.series(k),
      get ahead() {
        return timeline.pushes - seq;
      },
      // The per-device rates of then, from the kept snapshot before it (computed once, when first drawn).
      ioRates: () => (rates ??= liveIoRates(prev, s)),
    };
    this.show({ snapshot: s, history, position: `past ${formatLocalTime(s.time)} (-${this.back}; @ now: live)` });
  }

  private toLive(): null {
    this.back = 0;
    this.closeDb();
    const s = this.store.latest;
    if (s) this.show({ snapshot: s, history: this.store });
    return null;
  }

  private openDb(): boolean {
    if (this.db) return true;
    if (!userFileExists(this.dbPath)) return false;
    return true;
  }

  private dbGoto(ms: number, none: string): string | null {
    // Loaded here, not at start: the dashboard starts without SQLite, and only time travel into the database pays.
    return this.withDb((cursor) => {
      const why = cursor.source.goto(new Date(ms).toISOString());
      return why === 'the history is empty' ? none : why;
    });
  }

  private withDb(fn: (c: DbCursor) => string | null): string | null {
    if (!this.db) {
      let opened: DbCursor;
      try {
        opened = openCursor(this.dbPath);
      } catch (err) {
        return (err as Error).message;
      }
      this.db = opened;
      this.db.source.onMoment = (m) => this.show({ ...m, position: (m.position ?? '').replace(/^replay/, 'recorded') + ' (@ now: live)' });
    }
    return fn(this.db);
  }

  private closeDb(): void {
    this.db?.close();
    this.db = null;
  }
}

/** Open the database read-only and put a replay cursor on its newest sample. */
function openCursor(file: string): DbCursor {
  // Synchronous require-style loading keeps Timeline.step synchronous; the modules are small.
  const loaded = loadReplay();
  const reader = loaded.HistoryReader.open(file);
  const last = reader.last();
  if (!last) {
    reader.close();
    throw new Error(`the history ${file} is empty`);
  }
  const source = new loaded.ReplaySource(reader, last);
  return { source, close: () => reader.close() };
}

type ReplayModules = {
  HistoryReader: typeof import('../../store/history/reader.js').HistoryReader;
  ReplaySource: typeof import('../replay/replay-source.js').ReplaySource;
};
let replayModules: ReplayModules | null = null;

/** Set by the dashboard once it has imported the replay modules (after start, in the background). */
export function provideReplayModules(m: ReplayModules): void {
  replayModules = m;
}

function loadReplay(): ReplayModules {
  if (!replayModules) throw new Error('the history is still loading; try again');
  return replayModules;
}
