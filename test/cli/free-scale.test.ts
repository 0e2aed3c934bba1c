import { describe, expect, it } from 'vitest';
import { fixed1 } from '../../src/fields/fixed1.js';
import { scaleSize, type FreeUnit } from '../../src/cli/free/scale.js';

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;
const u = (p: Partial<FreeUnit> = {}): FreeUnit => ({ exponent: 0, si: false, human: false, ...p });

describe('scaleSize (procps-ng 4.0.2 scale_size)', () => {
  it('-h: REFERENCE.md examples', () => {
    expect(scaleSize(8856 * KiB, u({ human: true }))).toBe('8.6Mi');
    expect(scaleSize(464 * MiB, u({ human: true }))).toBe('464Mi');
    expect(scaleSize(23.5 * GiB, u({ human: true }))).toBe('23Gi');
    expect(scaleSize(Math.round(9.97 * GiB), u({ human: true }))).toBe('9Gi');
    expect(scaleSize(0, u({ human: true }))).toBe('0B');
    expect(scaleSize(999, u({ human: true }))).toBe('999B');
    expect(scaleSize(1000, u({ human: true }))).toBe('1.0Ki');
  });
  it('--si -h: powers of 1000, no i, 4 characters', () => {
    expect(scaleSize(24684092 * KiB, u({ human: true, si: true }))).toBe('25G');
    expect(scaleSize(8856 * KiB, u({ human: true, si: true }))).toBe('9.1M');
    expect(scaleSize(0, u({ human: true, si: true }))).toBe('0B');
  });
  it('fixed units truncate; --si without a unit is kB; -b ignores --si', () => {
    expect(scaleSize(24684092 * KiB, u())).toBe('24684092');
    expect(scaleSize(24684092 * KiB, u({ si: true }))).toBe('25276510');
    expect(scaleSize(24684092 * KiB, u({ exponent: 4 }))).toBe('23');
    expect(scaleSize(24684092 * KiB, u({ exponent: 4, si: true }))).toBe('25');
    expect(scaleSize(1234 * KiB, u({ exponent: 1, si: true }))).toBe(String(1234 * 1024));
  });
  it('negative values (commit headroom when overcommitted) truncate toward zero', () => {
    expect(scaleSize(-385406 * KiB, u({ human: true }))).toBe('0Gi');
    expect(scaleSize(-5422560 * KiB, u({ human: true }))).toBe('-5Gi');
    expect(scaleSize(-1500, u())).toBe('-1');
  });
  it('rounds %.1f on the single-precision value, half to even on exact ties like glibc', () => {
    expect(fixed1(8.25)).toBe('8.2');
    expect(fixed1(8.75)).toBe('8.8');
    expect(fixed1(0.25)).toBe('0.2');
    expect(fixed1(-8.25)).toBe('-8.2');
    expect(fixed1(8.26)).toBe('8.3');
    expect(scaleSize(8.25 * MiB, u({ human: true }))).toBe('8.2Mi');
    expect(scaleSize(8.75 * MiB, u({ human: true }))).toBe('8.8Mi');
  });
});
