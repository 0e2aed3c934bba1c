import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';

// The history end to end on this machine: record, then the one-shots with --at against what the real tools
// said at that moment, and the history commands (promtool reads the OpenMetrics export).

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-history-cli-'));
const db = path.join(tmp, 'h.db');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** pid -> "ppid rss vsz uid args" from real ps, one process a line. */
function realPs(): Map<number, string> {
  const text = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,vsz=,uid=,args='], { encoding: 'utf8' });
  return parsePs(text);
}

function parsePs(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)$/.exec(line);
    if (f) m.set(Number(f[1]), `${f[2]} ${f[3]} ${f[4]} ${f[5]} ${f[6]!.trim()}`);
  }
  return m;
}

/** Bytes of `free -b`'s Mem: total and used. */
function realFree(): { total: number; used: number } {
  const line = execFileSync('free', ['-b'], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Mem:'))!;
  const f = line.split(/\s+/);
  return { total: Number(f[1]), used: Number(f[2]) };
}

let sampleIso = '';
const before = { ps: new Map<number, string>(), free: { total: 0, used: 0 } };
const after = { ps: new Map<number, string>(), free: { total: 0, used: 0 } };

beforeAll(async () => {
  // The same moment three times: real ps and free, one recorded sample, real ps and free again. A process
  // whose line is the same before and after did not change in between, so the recording must show exactly it.
  // Retry when the machine moved too much (nothing stable to compare).
  for (let attempt = 0; attempt < 3; attempt++) {
    fs.rmSync(db, { force: true });
    before.ps = realPs();
    before.free = realFree();
    const r = await runSysmon(['record', '-n', '1', '--db', db], { timeout: 60_000 });
    expect(r.stderr).toContain('sysmon record: writing');
    expect(r.code).toBe(0);
    after.ps = realPs();
    after.free = realFree();
    const same = [...before.ps].filter(([pid, line]) => after.ps.get(pid) === line);
    if (same.length >= 10) break;
  }
  const info = await runSysmon(['history', 'info', '--json', '--db', db]);
  sampleIso = (JSON.parse(info.stdout) as { last: string }).last;
}, 240_000);

describe('one-shots --at agree with the real tools at that moment', () => {
  it('ps --at: every process that did not change around the sample reads back as ps showed it', async () => {
    const r = await runSysmon(['ps', '-e', '-o', 'pid=,ppid=,rss=,vsz=,uid=,args=', '--at', sampleIso, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // the exact time of a sample: no "nearest earlier" note
    const at = parsePs(r.stdout);
    // A kworker's name carries the work item it runs now ([kworker/0:0-events_power_efficient]): it can be
    // another one at the sample and back by the second ps.
    const stable = [...before.ps].filter(([pid, line]) => after.ps.get(pid) === line && !/^\S+ \S+ \S+ \S+ \[kworker\//.test(line));
    expect(stable.length).toBeGreaterThanOrEqual(10);
    // Command lines with control or non-ASCII bytes are left out: how they print is ps's escaping (sysmon ps
    // prints `?` where procps prints a space, live or recorded alike), not what the history stored.
    const plain = stable.filter(([pid]) => {
      try {
        return !/[\x01-\x1f\x7f-\xff]/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
      } catch {
        return false;
      }
    });
    expect(plain.length).toBeGreaterThanOrEqual(10);
    for (const [pid, line] of plain) expect(at.get(pid), `pid ${pid}`).toBe(line);
  });

  it('ps --at --sort -rss --json: the stored rows, as live --json', async () => {
    const r = await runSysmon(['ps', '--json', '-o', 'pid,rss,comm', '--sort', '-rss', '--at', sampleIso, '--db', db]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { pid: number; rss: number; comm: string }[];
    expect(rows.length).toBeGreaterThan(10);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.rss).toBeGreaterThanOrEqual(rows[i]!.rss);
  });

  it('free --at: total exactly, used between the readings before and after', async () => {
    const r = await runSysmon(['free', '-b', '--at', sampleIso, '--db', db]);
    expect(r.code).toBe(0);
    const f = r.stdout.split('\n').find((l) => l.startsWith('Mem:'))!.split(/\s+/);
    expect(Number(f[1])).toBe(before.free.total);
    const lo = Math.min(before.free.used, after.free.used) - (64 << 20);
    const hi = Math.max(before.free.used, after.free.used) + (64 << 20);
    expect(Number(f[2])).toBeGreaterThanOrEqual(lo);
    expect(Number(f[2])).toBeLessThanOrEqual(hi);
  });

  it('a time between samples uses the nearest earlier one and says which, on stderr', async () => {
    const later = new Date(Date.parse(sampleIso) + 1500).toISOString();
    const r = await runSysmon(['free', '--at', later, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^sysmon: showing the sample of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, the nearest before .* \(1\.5 s earlier\)\n$/);
    const early = await runSysmon(['ps', '--at', new Date(Date.parse(sampleIso) - 60_000).toISOString(), '--db', db]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^sysmon: no sample at or before .*: the history starts at .*\n$/);
  });

  it('top -b --at: a frame of the recorded sample, %CPU of its interval', async () => {
    const r = await runSysmon(['top', '-b', '-n', '5', '--at', sampleIso, '--db', db]);
    expect(r.code).toBe(0);
    // One sample recorded: one frame, however many were asked for.
    expect(r.stdout.match(/^top - /gm)?.length).toBe(1);
    expect(r.stdout).toMatch(/^\s+PID USER\s+PR\s+NI\s+VIRT\s+RES\s+SHR S\s+%CPU\s+%MEM\s+TIME\+ COMMAND$/m);
  });

  it('bad times and missing databases are one line', async () => {
    // A usage error of a drop-in command exits as its tool does: 1 for ps.
    const bad = await runSysmon(['ps', '--at', 'half past never', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('sysmon: cannot read time \'half past never\' (try "10 min ago", 03:00, "yesterday 14:30" or 2026-01-31T03:00)\n');
    // Threads are not recorded: today's /proc/PID/task must not be passed off as the recorded ones.
    for (const opt of ['-L', '-T', '-m', 'H']) {
      const threads = await runSysmon(['ps', opt, '--at', sampleIso, '--db', db]);
      expect([threads.code, threads.stdout], opt).toEqual([1, '']);
      expect(threads.stderr, opt).toMatch(/^sysmon: thread options .* not from a recording or the portable backend\n$/);
    }
    const none = await runSysmon(['free', '--at', 'now', '--db', path.join(tmp, 'nope.db')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`sysmon: no history at ${path.join(tmp, 'nope.db')} (start one with \`sysmon record\`, or pick another with --db)\n`);
  });
});

describe('without the SQLite module', () => {
  it('record, replay, history and --at say what is missing in one line; plain ps does not care', async () => {
    const env = cliEnv({ SYSMON_NO_SQLITE: '1' });
    for (const args of [['record', '--db', db], ['replay', '--db', db], ['history', 'info', '--db', db], ['ps', '--at', 'now', '--db', db], ['top', '-b', '--at', 'now', '--db', db]]) {
      const r = await runSysmon(args, { env });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^sysmon: the history needs the optional module better-sqlite3 12\.11\.1, which is not installed or did not build .*\n$/);
    }
    expect((await runSysmon(['ps', '-p', '1'], { env })).code).toBe(0);
  });
});

describe('history info, export, prune', () => {
  it('info names the database, the samples and the range', async () => {
    const r = await runSysmon(['history', 'info', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`database   ${db}\n`);
    expect(r.stdout).toMatch(/^samples    1, \d+ bytes each on average/m);
    expect(r.stdout).toMatch(/^recorder   none running$/m);
  });

  it('export --format openmetrics is accepted by promtool tsdb create-blocks-from openmetrics', async () => {
    const r = await runSysmon(['history', 'export', '--format', 'openmetrics', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('# EOF\n')).toBe(true);
    const om = path.join(tmp, 'h.om');
    fs.writeFileSync(om, r.stdout);
    const samples = r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const out = execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, path.join(tmp, 'tsdb')], { encoding: 'utf8' });
    // The block summary: one block holding every sample written.
    const row = out.split('\n').find((l) => /^[0-9A-Z]{26}\s/.test(l));
    expect(row, out).toBeDefined();
    expect(row!.split(/\s+/)[5]).toBe(String(samples));
    expect(r.stdout).toMatch(/^node_load1 [\d.]+ \d+\.\d{3}$/m);
    expect(r.stdout).toMatch(/^# TYPE node_cpu_seconds counter$/m);
  });

  it('export ndjson: one snapshot a line with its processes', async () => {
    const r = await runSysmon(['history', 'export', '--db', db]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const s = JSON.parse(lines[0]!) as { time: number; processes: unknown[] };
    expect(new Date(s.time).toISOString()).toBe(sampleIso);
    expect(s.processes.length).toBeGreaterThan(10);
  });

  it('prune deletes what it is told and compacts the file', async () => {
    const copy = path.join(tmp, 'prune.db');
    fs.copyFileSync(db, copy);
    const r = await runSysmon(['history', 'prune', '--before', 'now', '--db', copy]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^deleted 1 samples; /);
    const info = await runSysmon(['history', 'info', '--json', '--db', copy]);
    expect((JSON.parse(info.stdout) as { samples: number }).samples).toBe(0);
    const usage = await runSysmon(['history', 'prune', '--db', copy]);
    expect(usage.code).toBe(2);
  });
});
