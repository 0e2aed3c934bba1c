import { describe, expect, it } from 'vitest';
import { groupFields, groupJson, memoryFigures, memoryRegistry } from '../../src/fields/memory-fields.js';

const KB = 1024;
const base = {
  MemTotal: 1000 * KB, MemFree: 200 * KB, MemAvailable: 600 * KB, Buffers: 10 * KB, Cached: 100 * KB,
  SReclaimable: 30 * KB, Shmem: 7 * KB, SwapTotal: 500 * KB, SwapFree: 400 * KB, CommitLimit: 900 * KB, Committed_AS: 950 * KB,
};

describe('memoryFigures (procps-ng 4.0.2 free)', () => {
  it('derives used, cache and buff/cache', () => {
    const f = memoryFigures(base);
    expect(f.total).toBe(1000 * KB);
    expect(f.used).toBe(400 * KB);
    expect(f.free).toBe(200 * KB);
    expect(f.shared).toBe(7 * KB);
    expect(f.cache).toBe(130 * KB);
    expect(f.buffCache).toBe(140 * KB);
    expect(f.available).toBe(600 * KB);
    expect(f.swapUsed).toBe(100 * KB);
  });
  it('falls back to MemFree when MemAvailable is missing, 0 or larger than MemTotal', () => {
    for (const avail of [undefined, 0, 2000 * KB]) {
      const mem: Record<string, number> = { ...base };
      if (avail === undefined) delete mem.MemAvailable;
      else mem.MemAvailable = avail;
      const f = memoryFigures(mem);
      expect(f.available).toBe(200 * KB);
      expect(f.used).toBe(800 * KB);
    }
  });
  it('never reports negative swap used, and signs the commit headroom', () => {
    const f = memoryFigures({ ...base, SwapFree: 600 * KB });
    expect(f.swapUsed).toBe(0);
    expect(f.commitAvail).toBe(-50 * KB);
  });
  it('uses MemTotal/MemFree as Low without a low/high split, and the split when present', () => {
    const f = memoryFigures(base);
    expect([f.lowTotal, f.lowUsed, f.lowFree]).toEqual([1000 * KB, 800 * KB, 200 * KB]);
    expect([f.highTotal, f.highUsed, f.highFree]).toEqual([0, 0, 0]);
    const g = memoryFigures({ ...base, LowTotal: 800 * KB, LowFree: 150 * KB, HighTotal: 200 * KB, HighFree: 50 * KB });
    expect([g.lowTotal, g.lowUsed, g.lowFree]).toEqual([800 * KB, 650 * KB, 150 * KB]);
    expect([g.highTotal, g.highUsed, g.highFree]).toEqual([200 * KB, 150 * KB, 50 * KB]);
  });
  it('reads an empty meminfo as zeros', () => {
    expect(memoryFigures({}).used).toBe(0);
  });
});

describe('memory field registry', () => {
  it('orders free columns and builds the JSON rows', () => {
    expect(groupFields('swap').map((f) => f.header)).toEqual(['total', 'used', 'free']);
    const f = memoryFigures(base);
    expect(groupJson('swap', f)).toEqual({ total: 500 * KB, used: 100 * KB, free: 400 * KB });
    expect(groupJson('total', f)).toEqual({ total: 1500 * KB, used: 500 * KB, free: 600 * KB });
    expect(groupJson('commit', f)).toEqual({ limit: 900 * KB, committed: 950 * KB, available: -50 * KB });
    expect(Object.keys(groupJson('mem', f, ['total', 'used', 'free', 'shared', 'buffers', 'cache', 'available']))).toEqual(['total', 'used', 'free', 'shared', 'buffers', 'cache', 'available']);
  });
  it('finds fields by key and alias; text is KiB', () => {
    expect(memoryRegistry.get('swap.used').key).toBe('swap.used');
    expect(memoryRegistry.get('MemAvailable').key).toBe('available');
    expect(memoryRegistry.get('used').text(memoryFigures(base), undefined as never)).toBe('400');
    expect(() => memoryRegistry.get('nope')).toThrow(/unknown memory field/);
  });
});
