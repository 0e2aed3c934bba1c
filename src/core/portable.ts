/** What the portable backend hands the collectors: facts in the shapes systeminformation and pidusage give. */

/** Memory, bytes (systeminformation's mem()). */
export interface PortableMemory {
  total: number;
  free: number;
  available: number;
  buffers: number;
  cached: number;
  /** Slab memory, reclaimable and not (Linux); 0 elsewhere. */
  slab: number;
  swapTotal: number;
  swapFree: number;
}

/** One CPU's cumulative times, milliseconds (Node's os.cpus()). */
export interface PortableCpuTimes {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

/** One process, merged from systeminformation's processes() and pidusage. */
export interface PortableProcess {
  pid: number;
  ppid: number;
  /** Short name (comm). */
  name: string;
  /** Executable and arguments; empty when unknown (kernel threads). */
  command: string;
  /** Directory of the executable, '' when unknown. */
  path: string;
  params: string;
  user: string;
  /** running, sleeping, blocked, stopped, zombie, idle, unknown. */
  state: string;
  nice: number;
  priority: number;
  /** Virtual size and resident set, bytes. */
  vsize: number;
  rss: number;
  /** CPU time used since start, milliseconds (pidusage ctime). */
  cpuMs: number;
  /** Start, milliseconds since the epoch. */
  startedMs: number;
  tty: string;
}

/** One mounted filesystem (systeminformation's fsSize()), bytes. */
export interface PortableFilesystem {
  source: string;
  fstype: string;
  target: string;
  size: number;
  used: number;
  avail: number;
  readOnly: boolean;
}

/** One network interface's cumulative counters, from systeminformation's networkStats(). */
export interface PortableNetInterface {
  /** Interface name (eth0, en0, lo). */
  device: string;
  /** Bytes received and sent since the interface came up. */
  rxBytes: number;
  txBytes: number;
  /** Packets in error and dropped, received and sent. */
  rxErrors: number;
  rxDropped: number;
  txErrors: number;
  txDropped: number;
}
