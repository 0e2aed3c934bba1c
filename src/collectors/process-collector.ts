import type { CgroupAttribution } from '../core/container.js';
import type { ProcessRow } from '../core/process.js';
import type { TaskCounts } from '../core/system.js';
import type { Source } from '../fields/registry.js';
import { parseProcPidCmdline } from '../parsers/proc-pid-cmdline.js';
import { parseProcPidIo } from '../parsers/proc-pid-io.js';
import { parseProcPidStatBytes, parseProcPidStatOnce, PF_KTHREAD } from '../parsers/proc-pid-stat.js';
import { parseProcPidStatm, parseStatmBytes } from '../parsers/proc-pid-statm.js';
import { parseSchedstatBytes } from '../parsers/proc-pid-schedstat.js';
import { parseStatusBytes } from '../parsers/proc-pid-status.js';
import { readGpuProcessMemory } from './gpu-process-memory.js';
import type { ProcFs } from '../source/proc-fs.js';
import { pageSize } from '../source/machine.js';
import { UserNames } from '../source/users.js';
import { ProcessContainers } from './process-containers.js';
import { ProcTaskFiles, TaskFilesShared } from './task-files.js';

/** How often a monitor refreshes gpu_mem, milliseconds. */
export const GPU_MEM_REFRESH_MS = 5000;

/** What one collect reads. */
export interface ProcessCollectOptions {
  /**
   * Files the visible fields need (see neededSources in fields/registry.ts). stat is always read; status,
   * statm and cmdline only when listed; 'uid' resolves the effective uid (status, once per process).
   */
  needs: ReadonlySet<Source>;
  /**
   * A refresh may hand back the previous row of a single-threaded process that has not run since it was
   * read (its schedstat's run time and timeslices did not move), except on its staggered refresh turn
   * (STATM_REFRESH_TICKS): a recording's cost is mostly stat reads of sleeping processes, and schedstat costs
   * a third of stat. What another process can change meanwhile (ppid on reparenting, the terminal's
   * foreground group, nice, resident pages reclaimed) then shows on the refresh turn.
   */
  reuseIdle?: boolean;
  /** Read only these pids (ps -p, top -p); all of /proc otherwise. */
  pids?: readonly number[];
  /**
   * A single scan (ps): read every file whole in one call and keep nothing open. Without it (refreshes),
   * stat and statm stay open between scans and are re-read with one pread each.
   */
  oneShot?: boolean;
  /**
   * Hand each row to this as it is read instead of returning them (collect then returns an empty list): a
   * one-shot that prints rows as they come keeps none of them alive, so the young generation's collections
   * have almost nothing to copy. With 'gpu' (read for all rows at the end) the rows are handed over then.
   */
  visit?: (row: ProcessRow) => void;
  /**
   * With oneShot: the scan runs with V8's optimising compiler off (src/cli/one-shot-jit.ts), so stat is parsed
   * by V8's string builtins (parseProcPidStatOnce) rather than by a loop over its bytes, which the interpreter
   * runs several times slower. An optimised scan keeps the byte parser, which makes no strings.
   */
  interpreted?: boolean;
}

