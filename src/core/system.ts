/** Jiffy counters of one /proc/stat `cpu` line, clock ticks. guest and guest_nice are already inside user/nice. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

/** Share of one interval spent in each mode, percent (0-100); fields sum to 100 when total > 0. */
export interface CpuPercent {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  /** 100 - idle - iowait. */
  busy: number;
}

/** /proc/stat besides the cpu lines. */
export interface ProcStat {
  total: CpuTimes;
  perCpu: CpuTimes[];
  /** The kernel's number of each perCpu entry (`cpu2` -> 2): differs from the index when a CPU is offline. */
  cpuIds: number[];
  /** Boot time, seconds since the epoch. */
  btime: number;
  contextSwitches: number;
  processesForked: number;
  procsRunning: number;
  procsBlocked: number;
}

/**
 * /proc/meminfo, every key converted to bytes (keys without a unit, like HugePages_Total, are left as counts).
 * Keys are the kernel's (MemTotal, MemAvailable, SReclaimable, ...); a key the kernel does not print is absent.
 */
export type MemInfo = Record<string, number>;

/** /proc/loadavg. */
export interface LoadAvg {
  one: number;
  five: number;
  fifteen: number;
  running: number;
  total: number;
  lastPid: number;
}

/** Task counts by state, grouped as top groups them. */
export interface TaskCounts {
  total: number;
  running: number;
  /** S + D + I + anything else not listed here. */
  sleeping: number;
  /** T + t. */
  stopped: number;
  zombie: number;
}

