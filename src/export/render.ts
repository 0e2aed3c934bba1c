import { writeExposition, type RenderedFamily } from './exposition.js';
import type { ExportOptions, ExportSample, MetricFamily } from './metric-family.js';
import { GPU_FAMILIES } from './gpu-families.js';
import { memoryFamilies, NODE_FAMILIES } from './node-families.js';
import { SYSMON_FAMILIES } from './sysmon-families.js';
import { CONTAINER_FAMILIES } from './container-families.js';

/** Every family one sample exports, in output order: node_exporter's, then sysmon's. */
export function familiesFor(sample: ExportSample): MetricFamily[] {
  const gpu = sample.snapshot.gpus?.length ? GPU_FAMILIES : [];
  return [...memoryFamilies(sample.snapshot.mem), ...NODE_FAMILIES, ...SYSMON_FAMILIES, ...(sample.snapshot.containers ? CONTAINER_FAMILIES : []), ...gpu];
}

/** The whole /metrics body for one sample. */
export function renderMetrics(sample: ExportSample, opts: ExportOptions): string {
  const rendered: RenderedFamily[] = familiesFor(sample).map((f) => ({
    name: f.name,
    help: f.help,
    type: f.type,
    labels: f.labels,
    samples: [...f.samples(sample, opts)],
  }));
  return writeExposition(rendered);
}
