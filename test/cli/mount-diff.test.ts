import { describe, expect, it } from 'vitest';
import type { Mount } from '../../src/core/filesystem.js';
import { diffMountTables } from '../../src/cli/mounts/mount-diff.js';

const m = (id: number, target: string, source: string, mountOptions = 'rw,relatime', superOptions = 'rw'): Mount => ({
  id, parentId: 1, majMin: '0:40', root: '/', target, mountOptions, optional: [], fstype: 'tmpfs', source, superOptions,
});

describe('diffMountTables (libmount mnt_diff_tables)', () => {
  it('finds mounts and remounts in the new order, then umounts in the old order', () => {
    const before = [m(1, '/', '/dev/vda'), m(2, '/a', 'x'), m(3, '/b', 'y'), m(4, '/c', 'z')];
    const after = [m(1, '/', '/dev/vda'), m(5, '/d', 'w'), m(3, '/b', 'y', 'ro,relatime'), m(4, '/c', 'z', 'rw,relatime', 'rw,size=2k')];
    expect(diffMountTables(before, after).map((c) => [c.action, c.old?.id ?? null, c.new?.id ?? null])).toEqual([
      ['mount', null, 5], ['remount', 3, 3], ['remount', 4, 4], ['umount', 2, null],
    ]);
  });

  it('calls a vanished entry whose id and source reappear on another target a move', () => {
    const changes = diffMountTables([m(1, '/', 'r'), m(7, '/one', 't')], [m(1, '/', 'r'), m(7, '/two', 't')]);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.action).toBe('move');
    expect(changes[0]!.old!.target).toBe('/one');
    expect(changes[0]!.new!.target).toBe('/two');
  });

  it('pairs entries by source and target only: the same pair with another id is no change', () => {
    expect(diffMountTables([m(1, '/', 'r'), m(7, '/x', 't')], [m(1, '/', 'r'), m(9, '/x', 't')])).toEqual([]);
  });

  it('reports everything as mounted (or unmounted) when one side is empty', () => {
    expect(diffMountTables([], [m(1, '/', 'r'), m(2, '/a', 'x')]).map((c) => c.action)).toEqual(['mount', 'mount']);
    expect(diffMountTables([m(1, '/', 'r')], []).map((c) => c.action)).toEqual(['umount']);
  });
});
