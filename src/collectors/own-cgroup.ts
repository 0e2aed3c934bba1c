import type { CgroupCpuCounters, CgroupHierarchy, OwnCgroup } from '../core/container.js';
import { containerMemInfo, cpuAgainstLimit } from '../core/container.js';
import { monotonicMs } from '../core/monotonic.js';
import type { CgroupMembership, CpuMax } from '../core/process-details.js';
import type { Snapshot } from '../core/snapshot.js';
import { parseByteCount, parseCfsQuota, parseCpuMax } from '../parsers/cgroup-limits.js';
import { parseFlatKeyed } from '../parsers/cgroup-stats.js';
import { parseProcPidCgroup } from '../parsers/proc-pid-cgroup.js';
import { CgroupFs } from '../source/cgroup-fs.js';
import type { ProcFs } from '../source/proc-fs.js';
import { findCgroupHierarchies } from './cgroup-hierarchies.js';
import { readCgroupLimits } from './process-details-collector.js';
import type { SnapshotExtension } from './snapshot-collector.js';

/**
 * sysmon's own cgroup limits (from /proc/self/cgroup, the tightest limits up to the root, as the details screen
 * finds them) and the memory charged where the memory limit is set. Null when nothing limits sysmon: then it
 * is not "inside a container" in any sense that changes a figure. `cpu: false` skips the CPU limit's walk
 * (cpuLimit is then the fixed-path reading only), for callers that want memory figures alone.
 */
export function readOwnCgroup(fs: ProcFs, opts: { cpu?: boolean } = {}): OwnCgroup | null {
  const text = fs.readText('/proc/self/cgroup');
  if (text === null) return null;
  const cgroups = parseProcPidCgroup(text);
  const limits = readCgroupLimits(fs, cgroups);
  // The CPU limit as the CPU meter finds it (the hierarchies where mountinfo puts them), so the header and the
  // meter agree; the fixed-path walk answers when the mount table is unreadable.
  const cpu = opts.cpu === false ? null : findOwnCpuCounter(new CgroupFs(fs.root), cgroups);
  const fixedCpu = limits?.cpuMax == null || limits.cpuMax.quotaUs === null ? null : limits.cpuMax.quotaUs / limits.cpuMax.periodUs;
  const cpuLimit = cpu?.limit ?? fixedCpu;
  const memoryLimit = limits?.memoryMax ?? null;
  if (memoryLimit === null && cpuLimit === null) return null;
  const own: OwnCgroup = { memoryLimit, cpuLimit, memoryUsage: null, fileCache: null, inactiveFile: null, shmem: null };
  const at = limits?.memoryMaxAt ?? null;
  if (limits !== null && at !== null) {
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
      // Each tick needs the memory figures only: the CPU limit's walk through the mount table is not repeated.
      const own = readOwnCgroup(fs, { cpu: false });
      if (own !== null) snapshot.mem = containerMemInfo(snapshot.mem, own);
    },
  };
}

/**
 * Where sysmon's own cgroup has its CPU limit and where that cgroup's CPU time is counted: found once at start
 * by {@link findOwnCpuCounter}, then read every tick by {@link readOwnCpuCounters} (one or two small files).
 */
export interface OwnCpuCounter {
  version: 1 | 2;
  /** Tightest CPU limit from sysmon's cgroup up to the root, CPUs (quota / period). */
  limit: number;
  /** The cgroup that sets it (path in the cpu hierarchy). */
  at: string;
  /**
   * The hierarchy and cgroup whose counters are read: v2 the limiting cgroup's cpu.stat; v1 its cpuacct.usage
   * and cpuacct.stat. Null when no cpuacct cgroup is known to hold the same processes (v1 with cpu and
   * cpuacct mounted apart and sysmon at different paths in them): the meter then stays the host's.
   */
  usage: { hierarchy: CgroupHierarchy; path: string } | null;
}

/** A cgroup path and its ancestors, innermost first; null for a path that climbs (`..`). */
function selfAndAncestors(path: string): string[] | null {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const out: string[] = [];
  for (let i = parts.length; i >= 0; i--) out.push('/' + parts.slice(0, i).join('/'));
  return out;
}

/** The tightest CPU limit on the way up from `path` (the innermost wins a tie), or null when none limits. */
function tightestCpu(path: string, read: (p: string) => CpuMax | undefined): { limit: number; at: string } | null {
  let best: { limit: number; at: string } | null = null;
  for (const p of selfAndAncestors(path) ?? []) {
    const max = read(p);
    if (max === undefined || max.quotaUs === null) continue;
    const limit = max.quotaUs / max.periodUs;
    if (limit > 0 && (best === null || limit < best.limit)) best = { limit, at: p };
  }
  return best;
}

/**
 * Find sysmon's CPU limit and its usage counter from /proc/self/cgroup (or `cgroups`, already parsed) and the
 * mounted hierarchies (/proc/self/mountinfo: a v1 controller is wherever it is mounted, alone or co-mounted,
 * and a hierarchy mounted from a sub-cgroup, as in a container without a cgroup namespace, maps its paths).
 * cgroup v2 when its tree has the cpu controller (cpu.max), else v1 (cpu.cfs_quota_us / cpu.cfs_period_us).
 * Null when nothing limits sysmon's CPU.
 */
