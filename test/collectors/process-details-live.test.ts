import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProcessDetails } from '../../src/collectors/process-details-collector.js';
import { parseProcPidCgroup } from '../../src/parsers/proc-pid-cgroup.js';
import { ProcFs } from '../../src/source/proc-fs.js';

// Live comparison on this machine: a `sleep` child is quiet, so its memory, maps and descriptors do not
// change between our read and the direct one.
let child: ChildProcess;
let spawnedAt: number;
let tmp: string;
let logFd: number;

function kb(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m) throw new Error(`no ${key} in smaps_rollup`);
  return Number(m[1]) * 1024;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-details-'));
  logFd = fs.openSync(path.join(tmp, 'child log.txt'), 'w');
  spawnedAt = Date.now() / 1000;
  // fd 3 is a file with a space in its name; fd 1 a pipe.
  child = spawn('sleep', ['300'], { stdio: ['ignore', 'pipe', 'ignore', logFd] });
  // Wait until the child has exec'd sleep (before that /proc shows the forked node).
  // Wait until it has exec'd sleep, finished loading (ld.so maps libc while the comm already says sleep) and
  // blocks in nanosleep: state S with the same Rss twice in a row.
  let last = '';
  for (let i = 0; ; i++) {
    if (i > 500) throw new Error('the child did not settle into sleep within 5 s');
    await new Promise((r) => setTimeout(r, 10));
    const comm = fs.readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim();
    const state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    const rss = /^Rss:.*$/m.exec(fs.readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8'))?.[0] ?? '';
    if (comm === 'sleep' && state === 'S' && rss === last) break;
    last = rss;
  }
});

