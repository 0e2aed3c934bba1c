import type { ContainerRow, PressureFigures } from '../core/container.js';
import { humanCeil } from '../core/size-units.js';
import { FieldRegistry, type Field } from './registry.js';

/*
 * The columns of `sysmon containers`, the dashboard's Containers view and their JSON, described once. Values
 * are base units (bytes, seconds, percent, CPUs); cells print sizes as df -h does (powers of 1024, `64M`) and
 * `-` for what a cgroup does not have (no limit, no PSI, no I/O controller).
 */

type CField = Field<ContainerRow>;

/** Names, ids and paths come from other programs: control characters (C0, DEL, C1) print as `?`. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f-\x9f]/.test(s) ? s.replace(/[\x00-\x1f\x7f-\x9f]/g, '?') : s;
}

function size(v: number | null): string {
  return v === null ? '-' : humanCeil(v, 1024);
}

function pct(v: number | null): string {
  return v === null ? '-' : v.toFixed(1);
}

function count(v: number | null): string {
  return v === null ? '-' : String(v);
}

function round2(v: number | null): number | null {
  return v === null ? null : Math.round(v * 100) / 100;
}

function text(key: string, aliases: string[], header: string, width: number, description: string,
  value: (r: ContainerRow) => string | null, extra: Partial<CField> = {}): CField {
  return {
    key, aliases, header, width, align: 'left', description, descByDefault: false, needs: ['none'],
    value, text: (r) => {
      const v = value(r);
      return v === null ? '-' : printable(v);
    },
    ...extra,
  };
}

function numeric(key: string, aliases: string[], header: string, width: number, description: string,
  value: (r: ContainerRow) => number | null, cell: (v: number | null) => string, extra: Partial<CField> = {}): CField {
  return {
    key, aliases, header, width, align: 'right', description, descByDefault: true, needs: ['none'],
    value, text: (r) => cell(value(r)), ...extra,
  };
}

function psi(p: PressureFigures | null): number | null {
  return p === null ? null : p.someAvg10;
}

/** Working set against the limit, percent; null without a limit. */
function memPercent(r: ContainerRow): number | null {
  if (r.workingSet === null || r.memoryLimit === null || r.memoryLimit <= 0) return null;
  return round2((r.workingSet * 100) / r.memoryLimit);
}

