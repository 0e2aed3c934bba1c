import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countTasks, LOCKED_REFRESH_TICKS, ProcessCollector, STATM_REFRESH_TICKS } from '../../src/collectors/process-collector.js';
import type { ProcessRow } from '../../src/core/process.js';
import type { Source } from '../../src/fields/registry.js';
import { ProcFs } from '../../src/source/proc-fs.js';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'procs');
const ALL: ReadonlySet<Source> = new Set(['stat', 'status', 'statm', 'cmdline', 'uid', 'rss']);

/** A ProcFs that records which per-process files were read. */
class RecordingProcFs extends ProcFs {
  reads: string[] = [];
  override readPidBytes(pid: number, name: string): number {
    this.reads.push(`${pid}/${name}`);
    return super.readPidBytes(pid, name);
  }
  override readPidBytesOnce(pid: number, name: string): number {
    this.reads.push(`${pid}/${name}`);
    return super.readPidBytesOnce(pid, name);
  }
  override readPidUtf8(pid: number, name: string): string | null {
    this.reads.push(`${pid}/${name}`);
    return super.readPidUtf8(pid, name);
  }
  override readPidBytesKept(pid: number, name: string): number {
    this.reads.push(`${pid}/${name}`);
    return super.readPidBytesKept(pid, name);
  }
  override ownerUid(pid: number): number | null {
    this.reads.push(`${pid}/stat(2)`);
    return super.ownerUid(pid);
  }
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-pc-'));
  fs.cpSync(fixture, tmp, { recursive: true });
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function setStat(pid: number, edit: (fields: string[]) => void): void {
  const file = path.join(tmp, 'proc', String(pid), 'stat');
  const text = fs.readFileSync(file, 'utf8');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).trim().split(' ');
  edit(rest); // rest[0] is field 3
  fs.writeFileSync(file, `${text.slice(0, close + 1)} ${rest.join(' ')}\n`);
}

