import fs from 'node:fs';
import path from 'node:path';
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

/** At most this many statfs calls run at once: Node runs them on libuv's pool of 4 threads, and a hung call
 * holds its thread until the server answers. Two stay free for the rest of sysmon's file work. */
export const MAX_STATFS_IN_FLIGHT = 2;

/** Something that answers statfs for a mount point (a system path, under the source's root). */
export interface StatfsSource {
  statfs(systemPath: string, timeoutMs: number): Promise<StatfsOutcome>;
}

const TIMED_OUT: StatfsOutcome = { ok: false, code: 'ETIMEDOUT' };

/**
 * statfs on the live system with a time limit per call and a bound on calls in flight. A call that times
 * out keeps its slot until the kernel answers; while a path still has a call outstanding, asking again
 * answers ETIMEDOUT at once instead of stacking another hung thread (the dashboard asks every second).
 */
export class LiveStatfs implements StatfsSource {
  private inFlight = 0;
  private readonly queue: Array<() => void> = [];
  /** Calls not yet answered by the kernel, by path; `late` once one of their waiters timed out. */
  private readonly calls = new Map<string, { result: Promise<StatfsOutcome>; late: boolean }>();

  constructor(private readonly maxInFlight = MAX_STATFS_IN_FLIGHT) {}

  /** Number of calls running in the thread pool (including timed-out ones the kernel has not answered). */
  get pending(): number {
    return this.inFlight;
  }

  statfs(systemPath: string, timeoutMs: number): Promise<StatfsOutcome> {
    let call = this.calls.get(systemPath);
    // A call on this path already outlived a time limit: do not stack another hung thread behind it.
    if (call?.late) return Promise.resolve(TIMED_OUT);
    if (!call) {
      const c = { result: this.start(systemPath), late: false };
      this.calls.set(systemPath, c);
      void c.result.then(() => this.calls.delete(systemPath));
      call = c;
    }
    const c = call;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        c.late = true;
        resolve(TIMED_OUT);
      }, timeoutMs);
      void c.result.then((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** Run one statfs when a slot is free (at most maxInFlight at once). */
  private start(systemPath: string): Promise<StatfsOutcome> {
    return new Promise((resolve) => {
      const run = (): void => {
        this.inFlight++;
        fs.statfs(systemPath, (err, st) => {
          this.inFlight--;
          const next = this.queue.shift();
          if (next) next();
          if (err) {
            resolve({ ok: false, code: err.code ?? 'EIO' });
            return;
          }
          resolve({
            ok: true,
            value: {
              type: st.type, bsize: st.bsize, blocks: st.blocks, bfree: st.bfree, bavail: st.bavail,
              files: st.files, ffree: st.ffree,
            },
          });
        });
      };
      if (this.inFlight < this.maxInFlight) run();
      else this.queue.push(run);
    });
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