/** Every container column. Order is the order of `--list-fields` and the dashboard's field chooser. */
export const CONTAINER_FIELDS: readonly CField[] = [
  text('name', ['container'], 'NAME', 16, 'container name (else 12-character id), pod name, or unit', (r) => r.name),
  text('id', [], 'ID', 12, 'container id (12 characters; the full id in JSON), pod uid, or unit', (r) => r.id,
    { text: (r) => printable(r.kind === 'container' && /^[0-9a-f]{64}$/.test(r.id) ? r.id.slice(0, 12) : r.id) }),
  text('kind', ['type'], 'KIND', 9, 'container, pod, unit (with --all) or cgroup (with --all)', (r) => r.kind),
  text('runtime', [], 'RUNTIME', 10, 'docker podman containerd cri-o lxc nspawn cri (Kubernetes, runtime not in the path)', (r) => r.runtime),
  text('pod', [], 'POD', 16, 'Kubernetes pod (name from /var/log/pods, else uid) or podman pod', (r) => r.pod),
  text('namespace', ['ns'], 'NAMESPACE', 12, 'Kubernetes namespace', (r) => r.namespace),
  text('qos', [], 'QOS', 10, 'Kubernetes QoS class: guaranteed burstable besteffort', (r) => r.qos),
  numeric('cpu', ['%cpu', 'pcpu'], 'CPU%', 6, 'CPU used between samples, percent of one CPU (docker stats CPU %)',
    (r) => round2(r.cpuPercent), pct, { hotkey: 'P' }),
  numeric('cpus', ['cpu_limit', 'cpulimit'], 'CPUS', 5, 'CPU limit in CPUs (cpu.max, cfs_quota_us / cfs_period_us)',
    (r) => r.cpuLimit, (v) => (v === null ? '-' : v.toFixed(2))),
  numeric('throttled', ['thr', '%thr'], 'THR%', 5, 'share of CFS periods throttled between samples, percent',
    (r) => round2(r.throttledPercent), pct),
  numeric('nr_throttled', [], 'NR_THR', 7, 'periods throttled since the cgroup was made (cpu.stat nr_throttled)',
    (r) => r.nrThrottled, count),
  numeric('throttled_time', ['thr_time'], 'THR_TIME', 9, 'time throttled, seconds (cpu.stat throttled_usec / throttled_time)',
    (r) => r.throttledSeconds, (v) => (v === null ? '-' : v.toFixed(2))),
  numeric('cputime', ['time', 'time+'], 'CPU_TIME', 9, 'CPU time used, seconds (cpu.stat usage_usec / cpuacct.usage)',
    (r) => r.cpuSeconds, (v) => (v === null ? '-' : v.toFixed(2)), { hotkey: 'T' }),
  // pmem and res: the dashboard's M (and top's %MEM, RES) sort containers by working set.
  numeric('mem', ['working_set', 'wss', 'pmem', '%mem', 'res', 'rss'], 'MEM', 6, 'working set: usage minus inactive file pages, bytes (docker stats, kubelet)',
    (r) => r.workingSet, size, { hotkey: 'M' }),
  numeric('limit', ['mem_limit', 'memlimit'], 'LIMIT', 6, 'memory limit, bytes (memory.max / limit_in_bytes); - for none',
    (r) => r.memoryLimit, size),
  numeric('mem%', ['mem_percent', 'pmem_limit'], 'MEM%', 5, 'working set against the memory limit, percent; - without a limit',
    memPercent, pct),
  numeric('usage', ['mem_usage'], 'USAGE', 6, 'memory charged to the cgroup, bytes (memory.current / usage_in_bytes)',
    (r) => r.memoryUsage, size),
  numeric('pids', [], 'PIDS', 5, 'tasks in the cgroup (pids.current)', (r) => r.pids, count),
  numeric('pids_max', ['pidsmax'], 'PIDS_MAX', 8, 'task limit (pids.max); - for none', (r) => r.pidsMax, count),
  numeric('read', ['io_read', 'blkio_read'], 'READ', 6, 'bytes read from block devices (io.stat rbytes / blkio)',
    (r) => r.ioReadBytes, size),
  numeric('write', ['io_write', 'blkio_write'], 'WRITE', 6, 'bytes written to block devices (io.stat wbytes / blkio)',
    (r) => r.ioWriteBytes, size),
  numeric('psi_cpu', [], 'PSI_CPU', 7, 'cpu.pressure some avg10, percent', (r) => psi(r.cpuPressure), pct),
  numeric('psi_mem', ['psi_memory'], 'PSI_MEM', 7, 'memory.pressure some avg10, percent', (r) => psi(r.memoryPressure), pct),
  numeric('psi_io', [], 'PSI_IO', 6, 'io.pressure some avg10, percent', (r) => psi(r.ioPressure), pct),
  numeric('procs', ['processes', 'nproc'], 'PROCS', 5, 'processes in the cgroup and below it', (r) => r.processes, count),
  numeric('containers', ['ctrs'], 'CTRS', 4, 'containers summed into a pod row (1 for a container)', (r) => r.containers, count),
  numeric('pid', ['main_pid'], 'PID', 7, 'main process: the lowest pid in the cgroup', (r) => r.mainPid, count),
  text('cgroup', ['path'], 'CGROUP', 20, 'cgroup path', (r) => r.cgroup),
  text('command', ['cmd', 'args', 'comm'], 'COMMAND', 7, 'command line of the main process', (r) => r.command),
];

/** The container field registry. */
export const containerFields = new FieldRegistry<ContainerRow>('container', CONTAINER_FIELDS);

/** Default columns of `sysmon containers`. */
export const CONTAINER_DEFAULT_COLUMNS =
  'name,kind,runtime,pod,cpu,cpus,throttled,mem,limit,mem%,pids,read,write,psi_cpu,psi_mem,procs,command';

/** Default sort: busiest first. */
export const CONTAINER_DEFAULT_SORT = '-cpu,-mem,name';
