import type { FleetHost, FleetProcess } from '../core/fleet.js';
import { humanCeil } from '../core/size-units.js';
import { FieldRegistry, type Field, type FormatContext } from './registry.js';

/**
 * The fleet field registry: one record per column of `sysmon fleet` (one row per Prometheus instance). It
 * drives the table's columns and headers, `-o`, `--sort` and the TUI's sort keys, the `o` filter and the
 * JSON keys. value(): base units (bytes, bytes per second, seconds, percent), null where the server has no
 * figure. text(): the cell; `-` for a missing figure, `n/a` where the host's exporter does not offer it
 * (sysmon's process columns on a node_exporter-only host).
 */

/** Cell text of a missing figure. */
export const MISSING = '-';
/** Cell text of a figure the host's exporter does not export (node_exporter has no per-process families). */
export const NOT_EXPORTED = 'n/a';

/** A context for fleet cells (they use none of the process facts). */
export function fleetFormatContext(now = Date.now()): FormatContext {
  return { now, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: null, cpuCount: 1 };
}

function bytes(v: number | null): string {
  return v === null ? MISSING : humanCeil(v, 1024);
}

function rate(v: number | null): string {
  return v === null ? MISSING : `${humanCeil(v, 1024)}/s`;
}

function fixed(v: number | null, digits: number): string {
  return v === null ? MISSING : v.toFixed(digits);
}

function age(v: number | null): string {
  if (v === null) return MISSING;
  const s = Math.max(0, Math.round(v));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

/** UP, DOWN, or GONE (seen within the lookback but no longer a target). */
export function hostState(h: FleetHost): 'UP' | 'DOWN' | 'GONE' {
  return h.up === true ? 'UP' : h.up === false ? 'DOWN' : 'GONE';
}

function processCell(h: FleetHost, p: FleetProcess | null, figure: string): string {
  if (p) return `${p.comm} ${figure}`;
  return h.exporter === 'sysmon' || h.up !== true ? MISSING : NOT_EXPORTED;
}

function memPercent(h: FleetHost): number | null {
  return h.memUsedBytes !== null && h.memTotalBytes ? (h.memUsedBytes / h.memTotalBytes) * 100 : null;
}

type F = Field<FleetHost>;

function field(
  key: string, header: string, width: number, align: 'left' | 'right', description: string,
  value: (h: FleetHost) => number | string | null, text: (h: FleetHost) => string,
  extra: Partial<F> = {},
): F {
  return {
    key, aliases: [], header, width, align, description, descByDefault: align === 'right', needs: ['none'],
    value, text, ...extra,
  };
}

export const FLEET_FIELDS: readonly F[] = [
  field('instance', 'INSTANCE', 21, 'left', 'the target (Prometheus instance label)', (h) => h.instance, (h) => h.instance, { hotkey: 'N', aliases: ['host'] }),
  field('job', 'JOB', 8, 'left', 'the Prometheus job', (h) => h.job, (h) => h.job || MISSING),
  field('state', 'STATE', 5, 'left', 'UP, DOWN (last scrape failed) or GONE (no longer a target)', (h) => hostState(h), (h) => hostState(h), { aliases: ['up'] }),
  field('age', 'AGE', 4, 'right', 'seconds since the last scrape', (h) => h.scrapeAgeSeconds, (h) => age(h.scrapeAgeSeconds), { hotkey: 'T', aliases: ['scrape-age'] }),
  field('exporter', 'EXPORTER', 8, 'left', 'sysmon, node (node_exporter only) or other', (h) => h.exporter, (h) => h.exporter),
  field('cpu', '%CPU', 5, 'right', 'CPU busy over the rate window, percent of all CPUs', (h) => h.cpuBusyPercent, (h) => fixed(h.cpuBusyPercent, 1), { hotkey: 'P', aliases: ['%cpu', 'pcpu'] }),
  field('cpus', 'CPUS', 4, 'right', 'number of CPUs', (h) => h.cpuCount, (h) => fixed(h.cpuCount, 0)),
  field('load1', 'LOAD1', 5, 'right', '1-minute load average', (h) => h.load1, (h) => fixed(h.load1, 2), { aliases: ['load'] }),
  field('load5', 'LOAD5', 5, 'right', '5-minute load average', (h) => h.load5, (h) => fixed(h.load5, 2)),
  field('load15', 'LOAD15', 6, 'right', '15-minute load average', (h) => h.load15, (h) => fixed(h.load15, 2)),
  field('mem', 'MEM', 5, 'right', 'memory used (MemTotal - MemAvailable), bytes', (h) => h.memUsedBytes, (h) => bytes(h.memUsedBytes), { aliases: ['used'] }),
  field('pmem', '%MEM', 5, 'right', 'memory used, percent of MemTotal', (h) => memPercent(h), (h) => fixed(memPercent(h), 1), { hotkey: 'M', aliases: ['%mem'] }),
  field('avail', 'AVAIL', 5, 'right', 'memory available (MemAvailable), bytes', (h) => h.memAvailableBytes, (h) => bytes(h.memAvailableBytes)),
  field('total', 'TOTAL', 5, 'right', 'MemTotal, bytes', (h) => h.memTotalBytes, (h) => bytes(h.memTotalBytes)),
  field('swap', 'SWAP', 5, 'right', 'swap used, bytes', (h) => h.swapUsedBytes, (h) => bytes(h.swapUsedBytes)),
  field('fs', 'FULLEST FS', 16, 'left', 'the filesystem with the highest Use% (df), and that percent', (h) => h.fullestFs?.usePercent ?? null,
    (h) => (h.fullestFs ? `${Math.ceil(h.fullestFs.usePercent)}% ${h.fullestFs.mountpoint}` : MISSING), { descByDefault: true, aliases: ['fullest'] }),
  field('rx', 'NET RX', 8, 'right', 'bytes received per second, all interfaces but lo', (h) => h.netRxBytesPerSecond, (h) => rate(h.netRxBytesPerSecond)),
  field('tx', 'NET TX', 8, 'right', 'bytes sent per second, all interfaces but lo', (h) => h.netTxBytesPerSecond, (h) => rate(h.netTxBytesPerSecond)),
  field('read', 'DISK R', 8, 'right', 'bytes read per second, all disks', (h) => h.diskReadBytesPerSecond, (h) => rate(h.diskReadBytesPerSecond)),
  field('write', 'DISK W', 8, 'right', 'bytes written per second, all disks', (h) => h.diskWriteBytesPerSecond, (h) => rate(h.diskWriteBytesPerSecond)),
  field('topcpu', 'TOP CPU', 18, 'left', 'the process using the most CPU, with its %CPU of one CPU (sysmon targets)', (h) => h.topCpu?.cpuPercent ?? null,
    (h) => processCell(h, h.topCpu, `${(h.topCpu?.cpuPercent ?? 0).toFixed(1)}%`), { descByDefault: true }),
  field('topmem', 'TOP MEM', 18, 'left', 'the process with the largest resident memory (sysmon targets)', (h) => h.topMem?.rssBytes ?? null,
    (h) => processCell(h, h.topMem, bytes(h.topMem?.rssBytes ?? null)), { descByDefault: true }),
];

export const fleetFields = new FieldRegistry<FleetHost>('fleet', FLEET_FIELDS);

/** The default columns of the fleet table, in order. */
export const FLEET_COLUMNS: readonly string[] = [
  'instance', 'state', 'age', 'cpu', 'load1', 'mem', 'avail', 'swap', 'fs', 'rx', 'tx', 'read', 'write', 'topcpu', 'topmem',
];
