import { userFileExists, userFileSize } from '../../source/user-files.js';
import { RuntimeError, UsageError } from '../../core/errors.js';
import { humanCeil } from '../../core/size-units.js';
import { out } from '../../format/output.js';
import { parseDuration } from '../../parsers/time-spec.js';
import { activeRecorder } from '../../store/history/recorder-lock.js';
import { pruneHistory } from '../../store/history/retention.js';
import { migrate } from '../../store/history/schema.js';
import { openDatabase } from '../../store/history/sqlite-driver.js';
import { configure } from '../../store/history/writer.js';
import { parseByteSize } from '../record/options.js';
import { parseAt } from './at.js';
import { dbPathFrom } from './db-path.js';

/** Options of `sysmon history prune`. */
export interface PruneOptions {
  retain?: string;
  maxSize?: string;
  before?: string;
  db?: string;
}

/**
 * `sysmon history prune`: delete old samples now (by age, --before, or size), then compact the file when no
 * recorder is writing it (VACUUM needs the file to itself; with a recorder the freed pages are reused).
 */
export function historyPrune(o: PruneOptions): void {
  let olderThan: number | null = null;
  if (o.retain !== undefined) {
    const s = parseDuration(o.retain);
    if (s === null || s <= 0) throw new UsageError(`history prune: --retain needs a duration such as 7d or 12h, got '${o.retain}'`);
    olderThan = Date.now() - s * 1000;
  }
  if (o.before !== undefined) olderThan = Math.max(olderThan ?? -Infinity, parseAt(o.before, 'history prune'));
  let maxBytes: number | null = null;
  if (o.maxSize !== undefined) {
    maxBytes = parseByteSize(o.maxSize);
    if (maxBytes === null) throw new UsageError(`history prune: --max-size needs a size such as 500M, got '${o.maxSize}'`);
  }
  if (olderThan === null && maxBytes === null) throw new UsageError('history prune: say what to delete: --retain AGE, --before TIME or --max-size SIZE');
  const file = dbPathFrom(o.db);
  if (!userFileExists(file)) throw new RuntimeError(`no history at ${file}`);
  const db = openDatabase(file);
  try {
    configure(db);
    migrate(db);
    const before = userFileSize(file) ?? 0;
    const tx = db.transaction(() => pruneHistory(db, { olderThan, maxBytes }));
    const { deleted } = tx.immediate();
    const recorder = activeRecorder(db);
    let note = '';
    if (recorder === null && deleted > 0) {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } else if (recorder !== null) note = ` (recorder pid ${recorder.pid} is writing: freed space is reused, the file is not shrunk)`;
    const after = userFileSize(file) ?? 0;
    out(`deleted ${deleted} samples; ${file} ${humanCeil(before, 1024)}iB -> ${humanCeil(after, 1024)}iB${note}\n`);
  } finally {
    db.close();
  }
}
