import type { ProcessContainer } from '../../core/container.js';
import { ioRates, type IoRates } from '../../core/io-rates.js';
import type { Snapshot } from '../../core/snapshot.js';
import { decode, fromColumns, type ProcColumns, type StaticFacts } from './process-codec.js';
import { checkReadable, storedVersion } from './schema.js';
import { openDatabase, type Database, type Statement } from './sqlite-driver.js';
import { decodeSystem, type SystemPart } from './system-codec.js';
import { activeRecorder } from './recorder-lock.js';

/** A recorded sample: id and wall clock, ms since the epoch. */
export interface SampleRef {
  id: number;
  time: number;
}

/** The chart series between two times, one entry per sample (NaN where unknown). */
export interface HistorySeries {
  /** ms since the epoch. */
  time: number[];
  /** Busy percent of all CPUs. */
  cpu: number[];
  /** Bytes, as free computes them. */
  memUsed: number[];
  memCache: number[];
  memAvailable: number[];
  swapUsed: number[];
  load1: number[];
  /** Whole-disk read / write and non-loopback receive / transmit, bytes per second (NaN before schema 2). */
  diskRead: number[];
  diskWrite: number[];
  netRx: number[];
  netTx: number[];
}

/** A sample decoded: its process columns and its system JSON (the next sample's dictionary). */
interface Decoded {
  cols: ProcColumns;
  sys: Buffer;
  part: SystemPart;
}

/** Decoded process columns kept for stepping (a step decodes one delta against the previous sample). */
const COLUMN_CACHE = 24;

/**
 * Reads a history database: samples by time, whole snapshots (system part and process table, rebuilt through
 * the delta chain), and the chart series. Opens the file read-only; in WAL mode a reader never blocks the
 * recorder, and each call is its own short read.
 */
export class HistoryReader {
  private readonly facts = new Map<number, StaticFacts>();
  private readonly cols = new Map<number, Decoded>();
  /** System parts decoded without their process tables (the per-device rates of the sample before one shown). */
  private readonly systems = new Map<number, { part: SystemPart; raw: Buffer }>();
  private readonly stmt: Record<'upTo' | 'from' | 'beforeN' | 'indexOf' | 'at' | 'after' | 'before' | 'get' | 'system' | 'ref' | 'first' | 'last' | 'count' | 'statics' | 'series', Statement>;

  private constructor(private readonly db: Database, readonly file: string) {
    // A history recorded before schema 2 has no disk and network columns: its charts of them are empty.
    const io = storedVersion(db) >= 2 ? 'disk_read, disk_write, net_rx, net_tx' : 'NULL, NULL, NULL, NULL';
    const cols = `time, cpu, mem_used, mem_cache, mem_available, swap_used, load1, ${io}`;
    this.stmt = {
      upTo: db.prepare(`SELECT ${cols} FROM samples WHERE id <= ? ORDER BY id DESC LIMIT ?`).raw(),
      from: db.prepare(`SELECT ${cols} FROM samples WHERE id > ? ORDER BY id LIMIT ?`).raw(),
      beforeN: db.prepare('SELECT id, time FROM samples WHERE id < ? ORDER BY id DESC LIMIT ?'),
      indexOf: db.prepare('SELECT count(*) FROM samples WHERE id <= ?').pluck(),
      at: db.prepare('SELECT id, time FROM samples WHERE time <= ? ORDER BY time DESC, id DESC LIMIT 1'),
      after: db.prepare('SELECT id, time FROM samples WHERE id > ? ORDER BY id LIMIT ?'),
      before: db.prepare('SELECT id, time FROM samples WHERE id < ? ORDER BY id DESC LIMIT 1'),
      get: db.prepare('SELECT id, time, ref, system, procs FROM samples WHERE id = ?'),
      system: db.prepare('SELECT ref, system FROM samples WHERE id = ?'),
      ref: db.prepare('SELECT ref FROM samples WHERE id = ?').pluck(),
      first: db.prepare('SELECT id, time FROM samples ORDER BY id LIMIT 1'),
      last: db.prepare('SELECT id, time FROM samples ORDER BY id DESC LIMIT 1'),
      count: db.prepare('SELECT count(*) FROM samples').pluck(),
      statics: db.prepare('SELECT id, pid, starttime, comm, uid, user, cmdline, container FROM proc_static WHERE id BETWEEN ? AND ?'),
      series: db.prepare(`SELECT ${cols} FROM samples WHERE time BETWEEN ? AND ? ORDER BY id`).raw(),
    };
  }