/** Facts that do not change while a process lives (same pid, starttime and comm), and the previous CPU total. */
interface Known {
  starttime: number;
  comm: string;
  uid: number | null;
  user: string | null;
  cmdline: string[] | null;
  /** utime + stime at the previous collect, clock ticks. */
  ticks: number;
  /** Major and minor faults at the previous collect (top's vMj, vMn); undefined before one. */
  majflt?: number;
  minflt?: number;
  /** Collect number that last saw this process. */
  seen: number;
  /**
   * What stat said when statm was last read (utime+stime, faults, stat's rss, vsize) and what statm said:
   * a process whose stat did not move has the same statm, so a refresh tick can skip reading it.
   */
  statmSig: Float64Array | null;
  statmResident: number;
  statmShared: number;
  /** VmLck when status was last read for 'locked' (bytes; null: unread or not in the file). */
  vmLck?: number | null;
  /** stat's minflt + majflt, rss and vsize when VmLck was last read: memory activity since then re-reads it. */
  lockFaults?: number;
  lockRss?: number;
  lockVsize?: number;
  /** Container attribution from /proc/PID/cgroup; undefined until a field needs it, null when unreadable. */
  cgroup?: CgroupAttribution | null;
  /** With reuseIdle: schedstat's run time and timeslices just before the row in `last` was read. */
  runNs?: number;
  slices?: number;
  /** read_bytes / write_bytes of /proc/PID/io at the previous collect, when io is read. */
  io?: { read: number; write: number } | null;
  /**
   * A refresh's last row of this process and the stat bytes it was made from (the first `statLen` bytes of
   * `stat`): a process that has not run since (its stat byte for byte the same, or with reuseIdle its
   * schedstat) gets that row back (see collect and idleRow).
   */
  last?: ProcessRow;
  stat?: Uint8Array;
  statLen?: number;
}

/**
 * Even when stat does not move, statm is read again every this many ticks (staggered by pid), so a change that
 * leaves stat's counters alone (shared pages of a sleeping process dropped from the page cache) still shows.
 */
export const STATM_REFRESH_TICKS = 10;

/**
 * VmLck ('locked') is read again when the process's memory moved (faults, rss, size: mlock faults its pages
 * in), and every this many ticks (staggered by pid) for the rest: locking pages already resident moves none
 * of stat's counters. status costs about three stat reads, so a CPU-bound process does not re-read it.
 */
export const LOCKED_REFRESH_TICKS = 30;

const STATUS = { uid: -1, vmLck: -1, vmRss: -1 };
const SCHED = { runNs: 0, slices: 0 };
const STATM = { resident: 0, shared: 0 };

/**
 * Lists /proc and turns every visible process into a {@link ProcessRow}, reading only the files the requested
 * fields need, synchronously through one reused buffer (stat and statm stay open between scans and are
 * re-read with one pread: ProcFs.readPidBytesKept). Static facts (uid, user name,
 * command line) are read once per process lifetime, keyed by (pid, starttime, comm) so an exec is noticed.
 * cpuDeltaTicks is the CPU used since the previous collect of the same process.
 *
 * A process that exits mid-scan is skipped; files hidden by hidepid or permissions leave their fields null.
 */
export class ProcessCollector {
  private readonly known = new Map<number, Known>();
  private readonly oneShotKnown: Known = blankKnown();
  /** The last reading of per-process GPU memory (gpu_mem), and when it was taken. */
  private gpuMem: { at: number; byPid: Map<number, number> | null } | null = null;
  private generation = 0;
  /** The needs of the previous refresh, as a sorted list (see keepSame in collect). */
  private lastNeeds = '';
  private readonly users: UserNames;
  private readonly pageSize: number;
  private containers: ProcessContainers | null = null;

  constructor(private readonly procFs: ProcFs, users?: UserNames, pageBytes?: number) {
    this.users = users ?? new UserNames(procFs);
    this.pageSize = pageBytes ?? pageSize(procFs);
  }

