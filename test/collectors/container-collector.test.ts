import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerCollector } from '../../src/collectors/container-collector.js';
import type { ContainerRow } from '../../src/core/container.js';
import { CgroupFs } from '../../src/source/cgroup-fs.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { IDS, stateFiles, v1CgroupfsCgroups, v2SystemdCgroups, writeCgroupFixture } from '../helpers/cgroup-fixture.js';

const MiB = 1024 * 1024;
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function fixture(version: 1 | 2, withState = true): string {
  const root = writeCgroupFixture(version, version === 2 ? v2SystemdCgroups() : v1CgroupfsCgroups(), withState ? stateFiles() : {});
  roots.push(root);
  return root;
}

function byName(rows: ContainerRow[], name: string): ContainerRow {
  const r = rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name} in ${rows.map((x) => x.name).join(', ')}`);
  return r;
}

describe('container collector on a cgroup v2 tree (systemd driver)', () => {
  const root = fixture(2);
  let t = 1_000_000;
  const collector = new ContainerCollector(new ProcFs(root), undefined, () => t);
  const first = collector.collect();

  it('finds every container once, named from runtime state or by short id', () => {
    const containers = first.rows.filter((r) => r.kind === 'container');
    expect(containers.map((r) => r.name).sort()).toEqual(
      ['app', 'box', 'db', IDS.crio.slice(0, 12), IDS.dockerBad.slice(0, 12), IDS.pause.slice(0, 12), 'web', 'web1'].sort(),
    );
    expect(first.version).toBe(2);
    expect(byName(first.rows, 'web').runtime).toBe('docker');
    expect(byName(first.rows, 'db').runtime).toBe('podman');
    expect(byName(first.rows, 'app')).toMatchObject({ runtime: 'containerd', pod: 'api-7d9f', namespace: 'shop', qos: 'burstable' });
    expect(byName(first.rows, 'box').runtime).toBe('nspawn');
    expect(byName(first.rows, 'web1').runtime).toBe('lxc');
  });

  it('working set, limits, pids, I/O and PSI as the files say', () => {
    const web = byName(first.rows, 'web');
    expect(web).toMatchObject({
      workingSet: 80 * MiB, memoryUsage: 100 * MiB, memoryLimit: 512 * MiB, cpuLimit: 0.5, pids: 2, pidsMax: 100,
      ioReadBytes: 4096, ioWriteBytes: 8192, nrThrottled: 10, throttledSeconds: 0.2, cpuSeconds: 5, processes: 2,
      mainPid: 201, command: 'nginx -g daemon off;',
    });
    expect(web.cpuPressure?.someAvg10).toBe(1.5);
    expect(web.cpuPercent).toBeNull(); // one sample: no rate yet
    // inactive_file above usage: working set floors at 0, as the kubelet does.
    expect(byName(first.rows, 'app').workingSet).toBe(0);
    // A container whose processes sit in a child cgroup (systemd inside podman) owns them.
    expect(byName(first.rows, 'db')).toMatchObject({ processes: 2, mainPid: 301, memoryLimit: 256 * MiB, command: 'postgres -D /data' });
  });

  it('pods sum their containers and take limits from the pod cgroup', () => {
    const pod = first.rows.find((r) => r.kind === 'pod' && r.id === IDS.podUid)!;
    expect(pod).toMatchObject({
      name: 'api-7d9f', namespace: 'shop', containers: 2, processes: 2, memoryLimit: 1024 * MiB, cpuLimit: 2, pidsMax: 1000,
      memoryUsage: 31 * MiB, workingSet: 1 * MiB, cpuSeconds: 2.001,
    });
    const other = first.rows.find((r) => r.kind === 'pod' && r.id === IDS.podUid2)!;
    expect(other).toMatchObject({ name: IDS.podUid2, containers: 1, qos: 'besteffort' });
  });

  it('runtime helpers and plain units are rows only with --all', () => {
    expect(first.rows.some((r) => r.command === '/usr/bin/conmon')).toBe(false);
    const all = new ContainerCollector(new ProcFs(root)).collect({ all: true });
    expect(all.rows.find((r) => r.name === 'nginx.service')).toMatchObject({ kind: 'unit', processes: 1, memoryUsage: 2 * MiB });
    expect(all.rows.find((r) => r.name === `crio-conmon-${IDS.crio}.scope`)?.kind).toBe('unit');
    expect(all.rows.find((r) => r.name === '/lxc.monitor.web1')?.kind).toBe('cgroup');
  });

  it('CPU % and throttling are rates between two samples', () => {
    const file = path.join(root, 'sys/fs/cgroup/system.slice', `docker-${IDS.docker}.scope`, 'cpu.stat');
    // 2 s later: 0.5 s more CPU (25 %), 20 more periods of which 5 throttled (25 %).
    fs.writeFileSync(file, 'usage_usec 5500000\nnr_periods 120\nnr_throttled 15\nthrottled_usec 300000\n');
    t += 2000;
    const second = collector.collect();
    expect(second.interval).toBe(2);
    const web = byName(second.rows, 'web');
    expect(web.cpuPercent).toBeCloseTo(25, 6);
    expect(web.throttledPercent).toBeCloseTo(25, 6);
    expect(byName(second.rows, 'db').cpuPercent).toBe(0);
  });

  it('unreadable runtime state is not an error: names fall back to short ids', () => {
    const bare = new ContainerCollector(new ProcFs(fixture(2, false))).collect();
    expect(bare.rows.find((r) => r.cgroup.includes(IDS.docker))?.name).toBe(IDS.docker.slice(0, 12));
    expect(bare.rows.find((r) => r.kind === 'pod' && r.id === IDS.podUid)?.name).toBe(IDS.podUid);
  });
});

describe('container collector on cgroup v1 hierarchies (cgroupfs driver) with a hybrid unified tree', () => {
  const root = fixture(1);
  const collector = new ContainerCollector(new ProcFs(root));
  const s = collector.collect();

  it('reads each controller from its own hierarchy and PSI from the unified tree', () => {
    expect(s.version).toBe(1);
    expect(byName(s.rows, 'web')).toMatchObject({
      runtime: 'docker', workingSet: 80 * MiB, memoryLimit: 512 * MiB, cpuLimit: 0.5, cpuSeconds: 5, throttledSeconds: 0.2,
      pidsMax: 100, ioReadBytes: 4096, ioWriteBytes: 8192,
    });
    expect(byName(s.rows, 'web').cpuPressure?.someAvg10).toBe(1.5);
    // v1's "unlimited" (PAGE_COUNTER_MAX) is no limit.
    expect(byName(s.rows, 'app').memoryLimit).toBeNull();
    expect(byName(s.rows, 'app')).toMatchObject({ runtime: 'cri', pod: 'api-7d9f', namespace: 'shop' });
    expect(byName(s.rows, 'db')).toMatchObject({ runtime: 'podman', memoryLimit: 64 * MiB });
    const pod = s.rows.find((r) => r.kind === 'pod')!;
    expect(pod).toMatchObject({ containers: 2, memoryLimit: 1024 * MiB, memoryUsage: 31 * MiB });
    expect(s.rows.filter((r) => r.kind === 'container')).toHaveLength(4);
  });

  it('finds the hierarchies without mountinfo, by looking at /sys/fs/cgroup', () => {
    fs.rmSync(path.join(root, 'proc/self/mountinfo'));
    const c = new ContainerCollector(new ProcFs(root), new CgroupFs(root));
    expect(c.layout?.version).toBe(1);
    expect(c.collect().rows.filter((r) => r.kind === 'container')).toHaveLength(4);
  });

  it('a root without cgroups has no layout', () => {
    const empty = fs.mkdtempSync(path.join(path.dirname(root), 'sysmon-nocg-'));
    roots.push(empty);
    const c = new ContainerCollector(new ProcFs(empty));
    expect(c.layout).toBeNull();
    expect(c.collect().rows).toEqual([]);
  });
});

describe('container collector without command lines (sysmon serve)', () => {
  it('reads no /proc/PID/cmdline and leaves command null, all else the same', () => {
    const root = fixture(2);
    const procFs = new ProcFs(root);
    const read: string[] = [];
    const readPid = procFs.readPid.bind(procFs);
    procFs.readPid = (pid, file) => {
      read.push(file);
      return readPid(pid, file);
    };
    const rows = new ContainerCollector(procFs, undefined, () => 1_000_000).collect({ commands: false }).rows;
    const web = byName(rows, 'web');
    expect(web).toMatchObject({ mainPid: 201, command: null, processes: 2, workingSet: 80 * MiB });
    expect(rows.every((r) => r.command === null)).toBe(true);
    expect(read).not.toContain('cmdline');
  });
});
