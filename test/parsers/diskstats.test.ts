import { describe, expect, it } from 'vitest';
import { parseDiskstats } from '../../src/parsers/diskstats.js';

// Captured lines: a 5.5+ kernel (17 counters), a 4.18 kernel (15), a 2.6-4.17 kernel (11), plus damage.
const text = [
  ' 254       0 vda 35235 8473 2111034 9293 7779 11201 1471984 3245 0 3300 12767 3835 23 120608 197 1063 31',
  ' 254       1 vda1 35000 8400 2100000 9200 7700 11200 1470000 3240 2 3290 12700 3835 23 120608 197 0 0',
  '   8      16 sdb 10 0 80 5 0 0 0 0 0 5 5 1 0 8 1',
  '   7       0 loop0 1 2 3 4 5 6 7 8 9 10 11',
  '',
  'garbage line',
  '   8       0 sda 1 2 x 4 5 6 7 8 9 10 11',
  ' 253       0 dm-0 1 2 3',
].join('\n');

describe('parseDiskstats', () => {
  const disks = parseDiskstats(text);

  it('keeps well-formed lines in order and skips damaged ones', () => {
    expect(disks.map((d) => d.device)).toEqual(['vda', 'vda1', 'sdb', 'loop0']);
  });

  it('reads every counter of a 5.5+ line', () => {
    expect(disks[0]).toEqual({
      major: 254, minor: 0, device: 'vda',
      readsCompleted: 35235, readsMerged: 8473, sectorsRead: 2111034, readTimeMs: 9293,
      writesCompleted: 7779, writesMerged: 11201, sectorsWritten: 1471984, writeTimeMs: 3245,
      ioInProgress: 0, ioTimeMs: 3300, weightedIoTimeMs: 12767,
      discardsCompleted: 3835, discardsMerged: 23, sectorsDiscarded: 120608, discardTimeMs: 197,
      flushRequests: 1063, flushTimeMs: 31,
    });
    expect(disks[1]!.ioInProgress).toBe(2);
  });

  it('leaves the fields an older kernel lacks null', () => {
    const sdb = disks[2]!;
    expect(sdb.sectorsDiscarded).toBe(8);
    expect(sdb.flushRequests).toBeNull();
    const loop0 = disks[3]!;
    expect(loop0.weightedIoTimeMs).toBe(11);
    expect(loop0.discardsCompleted).toBeNull();
    expect(loop0.flushTimeMs).toBeNull();
  });

  it('returns nothing for an empty file', () => {
    expect(parseDiskstats('')).toEqual([]);
  });
});
