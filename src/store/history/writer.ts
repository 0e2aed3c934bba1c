import fs from 'node:fs';
import path from 'node:path';
import { ioRates } from '../../core/io-rates.js';
import type { DiskStats, NetDevStats } from '../../core/io.js';
import { memoryFigures } from '../../core/memory.js';
import type { ProcessContainer } from '../../core/container.js';
import type { ProcessRow } from '../../core/process.js';
import type { Snapshot } from '../../core/snapshot.js';
import { CODEC, encode, KEYFRAME_EVERY, toColumns, type ProcColumns } from './process-codec.js';
import { acquireRecorder, releaseRecorder } from './recorder-lock.js';
import { nextSampleId, pruneHistory, STATIC_TOUCH_EVERY, usedBytes } from './retention.js';
import { migrate } from './schema.js';
import { openDatabase, type Database, type Statement } from './sqlite-driver.js';
import { encodeSystem } from './system-codec.js';

/** A static row the writer knows: its id, the facts it holds (arrays and objects as the collector shares them). */
interface StaticEntry {
  id: number;
  touched: number;
  starttime: number;
  comm: string;
  uid: number | null;
  user: string | null;
  cmdline: string[] | null;
  cmdJson: string | null;
  container: ProcessContainer | null | undefined;
  ctrJson: string | null;
}

/** Bounds of a recording. */
export interface WriterOptions {
  /** Keep samples at most this old, milliseconds; null = no age limit. */
  retainMs: number | null;
  /** Keep the database file at most this large, bytes (plus one sample); null = no size limit. */
  maxBytes: number | null;
}

/** What one write did. */
export interface WriteResult {
  /** Sample id. */
  id: number;
  /** Bytes of the two blobs (system + processes). */
  bytes: number;
  /** True when the sample is a key frame (no delta reference). */
  keyframe: boolean;
  /** Samples deleted by retention before this one went in. */
  pruned: number;
}


/**
 * Set up a connection as every history connection is: WAL (readers never block the writer, and a crash
 * leaves the last committed sample), NORMAL sync (a process crash loses nothing committed; only a power cut
 * may lose the last samples, never the file), a small WAL so the file's size bound holds.
 */
export function configure(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 256');
  db.pragma('journal_size_limit = 4194304');
}

/**
 * Appends snapshots to a history database: one transaction per sample (the static rows of new processes, the
 * sample, retention), so a SIGKILL at any moment leaves every earlier sample readable and loses at most the
 * one being written. Holds the database's recorder row while open.
 */
export class HistoryWriter {
  /** The static row of each pid's current process, with the facts it was written with. */
  private readonly statics = new Map<number, StaticEntry>();
  private prev: { id: number; cols: ProcColumns; sys: Buffer; chain: number } | null = null;
  /** Columns of the sample before the previous one, filled again by the next sample (no garbage a sample). */
  private spare: ProcColumns | null = null;
  /** The previous sample's disk and network counters: the chart rates are their growth to this one. */
  private prevIo: { time: number; disks?: readonly DiskStats[]; network?: readonly NetDevStats[] } | null = null;
  private lastBytes = 0;
  private readonly insertSample: Statement;
  private readonly insertStatic: Statement;
  private readonly touchStatic: Statement;
  private readonly hasSample: Statement;
  private readonly tx: ((s: Snapshot) => WriteResult) & { immediate: (s: Snapshot) => WriteResult };

