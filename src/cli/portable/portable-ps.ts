import { PortableSnapshotCollector } from '../../collectors/portable-snapshot-collector.js';
import { snapshotFormatContext } from '../../fields/format-context.js';
import type { PsRecorded } from '../ps/main.js';

/**
 * `sysmon ps` on the portable backend: one reading of systeminformation and pidusage, handed to ps as rows
 * and context (the hook `ps --at` uses), so selection, sorting and layout are ps's own. The rows are marked
 * portable: the columns that backend cannot fill print `-`.
 */
export async function portablePsRows(): Promise<PsRecorded> {
  const snapshot = await new PortableSnapshotCollector({ processes: true }).tick();
  // ps shows lifetime %CPU: no interval; the clock is the reading's.
  return { rows: snapshot.processes, ctx: { ...snapshotFormatContext(snapshot, 'ps'), interval: null } };
}
