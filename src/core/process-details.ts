/**
 * Everything the details screen shows about one process, read once when the user asks (Enter in the
 * dashboard). Produced by `readProcessDetails` (src/collectors/process-details-collector.ts), drawn by
 * `renderDetails` (src/tui/details-view.ts), acted on by `sendSignal` / `renice`
 * (src/source/process-actions.ts). Plain data: JSON-serialisable, no bigint, no class instances.
 */

/** Memory use of a process from /proc/PID/smaps_rollup, all in bytes. */
export interface SmapsRollup {
  /** Resident set size, bytes. */
  rss: number;
  /** Proportional set size: each shared page divided by the number of processes mapping it, bytes. */
  pss: number;
  /** Unique set size: Private_Clean + Private_Dirty, what the kernel would free if the process exited, bytes. */
  uss: number;
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  /** Swapped-out anonymous memory, bytes. */
  swap: number;
  /** Proportional share of swap, bytes; null on kernels before 4.3 that do not print SwapPss. */
  swapPss: number | null;
}

/** Memory figures of the details screen, bytes. A null figure could not be read (see {@link ProcessDetails.problems}). */
export interface ProcessMemory {
  /** Resident set size, bytes (smaps_rollup Rss, else status VmRSS). */
  rss: number | null;
  /** Proportional set size, bytes (smaps_rollup only). */
  pss: number | null;
  /** Unique set size, bytes (smaps_rollup only). */
  uss: number | null;
  /** Shared_Clean + Shared_Dirty, bytes (smaps_rollup only). */
  shared: number | null;
  /** Swapped-out memory, bytes (smaps_rollup Swap, else status VmSwap). */
  swap: number | null;
  /** Virtual size (status VmSize), bytes. */
  vsize: number | null;
  /** Where rss/swap came from: the precise smaps_rollup, the status fallback, or nothing readable. */
  source: 'smaps_rollup' | 'status' | null;
}

/** One line of /proc/PID/maps. */
export interface MemoryMap {
  /**
   * Start address, lower-case hex without 0x, as the kernel prints it. A string because addresses above 2^53
   * (`[vsyscall]` at ffffffffff600000) cannot be exact JS numbers.
   */
  start: string;
  /** End address (exclusive), hex text like {@link start}. */
  end: string;
  /** end - start, bytes. */
  size: number;
  /** Permissions: r/w/x then p (private) or s (shared), e.g. "r-xp". */
  perms: string;
  /** Offset into the file, bytes. */
  offset: number;
  /** Device "major:minor" in hex as printed ("fd:01"); "00:00" for anonymous memory. */
  device: string;
  inode: number;
  /**
   * File path with `\012` decoded to a newline and the ` (deleted)` suffix removed; a pseudo name such as
   * "[heap]", "[stack]", "[vdso]", "[anon:name]"; or "" for anonymous memory.
   */
  path: string;
  /** The file was deleted after it was mapped (the kernel appended " (deleted)"). */
  deleted: boolean;
  /** What the path names: a file, a kernel pseudo region in brackets, or nothing (anonymous). */
  kind: 'file' | 'pseudo' | 'anonymous';
}

/** A capped list: the first entries, and how many more there were. */
export interface CappedList<T> {
  entries: T[];
  /** Entries that existed but were not read (over the cap); the view prints "(N more)". */
  more: number;
}

/** One open file descriptor from /proc/PID/fd. */
export interface OpenFile {
  fd: number;
  /**
   * readlink text: a path ("/var/log/x.log", maybe with " (deleted)"), or a pseudo target such as
   * "socket:[1234]", "pipe:[5678]", "anon_inode:[eventfd]"; null when this one link could not be read.
   */
  target: string | null;
}

/** One line of /proc/PID/cgroup. */
export interface CgroupMembership {
  /** Hierarchy id: 0 for the cgroup v2 unified hierarchy. */
  hierarchy: number;
  /** v1 controllers bound to the hierarchy ("cpu", "cpuacct", "name=systemd"); empty for v2. */
  controllers: string[];
  /** Path relative to the hierarchy root, "/" for the root. */
  path: string;
}

