import { describe, expect, it } from 'vitest';
import type { FsUsage, Mount } from '../../src/core/filesystem.js';
import {
  FS_FIELDS, fsField, fsFields, fsFormatContext, inodePercent, mountOptionsText, usePercent,
} from '../../src/fields/fs-fields.js';
import { sortRows } from '../../src/fields/registry.js';
import { escapeForTerminal } from '../../src/format/escape.js';

const mount = (o: Partial<Mount> = {}): Mount => ({
  id: 1, parentId: 0, majMin: '8:1', root: '/', target: '/', mountOptions: 'rw,relatime', optional: [],
  fstype: 'ext4', source: '/dev/sda1', superOptions: 'rw', ...o,
});
const usage = (o: Partial<FsUsage> = {}): FsUsage => ({
  mount: mount(), blockSize: 4096, size: 1000 * 4096, free: 400 * 4096, avail: 300 * 4096, files: 100, filesFree: 40,
  stale: false, ...o,
});

describe('filesystem fields', () => {
  it('has the df --output keys and options', () => {
    expect(FS_FIELDS.map((f) => f.key)).toEqual([
      'source', 'fstype', 'itotal', 'iused', 'iavail', 'ipcent', 'size', 'used', 'avail', 'pcent', 'file', 'target', 'options',
    ]);
  });

  it('Use% is used / (used + avail), rounded up (df), IUse% likewise', () => {
    expect(usePercent(usage())).toBe(67); // 600 / 900 = 66.67
    expect(usePercent(usage({ size: 0, free: 0, avail: 0 }))).toBeNull();
    expect(inodePercent(usage())).toBe(60);
    expect(inodePercent(usage({ files: 0, filesFree: 0 }))).toBeNull();
    expect(usePercent(usage({ size: 2 ** 56 + 2 ** 30, free: 2 ** 55, avail: 2 ** 55 }))).toBe(51);
  });

  it('prints cells in the context size style, - when stale', () => {
    const k = fsFormatContext();
    const h = fsFormatContext({ kind: 'human', base: 1024 });
    expect(fsField('size').text(usage(), k)).toBe('4000');
    expect(fsField('size').text(usage(), h)).toBe('4.0M');
    expect(fsField('pcent').text(usage(), k)).toBe('67%');
    const stale = usage({ stale: true, error: 'ETIMEDOUT' });
    expect(['size', 'used', 'avail', 'pcent', 'itotal'].map((n) => fsField(n).text(stale, k))).toEqual(['-', '-', '-', '-', '-']);
    expect(fsField('size').value(stale, k)).toBeNull();
  });

  it('keeps names raw; df output escapes control characters as df does (format/escape.ts)', () => {
    const cell = fsField('target').text(usage({ mount: mount({ target: '/a\tb\nc d' }) }), fsFormatContext());
    expect(cell).toBe('/a\tb\nc d');
    expect(escapeForTerminal(cell)).toBe('/a?b?c d');
  });

  it('gives df headers by size style', () => {
    expect(fsField('size').dfHeader({ kind: 'blocks', blockSize: 1024 }, true)).toBe('1K-blocks');
    expect(fsField('size').dfHeader({ kind: 'human', base: 1024 }, true)).toBe('Size');
    expect(fsField('avail').dfHeader({ kind: 'blocks', blockSize: 1024 }, true)).toBe('Available');
    expect(fsField('avail').dfHeader({ kind: 'blocks', blockSize: 1024 }, false)).toBe('Avail');
  });

  it('finds fields by alias and rejects unknown ones', () => {
    expect(fsFields.get('Use%').key).toBe('pcent');
    expect(() => fsFields.get('bogus')).toThrow(/unknown filesystem field 'bogus'/);
  });

  it('sorts by a spec', () => {
    const a = usage({ mount: mount({ target: '/a' }), avail: 10 });
    const b = usage({ mount: mount({ target: '/b' }), avail: 20 });
    expect(sortRows([a, b], fsFields.parseSort('-avail'), fsFormatContext()).map((r) => r.mount.target)).toEqual(['/b', '/a']);
  });

  it('merges mount and superblock options as findmnt does', () => {
    expect(mountOptionsText(mount({ mountOptions: 'rw,relatime', superOptions: 'rw,size=1024k' }))).toBe('rw,relatime,size=1024k');
    expect(mountOptionsText(mount({ mountOptions: 'ro,nosuid,nodev,relatime', superOptions: 'ro,size=4k,mode=755' }))).toBe(
      'ro,nosuid,nodev,relatime,size=4k,mode=755',
    );
    expect(mountOptionsText(mount({ mountOptions: 'rw,relatime', superOptions: 'ro' }))).toBe('ro,relatime');
    expect(mountOptionsText(mount({ mountOptions: 'rw', superOptions: 'rw' }))).toBe('rw');
  });
});
