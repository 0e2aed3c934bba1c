import type { GpuSample } from '../../core/gpu.js';
import { RuntimeError, UsageError } from '../../core/errors.js';
import { utilLinuxSize } from '../../core/size-units.js';
import { GpuCollector } from '../../collectors/gpu-collector.js';
import { out, outJson, outJsonLine } from '../../format/output.js';
import { leftColumn, renderTable, rightColumn } from '../../format/table.js';

/** The parsed command line of `sysmon gpu`. */
export interface GpuOptions {
  root: string;
  json: boolean;
  /** Seconds between samples, or null for one. */
  seconds: number | null;
  /** Samples to print, or null for unlimited with `-s`. */
  count: number | null;
}

/** `-s N`: seconds between samples, 0.1 at least. */
export function parseGpuSeconds(text: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n < 0.1 || n > 86400) throw new UsageError(`gpu: -s wants seconds between 0.1 and 86400, not '${text}'`);
  return n;
}

/** `-c N`: a whole number of samples, at least 1. */
export function parseGpuCount(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`gpu: -c wants a whole number of samples, at least 1, not '${text}'`);
  }
  return Number(text);
}

const dash = (v: number | null, f: (n: number) => string): string => (v === null ? '-' : f(v));

/** The text table of one sample; `-` where the driver gives nothing, `asleep` for a suspended card. */
export function renderGpus(gpus: GpuSample[]): string {
  const cols = [
    rightColumn('GPU', 3), leftColumn('VENDOR', 6), leftColumn('NAME'), rightColumn('BUSY', 4), rightColumn('MEM-USED', 8), rightColumn('MEM-TOTAL', 9),
    rightColumn('TEMP', 4), rightColumn('POWER', 6), rightColumn('LIMIT', 6), rightColumn('CLOCK', 7), rightColumn('FAN', 4),
  ];
  const rows = gpus.map((g) =>
    g.asleep
      ? [String(g.index), g.vendor, g.name, 'asleep', '-', '-', '-', '-', '-', '-', '-']
      : [
          String(g.index),
          g.vendor,
          g.name,
          dash(g.utilization, (v) => `${Math.round(v)}%`),
          dash(g.memoryUsed, utilLinuxSize),
          dash(g.memoryTotal, utilLinuxSize),
          dash(g.temperature, (v) => `${Math.round(v)}C`),
          dash(g.power, (v) => `${v.toFixed(1)}W`),
          dash(g.powerLimit, (v) => `${Math.round(v)}W`),
          dash(g.clockGraphics, (v) => `${Math.round(v)}MHz`),
          dash(g.fan, (v) => `${Math.round(v)}%`),
        ],
  );
  return renderTable(cols, rows);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `sysmon gpu`: one table (or JSON) of every GPU, or a stream with `-s`/`-c`. No GPU at all exits 1. */
export async function runGpu(o: GpuOptions): Promise<void> {
  const repeat = o.seconds !== null || o.count !== null;
  const interval = o.seconds ?? 1;
  const collector = new GpuCollector({ root: o.root, intervalMs: Math.round(interval * 1000), processes: !repeat });
  await collector.init();
  let gpus = collector.sample();
  if (gpus.length === 0) {
    const why = collector.error();
    throw new RuntimeError(`no GPU found (looked in /sys/class/drm${why ? `; ${why}` : ' and for NVIDIA devices'})`);
  }
  if (repeat) collector.startStreaming();
  let left = o.count ?? Infinity;
  try {
    for (;;) {
      if (o.json) {
        const doc = { time: new Date().toISOString(), gpus };
        if (repeat) outJsonLine(doc);
        else outJson(doc);
      } else {
        out(renderGpus(gpus));
      }
      if (!repeat || --left < 1) return;
      await sleep(interval * 1000);
      if (!o.json) out('\n');
      gpus = collector.sample();
    }
  } finally {
    collector.stop();
  }
}
