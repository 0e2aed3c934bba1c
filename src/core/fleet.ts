/**
 * One host of `sysmon fleet`, as a Prometheus server sees it: the newest values of the node_exporter families
 * (and of sysmon's per-process families where the target is a `sysmon serve`). Every figure is null when the
 * server has no such series for the host (a node_exporter without that collector, a host that is down).
 */
export interface FleetHost {
  /** The `instance` label (host:port of the target). */
  instance: string;
  /** The `job` label; several jobs scraping one instance are joined with ','. */
  job: string;
  /** Other target labels of the host's `up` series (dc, env ...), for filters and JSON. */
  labels: Record<string, string>;
  /** Last scrape succeeded (`up` == 1); false when it failed; null when the host has no current `up`. */
  up: boolean | null;
  /** Seconds since the last scrape attempt (up's timestamp); null when unknown. */
  scrapeAgeSeconds: number | null;
  /** What exports the host: 'sysmon' (sysmon_collections_total present), 'node' (node_exporter families only), or 'other'. */
  exporter: 'sysmon' | 'node' | 'other';
  /** CPU time not idle or waiting on I/O over the rate window, percent of all CPUs (0-100). */
  cpuBusyPercent: number | null;
  /** CPUs (count of idle series). */
  cpuCount: number | null;
  /** Load averages over 1, 5 and 15 minutes. */
  load1: number | null;
  load5: number | null;
  load15: number | null;
  /** MemTotal, bytes. */
  memTotalBytes: number | null;
  /** MemAvailable, bytes. */
  memAvailableBytes: number | null;
  /** MemTotal - MemAvailable (procps 4 free's "used"), bytes. */
  memUsedBytes: number | null;
  /** SwapTotal, bytes. */
  swapTotalBytes: number | null;
  /** SwapTotal - SwapFree, bytes. */
  swapUsedBytes: number | null;
  /** The filesystem with the highest df Use% (tmpfs and friends left out); null when none. */
  fullestFs: { mountpoint: string; device: string; usePercent: number; availBytes: number | null } | null;
  /** All interfaces but lo, bytes per second over the rate window. */
  netRxBytesPerSecond: number | null;
  netTxBytesPerSecond: number | null;
  /** All exported disks, bytes per second over the rate window. */
  diskReadBytesPerSecond: number | null;
  diskWriteBytesPerSecond: number | null;
  /** The process using the most CPU over the rate window (sysmon targets only). */
  topCpu: FleetProcess | null;
  /** The process with the largest resident set (sysmon targets only). */
  topMem: FleetProcess | null;
}

/** A process from sysmon's per-process families. */
export interface FleetProcess {
  pid: number;
  comm: string;
  user: string;
  /** CPU over the rate window, percent of one CPU (top's %CPU); null for the memory ranking when unknown. */
  cpuPercent: number | null;
  /** Resident set size, bytes; null when unknown. */
  rssBytes: number | null;
}

/** One time series of a host's history chart. */
export interface FleetSeries {
  /** Legend (for example the mount point or the CPU mode). */
  name: string;
  /** Sample times, seconds since the epoch. */
  times: number[];
  values: number[];
}

/** What one host's detail screen shows. */
export interface FleetHostDetail {
  instance: string;
  /** History charts over the last hour, by title ("CPU busy %", "Memory used" ...), each with a unit. */
  charts: Array<{ title: string; unit: 'percent' | 'bytes' | 'bytes/s' | 'load'; series: FleetSeries[] }>;
  /** Top processes by CPU, then by memory (sysmon targets only; empty otherwise). */
  processes: FleetProcess[];
}