  /** One scan of /proc. Rows come in ascending pid order. */
  collect(opts: ProcessCollectOptions): ProcessRow[] {
    const fs = this.procFs;
    const needs = opts.needs;
    const wantStatus = needs.has('status');
    // 'locked' (STAT's L) needs status's VmLck; when status is not read anyway, a refresh re-reads it only
    // when the process's memory moved or on its staggered refresh tick (LOCKED_REFRESH_TICKS).
    const wantLocked = needs.has('locked') && !wantStatus;
    const wantUid = wantStatus || needs.has('uid');
    // rssPages: stat's rss is approximate on kernels with per-CPU mm counters; status VmRSS and statm are
    // exact. Take it from status when status is read anyway, else from statm.
    // A single scan that wants 'locked' reads status for every process too.
    const statusEveryRow = wantStatus || (needs.has('locked') && opts.oneShot === true);
    const wantStatm = needs.has('statm') || (needs.has('rss') && !statusEveryRow);
    const wantCmdline = needs.has('cmdline');
    const wantFaults = needs.has('faults');
    const wantContainer = needs.has('container');
    if (wantContainer && this.containers === null) this.containers = new ProcessContainers(fs);
    const wantIo = needs.has('io');
    const shared = needs.has('files') ? new TaskFilesShared(fs) : null;
    const first = this.generation === 0;
    const oneShot = opts.oneShot === true;
    const gen = ++this.generation;
    const pids = opts.pids ? [...opts.pids].sort((a, b) => a - b) : fs.listPids();
    const rows: ProcessRow[] = [];

    const wantGpu = needs.has('gpu');
    const reuseIdle = opts.reuseIdle === true && !oneShot && !first && !wantIo && shared === null;
    // A refresh gives back the previous row of a process whose stat is byte for byte what it was (it has not
    // run, faulted, grown or changed state: most processes, most ticks): every field the row takes from stat
    // is the same, and uid, user, command line and container are read once per process anyway. Not when a
    // field reads a file every tick (status, io, the task files), nor gpu_mem, which is set on the rows after
    // the scan; and statm and VmLck still get their staggered refresh turns.
    // A row kept from a tick that read other files (a column added since) is not handed back.
    const needsKey = oneShot ? '' : [...needs].sort().join(',');
    const keepSame = !oneShot && !wantStatus && !wantIo && shared === null && !wantGpu && needsKey === this.lastNeeds;
    this.lastNeeds = needsKey;
    // gpu_mem is filled after the scan: the rows are visited then, in the same order.
    const visit = wantGpu ? undefined : opts.visit;
    const parseStat = oneShot && opts.interpreted === true ? parseProcPidStatOnce : parseProcPidStatBytes;
    for (let p = 0; p < pids.length; p++) {
      const pid = pids[p]!;
      let sched = false;
      if (reuseIdle) {
        const was = this.known.get(pid);
        if (was?.last !== undefined && was.last.numThreads === 1) {
          const n = fs.readPidBytesKept(pid, 'schedstat');
          if (n > 0 && parseSchedstatBytes(fs.buffer, n, SCHED)) {
            sched = true;
            if (SCHED.runNs === was.runNs && SCHED.slices === was.slices && (gen + pid) % STATM_REFRESH_TICKS !== 0) {
              // It has not run since its last read: nothing it does itself has changed.
              const again = this.idleRow(was, gen, wantFaults, wantContainer, wantGpu);
              if (visit) visit(again);
              else rows.push(again);
              continue;
            }
          }
        }
      }
      const row = newRow();
      let statLen = -1;
      if (oneShot) {
        const n = fs.readPidBytesOnce(pid, 'stat');
        if (n < 0 || !parseStat(fs.buffer, n, row)) continue;
      } else {
        const n = fs.readPidBytesKept(pid, 'stat');
        if (n < 0) continue;
        if (keepSame) {
          const was = this.known.get(pid);
          const same = was?.last;
          if (same !== undefined && was!.statLen === n && (gen + pid) % STATM_REFRESH_TICKS !== 0 &&
            (!wantLocked || (gen + pid) % LOCKED_REFRESH_TICKS !== 0) && (!wantCmdline || was!.cmdline !== null) &&
            fs.buffer.compare(was!.stat!, 0, n, 0, n) === 0) {
            const again = this.idleRow(was!, gen, wantFaults, wantContainer, false);
            if (opts.reuseIdle === true) {
              was!.runNs = sched ? SCHED.runNs : -1;
              was!.slices = sched ? SCHED.slices : -1;
            }
            if (visit) visit(again);
            else rows.push(again);
            continue;
          }
        }
        if (!parseProcPidStatBytes(fs.buffer, n, row)) continue;
        statLen = n;
      }
      const ticks = row.utime + row.stime;
      const statRss = row.rssPages;

      // A single scan keeps nothing for later: one scratch record, no map of thousands of entries.
      let k = oneShot ? scratch(this.oneShotKnown, row, gen) : this.known.get(pid);
      if (k !== undefined && (k.starttime !== row.starttime || k.comm !== row.comm)) {
        // Same pid, another process (or an exec): forget what we knew, keep the CPU total if only comm changed.
        const sameProcess = k.starttime === row.starttime;
        const prevTicks = k.ticks;
        k = { starttime: row.starttime, comm: row.comm, uid: null, user: null, cmdline: null, ticks: sameProcess ? prevTicks : -1, seen: gen, statmSig: null, statmResident: 0, statmShared: 0 };
        this.known.set(pid, k);
      } else if (k === undefined) {
        k = { starttime: row.starttime, comm: row.comm, uid: null, user: null, cmdline: null, ticks: -1, seen: gen, statmSig: null, statmResident: 0, statmShared: 0 };
        this.known.set(pid, k);
      }
      row.cpuDeltaTicks = first || k.ticks < 0 ? null : Math.max(0, ticks - k.ticks);
      k.ticks = ticks;
      if (wantFaults) {
        row.majfltDelta = first || k.majflt === undefined ? null : Math.max(0, row.majflt - k.majflt);
        row.minfltDelta = first || k.minflt === undefined ? null : Math.max(0, row.minflt - k.minflt);
        k.majflt = row.majflt;
        k.minflt = row.minflt;
      }
      k.seen = gen;
      if (!oneShot && statLen >= 0) {
        // Copied before any other read of this process reuses the buffer.
        if (k.stat === undefined || k.stat.length < statLen) k.stat = new Uint8Array(Math.max(512, statLen));
        fs.buffer.copy(k.stat, 0, 0, statLen);
        k.statLen = statLen;
      }
      // A process whose stat (CPU time, faults, rss, size) did not move since statm was last read has the
      // same statm: a refresh tick may reuse it, except on its staggered refresh tick.
      const sig = k.statmSig;
      const reuse = !oneShot && sig !== null && sig[0] === ticks && sig[1] === row.minflt && sig[2] === row.majflt &&
        sig[3] === statRss && sig[4] === row.vsize && (gen + pid) % STATM_REFRESH_TICKS !== 0;

      // The owner comes from status (Uid:, effective): the owner of /proc/PID is root for non-dumpable
      // processes (setuid programs, sandboxes). It is read once per process unless status is wanted anyway.
      const lockedStale = wantLocked && (oneShot || k.vmLck === undefined || k.lockFaults !== row.minflt + row.majflt ||
        k.lockRss !== statRss || k.lockVsize !== row.vsize || (gen + pid) % LOCKED_REFRESH_TICKS === 0);
      if (wantStatus || lockedStale || (wantUid && k.uid === null)) {
        const n = fs.readPidBytesOnce(pid, 'status');
        if (n >= 0 && parseStatusBytes(fs.buffer, n, STATUS)) {
          // Only where a field wants it: a row must not differ by whether its uid happened to be read this tick.
          if (wantLocked || wantStatus) row.vmLck = STATUS.vmLck < 0 ? null : STATUS.vmLck;
          if (wantLocked) {
            k.vmLck = row.vmLck;
            k.lockFaults = row.minflt + row.majflt;
            k.lockRss = statRss;
            k.lockVsize = row.vsize;
          }
          if (STATUS.vmRss >= 0) row.rssPages = Math.round(STATUS.vmRss / this.pageSize);
          if (STATUS.uid >= 0 && k.uid !== STATUS.uid) {
            k.uid = STATUS.uid;
            k.user = null;
          }
        }
      } else if (wantLocked) {
        row.vmLck = k.vmLck ?? null;
      }
      if (wantUid) {
        if (k.uid === null) {
          // status unreadable (hidepid, a security module): fall back to the owner of the directory.
          k.uid = fs.ownerUid(pid);
          if (k.uid === null) {
            this.known.delete(pid);
            continue; // gone between stat and now
          }
        }
        if (k.user === null) k.user = this.users.name(k.uid);
        row.uid = k.uid;
        row.user = k.user;
      }
      if (wantStatm) {
        if (oneShot) {
          const statm = parseProcPidStatm(fs.readPidUtf8(pid, 'statm') ?? '');
          if (statm !== null) {
            row.rssPages = statm.resident;
            row.sharedPages = statm.shared;
          }
        } else {
          // statm costs a third of a refresh tick; most processes sleep between ticks and their stat (CPU
          // time, faults, rss, size) does not move, and then neither does statm.
          if (reuse) {
            row.rssPages = k.statmResident;
            row.sharedPages = k.statmShared;
          } else {
            const m = fs.readPidBytesKept(pid, 'statm');
            if (m >= 0 && parseStatmBytes(fs.buffer, m, STATM)) {
              row.rssPages = STATM.resident;
              row.sharedPages = STATM.shared;
              const next = k.statmSig ?? new Float64Array(5);
              next[0] = ticks; next[1] = row.minflt; next[2] = row.majflt; next[3] = statRss; next[4] = row.vsize;
              k.statmSig = next;
              k.statmResident = STATM.resident;
              k.statmShared = STATM.shared;
            } else k.statmSig = null;
          }
        }
      }
      if (wantCmdline) {
        if (k.cmdline === null) {
          const n = fs.readPidBytesOnce(pid, 'cmdline');
          const text = n < 0 ? null : fs.buffer.toString('utf8', 0, n);
          if (text === null) {
            if (fs.ownerUid(pid) === null) {
              this.known.delete(pid);
              continue;
            }
            row.cmdline = [];
          } else {
            const args = parseProcPidCmdline(text);
            // An empty cmdline of a live user process may be a fork caught before exec: do not cache it.
            // Kernel threads and zombies never get one.
            if (args.length > 0 || (row.flags & PF_KTHREAD) !== 0 || row.state === 'Z') k.cmdline = args;
            row.cmdline = args;
          }
        } else {
          row.cmdline = k.cmdline;
        }
      }
      if (wantContainer) {
        // Once per (pid, starttime, comm): a process changes cgroup only when moved, which runtimes do at start.
        if (k.cgroup === undefined) k.cgroup = this.containers!.read(pid);
        row.container = this.containers!.resolve(k.cgroup);
      }
      if (wantIo) {
        // Per-process I/O columns: bytes since the previous collect (the file is the owner's or root's only).
        const text = fs.readPidUtf8(pid, 'io');
        const io = text === null ? null : parseProcPidIo(text);
        const prev = k.io;
        row.ioDelta = io && prev && !first ? { read: Math.max(0, io.readBytes - prev.read), write: Math.max(0, io.writeBytes - prev.write) } : null;
        k.io = io ? { read: io.readBytes, write: io.writeBytes } : null;
      }
      if (shared !== null) row.files = new ProcTaskFiles(shared, pid, '');
      if (opts.reuseIdle === true && !oneShot) {
        k.runNs = sched ? SCHED.runNs : -1;
        k.slices = sched ? SCHED.slices : -1;
      }
      if (!oneShot) k.last = row;
      if (visit) visit(row);
      else rows.push(row);
    }

    if (!opts.pids) {
      for (const [pid, k] of this.known) if (k.seen !== gen) this.known.delete(pid);
    }
    // Give back the kept stat/statm descriptors of processes this scan did not find.
    for (const pid of fs.keptPids()) if (this.known.get(pid)?.seen !== gen) fs.releasePid(pid);
    if (wantGpu) {
      // gpu_mem is shown: one nvidia-smi run and/or the DRM fdinfo of this scan's processes; a monitor reads
      // them at most every GPU_MEM_REFRESH_MS (nvidia-smi takes 50-300 ms to start).
      const now = Date.now();
      if (oneShot || this.gpuMem === null || now - this.gpuMem.at >= GPU_MEM_REFRESH_MS) {
        this.gpuMem = { at: now, byPid: readGpuProcessMemory(fs, rows.map((r) => r.pid)) };
      }
      const gpu = this.gpuMem.byPid;
      for (const r of rows) r.gpuMem = gpu === null ? null : gpu.get(r.pid) ?? 0;
      if (opts.visit) {
        for (const r of rows) opts.visit(r);
        return [];
      }
    }
    return rows;
  }

