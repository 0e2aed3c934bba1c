import { describe, expect, it } from 'vitest';
import { parseByteCount, parseCfsQuota, parseCpuMax, parseMemoryLimit } from '../../src/parsers/cgroup-limits.js';

describe('cgroup limit files', () => {
  it('memory.max: bytes, "max" = unlimited, garbage = undefined', () => {
    expect(parseMemoryLimit('536870912\n')).toBe(536870912);
    expect(parseMemoryLimit('max\n')).toBeNull();
    expect(parseMemoryLimit('')).toBeUndefined();
    expect(parseMemoryLimit('12k')).toBeUndefined();
  });

  it('v1 memory.limit_in_bytes: PAGE_COUNTER_MAX means unlimited', () => {
    expect(parseMemoryLimit('9223372036854771712\n')).toBeNull();
    expect(parseMemoryLimit('2147483648\n')).toBe(2 ** 31);
  });

  it('cpu.max', () => {
    expect(parseCpuMax('max 100000\n')).toEqual({ quotaUs: null, periodUs: 100000 });
    expect(parseCpuMax('50000 100000\n')).toEqual({ quotaUs: 50000, periodUs: 100000 });
    expect(parseCpuMax('50000')).toBeUndefined();
    expect(parseCpuMax('1 0')).toBeUndefined();
  });

  it('v1 cfs quota and period', () => {
    expect(parseCfsQuota('-1\n', '100000\n')).toEqual({ quotaUs: null, periodUs: 100000 });
    expect(parseCfsQuota('200000\n', '100000\n')).toEqual({ quotaUs: 200000, periodUs: 100000 });
    expect(parseCfsQuota('x', '100000')).toBeUndefined();
  });

  it('byte counters', () => {
    expect(parseByteCount('123\n')).toBe(123);
    expect(parseByteCount('-')).toBeUndefined();
  });
});
