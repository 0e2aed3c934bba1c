import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ThreadExpander } from '../../src/collectors/thread-rows.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { proc } from '../tui/snapshot-fixture.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-threads-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function statLine(tid: number, comm: string, state: string, utime: number, stime: number, threads: number): string {
  // Fields 1-41 of /proc/PID/stat; the ones the parser keeps are set, the rest are 0.
  const f = Array<string | number>(52).fill(0);
  f[0] = tid;
  f[1] = `(${comm})`;
  f[2] = state;
  f[3] = 1;
  f[13] = utime;
  f[14] = stime;
  f[17] = 20;
  f[19] = threads;
  f[21] = 500;
  return f.join(' ') + '\n';
}

function writeTask(pid: number, tid: number, text: string): void {
  const dir = path.join(root, 'proc', String(pid), 'task', String(tid));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'stat'), text);
}

describe('thread rows (H)', () => {
  it('expands multi-threaded processes into their threads with per-thread CPU deltas', () => {
    writeTask(100, 100, statLine(100, 'server', 'S', 10, 5, 2));
    writeTask(100, 101, statLine(101, 'worker we) (x', 'R', 40, 0, 2));
    const procFs = new ProcFs(root);
    const ex = new ThreadExpander(procFs);
    const rows = [proc(7, { numThreads: 1, cpuDeltaTicks: 3 }), proc(100, { numThreads: 2, starttime: 500, user: 'bob', cmdline: ['/srv'] })];
    const first = ex.expand(rows);
    expect(first.map((r) => [r.pid, r.comm, r.state, r.cpuDeltaTicks])).toEqual([
      [7, 'proc7', 'S', 3],
      [100, 'server', 'S', null],
      [101, 'worker we) (x', 'R', null],
    ]);
    expect(first[2]!.user).toBe('bob');
    expect(first[2]!.cmdline).toEqual(['/srv']);
    writeTask(100, 101, statLine(101, 'worker we) (x', 'R', 70, 5, 2));
    const second = ex.expand(rows);
    expect(second.map((r) => r.cpuDeltaTicks)).toEqual([3, 0, 35]);
  });
  it('skips a thread that ended between listing and reading', () => {
    const procFs = new ProcFs(root);
    const ex = new ThreadExpander(procFs);
    expect(ex.expand([proc(999, { numThreads: 4 })])).toEqual([]);
  });
});
