import fs from 'node:fs';
import os from 'node:os';
import { RuntimeError } from '../../core/errors.js';
import type { Database } from './sqlite-driver.js';

/*
 * One recorder per database. The `recorder` row names the writing process by pid, its start time (so a pid
 * reused after a crash does not count) and host. Taking it is one IMMEDIATE transaction, so two recorders
 * starting at once are serialised by SQLite itself; a row left by a recorder killed with SIGKILL is stale
 * when that process no longer runs and is taken over.
 */

/** Start time of a process after boot, clock ticks (/proc/PID/stat field 22); null when it is not running. */
function startTicks(pid: number): number | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(f[19]);
  } catch {
    return null;
  }
}

interface Holder {
  pid: number;
  starttime: number;
  host: string;
  started: number;
}

/** Take the recorder row or throw a one-line RuntimeError naming the recorder that holds it. */
export function acquireRecorder(db: Database, path: string): void {
  const me: Holder = { pid: process.pid, starttime: startTicks(process.pid) ?? 0, host: os.hostname(), started: Date.now() };
  const take = db.transaction(() => {
    const h = db.prepare('SELECT pid, starttime, host, started FROM recorder WHERE id = 1').get() as Holder | undefined;
    if (h && !(h.pid === me.pid && h.starttime === me.starttime)) {
      const alive = h.host !== me.host || startTicks(h.pid) === h.starttime;
      if (alive) {
        const where = h.host === me.host ? `pid ${h.pid}` : `pid ${h.pid} on ${h.host}`;
        throw new RuntimeError(
          `another recorder (${where}, since ${new Date(h.started).toISOString()}) is writing ${path}; ` +
            'stop it first, or record into another file with --db',
        );
      }
    }
    db.prepare('INSERT OR REPLACE INTO recorder (id, pid, starttime, host, started) VALUES (1, ?, ?, ?, ?)').run(
      me.pid, me.starttime, me.host, me.started,
    );
  });
  take.immediate();
}

/** Give the row back (a clean stop); a crash leaves it, and the next recorder sees it is stale. */
export function releaseRecorder(db: Database): void {
  db.prepare('DELETE FROM recorder WHERE id = 1 AND pid = ?').run(process.pid);
}

/** The recorder writing a database now, or null (for `history info` and the live dashboard). */
export function activeRecorder(db: Database): { pid: number; host: string; started: number } | null {
  const h = db.prepare('SELECT pid, starttime, host, started FROM recorder WHERE id = 1').get() as Holder | undefined;
  if (!h) return null;
  if (h.host === os.hostname() && startTicks(h.pid) !== h.starttime) return null;
  return { pid: h.pid, host: h.host, started: h.started };
}
