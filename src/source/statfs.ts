import fs from 'node:fs';
import path from 'node:path';
import { statfsInChild } from './may-hang.js';
import { underRoot } from './root.js';

/** statfs(2) numbers of one filesystem (Node's fs.statfs: block counts in units of bsize). */
export interface StatfsNumbers {
  /** Filesystem type magic (f_type). */
  type: number;
  /** Block size, bytes (Node exposes f_bsize; on Linux it equals f_frsize for local filesystems). */
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

/**
 * Outcome of one statfs: the numbers, or why there are none: an errno code ('ENOENT', 'EACCES', ...) or
 * 'ETIMEDOUT' when the call did not answer in time (a hung NFS or FUSE server) or could not even start
 * because earlier calls still hang.
 */
export type StatfsOutcome = { ok: true; value: StatfsNumbers } | { ok: false; code: string };

/** Default time limit of one statfs, milliseconds. */
export const DEFAULT_STATFS_TIMEOUT_MS = 2000;

/** At most this many statfs calls run at once on healthy filesystems. Node runs them on libuv's thread pool,
 * which the rest of sysmon's file work shares; bin/sysmon sizes it at 8 (every thread is created at the pool's
 * first use: 16 cost `sysmon df` ~2.4 ms more than 8). */
export const MAX_STATFS_IN_FLIGHT = 2;

/** At most this many timed-out calls may still hold a pool thread. A call that outlives its time limit gives
 * its slot to the next mount (so two hung NFS mounts do not starve the healthy ones) until this many hang; past
 * that, hung calls keep their slots and the rest wait, so the pool is never exhausted. */
export const MAX_STATFS_HUNG = 5;

/** Something that answers statfs for a mount point (a system path, under the source's root). */
export interface StatfsSource {
  statfs(systemPath: string, timeoutMs: number): Promise<StatfsOutcome>;
  /**
   * statfs of mount points whose file system may hang (NFS, FUSE), made outside this process so a hung one
   * leaves nothing behind here (see may-hang.ts). Sources without it answer those through {@link statfs}.
   */
  statfsIsolated?(systemPaths: readonly string[], timeoutMs: number): Promise<StatfsOutcome[]>;
  /**
   * statfs made in this thread, at once, for a mount whose type answers from memory (statfsFromMemory in
   * may-hang.ts): no thread pool to start, no timer. Sources without it answer through {@link statfs}.
   */
  statfsNow?(systemPath: string): StatfsOutcome;
}

/** The shape of fs.statfs (callback form). */
export type StatfsCall = (path: string, cb: (err: NodeJS.ErrnoException | null, st: fs.StatsFs) => void) => void;

/** The shape of fs.statfsSync. */
export type StatfsSyncCall = (path: string) => fs.StatsFs;

function numbersOf(st: fs.StatsFs): StatfsNumbers {
  return { type: st.type, bsize: st.bsize, blocks: st.blocks, bfree: st.bfree, bavail: st.bavail, files: st.files, ffree: st.ffree };
}

const TIMED_OUT: StatfsOutcome = { ok: false, code: 'ETIMEDOUT' };

/** One statfs call, shared by everyone asking for the same path while it runs. */
interface Call {
  /** Settles when the kernel answers (possibly never, for a hung server). */
  result: Promise<StatfsOutcome>;
  /** Settles when the call leaves the queue and enters the thread pool. */
  started: Promise<void>;
  /** One of its waiters timed out: the filesystem hangs. */
  late: boolean;
  /** Its healthy slot was handed on when it turned late. */
  released: boolean;
}

/**
 * statfs on the live system with a time limit per call and a bound on calls in flight. The limit runs from
 * the moment a call enters the thread pool, so mounts queued behind a hung one still get their own time. A call
 * that times out hands its slot on (up to {@link MAX_STATFS_HUNG} hung calls); while a path still has a call
 * outstanding, asking again answers ETIMEDOUT at once instead of stacking another hung thread (the dashboard
 * asks every second).
 */
export class LiveStatfs implements StatfsSource {
  private inFlight = 0;
  private hung = 0;
  private readonly queue: Array<() => void> = [];
  private readonly calls = new Map<string, Call>();

  /**
   * @param maxInFlight healthy calls allowed in the thread pool at once
   * @param call the statfs to run (Node's fs.statfs; tests pass one that never answers, as a hung server)
   * @param maxHung timed-out calls that may hold a thread before hung calls stop handing their slots on
   * @param callSync the statfs of {@link statfsNow} (Node's fs.statfsSync)
   */
  constructor(
    private readonly maxInFlight = MAX_STATFS_IN_FLIGHT,
    private readonly call: StatfsCall = fs.statfs,
    private readonly maxHung = MAX_STATFS_HUNG,
    private readonly callSync: StatfsSyncCall = fs.statfsSync,
  ) {}

