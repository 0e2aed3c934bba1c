import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerMemInfo, containerNote } from '../../src/core/container.js';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';
import { haveTmux, TmuxSession } from '../tui/tmux-harness.js';

// sysmon inside a limited cgroup: a v1 memory, cpu and cpuacct cgroup made by hand, sysmon started in it, its
// figures compared with the limits and the cgroup's own counters. The hierarchies are found in
// /proc/self/mountinfo (cpu and cpuacct may be co-mounted or apart). Without root or v1 hierarchies these say
// why and skip.
const G = `/sysmon-inside-${process.pid}`;
const LIMIT = 300 * 1024 * 1024;
/** The burner's own cgroup under G: a quota of its own keeps the cgroup's use steady and off the clamp. */
const BURN = `${G}/burn`;
const BURN_CPUS = 0.3;
let why = '';
let ready = false;
const mounts: { memory: string; cpu: string; cpuacct: string } = { memory: '', cpu: '', cpuacct: '' };
const made: string[] = [];

/** Where a v1 controller's hierarchy is mounted, from mountinfo's cgroup lines and their super options. */
function v1Mount(controller: string): string | null {
  for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const [fstype, , superOptions] = right.split(' ');
    const fields = left.split(' ');
    if (fstype === 'cgroup' && fields[3] === '/' && (superOptions ?? '').split(',').includes(controller)) return fields[4]!;
  }
  return null;
}

/** Every cgroup directory sysmon is moved into (cpu and cpuacct once when co-mounted). */
const dirs = (): string[] => [...new Set([mounts.memory, mounts.cpu, mounts.cpuacct])].map((m) => `${m}${G}`);

beforeAll(() => {
  const memory = v1Mount('memory');
  const cpu = v1Mount('cpu');
  const cpuacct = v1Mount('cpuacct');
  if (process.getuid?.() !== 0) why = 'needs root to make cgroups';
  else if (memory === null || cpu === null || cpuacct === null) why = 'needs cgroup v1 memory, cpu and cpuacct hierarchies mounted';
  else {
    Object.assign(mounts, { memory, cpu, cpuacct });
    for (const d of dirs()) {
      fs.mkdirSync(d);
      made.push(d);
    }
    fs.writeFileSync(`${memory}${G}/memory.limit_in_bytes`, String(LIMIT));
    fs.writeFileSync(`${cpu}${G}/cpu.cfs_period_us`, '100000');
    fs.writeFileSync(`${cpu}${G}/cpu.cfs_quota_us`, '150000');
    fs.mkdirSync(`${cpu}${BURN}`);
    made.push(`${cpu}${BURN}`);
    fs.writeFileSync(`${cpu}${BURN}/cpu.cfs_period_us`, '100000');
    fs.writeFileSync(`${cpu}${BURN}/cpu.cfs_quota_us`, String(BURN_CPUS * 100000));
    ready = true;
  }
});

