import type {
  CappedList,
  CgroupLimits,
  CgroupMembership,
  CpuMax,
  DetailsProblem,
  MemoryMap,
  OpenFile,
  ProcessDetails,
  ProcessMemory,
} from '../core/process-details.js';
import { parseByteCount, parseCfsQuota, parseCpuMax, parseMemoryLimit } from '../parsers/cgroup-limits.js';
import { parseProcPidCgroup } from '../parsers/proc-pid-cgroup.js';
import { parseProcPidCmdline } from '../parsers/proc-pid-cmdline.js';
import { parseMaps } from '../parsers/proc-pid-maps.js';
import { PF_KTHREAD, parseProcPidStat, type ProcPidStat } from '../parsers/proc-pid-stat.js';
import { parseProcPidStatusExtra } from '../parsers/proc-pid-status-extra.js';
import { parseProcPidStatus } from '../parsers/proc-pid-status.js';
import { parseProcStat } from '../parsers/proc-stat.js';
import { parseSmapsRollup } from '../parsers/smaps-rollup.js';
import { USER_HZ } from '../source/machine.js';
import type { ProcFs } from '../source/proc-fs.js';
import { UserNames } from '../source/users.js';

/** Knobs for {@link readProcessDetails}; the defaults suit the dashboard. */
export interface DetailsOptions {
  /** Most memory mappings to parse; the rest are counted ("(N more)"). Default 2000. */
  mapsLimit?: number;
  /** Most file descriptors to readlink; the rest are counted. Default 1000. */
  fdLimit?: number;
  /** Clock ticks per second of stat's CPU times. Default USER_HZ (100). */
  hz?: number;
  /** uid -> user name; default reads /etc/passwd under the ProcFs root. */
  userName?: (uid: number) => string;
}

/** Default caps: a process may have 65 530 mappings and a million descriptors; the screen needs a few. */
export const DEFAULT_MAPS_LIMIT = 2000;
export const DEFAULT_FD_LIMIT = 1000;

/** Errno code -> the few words the details screen shows. */
export function readFailureReason(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'not present';
    case 'ESRCH':
      return 'process has exited';
    default:
      return code;
  }
}

/**
 * Read everything the details screen shows about one process, through `fs` only (so a fixture root works).
 * Returns null when the process does not exist or exited while it was read (its stat is gone, or the pid
 * now belongs to a process with another start time). Unreadable parts (another user's maps, fd and
 * smaps_rollup when not root) become null fields plus an entry in `problems`; nothing throws for them.
 *
 * Cost: about 10 small reads, plus maps (one pass, `mapsLimit` lines parsed) and one readlink per shown
 * descriptor; meant for a keypress, not for every tick.
 */
