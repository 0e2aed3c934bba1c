import type { ProcessRow } from '../core/process.js';
import { rowFamily, scalarFamily, type ExportOptions, type ExportSample, type MetricFamily } from './metric-family.js';

/*
 * What node_exporter does not offer: per-process metrics, bounded to the top N by CPU and the top N by
 * resident memory so a fork bomb cannot blow up the series count, and the exporter's own cost.
 * Command lines are never exported: they can hold passwords and tokens.
 */

/** CPU ticks used recently: since the previous sample, or since start for a process that is new to it. */
function recentTicks(p: ProcessRow): number {
  return p.cpuDeltaTicks ?? p.utime + p.stime;
}

/**
 * The processes to export: the top `n` by recent CPU and the top `n` by resident memory (ties broken by
 * lower pid), in pid order. At most 2n rows, fewer when the two rankings overlap.
 */
export function topProcesses(rows: readonly ProcessRow[], n: number): ProcessRow[] {
  if (n <= 0 || rows.length === 0) return [];
  const byCpu = rows.slice().sort((a, b) => recentTicks(b) - recentTicks(a) || a.pid - b.pid).slice(0, n);
  const byMem = rows.slice().sort((a, b) => b.rssPages - a.rssPages || a.pid - b.pid).slice(0, n);
  const chosen = new Map<number, ProcessRow>();
  for (const p of [...byCpu, ...byMem]) chosen.set(p.pid, p);
  return [...chosen.values()].sort((a, b) => a.pid - b.pid);
}

const procLabels = ['pid', 'comm', 'user'] as const;
const procLabelValues = (p: ProcessRow): string[] => [
  String(p.pid),
  p.comm,
  p.user ?? (p.uid === null ? '' : String(p.uid)),
];

// Both families share one selection per sample: the same pids appear in both, so PromQL can join them.
const selected = new WeakMap<ExportSample, { n: number; rows: ProcessRow[] }>();
function selection(s: ExportSample, opts: ExportOptions): ProcessRow[] {
  const hit = selected.get(s);
  if (hit && hit.n === opts.top) return hit.rows;
  const rows = topProcesses(s.snapshot.processes, opts.top);
  selected.set(s, { n: opts.top, rows });
  return rows;
}

/** sysmon's own families. */
export const SYSMON_FAMILIES: readonly MetricFamily[] = [
  rowFamily({
    name: 'sysmon_process_cpu_seconds_total',
    help: 'CPU time (user + system) the process used since it started; only the --top N processes by CPU and by memory.',
    type: 'counter', unit: 'seconds', labels: procLabels, source: '/proc/PID/stat utime + stime / USER_HZ',
    rows: selection, labelValues: procLabelValues,
    value: (p, s) => (p.utime + p.stime) / s.snapshot.hz,
  }),
  rowFamily({
    name: 'sysmon_process_resident_memory_bytes',
    help: 'Resident set size of the process; only the --top N processes by CPU and by memory.',
    type: 'gauge', unit: 'bytes', labels: procLabels, source: '/proc/PID/stat rss x page size',
    rows: selection, labelValues: procLabelValues,
    value: (p, s) => p.rssPages * s.snapshot.pageSize,
  }),
  scalarFamily({
    name: 'sysmon_scrape_duration_seconds',
    help: 'Seconds sysmon took to collect the sample this scrape shows (scrapes within one interval share it).',
    type: 'gauge', unit: 'seconds', source: 'sysmon', value: (s) => s.collectSeconds,
  }),
  scalarFamily({
    name: 'sysmon_collections_total',
    help: 'Samples of /proc collected since sysmon serve started; concurrent scrapes within one interval share one.',
    type: 'counter', unit: '', source: 'sysmon', value: (s) => s.collections,
  }),
];
