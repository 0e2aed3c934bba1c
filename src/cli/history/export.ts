import { RuntimeError, UsageError } from '../../core/errors.js';
import type { Snapshot } from '../../core/snapshot.js';
import { escapeHelp, escapeLabelValue, formatValue } from '../../export/exposition.js';
import { familiesFor } from '../../export/render.js';
import { SpoolDir, type SpoolFile } from '../../source/spool-dir.js';
import { HistoryReader } from '../../store/history/reader.js';
import { parseAt } from './at.js';
import { dbPathFrom } from './db-path.js';

/** Options of `sysmon history export`. */
export interface ExportOptions {
  from?: string;
  to?: string;
  format?: string;
  db?: string;
  /** Processes per ranking in OpenMetrics (as serve --top). */
  top?: string;
}

/** Families that describe the exporter itself, not the machine: they mean nothing in a recording. */
const LIVE_ONLY = new Set(['sysmon_scrape_duration_seconds', 'sysmon_collections_total']);

/** Samples read per batch (bounded memory whatever the range). */
const BATCH = 256;

function* samplesBetween(r: HistoryReader, from: number, to: number): Generator<Snapshot> {
  const start = r.at(from);
  let id = start && start.time >= from ? start.id - 1 : (start?.id ?? 0);
  for (;;) {
    const refs = r.after(id, BATCH);
    if (refs.length === 0) return;
    for (const ref of refs) {
      if (ref.time > to) return;
      id = ref.id;
      if (ref.time < from) continue;
      const s = r.snapshot(ref.id);
      if (s) yield s;
    }
  }
}

/**
 * stdout with back-pressure: a pipe is non-blocking (fs.writeSync to it fails with EAGAIN when the reader is
 * slower), so text goes through process.stdout in chunks, waiting for 'drain'.
 */
class Output {
  private buf: string[] = [];
  private size = 0;

  async write(text: string): Promise<void> {
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
  }
}

/**
 * OpenMetrics for `promtool tsdb create-blocks-from openmetrics`: the exporter's own families (node_exporter
 * names) for every recorded sample, with its timestamp. The format wants each family's samples together, so
 * they are spooled per family into a temporary directory, then written family by family, ending in `# EOF`.
 */
async function openMetrics(r: HistoryReader, from: number, to: number, top: number, out: Output): Promise<number> {
  const dir = new SpoolDir();
  const spools = new Map<string, { file: SpoolFile; head: string; buf: string[] }>();
  let n = 0;
  try {
    for (const snapshot of samplesBetween(r, from, to)) {
      n++;
      const ts = (snapshot.time / 1000).toFixed(3);
      const sample = { snapshot, collectSeconds: 0, collections: n };
      for (const f of familiesFor(sample)) {
        if (LIVE_ONLY.has(f.name)) continue;
        let sp = spools.get(f.name);
        if (!sp) {
          // OpenMetrics names a counter family without its _total; its samples keep it.
          const family = f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name;
          sp = { file: dir.create(), head: `# TYPE ${family} ${f.type}\n# HELP ${family} ${escapeHelp(f.help)}\n`, buf: [] };
          spools.set(f.name, sp);
        }
        for (const s of f.samples(sample, { top })) {
          const labels = f.labels.length === 0 ? '' : `{${f.labels.map((l, i) => `${l}="${escapeLabelValue(s.labelValues[i] ?? '')}"`).join(',')}}`;
          sp.buf.push(`${f.name}${labels} ${formatValue(s.value)} ${ts}\n`);
        }
        if (sp.buf.length > 2048) {
          sp.file.append(sp.buf.join(''));
          sp.buf = [];
        }
      }
    }
    for (const sp of spools.values()) {
      sp.file.append(sp.buf.join(''));
      await out.write(sp.head);
      await sp.file.readBack((text) => out.write(text));
    }
    await out.write('# EOF\n');
    await out.flush();
  } finally {
    for (const sp of spools.values()) sp.file.close();
    dir.remove();
  }
  return n;
}

/** NDJSON: one recorded snapshot per line, as recorded (raw kernel units, times in ms since the epoch). */
async function ndjson(r: HistoryReader, from: number, to: number, out: Output): Promise<number> {
  let n = 0;
  for (const s of samplesBetween(r, from, to)) {
    await out.write(JSON.stringify(s) + '\n');
    n++;
  }
  await out.flush();
  return n;
}

/** `sysmon history export`: the samples between --from and --to (default: all) to stdout. */
export async function historyExport(o: ExportOptions): Promise<void> {
  const format = o.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'openmetrics') {
    throw new UsageError(`history export: --format must be ndjson or openmetrics, got '${format}'`);
  }
  const from = o.from === undefined ? -Infinity : parseAt(o.from, 'history export');
  const to = o.to === undefined ? Infinity : parseAt(o.to, 'history export');
  if (from > to) throw new UsageError('history export: --from is after --to');
  const top = o.top === undefined ? 5 : Number(o.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`history export: --top needs a whole number, got '${o.top}'`);
  const r = HistoryReader.open(dbPathFrom(o.db));
  try {
    const out = new Output();
    const n = format === 'openmetrics' ? await openMetrics(r, from, to, top, out) : await ndjson(r, from, to, out);
    if (n === 0) throw new RuntimeError('history export: no samples in that range');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return; // output into head
    throw err;
  } finally {
    r.close();
  }
}
