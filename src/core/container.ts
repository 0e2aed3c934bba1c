import type { CpuPercent, MemInfo } from './system.js';

/**
 * Containers, pods and systemd units as sysmon sees them from /proc/PID/cgroup and the cgroup filesystem, with
 * no call to a runtime's API. Produced by parseCgroupAttribution (src/parsers/cgroup-path.ts) and the
 * container collector (src/collectors/container-collector.ts); shown by `sysmon containers`, the process
 * fields container/runtime/pod/namespace/unit, the dashboard's Containers view and the exporter.
 */

/** Who made a container's cgroup. `cri` is a Kubernetes container whose runtime the path does not name. */
export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'lxc' | 'nspawn' | 'cri';

/** Kubernetes quality-of-service class, from the kubepods path. */
export type PodQos = 'guaranteed' | 'burstable' | 'besteffort';

/** What a cgroup path says about the process in it. Every member is null when the path does not tell. */
export interface CgroupAttribution {
  /** The cgroup path this was read from (relative to its hierarchy's root, starts with `/`). */
  path: string;
  /** Runtime of the innermost container, or of a runtime helper (conmon, LXC monitor). */
  runtime: ContainerRuntime | null;
  /** Full container id (64 hex for docker, podman, containerd, cri-o); the name for LXC and nspawn. */
  containerId: string | null;
  /** The cgroup path of the container itself (a prefix of {@link path}); null outside containers. */
  containerPath: string | null;
  /**
   * A runtime helper rather than the container's own processes: `conmon` (podman, cri-o) or `monitor` (LXC).
   * The helper belongs to the container it watches when its id is known.
   */
  helper: 'conmon' | 'monitor' | null;
  /** Kubernetes pod uid (with dashes, as the API shows it), or a podman pod id. */
  podUid: string | null;
  /** The pod's cgroup path; null outside pods. */
  podPath: string | null;
  /** Kubernetes QoS class; null outside kubepods. */
  qos: PodQos | null;
  /** Innermost systemd unit other than a slice (`nginx.service`, `docker-<id>.scope`), null if none. */
  unit: string | null;
  /** Innermost systemd slice (`user-1000.slice`), null if none. */
  slice: string | null;
}

/** Names found in a runtime's state on disk (src/parsers/runtime-state.ts). */
export interface ContainerNames {
  /** Container name by full id. */
  containers: Map<string, string>;
  /** Kubernetes pod by uid (dashes): name and namespace, from /var/log/pods/<namespace>_<pod>_<uid>. */
  pods: Map<string, { name: string; namespace: string }>;
  /** Kubernetes container name by full container id (from /var/log/containers/<pod>_<ns>_<container>-<id>.log). */
  kubeContainers: Map<string, string>;
}

/** A process's container membership, resolved to names: what the process fields show. */
export interface ProcessContainer {
  /** Container name, else its 12-character id (LXC and nspawn: the name); null outside containers. */
  container: string | null;
  /** Full container id; null outside containers. */
  containerId: string | null;
  runtime: ContainerRuntime | null;
  /** Pod name, else the pod uid; null outside pods. */
  pod: string | null;
  /** Kubernetes namespace, when the kubelet's log directories name it. */
  namespace: string | null;
  /** systemd unit (or slice when there is no unit); null when neither. */
  unit: string | null;
  /** The cgroup path used (from the unified hierarchy or the v1 hierarchy that told the most). */
  cgroup: string;
}

/** Pressure stall figures of one resource (cpu.pressure, memory.pressure, io.pressure). */
export interface PressureFigures {
  /** Share of the last 10 s some task waited, percent. */
  someAvg10: number;
  /** Share of the last 10 s all tasks waited, percent (null for cpu on kernels before 5.13). */
  fullAvg10: number | null;
  /** Total time some task waited, microseconds. */
  someTotalUs: number;
  fullTotalUs: number | null;
}

/** Raw counters of one cgroup at one moment, base units. Null: the file is absent or unreadable. */
export interface CgroupStats {
  /** CPU time used by the cgroup and its descendants, nanoseconds. */
  cpuUsageNs: number | null;
  /** CFS periods elapsed with a quota in force. */
  nrPeriods: number | null;
  /** Periods in which the cgroup was throttled. */
  nrThrottled: number | null;
  /** Time spent throttled, nanoseconds. */
  throttledNs: number | null;
  /** CPU limit in CPUs (quota / period); null: no limit. */
  cpuLimit: number | null;
  /** memory.current (v2) or memory.usage_in_bytes (v1), bytes. */
  memoryUsage: number | null;
  /** inactive_file (v2) or total_inactive_file (v1) from memory.stat, bytes. */
  inactiveFile: number | null;
  /** memory.max (v2) or memory.limit_in_bytes (v1), bytes; null: no limit. */
  memoryLimit: number | null;
  /** pids.current. */
  pidsCurrent: number | null;
  /** pids.max; null: no limit. */
  pidsMax: number | null;
  /** Bytes read from block devices (io.stat rbytes, or v1 blkio Read), summed over devices. */
  ioReadBytes: number | null;
  /** Bytes written to block devices. */
  ioWriteBytes: number | null;
  cpuPressure: PressureFigures | null;
  memoryPressure: PressureFigures | null;
  ioPressure: PressureFigures | null;
}

