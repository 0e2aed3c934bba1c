import { Scheduler } from '../../collectors/scheduler.js';
import { SnapshotCollector } from '../../collectors/snapshot-collector.js';
import { cpuPercent } from '../../collectors/cpu-usage.js';
import type { ProcessRow } from '../../core/process.js';
import type { Snapshot } from '../../core/snapshot.js';
import type { CpuPercent } from '../../core/system.js';
import { ThreadExpander } from '../../collectors/thread-rows.js';
import { countTasks } from '../../collectors/process-collector.js';
import { neededSources } from '../../fields/registry.js';
import { containerMemoryExtension } from '../../collectors/own-cgroup.js';
import { ByteLines } from '../../format/byte-lines.js';
import { out, outBytes, outJsonLine, terminalColumns } from '../../format/output.js';
import { emptyCpuTimes } from '../../parsers/proc-stat.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { pidDigits } from '../../source/pid-max.js';
import { countLoggedInUsers } from '../../source/users.js';
import { nowMs } from '../clock.js';
import { withSmallScanJit } from '../one-shot-jit.js';
import { frameJson, renderFrame, topColumns, writeFrame, type FrameInput } from './frame.js';
import type { TopOptions } from './options.js';

/** top's priming pause before the first frame, milliseconds. */
const PRIME_MS = 150;

/** Line width: -w, else the terminal, else $COLUMNS, else 80 (top's batch default). */
function lineWidth(o: TopOptions): number {
  if (o.width !== null) return o.width;
  const cols = terminalColumns();
  if (cols > 0) return cols;
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return Math.min(512, env);
  return 80;
}

/**
 * Keep the rows of the chosen user: -u its effective uid, -U any of the real, effective, saved and
 * filesystem uids (status `Uid:`; the owner of /proc/PID when status is unreadable).
 */
function userFilter(user: TopOptions['user']): ((r: ProcessRow) => boolean) | null {
  if (user === null) return null;
  const { uid, any } = user;
  if (!any) return (r) => (r.euid ?? r.uid) === uid;
  return (r) => {
    const ids = r.files?.keyed('status')?.get('Uid');
    return ids === undefined ? r.uid === uid : ids.split(/\s+/).some((x) => Number(x) === uid);
  };
}

/** Each CPU's use for top -1: since boot on the first frame, else over the interval. */
function perCpuUse(s: Snapshot, first: boolean): { id: number; cpu: CpuPercent }[] {
  return s.stat.perCpu.map((t, i) => ({
    id: s.stat.cpuIds[i] ?? i,
    cpu: first || s.cpu === null || s.cpu.perCpu[i] === undefined ? cpuPercent(emptyCpuTimes(), t) : s.cpu.perCpu[i]!,
  }));
}

/** top -p lists its pids in the order given (the sort is stable, so ties keep it): `-p 9,3` shows 9 first. */
function inGivenOrder(rows: ProcessRow[], pids: readonly number[]): ProcessRow[] {
  const rank = new Map<number, number>();
  pids.forEach((p, i) => {
    if (!rank.has(p)) rank.set(p, i);
  });
  const at = (r: ProcessRow): number => rank.get(r.tgid ?? r.pid) ?? rank.get(r.pid) ?? pids.length;
  return rows.map((r, i) => ({ r, i })).sort((a, b) => at(a.r) - at(b.r) || a.i - b.i).map((x) => x.r);
}

/** The task rows a frame lists: the chosen user's, without idle tasks under -i (running ones always show). */
function visibleRows(rows: ProcessRow[], keep: ((r: ProcessRow) => boolean) | null, hideIdle: boolean): ProcessRow[] {
  let out = keep ? rows.filter(keep) : rows;
  if (hideIdle) out = out.filter((r) => r.state === 'R' || (r.cpuDeltaTicks ?? 0) > 0);
  return out;
}

/**
 * Print frames until -n is reached: one scheduler, one timer, the snapshot collector reading only what the
 * table shows (stat, statm for SHR, the owner uid; cmdline with -c). The first frame's %Cpu(s) is since
 * boot and its task %CPU covers a 0.15 s priming pause, as with top; later frames cover the delay.
 */
