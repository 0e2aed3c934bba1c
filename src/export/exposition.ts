/**
 * Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/),
 * written by hand: the format is a few lines of rules, and owning them keeps sysmon free of a metrics
 * library that would keep its own registry of state beside our snapshots.
 */

/** Content-Type of the text format, as Prometheus negotiates it. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Prometheus metric types sysmon emits. */
export type MetricType = 'gauge' | 'counter';

/** One family ready to print: name, help, type, label names, and its samples' label values and values. */
export interface RenderedFamily {
  name: string;
  help: string;
  type: MetricType;
  labels: readonly string[];
  /** Each sample: label values in the order of {@link labels}, then the value. */
  samples: Array<{ labelValues: readonly string[]; value: number }>;
}

/** Escape a label value: backslash, double quote and line feed (the only three escapes the format has). */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Escape HELP text: backslash and line feed (quotes stay as they are there). */
export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** Sample value as the format spells it: Go-style `NaN`, `+Inf`, `-Inf`, else the shortest exact decimal. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True when a metric name is valid in the text format. */
export function isValidMetricName(name: string): boolean {
  return NAME_RE.test(name);
}

/** True when a label name is valid (and not reserved: `__` prefixes belong to Prometheus). */
export function isValidLabelName(name: string): boolean {
  return LABEL_RE.test(name) && !name.startsWith('__');
}

/**
 * Write families in the text format. A family without samples is left out entirely (no orphan HELP/TYPE),
 * and two samples with the same label values keep only the first: duplicate series fail the whole scrape.
 */
export function writeExposition(families: Iterable<RenderedFamily>): string {
  const parts: string[] = [];
  for (const fam of families) {
    if (fam.samples.length === 0) continue;
    parts.push(`# HELP ${fam.name} ${escapeHelp(fam.help)}\n# TYPE ${fam.name} ${fam.type}\n`);
    const seen = fam.labels.length > 0 ? new Set<string>() : null;
    for (const s of fam.samples) {
      if (seen) {
        const key = s.labelValues.join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        let lbl = '';
        for (let i = 0; i < fam.labels.length; i++) {
          lbl += `${i ? ',' : ''}${fam.labels[i]}="${escapeLabelValue(s.labelValues[i] ?? '')}"`;
        }
        parts.push(`${fam.name}{${lbl}} ${formatValue(s.value)}\n`);
      } else {
        parts.push(`${fam.name} ${formatValue(s.value)}\n`);
        break; // an unlabelled family has exactly one series
      }
    }
  }
  return parts.join('');
}
