import type { ContainerRow } from '../core/container.js';
import { rowFamily, type ExportOptions, type ExportSample, type MetricFamily } from './metric-family.js';

/*
 * Per-container families with cAdvisor's names and labels, so Grafana dashboards built on cAdvisor (or on the
 * kubelet's /metrics/cadvisor) work on sysmon serve. `id` is the cgroup path, as cAdvisor's; `name` the
 * container's name; `pod` and `namespace` empty outside Kubernetes. The series count is bounded by
 * `--containers N`: when more containers run, the N with the largest working set are exported.
 */

const labels = ['id', 'name', 'pod', 'namespace'] as const;
const labelValues = (r: ContainerRow): string[] => [r.cgroup, r.name, r.pod ?? '', r.namespace ?? ''];

// One selection per sample and bound, shared by every family: the same containers appear in each.
const selected = new WeakMap<ExportSample, { n: number; rows: ContainerRow[] }>();

/** The containers a sample exports: all when there are at most `n`, else the `n` largest by working set. */
export function exportedContainers(s: ExportSample, opts: ExportOptions): ContainerRow[] {
  const n = opts.containers ?? 0;
  const hit = selected.get(s);
  if (hit && hit.n === n) return hit.rows;
  let rows = (s.snapshot.containers?.rows ?? []).filter((r) => r.kind === 'container');
  if (n <= 0) rows = [];
  else if (rows.length > n) {
    rows = rows.slice().sort((a, b) => (b.workingSet ?? 0) - (a.workingSet ?? 0) || (a.cgroup < b.cgroup ? -1 : 1)).slice(0, n);
  }
  rows = rows.slice().sort((a, b) => (a.cgroup < b.cgroup ? -1 : a.cgroup > b.cgroup ? 1 : 0));
  selected.set(s, { n, rows });
  return rows;
}

function family(def: Pick<MetricFamily, 'name' | 'help' | 'type' | 'unit' | 'source'> & { value: (r: ContainerRow) => number | null }): MetricFamily {
  return rowFamily({ ...def, labels, rows: exportedContainers, labelValues, value: (r) => def.value(r) });
}

/** The container families, in output order. */
export const CONTAINER_FAMILIES: readonly MetricFamily[] = [
  family({
    name: 'container_cpu_usage_seconds_total', help: 'Cumulative CPU time consumed by the container.', type: 'counter', unit: 'seconds',
    source: 'cpu.stat usage_usec (v2), cpuacct.usage (v1)', value: (r) => r.cpuSeconds,
  }),
  family({
    name: 'container_cpu_cfs_throttled_seconds_total', help: 'Total time the container was throttled by its CFS quota.', type: 'counter', unit: 'seconds',
    source: 'cpu.stat throttled_usec (v2), throttled_time (v1)', value: (r) => r.throttledSeconds,
  }),
  family({
    name: 'container_cpu_cfs_throttled_periods_total', help: 'Number of throttled CFS periods.', type: 'counter', unit: '',
    source: 'cpu.stat nr_throttled', value: (r) => r.nrThrottled,
  }),
  family({
    name: 'container_memory_working_set_bytes', help: 'Current working set of the container: usage minus inactive file pages.', type: 'gauge', unit: 'bytes',
    source: 'memory.current - inactive_file (v2), usage_in_bytes - total_inactive_file (v1)', value: (r) => r.workingSet,
  }),
  family({
    name: 'container_memory_usage_bytes', help: 'Current memory usage of the container, page cache included.', type: 'gauge', unit: 'bytes',
    source: 'memory.current (v2), memory.usage_in_bytes (v1)', value: (r) => r.memoryUsage,
  }),
  family({
    // cAdvisor reports 0 for a container without a limit; so does sysmon, so existing queries keep working.
    name: 'container_spec_memory_limit_bytes', help: 'Memory limit of the container; 0 when it has none.', type: 'gauge', unit: 'bytes',
    source: 'memory.max (v2), memory.limit_in_bytes (v1)', value: (r) => (r.memoryUsage === null && r.memoryLimit === null ? null : r.memoryLimit ?? 0),
  }),
  family({
    name: 'container_processes', help: 'Number of processes running inside the container.', type: 'gauge', unit: '',
    source: 'cgroup.procs of the container and its children', value: (r) => r.processes,
  }),
];
