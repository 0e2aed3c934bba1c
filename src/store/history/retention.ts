import type { Database } from './sqlite-driver.js';

/** A static row is written again (`last_sample`) after this many samples, so retention knows it is in use. */
export const STATIC_TOUCH_EVERY = 64;

/** What to delete: samples older than a time, and the oldest samples until the file's data fits a size. */
export interface PruneLimits {
  /** Delete samples taken before this time, ms since the epoch; null = no age limit. */
  olderThan: number | null;
  /** Delete oldest samples until the pages in use take at most this many bytes; null = no size limit. */
  maxBytes: number | null;
}

/** Bytes of the database file that hold data (pages minus free pages). */
export function usedBytes(db: Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return (pages - free) * size;
}

/**
 * Delete the oldest samples: by age, and by size. Samples go in whole delta chains (a key frame and the
 * samples that depend on it), never leaving a sample whose reference is gone. Static process rows no sample
 * can use any more go too. Run inside the caller's transaction; returns how many samples were deleted.
 */
export function pruneHistory(db: Database, limits: PruneLimits): { deleted: number; oldest: number } {
  let deleted = 0;
  const keyAfter = db.prepare('SELECT min(id) AS id FROM samples WHERE id > ? AND ref IS NULL');
  const oldest = db.prepare('SELECT min(id) AS id FROM samples');
  const del = db.prepare('DELETE FROM samples WHERE id < ?');
  if (limits.olderThan !== null) {
    // Keep the chain that covers the cut-off: the key frame at or before the first sample to keep.
    const first = db.prepare('SELECT min(id) AS id FROM samples WHERE time >= ?').get(limits.olderThan) as { id: number | null };
    const cut = first.id === null
      ? ((db.prepare('SELECT max(id) AS id FROM samples').get() as { id: number | null }).id ?? 0) + 1
      : ((db.prepare('SELECT max(id) AS id FROM samples WHERE id <= ? AND ref IS NULL').get(first.id) as { id: number | null }).id ?? 0);
    deleted += del.run(cut).changes;
  }
  if (limits.maxBytes !== null) {
    while (usedBytes(db) > limits.maxBytes) {
      const o = oldest.get() as { id: number | null };
      if (o.id === null) break;
      const next = keyAfter.get(o.id) as { id: number | null };
      const cut = next.id ?? Number.MAX_SAFE_INTEGER;
      const n = del.run(cut).changes;
      deleted += n;
      if (n === 0) break;
    }
  }
  // With no sample left, the next one written is the oldest.
  const o = oldest.get() as { id: number | null };
  const first = o.id ?? nextSampleId(db);
  if (deleted > 0) {
    // A static row touched at sample T is in use until at least T + STATIC_TOUCH_EVERY - 1.
    db.prepare('DELETE FROM proc_static WHERE last_sample + ? < ?').run(STATIC_TOUCH_EVERY, first);
  }
  return { deleted, oldest: first };
}

/** The id the next sample will get (ids are AUTOINCREMENT: never reused). */
export function nextSampleId(db: Database): number {
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'samples'").get() as { seq: number } | undefined;
  return (row?.seq ?? 0) + 1;
}
