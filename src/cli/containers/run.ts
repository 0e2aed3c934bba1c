import { RuntimeError } from '../../core/errors.js';
import type { ContainerSample } from '../../core/container.js';
import { ContainerCollector } from '../../collectors/container-collector.js';
import { CONTAINER_FIELDS } from '../../fields/container-fields.js';
import { sortRows, type FormatContext } from '../../fields/registry.js';
import { out, outJson, outJsonLine } from '../../format/output.js';
import { renderTable } from '../../format/table.js';
import type { ProcFs } from '../../source/proc-fs.js';
import type { ContainersOptions } from './options.js';

/** `--list-fields`: key, header, aliases and meaning of every column. */
export function listContainerFields(): void {
  const rows = CONTAINER_FIELDS.map((f) => [f.key, f.header, f.aliases.join(','), f.description]);
  out(renderTable(
    [{ header: 'KEY', width: 3, align: 'left' }, { header: 'HEADER', width: 6, align: 'left' },
      { header: 'ALIASES', width: 7, align: 'left' }, { header: 'DESCRIPTION', width: 11, align: 'left' }],
    rows,
  ));
}

function context(sample: ContainerSample): FormatContext {
  return { now: sample.time, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: sample.interval, cpuCount: 1 };
}

/** The sample as JSON: time, cgroup version, and one object per row keyed by the chosen columns. */
export function sampleJson(sample: ContainerSample, opts: ContainersOptions): unknown {
  const ctx = context(sample);
  const rows = sortRows(sample.rows, opts.sort, ctx);
  return {
    time: new Date(sample.time).toISOString(),
    interval: sample.interval,
    cgroupVersion: sample.version,
    containers: rows.map((r) => Object.fromEntries(opts.columns.map((f) => [f.key, f.value(r, ctx)]))),
  };
}

/** The sample as a text table. */
export function sampleText(sample: ContainerSample, opts: ContainersOptions): string {
  const ctx = context(sample);
  const rows = sortRows(sample.rows, opts.sort, ctx);
  return renderTable(
    opts.columns.map((f) => ({ header: f.header, width: f.width, align: f.align })),
    rows.map((r) => opts.columns.map((f) => f.text(r, ctx))),
    { headers: opts.headers },
  );
}

/** On a terminal, lines end at its width (as ps does); a pipe gets them whole. */
function cutToTerminal(text: string): string {
  const cols = process.stdout.isTTY ? process.stdout.columns : 0;
  if (!cols) return text;
  return text.split('\n').map((l) => (l.length > cols ? l.slice(0, cols) : l)).join('\n');
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/** Print one sample: a table, a JSON document, or one NDJSON line of a stream. */
export function printContainers(s: ContainerSample, opts: ContainersOptions, stream: boolean): void {
  if (opts.json) {
    if (stream) outJsonLine(sampleJson(s, opts));
    else outJson(sampleJson(s, opts));
  } else out(cutToTerminal(sampleText(s, opts)));
}

/** Print one sample, or a stream of them. Exit 1 when the root has no cgroup filesystem. */
export async function runContainers(procFs: ProcFs, opts: ContainersOptions): Promise<void> {
  const collector = new ContainerCollector(procFs);
  if (collector.layout === null) {
    throw new RuntimeError(`containers: no cgroup filesystem under ${collector.cgfs.root === '/' ? '' : collector.cgfs.root}/sys/fs/cgroup`);
  }
  const print = (s: ContainerSample, stream: boolean): void => printContainers(s, opts, stream);
  if (opts.seconds === null) {
    collector.collect({ all: opts.all });
    if (opts.delay > 0) await sleep(opts.delay);
    print(opts.delay > 0 ? collector.collect({ all: opts.all }) : collector.collect({ all: opts.all }), false);
    return;
  }
  collector.collect({ all: opts.all });
  for (let n = 0; opts.count === null || n < opts.count; n++) {
    await sleep(opts.seconds);
    if (n > 0 && !opts.json) out('\n');
    print(collector.collect({ all: opts.all }), true);
  }
}
