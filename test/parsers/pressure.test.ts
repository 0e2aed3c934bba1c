import { describe, expect, it } from 'vitest';
import { parsePressure } from '../../src/parsers/pressure.js';

describe('parsePressure', () => {
  it('reads the some and full lines of a /proc/pressure file', () => {
    const p = parsePressure('some avg10=54.31 avg60=83.79 avg300=73.82 total=592112741\nfull avg10=0.00 avg60=0.10 avg300=0.00 total=12\n');
    expect(p).toEqual({
      some: { avg10: 54.31, avg60: 83.79, avg300: 73.82, totalUs: 592112741 },
      full: { avg10: 0, avg60: 0.1, avg300: 0, totalUs: 12 },
    });
  });
  it('has no full line for cpu on older kernels, and nothing for a file that is not PSI', () => {
    expect(parsePressure('some avg10=1.00 avg60=2.00 avg300=3.00 total=4\n')?.full).toBeNull();
    expect(parsePressure('')).toBeNull();
    expect(parsePressure('garbage\n')).toBeNull();
  });
});
