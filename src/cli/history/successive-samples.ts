import type { Snapshot } from '../../core/snapshot.js';
import { UsageError } from '../../core/errors.js';
import type { HistoryReader, SampleRef } from '../../store/history/reader.js';
import type { AtSample } from './at.js';

/** `--at`'s value, or the usage error of `--db` given without it. */
export function needAt(at: string | undefined, command: string): string {
  if (at === undefined) throw new UsageError(`${command}: --db needs --at TIME`);
  return at;
}

/**
 * Successive recorded snapshots from `first` on, as a command repeating every `stepMs` would have seen them:
 * the k-th is the sample at or before first + k * stepMs, or the next sample when that is the one shown
 * before (a recording coarser than the step shows each of its samples once, in order). Null after `count`
 * snapshots (null: no limit) or at the end of the history.
 */
export function successiveSamples(reader: HistoryReader, first: AtSample, stepMs: number, count: number | null): () => Snapshot | null {
  let shown: SampleRef | null = null;
  let k = 0;
  return () => {
    if (count !== null && k >= count) return null;
    if (shown === null) {
      shown = first.sample;
      k++;
      return first.snapshot;
    }
    let next = reader.at(first.sample.time + k * stepMs);
    if (next === null || next.id <= shown.id) next = reader.after(shown.id, 1)[0] ?? null;
    if (next === null) return null;
    const snap = reader.snapshot(next.id);
    if (snap === null) return null; // pruned while reading: the history ends here for us
    shown = next;
    k++;
    return snap;
  };
}

