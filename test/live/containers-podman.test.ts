import { needComponent } from '../helpers/real-component.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';

// A real container: Debian's podman with runc, offline, from a busybox image made here (.ci/run installs
// podman, runc and busybox-static). sysmon's view of it is compared with `podman stats` and with the cgroup
// files themselves. Without a usable runtime (not root, no podman), these tests say why and skip.

const NAME = `sysmon-live-${process.pid}`;
const IMAGE = `localhost/sysmon-test-bb-${process.pid}`;
const MEMORY = 64 * 1024 * 1024;

interface Running {
  id: string;
  pid: number;
  /** The container's cgroup path (from /proc/PID/cgroup's memory line, or the v2 line). */
  cgroup: string;
}

let running: Running | null = null;
let why = '';
let tmp = '';

function sh(cmd: string, args: string[], timeout = 120_000) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout });
}

function setUp(): Running | string {
  if (process.getuid?.() !== 0) return 'needs root to run podman with cgroup limits';
  if (sh('podman', ['--version']).status !== 0) return 'podman is not installed (.ci/run installs podman runc busybox-static)';
  if (sh('runc', ['--version']).status !== 0) return 'runc is not installed';
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
  if (!busybox) return 'busybox-static is not installed';
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-podman-'));
  const rootfs = path.join(tmp, 'rootfs');
  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.copyFileSync(busybox, path.join(rootfs, 'bin', 'busybox'));
  fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const a of ['sh', 'sleep', 'yes']) fs.symlinkSync('busybox', path.join(rootfs, 'bin', a));
  const tar = path.join(tmp, 'rootfs.tar');
  const t = sh('tar', ['-C', rootfs, '-cf', tar, '.']);
  if (t.status !== 0) return `tar failed: ${t.stderr}`;
  const imp = sh('podman', ['import', tar, IMAGE]);
  if (imp.status !== 0) return `podman import failed: ${imp.stderr.trim()}`;
  // crun refuses hybrid cgroup machines; runc works on v1, hybrid and v2.
  const run = sh('podman', ['--runtime', 'runc', 'run', '-d', '--name', NAME, '--network', 'none',
    '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--memory', '64m', '--cpus', '0.5',
    IMAGE, '/bin/sh', '-c', 'yes > /dev/null & exec sleep 300']);
  if (run.status !== 0) return `podman run failed: ${run.stderr.trim()}`;
  const id = run.stdout.trim().split('\n').pop()!;
  const pidText = sh('podman', ['inspect', '-f', '{{.State.Pid}}', NAME]).stdout.trim();
  const pid = Number(pidText);
  const lines = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  const line = lines.find((l) => /^\d+:memory:/.test(l)) ?? lines.find((l) => l.startsWith('0::'))!;
  return { id, pid, cgroup: line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1) };
}

beforeAll(() => {
  const r = setUp();
  if (typeof r === 'string') why = r;
  else running = r;
}, 180_000);

afterAll(() => {
  if (running !== null || why.startsWith('podman run')) sh('podman', ['rm', '-f', '-t', '0', NAME]);
  sh('podman', ['rmi', '-f', IMAGE]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 120_000);

/** The cgroup file of the container in a controller (v1 hierarchy name, or null for v2). */
function cgroupFile(controller: string, file: string): string {
  const v2 = fs.existsSync('/sys/fs/cgroup/cgroup.controllers');
  return v2 ? `/sys/fs/cgroup${running!.cgroup}/${file}` : `/sys/fs/cgroup/${controller}${running!.cgroup}/${file}`;
}

/** podman's SI sizes ("733.2kB", "67.11MB") in bytes. */
function siBytes(text: string): number {
  const m = /^([\d.]+)\s*([kMGT]?)B$/.exec(text.trim());
  if (!m) throw new Error(`podman size ${text}`);
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 } as Record<string, number>)[m[2]!]!;
}

interface Row {
  name: string; id: string; runtime: string; limit: number | null; cpus: number | null; mem: number; usage: number;
  pids: number; pids_max: number | null; procs: number; cpu: number | null; cputime: number; command: string;
}

