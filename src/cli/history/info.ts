import { userFileSize } from '../../source/user-files.js';
import { humanCeil } from '../../core/size-units.js';
import { out, outJson } from '../../format/output.js';
import { formatLocalTime } from '../../parsers/time-spec.js';
import { HistoryReader } from '../../store/history/reader.js';
import { SCHEMA_VERSION } from '../../store/history/schema.js';
import { dbPathFrom } from './db-path.js';

/** A stretch without samples: longer than GAP_FACTOR times the usual interval. */
const GAP_FACTOR = 3;
/** Gaps listed at most (the longest ones). */
const MAX_GAPS = 10;

function fileSize(p: string): number {
  return userFileSize(p) ?? 0;
}

function seconds(s: number): string {
  if (s < 120) return `${+s.toFixed(1)} s`;
  if (s < 7200) return `${+(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${+(s / 3600).toFixed(1)} h`;
  return `${+(s / 86400).toFixed(1)} d`;
}

/** `sysmon history info`: where, how big, which time range, how often, and where samples are missing. */
export function historyInfo(db: string | undefined, json: boolean): void {
  const file = dbPathFrom(db);
  const r = HistoryReader.open(file);
  try {
    const first = r.first();
    const last = r.last();
    const count = r.count();
    const bytes = fileSize(file);
    const wal = fileSize(`${file}-wal`);
    const times = r.database.prepare('SELECT time FROM samples ORDER BY id').pluck().all() as number[];
    const deltas: number[] = [];
    for (let i = 1; i < times.length; i++) deltas.push(times[i]! - times[i - 1]!);
    const sorted = [...deltas].sort((a, b) => a - b);
    const median = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)]! : null;
    const gaps: { from: number; to: number; seconds: number }[] = [];
    if (median !== null) {
      for (let i = 0; i < deltas.length; i++) {
        if (deltas[i]! > GAP_FACTOR * median) gaps.push({ from: times[i]!, to: times[i + 1]!, seconds: deltas[i]! / 1000 });
      }
    }
    const longest = [...gaps].sort((a, b) => b.seconds - a.seconds).slice(0, MAX_GAPS).sort((a, b) => a.from - b.from);
    const avg = r.database.prepare('SELECT avg(bytes) FROM samples').pluck().get() as number | null;
    const statics = r.database.prepare('SELECT count(*) FROM proc_static').pluck().get() as number;
    const recorder = r.recorder();
    if (json) {
      outJson({
        path: file, schemaVersion: SCHEMA_VERSION, fileBytes: bytes, walBytes: wal, samples: count,
        first: first ? new Date(first.time).toISOString() : null, last: last ? new Date(last.time).toISOString() : null,
        intervalSeconds: median === null ? null : median / 1000, bytesPerSample: avg === null ? null : Math.round(avg),
        processes: statics, gaps: gaps.length, longestGaps: longest.map((g) => ({ from: new Date(g.from).toISOString(), to: new Date(g.to).toISOString(), seconds: g.seconds })),
        recorder,
      });
      return;
    }
    const lines = [
      `database   ${file}`,
      `size       ${humanCeil(bytes, 1024)}iB (${bytes} bytes)${wal > 0 ? `, write-ahead log ${humanCeil(wal, 1024)}iB` : ''}`,
      `samples    ${count}${avg !== null ? `, ${Math.round(avg)} bytes each on average (compressed system part + process table)` : ''}`,
      `range      ${first && last ? `${formatLocalTime(first.time)} .. ${formatLocalTime(last.time)} (${seconds((last.time - first.time) / 1000)})` : 'empty'}`,
      `interval   ${median === null ? '-' : seconds(median / 1000)}`,
      `processes  ${statics} distinct (pid, start time, command) kept`,
      `gaps       ${gaps.length === 0 ? 'none' : `${gaps.length} longer than ${GAP_FACTOR}x the interval`}`,
      ...longest.map((g) => `           ${formatLocalTime(g.from)} .. ${formatLocalTime(g.to)} (${seconds(g.seconds)})`),
      `recorder   ${recorder ? `pid ${recorder.pid} on ${recorder.host}, since ${formatLocalTime(recorder.started)}` : 'none running'}`,
    ];
    out(lines.join('\n') + '\n');
  } finally {
    r.close();
  }
}