export function readProcessDetails(fs: ProcFs, pid: number, opts: DetailsOptions = {}): ProcessDetails | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const stat = readStat(fs, pid);
  if (stat === null) return null;
  const hz = opts.hz ?? USER_HZ;
  const problems: DetailsProblem[] = [];
  const dir = `/proc/${pid}`;
  const kernelThread = (stat.flags & PF_KTHREAD) !== 0;
  const zombie = stat.state === 'Z' || stat.state === 'X';

  const statusText = fs.tryReadText(`${dir}/status`);
  const status = statusText.ok ? parseProcPidStatus(statusText.value) : null;
  const extra = statusText.ok ? parseProcPidStatusExtra(statusText.value) : null;
  if (!statusText.ok) problems.push({ what: 'status', reason: readFailureReason(statusText.code) });

  const cmdText = fs.tryReadText(`${dir}/cmdline`);
  const cmdline = cmdText.ok ? parseProcPidCmdline(cmdText.value) : null;
  if (!cmdText.ok) problems.push({ what: 'command line', reason: readFailureReason(cmdText.code) });

  const uid = status?.uid?.[0] ?? fs.ownerUid(pid);
  const euid = status?.uid?.[1] ?? null;
  let user: string | null = null;
  if (uid !== null) user = opts.userName ? opts.userName(uid) : new UserNames(fs).name(uid);

  const parent = stat.ppid > 0 ? readStat(fs, stat.ppid) : null;
  const exe = readLinkNoted(fs, `${dir}/exe`, 'executable', problems);
  const cwd = readLinkNoted(fs, `${dir}/cwd`, 'working directory', problems);

  const procStat = fs.readText('/proc/stat');
  const btime = procStat === null ? 0 : parseProcStat(procStat).btime;
  if (btime === 0) problems.push({ what: 'start time', reason: 'no btime in /proc/stat' });

  const memory = readMemory(fs, pid, status?.vmRss ?? null, extra?.vmSwap ?? null, status?.vmSize ?? null, kernelThread || zombie, problems);
  const maps = readMapsList(fs, pid, opts.mapsLimit ?? DEFAULT_MAPS_LIMIT, problems);
  const openFiles = readOpenFiles(fs, pid, opts.fdLimit ?? DEFAULT_FD_LIMIT, problems);

  const cgText = fs.tryReadText(`${dir}/cgroup`);
  const cgroups = cgText.ok ? parseProcPidCgroup(cgText.value) : [];
  if (!cgText.ok) problems.push({ what: 'cgroup', reason: readFailureReason(cgText.code) });
  const limits = cgroups.length > 0 ? readCgroupLimits(fs, cgroups) : null;
  if (cgroups.length > 0 && limits === null) problems.push({ what: 'cgroup limits', reason: 'no limit files under /sys/fs/cgroup' });

  // The pid may have exited, or even been reused, while we read: check it is still the same process.
  const again = readStat(fs, pid);
  if (again === null || again.starttime !== stat.starttime) return null;

  const args = cmdline ?? [];
  return {
    pid,
    comm: stat.comm,
    cmdline,
    command: zombie ? `[${stat.comm}] <defunct>` : args.length > 0 ? args.join(' ') : `[${stat.comm}]`,
    state: stat.state,
    stateName: extra?.stateName ?? stateWords(stat.state),
    ppid: stat.ppid,
    parentComm: parent?.comm ?? null,
    exe,
    cwd,
    threads: status?.threads ?? stat.numThreads,
    nice: stat.nice,
    priority: stat.priority,
    uid,
    euid,
    user,
    startTime: btime > 0 ? btime + stat.starttime / hz : null,
    utime: stat.utime / hz,
    stime: stat.stime / hz,
    voluntaryCtxtSwitches: extra?.voluntaryCtxtSwitches ?? null,
    nonvoluntaryCtxtSwitches: extra?.nonvoluntaryCtxtSwitches ?? null,
    kernelThread,
    memory,
    maps,
    openFiles,
    cgroups,
    limits,
    problems,
  };
}

/**
 * readlink of exe or cwd. A kernel thread or zombie has neither (ENOENT): not worth a note. A refusal is
 * noted, since the user can do something about it (run as root).
 */
function readLinkNoted(fs: ProcFs, path: string, what: string, problems: DetailsProblem[]): string | null {
  const link = fs.tryReadLink(path);
  if (link.ok) return link.value;
  if (link.code === 'EACCES' || link.code === 'EPERM') problems.push({ what, reason: readFailureReason(link.code) });
  return null;
}

function readStat(fs: ProcFs, pid: number): ProcPidStat | null {
  const text = fs.readPid(pid, 'stat');
  return text === null ? null : parseProcPidStat(text);
}

/** proc(5) state letters, for kernels whose status lacks the words. */
function stateWords(letter: string): string {
  const words: Record<string, string> = {
    R: 'running', S: 'sleeping', D: 'disk sleep', Z: 'zombie', T: 'stopped', t: 'tracing stop',
    X: 'dead', I: 'idle', P: 'parked', W: 'paging', K: 'wakekill',
  };
  return words[letter] ?? letter;
}

