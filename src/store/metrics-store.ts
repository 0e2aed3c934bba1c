import { memoryFigures } from '../core/memory.js';
import type { Snapshot } from '../core/snapshot.js';
import { liveIoRates, type IoRates } from '../core/io-rates.js';
import { RingBuffer } from './ring-buffer.js';

/** Names of the fixed series; per-core CPU series are `cpu0`, `cpu1`, ... */
export type SeriesKey = 'time' | 'cpu' | 'mem.used' | 'mem.cache' | 'mem.available' | 'swap.used' | 'load1'
  /** Whole-disk read / write and non-loopback receive / transmit, bytes per second (NaN without counters). */
  | 'disk.read' | 'disk.write' | 'net.rx' | 'net.tx';

/** Sizing of a {@link MetricsStore}. */
export interface MetricsStoreOptions {
  /** How far back the history reaches, seconds. */
  retentionSeconds: number;
  /** Seconds between snapshots (the scheduler's delay). */
  intervalSeconds: number;
  /** Upper bound on points per series whatever the ratio asks (default 100 000). */
  maxPoints?: number;
}

/**
 * The newest snapshot plus a bounded history per series (bottom's store, trimmed by age and not by screen
 * width). Capacity = ceil(retention / interval) points, each series one {@link RingBuffer}, so memory is fixed
 * at construction (plus one ring per CPU, created when a CPU is first seen).
 *
 * Series, one point per pushed snapshot, NaN where a value is unknown:
 * - `time`: snapshot wall clock, ms since the epoch
 * - `cpu`, `cpuN`: busy percent (100 - idle - iowait) of all CPUs / CPU N (NaN on the first tick); with
 *   `snapshot.containerCpu`, `cpu` is the share of the cgroup's CPU limit instead
 * - `mem.used`, `mem.cache`, `mem.available`, `swap.used`: bytes, as `free` computes them
 * - `load1`: one-minute load average
 * - `disk.read`, `disk.write`, `net.rx`, `net.tx`: bytes per second, whole disks / all interfaces but lo
 *
 * Frozen (the dashboard's space key): pushes are dropped and the latest snapshot and history stay as they
 * were, so everything on screen holds still; collection may go on. After thawing, the `time` series shows the
 * gap.
 */
export class MetricsStore {
  readonly capacity: number;
  private newest: Snapshot | null = null;
  private isFrozen = false;
  private readonly fixed = new Map<SeriesKey, RingBuffer>();
  private readonly cores: RingBuffer[] = [];
  private pushes = 0;
  private rates: IoRates | null = null;

  constructor(opts: MetricsStoreOptions) {
    const { retentionSeconds, intervalSeconds } = opts;
    if (!(retentionSeconds > 0) || !(intervalSeconds > 0)) {
      throw new RangeError('retention and interval must be positive seconds');
    }
    const max = opts.maxPoints ?? 100_000;
    this.capacity = Math.max(1, Math.min(max, Math.ceil(retentionSeconds / intervalSeconds)));
    for (const k of ['time', 'cpu', 'mem.used', 'mem.cache', 'mem.available', 'swap.used', 'load1', 'disk.read', 'disk.write', 'net.rx', 'net.tx'] as const) {
      this.fixed.set(k, new RingBuffer(this.capacity));
    }
  }

  /** Newest snapshot pushed while not frozen, or null before the first. */
  get latest(): Snapshot | null {
    return this.newest;
  }

  get frozen(): boolean {
    return this.isFrozen;
  }

  /** Number of snapshots accepted so far (grows; the history does not). */
  get accepted(): number {
    return this.pushes;
  }

  /** Stop taking snapshots (true) or take them again (false). */
  setFrozen(frozen: boolean): void {
    this.isFrozen = frozen;
  }

  /** Flip frozen; returns the new state. */
  toggleFrozen(): boolean {
    this.isFrozen = !this.isFrozen;
    return this.isFrozen;
  }

  /** Record a snapshot; returns false (and keeps nothing) while frozen. */
  push(s: Snapshot): boolean {
    if (this.isFrozen) return false;
    const prev = this.newest;
    // Rates need two samples of the counters; the previous snapshot is dropped right after.
    this.rates = liveIoRates(prev, s);
    this.newest = s;
    this.pushes++;
    const m = memoryFigures(s.mem);
    this.ring('time').push(s.time);
    // Inside a limited cgroup (the dashboard without --host): the share of the cgroup's CPU limit.
    const cpu = s.containerCpu ? s.containerCpu.percent : s.cpu?.total;
    this.ring('cpu').push(cpu ? cpu.busy : NaN);
    this.ring('mem.used').push(m.used);
    this.ring('mem.cache').push(m.buffCache);
    this.ring('mem.available').push(m.available);
    this.ring('swap.used').push(m.swapUsed);
    this.ring('load1').push(s.load.one);
    this.ring('disk.read').push(this.rates && s.disks ? this.rates.diskRead : NaN);
    this.ring('disk.write').push(this.rates && s.disks ? this.rates.diskWrite : NaN);
    this.ring('net.rx').push(this.rates && s.network ? this.rates.netRx : NaN);
    this.ring('net.tx').push(this.rates && s.network ? this.rates.netTx : NaN);
    const n = Math.max(s.stat.perCpu.length, s.cpu?.perCpu.length ?? 0);
    while (this.cores.length < n) {
      // A CPU first seen now: pad its past with NaN so every series lines up with `time`.
      const r = new RingBuffer(this.capacity);
      for (let i = 1; i < this.ring('time').length; i++) r.push(NaN);
      this.cores.push(r);
    }
    for (let i = 0; i < this.cores.length; i++) {
      const pc = s.cpu?.perCpu[i];
      this.cores[i]!.push(pc ? pc.busy : NaN);
    }
    return true;
  }

  /** Disk and network rates between the two newest snapshots, or null before there are two with counters. */
  ioRates(): IoRates | null {
    return this.rates;
  }

  /** One fixed series. */
  series(key: SeriesKey): RingBuffer {
    return this.ring(key);
  }

  /** Busy-percent history of CPU `i`, or undefined for a CPU never seen. */
  core(i: number): RingBuffer | undefined {
    return this.cores[i];
  }

  /** Number of per-CPU series. */
  get coreCount(): number {
    return this.cores.length;
  }

  /** Drop history and the latest snapshot (frozen state is kept). */
  clear(): void {
    for (const r of this.fixed.values()) r.clear();
    for (const r of this.cores) r.clear();
    this.newest = null;
    this.rates = null;
  }

  private ring(key: SeriesKey): RingBuffer {
    return this.fixed.get(key)!;
  }
}
