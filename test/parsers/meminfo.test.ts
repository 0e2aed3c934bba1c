import { describe, expect, it } from 'vitest';
import { parseMeminfo } from '../../src/parsers/meminfo.js';

describe('parseMeminfo', () => {
  it('turns kB into bytes and keeps unit-less keys as counts', () => {
    const m = parseMeminfo('MemTotal:       24684092 kB\nMemFree:        24289824 kB\nHugePages_Total:       3\nHugepagesize:       2048 kB\n');
    expect(m.MemTotal).toBe(24684092 * 1024);
    expect(m.MemFree).toBe(24289824 * 1024);
    expect(m.HugePages_Total).toBe(3);
    expect(m.Hugepagesize).toBe(2048 * 1024);
  });
  it('keeps keys with parentheses and underscores', () => {
    const m = parseMeminfo('Active(anon):       1528 kB\nNFS_Unstable:          0 kB\n');
    expect(m['Active(anon)']).toBe(1528 * 1024);
    expect(m.NFS_Unstable).toBe(0);
  });
  it('leaves missing keys absent (an old kernel without MemAvailable)', () => {
    const m = parseMeminfo('MemTotal: 100 kB\nMemFree: 50 kB\n');
    expect('MemAvailable' in m).toBe(false);
  });
  it('skips malformed lines and survives a truncated file without a final newline', () => {
    const m = parseMeminfo('garbage\n: 5 kB\nBad:   x kB\nEmpty:\nMemTotal: 8 kB');
    expect(m).toEqual({ MemTotal: 8192 });
  });
  it('handles huge values (VmallocTotal) exactly', () => {
    expect(parseMeminfo('VmallocTotal:   34359738367 kB').VmallocTotal).toBe(34359738367 * 1024);
  });
});
