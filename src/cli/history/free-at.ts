import type { ProcFs } from '../../source/proc-fs.js';
import type { FreeOptions } from '../free/options.js';
import { openAt } from './at.js';
import { needAt, successiveSamples } from './successive-samples.js';

// Not in one-shots.ts: a free bundle that imports it also holds top's and containers' code (its dynamic
// imports), twice the bytes to read and ~1.7 M instructions more to deserialise at every `sysmon free`.

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
