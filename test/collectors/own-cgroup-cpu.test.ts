import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ContainerCpuExtension,
  containerMemoryExtension,
  findOwnCpuCounter,
  readOwnCgroup,
  readOwnCpuCounters,
} from '../../src/collectors/own-cgroup.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import { CgroupFs } from '../../src/source/cgroup-fs.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { IDS, writeCgroupFixture, type FixtureCgroup } from '../helpers/cgroup-fixture.js';

// sysmon's own cgroup's CPU against its limit, on fixture trees: where the limit and the usage counter are
// found (v2, v1 with cpu and cpuacct apart or co-mounted, mounted elsewhere or from a sub-cgroup), and what the
// extension puts in the snapshot tick after tick.

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

const MiB = 1024 * 1024;
const POD = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${IDS.podUid.replace(/-/g, '_')}.slice`;
const APP = `${POD}/cri-containerd-${IDS.app}.scope`;
const DOCKER = `/docker/${IDS.docker}`;

function put(root: string, systemPath: string, text: string): void {
  const p = path.join(root, systemPath);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

function fixture(version: 1 | 2, cgroups: FixtureCgroup[], self: string, files: Record<string, string> = {}): string {
  const selfFile = version === 2 ? `0::${self}\n`
    : ['cpu', 'cpuacct', 'memory', 'pids', 'blkio', 'name=systemd'].map((c, i) => `${10 - i}:${c}:${self}`).join('\n') + '\n0::/\n';
  const root = writeCgroupFixture(version, cgroups, { '/proc/self/cgroup': selfFile, ...files });
  roots.push(root);
  return root;
}

/** A snapshot with only what the extensions look at. */
function snap(): Snapshot {
  return { hz: 100, mem: { MemTotal: 8 * 1024 * MiB, MemFree: 4 * 1024 * MiB, MemAvailable: 6 * 1024 * MiB } } as unknown as Snapshot;
}

describe('own CPU limit and counter on cgroup v2', () => {
  // The pod allows 2 CPUs, the container inside it 0.5: the tightest wins, and its cgroup is the one counted.
  const root = fixture(2, [
    { path: POD, cpuMax: [200000, 100000] },
    { path: APP, cpuMax: [50000, 100000], cpuUsageUsec: 7_000_000, memMax: 256 * MiB, memCurrent: 40 * MiB },
  ], APP);
  const cgfs = new CgroupFs(root);

  it('finds the tightest cpu.max on the way up and reads cpu.stat there', () => {
    const c = findOwnCpuCounter(cgfs)!;
    expect(c).toMatchObject({ version: 2, limit: 0.5, at: APP });
    expect(c.usage?.path).toBe(APP);
    expect(c.usage?.hierarchy.mountPoint).toBe('/sys/fs/cgroup');
    expect(readOwnCpuCounters(cgfs, c, 100)).toEqual({ usageNs: 7_000_000_000, userNs: 0, systemNs: 0 });
    // The header's limit is the same one.
    expect(readOwnCgroup(new ProcFs(root))).toMatchObject({ cpuLimit: 0.5, memoryLimit: 256 * MiB });
  });

  it('the limit of a parent counts the parent, where the quota is spent', () => {
    const r = fixture(2, [{ path: POD, cpuMax: [150000, 100000], cpuUsageUsec: 1 }, { path: APP }], APP);
    expect(findOwnCpuCounter(new CgroupFs(r))).toMatchObject({ version: 2, limit: 1.5, at: POD, usage: { path: POD } });
  });

  it('the extension: nothing on the first tick but the limit, then the share of it, user and system apart', () => {
    const c = findOwnCpuCounter(cgfs)!;
    let now = 50_000;
    const ext = new ContainerCpuExtension(cgfs, c, () => now);
    const s1 = snap();
    ext.collect(s1);
    expect(s1.containerCpu).toEqual({ limit: 0.5, percent: null, cpus: null });
    // 2 s later the cgroup has used 0.6 s more, 0.45 user and 0.15 system: 0.3 CPUs, 60 % of the limit.
    now += 2000;
    put(root, `/sys/fs/cgroup${APP}/cpu.stat`,
      'usage_usec 7600000\nuser_usec 450000\nsystem_usec 150000\nnr_periods 20\nnr_throttled 0\nthrottled_usec 0\n');
    const s2 = snap();
    ext.collect(s2);
    expect(s2.containerCpu!.cpus).toBeCloseTo(0.3, 9);
    expect(s2.containerCpu!.percent!.busy).toBeCloseTo(60, 9);
    expect(s2.containerCpu!.percent!.user).toBeCloseTo(45, 9);
    expect(s2.containerCpu!.percent!.system).toBeCloseTo(15, 9);
    // The cgroup is gone: no figure rather than a stale one, and the meter falls back to the host's.
    fs.rmSync(path.join(root, `sys/fs/cgroup${APP}/cpu.stat`));
    now += 1000;
    const s3 = snap();
    ext.collect(s3);
    expect(s3.containerCpu).toBeUndefined();
  });

  it('without a CPU limit there is no counter, and memory alone still makes an own cgroup', () => {
    const r = fixture(2, [{ path: APP, memMax: 128 * MiB, memCurrent: 10 * MiB }], APP);
    expect(findOwnCpuCounter(new CgroupFs(r))).toBeNull();
    expect(readOwnCgroup(new ProcFs(r))).toMatchObject({ cpuLimit: null, memoryLimit: 128 * MiB });
    // The memory extension (every tick) puts MemTotal at the limit, with or without a CPU limit.
    const s = snap();
    containerMemoryExtension(new ProcFs(r)).collect(s);
    expect(s.mem.MemTotal).toBe(128 * MiB);
  });

  it('the root cgroup (0::/) limits nothing', () => {
    const r = fixture(2, [{ path: APP, cpuMax: [50000, 100000] }], '/');
    expect(findOwnCpuCounter(new CgroupFs(r))).toBeNull();
  });
});

describe('own CPU limit and counter on cgroup v1', () => {
  it('cpu and cpuacct mounted apart (a hybrid layout): quota from cpu, usage from cpuacct at the same path', () => {
    const root = fixture(1, [{ path: DOCKER, cpuMax: [50000, 100000], cpuUsageUsec: 3_000_000 }], DOCKER,
      { [`/sys/fs/cgroup/cpuacct${DOCKER}/cpuacct.stat`]: 'user 200\nsystem 100\n' });
    const cgfs = new CgroupFs(root);
    const c = findOwnCpuCounter(cgfs)!;
    expect(c).toMatchObject({ version: 1, limit: 0.5, at: DOCKER });
    expect(c.usage?.hierarchy.mountPoint).toBe('/sys/fs/cgroup/cpuacct');
    // cpuacct.stat counts clock ticks of USER_HZ; only their proportion is used.
    expect(readOwnCpuCounters(cgfs, c, 100)).toEqual({ usageNs: 3_000_000_000, userNs: 2e9, systemNs: 1e9 });

    let now = 0;
    const ext = new ContainerCpuExtension(cgfs, c, () => now);
    ext.collect(snap());
    now = 1500;
    put(root, `/sys/fs/cgroup/cpuacct${DOCKER}/cpuacct.usage`, `${3_000_000_000 + 750_000_000}\n`);
    put(root, `/sys/fs/cgroup/cpuacct${DOCKER}/cpuacct.stat`, 'user 260\nsystem 115\n');
    const s = snap();
    ext.collect(s);
    // 0.75 s in 1.5 s is half a CPU: the whole quota. 60 user ticks to 15 system: 80 % and 20 % of it.
    expect(s.containerCpu!.percent!.busy).toBeCloseTo(100, 9);
    expect(s.containerCpu!.percent!.user).toBeCloseTo(80, 9);
    expect(s.containerCpu!.percent!.system).toBeCloseTo(20, 9);
  });

  it('without cpuacct.stat the whole share is user time', () => {
    const root = fixture(1, [{ path: DOCKER, cpuMax: [100000, 100000], cpuUsageUsec: 1 }], DOCKER);
    const cgfs = new CgroupFs(root);
    expect(readOwnCpuCounters(cgfs, findOwnCpuCounter(cgfs)!, 100)).toEqual({ usageNs: 1000, userNs: null, systemNs: null });
  });

  it('apart, and sysmon in another cpuacct cgroup: the limit is known but no counter is trusted', () => {
    const root = fixture(1, [{ path: DOCKER, cpuMax: [50000, 100000] }], DOCKER, {
      '/proc/self/cgroup': `11:cpu:${DOCKER}\n10:cpuacct:/\n9:memory:/\n0::/\n`,
    });
    const c = findOwnCpuCounter(new CgroupFs(root))!;
    expect(c.limit).toBe(0.5);
    expect(c.usage).toBeNull();
    expect(readOwnCpuCounters(new CgroupFs(root), c, 100)).toBeNull();
    expect(readOwnCgroup(new ProcFs(root))?.cpuLimit).toBe(0.5);
  });

  it('co-mounted cpu,cpuacct where mountinfo says, not at /sys/fs/cgroup/cpu', () => {
    // A layout no fixed path would find: the hierarchy is mounted at /run/cg/cpu,cpuacct.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-owncpu-'));
    roots.push(root);
    const mnt = '/run/cg/cpu,cpuacct';
    put(root, '/proc/self/mountinfo', '22 1 8:1 / / rw - ext4 /dev/sda1 rw\n' +
      `40 22 0:40 / ${mnt} rw,nosuid - cgroup cgroup rw,cpu,cpuacct\n41 22 0:41 / /run/cg/memory rw - cgroup cgroup rw,memory\n`);
    put(root, '/proc/self/cgroup', `4:cpu,cpuacct:/box/inner\n3:memory:/box\n0::/\n`);
    put(root, `${mnt}/cgroup.procs`, '');
    put(root, `${mnt}/box/cpu.cfs_quota_us`, '250000\n');
    put(root, `${mnt}/box/cpu.cfs_period_us`, '100000\n');
    put(root, `${mnt}/box/cpuacct.usage`, '123456789\n');
    put(root, `${mnt}/box/inner/cpu.cfs_quota_us`, '-1\n');
    put(root, `${mnt}/box/inner/cpu.cfs_period_us`, '100000\n');
    const cgfs = new CgroupFs(root);
    const c = findOwnCpuCounter(cgfs)!;
    expect(c).toMatchObject({ version: 1, limit: 2.5, at: '/box' });
    expect(c.usage?.hierarchy.mountPoint).toBe(mnt);
    expect(readOwnCpuCounters(cgfs, c, 100)?.usageNs).toBe(123456789);
  });

  it('a hierarchy mounted from sysmon\'s own cgroup (a container without a cgroup namespace)', () => {
    // /proc/self/cgroup names the host's path; the container sees that cgroup as the mount's top.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-owncpu-'));
    roots.push(root);
    const mnt = '/sys/fs/cgroup/cpu,cpuacct';
    put(root, '/proc/self/mountinfo', '22 1 8:1 / / rw - overlay overlay rw\n' +
      `40 22 0:40 ${DOCKER} ${mnt} ro,nosuid - cgroup cgroup rw,cpu,cpuacct\n`);
    put(root, '/proc/self/cgroup', `4:cpu,cpuacct:${DOCKER}\n0::/\n`);
    put(root, `${mnt}/cpu.cfs_quota_us`, '200000\n');
    put(root, `${mnt}/cpu.cfs_period_us`, '100000\n');
    put(root, `${mnt}/cpuacct.usage`, '42\n');
    const cgfs = new CgroupFs(root);
    const c = findOwnCpuCounter(cgfs)!;
    expect(c.limit).toBe(2);
    expect(readOwnCpuCounters(cgfs, c, 100)?.usageNs).toBe(42);
  });

  it('no cpu hierarchy, an unlimited quota, or an unreadable /proc/self/cgroup: no counter', () => {
    const unlimited = fixture(1, [{ path: DOCKER }], DOCKER);
    expect(findOwnCpuCounter(new CgroupFs(unlimited))).toBeNull();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-owncpu-'));
    roots.push(empty);
    expect(findOwnCpuCounter(new CgroupFs(empty))).toBeNull();
    expect(readOwnCgroup(new ProcFs(empty))).toBeNull();
  });
});
