import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCgroupFixture } from '../helpers/cgroup-fixture.js';
import { haveTmux, TmuxSession } from './tmux-harness.js';

if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

// The dashboard "inside a container", end to end on a fixture root (no root needed): /proc/self/cgroup puts
// sysmon in a v1 cgroup with a half-CPU quota and a 256 MiB limit; the test advances the cgroup's cpuacct.usage
// as a busy cgroup would, and reads the header, the CPU and memory meters, C and --host off the screen.

const MiB = 1024 * 1024;
const roots: string[] = [];
const sessions: TmuxSession[] = [];
const timers: NodeJS.Timeout[] = [];
afterAll(() => {
  for (const t of timers) clearInterval(t);
  for (const s of sessions) s.kill();
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function fixture(self: string, version: 1 | 2 = 1): string {
  // The root cgroup has its (unlimited) limit files, as on a real machine.
  const root = writeCgroupFixture(version, [{ path: '/' }, {
    path: '/box', cpuMax: [50000, 100000], memMax: 256 * MiB, memCurrent: 64 * MiB, cpuUsageUsec: 1000,
    procs: [{ pid: 4242, comm: 'busy', args: ['busy'] }],
  }], { '/proc/self/cgroup': self });
  roots.push(root);
  return root;
}

/**
 * Charge the cgroup `cpus` CPUs of time, written every 50 ms against the wall clock (as the kernel would): v1
 * cpuacct.usage in nanoseconds, v2 cpu.stat's usage_usec (three quarters user, a quarter system).
 */
function burn(root: string, cpus: number, version: 1 | 2 = 1): void {
  const file = path.join(root, version === 1 ? 'sys/fs/cgroup/cpuacct/box/cpuacct.usage' : 'sys/fs/cgroup/box/cpu.stat');
  const start = process.hrtime.bigint();
  const base = 1_000_000;
  const write = (): void => {
    const ns = Math.round(base + Number(process.hrtime.bigint() - start) * cpus);
    const us = Math.round(ns / 1000);
    const text = version === 1 ? `${ns}\n`
      : `usage_usec ${us}\nuser_usec ${Math.round(us * 0.75)}\nsystem_usec ${us - Math.round(us * 0.75)}\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n`;
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  };
  write();
  timers.push(setInterval(write, 50));
}

function start(root: string, args: string[]): TmuxSession {
  const s = new TmuxSession({ width: 120, height: 30, env: { SYSMON_ROOT: root }, args: ['-d', '1', ...args] });
  sessions.push(s);
  s.start();
  return s;
}

const cpuLine = (screen: string): string => screen.split('\n').find((l) => l.startsWith('CPU['))!;

/** The screen once the CPU meter reads 0.2 CPUs of a 0.5-CPU quota: 40 %, give or take a loaded machine's jitter. */
const nearFortyOfHalf = (s: { waitFor: (test: (screen: string) => boolean, ms: number, what: string) => Promise<string> }): Promise<string> =>
  s.waitFor((x) => {
    const m = /(\d+\.\d)% of 0\.5 CPUs\]/.exec(cpuLine(x) ?? '');
    return m !== null && Math.abs(Number(m[1]) - 40) < 10;
  }, 20_000, 'the CPU meter near 40 % of 0.5 CPUs');

describe('dashboard inside a limited cgroup (tmux, fixture root)', () => {
  it('v2: the share of cpu.max from cpu.stat, memory of memory.max', async () => {
    const root = fixture('0::/box\n', 2);
    burn(root, 0.2, 2);
    const s = start(root, []);
    const screen = await nearFortyOfHalf(s);
    expect(screen.split('\n')[0]).toMatch(/ {2}container: 0\.5 CPUs, 256\.0 MiB$/);
    expect(screen).toMatch(/Mem\[.*\/256M\]/);
    s.keys(['q'], true);
    expect(await s.exitStatus()).toBe(0);
    expect(s.stderr()).toBe('');
  }, 60_000);

  it('v1: header names the limits; CPU is the share of 0.5 CPUs, memory of 256M; C switches both to the host and back', async () => {
    const root = fixture('11:cpu:/box\n10:cpuacct:/box\n9:memory:/box\n0::/\n');
    burn(root, 0.2);
    const s = start(root, []);
    // 0.2 CPUs of a 0.5-CPU quota: 40 %, give or take the ticks' jitter on a loaded machine.
    const screen = await nearFortyOfHalf(s);
    expect(screen.split('\n')[0]).toMatch(/ {2}container: 0\.5 CPUs, 256\.0 MiB$/);
    expect(screen).toMatch(/Mem\[.*\/256M\]/);
    expect(screen).toMatch(/CPU history \d+\.\d% of 0\.5 CPUs/);

    s.keys(['C'], true);
    const host = await s.waitFor((x) => /256\.0 MiB \(host totals\)/.test(x) && !cpuLine(x).includes('CPUs'), 10_000, 'host totals');
    expect(host).toContain("host totals (C: the container's limits)");
    expect(host).not.toMatch(/Mem\[.*\/256M\]/);
    expect(host).not.toMatch(/CPU history .* of /);

    s.keys(['C'], true);
    await s.waitFor((x) => /of 0\.5 CPUs\]/.test(cpuLine(x)) && /Mem\[.*\/256M\]/.test(x), 10_000, 'the limits again');
    s.keys(['q'], true);
    expect(await s.exitStatus()).toBe(0);
    expect(s.stderr()).toBe('');
  }, 60_000);

  it('--host starts on the host totals', async () => {
    const s = start(fixture('11:cpu:/box\n10:cpuacct:/box\n9:memory:/box\n0::/\n'), ['--host']);
    const screen = await s.waitFor((x) => /\(host totals\)/.test(x) && /^CPU\[.*%\]/m.test(x), 20_000, 'the header');
    expect(cpuLine(screen)).not.toContain('CPUs');
    s.keys(['q'], true);
    expect(await s.exitStatus()).toBe(0);
  }, 60_000);

  it('cpuacct elsewhere than the cpu cgroup: the limit in the header, the host\'s CPU line, and a word why', async () => {
    const s = start(fixture('11:cpu:/box\n10:cpuacct:/\n9:memory:/box\n0::/\n'), []);
    const screen = await s.waitFor((x) => /container: 0\.5 CPUs, 256\.0 MiB/.test(x) && /cpuacct cgroup/.test(x), 20_000, 'the note');
    expect(cpuLine(screen)).not.toContain('CPUs');
    expect(screen).toMatch(/Mem\[.*\/256M\]/);
    s.keys(['q'], true);
    expect(await s.exitStatus()).toBe(0);
  }, 60_000);
});
