import type { ContainerCpu, ContainerSample } from './container.js';
import type { FsUsage, Mount } from './filesystem.js';
import type { GpuSample } from './gpu.js';
import type { SystemInfo } from './system-info.js';
import type { DiskStats, NetDevStats } from './io.js';
import type { Pressure } from './pressure.js';
import type { ProcessRow } from './process.js';
import type { CpuPercent, LoadAvg, MemInfo, ProcStat, TaskCounts } from './system.js';

/**
 * Everything one scheduler tick collected. Views, commands and the exporter read snapshots only; they never
 * read /proc themselves. Families the tick was not asked for are empty (processes) or absent (filesystems).
 */
export interface Snapshot {
  /** Wall clock when the tick started, milliseconds since the epoch. */
  time: number;
  /**
   * Made by the portable backend (systeminformation, pidusage, os): counters it has no source for (context
   * switches, forks, guest, iowait, softirq and steal time) are 0 here and are not exported or shown as figures.
   */
  portable?: boolean;
  /** Seconds since the previous tick (monotonic clock); null on the first tick. */
  interval: number | null;
  /** /proc/uptime first field, seconds. */
  uptime: number;
  /** Clock ticks per second (USER_HZ). */
  hz: number;
  /** Page size, bytes. */
  pageSize: number;
  stat: ProcStat;
  /** CPU use since the previous tick; null on the first tick. */
  cpu: { total: CpuPercent; perCpu: CpuPercent[] } | null;
  mem: MemInfo;
  load: LoadAvg;
  tasks: TaskCounts;
  processes: ProcessRow[];
  filesystems?: FsUsage[];
  /** Every mount of /proc/self/mountinfo, in file order (the dashboard's mounts view); absent when not asked for. */
  mounts?: Mount[];
  /** /proc/diskstats, every device (filtering is the reader's business); absent when not asked for or unreadable. */
  disks?: DiskStats[];
  /** /proc/net/dev, every interface; absent when not asked for or unreadable. */
  network?: NetDevStats[];
  /**
   * Inside a limited cgroup (the dashboard, unless --host): sysmon's own cgroup's CPU use against its CPU limit,
   * which the CPU meter and the CPU history show instead of the host's `cpu.total`. Absent otherwise.
   */
  containerCpu?: ContainerCpu;
  /** Containers and pods from the cgroup filesystem; absent when not asked for. */
  containers?: ContainerSample;
  /** /proc/pressure (PSI); absent when not asked for or the kernel has none. */
  pressure?: Pressure;
  /** Logged-in users (utmp), as top's first line counts them; absent when not asked for (recordings keep it). */
  users?: number;
  /** Every GPU (NVIDIA, AMD, Intel); absent when not asked for (`--no-gpu`) or none was found. */
  gpus?: GpuSample[];
  /** Static facts of the machine (the System view); read once, absent until asked for. */
  system?: SystemInfo;
}
