import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixed1 } from '../../src/fields/fixed1.js';

/** `x` as an exact C hex float, so printf's strtold reads the very double (a decimal string might not). */
function hexFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0x0p+0' : '0x0p+0';
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  const hi = b.getUint32(0);
  const sign = hi >>> 31 ? '-' : '';
  const exp = (hi >>> 20) & 0x7ff;
  const mant = ((BigInt(hi & 0xfffff) << 32n) | BigInt(b.getUint32(4))).toString(16).padStart(13, '0');
  return exp === 0 ? `${sign}0x0.${mant}p-1022` : `${sign}0x1.${mant}p${exp - 1023}`;
}

/** glibc's printf("%.1f") of each value, from coreutils printf (the real rounding, ties to even included). */
function printf1(xs: number[]): string[] {
  return execFileSync('printf', ['%.1f\\n', ...xs.map(hexFloat)], { encoding: 'utf8' }).trimEnd().split('\n');
}

/** Where fixed1 and printf disagree, as `value: ours vs printf`. */
function mismatches(xs: number[]): string[] {
  const want = printf1(xs);
  return xs.flatMap((x, i) => (fixed1(x) === want[i] ? [] : [`${x}: ${fixed1(x)} vs ${want[i]}`]));
}

/** Exact ties (odd multiples of 0.25) round to even in printf, up in toFixed: elsewhere the two agree. */
const isTie = (x: number): boolean => Number.isInteger(x * 4) && (x * 4) % 2 !== 0;

describe('fixed1: printf("%.1f") without the runtime call', () => {
  it('agrees with printf on halves, exact ties, near-halves and edges', () => {
    const edge = [0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.75, 1.05, 1.25, 2.675, 8.25, 8.75, 99.95, 100, 999999.95, 1e6, 1e7,
      -1, -0.05, -8.25, 5e-324, 0.04999999999999999, 0.9500000000000001, 0.25 + 2 ** -54, 0.25 - 2 ** -54];
    expect(mismatches(edge)).toEqual([]);
    const near: number[] = [];
    for (let k = 0; k < 4000; k += 7) {
      const v = (k + 0.5) / 10;
      near.push(v, v * (1 + 2 ** -52), v * (1 - 2 ** -52), k / 20, k * 0.05, k / 100, k / 4);
    }
    expect(mismatches(near)).toEqual([]);
  });

  it('is toFixed(1) everywhere but on exact ties, over many values', () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const bad: string[] = [];
    const check = (x: number): void => {
      if (!isTie(x) && fixed1(x) !== x.toFixed(1)) bad.push(`${x}: ${fixed1(x)} vs ${x.toFixed(1)}`);
    };
    for (let k = 0; k < 200000; k++) {
      const v = (k + 0.5) / 10;
      [v, v * (1 + 2 ** -52), v * (1 - 2 ** -52), k / 20, k * 0.05, k / 100].forEach(check);
    }
    for (let i = 0; i < 500000; i++) [rand() * 100, rand() * 1e6, rand(), Math.round(rand() * 1e5) / 100].forEach(check);
    expect(bad).toEqual([]);
  });
});
