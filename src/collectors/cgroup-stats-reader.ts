import type { CgroupHierarchy, CgroupStats, PressureFigures } from '../core/container.js';
import { parseByteCount, parseCfsQuota, parseCpuMax, parseMemoryLimit } from '../parsers/cgroup-limits.js';
import {
  parseBlkioServiceBytes,
  parseCgroupProcs,
  parseFlatKeyed,
  parseIoStat,
  parsePidsMax,
  parsePressure,
} from '../parsers/cgroup-stats.js';
import type { CgroupFs } from '../source/cgroup-fs.js';

/**
 * Which hierarchy answers for what. cgroup v2 (every controller in one tree) or v1 (one hierarchy per
 * controller); on a hybrid machine the unified tree only holds PSI files, and v1 answers the rest.
 */
export interface CgroupLayout {
  version: 1 | 2;
  /** The tree that is walked to find containers and whose cgroup.procs lists their processes. */
  primary: CgroupHierarchy;
  cpu: CgroupHierarchy | null;
  cpuacct: CgroupHierarchy | null;
  memory: CgroupHierarchy | null;
  pids: CgroupHierarchy | null;
  io: CgroupHierarchy | null;
  /** Where cpu.pressure, memory.pressure and io.pressure are (v2, or the hybrid unified tree). */
  psi: CgroupHierarchy | null;
}

/** Choose the hierarchies; null when no cgroup filesystem is mounted. */
export function cgroupLayout(hierarchies: readonly CgroupHierarchy[]): CgroupLayout | null {
  const v2 = hierarchies.find((h) => h.version === 2) ?? null;
  const v1 = (c: string): CgroupHierarchy | null => hierarchies.find((h) => h.version === 1 && h.controllers.includes(c)) ?? null;
  if (v2 !== null && (v2.controllers.includes('memory') || !hierarchies.some((h) => h.version === 1))) {
    return { version: 2, primary: v2, cpu: v2, cpuacct: v2, memory: v2, pids: v2, io: v2, psi: v2 };
  }
  const primary = v1('memory') ?? v1('pids') ?? v1('name=systemd') ?? hierarchies.find((h) => h.version === 1) ?? null;
  if (primary === null) return null;
  return {
    version: 1, primary, cpu: v1('cpu'), cpuacct: v1('cpuacct'), memory: v1('memory'), pids: v1('pids'), io: v1('blkio'),
    psi: v2,
  };
}

function num(text: string | null): number | null {
  if (text === null) return null;
  return parseByteCount(text) ?? null;
}