afterAll(() => {
  child.kill('SIGKILL');
  fs.closeSync(logFd);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('readProcessDetails on a live child', () => {
  it('agrees with /proc, ps, wc -l and ls', () => {
    const pid = child.pid!;
    const d = readProcessDetails(new ProcFs('/'), pid);
    expect(d).not.toBeNull();
    if (d === null) return;

    expect(d).toMatchObject({ pid, comm: 'sleep', cmdline: ['sleep', '300'], command: 'sleep 300', ppid: process.pid, threads: 1, kernelThread: false });
    expect(['S', 'R']).toContain(d.state);
    expect(d.uid).toBe(process.getuid!());
    expect(d.user).toBe(os.userInfo().username);
    expect(d.exe).toBe(fs.readlinkSync(`/proc/${pid}/exe`));
    expect(path.basename(d.exe!)).toBe('sleep');
    expect(d.cwd).toBe(fs.realpathSync(process.cwd()));
    expect(d.parentComm).toBe(fs.readFileSync(`/proc/${process.pid}/comm`, 'utf8').replace(/\n$/, ''));

    // Memory: what smaps_rollup says. Rss of a sleeping `sleep` is steady; PSS and USS are not quite: they
    // depend on how many other processes map the same pages (other tests spawn and reap `sleep`s), so those
    // get 128 KiB of slack.
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const near = (a: number | null, b: number, slack: number): void => expect(Math.abs(a! - b), `${a} vs ${b}`).toBeLessThanOrEqual(slack);
    expect(d.memory.source).toBe('smaps_rollup');
    near(d.memory.rss, kb(rollup, 'Rss'), 16 * 1024);
    near(d.memory.pss, kb(rollup, 'Pss'), 128 * 1024);
    near(d.memory.uss, kb(rollup, 'Private_Clean') + kb(rollup, 'Private_Dirty'), 128 * 1024);
    expect(d.memory.pss!).toBeGreaterThan(0);
    expect(d.memory.uss!).toBeLessThanOrEqual(d.memory.pss!);
    expect(d.memory.pss!).toBeLessThanOrEqual(d.memory.rss!);
    expect(d.memory.swap).toBe(kb(rollup, 'Swap'));
    // ps RSS (VmRSS, KiB) is kept by per-CPU counters that may lag: a 10% tolerance.
    const psRss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
    expect(Math.abs(d.memory.rss! - psRss)).toBeLessThanOrEqual(psRss * 0.1);
    const psVsz = Number(execFileSync('ps', ['-o', 'vsz=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
    expect(d.memory.vsize).toBe(psVsz);

    // Maps: as many as `wc -l`, and the first and last lines match.
    const wc = Number(execFileSync('wc', ['-l', `/proc/${pid}/maps`], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
    expect(d.maps!.entries.length + d.maps!.more).toBe(wc);
    const lines = fs.readFileSync(`/proc/${pid}/maps`, 'utf8').trimEnd().split('\n');
    expect(lines[0]!.startsWith(`${d.maps!.entries[0]!.start}-${d.maps!.entries[0]!.end} ${d.maps!.entries[0]!.perms}`)).toBe(true);
    expect(d.maps!.entries.some((e) => e.path === '[stack]')).toBe(true);
    expect(d.maps!.entries.some((e) => e.path.endsWith('/sleep') && e.perms.includes('x'))).toBe(true);

    // Open files: the same descriptors as `ls`, the same targets as readlink.
    const ls = execFileSync('ls', [`/proc/${pid}/fd`], { encoding: 'utf8' }).trim().split(/\s+/).map(Number).sort((a, b) => a - b);
    expect(d.openFiles!.entries.map((f) => f.fd)).toEqual(ls);
    for (const f of d.openFiles!.entries) expect(f.target).toBe(fs.readlinkSync(`/proc/${pid}/fd/${f.fd}`));
    expect(d.openFiles!.entries.find((f) => f.fd === 3)!.target).toBe(path.join(fs.realpathSync(tmp), 'child log.txt'));
    expect(d.openFiles!.entries.find((f) => f.fd === 0)!.target).toBe('/dev/null');

    // Times: started when we spawned it (btime has whole seconds, so allow 2 s), and `ps -o etimes` agrees.
    expect(Math.abs(d.startTime! - spawnedAt)).toBeLessThan(2);
    const etimes = Number(execFileSync('ps', ['-o', 'etimes=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    expect(Math.abs(Date.now() / 1000 - d.startTime! - etimes)).toBeLessThan(2);
    expect(d.utime + d.stime).toBeLessThan(1);

    // Cgroups: what the kernel lists for it.
    expect(d.cgroups).toEqual(parseProcPidCgroup(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8')));
    expect(d.problems).toEqual([]);
  });

  it('reads pid 1 and a kernel thread without throwing', () => {
    const procFs = new ProcFs('/');
    const init = readProcessDetails(procFs, 1);
    expect(init).not.toBeNull();
    expect(init!.ppid).toBe(0);
    const kthreadd = fs.existsSync('/proc/2/stat') && fs.readFileSync('/proc/2/stat', 'utf8').includes('(kthreadd)');
    if (kthreadd) {
      const k = readProcessDetails(procFs, 2)!;
      expect(k.kernelThread).toBe(true);
      expect(k.command).toBe('[kthreadd]');
      expect(k.memory.rss).toBe(0);
    }
  });

  it('reports exactly the files the kernel refuses, for every visible process', () => {
    // Whatever this machine refuses (another user's files when not root; a non-dumpable process's
    // smaps_rollup, maps and fd links even for root) must show as "permission denied", and nothing else may.
    const procFs = new ProcFs('/');
    const attempt = (f: () => unknown): string | null => {
      try {
        f();
        return null;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code ?? 'error';
      }
    };
    let checked = 0;
    for (const pid of procFs.listPids().slice(0, 80)) {
      const d = readProcessDetails(procFs, pid, { fdLimit: 50 });
      if (d === null) continue;
      const smaps = attempt(() => fs.readFileSync(`/proc/${pid}/smaps_rollup`));
      const maps = attempt(() => fs.readFileSync(`/proc/${pid}/maps`));
      const fdDir = attempt(() => fs.readdirSync(`/proc/${pid}/fd`));
      if ([smaps, maps, fdDir].some((c) => c === 'ENOENT' || c === 'ESRCH')) continue; // exited meanwhile
      const denied = (what: string): boolean => d.problems.some((p) => p.what === what && p.reason === 'permission denied');
      expect(denied('PSS/USS (smaps_rollup)'), `pid ${pid} smaps_rollup`).toBe(smaps === 'EACCES' || smaps === 'EPERM');
      expect(d.maps === null, `pid ${pid} maps`).toBe(maps !== null);
      expect(denied('memory maps'), `pid ${pid} maps`).toBe(maps === 'EACCES' || maps === 'EPERM');
      expect(d.openFiles === null, `pid ${pid} fd`).toBe(fdDir !== null);
      for (const f of d.openFiles?.entries ?? []) {
        const link = attempt(() => fs.readlinkSync(`/proc/${pid}/fd/${f.fd}`));
        if (link === 'ENOENT') continue; // closed meanwhile
        expect(f.target === null, `pid ${pid} fd ${f.fd}`).toBe(link !== null);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('returns null once the process has exited', async () => {
    const c = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => c.once('exit', r));
    expect(readProcessDetails(new ProcFs('/'), c.pid!)).toBeNull();
  });

  it('reads the cgroup memory limit this machine sets, if any, like a direct read of the file', () => {
    const d = readProcessDetails(new ProcFs('/'), process.pid)!;
    const cg = parseProcPidCgroup(fs.readFileSync('/proc/self/cgroup', 'utf8'));
    const v1 = cg.find((c) => c.controllers.includes('memory'));
    const v2 = cg.find((c) => c.hierarchy === 0);
    const v2File = v2 && `/sys/fs/cgroup${v2.path === '/' ? '' : v2.path}/memory.max`;
    if (v2File && fs.existsSync('/sys/fs/cgroup/cgroup.controllers') && fs.existsSync(v2File)) {
      const raw = fs.readFileSync(v2File, 'utf8').trim();
      expect(d.limits!.version).toBe(2);
      if (raw !== 'max') expect(d.limits!.memoryMax).toBeLessThanOrEqual(Number(raw));
    } else if (v1 && fs.existsSync(`/sys/fs/cgroup/memory${v1.path}/memory.limit_in_bytes`)) {
      const raw = Number(fs.readFileSync(`/sys/fs/cgroup/memory${v1.path}/memory.limit_in_bytes`, 'utf8').trim());
      expect(d.limits!.version).toBe(1);
      if (raw < 2 ** 62) expect(d.limits!.memoryMax).toBeLessThanOrEqual(raw);
      else expect(d.limits!.memoryMax === null || d.limits!.memoryMax < 2 ** 62).toBe(true);
    } else {
      expect(d.limits === null || d.limits.memoryMax === null || d.limits.memoryMax > 0).toBe(true);
    }
  });
});