  statfsNow(systemPath: string): StatfsOutcome {
    try {
      return { ok: true, value: numbersOf(this.callSync(systemPath)) };
    } catch (err) {
      return { ok: false, code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  }

  statfsIsolated(systemPaths: readonly string[], timeoutMs: number): Promise<StatfsOutcome[]> {
    return statfsInChild(systemPaths, timeoutMs);
  }

  /** Number of calls in the thread pool, including timed-out ones the kernel has not answered. */
  get pending(): number {
    return this.inFlight + this.hung;
  }

  statfs(systemPath: string, timeoutMs: number): Promise<StatfsOutcome> {
    let c = this.calls.get(systemPath);
    // A call on this path already outlived a time limit: do not stack another hung thread behind it.
    if (c?.late) return Promise.resolve(TIMED_OUT);
    if (!c) {
      const fresh = this.start(systemPath);
      this.calls.set(systemPath, fresh);
      void fresh.result.then(() => this.calls.delete(systemPath));
      c = fresh;
    }
    const call = c;
    return new Promise((resolve) => {
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: StatfsOutcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(r);
      };
      void call.result.then(finish);
      // The limit runs from when the call enters the pool. While it is still queued, check again every limit:
      // when every hung-call allowance is used up the queue may never move, so give up (the call stays queued).
      const checkQueued = (): void => {
        if (done) return;
        if (this.hung >= this.maxHung) finish(TIMED_OUT);
        else timer = setTimeout(checkQueued, timeoutMs);
      };
      timer = setTimeout(checkQueued, timeoutMs);
      void call.started.then(() => {
        if (done) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (done) return;
          this.markLate(call);
          finish(TIMED_OUT);
        }, timeoutMs);
      });
    });
  }

  private markLate(call: Call): void {
    call.late = true;
    if (call.released || this.hung >= this.maxHung) return;
    call.released = true;
    this.hung++;
    this.inFlight--;
    this.queue.shift()?.();
  }

  /** Queue one statfs; it runs when a slot is free (at most maxInFlight healthy calls at once). */
  private start(systemPath: string): Call {
    let markStarted!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    const call: Call = { result: Promise.resolve(TIMED_OUT), started, late: false, released: false };
    call.result = new Promise((resolve) => {
      const run = (): void => {
        this.inFlight++;
        markStarted();
        this.call(systemPath, (err, st) => {
          if (call.released) this.hung--;
          else {
            this.inFlight--;
            this.queue.shift()?.();
          }
          if (err) {
            resolve({ ok: false, code: err.code ?? 'EIO' });
            return;
          }
          resolve({ ok: true, value: numbersOf(st) });
        });
      };
      if (this.inFlight < this.maxInFlight) run();
      else this.queue.push(run);
    });
    return call;
  }
}

/**
 * statfs for a fixture root, where the mount points are not real. The numbers come from `<root>/statfs.json`:
 *
 * ```json
 * { "/": { "bsize": 4096, "blocks": 1000, "bfree": 600, "bavail": 500, "files": 100, "ffree": 90 },
 *   "/mnt/nfs": "hang",
 *   "/mnt/gone": "ENOENT" }
 * ```
 *
 * keyed by mount point (or any system path). A string value is an outcome: "hang" never answers (so the
 * caller's time limit fires, as with a hung NFS server), an errno code fails with that code. A path that is
 * not listed fails with ENOENT. `type` is optional (0).
 */
export class FixtureStatfs implements StatfsSource {
  private table: Record<string, unknown> | null = null;

  constructor(private readonly root: string) {}

  statfs(systemPath: string, timeoutMs: number): Promise<StatfsOutcome> {
    const entry = this.load()[path.posix.normalize(systemPath)];
    if (entry === 'hang') {
      return new Promise((resolve) => setTimeout(() => resolve(TIMED_OUT), timeoutMs));
    }
    if (typeof entry === 'string') return Promise.resolve({ ok: false, code: entry });
    if (entry === null || typeof entry !== 'object') return Promise.resolve({ ok: false, code: 'ENOENT' });
    const e = entry as Partial<StatfsNumbers>;
    const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    return Promise.resolve({
      ok: true,
      value: {
        type: n(e.type), bsize: n(e.bsize), blocks: n(e.blocks), bfree: n(e.bfree), bavail: n(e.bavail),
        files: n(e.files), ffree: n(e.ffree),
      },
    });
  }

  private load(): Record<string, unknown> {
    if (this.table) return this.table;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(underRoot(this.root, '/statfs.json'), 'utf8'));
      this.table = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      this.table = {};
    }
    return this.table;
  }
}

let live: LiveStatfs | null = null;

/** The statfs source for a root: the one shared live source for `/`, a fixture table otherwise. */
export function statfsSourceFor(root: string): StatfsSource {
  if (root === '/') {
    live ??= new LiveStatfs();
    return live;
  }
  return new FixtureStatfs(root);
}