/** Read one cgroup's counters and limits. Absent or unreadable files leave their figures null. */
export function readCgroupStats(cgfs: CgroupFs, layout: CgroupLayout, path: string): CgroupStats {
  const s: CgroupStats = {
    cpuUsageNs: null, nrPeriods: null, nrThrottled: null, throttledNs: null, cpuLimit: null, memoryUsage: null,
    inactiveFile: null, memoryLimit: null, pidsCurrent: null, pidsMax: null, ioReadBytes: null, ioWriteBytes: null,
    cpuPressure: null, memoryPressure: null, ioPressure: null,
  };
  if (layout.version === 2) {
    const h = layout.primary;
    const cpu = cgfs.read(h, path, 'cpu.stat');
    if (cpu !== null) {
      const m = parseFlatKeyed(cpu);
      const usage = m.get('usage_usec');
      s.cpuUsageNs = usage === undefined ? null : usage * 1000;
      s.nrPeriods = m.get('nr_periods') ?? null;
      s.nrThrottled = m.get('nr_throttled') ?? null;
      const t = m.get('throttled_usec');
      s.throttledNs = t === undefined ? null : t * 1000;
    }
    const max = cgfs.read(h, path, 'cpu.max');
    const q = max === null ? undefined : parseCpuMax(max);
    s.cpuLimit = q === undefined || q.quotaUs === null ? null : q.quotaUs / q.periodUs;
    s.memoryUsage = num(cgfs.read(h, path, 'memory.current'));
    const stat = cgfs.read(h, path, 'memory.stat');
    s.inactiveFile = stat === null ? null : parseFlatKeyed(stat).get('inactive_file') ?? null;
    const lim = cgfs.read(h, path, 'memory.max');
    s.memoryLimit = lim === null ? null : parseMemoryLimit(lim) ?? null;
    readPids(cgfs, h, path, s);
    const io = cgfs.read(h, path, 'io.stat');
    if (io !== null) {
      const b = parseIoStat(io);
      s.ioReadBytes = b.read;
      s.ioWriteBytes = b.write;
    }
  } else {
    if (layout.cpuacct !== null) s.cpuUsageNs = num(cgfs.read(layout.cpuacct, path, 'cpuacct.usage'));
    if (layout.cpu !== null) {
      const cpu = cgfs.read(layout.cpu, path, 'cpu.stat');
      if (cpu !== null) {
        const m = parseFlatKeyed(cpu);
        s.nrPeriods = m.get('nr_periods') ?? null;
        s.nrThrottled = m.get('nr_throttled') ?? null;
        s.throttledNs = m.get('throttled_time') ?? null;
      }
      const quota = cgfs.read(layout.cpu, path, 'cpu.cfs_quota_us');
      const period = quota === null ? null : cgfs.read(layout.cpu, path, 'cpu.cfs_period_us');
      const q = quota === null || period === null ? undefined : parseCfsQuota(quota, period);
      s.cpuLimit = q === undefined || q.quotaUs === null ? null : q.quotaUs / q.periodUs;
    }
    if (layout.memory !== null) {
      const h = layout.memory;
      s.memoryUsage = num(cgfs.read(h, path, 'memory.usage_in_bytes'));
      const stat = cgfs.read(h, path, 'memory.stat');
      s.inactiveFile = stat === null ? null : parseFlatKeyed(stat).get('total_inactive_file') ?? null;
      const lim = cgfs.read(h, path, 'memory.limit_in_bytes');
      s.memoryLimit = lim === null ? null : parseMemoryLimit(lim) ?? null;
    }
    if (layout.pids !== null) readPids(cgfs, layout.pids, path, s);
    if (layout.io !== null) {
      const io = cgfs.read(layout.io, path, 'blkio.throttle.io_service_bytes_recursive') ??
        cgfs.read(layout.io, path, 'blkio.throttle.io_service_bytes');
      if (io !== null) {
        const b = parseBlkioServiceBytes(io);
        s.ioReadBytes = b.read;
        s.ioWriteBytes = b.write;
      }
    }
  }
  if (layout.psi !== null) {
    s.cpuPressure = pressure(cgfs, layout.psi, path, 'cpu.pressure');
    s.memoryPressure = pressure(cgfs, layout.psi, path, 'memory.pressure');
    s.ioPressure = pressure(cgfs, layout.psi, path, 'io.pressure');
  }
  return s;
}

function readPids(cgfs: CgroupFs, h: CgroupHierarchy, path: string, s: CgroupStats): void {
  s.pidsCurrent = num(cgfs.read(h, path, 'pids.current'));
  const max = cgfs.read(h, path, 'pids.max');
  s.pidsMax = max === null ? null : parsePidsMax(max) ?? null;
}

function pressure(cgfs: CgroupFs, h: CgroupHierarchy, path: string, file: string): PressureFigures | null {
  const t = cgfs.read(h, path, file);
  return t === null ? null : parsePressure(t);
}

/** Processes listed in a cgroup's own cgroup.procs (not its children's). */
export function readCgroupProcs(cgfs: CgroupFs, layout: CgroupLayout, path: string): number[] {
  const t = cgfs.read(layout.primary, path, 'cgroup.procs');
  return t === null ? [] : parseCgroupProcs(t);
}

/** Working set as the docker CLI and the kubelet compute it: usage minus inactive file pages, at least 0. */
export function workingSet(s: CgroupStats): number | null {
  if (s.memoryUsage === null) return null;
  const w = s.memoryUsage - (s.inactiveFile ?? 0);
  return w > 0 ? w : 0;
}
