import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './sysmon-cli.js';

/** One cgroup of a fixture tree, with the counters its files hold (v2 units; v1 files are derived). */
export interface FixtureCgroup {
  path: string;
  /** Processes in this cgroup itself: pid, comm, argv. */
  procs?: { pid: number; comm: string; args: string[] }[];
  cpuUsageUsec?: number;
  nrPeriods?: number;
  nrThrottled?: number;
  throttledUsec?: number;
  /** CPU limit as cpu.max's quota and period, microseconds. */
  cpuMax?: [number, number] | null;
  memCurrent?: number;
  inactiveFile?: number;
  memMax?: number | null;
  pidsCurrent?: number;
  pidsMax?: number | null;
  io?: { read: number; write: number };
  /** some avg10 of cpu, memory, io pressure. */
  psi?: [number, number, number];
}

/** Files under the root that are not cgroups: runtime state (path -> text). */
export type FixtureFiles = Record<string, string>;

const V1 = ['cpu', 'cpuacct', 'memory', 'pids', 'blkio'];
const V1_UNLIMITED = '9223372036854771712';

function write(root: string, systemPath: string, text: string): void {
  const p = path.join(root, systemPath);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

function ancestors(p: string): string[] {
  const parts = p.split('/').filter(Boolean);
  const out = ['/'];
  for (let i = 1; i <= parts.length; i++) out.push('/' + parts.slice(0, i).join('/'));
  return out;
}

function pressure(avg10: number): string {
  return `some avg10=${avg10.toFixed(2)} avg60=0.00 avg300=0.00 total=${Math.round(avg10 * 1000)}\n` +
    `full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n`;
}

/**
 * Write a fixture root: /proc/self/mountinfo naming the cgroup mounts, the cgroup directories with their
 * counter files (v2 unified, or v1 per-controller hierarchies plus a hybrid unified tree for PSI), each
 * process's /proc/PID/{stat,cmdline,status,cgroup}, /proc's system files from test/fixtures/procs, and `files`.
 */
export function writeCgroupFixture(version: 1 | 2, cgroups: readonly FixtureCgroup[], files: FixtureFiles = {}, into?: string): string {
  const root = into ?? fs.mkdtempSync(path.join(os.tmpdir(), `sysmon-cg${version}-`));
  for (const f of ['stat', 'meminfo', 'uptime', 'loadavg']) {
    fs.mkdirSync(path.join(root, 'proc'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'procs', 'proc', f), path.join(root, 'proc', f));
  }
  let mountinfo: string;
  if (version === 2) {
    mountinfo = '30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n';
    write(root, '/sys/fs/cgroup/cgroup.controllers', 'cpuset cpu io memory hugetlb pids rdma misc\n');
  } else {
    mountinfo = V1.map((c, i) => `${40 + i} 25 0:${40 + i} / /sys/fs/cgroup/${c} rw,nosuid,nodev,noexec,relatime shared:${10 + i} - cgroup cgroup rw,${c}\n`).join('') +
      '50 25 0:50 / /sys/fs/cgroup/systemd rw,nosuid shared:20 - cgroup cgroup rw,xattr,name=systemd\n' +
      '51 25 0:51 / /sys/fs/cgroup/unified rw,nosuid shared:21 - cgroup2 cgroup2 rw,nsdelegate\n';
    write(root, '/sys/fs/cgroup/unified/cgroup.controllers', '');
  }
  write(root, '/proc/self/mountinfo', '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' + mountinfo);

  const dirs = (p: string): string[] => (version === 2 ? [`/sys/fs/cgroup${p === '/' ? '' : p}`]
    : [...V1, 'systemd', 'unified'].map((c) => `/sys/fs/cgroup/${c}${p === '/' ? '' : p}`));
  const made = new Set<string>();
  for (const cg of cgroups) {
    for (const a of ancestors(cg.path)) {
      if (made.has(a)) continue;
      made.add(a);
      for (const d of dirs(a)) write(root, `${d}/cgroup.procs`, '');
    }
  }
  for (const cg of cgroups) {
    const procs = (cg.procs ?? []).map((p) => `${p.pid}\n`).join('');
    const base = cg.path === '/' ? '' : cg.path;
    if (version === 2) {
      const d = `/sys/fs/cgroup${base}`;
      write(root, `${d}/cgroup.procs`, procs);
      write(root, `${d}/cpu.stat`, `usage_usec ${cg.cpuUsageUsec ?? 0}\nuser_usec 0\nsystem_usec 0\nnr_periods ${cg.nrPeriods ?? 0}\n` +
        `nr_throttled ${cg.nrThrottled ?? 0}\nthrottled_usec ${cg.throttledUsec ?? 0}\n`);
      write(root, `${d}/cpu.max`, cg.cpuMax ? `${cg.cpuMax[0]} ${cg.cpuMax[1]}\n` : 'max 100000\n');
      write(root, `${d}/memory.current`, `${cg.memCurrent ?? 0}\n`);
      write(root, `${d}/memory.stat`, `anon 0\nfile 0\nactive_file 0\ninactive_file ${cg.inactiveFile ?? 0}\n`);
      write(root, `${d}/memory.max`, cg.memMax == null ? 'max\n' : `${cg.memMax}\n`);
      write(root, `${d}/pids.current`, `${cg.pidsCurrent ?? cg.procs?.length ?? 0}\n`);
      write(root, `${d}/pids.max`, cg.pidsMax == null ? 'max\n' : `${cg.pidsMax}\n`);
      if (cg.io) write(root, `${d}/io.stat`, `8:0 rbytes=${cg.io.read} wbytes=${cg.io.write} rios=1 wios=1 dbytes=0 dios=0\n`);
      const psi = cg.psi ?? [0, 0, 0];
      write(root, `${d}/cpu.pressure`, pressure(psi[0]));
      write(root, `${d}/memory.pressure`, pressure(psi[1]));
      write(root, `${d}/io.pressure`, pressure(psi[2]));
    } else {
      const at = (c: string): string => `/sys/fs/cgroup/${c}${base}`;
      for (const c of [...V1, 'systemd', 'unified']) write(root, `${at(c)}/cgroup.procs`, procs);
      write(root, `${at('cpuacct')}/cpuacct.usage`, `${(cg.cpuUsageUsec ?? 0) * 1000}\n`);
      write(root, `${at('cpu')}/cpu.stat`, `nr_periods ${cg.nrPeriods ?? 0}\nnr_throttled ${cg.nrThrottled ?? 0}\nthrottled_time ${(cg.throttledUsec ?? 0) * 1000}\n`);
      write(root, `${at('cpu')}/cpu.cfs_quota_us`, cg.cpuMax ? `${cg.cpuMax[0]}\n` : '-1\n');
      write(root, `${at('cpu')}/cpu.cfs_period_us`, cg.cpuMax ? `${cg.cpuMax[1]}\n` : '100000\n');
      write(root, `${at('memory')}/memory.usage_in_bytes`, `${cg.memCurrent ?? 0}\n`);
      write(root, `${at('memory')}/memory.stat`, `cache 0\nrss 0\ninactive_file 0\ntotal_cache 0\ntotal_inactive_file ${cg.inactiveFile ?? 0}\n`);
      write(root, `${at('memory')}/memory.limit_in_bytes`, cg.memMax == null ? `${V1_UNLIMITED}\n` : `${cg.memMax}\n`);
      write(root, `${at('pids')}/pids.current`, `${cg.pidsCurrent ?? cg.procs?.length ?? 0}\n`);
      write(root, `${at('pids')}/pids.max`, cg.pidsMax == null ? 'max\n' : `${cg.pidsMax}\n`);
      if (cg.io) {
        write(root, `${at('blkio')}/blkio.throttle.io_service_bytes`,
          `8:0 Read ${cg.io.read}\n8:0 Write ${cg.io.write}\n8:0 Sync 0\n8:0 Async 0\n8:0 Total ${cg.io.read + cg.io.write}\nTotal ${cg.io.read + cg.io.write}\n`);
      }
      const psi = cg.psi ?? [0, 0, 0];
      write(root, `${at('unified')}/cpu.pressure`, pressure(psi[0]));
      write(root, `${at('unified')}/memory.pressure`, pressure(psi[1]));
      write(root, `${at('unified')}/io.pressure`, pressure(psi[2]));
    }
    for (const p of cg.procs ?? []) {
      const cgroupFile = version === 2 ? `0::${cg.path}\n`
        : [...V1, 'name=systemd'].map((c, i) => `${10 - i}:${c}:${cg.path}`).join('\n') + `\n0::${cg.path}\n`;
      write(root, `/proc/${p.pid}/cgroup`, cgroupFile);
      write(root, `/proc/${p.pid}/cmdline`, p.args.join('\0') + (p.args.length ? '\0' : ''));
      write(root, `/proc/${p.pid}/stat`,
        `${p.pid} (${p.comm}) S 1 ${p.pid} ${p.pid} 0 -1 4194560 100 0 0 0 50 10 0 0 20 0 1 0 500 10000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`);
      write(root, `/proc/${p.pid}/status`, `Name:\t${p.comm}\nState:\tS (sleeping)\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nVmRSS:\t1200 kB\n`);
    }
  }
  for (const [p, text] of Object.entries(files)) write(root, p, text);
  return root;
}

export const IDS = {
  docker: 'd0c4e55ad1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c',
  dockerBad: 'dbadbadbad1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5',
  podman: 'a5bfff1def072b80199bb77d9b589b2a7944b9daf8bdd825f0d63ce1aec20f0e',
  app: 'c1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  pause: 'c2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  crio: 'c3cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc',
  podUid: '5f3a1c2e-9b7d-4e21-8c3f-0a1b2c3d4e5f',
  podUid2: '6a4b2d3f-0c8e-4f32-9d40-1b2c3d4e5f60',
} as const;

const MiB = 1024 * 1024;

/** The runtimes' state that names the fixture's containers (and a docker config that is not JSON). */
export function stateFiles(): FixtureFiles {
  return {
    '/var/lib/containers/storage/overlay-containers/containers.json': JSON.stringify([{ id: IDS.podman, names: ['db'] }]),
    [`/var/lib/docker/containers/${IDS.docker}/config.v2.json`]: JSON.stringify({ Name: '/web', Config: { Labels: {} } }),
    [`/var/lib/docker/containers/${IDS.dockerBad}/config.v2.json`]: '{truncated',
    [`/var/log/pods/shop_api-7d9f_${IDS.podUid}/app/0.log`]: '',
    [`/var/log/containers/api-7d9f_shop_app-${IDS.app}.log`]: '',
  };
}

/** A v2 machine with the systemd driver: docker, podman (systemd inside), a kubepods pod, cri-o, nspawn, LXC, a unit. */
export function v2SystemdCgroups(): FixtureCgroup[] {
  const U = IDS.podUid.replace(/-/g, '_');
  const U2 = IDS.podUid2.replace(/-/g, '_');
  const pod = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U}.slice`;
  const pod2 = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${U2}.slice`;
  return [
    { path: `/system.slice/docker-${IDS.docker}.scope`, procs: [{ pid: 201, comm: 'nginx', args: ['nginx', '-g', 'daemon off;'] }, { pid: 202, comm: 'nginx', args: ['nginx: worker process'] }],
      cpuUsageUsec: 5_000_000, nrPeriods: 100, nrThrottled: 10, throttledUsec: 200_000, cpuMax: [50000, 100000],
      memCurrent: 100 * MiB, inactiveFile: 20 * MiB, memMax: 512 * MiB, pidsMax: 100, io: { read: 4096, write: 8192 }, psi: [1.5, 0.25, 0] },
    { path: `/system.slice/docker-${IDS.dockerBad}.scope`, procs: [{ pid: 211, comm: 'sleep', args: ['sleep', '1000'] }], memCurrent: 4 * MiB },
    { path: `/machine.slice/libpod-${IDS.podman}.scope`, memMax: 256 * MiB, memCurrent: 50 * MiB, cpuUsageUsec: 1_000_000 },
    { path: `/machine.slice/libpod-${IDS.podman}.scope/container`, procs: [{ pid: 301, comm: 'postgres', args: ['postgres', '-D', '/data'] }, { pid: 305, comm: 'postgres', args: ['postgres: writer'] }] },
    { path: pod, memMax: 1024 * MiB, cpuMax: [200000, 100000], pidsMax: 1000 },
    { path: `${pod}/cri-containerd-${IDS.app}.scope`, procs: [{ pid: 401, comm: 'app', args: ['/app', '--port', '8080'] }],
      cpuUsageUsec: 2_000_000, memCurrent: 30 * MiB, inactiveFile: 40 * MiB, io: { read: 100, write: 0 } },
    { path: `${pod}/cri-containerd-${IDS.pause}.scope`, procs: [{ pid: 400, comm: 'pause', args: ['/pause'] }], cpuUsageUsec: 1000, memCurrent: 1 * MiB },
    { path: pod2 },
    { path: `${pod2}/crio-${IDS.crio}.scope`, procs: [{ pid: 451, comm: 'worker', args: ['worker'] }], memCurrent: 8 * MiB },
    { path: `${pod2}/crio-conmon-${IDS.crio}.scope`, procs: [{ pid: 450, comm: 'conmon', args: ['/usr/bin/conmon'] }] },
    { path: '/machine.slice/machine-box.scope', procs: [{ pid: 501, comm: 'systemd', args: ['/sbin/init'] }], memCurrent: 64 * MiB },
    { path: '/lxc.payload.web1', procs: [{ pid: 601, comm: 'init', args: ['/sbin/init'] }], memCurrent: 16 * MiB },
    { path: '/lxc.monitor.web1', procs: [{ pid: 600, comm: 'lxc-start', args: ['[lxc monitor] /var/lib/lxc web1'] }] },
    { path: '/system.slice/nginx.service', procs: [{ pid: 701, comm: 'nginx', args: ['nginx'] }], memCurrent: 2 * MiB },
  ];
}

