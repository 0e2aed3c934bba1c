import type { FleetHostDetail, FleetProcess, FleetSeries } from '../core/fleet.js';
import type { LabelMatcher } from './label-selector.js';
import { selector } from './label-selector.js';
import type { MatrixSeries, PrometheusClient } from './prometheus-client.js';

/** One chart of the host screen: its title, unit and the range queries (legend -> PromQL) drawn in it. */
interface ChartSpec {
  title: string;
  unit: FleetHostDetail['charts'][number]['unit'];
  lines: Array<{ name: string; expr: string }>;
}

/** Seconds of history the host screen shows. */
export const HISTORY_SECONDS = 3600;
/** Points per line: about one per terminal column of a wide chart. */
const HISTORY_POINTS = 120;

/** The range queries of one host (`instance`, narrowed by the user's matchers too). */
export function hostChartSpecs(instance: string, matchers: readonly LabelMatcher[], window: string): ChartSpec[] {
  const m = [...matchers, { name: 'instance', op: '=' as const, value: instance }];
  const s = (metric: string, extra = ''): string => selector(metric, m, extra);
  return [
    {
      title: 'CPU busy %', unit: 'percent',
      lines: [{
        name: 'busy',
        expr: `100 * (1 - sum(rate(${s('node_cpu_seconds_total', 'mode=~"idle|iowait"')}[${window}])) / sum(rate(${s('node_cpu_seconds_total')}[${window}])))`,
      }],
    },
    {
      title: 'Memory', unit: 'bytes',
      lines: [
        { name: 'used', expr: `${s('node_memory_MemTotal_bytes')} - ${s('node_memory_MemAvailable_bytes')}` },
        { name: 'available', expr: s('node_memory_MemAvailable_bytes') },
      ],
    },
    {
      title: 'Load', unit: 'load',
      lines: [
        { name: '1m', expr: s('node_load1') },
        { name: '5m', expr: s('node_load5') },
        { name: '15m', expr: s('node_load15') },
      ],
    },
    {
      title: 'Network', unit: 'bytes/s',
      lines: [
        { name: 'rx', expr: `sum(rate(${s('node_network_receive_bytes_total', 'device!="lo"')}[${window}]))` },
        { name: 'tx', expr: `sum(rate(${s('node_network_transmit_bytes_total', 'device!="lo"')}[${window}]))` },
      ],
    },
    {
      title: 'Disk', unit: 'bytes/s',
      lines: [
        { name: 'read', expr: `sum(rate(${s('node_disk_read_bytes_total')}[${window}]))` },
        { name: 'write', expr: `sum(rate(${s('node_disk_written_bytes_total')}[${window}]))` },
      ],
    },
  ];
}

function toSeries(name: string, m: MatrixSeries | undefined): FleetSeries {
  const pts = (m?.values ?? []).filter(([, v]) => Number.isFinite(v));
  return { name, times: pts.map(([t]) => t), values: pts.map(([, v]) => v) };
}

/**
 * One host's screen: every chart over the last hour (query_range) and its processes (sysmon's families, the
 * CPU ranking and the memory ranking joined by pid). A failing chart query is left empty, not fatal.
 */
export async function fetchHostDetail(
  client: PrometheusClient, instance: string, matchers: readonly LabelMatcher[], window: string, now = Date.now() / 1000,
): Promise<FleetHostDetail> {
  const specs = hostChartSpecs(instance, matchers, window);
  const step = Math.max(1, Math.round(HISTORY_SECONDS / HISTORY_POINTS));
  const start = now - HISTORY_SECONDS;
  const m = [...matchers, { name: 'instance', op: '=' as const, value: instance }];
  const [charts, cpu, mem] = await Promise.all([
    Promise.all(specs.map(async (c) => ({
      title: c.title,
      unit: c.unit,
      series: await Promise.all(c.lines.map(async (l) => {
        const r = await client.queryRange(l.expr, start, now, step);
        return toSeries(l.name, r[0]);
      })),
    }))),
    // `and` the instant series: only processes the target exports now, not those that left its top N.
    client.query(`rate(${selector('sysmon_process_cpu_seconds_total', m)}[${window}]) and ${selector('sysmon_process_cpu_seconds_total', m)}`, now),
    client.query(selector('sysmon_process_resident_memory_bytes', m), now),
  ]);
  const byPid = new Map<string, FleetProcess>();
  const get = (metric: Record<string, string>): FleetProcess => {
    const key = `${metric.pid}\0${metric.comm}`;
    let p = byPid.get(key);
    if (!p) {
      p = { pid: Number(metric.pid), comm: metric.comm ?? '', user: metric.user ?? '', cpuPercent: null, rssBytes: null };
      byPid.set(key, p);
    }
    return p;
  };
  for (const s of cpu) if (Number.isFinite(s.value)) get(s.metric).cpuPercent = s.value * 100;
  for (const s of mem) if (Number.isFinite(s.value)) get(s.metric).rssBytes = s.value;
  const processes = [...byPid.values()].sort((a, b) => (b.cpuPercent ?? -1) - (a.cpuPercent ?? -1) || (b.rssBytes ?? -1) - (a.rssBytes ?? -1));
  return { instance, charts, processes };
}