export function findOwnCpuCounter(cgfs: CgroupFs, cgroups?: readonly CgroupMembership[]): OwnCpuCounter | null {
  let mine = cgroups;
  if (mine === undefined) {
    const text = cgfs.readSystem('/proc/self/cgroup');
    mine = text === null ? [] : parseProcPidCgroup(text);
  }
  if (mine.length === 0) return null;
  const hierarchies = findCgroupHierarchies(cgfs);
  const v2 = hierarchies.find((h) => h.version === 2 && h.controllers.includes('cpu'));
  const unified = mine.find((c) => c.hierarchy === 0 && c.controllers.length === 0);
  if (v2 !== undefined && unified !== undefined) {
    const t = tightestCpu(unified.path, (p) => {
      const text = cgfs.read(v2, p, 'cpu.max');
      return text === null ? undefined : parseCpuMax(text);
    });
    if (t !== null) return { version: 2, limit: t.limit, at: t.at, usage: { hierarchy: v2, path: t.at } };
  }
  const cpuH = hierarchies.find((h) => h.version === 1 && h.controllers.includes('cpu'));
  const cpuM = mine.find((c) => c.hierarchy !== 0 && c.controllers.includes('cpu'));
  if (cpuH === undefined || cpuM === undefined) return null;
  const t = tightestCpu(cpuM.path, (p) => {
    const quota = cgfs.read(cpuH, p, 'cpu.cfs_quota_us');
    const period = quota === null ? null : cgfs.read(cpuH, p, 'cpu.cfs_period_us');
    return quota === null || period === null ? undefined : parseCfsQuota(quota, period);
  });
  if (t === null) return null;
  const acctH = hierarchies.find((h) => h.version === 1 && h.controllers.includes('cpuacct'));
  const acctM = mine.find((c) => c.hierarchy !== 0 && c.controllers.includes('cpuacct'));
  // Co-mounted (cpu,cpuacct: docker's and systemd's usual layout), both count one cgroup. Mounted apart (as
  // on some hybrid machines), cpuacct's cgroup at the same path holds the same processes only as far as the
  // two trees mirror each other: trusted when sysmon sits at the same path in both, as runtimes arrange it.
  const same = acctH !== undefined && acctM !== undefined && (acctH === cpuH || acctM.path === cpuM.path);
  return { version: 1, limit: t.limit, at: t.at, usage: same ? { hierarchy: acctH, path: t.at } : null };
}

/**
 * The CPU time counters of the cgroup {@link findOwnCpuCounter} found: v2 one read (cpu.stat: usage_usec,
 * user_usec, system_usec), v1 two (cpuacct.usage in nanoseconds; cpuacct.stat's user and system in clock
 * ticks of `hz`, only their proportion is used). Null when the counter is gone or unreadable.
 */
export function readOwnCpuCounters(cgfs: CgroupFs, counter: OwnCpuCounter, hz: number): CgroupCpuCounters | null {
  const u = counter.usage;
  if (u === null) return null;
  if (counter.version === 2) {
    const text = cgfs.read(u.hierarchy, u.path, 'cpu.stat');
    if (text === null) return null;
    const m = parseFlatKeyed(text);
    const usage = m.get('usage_usec');
    if (usage === undefined) return null;
    const user = m.get('user_usec');
    const system = m.get('system_usec');
    return { usageNs: usage * 1000, userNs: user === undefined ? null : user * 1000, systemNs: system === undefined ? null : system * 1000 };
  }
  const text = cgfs.read(u.hierarchy, u.path, 'cpuacct.usage');
  const usage = text === null ? undefined : parseByteCount(text);
  if (usage === undefined) return null;
  const stat = cgfs.read(u.hierarchy, u.path, 'cpuacct.stat');
  const m = stat === null ? null : parseFlatKeyed(stat);
  const ticks = (k: string): number | null => {
    const v = m?.get(k);
    return v === undefined || !(hz > 0) ? null : (v * 1e9) / hz;
  };
  return { usageNs: usage, userNs: ticks('user'), systemNs: ticks('system') };
}

/**
 * A snapshot extension that sets `snapshot.containerCpu`: sysmon's own cgroup's CPU use since the previous
 * tick against its CPU limit. Reads one (v2) or two (v1) small files a tick and nothing per process; the
 * interval is its own monotonic clock between the reads, not the tick's, so a late tick does not skew it.
 */
export class ContainerCpuExtension implements SnapshotExtension {
  readonly name = 'container cpu';
  private prev: { counters: CgroupCpuCounters; atMs: number } | null = null;

  constructor(
    private readonly cgfs: CgroupFs,
    readonly counter: OwnCpuCounter,
    private readonly clock: () => number = monotonicMs,
  ) {}

  collect(snapshot: Snapshot): void {
    const atMs = this.clock();
    const now = readOwnCpuCounters(this.cgfs, this.counter, snapshot.hz);
    const prev = this.prev;
    this.prev = now === null ? null : { counters: now, atMs };
    // The counter vanished (the cgroup was removed): the host's CPU line is the best there is.
    if (now === null) return;
    const r = prev === null ? null : cpuAgainstLimit(prev.counters, now, (atMs - prev.atMs) / 1000, this.counter.limit);
    snapshot.containerCpu = { limit: this.counter.limit, percent: r?.percent ?? null, cpus: r?.cpus ?? null };
  }
}
