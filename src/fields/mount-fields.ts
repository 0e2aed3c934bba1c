import type { FsUsage, Mount } from '../core/filesystem.js';
import { utilLinuxSize } from '../core/size-units.js';
import { mountOptionsText } from './fs-fields.js';
import { FieldRegistry, type Field } from './registry.js';

/**
 * The findmnt column registry (`sysmon mounts`): one record per column, from which the default and `--df`
 * column sets, `-o/--output`, the headers and the `--json` keys all come.
 */

/** One mount as `sysmon mounts` prints it: the mountinfo entry, and its statfs with `--df` or size columns. */
export interface MountRow {
  mount: Mount;
  /** Present when a size column is shown (statfs was asked). */
  usage?: FsUsage;
}

/** findmnt's SOURCE: the source, with the filesystem root in brackets for a bind mount of a subdirectory. */
export function findmntSource(m: Mount): string {
  return m.root !== '/' && m.root !== '' ? `${m.source}[${m.root}]` : m.source;
}

/** findmnt's USE%: used / size, rounded to a whole percent (printf %.0f, ties to even); null without blocks. */
export function findmntUsePercent(u: FsUsage): number | null {
  if (u.stale || u.size === 0) return null;
  const x = ((u.size - u.free) / u.size) * 100;
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** A size in bytes, or null when statfs did not answer (or was not asked). */
function bytes(r: MountRow, pick: (u: FsUsage) => number): number | null {
  return r.usage && !r.usage.stale ? pick(r.usage) : null;
}

/** findmnt prints sizes in util-linux units, a zero size as a bare 0, and `-` where there is no number. */
function sizeText(b: number | null): string {
  return b === null ? '-' : b === 0 ? '0' : utilLinuxSize(b);
}

function text(key: string, header: string, description: string, get: (r: MountRow) => string): Field<MountRow> {
  return {
    key, aliases: [], header, width: 0, align: 'left', description, descByDefault: false, needs: ['none'],
    value: get, text: get,
  };
}

function size(key: string, header: string, description: string, get: (u: FsUsage) => number): Field<MountRow> {
  return {
    key, aliases: [], header, width: 5, align: 'right', description, descByDefault: true, needs: ['statfs'],
    value: (r) => bytes(r, get), text: (r) => sizeText(bytes(r, get)),
  };
}

/** Every column `sysmon mounts -o` knows, with findmnt's names. */
export const MOUNT_FIELDS: readonly Field<MountRow>[] = [
  text('target', 'TARGET', 'mount point', (r) => r.mount.target),
  text('source', 'SOURCE', 'source device, with [/dir] for a bind mount of a subdirectory', (r) => findmntSource(r.mount)),
  text('fstype', 'FSTYPE', 'file system type', (r) => r.mount.fstype),
  text('options', 'OPTIONS', 'all mount options (per-mount and superblock merged)', (r) => mountOptionsText(r.mount)),
  text('vfs-options', 'VFS-OPTIONS', 'per-mount (VFS) options only', (r) => r.mount.mountOptions),
  text('fs-options', 'FS-OPTIONS', 'superblock (file system specific) options only', (r) => r.mount.superOptions),
  text('fsroot', 'FSROOT', 'the directory of the file system mounted here', (r) => r.mount.root),
  {
    key: 'maj:min', aliases: [], header: 'MAJ:MIN', width: 0, align: 'left', description: 'device number of the file system',
    descByDefault: false, needs: ['none'], value: (r) => r.mount.majMin,
    // findmnt lines the colons up in a table ("%3u:%-3u"); JSON keeps the plain "8:1".
    text: (r) => {
      const [maj = '', min = ''] = r.mount.majMin.split(':');
      return `${maj.padStart(3)}:${min.padEnd(3)}`;
    },
  },
  text('propagation', 'PROPAGATION', 'shared, slave or private (mountinfo optional fields)', (r) => propagation(r.mount)),
  {
    key: 'id', aliases: [], header: 'ID', width: 0, align: 'right', description: 'mount id', descByDefault: false,
    needs: ['none'], value: (r) => r.mount.id, text: (r) => String(r.mount.id),
  },
  {
    key: 'parent', aliases: [], header: 'PARENT', width: 0, align: 'right', description: 'id of the parent mount',
    descByDefault: false, needs: ['none'],
    // libmount reads parent id 0 as "none" (the root of a mount namespace's table): findmnt leaves it empty.
    value: (r) => (r.mount.parentId === 0 ? null : r.mount.parentId),
    text: (r) => (r.mount.parentId === 0 ? '' : String(r.mount.parentId)),
  },
  size('size', 'SIZE', 'file system size', (u) => u.size),
  size('used', 'USED', 'used space (size - free)', (u) => u.size - u.free),
  size('avail', 'AVAIL', 'space available to unprivileged users', (u) => u.avail),
  {
    key: 'use%', aliases: ['pcent'], header: 'USE%', width: 3, align: 'right',
    description: 'used / size, whole percent', descByDefault: true, needs: ['statfs'],
    value: (r) => (r.usage ? findmntUsePercent(r.usage) : null),
    text: (r) => {
      const p = r.usage ? findmntUsePercent(r.usage) : null;
      return p === null ? '-' : `${p}%`;
    },
  },
];

/** libmount's PROPAGATION: shared, slave or private, with both when a mount is shared and a slave. */
function propagation(m: Mount): string {
  const shared = m.optional.some((o) => o.startsWith('shared:'));
  const slave = m.optional.some((o) => o.startsWith('master:'));
  if (shared && slave) return 'shared,slave';
  if (shared) return 'shared';
  if (slave) return 'slave';
  return 'private';
}

/** The findmnt column registry. */
export const mountFields = new FieldRegistry<MountRow>('findmnt column', MOUNT_FIELDS);

/** findmnt's default columns. */
export const FINDMNT_DEFAULT = 'target,source,fstype,options';
/** findmnt --df's columns. */
export const FINDMNT_DF = 'source,fstype,size,used,avail,use%,target';
