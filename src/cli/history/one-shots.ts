import type { Snapshot } from '../../core/snapshot.js';
import { UsageError } from '../../core/errors.js';
import { snapshotFormatContext } from '../../fields/format-context.js';
import type { ProcFs } from '../../source/proc-fs.js';
import type { FreeOptions } from '../free/options.js';
import type { ProcessRow } from '../../core/process.js';
import type { FormatContext } from '../../fields/registry.js';
import type { TopOptions } from '../top/options.js';
import { openAt } from './at.js';

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

/** `sysmon free --at`: one block from the recorded meminfo (-s/-c repeat live readings, so not with --at). */
export async function freeAt(fs: ProcFs, o: FreeOptions, at: string | undefined, db: string | undefined): Promise<void> {
  if (o.seconds !== null || o.count !== null) throw new UsageError('free: --at prints one recorded block; -s and -c are for live readings');
  const { reader, snapshot } = openAt(needAt(at, 'free'), db, 'free');
  reader.close();
  const { runFree } = await import('../free/run.js');
  await runFree(fs, o, snapshot.mem);
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
