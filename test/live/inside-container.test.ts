import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerMemInfo, containerNote } from '../../src/core/container.js';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// sysmon inside a limited cgroup: a v1 memory and cpu cgroup made by hand, sysmon started in it, its figures
// compared with the limit and the cgroup's own counters. Without root or v1 hierarchies these say why and skip.
const G = `/sysmon-inside-${process.pid}`;
const LIMIT = 300 * 1024 * 1024;
let why = '';
let ready = false;

beforeAll(() => {
  if (process.getuid?.() !== 0) why = 'needs root to make cgroups';
  else if (!fs.existsSync('/sys/fs/cgroup/memory/cgroup.procs') || !fs.existsSync('/sys/fs/cgroup/cpu/cgroup.procs')) {
    why = 'needs cgroup v1 memory and cpu hierarchies at /sys/fs/cgroup/{memory,cpu}';
  } else {
    for (const c of ['memory', 'cpu']) fs.mkdirSync(`/sys/fs/cgroup/${c}${G}`);
    fs.writeFileSync(`/sys/fs/cgroup/memory${G}/memory.limit_in_bytes`, String(LIMIT));
    fs.writeFileSync(`/sys/fs/cgroup/cpu${G}/cpu.cfs_period_us`, '100000');
    fs.writeFileSync(`/sys/fs/cgroup/cpu${G}/cpu.cfs_quota_us`, '150000');
    ready = true;
  }
});

afterAll(async () => {
  if (!ready) return;
  for (const c of ['memory', 'cpu']) {
    for (let i = 0; i < 50; i++) {
      try {
        fs.rmdirSync(`/sys/fs/cgroup/${c}${G}`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
});

/** Run sysmon ARGS from a shell that first moves itself into the cgroup. */
function inside(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const env = cliEnv();
  delete env.SYSMON_ROOT;
  const script = `echo $$ > /sys/fs/cgroup/memory${G}/cgroup.procs && echo $$ > /sys/fs/cgroup/cpu${G}/cgroup.procs && exec "$@"`;
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