async function sysmonRow(extra: string[] = []): Promise<Row> {
  const env = cliEnv();
  delete env.SYSMON_ROOT;
  const r = await runSysmon(['containers', '--json', '-o', 'name,id,runtime,limit,cpus,mem,usage,pids,pids_max,procs,cpu,cputime,command', ...extra],
    { env, timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { containers: Row[] };
  const row = doc.containers.find((c) => c.id === running!.id);
  if (!row) throw new Error(`container ${running!.id} not in ${r.stdout}`);
  return row;
}

describe('live: a podman container (runc, busybox)', () => {
  it('has the name, runtime, limits and command podman gave it', async (ctx) => {
    needComponent(ctx, running === null, why);
    const row = await sysmonRow(['-d', '0']);
    expect(row).toMatchObject({ name: NAME, runtime: 'podman', limit: MEMORY, cpus: 0.5, command: 'sleep 300' });
    const stats = JSON.parse(sh('podman', ['stats', '--no-stream', '--format', 'json', NAME]).stdout) as { name: string; mem_usage: string; pids: string }[];
    expect(stats[0]!.name).toBe(row.name);
    const [, limit] = stats[0]!.mem_usage.split(' / ');
    expect(siBytes(limit!)).toBeCloseTo(row.limit! , -4); // podman prints 67.11MB: 10 kB steps
  });

  it('memory, pids and processes agree with podman stats and the cgroup files', async (ctx) => {
    needComponent(ctx, running === null, why);
    // The container is two idle-memory processes; retry if a read lands on a moment the machine moved.
    for (let attempt = 0; ; attempt++) {
      const row = await sysmonRow(['-d', '0']);
      const stats = JSON.parse(sh('podman', ['stats', '--no-stream', '--format', 'json', NAME]).stdout) as { mem_usage: string; pids: string }[];
      const v2 = fs.existsSync('/sys/fs/cgroup/cgroup.controllers');
      const usage = Number(fs.readFileSync(cgroupFile('memory', v2 ? 'memory.current' : 'memory.usage_in_bytes'), 'utf8'));
      const stat = fs.readFileSync(cgroupFile('memory', 'memory.stat'), 'utf8');
      const inactive = Number(new RegExp(`^${v2 ? '' : 'total_'}inactive_file (\\d+)$`, 'm').exec(stat)![1]);
      const podmanMem = siBytes(stats[0]!.mem_usage.split(' / ')[0]!);
      const ok = Math.abs(row.usage - usage) <= 256 * 1024 && Math.abs(row.mem - Math.max(0, usage - inactive)) <= 256 * 1024 &&
        Math.abs(row.mem - podmanMem) <= Math.max(256 * 1024, podmanMem * 0.1) && Number(stats[0]!.pids) === row.pids;
      if (ok || attempt === 4) {
        expect(Math.abs(row.usage - usage), 'usage vs the cgroup file').toBeLessThanOrEqual(256 * 1024);
        expect(Math.abs(row.mem - Math.max(0, usage - inactive)), 'working set vs the cgroup files').toBeLessThanOrEqual(256 * 1024);
        expect(Math.abs(row.mem - podmanMem), `working set ${row.mem} vs podman ${stats[0]!.mem_usage}`).toBeLessThanOrEqual(Math.max(256 * 1024, podmanMem * 0.1));
        expect(row.pids).toBe(Number(stats[0]!.pids));
        break;
      }
    }
    const row = await sysmonRow(['-d', '0']);
    expect(row.procs).toBe(2); // sleep and yes
    const pidsMax = fs.readFileSync(cgroupFile('pids', 'pids.max'), 'utf8').trim();
    expect(row.pids_max).toBe(pidsMax === 'max' ? null : Number(pidsMax));
  });

  it('CPU time matches the cgroup counter and CPU % stays under the 0.5 CPU limit', async (ctx) => {
    needComponent(ctx, running === null, why);
    const v2 = fs.existsSync('/sys/fs/cgroup/cgroup.controllers');
    const readCpu = (): number => v2
      ? Number(/^usage_usec (\d+)$/m.exec(fs.readFileSync(cgroupFile('cpu', 'cpu.stat'), 'utf8'))![1]) / 1e6
      : Number(fs.readFileSync(cgroupFile('cpuacct', 'cpuacct.usage'), 'utf8')) / 1e9;
    const before = readCpu();
    const row = await sysmonRow(['-d', '1']);
    const after = readCpu();
    expect(row.cputime).toBeGreaterThanOrEqual(before);
    expect(row.cputime).toBeLessThanOrEqual(after);
    expect(row.cpu).not.toBeNull();
    expect(row.cpu!).toBeGreaterThan(0);
    // CFS lets a period's quota overrun a little; 0.5 CPU is 50 %.
    expect(row.cpu!).toBeLessThanOrEqual(60);
  });

  it('ps shows the container of its processes', async (ctx) => {
    needComponent(ctx, running === null, why);
    const env = cliEnv();
    delete env.SYSMON_ROOT;
    const r = await runSysmon(['ps', '--json', '-o', 'pid,container,runtime,comm', '-p', String(running!.pid)], { env });
    expect(JSON.parse(r.stdout)).toEqual([{ pid: running!.pid, container: NAME, runtime: 'podman', comm: 'sleep' }]);
  });
});