  /** Open an existing history read-only; a missing file or another format is a one-line RuntimeError. */
  static open(file: string): HistoryReader {
    const db = openDatabase(file, { readonly: true });
    try {
      checkReadable(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new HistoryReader(db, file);
  }

  /** The underlying connection (history info, export). */
  get database(): Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  first(): SampleRef | null {
    return (this.stmt.first.get() as SampleRef | undefined) ?? null;
  }

  last(): SampleRef | null {
    return (this.stmt.last.get() as SampleRef | undefined) ?? null;
  }

  count(): number {
    return this.stmt.count.get() as number;
  }

  /** The sample at `ms` or the nearest earlier one; null when the history starts later. */
  at(ms: number): SampleRef | null {
    return (this.stmt.at.get(ms) as SampleRef | undefined) ?? null;
  }

  /** The next `n` samples after `id`. */
  after(id: number, n = 1): SampleRef[] {
    return this.stmt.after.all(id, n) as SampleRef[];
  }

  /** The sample before `id`, or null. */
  before(id: number): SampleRef | null {
    return (this.stmt.before.get(id) as SampleRef | undefined) ?? null;
  }

  /** The recorder writing this file now, or null. */
  recorder(): { pid: number; host: string; started: number } | null {
    return activeRecorder(this.db);
  }

  /** The whole snapshot of sample `id` (processes rebuilt from their delta chain); null when it is gone. */
  snapshot(id: number): Snapshot | null {
    const row = this.stmt.get.get(id) as { id: number; time: number; ref: number | null; system: Buffer; procs: Buffer } | undefined;
    if (!row) return null;
    const d = this.decoded(row.id, row.ref, row);
    if (!d) return null;
    this.loadFacts(d.cols);
    return { ...d.part, processes: fromColumns(d.cols, (sid) => this.facts.get(sid)) };
  }

  /**
   * Disk and network rates per device at sample `id`: the growth of its counters since the sample before it,
   * over the time between the two. Only their system parts are decoded (stepping forward finds both cached;
   * before a key frame, the earlier chain's system parts, without its process tables). Null for the first
   * sample, or one without counters.
   */
  ioRates(id: number): IoRates | null {
    const cur = this.systemOf(id);
    const b = this.before(id);
    const prev = b ? this.systemOf(b.id) : null;
    if (!cur || !prev) return null;
    const seconds = (cur.part.time - prev.part.time) / 1000;
    if (!(seconds > 0) || (!cur.part.disks && !cur.part.network)) return null;
    return ioRates(prev.part, cur.part, seconds);
  }

  /** The system part of sample `id` (its reference chain's system parts first: each is the next's dictionary). */
  private systemOf(id: number): { part: SystemPart; raw: Buffer } | null {
    const d = this.cols.get(id);
    if (d) return { part: d.part, raw: d.sys };
    const hit = this.systems.get(id);
    if (hit) return hit;
    const row = this.stmt.system.get(id) as { ref: number | null; system: Buffer } | undefined;
    if (!row) return null;
    const base = row.ref === null ? null : this.systemOf(row.ref);
    if (row.ref !== null && !base) return null;
    const sys = decodeSystem(row.system, base ? base.raw : null);
    this.systems.set(id, sys);
    if (this.systems.size > COLUMN_CACHE) this.systems.delete(this.systems.keys().next().value!);
    return sys;
  }

  /** A sample decoded, its references first (cached: stepping forward decodes one sample). */
  private decoded(id: number, ref: number | null, row?: { system: Buffer; procs: Buffer }): Decoded | null {
    const hit = this.cols.get(id);
    if (hit) return hit;
    let base: Decoded | null = null;
    if (ref !== null) {
      const rr = this.stmt.get.get(ref) as { id: number; ref: number | null; system: Buffer; procs: Buffer } | undefined;
      if (!rr) return null; // cannot happen: retention deletes whole chains
      base = this.decoded(rr.id, rr.ref, rr);
      if (!base) return null;
    }
    if (!row) {
      row = this.stmt.get.get(id) as { system: Buffer; procs: Buffer } | undefined;
      if (!row) return null;
    }
    const cols = decode(row.procs, base ? base.cols : null);
    const sys = decodeSystem(row.system, base ? base.sys : null);
    const d: Decoded = { cols, sys: sys.raw, part: sys.part };
    this.cols.set(id, d);
    if (this.cols.size > COLUMN_CACHE) this.cols.delete(this.cols.keys().next().value!);
    return d;
  }

  private loadFacts(cols: ProcColumns): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (const sid of cols.cols[0]!) {
      if (this.facts.has(sid)) continue;
      if (sid < lo) lo = sid;
      if (sid > hi) hi = sid;
    }
    if (lo > hi) return;
    for (const r of this.stmt.statics.iterate(lo, hi) as Iterable<{ id: number; pid: number; starttime: number; comm: string; uid: number | null; user: string | null; cmdline: string | null; container: string | null }>) {
      this.facts.set(r.id, {
        pid: r.pid, starttime: r.starttime, comm: r.comm, uid: r.uid, user: r.user,
        cmdline: r.cmdline === null ? null : (JSON.parse(r.cmdline) as string[]),
        container: r.container === null ? null : (JSON.parse(r.container) as ProcessContainer),
      });
    }
  }

  /** The `n` samples up to and including `id`, oldest first (a replay's chart window). */
  seriesUpTo(id: number, n: number): HistorySeries {
    const rows = (this.stmt.upTo.all(id, n) as (number | null)[][]).reverse();
    return toSeries(rows);
  }

  /**
   * The chart window around sample `id`: up to `before` samples up to and including it and up to `after`
   * samples after it, oldest first; `ahead` is how many of them come after it (a replay's charts).
   */
  seriesAround(id: number, before: number, after: number): { series: HistorySeries; ahead: number } {
    const rows = (this.stmt.upTo.all(id, before) as (number | null)[][]).reverse();
    const next = after > 0 ? (this.stmt.from.all(id, after) as (number | null)[][]) : [];
    for (const r of next) rows.push(r);
    return { series: toSeries(rows), ahead: next.length };
  }

  /** Up to `n` samples after `id` (n > 0) or before it (n < 0), nearest first. */
  steps(id: number, n: number): SampleRef[] {
    return (n > 0 ? this.stmt.after.all(id, n) : this.stmt.beforeN.all(id, -n)) as SampleRef[];
  }

  /** Samples at or before `id` (the position shown in a replay's status line). */
  indexOf(id: number): number {
    return this.stmt.indexOf.get(id) as number;
  }

  /** Chart series of the samples taken between two times (inclusive). */
  series(fromMs: number, toMs: number): HistorySeries {
    return toSeries(this.stmt.series.iterate(fromMs, toMs) as Iterable<(number | null)[]>);
  }
}

/** Columns of (time, cpu, mem_used, mem_cache, mem_available, swap_used, load1, disk_read, disk_write, net_rx, net_tx) rows. */
function toSeries(rows: Iterable<(number | null)[]>): HistorySeries {
  const s: HistorySeries = {
    time: [], cpu: [], memUsed: [], memCache: [], memAvailable: [], swapUsed: [], load1: [], diskRead: [], diskWrite: [], netRx: [], netTx: [],
  };
  for (const r of rows) {
    s.time.push(r[0]!);
    s.cpu.push(r[1] ?? NaN);
    s.memUsed.push(r[2] ?? NaN);
    s.memCache.push(r[3] ?? NaN);
    s.memAvailable.push(r[4] ?? NaN);
    s.swapUsed.push(r[5] ?? NaN);
    s.load1.push(r[6] ?? NaN);
    s.diskRead.push(r[7] ?? NaN);
    s.diskWrite.push(r[8] ?? NaN);
    s.netRx.push(r[9] ?? NaN);
    s.netTx.push(r[10] ?? NaN);
  }
  return s;
}