function readMemory(
  fs: ProcFs,
  pid: number,
  vmRss: number | null,
  vmSwap: number | null,
  vmSize: number | null,
  noUserMemory: boolean,
  problems: DetailsProblem[],
): ProcessMemory {
  const text = fs.tryReadText(`/proc/${pid}/smaps_rollup`);
  const rollup = text.ok ? parseSmapsRollup(text.value) : null;
  if (rollup !== null) {
    return {
      rss: rollup.rss,
      pss: rollup.pss,
      uss: rollup.uss,
      shared: rollup.sharedClean + rollup.sharedDirty,
      swap: rollup.swap,
      vsize: vmSize,
      source: 'smaps_rollup',
    };
  }
  // Kernel threads and zombies have no address space: an empty file (or ESRCH) is the truth, not a problem.
  if (noUserMemory) return { rss: 0, pss: 0, uss: 0, shared: 0, swap: 0, vsize: vmSize ?? 0, source: null };
  problems.push({
    what: 'PSS/USS (smaps_rollup)',
    reason: text.ok ? 'empty' : readFailureReason(text.code),
  });
  const fallback = vmRss !== null || vmSwap !== null;
  return { rss: vmRss, pss: null, uss: null, shared: null, swap: vmSwap, vsize: vmSize, source: fallback ? 'status' : null };
}

function readMapsList(fs: ProcFs, pid: number, limit: number, problems: DetailsProblem[]): CappedList<MemoryMap> | null {
  const text = fs.tryReadText(`/proc/${pid}/maps`);
  if (!text.ok) {
    problems.push({ what: 'memory maps', reason: readFailureReason(text.code) });
    return null;
  }
  const parsed = parseMaps(text.value, limit);
  return { entries: parsed.entries, more: parsed.total - parsed.entries.length };
}

function readOpenFiles(fs: ProcFs, pid: number, limit: number, problems: DetailsProblem[]): CappedList<OpenFile> | null {
  const dir = `/proc/${pid}/fd`;
  const list = fs.tryListDir(dir);
  if (!list.ok) {
    problems.push({ what: 'open files', reason: readFailureReason(list.code) });
    return null;
  }
  const fds = list.value.map(Number).filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => a - b);
  const entries: OpenFile[] = [];
  let unreadable = 0;
  let firstCode = '';
  for (const fd of fds.slice(0, limit)) {
    const link = fs.tryReadLink(`${dir}/${fd}`);
    if (link.ok) entries.push({ fd, target: link.value });
    // A descriptor closed between readdir and readlink is simply no longer open.
    else if (link.code !== 'ENOENT') {
      entries.push({ fd, target: null });
      if (unreadable++ === 0) firstCode = link.code;
    }
  }
  if (unreadable > 0) {
    // The directory of a non-dumpable process lists, but its links refuse readlink (EACCES, even for root).
    const what = unreadable === entries.length ? 'open file targets' : `${unreadable} of ${entries.length} open file targets`;
    problems.push({ what, reason: readFailureReason(firstCode) });
  }
  return { entries, more: Math.max(0, fds.length - limit) };
}

/** "/a/b/c" -> ["/a/b/c", "/a/b", "/a", "/"]; null for a path outside our cgroup namespace ("/../x"). */
function ancestors(path: string): string[] | null {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const out: string[] = [];
  for (let i = parts.length; i >= 0; i--) out.push('/' + parts.slice(0, i).join('/'));
  return out;
}

function join(base: string, cgPath: string, file: string): string {
  return `${base}${cgPath === '/' ? '' : cgPath}/${file}`;
}

/** Fraction of one CPU a limit allows; Infinity when unlimited. */
function cpuShare(max: CpuMax): number {
  return max.quotaUs === null ? Number.POSITIVE_INFINITY : max.quotaUs / max.periodUs;
}

interface Found {
  any: boolean;
  memoryMax: number | null;
  memoryMaxAt: string | null;
  memoryCurrent: number | null;
  cpuMax: CpuMax | null;
  cpuMaxAt: string | null;
}

function emptyFound(): Found {
  return { any: false, memoryMax: null, memoryMaxAt: null, memoryCurrent: null, cpuMax: null, cpuMaxAt: null };
}

function tightenMemory(found: Found, bytes: number | null | undefined, at: string): void {
  if (bytes === undefined) return;
  found.any = true;
  if (bytes !== null && (found.memoryMax === null || bytes < found.memoryMax)) {
    found.memoryMax = bytes;
    found.memoryMaxAt = at;
  }
}

