import { describe, expect, it } from 'vitest';
import { fixed1 } from '../../src/fields/fixed1.js';

/** The values among `xs` where fixed1 and toFixed(1) disagree, as `value: ours vs theirs`. */
function mismatches(xs: Iterable<number>): string[] {
  const bad: string[] = [];
  for (const x of xs) if (fixed1(x) !== x.toFixed(1)) bad.push(`${x}: ${fixed1(x)} vs ${x.toFixed(1)}`);
  return bad;
}

describe('fixed1: toFixed(1) without the runtime call', () => {
  it('agrees with toFixed on halves, near-halves and edges', () => {
    const edge = [0, -0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.675, 99.95, 100, 999999.95, 1e6, 1e7, NaN, Infinity, -1, -0.05, 5e-324, 0.04999999999999999, 0.9500000000000001];
    expect(mismatches(edge)).toEqual([]);
    function* near(): Generator<number> {
      for (let k = 0; k < 200000; k++) {
        const v = (k + 0.5) / 10;
        yield v;
        yield v * (1 + 2 ** -52);
        yield v * (1 - 2 ** -52);
        yield k / 20;
        yield k * 0.05;
        yield k / 100;
      }
    }
    expect(mismatches(near())).toEqual([]);
  });

  it('agrees with toFixed on random percentages', () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    function* random(): Generator<number> {
      for (let i = 0; i < 500000; i++) {
        yield rand() * 100;
        yield rand() * 1e6;
        yield rand();
        yield Math.round(rand() * 1e5) / 100;
      }
    }
    expect(mismatches(random())).toEqual([]);
  });
});
