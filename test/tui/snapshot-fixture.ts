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
