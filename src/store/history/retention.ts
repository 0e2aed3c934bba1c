import type { Database, Statement } from './sqlite-driver.js';

/** A connection's retention statements, prepared once: a recorder runs them on every sample. */
const PREPARED = new WeakMap<Database, Record<'pages' | 'free' | 'pageSize' | 'keyAfter' | 'oldest' | 'del' | 'firstAt' | 'maxId' | 'keyAtOrBefore' | 'dropStatic' | 'seq', Statement>>();

function prepared(db: Database) {
  let p = PREPARED.get(db);
  if (p === undefined) {
    p = {
      // PRAGMA through prepared statements: db.pragma() prepares one on every call.
      pages: db.prepare('PRAGMA page_count').pluck(),
      free: db.prepare('PRAGMA freelist_count').pluck(),
      pageSize: db.prepare('PRAGMA page_size').pluck(),
      keyAfter: db.prepare('SELECT min(id) AS id FROM samples WHERE id > ? AND ref IS NULL'),
      oldest: db.prepare('SELECT min(id) AS id FROM samples'),
      del: db.prepare('DELETE FROM samples WHERE id < ?'),
      firstAt: db.prepare('SELECT min(id) AS id FROM samples WHERE time >= ?'),
      maxId: db.prepare('SELECT max(id) AS id FROM samples'),
      keyAtOrBefore: db.prepare('SELECT max(id) AS id FROM samples WHERE id <= ? AND ref IS NULL'),
      dropStatic: db.prepare('DELETE FROM proc_static WHERE last_sample + ? < ?'),
      seq: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'samples'"),
    };
    PREPARED.set(db, p);
  }
  return p;
}

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
  const p = prepared(db);
  return ((p.pages.get() as number) - (p.free.get() as number)) * (p.pageSize.get() as number);
}

/**
 * Delete the oldest samples: by age, and by size. Samples go in whole delta chains (a key frame and the
 * samples that depend on it), never leaving a sample whose reference is gone. Static process rows no sample
 * can use any more go too. Run inside the caller's transaction; returns how many samples were deleted.
 */
export function pruneHistory(db: Database, limits: PruneLimits): { deleted: number; oldest: number } {
  let deleted = 0;
  const p = prepared(db);
  const { keyAfter, oldest, del } = p;
  if (limits.olderThan !== null) {
    // Keep the chain that covers the cut-off: the key frame at or before the first sample to keep.
    const first = p.firstAt.get(limits.olderThan) as { id: number | null };
    const cut = first.id === null
      ? ((p.maxId.get() as { id: number | null }).id ?? 0) + 1
      : ((p.keyAtOrBefore.get(first.id) as { id: number | null }).id ?? 0);
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
    p.dropStatic.run(STATIC_TOUCH_EVERY, first);
  }
  return { deleted, oldest: first };
}

/** The id the next sample will get (ids are AUTOINCREMENT: never reused). */
export function nextSampleId(db: Database): number {
  const row = prepared(db).seq.get() as { seq: number } | undefined;
  return (row?.seq ?? 0) + 1;
}
