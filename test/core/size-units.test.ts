import { describe, expect, it } from 'vitest';
import { blockSizeLabel, formatSize, humanCeil, parseSizeSpec, utilLinuxSize } from '../../src/core/size-units.js';

describe('humanCeil (df -h / du -h)', () => {
  // Values checked against coreutils 9.1 df -h / df -H on this machine.
  it.each([
    [0, 1024, '0'],
    [512, 1024, '512'],
    [4096, 1024, '4.0K'],
    [1048576, 1024, '1.0M'],
    [1024000, 1024, '1000K'],
    [264212084 * 1024, 1024, '252G'],
    [83601968 * 1024, 1024, '80G'],
    [22788944 * 1024, 1024, '22G'],
    [12334492 * 1024, 1024, '12G'],
    [1048576, 1000, '1.1M'],
    [12334492 * 1024, 1000, '13G'],
    [4096, 1000, '4.1k'],
    [1023 * 1024 + 1, 1024, '1.0M'],
    [9.95 * 1024 * 1024, 1024, '10M'],
  ] as const)('%d bytes base %d -> %s', (n, base, want) => {
    expect(humanCeil(n, base)).toBe(want);
  });
});

describe('formatSize', () => {
  it('rounds blocks up', () => {
    expect(formatSize(4097, { kind: 'blocks', blockSize: 1024 })).toBe('5');
    expect(formatSize(0, { kind: 'blocks', blockSize: 1024 })).toBe('0');
  });
});

describe('parseSizeSpec (-B)', () => {
  it.each([
    ['1K', 1024], ['1KiB', 1024], ['1KB', 1000], ['1M', 1048576], ['1MB', 1000000], ['4096', 4096],
    ['10K', 10240], ['1G', 1024 ** 3],
  ] as const)('%s -> %d', (spec, n) => {
    expect(parseSizeSpec(spec)).toEqual({ kind: 'blocks', blockSize: n });
  });
  it('knows human-readable and si', () => {
    expect(parseSizeSpec('human-readable')).toEqual({ kind: 'human', base: 1024 });
    expect(parseSizeSpec('si')).toEqual({ kind: 'human', base: 1000 });
  });
  it.each(['0', 'x', '', '1Q', 'B', '-1'])('rejects %j with a usage error', (spec) => {
    expect(() => parseSizeSpec(spec)).toThrow(/invalid -B argument/);
  });
});

describe('blockSizeLabel (df header)', () => {
  // As df -B N prints its header on this machine.
  it('keeps iB for a unit alone with iB (df -BKiB prints 1KiB-blocks)', () => {
    expect(blockSizeLabel(1024, 'KiB')).toBe('1KiB');
    expect(blockSizeLabel(1024, 'K')).toBe('1K');
    expect(blockSizeLabel(1000, 'kB')).toBe('1kB');
  });
  it.each([
    [1, '1B'], [512, '512B'], [1000, '1kB'], [1024, '1K'], [1048576, '1M'], [1000000, '1MB'], [3000, '3kB'],
    [1536, '1.6kB'], [10240, '10K'], [2048, '2K'], [1024 ** 3, '1G'],
  ] as const)('%d -> %s', (n, want) => {
    expect(blockSizeLabel(n)).toBe(want);
  });
});

describe('utilLinuxSize (lsblk, findmnt)', () => {
  it.each([
    [0, '0B'], [4096, '4K'], [274877906944, '256G'], [12630519808, '11.8G'], [264212084 * 1024, '252G'],
    [1048576, '1M'], [1536, '1.5K'], [1000204886016, '931.5G'],
  ] as const)('%d -> %s', (n, want) => {
    expect(utilLinuxSize(n)).toBe(want);
  });
});

describe('a unit alone as SIZE puts the unit after every number (df -BK)', () => {
  it.each([
    ['K', 1024, 'K'], ['KB', 1000, 'kB'], ['KiB', 1024, 'KiB'], ['M', 1048576, 'M'], ['MB', 1000000, 'MB'],
  ] as const)('%s', (spec, n, suffix) => {
    const s = parseSizeSpec(spec);
    expect(s).toEqual({ kind: 'blocks', blockSize: n, suffix });
    expect(formatSize(3 * n, s)).toBe(`3${suffix}`);
  });
});
