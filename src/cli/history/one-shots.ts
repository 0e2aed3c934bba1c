import type { Snapshot } from '../../core/snapshot.js';
import { snapshotFormatContext } from '../../fields/format-context.js';
import type { ProcFs } from '../../source/proc-fs.js';
import type { FreeOptions } from '../free/options.js';
import type { ProcessRow } from '../../core/process.js';
import type { FormatContext } from '../../fields/registry.js';
import type { TopOptions } from '../top/options.js';
import { RuntimeError, UsageError } from '../../core/errors.js';
import { out } from '../../format/output.js';
import { formatLocalTime } from '../../parsers/time-spec.js';
import type { HistoryReader, SampleRef } from '../../store/history/reader.js';
import type { ContainersOptions } from '../containers/options.js';
import { openAt, type AtSample } from './at.js';

/*
 * `--at TIME [--db PATH]` of the one-shots: the same commands and output on a recorded snapshot. Loaded only
 * when --at is given, so ps, free and top without it never load SQLite (test/perf-guard.test.ts).
 */

function needAt(at: string | undefined, command: string): string {
  if (at === undefined) throw new UsageError(`${command}: --db needs --at TIME`);
  return at;
}

/** `sysmon ps --at`: ps's selection, sort and columns over the recorded rows, as ps would have shown them. */
export function psRecorded(at: string | undefined, db: string | undefined): { rows: ProcessRow[]; ctx: FormatContext } {
  const { reader, snapshot } = openAt(needAt(at, 'ps'), db, 'ps');
  reader.close();
  // ps shows lifetime %CPU, not the interval's: no interval in its context.
  return { rows: snapshot.processes, ctx: { ...snapshotFormatContext(snapshot, 'ps'), interval: null } };
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

/**
 * `sysmon free --at`: one block from the recorded meminfo, or with -s/-c the blocks free would have printed
 * from then on (-c of them, else to the end of the history), -s seconds apart (1 with -c alone).
 */
export async function freeAt(fs: ProcFs, o: FreeOptions, at: string | undefined, db: string | undefined): Promise<void> {
  const first = openAt(needAt(at, 'free'), db, 'free');
  try {
    const next = successiveSamples(first.reader, first, (o.seconds ?? 1) * 1000, o.count);
    const { runFree } = await import('../free/run.js');
    await runFree(fs, o, () => next()?.mem ?? null);
  } finally {
    first.reader.close();
  }
}

/**
 * `sysmon containers --at`: the containers and pods of the recorded sample, or with -s/-c the samples from then
 * on as `containers -s/-c` would have printed them. A sample recorded without containers is an error (exit 1).
 */
export async function containersAt(o: ContainersOptions, at: string | undefined, db: string | undefined): Promise<void> {
  if (at === undefined) throw new UsageError('containers: --db needs --at TIME');
  if (o.all) throw new UsageError('containers: --all is not recorded (a recording keeps containers and pods); leave it out with --at');
  const first = openAt(at, db, 'containers');
  try {
    const stream = o.seconds !== null || o.count !== null;
    const next = successiveSamples(first.reader, first, (o.seconds ?? 1) * 1000, stream ? o.count : 1);
    const { printContainers } = await import('../containers/run.js');
    let n = 0;
    for (let s = next(); s !== null; s = next(), n++) {
      if (s.containers === undefined) {
        throw new RuntimeError(`containers: the sample of ${formatLocalTime(s.time)} has no containers (recorded by a sysmon that did not record them)`);
      }
      if (n > 0 && !o.json) out('\n');
      printContainers(s.containers, o, stream);
    }
  } finally {
    first.reader.close();
  }
}

/**
 * `sysmon top -b --at`: frames of the recorded samples from TIME on (-n of them, else to the end of the
 * history), each with the %CPU of its own recorded interval; -d does not apply.
 */
export async function topAt(fs: ProcFs, o: TopOptions, at: string | undefined, db: string | undefined): Promise<void> {
  const { reader, sample, snapshot } = openAt(needAt(at, 'top'), db, 'top', true);
  try {
    let id = sample.id;
    let n = 0;
    const next = (): Snapshot | null => {
      if (n === 0) {
        n++;
        return snapshot;
      }
      if (n >= o.iterations) return null;
      const ref = reader.after(id, 1)[0];
      if (!ref) return null;
      id = ref.id;
      n++;
      return reader.snapshot(ref.id);
    };
    const { runTopRecorded } = await import('../top/run.js');
    runTopRecorded(fs, o, next);
  } finally {
    reader.close();
  }
}
