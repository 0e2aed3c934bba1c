import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../../src/store/history/reader.js';
import { openDatabase } from '../../../src/store/history/sqlite-driver.js';
import { HistoryWriter } from '../../../src/store/history/writer.js';
import { syntheticSample } from './synthetic.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-history-ret-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Pages of the database as SQLite sees it (the main file once the WAL is folded in), bytes. */
function logicalSize(file: string): number {
  const db = openDatabase(file, { readonly: true });
  try {
    return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  } finally {
    db.close();
  }
}

describe('retention while recording', () => {
  it('by size: the file never passes --max-size by more than one sample, and the oldest go first', { timeout: 120_000 }, () => {
    const file = path.join(tmp, 'size.db');
    const max = 1 << 20;
    const w = HistoryWriter.open(file, { retainMs: null, maxBytes: max });
    let biggest = 0;
    let firstPruneAt = -1;
    try {
      for (let i = 0; i < 1500; i++) {
        const r = w.write(syntheticSample(i, 300));
        biggest = Math.max(biggest, r.bytes);
        if (r.pruned > 0 && firstPruneAt < 0) firstPruneAt = i;
        if (i % 50 === 0 || r.pruned > 0) expect(w.usedBytes()).toBeLessThanOrEqual(max + biggest + 4096);
      }
    } finally {
      w.close();
    }
    expect(firstPruneAt).toBeGreaterThan(0); // the limit was reached, so it was tested
    expect(logicalSize(file)).toBeLessThanOrEqual(max + biggest + 4096);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(max + biggest + 4096);
    const r = HistoryReader.open(file);
    try {
      // The newest samples are there, contiguous, and every one reads back whole.
      const last = r.last()!;
      const first = r.first()!;
      expect(last.time).toBe(syntheticSample(1499).time);
      expect(r.count()).toBe(last.id - first.id + 1);
      expect(first.id).toBeGreaterThan(1);
      for (let id = first.id; id <= last.id; id++) expect(r.snapshot(id)!.processes.length).toBe(300);
    } finally {
      r.close();
    }
  });

  it('by age: samples older than --retain go, in whole delta chains, static rows with them', () => {
    const file = path.join(tmp, 'age.db');
    const w = HistoryWriter.open(file, { retainMs: 60_000, maxBytes: null });
    try {
      for (let i = 0; i < 400; i++) w.write(syntheticSample(i, 60));
    } finally {
      w.close();
    }
    const r = HistoryReader.open(file);
    try {
      const last = r.last()!;
      const first = r.first()!;
      // Kept: the last minute, plus at most one key-frame interval before it (the chain covering the cut).
      expect(first.time).toBeLessThanOrEqual(last.time - 60_000);
      expect(first.time).toBeGreaterThan(last.time - 60_000 - 12_000);
      for (let id = first.id; id <= last.id; id++) expect(r.snapshot(id)).not.toBeNull();
      // Replaced processes' static rows did not pile up: 60 live + the few generations still referenced.
      const statics = r.database.prepare('SELECT count(*) FROM proc_static').pluck().get() as number;
      expect(statics).toBeLessThan(60 + 2 * 5 * 8);
    } finally {
      r.close();
    }
  });
});
