import type { FsUsage, Mount } from '../../src/core/filesystem.js';
import type { ProcessRow } from '../../src/core/process.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import type { CpuTimes } from '../../src/core/system.js';
import type { ExportSample } from '../../src/export/metric-family.js';

/** Hand-made samples for the exporter's unit tests. */
export function cpuTimes(over: Partial<CpuTimes> = {}): CpuTimes {
  return { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0, ...over };
}

export function mount(target: string, fstype: string, source: string, mountOptions = 'rw,relatime'): Mount {
  return { id: 1, parentId: 0, majMin: '8:1', root: '/', target, mountOptions, optional: [], fstype, source, superOptions: 'rw' };
}

export function usage(m: Mount, over: Partial<FsUsage> = {}): FsUsage {
  return { mount: m, blockSize: 4096, size: 1000 * 4096, free: 400 * 4096, avail: 300 * 4096, files: 500, filesFree: 100, stale: false, ...over };
}

export function proc(pid: number, over: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid, comm: `p${pid}`, state: 'S', ppid: 1, pgrp: pid, session: pid, ttyNr: 0, tpgid: -1, flags: 0, minflt: 0,
    majflt: 0, utime: 0, stime: 0, priority: 20, nice: 0, numThreads: 1, starttime: 0, vsize: 0, rssPages: 0,
    processor: 0, rtPriority: 0, policy: 0, uid: 1000, user: 'alice', cmdline: ['secret', '--password=hunter2'],
    cpuDeltaTicks: null, ...over,
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    time: 1_700_000_000_000,
    interval: null,
    uptime: 1000,
    hz: 100,
    pageSize: 4096,
    stat: {
      total: cpuTimes({ user: 300, idle: 1000 }),
      perCpu: [cpuTimes({ user: 100, system: 50, idle: 500, guest: 7 }), cpuTimes({ user: 200, idle: 500, steal: 3 })],
      // cpu1 is offline: the second line is cpu2, and its label must say so.
      cpuIds: [0, 2],
      btime: 1_699_999_000,
      contextSwitches: 123456,
      processesForked: 789,
      procsRunning: 2,
      procsBlocked: 1,
    },
    cpu: null,
    mem: { MemTotal: 8 * 1024 ** 3, MemFree: 1024 ** 3, 'Active(anon)': 4096, HugePages_Total: 0, Hugepagesize: 2048 * 1024 },
    load: { one: 0.5, five: 0.25, fifteen: 0.125, running: 1, total: 100, lastPid: 999 },
    tasks: { total: 3, running: 1, sleeping: 2, stopped: 0, zombie: 0 },
    processes: [],
    ...over,
  };
}

export function sample(over: Partial<ExportSample> = {}, snap: Partial<Snapshot> = {}): ExportSample {
  return { snapshot: snapshot(snap), collectSeconds: 0.0125, collections: 3, ...over };
}
