import type { ProcessRow } from '../core/process.js';
import { parseProcPidStatBytes } from '../parsers/proc-pid-stat.js';
import type { ProcFs } from '../source/proc-fs.js';

interface Seen {
  starttime: number;
  /** utime + stime at the previous expand, clock ticks. */
  ticks: number;
  generation: number;
}

/**
 * top's `H` (threads) mode: turns process rows into one row per thread from /proc/PID/task/TID/stat. Thread
 * rows carry the thread's id in `pid`, its own name, state, CPU times and CPU delta; owner, command line and
 * memory are the process's (threads share them). A single-threaded process is its own only thread, so its
 * row is kept as it is and no task directory is read.
 */
export class ThreadExpander {
  private readonly seen = new Map<number, Seen>();
  private generation = 0;

  constructor(private readonly procFs: ProcFs) {}

  /** Thread rows for `processes`, in process order, threads by ascending id. */
  expand(processes: readonly ProcessRow[]): ProcessRow[] {
    const gen = ++this.generation;
    const fs = this.procFs;
    const out: ProcessRow[] = [];
    for (const row of processes) {
      if (row.numThreads <= 1) {
        this.remember(row.pid, row.starttime, row.utime + row.stime, gen);
        out.push(row);
        continue;
      }
      for (const tid of fs.listTids(row.pid)) {
        const n = fs.readPidBytes(row.pid, `task/${tid}/stat`);
        if (n < 0) continue; // the thread ended after the listing
        const t: ProcessRow = { ...row };
        if (!parseProcPidStatBytes(fs.buffer, n, t)) continue;
        const ticks = t.utime + t.stime;
        const prev = this.seen.get(t.pid);
        t.cpuDeltaTicks = prev && prev.starttime === t.starttime ? Math.max(0, ticks - prev.ticks) : null;
        this.remember(t.pid, t.starttime, ticks, gen);
        out.push(t);
      }
    }
    for (const [tid, s] of this.seen) if (s.generation !== gen) this.seen.delete(tid);
    return out;
  }

  private remember(tid: number, starttime: number, ticks: number, generation: number): void {
    const s = this.seen.get(tid);
    if (s) {
      s.starttime = starttime;
      s.ticks = ticks;
      s.generation = generation;
    } else this.seen.set(tid, { starttime, ticks, generation });
  }
}
