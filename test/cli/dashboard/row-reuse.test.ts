import { describe, expect, it } from 'vitest';
import { RowReuse, sameRow } from '../../../src/cli/dashboard/row-reuse.js';
import type { ProcessRow } from '../../../src/core/process.js';
import { proc } from '../../tui/snapshot-fixture.js';

/** A fresh copy of each row, as the collector makes every tick (new objects, new arrays). */
const fresh = (rows: ProcessRow[]): ProcessRow[] =>
  rows.map((r) => ({ ...r, cmdline: r.cmdline ? [...r.cmdline] : null, ...(r.ioDelta ? { ioDelta: { ...r.ioDelta } } : {}) }));

describe('RowReuse', () => {
  it('hands back the previous object for every unchanged row and keeps the changed ones', () => {
    const reuse = new RowReuse();
    const first = [proc(1), proc(5), proc(9, { ioDelta: { read: 10, write: 0 } })];
    expect(reuse.apply(first)).toBe(0);
    const second = fresh(first);
    second[1] = { ...second[1]!, utime: 3, cpuDeltaTicks: 3 };
    const changed = second[1];
    expect(reuse.apply(second)).toBe(2);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(changed);
    expect(second[2]).toBe(first[2]);
  });

  it('matches by pid across processes that came and went', () => {
    const reuse = new RowReuse();
    const a = [proc(2), proc(4), proc(6)];
    reuse.apply(a);
    const b = fresh([proc(1), proc(4), proc(5), proc(6), proc(7)]);
    expect(reuse.apply(b)).toBe(2);
    expect(b[1]).toBe(a[1]);
    expect(b[3]).toBe(a[2]);
    expect(b[0]!.pid).toBe(1);
    // A new process with a reused pid is another row: starttime differs.
    const c = fresh(b);
    c[0] = { ...c[0]!, starttime: 999 };
    reuse.apply(c);
    expect(c[0]).not.toBe(b[0]);
  });

  it('never reuses a row that differs in any field, one present on one side only included', () => {
    const base = proc(3, { ioDelta: { read: 1, write: 2 }, vmLck: 0 });
    const same = fresh([base])[0]!;
    expect(sameRow(base, same)).toBe(true);
    const variants: Partial<ProcessRow>[] = [
      { state: 'R' }, { rssPages: 101 }, { nice: 1 }, { processor: 1 }, { cmdline: ['/usr/bin/proc3'] }, { cmdline: null },
      { ioDelta: { read: 1, write: 3 } }, { ioDelta: null }, { user: 'bob' }, { cpuDeltaTicks: null }, { vmLck: null },
    ];
    for (const v of variants) expect(sameRow(base, { ...same, ...v }), JSON.stringify(v)).toBe(false);
    const { vmLck: _dropped, ...fewer } = same;
    expect(sameRow(base, fewer as ProcessRow)).toBe(false);
    expect(sameRow(fewer as ProcessRow, base)).toBe(false);
    expect(sameRow(base, { ...same, euid: 0 })).toBe(false);
    // NaN (unknown) equals NaN.
    expect(sameRow(proc(3, { vsize: NaN }), proc(3, { vsize: NaN }))).toBe(true);
  });

  it('reset forgets the previous rows', () => {
    const reuse = new RowReuse();
    reuse.apply([proc(1)]);
    reuse.reset();
    expect(reuse.apply([proc(1)])).toBe(0);
  });
});
