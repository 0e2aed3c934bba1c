import type { OwnCgroup } from '../core/container.js';
import type { SnapshotExtension } from './snapshot-collector.js';
import { containerMemInfo } from '../core/container.js';
import { parseByteCount } from '../parsers/cgroup-limits.js';
import { parseFlatKeyed } from '../parsers/cgroup-stats.js';
import { parseProcPidCgroup } from '../parsers/proc-pid-cgroup.js';
import type { ProcFs } from '../source/proc-fs.js';
import { readCgroupLimits } from './process-details-collector.js';

/**
 * sysmon's own cgroup limits (from /proc/self/cgroup, the tightest limits up to the root, as the details screen
 * finds them) and the memory charged where the memory limit is set. Null when nothing limits sysmon: then it
 * is not "inside a container" in any sense that changes a figure.
 */
export function readOwnCgroup(fs: ProcFs): OwnCgroup | null {
  const text = fs.readText('/proc/self/cgroup');
  if (text === null) return null;
  const cgroups = parseProcPidCgroup(text);
  const limits = readCgroupLimits(fs, cgroups);
  if (limits === null || (limits.memoryMax === null && limits.cpuMax === null)) return null;
  const own: OwnCgroup = {
    memoryLimit: limits.memoryMax,
    cpuLimit: limits.cpuMax === null || limits.cpuMax.quotaUs === null ? null : limits.cpuMax.quotaUs / limits.cpuMax.periodUs,
    memoryUsage: null, fileCache: null, inactiveFile: null, shmem: null,
  };
  const at = limits.memoryMaxAt;
  if (at !== null) {
    const rel = at === '/' ? '' : at;
    const v2Base = fs.readText('/sys/fs/cgroup/cgroup.controllers') !== null ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
    const [base, usageFile, prefix] = limits.version === 2 ? [v2Base, 'memory.current', ''] : ['/sys/fs/cgroup/memory', 'memory.usage_in_bytes', 'total_'];
    const usage = fs.readText(`${base}${rel}/${usageFile}`);
    own.memoryUsage = usage === null ? null : parseByteCount(usage) ?? null;
    const stat = fs.readText(`${base}${rel}/memory.stat`);
    if (stat !== null) {
      const m = parseFlatKeyed(stat);
      own.fileCache = m.get(limits.version === 2 ? 'file' : 'total_cache') ?? null;
      own.inactiveFile = m.get(`${prefix}inactive_file`) ?? null;
      own.shmem = m.get(`${prefix}shmem`) ?? null;
    }
  }
  return own;
}

/** A snapshot extension that replaces the host's memory figures with the container's (`--container`). */
export function containerMemoryExtension(fs: ProcFs): SnapshotExtension {
  return {
    name: 'container memory',
    collect(snapshot) {
      const own = readOwnCgroup(fs);
      if (own !== null) snapshot.mem = containerMemInfo(snapshot.mem, own);
    },
  };
}