/** What a row of `sysmon containers` stands for. */
export type ContainerKind = 'container' | 'pod' | 'unit' | 'cgroup';

/** One row of `sysmon containers`, the Containers view and the exporter: a container, a pod or (with --all) a unit. */
export interface ContainerRow {
  kind: ContainerKind;
  /** Stable key: the cgroup path of a container or unit; `pod:<uid>` for a pod. */
  key: string;
  /** Full container id, pod uid, or the unit name. */
  id: string;
  /** Container name (else the 12-character id), pod name (else uid), or unit name. */
  name: string;
  runtime: ContainerRuntime | null;
  /** Pod name of a container in a pod, or of the pod row itself. */
  pod: string | null;
  namespace: string | null;
  qos: PodQos | null;
  /** Cgroup path (a pod: the pod's cgroup). */
  cgroup: string;
  /** CPU time used, seconds. */
  cpuSeconds: number | null;
  /** CPU used between the last two samples, percent of one CPU; null on the first sample. */
  cpuPercent: number | null;
  /** CPU limit, CPUs; null: none. */
  cpuLimit: number | null;
  /** Periods throttled (total), and the share of periods throttled between the last two samples (percent). */
  nrThrottled: number | null;
  throttledPercent: number | null;
  /** Time throttled, seconds. */
  throttledSeconds: number | null;
  /** Working set: usage minus inactive file pages, floored at 0, bytes. */
  workingSet: number | null;
  /** Memory usage as the cgroup charges it, bytes. */
  memoryUsage: number | null;
  /** Memory limit, bytes; null: none. */
  memoryLimit: number | null;
  pids: number | null;
  pidsMax: number | null;
  ioReadBytes: number | null;
  ioWriteBytes: number | null;
  cpuPressure: PressureFigures | null;
  memoryPressure: PressureFigures | null;
  ioPressure: PressureFigures | null;
  /** Processes in the cgroup and its descendants. */
  processes: number;
  /** Pid of the main process (the lowest pid in the cgroup); null when empty. */
  mainPid: number | null;
  /** Command line of the main process (args joined by spaces, [comm] when empty). */
  command: string | null;
  /** Number of containers summed into a pod row (1 for a container). */
  containers: number;
}

/** One sample of every container: rows and the moment, for deltas and streaming. */
export interface ContainerSample {
  /** Wall clock, milliseconds since the epoch. */
  time: number;
  /** Seconds since the previous sample; null for the first. */
  interval: number | null;
  /** Which cgroup version the rows came from. */
  version: 1 | 2 | null;
  rows: ContainerRow[];
}

/** One mounted cgroup hierarchy. */
export interface CgroupHierarchy {
  version: 1 | 2;
  /** v1: the controllers of the hierarchy (`cpu`, `cpuacct`, `name=systemd`); v2: those in cgroup.controllers. */
  controllers: string[];
  /** Mount point as a system path (`/sys/fs/cgroup/memory`). */
  mountPoint: string;
  /** The hierarchy path mounted there (mountinfo's root: `/` unless a cgroup namespace or bind mount). */
  mountRoot: string;
}

/** The cgroup sysmon itself runs in, when it has limits (sysmon inside a container). */
export interface OwnCgroup {
  /** Tightest memory limit from sysmon's cgroup up to the root, bytes; null: none. */
  memoryLimit: number | null;
  /** Tightest CPU limit, CPUs (quota / period); null: none. */
  cpuLimit: number | null;
  /** Memory charged to the cgroup that sets the memory limit, bytes. */
  memoryUsage: number | null;
  /** Of that, page cache (v2 memory.stat file, v1 total_cache), bytes. */
  fileCache: number | null;
  /** Of that, inactive file pages, bytes. */
  inactiveFile: number | null;
  /** tmpfs and shared memory (v2 shmem, v1 total_shmem), bytes. */
  shmem: number | null;
}

/**
 * /proc/meminfo as a container sees its memory, for `free --container`, `top -b --container`, `ps --container`
 * and the dashboard inside a limited cgroup: MemTotal is the limit (when below the host's), MemFree what the
 * cgroup has not charged, Cached its page cache, MemAvailable the limit less the working set (as lxcfs and the
 * kubelet reckon it). Swap and the rest stay the host's. Without a memory limit the host's figures are kept.
 */
