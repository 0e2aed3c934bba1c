import type { FsUsage } from '../core/filesystem.js';
import type { DiskStats, NetDevStats } from '../core/io.js';
import type { CpuTimes, MemInfo } from '../core/system.js';
import { DISK_DEVICES_EXCLUDE, isExportedMount, NET_DEVICES_EXCLUDE } from './exclusions.js';
import { rowFamily, scalarFamily, type ExportSample, type MetricFamily } from './metric-family.js';

/*
 * The families node_exporter also exports, with its names, help texts, types, labels and units, so existing
 * dashboards and alerts work against a sysmon target. Each family is one record below.
 */

// ---- meminfo ---------------------------------------------------------------------------------------------

/** /proc/meminfo keys the kernel prints without a unit (counts of huge pages, not kB). */
const MEMINFO_COUNTS = new Set(['HugePages_Total', 'HugePages_Free', 'HugePages_Rsvd', 'HugePages_Surp']);

/**
 * node_exporter's name for a meminfo key: `Active(anon)` becomes `Active_anon`; keys the kernel prints in kB
 * get `_bytes` (the value is already bytes in {@link MemInfo}); unitless keys keep their bare name.
 */
export function memoryMetricName(key: string): string {
  const base = key.replace(/\((.*)\)/, '_$1').replace(/[^a-zA-Z0-9_]/g, '_');
  return `node_memory_${base}${MEMINFO_COUNTS.has(key) ? '' : '_bytes'}`;
}

/** One gauge family per /proc/meminfo key the kernel prints (the set varies with kernel and config). */
export function memoryFamilies(mem: MemInfo): MetricFamily[] {
  return Object.keys(mem)
    .sort()
    .map((key) => {
      const name = memoryMetricName(key);
      return scalarFamily({
        name,
        help: `Memory information field ${name.slice('node_memory_'.length)}.`,
        type: 'gauge',
        unit: MEMINFO_COUNTS.has(key) ? '' : 'bytes',
        source: '/proc/meminfo',
        value: (s) => s.snapshot.mem[key] ?? null,
      });
    });
}

// ---- /proc/stat, /proc/loadavg ---------------------------------------------------------------------------

const CPU_MODES: ReadonlyArray<[mode: string, key: keyof CpuTimes]> = [
  ['user', 'user'], ['nice', 'nice'], ['system', 'system'], ['idle', 'idle'],
  ['iowait', 'iowait'], ['irq', 'irq'], ['softirq', 'softirq'], ['steal', 'steal'],
];
const GUEST_MODES: ReadonlyArray<[mode: string, key: keyof CpuTimes]> = [['user', 'guest'], ['nice', 'guestNice']];
/** The modes Node's os.cpus() gives (the portable backend): the others would be a made-up 0. */
const PORTABLE_MODES = new Set(['user', 'nice', 'system', 'idle', 'irq']);

function cpuRows(s: ExportSample, modes: ReadonlyArray<[string, keyof CpuTimes]>): Array<[string, string, number]> {
  const hz = s.snapshot.hz;
  const rows: Array<[string, string, number]> = [];
  if (s.snapshot.portable) modes = modes.filter(([mode, key]) => PORTABLE_MODES.has(mode) && key !== 'guest' && key !== 'guestNice');
  const ids = s.snapshot.stat.cpuIds;
  s.snapshot.stat.perCpu.forEach((t, i) => {
    const cpu = String(ids?.[i] ?? i);
    for (const [mode, key] of modes) rows.push([cpu, mode, t[key] / hz]);
  });
  return rows;
}

const statFamilies: MetricFamily[] = [
  rowFamily({
    name: 'node_cpu_seconds_total', help: 'Seconds the CPUs spent in each mode.', type: 'counter', unit: 'seconds',
    labels: ['cpu', 'mode'], source: '/proc/stat cpuN lines / USER_HZ',
    rows: (s) => cpuRows(s, CPU_MODES), labelValues: (r) => [r[0], r[1]], value: (r) => r[2],
  }),
  rowFamily({
    name: 'node_cpu_guest_seconds_total', help: 'Seconds the CPUs spent in guests (VMs) for each mode.',
    type: 'counter', unit: 'seconds', labels: ['cpu', 'mode'], source: '/proc/stat cpuN guest columns / USER_HZ',
    rows: (s) => cpuRows(s, GUEST_MODES), labelValues: (r) => [r[0], r[1]], value: (r) => r[2],
  }),
  scalarFamily({
    name: 'node_boot_time_seconds', help: 'Node boot time, in unixtime.', type: 'gauge', unit: 'seconds',
    source: '/proc/stat btime', value: (s) => s.snapshot.stat.btime,
  }),
  scalarFamily({
    name: 'node_context_switches_total', help: 'Total number of context switches.', type: 'counter', unit: '',
    source: '/proc/stat ctxt', value: (s) => (s.snapshot.portable ? null : s.snapshot.stat.contextSwitches),
  }),
  scalarFamily({
    name: 'node_forks_total', help: 'Total number of forks.', type: 'counter', unit: '',
    source: '/proc/stat processes', value: (s) => (s.snapshot.portable ? null : s.snapshot.stat.processesForked),
  }),
  scalarFamily({
    name: 'node_procs_running', help: 'Number of processes in runnable state.', type: 'gauge', unit: '',
    source: '/proc/stat procs_running', value: (s) => s.snapshot.stat.procsRunning,
  }),
  scalarFamily({
    name: 'node_procs_blocked', help: 'Number of processes blocked waiting for I/O to complete.', type: 'gauge',
    unit: '', source: '/proc/stat procs_blocked', value: (s) => s.snapshot.stat.procsBlocked,
  }),
  scalarFamily({
    name: 'node_load1', help: '1m load average.', type: 'gauge', unit: '', source: '/proc/loadavg',
    value: (s) => s.snapshot.load.one,
  }),
  scalarFamily({
    name: 'node_load5', help: '5m load average.', type: 'gauge', unit: '', source: '/proc/loadavg',
    value: (s) => s.snapshot.load.five,
  }),
  scalarFamily({
    name: 'node_load15', help: '15m load average.', type: 'gauge', unit: '', source: '/proc/loadavg',
    value: (s) => s.snapshot.load.fifteen,
  }),
];

