import type { ProcessDetails } from '../../src/core/process-details.js';
import type { ProcessRow } from '../../src/core/process.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import type { CpuPercent, CpuTimes } from '../../src/core/system.js';

/** A process row with plausible defaults; override what a test cares about. */
export function proc(pid: number, over: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid,
    comm: `proc${pid}`,
    state: 'S',
    ppid: 1,
    pgrp: pid,
    session: pid,
    ttyNr: 0,
    tpgid: -1,
    flags: 0,
    minflt: 0,
    majflt: 0,
    utime: 0,
    stime: 0,
    priority: 20,
    nice: 0,
    numThreads: 1,
    starttime: 100,
    vsize: 10 * 1024 * 1024,
    rssPages: 100,
    processor: 0,
    rtPriority: 0,
    policy: 0,
    uid: 1000,
    user: 'alice',
    sharedPages: 50,
    cmdline: [`/usr/bin/proc${pid}`, '--flag'],
    cpuDeltaTicks: 0,
    ...over,
  };
}

function times(busy: number): CpuTimes {
  return { user: busy, nice: 0, system: 0, idle: 100 - busy, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
}

/** CPU percentages with user/system/nice/iowait/steal shares; idle is the rest. */
export function pct(user: number, system = 0, nice = 0, iowait = 0, steal = 0): CpuPercent {
  const idle = 100 - user - system - nice - iowait - steal;
  return { user, system, nice, iowait, steal, irq: 0, softirq: 0, idle, busy: 100 - idle - iowait };
}

/** A snapshot of a 2-CPU, 8 GiB machine holding `processes`. */
export function snapshot(processes: ProcessRow[], over: Partial<Snapshot> = {}): Snapshot {
  const GiB = 1024 * 1024 * 1024;
  return {
    time: Date.UTC(2026, 0, 2, 3, 4, 5),
    interval: 1.5,
    uptime: 3 * 86400 + 4 * 3600 + 5 * 60,
    hz: 100,
    pageSize: 4096,
    stat: {
      total: times(10),
      perCpu: [times(10), times(20)],
      cpuIds: [0, 1],
      btime: 1_700_000_000,
      contextSwitches: 0,
      processesForked: 0,
      procsRunning: 1,
      procsBlocked: 0,
    },
    cpu: { total: pct(20, 5, 1, 2, 0), perCpu: [pct(30, 10, 0, 0, 0), pct(10, 0, 2, 4, 1)] },
    mem: {
      MemTotal: 8 * GiB,
      MemFree: 2 * GiB,
      MemAvailable: 5 * GiB,
      Buffers: 256 * 1024 * 1024,
      Cached: 2 * GiB,
      SReclaimable: 256 * 1024 * 1024,
      Shmem: 64 * 1024 * 1024,
      SwapTotal: 2 * GiB,
      SwapFree: 1.5 * GiB,
    },
    load: { one: 0.5, five: 0.25, fifteen: 0.125, running: 1, total: processes.length, lastPid: 999 },
    tasks: { total: processes.length, running: 1, sleeping: processes.length - 1, stopped: 0, zombie: 0 },
    processes,
    ...over,
  };
}

/** Details of one process with a few maps and files, enough for every section of the details screen. */
export function details(pid: number, mapCount = 80): ProcessDetails {
  return {
    pid, comm: `p${pid}`, cmdline: [`/usr/bin/p${pid}`], command: `/usr/bin/p${pid}`, state: 'S', stateName: 'sleeping',
    ppid: 1, parentComm: 'systemd', exe: `/usr/bin/p${pid}`, cwd: '/', threads: 1, nice: 0, priority: 20, uid: 1000,
    euid: 1000, user: 'alice', startTime: 1_700_000_000, utime: 1, stime: 1, voluntaryCtxtSwitches: 1,
    nonvoluntaryCtxtSwitches: 1, kernelThread: false,
    memory: { rss: 1 << 20, pss: 1 << 20, uss: 1 << 20, shared: 0, swap: 0, vsize: 1 << 24, source: 'smaps_rollup' },
    maps: {
      entries: Array.from({ length: mapCount }, (_, i) => ({
        start: (0x10000 + i * 0x1000).toString(16), end: (0x11000 + i * 0x1000).toString(16), size: 4096, perms: 'r--p',
        offset: 0, device: 'fe:00', inode: i, path: `/usr/lib/lib${i}.so`, deleted: false, kind: 'file' as const,
      })),
      more: 0,
    },
    openFiles: { entries: [{ fd: 0, target: '/dev/null' }], more: 0 },
    cgroups: [{ hierarchy: 0, controllers: [], path: '/user.slice' }],
    limits: { memoryMax: null, memoryMaxAt: null, memoryCurrent: null, cpuMax: null, cpuMaxAt: null, version: 2 },
    problems: [],
  };
}
