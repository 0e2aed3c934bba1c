import { RuntimeError } from '../../core/errors.js';
import type { Database } from './sqlite-driver.js';

/*
 * The history's tables. Times are milliseconds since the epoch. `samples` holds one row per recorded tick:
 * the chart series as plain columns (a 7-day chart reads them without decoding anything; the disk and network
 * rates since version 2), the rest of the
 * system snapshot as deflated JSON, and the process table as a process-codec blob (with `ref`, the sample its
 * deltas are against, null for a key frame). `proc_static` holds what does not change while a process lives.
 * Sample ids never go back (AUTOINCREMENT), even when retention has deleted every sample: static rows and
 * delta references count on that.
 */

/** Each entry takes the schema from version i to i + 1; never edit one that shipped, append a new one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE samples (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     time INTEGER NOT NULL,
     interval REAL,
     ref INTEGER,
     cpu REAL, mem_used INTEGER, mem_cache INTEGER, mem_available INTEGER, swap_used INTEGER, load1 REAL,
     system BLOB NOT NULL,
     procs BLOB NOT NULL,
     bytes INTEGER NOT NULL
   );
   CREATE INDEX samples_time ON samples(time);
   CREATE TABLE proc_static (
     id INTEGER PRIMARY KEY,
     pid INTEGER NOT NULL, starttime INTEGER NOT NULL, comm TEXT NOT NULL,
     uid INTEGER, user TEXT, cmdline TEXT, container TEXT,
     last_sample INTEGER NOT NULL
   );
   CREATE INDEX proc_static_last ON proc_static(last_sample);
   CREATE TABLE recorder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, starttime INTEGER NOT NULL,
     host TEXT NOT NULL, started INTEGER NOT NULL);`,
  // 2: the disk and network charts' series (bytes per second, as MetricsStore computes them live), so a
  // replay draws them without decoding a blob per point. Samples recorded before have NULL here.
  `ALTER TABLE samples ADD COLUMN disk_read REAL;
   ALTER TABLE samples ADD COLUMN disk_write REAL;
   ALTER TABLE samples ADD COLUMN net_rx REAL;
   ALTER TABLE samples ADD COLUMN net_tx REAL;`,
];

/** The schema version this build writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Version stored in the file (0 for a new, empty file). */
export function storedVersion(db: Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!has) return 0;
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Bring a database to SCHEMA_VERSION, each step in its own transaction; refuse a newer file. */
export function migrate(db: Database): void {
  const run = db.transaction(() => {
    const v = storedVersion(db);
    if (v > SCHEMA_VERSION) {
      throw new RuntimeError(`history schema version ${v} is newer than this sysmon understands (${SCHEMA_VERSION}); upgrade sysmon`);
    }
    if (v === 0) db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    for (let i = v; i < SCHEMA_VERSION; i++) db.exec(MIGRATIONS[i]!);
    if (v !== SCHEMA_VERSION) {
      db.exec('DELETE FROM schema_version');
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    }
  });
  run.immediate();
}

/** A reader checks the version without changing anything. */
export function checkReadable(db: Database, path: string): void {
  const v = storedVersion(db);
  if (v === 0) throw new RuntimeError(`${path} is not a sysmon history (no schema version)`);
  if (v > SCHEMA_VERSION) {
    throw new RuntimeError(`history schema version ${v} is newer than this sysmon understands (${SCHEMA_VERSION}); upgrade sysmon`);
  }
}