  /**
   * The last row of a process that has not run since it was read: that very object when its deltas are already
   * 0, else once a copy with them set to 0 (and the container looked up again), which becomes the last row.
   * A copy each time when gpu_mem is set on the rows after the scan (`fresh`), so an earlier snapshot's row
   * keeps its value.
   */
  private idleRow(was: Known, gen: number, wantFaults: boolean, wantContainer: boolean, fresh: boolean): ProcessRow {
    was.seen = gen;
    const same = was.last!;
    const container = wantContainer ? this.containers!.resolve(was.cgroup ?? null) : same.container;
    if (!fresh && same.cpuDeltaTicks === 0 && (!wantFaults || (same.majfltDelta === 0 && same.minfltDelta === 0)) && same.container === container) {
      return same;
    }
    // Built as a parsed row is (newRow, then its fields in order): one hidden class for every row.
    const again = Object.assign(newRow(), same);
    again.cpuDeltaTicks = 0;
    again.container = container;
    if (wantFaults) {
      again.majfltDelta = 0;
      again.minfltDelta = 0;
    }
    was.last = again;
    return again;
  }

  /** Close the files kept open between scans (call when the collector is no longer used). */
  close(): void {
    this.procFs.releaseAll();
  }
}

function blankKnown(): Known {
  return { starttime: 0, comm: '', uid: null, user: null, cmdline: null, ticks: -1, seen: 0, statmSig: null, statmResident: 0, statmShared: 0 };
}

