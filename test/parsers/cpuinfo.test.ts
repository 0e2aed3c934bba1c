import { describe, expect, it } from 'vitest';
import { parseCacheSize, parseCpuinfo, parseCpuList } from '../../src/parsers/cpuinfo.js';
import { parseOsRelease } from '../../src/parsers/os-release.js';

describe('parseCpuinfo', () => {
  it('counts sockets, cores and threads of a hyper-threaded x86 box', () => {
    const block = (n: number, phys: number, core: number) =>
      `processor\t: ${n}\nvendor_id\t: GenuineIntel\nmodel name\t: Xeon\ncpu MHz\t\t: ${1000 + n}.5\nphysical id\t: ${phys}\ncore id\t\t: ${core}\nflags\t\t: fpu sse ht\n`;
    const text = [block(0, 0, 0), block(1, 0, 0), block(2, 1, 0), block(3, 1, 1)].join('\n');
    const s = parseCpuinfo(text);
    expect(s).toMatchObject({ vendor: 'GenuineIntel', model: 'Xeon', threads: 4, sockets: 2, cores: 3, flags: ['fpu', 'sse', 'ht'] });
    expect(s.mhz).toBeCloseTo(1002, 5);
  });

  it('reads an arm64 cpuinfo without model name, physical or core ids', () => {
    const text =
      'processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n\n' +
      'processor\t: 1\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n\n' +
      'Hardware\t: BCM2835\nRevision\t: c03111\n';
    expect(parseCpuinfo(text)).toMatchObject({ vendor: '0x41', model: 'BCM2835', threads: 2, sockets: 1, cores: 2, mhz: null, flags: ['fp', 'asimd', 'evtstrm'] });
  });

  it('gives zeros for empty text', () => {
    expect(parseCpuinfo('')).toEqual({ vendor: null, model: null, threads: 0, sockets: 0, cores: 0, mhz: null, flags: [] });
  });
});

describe('sysfs lists and sizes', () => {
  it('expands CPU lists and refuses malformed ones', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('0-x')).toEqual([]);
  });
  it('reads cache sizes', () => {
    expect(parseCacheSize('48K')).toBe(49152);
    expect(parseCacheSize('32768K')).toBe(32 * 1024 * 1024);
    expect(parseCacheSize('2M')).toBe(2 * 1024 * 1024);
    expect(parseCacheSize('512')).toBe(512);
    expect(parseCacheSize('big')).toBeNull();
  });
});

describe('parseOsRelease', () => {
  it('unquotes values, skips comments and junk', () => {
    const text = '# c\nNAME="Debian GNU/Linux"\nVERSION_ID=\'12\'\nID=debian\nPRETTY_NAME="A \\"quoted\\" name"\n not a line\n';
    expect(parseOsRelease(text)).toEqual({ NAME: 'Debian GNU/Linux', VERSION_ID: '12', ID: 'debian', PRETTY_NAME: 'A "quoted" name' });
  });
});
