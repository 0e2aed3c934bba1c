import type { Snapshot } from '../../core/snapshot.js';
import { RuntimeError, UsageError } from '../../core/errors.js';
import { formatLocalTime, parseTimeSpec } from '../../parsers/time-spec.js';
import { HistoryReader, type SampleRef } from '../../store/history/reader.js';
import { dbPathFrom } from './db-path.js';
import { diagPrefix, dropInFor } from '../drop-in.js';

/** A drop-in's notes start as its messages do (`sysmon: `); sysmon's own commands name themselves. */
function notePrefix(command: string): string {
  const tool = dropInFor(command);
  return tool ? diagPrefix(tool) : `sysmon: ${command}: `;
}

/** What `--at TIME [--db PATH]` names: the reader, the sample chosen and its snapshot. */
export interface AtSample {
  reader: HistoryReader;
  sample: SampleRef;
  snapshot: Snapshot;
}

/** Parse a user's time; a bad one is a usage error of `command` with the parser's one line. */
export function parseAt(text: string, command: string, now = Date.now()): number {
  const r = parseTimeSpec(text, now);
  if (!r.ok) throw new UsageError(`${command}: ${r.error}`);
  return r.ms;
}

/**
 * Open the history and find the sample for `--at`: the one at that time or the nearest earlier one. When it is
 * not exactly the time asked for, one note on stderr says which sample is shown (stdout stays the tool's).
 */
export function openAt(at: string, db: string | undefined, command: string, orLater = false): AtSample {
  const ms = parseAt(at, command);
  const file = dbPathFrom(db);
  const reader = HistoryReader.open(file);
  try {
    let sample = reader.at(ms);
    if (sample === null && orLater) {
      // A range from TIME on (top -n) may start before the history does: it starts with the first sample.
      const first = reader.first();
      if (first !== null && first.time > ms) {
        process.stderr.write(`${notePrefix(command)}the history starts later, at ${formatLocalTime(first.time)}\n`);
        sample = first;
      }
    } else if (sample !== null && sample.time !== ms) {
      const ago = (ms - sample.time) / 1000;
      process.stderr.write(
        `${notePrefix(command)}showing the sample of ${formatLocalTime(sample.time)}, the nearest before ${formatLocalTime(ms)} ` +
          `(${ago < 10 ? ago.toFixed(1) : Math.round(ago)} s earlier)\n`,
      );
    }
    if (sample === null) {
      const first = reader.first();
      throw new RuntimeError(
        first === null
          ? `${command}: the history ${file} has no samples yet`
          : `${command}: no sample at or before ${formatLocalTime(ms)}: the history starts at ${formatLocalTime(first.time)}`,
      );
    }
    const snapshot = reader.snapshot(sample.id);
    if (snapshot === null) throw new RuntimeError(`${command}: the sample of ${formatLocalTime(sample.time)} was pruned while reading`);
    return { reader, sample, snapshot };
  } catch (err) {
    reader.close();
    throw err;
  }
}
