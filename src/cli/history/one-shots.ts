import type { Snapshot } from '../../core/snapshot.js';
import { snapshotFormatContext } from '../../fields/format-context.js';
import type { ProcFs } from '../../source/proc-fs.js';
import type { ProcessRow } from '../../core/process.js';
import type { FormatContext } from '../../fields/registry.js';
import type { TopOptions } from '../top/options.js';
import { RuntimeError, UsageError } from '../../core/errors.js';
import { out } from '../../format/output.js';
import { formatLocalTime } from '../../parsers/time-spec.js';
import type { ContainersOptions } from '../containers/options.js';
import { openAt } from './at.js';
import { needAt, successiveSamples } from './successive-samples.js';

/*
 * `--at TIME [--db PATH]` of the one-shots: the same commands and output on a recorded snapshot. Loaded only
 * when --at is given, so ps, free and top without it never load SQLite (test/perf-guard.test.ts). free's is in
 * free-at.ts: this module's dynamic imports (top's and containers' code) would double free's bundle.
 */

/** `sysmon ps --at`: ps's selection, sort and columns over the recorded rows, as ps would have shown them. */
export function psRecorded(at: string | undefined, db: string | undefined): { rows: ProcessRow[]; ctx: FormatContext } {
  const { reader, snapshot } = openAt(needAt(at, 'ps'), db, 'ps');
  reader.close();
  // ps shows lifetime %CPU, not the interval's: no interval in its context.
  return { rows: snapshot.processes, ctx: { ...snapshotFormatContext(snapshot, 'ps'), interval: null } };
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
