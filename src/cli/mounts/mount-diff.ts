import type { Mount } from '../../core/filesystem.js';

/** One change between two reads of a mount table (libmount's tabdiff). */
export interface MountChange {
  action: 'mount' | 'umount' | 'remount' | 'move';
  /** The entry before the change (umount, remount, move). */
  old: Mount | null;
  /** The entry after the change (mount, remount, move). */
  new: Mount | null;
}

/** The entry of `table` with this source and target (libmount mnt_table_find_pair, first match). */
function findPair(table: readonly Mount[], source: string, target: string): Mount | undefined {
  return table.find((m) => m.source === source && m.target === target);
}

/**
 * The changes from `before` to `after` as libmount's mnt_diff_tables finds them: an entry of `after` with no
 * entry of the same source and target in `before` is mounted, one whose per-mount or superblock options
 * changed is remounted (both in `after`'s order); then an entry of `before` with no pair in `after` is moved
 * when a mount just found has its id and source, else unmounted (in `before`'s order).
 */
export function diffMountTables(before: readonly Mount[], after: readonly Mount[]): MountChange[] {
  const changes: MountChange[] = [];
  if (before.length === 0) return after.map((m) => ({ action: 'mount' as const, old: null, new: m }));
  if (after.length === 0) return before.map((m) => ({ action: 'umount' as const, old: m, new: null }));
  for (const m of after) {
    const o = findPair(before, m.source, m.target);
    if (o === undefined) changes.push({ action: 'mount', old: null, new: m });
    else if (o.mountOptions !== m.mountOptions || o.superOptions !== m.superOptions) {
      changes.push({ action: 'remount', old: o, new: m });
    }
  }
  for (const o of before) {
    if (findPair(after, o.source, o.target) !== undefined) continue;
    const moved = changes.find((c) => c.action === 'mount' && c.new!.id === o.id && c.new!.source === o.source);
    if (moved) {
      moved.action = 'move';
      moved.old = o;
    } else {
      changes.push({ action: 'umount', old: o, new: null });
    }
  }
  return changes;
}