afterAll(async () => {
  // Children first: a cgroup with a child cannot go.
  for (const d of made.reverse()) {
    for (let i = 0; i < 50; i++) {
      try {
        fs.rmdirSync(d);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
});

/** Shell text that moves the shell running it into the limited cgroup (every hierarchy). */
const joinCgroup = (): string => dirs().map((d) => `echo $$ > ${d}/cgroup.procs`).join(' && ');

/** Run sysmon ARGS from a shell that first moves itself into the cgroup. */
function inside(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const env = cliEnv();
  delete env.SYSMON_ROOT;
  const script = `${joinCgroup()} && exec "$@"`;
  const r = spawnSync('sh', ['-c', script, 'sh', process.execPath, SYSMON_BIN, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('sysmon inside a limited cgroup (live, v1)', () => {
  it('free --container shows the limit as total; plain free keeps the host MemTotal', (ctx) => {
    ctx.skip(!ready, why);
    const c = inside(['free', '-b', '--container']);
    expect(c.stderr).toBe('');
    const mem = c.stdout.split('\n')[1]!.trim().split(/ +/).slice(1).map(Number);
    expect(mem[0]).toBe(LIMIT);
    // used (limit - available) is the working set of the cgroup: a node process, tens of MiB, never above the limit.
    expect(mem[1]).toBeGreaterThan(1024 * 1024);
    expect(mem[1]).toBeLessThan(LIMIT);
    const hostTotal = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    const h = inside(['free', '-b']);
    expect(Number(h.stdout.split('\n')[1]!.trim().split(/ +/)[1])).toBe(hostTotal);
  });

  it('ps --container puts %MEM against the limit', (ctx) => {
    ctx.skip(!ready, why);
    const host = JSON.parse(inside(['ps', '--json', '-o', 'pid,rss,pmem', '-p', '1']).stdout) as { rss: number; pmem: number }[];
    const cont = JSON.parse(inside(['ps', '--container', '--json', '-o', 'pid,rss,pmem', '-p', '1']).stdout) as { rss: number; pmem: number }[];
    const hostTotal = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    // The same process, measured a moment apart: compare each %MEM with its own RSS.
    expect(cont[0]!.pmem).toBeCloseTo((cont[0]!.rss * 100) / LIMIT, 0);
    expect(host[0]!.pmem).toBeCloseTo((host[0]!.rss * 100) / hostTotal, 0);
  });

  it('top -b --container shows the limit in its memory line', (ctx) => {
    ctx.skip(!ready, why);
    const r = inside(['top', '-b', '-n', '1', '--container']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MiB Mem : +300\.0 total,/m);
  });
});

describe('the dashboard inside a limited cgroup (live, v1, tmux)', () => {
  let burner: ChildProcess | null = null;
  let session: TmuxSession | null = null;
  afterAll(() => {
    session?.kill();
    if (burner?.pid !== undefined && burner.exitCode === null) burner.kill('SIGKILL');
  });

  const usageNs = (): number => Number(fs.readFileSync(`${mounts.cpuacct}${G}/cpuacct.usage`, 'utf8'));
  const cpuLine = (screen: string): string => screen.split('\n').find((l) => l.startsWith('CPU['))!;
  const shownPercent = (screen: string): number | null => {
    const m = /(\d+\.\d)% of 1\.5 CPUs\]/.exec(cpuLine(screen) ?? '');
    return m ? Number(m[1]) : null;
  };
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

  it('--host starts on the host totals; C shows CPU against the limit, matching the cgroup\'s own usage; C again goes back', async (ctx) => {
    ctx.skip(!ready, why);
    ctx.skip(!haveTmux(), 'needs tmux');
    // A busy loop in the cgroup (its cpuacct is G's; its cpu cgroup G/burn holds it to 0.3 CPUs).
    const burnDirs = [`${mounts.cpu}${BURN}`, ...(mounts.cpuacct !== mounts.cpu ? [`${mounts.cpuacct}${G}`] : []), `${mounts.memory}${G}`];
    burner = spawn('sh', ['-c', `${burnDirs.map((d) => `echo $$ > ${d}/cgroup.procs`).join(' && ')} && exec "$0" -e "for (;;) {}"`, process.execPath],
      { stdio: 'ignore' });
    session = new TmuxSession({ width: 120, height: 40, args: ['-d', '1', '--host'], prelude: `unset SYSMON_ROOT; ${joinCgroup()}` });
    session.start();
    const host = await session.waitFor((x) => /container: 1\.5 CPUs, 300\.0 MiB \(host totals\)/.test(x) && /^CPU\[.*\d%\]/m.test(x), 20_000, 'the header in host totals');
    expect(cpuLine(host)).not.toContain('CPUs');
    expect(host).not.toMatch(/\/300M\]/);

    session.keys(['C'], true);
    await session.waitFor((x) => /container: 1\.5 CPUs, 300\.0 MiB(?! \()/.test(x) && shownPercent(x) !== null, 10_000, 'the meter against the limit');
    // The meter is the share of 1.5 CPUs the cgroup used in the last second; the test measures the same
    // counter over its own windows. The burner keeps the use steady, so the two agree within a few points
    // (sysmon's own ticks and the windows' offsets make the rest).
    await new Promise((r) => setTimeout(r, 2500));
    const shown: number[] = [];
    const measured: number[] = [];
    for (let i = 0; i < 4; i++) {
      const a = usageNs();
      const ta = process.hrtime.bigint();
      await new Promise((r) => setTimeout(r, 2500));
      const b = usageNs();
      const tb = process.hrtime.bigint();
      const screen = session.capture();
      const p = shownPercent(screen);
      expect(p, screen).not.toBeNull();
      shown.push(p!);
      measured.push(((b - a) / Number(tb - ta)) * 100 / 1.5);
      expect(screen).toMatch(/Mem\[.*\/300M\]/);
    }
    expect(median(measured), `measured ${measured.map((x) => x.toFixed(1)).join(', ')}`).toBeGreaterThan(5);
    expect(Math.abs(median(shown) - median(measured)), `shown ${shown.join(', ')}; measured ${measured.map((x) => x.toFixed(1)).join(', ')}`).toBeLessThan(6);

    session.keys(['C'], true);
    const back = await session.waitFor((x) => /\(host totals\)/.test(x) && !cpuLine(x).includes('CPUs'), 10_000, 'the host totals again');
    expect(back).not.toMatch(/\/300M\]/);
    session.keys(['q'], true);
    expect(await session.exitStatus(10_000)).toBe(0);
    expect(session.stderr()).toBe('');
  }, 60_000);
});

describe('container memory figures (pure)', () => {
  it('limit as total, charged memory as used, the working set against the limit as available', () => {
    const host = { MemTotal: 8 * 2 ** 30, MemFree: 1 << 30, MemAvailable: 4 * 2 ** 30, Buffers: 1 << 20, Cached: 2 * 2 ** 30, SwapTotal: 0, SwapFree: 0 };
    const m = containerMemInfo(host, { memoryLimit: 1 << 30, cpuLimit: 2, memoryUsage: 600 << 20, fileCache: 200 << 20, inactiveFile: 100 << 20, shmem: 10 << 20 });
    expect(m).toMatchObject({ MemTotal: 1 << 30, MemFree: 424 << 20, MemAvailable: 524 << 20, Cached: 200 << 20, Buffers: 0, Shmem: 10 << 20 });
    // A limit above the host's memory is no limit on memory: the host's total stays.
    expect(containerMemInfo(host, { memoryLimit: 64 * 2 ** 30, cpuLimit: null, memoryUsage: 1 << 30, fileCache: 0, inactiveFile: 0, shmem: 0 }).MemTotal).toBe(8 * 2 ** 30);
    expect(containerMemInfo(host, { memoryLimit: null, cpuLimit: 2, memoryUsage: null, fileCache: null, inactiveFile: null, shmem: null })).toBe(host);
    expect(containerNote({ memoryLimit: 4 * 2 ** 30, cpuLimit: 2, memoryUsage: 0, fileCache: 0, inactiveFile: 0, shmem: 0 })).toBe('container: 2.0 CPUs, 4.0 GiB');
  });
});
