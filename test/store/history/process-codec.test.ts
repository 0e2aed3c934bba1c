import { describe, expect, it } from 'vitest';
import { CODEC, decode, encode, fromColumns, toColumns, type StaticFacts } from '../../../src/store/history/process-codec.js';
import { VarintReader, VarintWriter } from '../../../src/store/history/varint.js';
import { proc } from '../../tui/snapshot-fixture.js';

describe('varints', () => {
  it('round-trip small, negative and 2^53-sized integers', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 127, 128, 300, -300, 2 ** 31, -(2 ** 31) - 1, 2 ** 40 + 7, 2 ** 52 - 1, -(2 ** 52)];
    const w = new VarintWriter(4);
    for (const v of values) w.int(v);
    const r = new VarintReader(w.bytes());
    expect(values.map(() => r.int())).toEqual(values);
    expect(r.done).toBe(true);
  });

  it('small magnitudes take one byte', () => {
    const w = new VarintWriter();
    for (const v of [0, 1, -1, 63, -64]) w.int(v);
    expect(w.bytes().length).toBe(5);
  });

  it('a truncated record is an error, not a wrong number', () => {
    const w = new VarintWriter();
    w.int(1_000_000);
    expect(() => new VarintReader(w.bytes().subarray(0, 1)).int()).toThrow(RangeError);
  });
});

const rowsA = [
  proc(1, { comm: 'systemd', utime: 120, stime: 80, vsize: 170_000_000, rssPages: 3000, cpuDeltaTicks: null, sharedPages: null }),
  proc(42, { state: 'R', tpgid: -1, nice: -20, priority: 0, minflt: 2 ** 40, cpuDeltaTicks: 7, ttyNr: 34816 }),
  proc(4242, { state: 'Z', cmdline: [], numThreads: 1, vsize: 0, rssPages: 0, sharedPages: 0, vmLck: 4096 }),
];
const facts = new Map<number, StaticFacts>();
const sids = rowsA.map((r, i) => {
  facts.set(100 + i * 3, { pid: r.pid, starttime: r.starttime, comm: r.comm, uid: r.uid, user: r.user, cmdline: r.cmdline });
  return 100 + i * 3;
});

function norm(rows: ReturnType<typeof proc>[]) {
  return rows.map((r) => ({ ...r, euid: null, vmLck: r.vmLck ?? null }));
}

describe('process codec', () => {
  for (const [name, codec] of Object.entries(CODEC)) {
    it(`${name}: rows come back exactly`, () => {
      const cols = toColumns(rowsA, sids);
      const back = fromColumns(decode(encode(cols, codec)), (sid) => facts.get(sid));
      expect(back).toEqual(norm(rowsA));
    });
  }

  for (const codec of [CODEC.COLUMNAR_DELTA, CODEC.COLUMNAR_SPARSE]) it(`deltas against a reference (codec ${codec}): changed, unchanged, new and gone processes`, () => {
    const ref = toColumns(rowsA, sids);
    const rowsB = [
      { ...rowsA[0]!, utime: 125, rssPages: 2990, state: 'R', cpuDeltaTicks: 5 },
      rowsA[1]!,
      proc(5000, { comm: 'new', cpuDeltaTicks: null }),
    ];
    facts.set(200, { pid: 5000, starttime: 100, comm: 'new', uid: 1000, user: 'alice', cmdline: ['/usr/bin/proc5000', '--flag'] });
    const cols = toColumns(rowsB, [sids[0]!, sids[1]!, 200]);
    const blob = encode(cols, codec, ref);
    expect(fromColumns(decode(blob, ref), (sid) => facts.get(sid))).toEqual(norm(rowsB));
    // An unchanged process costs zeros (or nothing): smaller than the same sample without a reference.
    expect(blob.length).toBeLessThan(encode(cols, codec, null).length);
  });

  it('sparse deltas store only the rows that moved; a blob decoded without its reference is refused', () => {
    // 600 sleeping processes and 3 that ran, in columns filled over an older sample's (as the writer reuses them).
    const many = Array.from({ length: 600 }, (_, i) => proc(1000 + i, { utime: i, minflt: 10 * i, cpuDeltaTicks: 0 }));
    const ids = many.map((_, i) => 5000 + i);
    const ref = toColumns(many, ids);
    const moved = many.map((r, i) => (i % 200 === 7 ? { ...r, utime: r.utime + 3, state: 'R', cpuDeltaTicks: 3 } : r));
    const older = toColumns(rowsA, sids);
    const cols = toColumns(moved, ids, older);
    expect(cols.cols).toBe(older.cols);
    for (const m of ids.map((id, i) => [id, i] as const)) facts.set(m[0], { pid: many[m[1]]!.pid, starttime: 100, comm: 'x', uid: 1000, user: 'alice', cmdline: null });
    const sparse = encode(cols, CODEC.COLUMNAR_SPARSE, ref);
    const back = fromColumns(decode(sparse, ref), (sid) => facts.get(sid));
    expect(back).toEqual(norm(moved.map((r) => ({ ...r, comm: 'x', cmdline: null }))));
    expect(back.filter((r) => r.state === 'R').map((r) => r.pid)).toEqual([1007, 1207, 1407]);
    expect(sparse.length).toBeLessThanOrEqual(encode(cols, CODEC.COLUMNAR_DELTA, ref).length);
    expect(() => decode(sparse, null)).toThrow(/without a reference/);
  });

  it('rejects a blob of an unknown codec', () => {
    expect(() => decode(Buffer.from([9, 1, 2]))).toThrow(/unknown process codec/);
  });
});