// ---- filesystems -------------------------------------------------------------------------------------------

/**
 * Filesystems node_exporter would report: not excluded by mount point or type, one per (device, fstype,
 * mountpoint) — an overmount or a repeated bind mount would otherwise be a duplicate series.
 */
export function exportedFilesystems(list: readonly FsUsage[] | undefined): FsUsage[] {
  if (!list) return [];
  const seen = new Set<string>();
  const out: FsUsage[] = [];
  for (const u of list) {
    const m = u.mount;
    if (!isExportedMount(m)) continue;
    const key = `${m.source}\u0000${m.fstype}\u0000${m.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
}

const fsLabels = ['device', 'fstype', 'mountpoint'] as const;
const fsLabelValues = (u: FsUsage): string[] => [u.mount.source, u.mount.fstype, u.mount.target];

/** A filesystem gauge; like node_exporter, a mount whose statfs failed or timed out only gets device_error. */
function fsFamily(suffix: string, help: string, unit: 'bytes' | '', value: (u: FsUsage) => number | null): MetricFamily {
  return rowFamily({
    name: `node_filesystem_${suffix}`, help, type: 'gauge', unit, labels: fsLabels, source: 'statfs(2), mountinfo',
    rows: (s) => exportedFilesystems(s.snapshot.filesystems), labelValues: fsLabelValues,
    value: (u) => (u.stale ? null : value(u)),
  });
}

function isReadOnly(u: FsUsage): boolean {
  return u.mount.mountOptions.split(',').includes('ro');
}

const filesystemFamilies: MetricFamily[] = [
  fsFamily('size_bytes', 'Filesystem size in bytes.', 'bytes', (u) => u.size),
  fsFamily('free_bytes', 'Filesystem free space in bytes.', 'bytes', (u) => u.free),
  fsFamily('avail_bytes', 'Filesystem space available to non-root users in bytes.', 'bytes', (u) => u.avail),
  // The portable backend's filesystems (df -kP) have no inode counts: no series rather than a 0.
  fsFamily('files', 'Filesystem total file nodes.', '', (u) => (u.portable ? null : u.files)),
  fsFamily('files_free', 'Filesystem total free file nodes.', '', (u) => (u.portable ? null : u.filesFree)),
  fsFamily('readonly', 'Filesystem read-only status.', '', (u) => (isReadOnly(u) ? 1 : 0)),
  rowFamily({
    name: 'node_filesystem_device_error', help: 'Whether an error occurred while getting statistics for the given device.',
    type: 'gauge', unit: '', labels: fsLabels, source: 'statfs(2) failed or timed out',
    rows: (s) => exportedFilesystems(s.snapshot.filesystems), labelValues: fsLabelValues,
    value: (u) => (u.stale ? 1 : 0),
  }),
];

// ---- disks -------------------------------------------------------------------------------------------------

/** Sector unit of /proc/diskstats, whatever the device's real sector size. */
const SECTOR = 512;

function exportedDisks(s: ExportSample): DiskStats[] {
  return (s.snapshot.disks ?? []).filter((d) => !DISK_DEVICES_EXCLUDE.test(d.device));
}

function diskFamily(
  suffix: string, help: string, type: 'counter' | 'gauge', unit: 'bytes' | 'seconds' | '',
  value: (d: DiskStats) => number | null,
): MetricFamily {
  return rowFamily({
    name: `node_disk_${suffix}`, help, type, unit, labels: ['device'], source: '/proc/diskstats',
    rows: exportedDisks, labelValues: (d) => [d.device], value,
  });
}

const ms = (v: number | null): number | null => (v === null ? null : v / 1000);

const diskFamilies: MetricFamily[] = [
  diskFamily('reads_completed_total', 'The total number of reads completed successfully.', 'counter', '', (d) => d.readsCompleted),
  diskFamily('reads_merged_total', 'The total number of reads merged.', 'counter', '', (d) => d.readsMerged),
  diskFamily('read_bytes_total', 'The total number of bytes read successfully.', 'counter', 'bytes', (d) => d.sectorsRead * SECTOR),
  diskFamily('read_time_seconds_total', 'The total number of seconds spent by all reads.', 'counter', 'seconds', (d) => ms(d.readTimeMs)),
  diskFamily('writes_completed_total', 'The total number of writes completed successfully.', 'counter', '', (d) => d.writesCompleted),
  diskFamily('writes_merged_total', 'The number of writes merged.', 'counter', '', (d) => d.writesMerged),
  diskFamily('written_bytes_total', 'The total number of bytes written successfully.', 'counter', 'bytes', (d) => d.sectorsWritten * SECTOR),
  diskFamily('write_time_seconds_total', 'This is the total number of seconds spent by all writes.', 'counter', 'seconds', (d) => ms(d.writeTimeMs)),
  diskFamily('io_now', 'The number of I/Os currently in progress.', 'gauge', '', (d) => d.ioInProgress),
  diskFamily('io_time_seconds_total', 'Total seconds spent doing I/Os.', 'counter', 'seconds', (d) => ms(d.ioTimeMs)),
  diskFamily('io_time_weighted_seconds_total', 'The weighted # of seconds spent doing I/Os.', 'counter', 'seconds', (d) => ms(d.weightedIoTimeMs)),
  diskFamily('discards_completed_total', 'The total number of discards completed successfully.', 'counter', '', (d) => d.discardsCompleted),
  diskFamily('discards_merged_total', 'The total number of discards merged.', 'counter', '', (d) => d.discardsMerged),
  diskFamily('discarded_sectors_total', 'The total number of sectors discarded successfully.', 'counter', '', (d) => d.sectorsDiscarded),
  diskFamily('discard_time_seconds_total', 'This is the total number of seconds spent by all discards.', 'counter', 'seconds', (d) => ms(d.discardTimeMs)),
  diskFamily('flush_requests_total', 'The total number of flush requests completed successfully', 'counter', '', (d) => d.flushRequests),
  diskFamily('flush_requests_time_seconds_total', 'This is the total number of seconds spent by all flush requests.', 'counter', 'seconds', (d) => ms(d.flushTimeMs)),
];

// ---- network -----------------------------------------------------------------------------------------------

function exportedInterfaces(s: ExportSample): NetDevStats[] {
  const list = s.snapshot.network ?? [];
  return NET_DEVICES_EXCLUDE ? list.filter((n) => !NET_DEVICES_EXCLUDE!.test(n.device)) : list;
}

const NET_COUNTERS: ReadonlyArray<[stat: string, key: keyof NetDevStats, unit: 'bytes' | '']> = [
  ['receive_bytes', 'rxBytes', 'bytes'], ['receive_packets', 'rxPackets', ''], ['receive_errs', 'rxErrs', ''],
  ['receive_drop', 'rxDrop', ''], ['receive_fifo', 'rxFifo', ''], ['receive_frame', 'rxFrame', ''],
  ['receive_compressed', 'rxCompressed', ''], ['receive_multicast', 'rxMulticast', ''],
  ['transmit_bytes', 'txBytes', 'bytes'], ['transmit_packets', 'txPackets', ''], ['transmit_errs', 'txErrs', ''],
  ['transmit_drop', 'txDrop', ''], ['transmit_fifo', 'txFifo', ''], ['transmit_colls', 'txColls', ''],
  ['transmit_carrier', 'txCarrier', ''], ['transmit_compressed', 'txCompressed', ''],
];

/** The counters systeminformation's networkStats() gives (portable-snapshot-collector.ts, portableNetDev). */
const PORTABLE_NET_KEYS: ReadonlySet<keyof NetDevStats> = new Set(['rxBytes', 'txBytes', 'rxErrs', 'rxDrop', 'txErrs', 'txDrop']);

const networkFamilies: MetricFamily[] = NET_COUNTERS.map(([stat, key, unit]) =>
  rowFamily({
    name: `node_network_${stat}_total`, help: `Network device statistic ${stat}.`, type: 'counter', unit,
    labels: ['device'], source: '/proc/net/dev', rows: exportedInterfaces, labelValues: (n) => [n.device],
    // The portable backend has bytes, errors and drops only: no series rather than a made-up 0.
    value: (n, s) => (s.snapshot.portable && !PORTABLE_NET_KEYS.has(key) ? null : (n[key] as number)),
  }),
);

/** Every node_exporter-compatible family except meminfo's, whose set depends on the kernel ({@link memoryFamilies}). */
export const NODE_FAMILIES: readonly MetricFamily[] = [
  ...statFamilies,
  ...filesystemFamilies,
  ...diskFamilies,
  ...networkFamilies,
];