/** `k` made over for the process in `row`, as a first sight of it. */
function scratch(k: Known, row: ProcessRow, gen: number): Known {
  k.starttime = row.starttime;
  k.comm = row.comm;
  k.uid = null;
  k.user = null;
  k.cmdline = null;
  k.ticks = -1;
  k.majflt = undefined;
  k.minflt = undefined;
  k.seen = gen;
  k.statmSig = null;
  k.vmLck = undefined;
  k.cgroup = undefined;
  return k;
}

/** A row with every field present, so all rows share one shape (one V8 hidden class). */
function newRow(): ProcessRow {
  return {
    pid: 0, comm: '', state: '', ppid: 0, pgrp: 0, session: 0, ttyNr: 0, tpgid: 0, flags: 0, minflt: 0,
    majflt: 0, utime: 0, stime: 0, priority: 0, nice: 0, numThreads: 0, starttime: 0, vsize: 0, rssPages: 0,
    processor: 0, rtPriority: 0, policy: 0, uid: null, user: null, euid: null, vmLck: null, sharedPages: null,
    cmdline: null, cpuDeltaTicks: null, container: null,
  };
}

/** Group rows by state as top's Tasks line does: R running; T, t stopped; Z zombie; everything else sleeping. */
export function countTasks(rows: readonly ProcessRow[]): TaskCounts {
  const c: TaskCounts = { total: rows.length, running: 0, sleeping: 0, stopped: 0, zombie: 0 };
  for (const r of rows) {
    const s = r.state;
    if (s === 'R') c.running++;
    else if (s === 'T' || s === 't') c.stopped++;
    else if (s === 'Z') c.zombie++;
    else c.sleeping++;
  }
  return c;
}