export function runTop(fs: ProcFs, o: TopOptions): Promise<void> {
  // One extra listing of /proc (a fraction of a millisecond at 100 processes) decides it before anything runs hot.
  return o.iterations === 1 ? withSmallScanJit(fs.listPids().length, () => runFrames(fs, o)) : runFrames(fs, o);
}

async function runFrames(fs: ProcFs, o: TopOptions): Promise<void> {
  const keep = userFilter(o.user);
  const fields = [...topColumns(o.commandLine).map((c) => c.field), o.sort.field];
  const needs = neededSources<ProcessRow>(fields);
  if (keep) needs.add('uid');
  // -U reads status's four uids, -S stat's children's times: both through the task's files.
  if (o.user?.any || o.cumulative) needs.add('files');
  const collector = new SnapshotCollector(fs, {
    processNeeds: needs, ...(o.pids ? { pids: o.pids } : {}), ...(o.container ? { extensions: [containerMemoryExtension(fs)] } : {}),
  });
  const width = lineWidth(o);
  const digits = pidDigits(fs);
  const threads = o.threads ? new ThreadExpander(fs) : null;
  // top -d 0 refreshes as fast as it can; the scheduler wants a positive interval.
  const scheduler = new Scheduler(collector, { intervalSeconds: Math.max(o.delay, 0.001) });
  let frames = 0;
  // One buffer for every frame's bytes: written out (and copied if it must wait) before the next frame.
  const text = new ByteLines();
  // Like top, take a first reading and wait a moment, so the first frame's task %CPU means something.
  await collector.tick();
  await new Promise((r) => setTimeout(r, PRIME_MS));

  await new Promise<void>((resolve, reject) => {
    scheduler.onError((err) => {
      scheduler.stop();
      reject(err);
    });
    scheduler.onSnapshot((s: Snapshot) => {
      const all = threads ? threads.expand(s.processes) : s.processes;
      // Every field in one literal (no spread of optional parts): a spread in optimised code made a new hidden
      // class each frame, and every function that read the input deoptimised.
      const input: FrameInput = {
        threadCounts: threads ? countTasks(all) : undefined,
        snapshot: s,
        // First frame: since boot, as top shows it; later frames: since the previous frame.
        cpu: frames === 0 || s.cpu === null ? cpuPercent(emptyCpuTimes(), s.stat.total) : s.cpu.total,
        users: countLoggedInUsers(fs),
        rows: visibleRows(o.pids ? inGivenOrder(all, o.pids) : all, keep, o.hideIdle),
        now: nowMs(),
        pidDigits: digits,
        perCpu: o.perCpu ? perCpuUse(s, frames === 0) : undefined,
      };
      if (o.json) outJsonLine(frameJson(input, o));
      else {
        text.reset();
        if (frames > 0) text.byte(10);
        writeFrame(text, input, o, width);
        outBytes(text.view());
      }
      frames++;
      if (frames >= o.iterations) {
        scheduler.stop();
        resolve();
      }
    });
    scheduler.start();
  }).finally(() => collector.close());
}

/**
 * `top -b --at`: frames of recorded snapshots, one per `next()` until it returns null. Each frame's %CPU is
 * that of its recorded interval, and its clock the time the sample was taken.
 */
export function runTopRecorded(fs: ProcFs, o: TopOptions, next: () => Snapshot | null): void {
  const keep = userFilter(o.user);
  const width = lineWidth(o);
  const digits = pidDigits(fs);
  let frames = 0;
  for (let s = next(); s !== null; s = next()) {
    const rows = o.pids ? inGivenOrder(s.processes.filter((r) => o.pids!.includes(r.pid)), o.pids) : s.processes;
    const input: FrameInput = {
      snapshot: s,
      cpu: s.cpu === null ? cpuPercent(emptyCpuTimes(), s.stat.total) : s.cpu.total,
      users: s.users ?? 0,
      rows: visibleRows(rows, keep, o.hideIdle),
      now: s.time,
      pidDigits: digits,
      perCpu: o.perCpu ? perCpuUse(s, s.cpu === null) : undefined,
    };
    if (o.json) outJsonLine(frameJson(input, o));
    else out((frames > 0 ? '\n' : '') + renderFrame(input, o, width));
    frames++;
  }
}