/** A v1 machine with the cgroupfs driver: docker, a kubepods pod, podman with its shared conmon cgroup. */
export function v1CgroupfsCgroups(): FixtureCgroup[] {
  const pod = `/kubepods/burstable/pod${IDS.podUid}`;
  return [
    { path: `/docker/${IDS.docker}`, procs: [{ pid: 201, comm: 'nginx', args: ['nginx', '-g', 'daemon off;'] }],
      cpuUsageUsec: 5_000_000, nrPeriods: 100, nrThrottled: 10, throttledUsec: 200_000, cpuMax: [50000, 100000],
      memCurrent: 100 * MiB, inactiveFile: 20 * MiB, memMax: 512 * MiB, pidsMax: 100, io: { read: 4096, write: 8192 }, psi: [1.5, 0.25, 0] },
    { path: pod, memMax: 1024 * MiB },
    { path: `${pod}/${IDS.app}`, procs: [{ pid: 401, comm: 'app', args: ['/app'] }], cpuUsageUsec: 2_000_000, memCurrent: 30 * MiB },
    { path: `${pod}/${IDS.pause}`, procs: [{ pid: 400, comm: 'pause', args: ['/pause'] }], memCurrent: 1 * MiB },
    { path: `/libpod_parent/libpod-${IDS.podman}`, procs: [{ pid: 301, comm: 'postgres', args: ['postgres'] }], memMax: 64 * MiB, memCurrent: 10 * MiB },
    { path: '/libpod_parent/conmon', procs: [{ pid: 300, comm: 'conmon', args: ['/usr/bin/conmon'] }] },
  ];
}
