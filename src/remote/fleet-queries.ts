import type { FleetHost, FleetProcess } from '../core/fleet.js';
import { selector, type LabelMatcher } from './label-selector.js';
import { PrometheusError, type PrometheusClient, type VectorSample } from './prometheus-client.js';

/**
 * The PromQL behind `sysmon fleet`: one instant query per figure, each aggregated `by (instance)` on the
 * server (Prometheus is the engine; sysmon only lays the answers out), then joined into one row per host.
 */

/** What the fleet queries are narrowed by and how counters become rates. */
export interface FleetQueryOptions {
  /** The user's `--match` matchers (may be empty). */
  matchers: LabelMatcher[];
  /** Range of rate() and of the CPU busy figure, a PromQL duration ("1m"). */
  window: string;
  /** A host seen (an `up` series) within this many seconds is listed even when its target is gone. */
  lookbackSeconds: number;
}

/** Filesystems the "fullest" column ignores: memory-backed and read-only images are full by design. */
export const FULLEST_FS_EXCLUDE = 'tmpfs|ramfs|squashfs|iso9660|erofs|overlay';

type Key =
  | 'up' | 'age' | 'sysmon' | 'node' | 'cpuBusy' | 'cpuCount' | 'load1' | 'load5' | 'load15'
  | 'memTotal' | 'memAvail' | 'swapTotal' | 'swapFree' | 'fsFullest' | 'fsAvail'
  | 'netRx' | 'netTx' | 'diskRead' | 'diskWrite' | 'topCpu' | 'topMem';

/** The instant queries of one refresh, by the figure they give. */
export function fleetQueries(o: FleetQueryOptions): Record<Key, string> {
  const m = o.matchers;
  const s = (metric: string, extra = ''): string => selector(metric, m, extra);
  const w = o.window;
  const fs = `fstype!~"${FULLEST_FS_EXCLUDE}"`;
  const size = s('node_filesystem_size_bytes', fs);
  const free = s('node_filesystem_free_bytes', fs);
  const avail = s('node_filesystem_avail_bytes', fs);
  return {
    up: s('up'),
    age: `time() - timestamp(${s('up')})`,
    sysmon: s('sysmon_collections_total'),
    node: s('node_load1'),
    // Busy = 1 - (idle + iowait) / all modes, as top's us+sy+ni+hi+si+st: dividing by the sum of every mode
    // (not by a count of CPUs) keeps it right when a scrape interval is not exactly the rate window.
    cpuBusy: `100 * (1 - sum by (instance) (rate(${s('node_cpu_seconds_total', 'mode=~"idle|iowait"')}[${w}])) / sum by (instance) (rate(${s('node_cpu_seconds_total')}[${w}])))`,
    cpuCount: `count by (instance) (${s('node_cpu_seconds_total', 'mode="idle"')})`,
    load1: s('node_load1'),
    load5: s('node_load5'),
    load15: s('node_load15'),
    memTotal: s('node_memory_MemTotal_bytes'),
    memAvail: s('node_memory_MemAvailable_bytes'),
    swapTotal: s('node_memory_SwapTotal_bytes'),
    swapFree: s('node_memory_SwapFree_bytes'),
    // df's Use%: used / (used + available to non-root), used = size - free; `>= 0` drops the NaN of empty ones.
    fsFullest: `topk by (instance) (1, 100 * (${size} - ${free}) / (${size} - ${free} + ${avail}) >= 0)`,
    fsAvail: avail,
    netRx: `sum by (instance) (rate(${s('node_network_receive_bytes_total', 'device!="lo"')}[${w}]))`,
    netTx: `sum by (instance) (rate(${s('node_network_transmit_bytes_total', 'device!="lo"')}[${w}]))`,
    diskRead: `sum by (instance) (rate(${s('node_disk_read_bytes_total')}[${w}]))`,
    diskWrite: `sum by (instance) (rate(${s('node_disk_written_bytes_total')}[${w}]))`,
    // Only processes exported now (`and` the instant series), not those that left the top N within the window.
    topCpu: `topk by (instance) (1, rate(${s('sysmon_process_cpu_seconds_total')}[${w}]) and ${s('sysmon_process_cpu_seconds_total')})`,
    topMem: `topk by (instance) (1, ${s('sysmon_process_resident_memory_bytes')})`,
  };
}

/** The answer of one refresh: the rows, and what went wrong without stopping the rest. */
export interface FleetResult {
  hosts: FleetHost[];
  /** Server time of the answers, seconds since the epoch. */
  time: number;
  /** One line per query that failed while others worked (shown on the status line). */
  warnings: string[];
}

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function byInstance(samples: readonly VectorSample[]): Map<string, VectorSample> {
  const out = new Map<string, VectorSample>();
  for (const s of samples) {
    const inst = s.metric.instance;
    if (inst !== undefined && !out.has(inst)) out.set(inst, s);
  }
  return out;
}

function processOf(s: VectorSample | undefined, kind: 'cpu' | 'mem'): FleetProcess | null {
  if (!s || !Number.isFinite(s.value)) return null;
  const pid = Number(s.metric.pid);
  return {
    pid: Number.isInteger(pid) ? pid : -1,
    comm: s.metric.comm ?? '',
    user: s.metric.user ?? '',
    cpuPercent: kind === 'cpu' ? s.value * 100 : null,
    rssBytes: kind === 'mem' ? s.value : null,
  };
}

