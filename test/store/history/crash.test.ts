import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../../src/store/history/reader.js';
import { openDatabase } from '../../../src/store/history/sqlite-driver.js';
import { cliEnv, runSysmon, SYSMON_BIN } from '../../helpers/sysmon-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-history-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Start a recorder on the real machine; resolves once it says it is writing (the database is open). */
function startRecorder(db: string, delay = '0.05'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SYSMON_BIN, 'record', '-d', delay, '--db', db], { env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('sysmon record: writing')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`recorder exited ${code}: ${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Samples in the database now (0 before it exists). */
function countOf(db: string): number {
  if (!fs.existsSync(db)) return 0;
  let r: HistoryReader;
  try {
    r = HistoryReader.open(db);
  } catch {
    return 0; // created but not migrated yet
  }
  try {
    return r.count();
  } finally {
    r.close();
  }
}

/** A seeded generator, so a failing run can be repeated. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('a recorder killed with SIGKILL at any moment', () => {
  it('leaves a database that passes integrity_check, with every sample readable', { timeout: 180_000 }, async () => {
    const db = path.join(tmp, 'kill.db');
    const seed = Date.now() % 100_000;
    const rand = lcg(seed);
    let before = 0;
    for (let round = 0; round < 12; round++) {
      const child = await startRecorder(db);
      // Once this round has committed a sample (a loaded machine may take long over the first one), then
      // somewhere in the next few: mid-transaction, mid-checkpoint, or between samples.
      const deadline = Date.now() + 60_000;
      while (countOf(db) <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.floor(rand() * 300)));
      child.kill('SIGKILL');
      await killed(child);
      const check = openDatabase(db, { readonly: true });
      try {
        expect(check.pragma('integrity_check', { simple: true }), `seed ${seed} round ${round}`).toBe('ok');
      } finally {
        check.close();
      }
      const r = HistoryReader.open(db);
      try {
        const n = r.count();
        expect(n, `seed ${seed} round ${round}: every round commits one sample before the kill`).toBeGreaterThan(before);
        before = n;
        const first = r.first();
        const ids = first ? [first.id, ...r.after(first.id, 1e9).map((s) => s.id)] : [];
        expect(ids.length).toBe(n);
        for (const id of ids) {
          const s = r.snapshot(id);
          expect(s, `seed ${seed} sample ${id}`).not.toBeNull();
          expect(s!.processes.length).toBeGreaterThan(0);
          expect(s!.processes.every((p) => p.pid > 0 && typeof p.comm === 'string')).toBe(true);
        }
      } finally {
        r.close();
      }
    }
    // The kills did not all land before the first sample: there is something to have kept.
    expect(before).toBeGreaterThan(0);
  });
});

describe('two recorders, and readers', () => {
  it('a second recorder on the same database refuses with one line; readers do not stop the writer', { timeout: 60_000 }, async () => {
    const db = path.join(tmp, 'two.db');
    const first = await startRecorder(db, '0.1');
    try {
      const second = await runSysmon(['record', '--db', db], { timeout: 30_000 });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`^sysmon: another recorder \\(pid ${first.pid}, since .*\\) is writing ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; stop it first, or record into another file with --db\\n$`));

      // A reader holding a read transaction open: the recorder keeps committing samples meanwhile.
      const reader = openDatabase(db, { readonly: true });
      try {
        const count = reader.prepare('SELECT count(*) FROM samples').pluck();
        reader.exec('BEGIN');
        const seen = count.get() as number;
        // Meanwhile the recorder commits more samples (polled through another connection)...
        const deadline = Date.now() + 30_000;
        while (countOf(db) <= seen + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(countOf(db)).toBeGreaterThan(seen + 3);
        // ...while the open read transaction keeps its snapshot.
        expect(count.get()).toBe(seen);
        reader.exec('COMMIT');
      } finally {
        reader.close();
      }
    } finally {
      first.kill('SIGTERM');
      await killed(first);
    }
    expect({ code: first.exitCode, signal: first.signalCode }).toEqual({ code: 0, signal: null });
    // A clean stop gives the database back: a new recorder starts.
    const again = await startRecorder(db, '0.1');
    again.kill('SIGTERM');
    await killed(again);
    expect({ code: again.exitCode, signal: again.signalCode }).toEqual({ code: 0, signal: null });
  });
});