/** CPU bandwidth limit: quota microseconds of CPU time per period microseconds. */
export interface CpuMax {
  /** Microseconds per period; null means no limit ("max", or -1 in cgroup v1). */
  quotaUs: number | null;
  /** Period length, microseconds. */
  periodUs: number;
}

/**
 * The cgroup ceilings that hold this process: in a container these, not /proc/meminfo, are the real limits.
 * Each limit is the tightest one found walking from the process's cgroup up to the root.
 */
export interface CgroupLimits {
  /** Memory limit, bytes; null when no level sets one (unlimited). */
  memoryMax: number | null;
  /** Cgroup path (relative to the hierarchy root) that sets {@link memoryMax}; null when unlimited. */
  memoryMaxAt: string | null;
  /** Current memory charged to the process's own cgroup, bytes; null when unreadable. */
  memoryCurrent: number | null;
  /** Tightest CPU bandwidth limit; null when unlimited. */
  cpuMax: CpuMax | null;
  /** Cgroup path that sets {@link cpuMax}. */
  cpuMaxAt: string | null;
  /** Which interface the limits came from. */
  version: 1 | 2;
}

/** Something the details screen could not read, and why, in a few words ("permission denied"). */
export interface DetailsProblem {
  /** What was not read: "smaps_rollup", "open files", "cgroup limits" ... */
  what: string;
  reason: string;
}

/** Everything known about one process. Fields that could not be read are null and listed in {@link problems}. */
export interface ProcessDetails {
  pid: number;
  /** Text between the first `(` and the last `)` of /proc/PID/stat; may hold spaces and parentheses. */
  comm: string;
  /** Arguments from /proc/PID/cmdline; empty for kernel threads and zombies; null when unreadable. */
  cmdline: string[] | null;
  /** Command line as ps prints it: arguments joined by spaces, or `[comm]` when there are none. */
  command: string;
  /** State letter (R S D Z T t X I ...). */
  state: string;
  /** State in words ("sleeping"), from status, else derived from the letter. */
  stateName: string;
  ppid: number;
  /** comm of the parent; null when the parent is not visible (pid 0, another pid namespace, hidepid). */
  parentComm: string | null;
  /** Target of /proc/PID/exe (may end in " (deleted)"); null for kernel threads or when unreadable. */
  exe: string | null;
  /** Working directory, target of /proc/PID/cwd; null for kernel threads or when unreadable. */
  cwd: string | null;
  /** Number of threads. */
  threads: number;
  nice: number;
  /** Kernel priority as stat prints it (20 + nice for normal tasks). */
  priority: number;
  /** Real uid; null when unreadable. */
  uid: number | null;
  /** Effective uid; null when unreadable. */
  euid: number | null;
  /** User name of {@link uid}; the number as text when /etc/passwd has no entry; null when uid is unknown. */
  user: string | null;
  /** Start time, seconds since the epoch; null when the boot time could not be read. */
  startTime: number | null;
  /** User-mode CPU time, seconds. */
  utime: number;
  /** Kernel-mode CPU time, seconds. */
  stime: number;
  voluntaryCtxtSwitches: number | null;
  nonvoluntaryCtxtSwitches: number | null;
  /** True for kernel threads (PF_KTHREAD): they have no user memory, maps or open files. */
  kernelThread: boolean;
  memory: ProcessMemory;
  /** Memory mappings (capped); null when /proc/PID/maps is unreadable. */
  maps: CappedList<MemoryMap> | null;
  /** Open file descriptors, ascending (capped); null when /proc/PID/fd is unreadable. */
  openFiles: CappedList<OpenFile> | null;
  /** Memberships from /proc/PID/cgroup; empty when unreadable. */
  cgroups: CgroupMembership[];
  /** Limits from the cgroup filesystem; null when no limit file could be read. */
  limits: CgroupLimits | null;
  /** What could not be read and why. */
  problems: DetailsProblem[];
}
