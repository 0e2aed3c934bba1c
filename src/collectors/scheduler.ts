import type { Snapshot } from '../core/snapshot.js';

/** Where finished snapshots go besides the listeners: the MetricsStore (anything with push()). */
export interface SnapshotSink {
  push(snapshot: Snapshot): unknown;
}

/** Anything that produces a snapshot per tick (a SnapshotCollector, or a fake in tests). */
export interface TickSource {
  tick(): Promise<Snapshot>;
}

/** The clock and timer a {@link Scheduler} runs on: the real ones, or a fake a test advances by hand. */
export interface SchedulerTimers {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: SchedulerTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The longest single timer Node keeps (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms with a
 * TimeoutOverflowWarning. Longer delays are waited out as a chain of timers of at most this length.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** Seconds between ticks (top's -d); > 0. */
  intervalSeconds: number;
  /** Receives every snapshot before the listeners (the metrics store). */
  store?: SnapshotSink;
  /** Clock and timer (tests inject a fake one); the real ones by default. */
  timers?: SchedulerTimers;
}

type Listener = (snapshot: Snapshot) => void;
type ErrorListener = (err: unknown) => void;

/**
 * The one timer of sysmon. start() ticks at once, then every interval, measured from the planned start of the
 * previous tick so the rhythm does not drift by the time a tick takes. A tick never overlaps another: when one
 * runs longer than the interval, the next starts right after it. Each snapshot goes to the store, then to
 * every listener. A failing tick is reported to the error listeners (or rethrown asynchronously when there
 * are none) and the schedule goes on.
 */
export class Scheduler {
  private timer: unknown = null;
  private readonly timers: SchedulerTimers;
  private running = false;
  private intervalMs: number;
  private readonly listeners = new Set<Listener>();
  private readonly errorListeners = new Set<ErrorListener>();
  private nextAt = 0;

  constructor(private readonly source: TickSource, private readonly opts: SchedulerOptions) {
    this.intervalMs = Scheduler.checkInterval(opts.intervalSeconds);
    this.timers = opts.timers ?? REAL_TIMERS;
  }

  private static checkInterval(seconds: number): number {
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`interval must be a positive number of seconds, got ${seconds}`);
    return seconds * 1000;
  }

  /** Call fn with every snapshot; returns an unsubscribe function. */
  onSnapshot(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Call fn when a tick fails; returns an unsubscribe function. */
  onError(fn: ErrorListener): () => void {
    this.errorListeners.add(fn);
    return () => this.errorListeners.delete(fn);
  }

  /** Seconds between ticks. */
  get intervalSeconds(): number {
    return this.intervalMs / 1000;
  }

  /** True between start() and stop(). */
  get started(): boolean {
    return this.running;
  }

  /** Change the delay (the dashboard's `d`); takes effect from the next tick. */
  setInterval(seconds: number): void {
    this.intervalMs = Scheduler.checkInterval(seconds);
    if (this.running && this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.nextAt = Math.min(this.nextAt, this.timers.now() + this.intervalMs);
      this.arm();
    }
  }

  /** Start ticking (the first tick runs at once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.nextAt = this.timers.now();
    this.arm();
  }

  /** Stop; a tick in progress finishes but its snapshot is still delivered. */
  stop(): void {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Run one tick now, outside the rhythm (a refresh key); delivers and returns the snapshot. */
  async tickNow(): Promise<Snapshot> {
    const s = await this.source.tick();
    this.deliver(s);
    return s;
  }

  private arm(): void {
    const delay = Math.max(0, this.nextAt - this.timers.now());
    if (delay > MAX_TIMER_MS) {
      // Beyond what one timer holds: wait the longest one, then look again.
      this.timer = this.timers.setTimeout(() => this.arm(), MAX_TIMER_MS);
      return;
    }
    this.timer = this.timers.setTimeout(() => void this.run(), delay);
  }

  private async run(): Promise<void> {
    this.timer = null;
    if (!this.running) return;
    try {
      const s = await this.source.tick();
      this.deliver(s);
    } catch (err) {
      if (this.errorListeners.size === 0) {
        setImmediate(() => {
          throw err;
        });
      } else {
        for (const fn of this.errorListeners) fn(err);
      }
    }
    if (!this.running) return;
    this.nextAt += this.intervalMs;
    const now = this.timers.now();
    if (this.nextAt < now) this.nextAt = now;
    this.arm();
  }

  private deliver(s: Snapshot): void {
    this.opts.store?.push(s);
    for (const fn of this.listeners) fn(s);
  }
}