describe('ProcessCollector on the fixture', () => {
  it('reads every process, skips the one whose stat vanished, in pid order', () => {
    const rows = new ProcessCollector(new ProcFs(fixture)).collect({ needs: ALL });
    expect(rows.map((r) => r.pid)).toEqual([1, 2, 15, 100, 120, 130, 140, 145]);
    const weird = rows.find((r) => r.pid === 120)!;
    expect(weird).toMatchObject({ comm: 'we ird) (x', state: 'R', uid: 1000, user: 'alice', numThreads: 3 });
    expect(weird.cmdline).toEqual(['./we ird', '--flag=(x)']);
    expect(weird.cpuDeltaTicks).toBeNull();
    const kthread = rows.find((r) => r.pid === 2)!;
    expect(kthread.cmdline).toEqual([]);
    expect(kthread.vmLck).toBeNull();
    expect(rows.find((r) => r.pid === 140)!.vmLck).toBe(64 * 1024);
    expect(rows.find((r) => r.pid === 140)!.user).toBe('averyverylongname');
    expect(rows.find((r) => r.pid === 1)!.sharedPages).toBe(2250);
  });

  it('reads only what the fields need', () => {
    const procFs = new RecordingProcFs(fixture);
    new ProcessCollector(procFs).collect({ needs: new Set<Source>(['stat']) });
    expect(procFs.reads.every((r) => r.endsWith('/stat'))).toBe(true);
    procFs.reads = [];
    new ProcessCollector(procFs).collect({ needs: new Set<Source>(['stat', 'rss']) });
    expect(new Set(procFs.reads.map((r) => r.split('/')[1]))).toEqual(new Set(['stat', 'statm']));
  });

  it('reads cmdline and the uid once per process, then only the per-tick files', () => {
    const procFs = new RecordingProcFs(tmp);
    const c = new ProcessCollector(procFs);
    const needs = new Set<Source>(['stat', 'uid', 'cmdline', 'statm']);
    c.collect({ needs });
    procFs.reads = [];
    const rows = c.collect({ needs });
    // Nothing moved: stat for everyone, statm only on a process's staggered refresh turn.
    const files = new Set(procFs.reads.map((r) => r.split('/')[1]));
    expect([...files].filter((f) => f !== 'statm')).toEqual(['stat']);
    expect(rows.find((r) => r.pid === 100)!.cmdline).toEqual(['-bash']);
    expect(rows.find((r) => r.pid === 100)!.user).toBe('alice');
  });

  it('reads statm again only when stat moved, or on the process\'s refresh turn, and keeps its numbers', () => {
    const procFs = new RecordingProcFs(tmp);
    const c = new ProcessCollector(procFs);
    const needs = new Set<Source>(['stat', 'statm']);
    const statmOf = (): number[] =>
      procFs.reads.filter((r) => r.endsWith('/statm')).map((r) => Number(r.split('/')[0]));
    const first = c.collect({ needs });
    const shared100 = first.find((r) => r.pid === 100)!.sharedPages;
    expect(shared100).not.toBeNull();
    let turns = 0;
    for (let tick = 2; tick <= STATM_REFRESH_TICKS + 1; tick++) {
      procFs.reads = [];
      const rows = c.collect({ needs });
      // Unchanged processes keep the numbers statm gave.
      expect(rows.find((r) => r.pid === 100)!.sharedPages).toBe(shared100);
      if (statmOf().includes(100)) turns++;
    }
    expect(turns).toBe(1); // once in STATM_REFRESH_TICKS ticks
    // A process whose stat moved (it ran) has statm read on the next tick, and its new numbers show.
    setStat(120, (f) => {
      f[11] = String(Number(f[11]) + 5); // utime, field 14
    });
    const statm = path.join(tmp, 'proc', '120', 'statm');
    const parts = fs.readFileSync(statm, 'utf8').trim().split(' ');
    parts[1] = String(Number(parts[1]) + 7); // resident pages
    fs.writeFileSync(statm, `${parts.join(' ')}\n`);
    procFs.reads = [];
    const rows = c.collect({ needs });
    expect(statmOf()).toContain(120);
    expect(rows.find((r) => r.pid === 120)!.rssPages).toBe(Number(parts[1]));
  });

  it("'locked' (STAT's L): VmLck from status on first sight; a refresh re-reads it only when memory moved or on the refresh turn", () => {
    const procFs = new RecordingProcFs(tmp);
    const c = new ProcessCollector(procFs);
    const needs = new Set<Source>(['stat', 'statm', 'locked']);
    const statusOf = (): number[] => procFs.reads.filter((r) => r.endsWith('/status')).map((r) => Number(r.split('/')[0]));
    const first = c.collect({ needs });
    expect(first.find((r) => r.pid === 140)!.vmLck).toBe(64 * 1024);
    expect(first.find((r) => r.pid === 120)!.vmLck).toBe(0);
    expect(statusOf()).toContain(140);
    // Nothing moved: the VmLck read first shows on every tick, status is read once in LOCKED_REFRESH_TICKS.
    let turns = 0;
    for (let tick = 2; tick <= LOCKED_REFRESH_TICKS + 1; tick++) {
      procFs.reads = [];
      const rows = c.collect({ needs });
      expect(rows.find((r) => r.pid === 140)!.vmLck).toBe(64 * 1024);
      if (statusOf().includes(140)) turns++;
    }
    expect(turns).toBe(1);
    // A process that only used CPU: not read again (a CPU-bound process would cost a status read a tick).
    setStat(130, (f) => {
      f[11] = String(Number(f[11]) + 5); // utime, field 14
    });
    procFs.reads = [];
    c.collect({ needs });
    expect(statusOf()).not.toContain(130);
    // A process that locked memory (mlock faults its pages in): read on the next tick.
    const status = path.join(tmp, 'proc', '120', 'status');
    fs.writeFileSync(status, fs.readFileSync(status, 'utf8').replace(/^VmLck:.*$/m, 'VmLck:\t      12 kB'));
    setStat(120, (f) => {
      f[7] = String(Number(f[7]) + 3); // minflt, field 10
    });
    procFs.reads = [];
    expect(c.collect({ needs }).find((r) => r.pid === 120)!.vmLck).toBe(12 * 1024);
    expect(statusOf()).toContain(120);
  });

  it("a single scan with 'locked' reads status once per process and takes the exact RSS from it (no statm)", () => {
    const procFs = new RecordingProcFs(tmp);
    const rows = new ProcessCollector(procFs).collect({ needs: new Set<Source>(['stat', 'rss', 'locked']), oneShot: true });
    expect(rows.find((r) => r.pid === 140)!.vmLck).toBe(64 * 1024);
    const files = procFs.reads.map((r) => r.split('/')[1]);
    expect(new Set(files)).toEqual(new Set(['stat', 'status']));
    expect(files.filter((f) => f === 'status').length).toBe(rows.length);
  });

  it('reuseIdle: a single-threaded process whose schedstat did not move keeps its row, without a stat read', () => {
    for (const pid of [100, 130]) fs.writeFileSync(path.join(tmp, 'proc', String(pid), 'schedstat'), '5000000 100 42\n');
    const procFs = new RecordingProcFs(tmp);
    const c = new ProcessCollector(procFs);
    const needs = new Set<Source>(['stat', 'statm', 'uid', 'cmdline', 'locked']);
    const statOf = (): number[] => procFs.reads.filter((r) => r.endsWith('/stat')).map((r) => Number(r.split('/')[0]));
    const first = c.collect({ needs, reuseIdle: true }); // no previous row: read
    c.collect({ needs, reuseIdle: true }); // schedstat read for the first time: read
    let reused = 0;
    let refreshed = 0;
    for (let tick = 3; tick < 3 + STATM_REFRESH_TICKS; tick++) {
      procFs.reads = [];
      const rows = c.collect({ needs, reuseIdle: true });
      const bash = rows.find((r) => r.pid === 100)!;
      expect({ ...bash, cpuDeltaTicks: null }).toEqual({ ...first.find((r) => r.pid === 100)!, cpuDeltaTicks: null });
      expect(bash.cpuDeltaTicks).toBe(0);
      if (statOf().includes(100)) refreshed++;
      else reused++;
      // 120 has 3 threads: schedstat is its main thread's only, so it is always read in full.
      expect(statOf()).toContain(120);
    }
    expect(refreshed).toBe(1); // its staggered refresh turn
    expect(reused).toBe(STATM_REFRESH_TICKS - 1);
    // It ran: schedstat moved, stat is read and its change shows.
    fs.writeFileSync(path.join(tmp, 'proc', '100', 'schedstat'), '5100000 100 43\n');
    setStat(100, (f) => {
      f[11] = String(Number(f[11]) + 4); // utime, field 14
    });
    procFs.reads = [];
    const after = c.collect({ needs, reuseIdle: true }).find((r) => r.pid === 100)!;
    expect(statOf()).toContain(100);
    expect(after.cpuDeltaTicks).toBe(4);
    // Without the option (the dashboard, top), every process is read on every tick.
    procFs.reads = [];
    c.collect({ needs });
    expect(statOf()).toContain(130);
    expect(procFs.reads.some((r) => r.endsWith('/schedstat'))).toBe(false);
  });

  it('a refresh hands back the previous row object of a process whose stat did not change by a byte', () => {
    const procFs = new RecordingProcFs(tmp);
    const c = new ProcessCollector(procFs);
    const needs = new Set<Source>(['stat', 'statm', 'uid', 'cmdline']);
    const byPid = (rows: readonly ProcessRow[]) => new Map(rows.map((r) => [r.pid, r]));
    const r1 = byPid(c.collect({ needs }));
    const r2 = byPid(c.collect({ needs }));
    // The first refresh after the first scan: deltas go from unknown to 0, so the rows are new once.
    for (const [pid, row] of r2) {
      expect(row, `pid ${pid}`).not.toBe(r1.get(pid));
      expect({ ...row, cpuDeltaTicks: null }).toEqual({ ...r1.get(pid)!, cpuDeltaTicks: null });
    }
    let kept = 0;
    let turns = 0;
    let prev = r2;
    for (let tick = 3; tick < 3 + STATM_REFRESH_TICKS; tick++) {
      procFs.reads = [];
      const rows = byPid(c.collect({ needs }));
      const bash = rows.get(100)!;
      // stat is read every tick; a process on its statm turn is read in full again.
      expect(procFs.reads).toContain('100/stat');
      if (procFs.reads.includes('100/statm')) turns++;
      else {
        expect(bash).toBe(prev.get(100));
        kept++;
      }
      expect(bash.cpuDeltaTicks).toBe(0);
      expect({ ...bash, cpuDeltaTicks: null }).toEqual({ ...r1.get(100)!, cpuDeltaTicks: null });
      prev = rows;
    }
    expect(turns).toBe(1);
    expect(kept).toBe(STATM_REFRESH_TICKS - 1);
    // It ran: a new row with the CPU it used, and on the next tick, idle again, a row whose delta is 0.
    setStat(100, (f) => {
      f[11] = String(Number(f[11]) + 4); // utime, field 14
    });
    const ran = c.collect({ needs }).find((r) => r.pid === 100)!;
    expect(ran).not.toBe(prev.get(100));
    expect(ran.cpuDeltaTicks).toBe(4);
    const idle = c.collect({ needs }).find((r) => r.pid === 100)!;
    expect(idle.cpuDeltaTicks).toBe(0);
    expect(idle.utime).toBe(ran.utime);
    // A column that reads more (faults) makes every row anew on the tick it appears.
    const more = new Set<Source>([...needs, 'faults']);
    const before = byPid(c.collect({ needs }));
    const after = byPid(c.collect({ needs: more }));
    for (const [pid, row] of after) expect(row, `pid ${pid}`).not.toBe(before.get(pid));
    expect(after.get(100)!.minfltDelta).toBeNull(); // no earlier count to subtract
    expect(c.collect({ needs: more }).find((r) => r.pid === 100)!.minfltDelta).toBe(0);
    // status read every tick (a status column): no row is handed back.
    const withStatus = new Set<Source>([...needs, 'status']);
    const s1 = byPid(c.collect({ needs: withStatus }));
    const s2 = byPid(c.collect({ needs: withStatus }));
    for (const [pid, row] of s2) expect(row, `pid ${pid}`).not.toBe(s1.get(pid));
  });

  it('cpuDeltaTicks is the CPU used since the previous collect of the same process', () => {
    const c = new ProcessCollector(new ProcFs(tmp));
    const needs = new Set<Source>(['stat']);
    c.collect({ needs });
    setStat(120, (f) => {
      f[11] = String(Number(f[11]) + 150); // utime, field 14
      f[12] = String(Number(f[12]) + 50); // stime, field 15
    });
    const rows = c.collect({ needs });
    expect(rows.find((r) => r.pid === 120)!.cpuDeltaTicks).toBe(200);
    expect(rows.find((r) => r.pid === 100)!.cpuDeltaTicks).toBe(0);
  });

  it('a reused pid (new starttime) starts over: no delta, static facts read again', () => {
    const c = new ProcessCollector(new ProcFs(tmp));
    const needs = new Set<Source>(['stat', 'cmdline']);
    c.collect({ needs });
    setStat(100, (f) => {
      f[19] = String(Number(f[19]) + 500); // starttime, field 22
    });
    fs.writeFileSync(path.join(tmp, 'proc', '100', 'cmdline'), 'vim\0notes.txt\0');
    const row = c.collect({ needs }).find((r) => r.pid === 100)!;
    expect(row.cpuDeltaTicks).toBeNull();
    expect(row.cmdline).toEqual(['vim', 'notes.txt']);
  });

  it('an exec (same pid and starttime, new comm) reads the command line again', () => {
    const c = new ProcessCollector(new ProcFs(tmp));
    const needs = new Set<Source>(['stat', 'cmdline']);
    c.collect({ needs });
    const file = path.join(tmp, 'proc', '100', 'stat');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('(bash)', '(python3)'));
    fs.writeFileSync(path.join(tmp, 'proc', '100', 'cmdline'), 'python3\0-q\0');
    const row = c.collect({ needs }).find((r) => r.pid === 100)!;
    expect(row.cmdline).toEqual(['python3', '-q']);
    expect(row.cpuDeltaTicks).toBe(0);
  });

  it('a process that exits between ticks disappears; unreadable extras leave the row in place', () => {
    const c = new ProcessCollector(new ProcFs(tmp));
    c.collect({ needs: ALL });
    fs.rmSync(path.join(tmp, 'proc', '130'), { recursive: true });
    fs.rmSync(path.join(tmp, 'proc', '140', 'statm'));
    const rows = c.collect({ needs: ALL });
    expect(rows.map((r) => r.pid)).not.toContain(130);
    expect(rows.find((r) => r.pid === 140)).toBeDefined();
  });

  it('hidden status (hidepid, security modules): the owner of /proc/PID stands in, nothing fails', () => {
    fs.rmSync(path.join(tmp, 'proc', '100', 'status'));
    fs.rmSync(path.join(tmp, 'proc', '100', 'cmdline'));
    const rows = new ProcessCollector(new ProcFs(tmp)).collect({ needs: ALL });
    const bash = rows.find((r) => r.pid === 100)!;
    expect(bash.uid).toBe(fs.statSync(path.join(tmp, 'proc', '100')).uid);
    expect(bash.vmLck).toBeNull();
    expect(bash.cmdline).toEqual([]);
    expect(rows).toHaveLength(8);
  });

  it('-p reads only the pids asked for, and quietly drops missing ones', () => {
    const procFs = new RecordingProcFs(fixture);
    const rows = new ProcessCollector(procFs).collect({ needs: new Set<Source>(['stat']), pids: [120, 1, 99999] });
    expect(rows.map((r) => r.pid)).toEqual([1, 120]);
    expect(procFs.reads).toEqual(['1/stat', '120/stat', '99999/stat']);
  });

  it('keeps stat and statm open between scans and lets go of processes that went away', () => {
    const procFs = new ProcFs(tmp);
    const c = new ProcessCollector(procFs);
    const needs = new Set<Source>(['stat', 'statm']);
    c.collect({ needs });
    expect([...procFs.keptPids()].sort((a, b) => a - b)).toEqual([1, 2, 15, 100, 120, 130, 140, 145]);
    fs.rmSync(path.join(tmp, 'proc', '130'), { recursive: true });
    c.collect({ needs });
    expect([...procFs.keptPids()]).not.toContain(130);
    c.close();
    expect([...procFs.keptPids()]).toEqual([]);
  });

  it('falls back to open/read/close when it may not keep more files', () => {
    const procFs = new ProcFs(tmp);
    procFs.maxKept = 2;
    const rows = new ProcessCollector(procFs).collect({ needs: new Set<Source>(['stat', 'statm']) });
    expect(rows).toHaveLength(8);
    expect([...procFs.keptPids()]).toHaveLength(1);
  });

  it('a one-shot scan reads the same rows and keeps nothing open', () => {
    const procFs = new ProcFs(fixture);
    const oneShot = new ProcessCollector(procFs).collect({ needs: ALL, oneShot: true });
    expect([...procFs.keptPids()]).toEqual([]);
    const refresh = new ProcessCollector(new ProcFs(fixture)).collect({ needs: ALL });
    expect(oneShot).toEqual(refresh);
  });

  it('a root without /proc gives no rows and no error', () => {
    expect(new ProcessCollector(new ProcFs(path.join(tmp, 'nowhere'))).collect({ needs: ALL })).toEqual([]);
  });
});

describe('countTasks', () => {
  it('groups states as top does', () => {
    const rows = new ProcessCollector(new ProcFs(fixture)).collect({ needs: new Set<Source>(['stat']) });
    expect(countTasks(rows)).toEqual({ total: 8, running: 1, sleeping: 6, stopped: 0, zombie: 1 });
    const states = ['R', 'S', 'D', 'I', 'T', 't', 'Z', 'X'].map((state) => ({ ...rows[0]!, state }));
    expect(countTasks(states)).toEqual({ total: 8, running: 1, sleeping: 4, stopped: 2, zombie: 1 });
  });
});