  private constructor(private readonly db: Database, readonly file: string, private readonly opts: WriterOptions) {
    this.insertSample = db.prepare(
      `INSERT INTO samples (time, interval, ref, cpu, mem_used, mem_cache, mem_available, swap_used, load1,
         disk_read, disk_write, net_rx, net_tx, system, procs, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertStatic = db.prepare(
      'INSERT INTO proc_static (pid, starttime, comm, uid, user, cmdline, container, last_sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.touchStatic = db.prepare('UPDATE proc_static SET last_sample = ? WHERE id = ?');
    this.hasSample = db.prepare('SELECT 1 FROM samples WHERE id = ?').pluck();
    this.tx = db.transaction((s: Snapshot) => this.writeInTx(s));
  }

  /** Create or open `file` (and its directory), migrate it, and take its recorder row. */
  static open(file: string, opts: WriterOptions): HistoryWriter {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    const db = openDatabase(file);
    try {
      configure(db);
      // The writer appends and reads back little (retention's min/max by index): a small page cache keeps
      // the recorder's memory down (SQLite's default is 2 MiB).
      db.pragma('cache_size = -256');
      migrate(db);
      acquireRecorder(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new HistoryWriter(db, file, opts);
  }

  /** Record one snapshot. */
  write(s: Snapshot): WriteResult {
    return this.tx.immediate(s);
  }

  private writeInTx(s: Snapshot): WriteResult {
    // Make room first, for a sample about as large as the previous one: the file then never passes
    // maxBytes by more than one sample.
    const { deleted: pruned, oldest } = pruneHistory(this.db, {
      olderThan: this.opts.retainMs === null ? null : s.time - this.opts.retainMs,
      maxBytes: this.opts.maxBytes === null ? null : Math.max(0, this.opts.maxBytes - this.lastBytes),
    });
    if (pruned > 0) {
      // Retention dropped the static rows of processes not seen since `oldest`: forget their ids too.
      for (const [pid, k] of this.statics) if (k.touched + STATIC_TOUCH_EVERY < oldest) this.statics.delete(pid);
    }
    const nextId = this.nextId();
    const rows = s.processes;
    const sids = rows.map((r) => this.staticId(r, nextId));
    const cols = toColumns(rows, sids, this.spare ?? undefined);
    this.spare = null;
    let ref = this.prev;
    if (ref && (ref.chain + 1 >= KEYFRAME_EVERY || (pruned > 0 && this.hasSample.get(ref.id) === undefined))) ref = null;
    const procs = encode(cols, CODEC.COLUMNAR_SPARSE, ref ? ref.cols : null);
    const { blob: system, raw: sysRaw } = encodeSystem(s, ref ? ref.sys : null);
    const m = memoryFigures(s.mem);
    const bytes = procs.length + system.length;
    const io = this.rates(s);
    const info = this.insertSample.run(
      s.time, s.interval, ref ? ref.id : null, s.cpu ? s.cpu.total.busy : null, m.used, m.buffCache, m.available,
      m.swapUsed, s.load.one, io.diskRead, io.diskWrite, io.netRx, io.netTx, system, procs, bytes,
    );
    const id = Number(info.lastInsertRowid);
    // The previous sample's columns are no reference any more: the next sample fills them.
    if (this.prev && this.prev.cols !== cols) this.spare = this.prev.cols;
    this.prev = { id, cols, sys: sysRaw, chain: ref ? ref.chain + 1 : 0 };
    this.lastBytes = bytes + 512; // the row's own header and index entry
    return { id, bytes, keyframe: ref === null, pruned };
  }

  /**
   * Whole-disk read / write and non-loopback receive / transmit rates (bytes per second) since the previous
   * sample written, as the live dashboard's charts compute them; null without two samples of counters. Over
   * the time between the two samples, not the collector's interval: a sample that failed in between does not
   * make the rate too high.
   */
  private rates(s: Snapshot): { diskRead: number | null; diskWrite: number | null; netRx: number | null; netTx: number | null } {
    const p = this.prevIo;
    this.prevIo = { time: s.time, disks: s.disks, network: s.network };
    const seconds = p ? (s.time > p.time ? (s.time - p.time) / 1000 : s.interval ?? 0) : 0;
    if (!p || !(seconds > 0)) return { diskRead: null, diskWrite: null, netRx: null, netTx: null };
    const r = ioRates(p, s, seconds);
    const disks = s.disks !== undefined && p.disks !== undefined;
    const net = s.network !== undefined && p.network !== undefined;
    return { diskRead: disks ? r.diskRead : null, diskWrite: disks ? r.diskWrite : null, netRx: net ? r.netRx : null, netTx: net ? r.netTx : null };
  }

  private nextId(): number {
    return nextSampleId(this.db);
  }

  /**
   * The static row of a process, inserted on first sight, touched every STATIC_TOUCH_EVERY samples. The
   * collector hands the same command-line array and container object on every tick, so a known process is
   * recognised by identity; only a new array or object is serialised to compare.
   */
  private staticId(r: ProcessRow, sampleId: number): number {
    const k = this.statics.get(r.pid);
    if (k !== undefined && k.starttime === r.starttime && k.comm === r.comm && k.uid === r.uid && k.user === r.user &&
      (k.cmdline === r.cmdline || k.cmdJson === jsonOrNull(r.cmdline)) &&
      (k.container === r.container || k.ctrJson === containerJson(r.container))) {
      k.cmdline = r.cmdline;
      k.container = r.container;
      if (sampleId - k.touched >= STATIC_TOUCH_EVERY) {
        this.touchStatic.run(sampleId, k.id);
        k.touched = sampleId;
      }
      return k.id;
    }
    const cmdJson = jsonOrNull(r.cmdline);
    // Container attribution is read once per process too: a static fact (null when it was not read).
    const ctrJson = containerJson(r.container);
    const info = this.insertStatic.run(r.pid, r.starttime, r.comm, r.uid, r.user, cmdJson, ctrJson, sampleId);
    const id = Number(info.lastInsertRowid);
    this.statics.set(r.pid, {
      id, touched: sampleId, starttime: r.starttime, comm: r.comm, uid: r.uid, user: r.user, cmdline: r.cmdline, cmdJson,
      container: r.container, ctrJson,
    });
    return id;
  }

  /** Forget processes not seen for a while (the map would otherwise grow with every pid ever seen). */
  forgetGone(live: readonly ProcessRow[]): void {
    if (this.statics.size < 2 * Math.max(256, live.length)) return;
    const keep = new Set(live.map((r) => r.pid));
    for (const pid of this.statics.keys()) if (!keep.has(pid)) this.statics.delete(pid);
  }

  /** File bytes in use (pages holding data). */
  usedBytes(): number {
    return usedBytes(this.db);
  }

  /** Release the recorder row and close (a final checkpoint folds the WAL into the file). */
  close(): void {
    if (!this.db.open) return;
    try {
      releaseRecorder(this.db);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}

function jsonOrNull(v: string[] | null): string | null {
  return v === null ? null : JSON.stringify(v);
}

function containerJson(c: ProcessContainer | null | undefined): string | null {
  return c ? JSON.stringify(c) : null;
}
