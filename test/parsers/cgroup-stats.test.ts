import { describe, expect, it } from 'vitest';
import {
  parseBlkioServiceBytes,
  parseCgroupProcs,
  parseFlatKeyed,
  parseIoStat,
  parsePidsMax,
  parsePressure,
} from '../../src/parsers/cgroup-stats.js';

describe('cgroup counter parsers', () => {
  it('flat keyed files (memory.stat, cpu.stat)', () => {
    const m = parseFlatKeyed('anon 4096\ninactive_file 8192\nbad line here\nnr_throttled 3\n\n');
    expect(m.get('inactive_file')).toBe(8192);
    expect(m.get('nr_throttled')).toBe(3);
    expect(m.has('bad')).toBe(false);
  });

  it('io.stat sums read and written bytes over devices', () => {
    expect(parseIoStat('8:0 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n253:0 rbytes=1 wbytes=1 rios=1 wios=1\n'))
      .toEqual({ read: 1025, write: 2049 });
    expect(parseIoStat('')).toEqual({ read: 0, write: 0 });
  });

  it('v1 blkio service bytes leaves out the Total line', () => {
    const text = '8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:0 Async 4608\n8:0 Total 4608\n8:16 Read 4\nTotal 4612\n';
    expect(parseBlkioServiceBytes(text)).toEqual({ read: 4100, write: 512 });
  });

  it('PSI lines; cpu.pressure without a full line (kernels before 5.13)', () => {
    expect(parsePressure('some avg10=1.50 avg60=0.20 avg300=0.00 total=123\nfull avg10=0.50 avg60=0.00 avg300=0.00 total=45\n'))
      .toEqual({ someAvg10: 1.5, someTotalUs: 123, fullAvg10: 0.5, fullTotalUs: 45 });
    expect(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n')).toMatchObject({ fullAvg10: null });
    expect(parsePressure('')).toBeNull();
  });

  it('pids.max and cgroup.procs', () => {
    expect(parsePidsMax('max\n')).toBeNull();
    expect(parsePidsMax('2048\n')).toBe(2048);
    expect(parsePidsMax('x')).toBeUndefined();
    expect(parseCgroupProcs('12\n7\n\n0\nx\n')).toEqual([12, 7]);
  });
});
