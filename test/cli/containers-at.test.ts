import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';
import { HistoryWriter } from '../../src/store/history/writer.js';
import { proc, snapshot } from '../tui/snapshot-fixture.js';
import { stateFiles, v2SystemdCgroups, writeCgroupFixture } from '../helpers/cgroup-fixture.js';

// `sysmon containers --at`: a recording on a generated cgroup tree (--root) prints the containers and pods as
// `sysmon containers` printed them live; -s/-c step through the recorded samples. The fixture's counters hold
// still, so live and recorded agree exactly once both have a previous sample (CPU% 0.0).
let root: string;
let tmp: string;
let db: string;
let times: string[] = [];
const env = (): NodeJS.ProcessEnv => {
  const e = cliEnv({ TZ: 'UTC' });
  delete e.COLUMNS;
  delete e.SYSMON_ROOT;
  return e;
};
const sysmon = (args: string[]) => runSysmon(args, { env: env(), timeout: 60_000 });
const COLS = ['-o', 'name,kind,runtime,pod,namespace,cpu,cpus,mem,limit,mem%,pids,read,write,procs,command', '--sort', 'kind,name'];

beforeAll(async () => {
  root = writeCgroupFixture(2, v2SystemdCgroups(), stateFiles());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-containers-at-'));
  db = path.join(tmp, 'h.db');
  const r = await sysmon(['--root', root, 'record', '-n', '3', '-d', '0.2', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  const ex = await sysmon(['history', 'export', '--db', db]);
  times = ex.stdout.trim().split('\n').map((l) => new Date((JSON.parse(l) as { time: number }).time).toISOString());
  expect(times.length).toBe(3);
}, 120_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('sysmon containers --at', () => {
  it('prints the recorded containers and pods as live containers prints them', async () => {
    const live = await sysmon(['--root', root, 'containers', '-d', '0.1', ...COLS]);
    expect(live.code).toBe(0);
    const at = await sysmon(['containers', '--at', times[1]!, '--db', db, ...COLS]);
    expect(at.stderr).toBe('');
    expect(at.code).toBe(0);
    expect(at.stdout).toBe(live.stdout);
    expect(at.stdout.split('\n').length).toBeGreaterThan(5);
    // The first recorded sample has no previous one: no CPU% yet, as a stream's first sample.
    const first = await sysmon(['containers', '--at', times[0]!, '--db', db, '-o', 'name,cpu', '--sort', 'name']);
    expect(first.stdout.split('\n')[1]).toMatch(/^\S+ +-$/);
  });

  it('--json: the same document as live, the recorded time', async () => {
    const live = JSON.parse((await sysmon(['--root', root, 'containers', '-d', '0.1', '--json', ...COLS])).stdout) as Record<string, unknown>;
    const at = JSON.parse((await sysmon(['containers', '--json', '--at', times[2]!, '--db', db, ...COLS])).stdout) as Record<string, unknown>;
    expect(at.containers).toEqual(live.containers);
    expect(at.cgroupVersion).toBe(2);
    expect(Math.abs(Date.parse(at.time as string) - Date.parse(times[2]!))).toBeLessThan(1000);
  });

  it('-c N prints N successive recorded samples (NDJSON with --json), stopping where the history does', async () => {
    const two = await sysmon(['containers', '--at', times[0]!, '--db', db, '-c', '2', '-o', 'name', '--sort', 'name']);
    expect(two.code).toBe(0);
    const blocks = two.stdout.split('\n\n');
    expect(blocks.length).toBe(2);
    expect(blocks[0]).toBe(blocks[1]!.trimEnd());
    // -s finer than the recording: every recorded sample once, in order.
    const all = await sysmon(['containers', '--at', times[0]!, '--db', db, '-s', '0.05', '-c', '9', '--json', '-o', 'name']);
    const lines = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { time: string });
    expect(lines.length).toBe(3);
    // -c alone steps a second, as live: the k-th block is the newest sample at or before first + k s, or the
    // next one when that was shown already (samples ~0.2 s apart: the first, then the newest within 1 s).
    const ms = times.map((t) => Date.parse(t));
    const want: number[] = [0];
    for (let k = 1; want.length < 9; k++) {
      let i = -1;
      ms.forEach((t, j) => void (t <= ms[0]! + k * 1000 && (i = j)));
      if (i <= want.at(-1)!) i = want.at(-1)! + 1;
      if (i >= ms.length) break;
      want.push(i);
    }
    const second = await sysmon(['containers', '--at', times[0]!, '--db', db, '-c', '9', '--json', '-o', 'name']);
    expect(second.stdout.trim().split('\n').length).toBe(want.length);
  });

  it('usage: --db without --at, --all with --at (exit 2); a sample recorded without containers (exit 1)', async () => {
    const noAt = await sysmon(['containers', '--db', db]);
    expect([noAt.code, noAt.stderr]).toEqual([2, 'sysmon: containers: --db needs --at TIME\n']);
    const all = await sysmon(['containers', '--all', '--at', times[0]!, '--db', db]);
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/^sysmon: containers: --all is not recorded/);
    // A history written before containers were recorded.
    const old = path.join(tmp, 'old.db');
    const w = HistoryWriter.open(old, { retainMs: null, maxBytes: null });
    const snap = snapshot([proc(1)], { time: Date.parse(times[0]!) });
    w.write(snap);
    w.close();
    const none = await sysmon(['containers', '--at', times[0]!, '--db', old]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^sysmon: containers: the sample of .* has no containers \(recorded by a sysmon that did not record them\)\n$/);
  });
});
