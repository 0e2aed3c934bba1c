import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSysmon } from '../helpers/sysmon-cli.js';
import { hasProcps, startZoo, type Zoo } from './ps-zoo.js';

// ps STAT from a recording: processes with every STAT flag (a niced one, a negative nice, threads, a session
// leader, one in the foreground of a pty, one with locked pages, stopped, zombie) are recorded over a few
// samples, and `ps --at` of the last sample must print STAT as procps ps printed it just before and after.
// The last sample is not a process's first sight, so what is kept between status reads is what is checked.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-history-stat-'));
const db = path.join(tmp, 'h.db');
let zoo: Zoo | null = null;
let locked: ChildProcess | null = null;
const PY_LOCKED =
  'import ctypes,mmap,time\n' +
  'libc=ctypes.CDLL(None,use_errno=True); buf=mmap.mmap(-1,4096)\n' +
  'a=ctypes.addressof(ctypes.c_char.from_buffer(buf)); r=libc.mlock(ctypes.c_void_p(a),ctypes.c_size_t(4096))\n' +
  'print(r,flush=True); time.sleep(100000)\n';

/** pid -> STAT from procps ps. */
function realStat(): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,stat='], { encoding: 'utf8' }).split('\n')) {
    const f = /^\s*(\d+)\s+(\S+)\s*$/.exec(line);
    if (f) m.set(Number(f[1]), f[2]!);
  }
  return m;
}

let before = new Map<number, string>();
let after = new Map<number, string>();
let at = new Map<number, string>();
let lastIso = '';
let firstIso = '';

beforeAll(async () => {
  if (!hasProcps) return;
  zoo = await startZoo();
  locked = spawn('python3', ['-c', PY_LOCKED], { stdio: ['ignore', 'pipe', 'ignore'] });
  const said = await new Promise<string>((resolve) => locked!.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  expect(said).toBe('0'); // mlock of one page is within every default RLIMIT_MEMLOCK
  before = realStat();
  const r = await runSysmon(['record', '-n', '3', '-d', '0.5', '--db', db], { timeout: 90_000 });
  expect(r.code, r.stderr).toBe(0);
  after = realStat();
  const info = JSON.parse((await runSysmon(['history', 'info', '--json', '--db', db])).stdout) as { first: string; last: string; samples: number };
  expect(info.samples).toBe(3);
  [firstIso, lastIso] = [info.first, info.last];
  const ps = await runSysmon(['ps', '-e', '-o', 'pid=,stat=', '--at', lastIso, '--db', db]);
  expect(ps.code, ps.stderr).toBe(0);
  for (const line of ps.stdout.split('\n')) {
    const f = /^\s*(\d+)\s+(\S+)\s*$/.exec(line);
    if (f) at.set(Number(f[1]), f[2]!);
  }
}, 240_000);

afterAll(() => {
  zoo?.stop();
  locked?.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!hasProcps)('ps --at prints STAT as procps ps did', () => {
  it('the zoo and a process with locked pages: the whole STAT', () => {
    const pids = [...zoo!.pids, locked!.pid!];
    expect(before.get(locked!.pid!)).toMatch(/^SL/);
    for (const pid of pids) {
      const label = zoo!.what.get(pid) ?? 'locked pages';
      expect(before.get(pid), label).toBe(after.get(pid)); // they sleep: nothing moves
      expect(at.get(pid), `${label} (${pid})`).toBe(before.get(pid));
    }
    const flags = new Set(pids.flatMap((p) => [...(at.get(p) ?? '')]));
    for (const c of 'SZTLNs<l+') expect(flags, c).toContain(c);
  });

  it('every process whose STAT held still: the same flags < N L s', () => {
    const keep = (s: string): string => [...s.slice(1)].filter((c) => '<NLs'.includes(c)).join('');
    const stable = [...before].filter(([pid, s]) => after.get(pid) === s && at.has(pid));
    expect(stable.length).toBeGreaterThan(20);
    for (const [pid, s] of stable) expect(keep(at.get(pid)!), `pid ${pid} ${s}`).toBe(keep(s));
  });
});

describe.skipIf(!hasProcps)('free --at -s/-c', () => {
  it('prints successive recorded blocks, as free -s/-c would have, and stops with the history', async () => {
    const total = execFileSync('free', ['-b'], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Mem:'))!.split(/\s+/)[1];
    const r = await runSysmon(['free', '-b', '-s', '0.01', '-c', '5', '--at', firstIso, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const blocks = r.stdout.split('\n\n');
    expect(blocks.length).toBe(3); // three samples recorded, each once
    for (const b of blocks) {
      expect(b.split('\n')[0]).toMatch(/^\s+total\s+used\s+free\s+shared\s+buff\/cache\s+available$/);
      expect(b.split('\n').find((l) => l.startsWith('Mem:'))!.split(/\s+/)[1]).toBe(total);
    }
    expect(r.stdout.endsWith('\n\n')).toBe(false);
    const json = await runSysmon(['free', '--json', '-c', '2', '-s', '0.01', '--at', firstIso, '--db', db]);
    expect(json.stdout.trim().split('\n').map((l) => typeof JSON.parse(l))).toEqual(['object', 'object']);
  });
});
