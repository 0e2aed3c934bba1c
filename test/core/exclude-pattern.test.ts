import { describe, expect, it } from 'vitest';
import { excludeTest } from '../../src/core/exclude-pattern.js';

// du --exclude as coreutils 9.1 applies it (each case was run with the real du on a tree d/a/deep/two.bin,
// d/a/one.bin, d/b/app.log, d/small.txt): the whole path or any part after a `/`, `*` crossing `/`.
describe('du --exclude patterns', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.log', 'd/b/app.log', true],
    ['*.log', 'd/b', false],
    ['deep', 'd/a/deep', true],
    ['deep', 'd/a/deeper', false],
    ['d/a', 'd/a', true],
    ['d/a', 'd/ab', false],
    ['a/*', 'd/a/deep', true],
    ['a/*', 'd/a', false],
    ['*/deep', 'd/a/deep', true],
    ['[ab]', 'd/a', true],
    ['[ab]', 'd/small.txt', false],
    ['[!a]', 'd/b', true],
    ['[!a]', 'd/a', false],
    ['?', 'd/b', true],
    ['d', 'd', true],
    ['\\*', 'd/*', true],
    ['\\*', 'd/x', false],
    ['[', 'd/[', true],
    ['a.b', 'd/axb', false],
  ];
  for (const [pattern, p, want] of cases) {
    it(`${pattern} ${want ? 'excludes' : 'keeps'} ${p}`, () => expect(excludeTest([pattern])!(p)).toBe(want));
  }
  it('no pattern is no test; several patterns exclude what any matches', () => {
    expect(excludeTest([])).toBeNull();
    const t = excludeTest(['*.bin', '*.txt'])!;
    expect([t('d/a/one.bin'), t('d/small.txt'), t('d/b/app.log')]).toEqual([true, true, false]);
  });
});