function tightenCpu(found: Found, max: CpuMax | undefined, at: string): void {
  if (max === undefined) return;
  found.any = true;
  if (max.quotaUs !== null && (found.cpuMax === null || cpuShare(max) < cpuShare(found.cpuMax))) {
    found.cpuMax = max;
    found.cpuMaxAt = at;
  }
}

/**
 * The tightest memory and CPU limits from the process's cgroup up to the root. cgroup v2 is looked for at
 * /sys/fs/cgroup (unified layout) or /sys/fs/cgroup/unified (hybrid layout); v1 controllers at
 * /sys/fs/cgroup/<controller> or /sys/fs/cgroup/<controller,list>. v2 wins when it has any limit file.
 * A readable v2 tree without limit files means no limit (all null). Returns null when nothing is readable:
 * no cgroup filesystem under /sys/fs/cgroup, or a path outside our cgroup namespace.
 */
export function readCgroupLimits(fs: ProcFs, cgroups: CgroupMembership[]): CgroupLimits | null {
  const v2 = cgroups.find((c) => c.hierarchy === 0 && c.controllers.length === 0);
  let v2Readable = false;
  if (v2) {
    const base = fs.readText('/sys/fs/cgroup/cgroup.controllers') !== null
      ? '/sys/fs/cgroup'
      : fs.readText('/sys/fs/cgroup/unified/cgroup.controllers') !== null ? '/sys/fs/cgroup/unified' : null;
    const chain = ancestors(v2.path);
    if (base !== null && chain !== null) {
      v2Readable = true;
      const found = emptyFound();
      for (const p of chain) {
        const mem = fs.readText(join(base, p, 'memory.max'));
        if (mem !== null) tightenMemory(found, parseMemoryLimit(mem), p);
        const cpu = fs.readText(join(base, p, 'cpu.max'));
        if (cpu !== null) tightenCpu(found, parseCpuMax(cpu), p);
      }
      const current = fs.readText(join(base, v2.path, 'memory.current'));
      found.memoryCurrent = current === null ? null : parseByteCount(current) ?? null;
      if (found.any) return finish(found, 2);
    }
  }
  const found = emptyFound();
  for (const cg of cgroups) {
    if (cg.hierarchy === 0) continue;
    const chain = ancestors(cg.path);
    if (chain === null) continue;
    const bases = [...new Set([...cg.controllers.map((c) => `/sys/fs/cgroup/${c}`), `/sys/fs/cgroup/${cg.controllers.join(',')}`])];
    if (cg.controllers.includes('memory')) {
      const base = bases.find((b) => fs.readText(join(b, '/', 'memory.limit_in_bytes')) !== null);
      if (base !== undefined) {
        for (const p of chain) {
          const mem = fs.readText(join(base, p, 'memory.limit_in_bytes'));
          if (mem !== null) tightenMemory(found, parseMemoryLimit(mem), p);
        }
        const usage = fs.readText(join(base, cg.path, 'memory.usage_in_bytes'));
        found.memoryCurrent = usage === null ? null : parseByteCount(usage) ?? null;
      }
    }
    if (cg.controllers.includes('cpu')) {
      const base = bases.find((b) => fs.readText(join(b, '/', 'cpu.cfs_period_us')) !== null);
      if (base !== undefined) {
        for (const p of chain) {
          const quota = fs.readText(join(base, p, 'cpu.cfs_quota_us'));
          const period = fs.readText(join(base, p, 'cpu.cfs_period_us'));
          if (quota !== null && period !== null) tightenCpu(found, parseCfsQuota(quota, period), p);
        }
      }
    }
  }
  if (found.any) return finish(found, 1);
  // A readable v2 tree without limit files on the way up (the root cgroup, or the memory and cpu
  // controllers not enabled for this subtree) limits nothing: that is an answer, not a failure.
  return v2Readable ? finish(emptyFound(), 2) : null;
}

function finish(f: Found, version: 1 | 2): CgroupLimits {
  return {
    memoryMax: f.memoryMax,
    memoryMaxAt: f.memoryMaxAt,
    memoryCurrent: f.memoryCurrent,
    cpuMax: f.cpuMax,
    cpuMaxAt: f.cpuMaxAt,
    version,
  };
}
