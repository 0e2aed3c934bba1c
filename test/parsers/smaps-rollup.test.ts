import { describe, expect, it } from 'vitest';
import { parseSmapsRollup } from '../../src/parsers/smaps-rollup.js';

const real = `55c557050000-7ffc04346000 ---p 00000000 00:00 0                          [rollup]
Rss:                1616 kB
Pss:                 275 kB
Pss_Dirty:           112 kB
Pss_Anon:            112 kB
Pss_File:            163 kB
Pss_Shmem:             0 kB
Shared_Clean:       1464 kB
Shared_Dirty:          8 kB
Private_Clean:        40 kB
Private_Dirty:       112 kB
Referenced:         1616 kB
Anonymous:           112 kB
Swap:                 64 kB
SwapPss:              32 kB
Locked:                0 kB
`;

describe('parseSmapsRollup', () => {
  it('reads the fields in bytes and sums USS from Private_*', () => {
    expect(parseSmapsRollup(real)).toEqual({
      rss: 1616 * 1024,
      pss: 275 * 1024,
      uss: (40 + 112) * 1024,
      sharedClean: 1464 * 1024,
      sharedDirty: 8 * 1024,
      privateClean: 40 * 1024,
      privateDirty: 112 * 1024,
      swap: 64 * 1024,
      swapPss: 32 * 1024,
    });
  });

  it('does not take Pss_Dirty or Pss_Anon for Pss', () => {
    const r = parseSmapsRollup(real)!;
    expect(r.pss).toBe(275 * 1024);
  });

  it('returns null for the empty file of a kernel thread or zombie', () => {
    expect(parseSmapsRollup('')).toBeNull();
    expect(parseSmapsRollup('\n')).toBeNull();
  });

  it('treats keys an old kernel lacks as 0 (SwapPss as null), and tolerates no trailing newline', () => {
    const r = parseSmapsRollup('Rss: 4 kB\nPss: 2 kB\nPrivate_Dirty: 1 kB')!;
    expect(r).toMatchObject({ rss: 4096, pss: 2048, uss: 1024, swap: 0, swapPss: null, sharedClean: 0 });
  });

  it('skips lines with garbage values instead of misreading them', () => {
    const r = parseSmapsRollup('Rss: 8 kB\nPss: lots kB\nSwap: 12 kB\n')!;
    expect(r.pss).toBe(0);
    expect(r.swap).toBe(12 * 1024);
  });

  it('handles huge values without losing precision below 2^53', () => {
    const r = parseSmapsRollup('Rss: 1073741824 kB\n')!;
    expect(r.rss).toBe(1073741824 * 1024);
  });
});