export function containerMemInfo(host: MemInfo, own: OwnCgroup): MemInfo {
  const hostTotal = host.MemTotal ?? 0;
  if (own.memoryLimit === null || own.memoryUsage === null) return host;
  const total = hostTotal > 0 ? Math.min(hostTotal, own.memoryLimit) : own.memoryLimit;
  const usage = Math.min(own.memoryUsage, total);
  const cache = Math.min(own.fileCache ?? 0, usage);
  const workingSet = Math.max(0, usage - (own.inactiveFile ?? 0));
  return {
    ...host,
    MemTotal: total,
    MemFree: Math.max(0, total - usage),
    MemAvailable: Math.max(0, total - workingSet),
    Buffers: 0,
    Cached: cache,
    SReclaimable: 0,
    Shmem: Math.min(own.shmem ?? 0, usage),
  };
}

/** A CPU limit as the header and the CPU meter print it: `2.0 CPUs`, `0.5 CPUs`, `0.25 CPUs`. */
export function formatCpus(limit: number): string {
  // One decimal, as docker's --cpus is usually given; a quarter CPU keeps its second digit rather than "0.3".
  const text = limit.toFixed(1);
  return `${Math.abs(Number(text) - limit) > 1e-9 && limit < 10 ? limit.toFixed(2) : text} CPUs`;
}

/** The header note of the dashboard inside a limited cgroup: `container: 2.0 CPUs, 4.0 GiB`. */
export function containerNote(own: OwnCgroup): string {
  const parts: string[] = [];
  if (own.cpuLimit !== null) parts.push(formatCpus(own.cpuLimit));
  if (own.memoryLimit !== null) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = own.memoryLimit;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    parts.push(`${v.toFixed(1)} ${units[u]}`);
  }
  return `container: ${parts.join(', ')}`;
}

/** One reading of a cgroup's CPU time counters (v2 cpu.stat; v1 cpuacct.usage and cpuacct.stat). */
export interface CgroupCpuCounters {
  /** CPU time used by the cgroup and its descendants, nanoseconds. */
  usageNs: number;
  /** Of that, user time, nanoseconds; null when not known (v1 without a readable cpuacct.stat). */
  userNs: number | null;
  /** Of that, system time, nanoseconds; null when not known. */
  systemNs: number | null;
}

/**
 * sysmon's own cgroup's CPU use against its CPU limit, as the dashboard's CPU meter shows it inside a limited
 * cgroup (set by src/collectors/own-cgroup.ts; absent on a host and with --host).
 */
export interface ContainerCpu {
  /** The CPU limit, CPUs (quota / period). */
  limit: number;
  /** Use since the previous tick as a share of the limit (busy 100 = the whole quota); null on the first tick. */
  percent: CpuPercent | null;
  /** CPUs used since the previous tick (busy / 100 * limit, unclamped); null on the first tick. */
  cpus: number | null;
}

/**
 * CPU used between two readings of a cgroup's counters as a share of its CPU limit: the usage delta
 * (nanoseconds) over what the limit allows in the interval (seconds x 1e9 x limit CPUs), in percent.
 * `busy` is clamped to 0..100: CFS lets a cgroup run a little past its quota within a period, and the two
 * reads are not exactly one interval apart, so a throttled cgroup reads 100 rather than 103. user and
 * system share `busy` in the proportion of their own deltas (all of it is user when the split is unknown);
 * the fields of a host CPU line that a cgroup does not have (nice, iowait, irq, softirq, steal) are 0.
 * Null when the figures cannot give a share: no interval, no limit, or a counter that went backwards (the
 * cgroup was removed and made again).
 */
export function cpuAgainstLimit(
  prev: CgroupCpuCounters,
  next: CgroupCpuCounters,
  intervalSeconds: number,
  limitCpus: number,
): { percent: CpuPercent; cpus: number } | null {
  if (!(intervalSeconds > 0) || !(limitCpus > 0) || !Number.isFinite(intervalSeconds) || !Number.isFinite(limitCpus)) return null;
  const used = next.usageNs - prev.usageNs;
  if (!Number.isFinite(used) || used < 0) return null;
  const cpus = used / (intervalSeconds * 1e9);
  const busy = Math.min(100, (cpus * 100) / limitCpus);
  let userShare = 1;
  if (prev.userNs !== null && next.userNs !== null && prev.systemNs !== null && next.systemNs !== null) {
    const u = Math.max(0, next.userNs - prev.userNs);
    const sys = Math.max(0, next.systemNs - prev.systemNs);
    userShare = u + sys > 0 ? u / (u + sys) : 1;
  }
  const user = busy * userShare;
  return {
    percent: { user, system: busy - user, nice: 0, idle: 100 - busy, iowait: 0, irq: 0, softirq: 0, steal: 0, busy },
    cpus,
  };
}