const HIDDEN_LABELS = new Set(['__name__', 'instance', 'job']);

/**
 * Run one refresh: every figure in parallel, plus the series API for hosts seen in the lookback whose target
 * is gone. Throws a PrometheusError when nothing could be asked (server down, wrong URL, auth); a failure of
 * some queries only becomes a warning.
 */
export async function fetchFleet(client: PrometheusClient, o: FleetQueryOptions, now = Date.now() / 1000): Promise<FleetResult> {
  const queries = fleetQueries(o);
  const keys = Object.keys(queries) as Key[];
  const seen = client.series([selector('up', o.matchers)], now - o.lookbackSeconds, now);
  const settled = await Promise.allSettled([seen, ...keys.map((k) => client.query(queries[k], now))]);
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length === settled.length) {
    const e = failures[0]!.reason as unknown;
    throw e instanceof PrometheusError ? e : new PrometheusError(String(e), 'network');
  }
  const warnings: string[] = [];
  const res = new Map<Key, Map<string, VectorSample>>();
  // Available bytes of every filesystem, by instance and mount point (joined to the fullest one below).
  const availByMount = new Map<string, number>();
  keys.forEach((k, i) => {
    const r = settled[i + 1]!;
    if (r.status === 'fulfilled') {
      res.set(k, byInstance(r.value as VectorSample[]));
      if (k === 'fsAvail') {
        for (const s of r.value as VectorSample[]) availByMount.set(`${s.metric.instance}\0${s.metric.mountpoint}`, s.value);
      }
    } else {
      res.set(k, new Map());
      warnings.push(`${k}: ${(r.reason as Error).message}`);
    }
  });
  const seenSeries = settled[0]!.status === 'fulfilled' ? (settled[0].value as Array<Record<string, string>>) : [];
  if (settled[0]!.status === 'rejected') warnings.push(`series: ${(settled[0].reason as Error).message}`);

  const up = res.get('up')!;
  const instances = new Map<string, { jobs: Set<string>; labels: Record<string, string> }>();
  const note = (metric: Record<string, string>): void => {
    const inst = metric.instance;
    if (inst === undefined) return;
    let e = instances.get(inst);
    if (!e) instances.set(inst, (e = { jobs: new Set(), labels: {} }));
    if (metric.job !== undefined) e.jobs.add(metric.job);
    for (const [k, v] of Object.entries(metric)) if (!HIDDEN_LABELS.has(k) && !(k in e.labels)) e.labels[k] = v;
  };
  for (const s of up.values()) note(s.metric);
  for (const m of seenSeries) note(m);

  const hosts: FleetHost[] = [];
  for (const [instance, info] of instances) {
    const upSample = up.get(instance);
    // A host that is not up has no current figures: a failed scrape marks its series stale, but rate() over a
    // window would still find the samples from before it went down.
    const isUp = upSample?.value === 1;
    const v = (k: Key, inst: string): number | null => (isUp ? finite(res.get(k)!.get(inst)?.value) : null);
    const memTotal = v('memTotal', instance);
    const memAvail = v('memAvail', instance);
    const swapTotal = v('swapTotal', instance);
    const swapFree = v('swapFree', instance);
    const fs = res.get('fsFullest')!.get(instance);
    let fullestFs: FleetHost['fullestFs'] = null;
    if (isUp && fs && Number.isFinite(fs.value)) {
      const mountpoint = fs.metric.mountpoint ?? '';
      fullestFs = {
        mountpoint, device: fs.metric.device ?? '', usePercent: fs.value,
        availBytes: finite(availByMount.get(`${instance}\0${mountpoint}`)),
      };
    }
    hosts.push({
      instance,
      job: [...info.jobs].sort().join(','),
      labels: info.labels,
      up: upSample ? upSample.value === 1 : null,
      scrapeAgeSeconds: finite(res.get('age')!.get(instance)?.value),
      exporter: res.get('sysmon')!.has(instance) ? 'sysmon' : res.get('node')!.has(instance) ? 'node' : 'other',
      cpuBusyPercent: v('cpuBusy', instance),
      cpuCount: v('cpuCount', instance),
      load1: v('load1', instance),
      load5: v('load5', instance),
      load15: v('load15', instance),
      memTotalBytes: memTotal,
      memAvailableBytes: memAvail,
      memUsedBytes: memTotal !== null && memAvail !== null ? memTotal - memAvail : null,
      swapTotalBytes: swapTotal,
      swapUsedBytes: swapTotal !== null && swapFree !== null ? swapTotal - swapFree : null,
      fullestFs,
      netRxBytesPerSecond: v('netRx', instance),
      netTxBytesPerSecond: v('netTx', instance),
      diskReadBytesPerSecond: v('diskRead', instance),
      diskWriteBytesPerSecond: v('diskWrite', instance),
      topCpu: isUp ? processOf(res.get('topCpu')!.get(instance), 'cpu') : null,
      topMem: isUp ? processOf(res.get('topMem')!.get(instance), 'mem') : null,
    });
  }
  hosts.sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
  const time = [...up.values()][0]?.time ?? now;
  return { hosts, time, warnings };
}
