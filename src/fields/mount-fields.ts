import { allVfsOptions } from '../core/vfs-flags.js';
import type { FstabEntry, FsUsage, Mount } from '../core/filesystem.js';
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
  /** The fstab line the row comes from (findmnt -s, -F FILE); absent for the kernel's mount table. */
  fstab?: FstabEntry;
  /** -b: sizes in bytes. */
  bytes?: boolean;
  /** Filesystem facts of the source device from udev (ID_FS_LABEL, ID_FS_UUID, ...), when known. */
  udev?: ReadonlyMap<string, string>;
  /** -v: SOURCE without the `[/dir]` of a bind mount. */
  noFsroot?: boolean;
  /** --vfs-all: VFS-OPTIONS names every VFS flag by its state. */
  vfsAll?: boolean;
  /** -N TID: the task whose mount table the row comes from (absent: the command's own, /proc/self). */
  tid?: number;
  /** -c/-e: the source as printed (canonical path, or the device of a tag; '' for a tag without one). */
  sourceAs?: string;
  /** --poll: the change this row reports (the entry after it, or before it for an umount). */
  change?: MountChangeCells;
}

/** What --poll adds to a row: libmount's name of the change and the entry's target and options before it. */
export interface MountChangeCells {
  action: 'mount' | 'umount' | 'remount' | 'move';
  /** OLD-TARGET: the target before a move or umount; '' otherwise. */
  oldTarget: string;
  /** OLD-OPTIONS: the options before a remount or umount; '' otherwise. */
  oldOptions: string;
}

/** What findmnt -J prints a column as: a string (null when empty), a number, or a size (number with -b). */
export type MountJsonKind = 'string' | 'number' | 'size' | 'array';

/** A findmnt column: a registry field and its JSON type. */
export interface MountField extends Field<MountRow> {
  json: MountJsonKind;
  /** The cell needs the udev record of the mounted device (LABEL, UUID, PARTLABEL, PARTUUID). */
  udev?: boolean;
  /** The tree is drawn in this column (libsmartcols SCOLS_FL_TREE: TARGET). */
  tree?: boolean;
  /** findmnt's width hint when it is a share of the terminal width (0.30 for TARGET); `width` is 0 then. */
  share?: number;
  /** libsmartcols SCOLS_FL_TRUNC: on a narrow terminal a long cell is cut to the column. */
  trunc?: boolean;
  /** libsmartcols SCOLS_FL_NOEXTREMES: cells over twice the average width do not widen the column there. */
  noExtremes?: boolean;
  /** libsmartcols SCOLS_FL_STRICTWIDTH: not widened to its header, only to its hint (ACTION). */
  strictWidth?: boolean;
  /** A --poll column (ACTION, OLD-TARGET, OLD-OPTIONS): refused without --poll, left out of --output-all. */
  poll?: boolean;
}

/** findmnt's SOURCE: the source, with the filesystem root in brackets for a bind mount of a subdirectory. */
export function findmntSource(m: Mount): string {
  return m.root !== '/' && m.root !== '' ? `${m.source}[${m.root}]` : m.source;
}

/** SOURCE as findmnt prints it: the source (as -c/-e made it), `[/dir]` after it unless -v or fstab. */
function shownSource(r: MountRow): string {
  const s = r.sourceAs ?? (r.fstab ? r.fstab.source : r.mount.source);
  if (r.fstab || r.noFsroot || s === '') return s;
  return r.mount.root !== '/' && r.mount.root !== '' ? `${s}[${r.mount.root}]` : s;
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
function sizeText(r: MountRow, b: number | null): string {
  // An fstab entry whose mount point cannot be statfs'ed has no size at all; a mount that did not answer, `-`.
  if (b === null) return r.fstab ? '' : '-';
  return r.bytes ? String(b) : b === 0 ? '0' : utilLinuxSize(b);
}

function text(key: string, header: string, description: string, get: (r: MountRow) => string): MountField {
  return {
    key, aliases: [], header, width: 0, align: 'left', description, descByDefault: false, needs: ['none'],
    value: get, text: get, json: 'string',
  };
}

/** A column the kernel's mount table has and an fstab line does not (empty there). */
function kernel(key: string, header: string, description: string, get: (r: MountRow) => string): MountField {
  const g = (r: MountRow): string => (r.fstab ? '' : get(r));
  return text(key, header, description, g);
}

function size(key: string, header: string, description: string, get: (u: FsUsage) => number): MountField {
  return {
    key, aliases: [], header, width: 5, align: 'right', description, descByDefault: true, needs: ['statfs'],
    value: (r) => bytes(r, get), text: (r) => sizeText(r, bytes(r, get)), json: 'size',
  };
}

/** A tag of fstab's source (`UUID=...`), else the udev property of the mounted device. */
function tag(key: string, header: string, description: string, name: string, udevKey: string, width = 0): MountField {
  const f = text(key, header, description, (r) => {
    if (r.fstab) return r.fstab.source.startsWith(`${name}=`) ? r.fstab.source.slice(name.length + 1).replace(/^"(.*)"$/, '$1') : '';
    return r.udev?.get(udevKey) ?? '';
  });
  return { ...f, width, udev: true };
}

function count(key: string, header: string, description: string, get: (r: MountRow) => number | null, width = 0): MountField {
  return {
    key, aliases: [], header, width, align: 'right', description, descByDefault: false, needs: ['none'],
    value: get, text: (r) => {
      const v = get(r);
      return v === null ? '' : String(v);
    },
    json: 'number',
  };
}

/** Every column `sysmon mounts -o` knows, with findmnt's names. */
export const MOUNT_FIELDS: readonly MountField[] = [
  { ...text('target', 'TARGET', 'mount point', (r) => r.mount.target), tree: true, share: 0.3, noExtremes: true },
  { ...text('source', 'SOURCE', 'source device, with [/dir] for a bind mount of a subdirectory', shownSource),
    share: 0.25, noExtremes: true },
  // libblkid would also list other devices with the same UUID (multipath); sysmon does not probe the disks.
  { ...text('sources', 'SOURCES', 'all possible source devices (the source itself; tags evaluated with -e)', shownSource),
    json: 'array', share: 0.25 },
  { ...text('fstype', 'FSTYPE', 'file system type', (r) => r.mount.fstype), share: 0.1, trunc: true },
  { ...text('options', 'OPTIONS', 'all mount options (per-mount and superblock merged)',
    (r) => (r.fstab ? r.fstab.options : mountOptionsText(r.mount))), share: 0.1, trunc: true },
  { ...text('vfs-options', 'VFS-OPTIONS', 'per-mount (VFS) options only',
    (r) => {
      // libmount reads the flags from the merged options: a read-only superblock makes the mount ro.
      if (r.vfsAll) return allVfsOptions(r.fstab ? r.fstab.options : mountOptionsText(r.mount));
      return r.fstab ? r.fstab.vfsOptions : r.mount.mountOptions;
    }), share: 0.2, trunc: true },
  { ...text('fs-options', 'FS-OPTIONS', 'superblock (file system specific) options only',
    (r) => (r.fstab ? r.fstab.fsOptions : r.mount.superOptions)), share: 0.1, trunc: true },
  { ...kernel('fsroot', 'FSROOT', 'the directory of the file system mounted here', (r) => r.mount.root), share: 0.25, noExtremes: true },
  { ...tag('label', 'LABEL', 'file system label', 'LABEL', 'ID_FS_LABEL'), share: 0.1 },
  tag('uuid', 'UUID', 'file system UUID', 'UUID', 'ID_FS_UUID', 36),
  { ...tag('partlabel', 'PARTLABEL', 'partition label', 'PARTLABEL', 'ID_PART_ENTRY_NAME'), share: 0.1 },
  tag('partuuid', 'PARTUUID', 'partition UUID', 'PARTUUID', 'ID_PART_ENTRY_UUID', 36),
  {
    key: 'maj:min', aliases: [], header: 'MAJ:MIN', width: 0, align: 'left', description: 'device number of the file system',
    descByDefault: false, needs: ['none'], value: (r) => (r.fstab ? '' : r.mount.majMin), json: 'string',
    // findmnt lines the colons up in a table ("%3u:%-3u"); JSON (and -r, -P) keep the plain "8:1".
    text: (r) => {
      if (r.fstab) return '';
      const [maj = '', min = ''] = r.mount.majMin.split(':');
      return `${maj.padStart(3)}:${min.padEnd(3)}`;
    },
  },
  { ...kernel('propagation', 'PROPAGATION', 'shared, slave or private (mountinfo optional fields)', (r) => propagation(r.mount)), share: 0.1 },
  { ...kernel('opt-fields', 'OPT-FIELDS', 'optional mount fields (mountinfo: shared:N, master:N ...)', (r) => r.mount.optional.join(' ')), share: 0.1, trunc: true },
  count('id', 'ID', 'mount id', (r) => (r.fstab ? null : r.mount.id), 2),
  // libmount reads parent id 0 as "none" (the root of a mount namespace's table): findmnt leaves it empty.
  count('parent', 'PARENT', 'id of the parent mount', (r) => (r.fstab || r.mount.parentId === 0 ? null : r.mount.parentId), 2),
  // The task whose mount table was read: findmnt reads its own (/proc/self/mountinfo), so its own pid.
  count('tid', 'TID', 'task ID', (r) => (r.fstab ? null : r.tid ?? process.pid), 4),
  count('freq', 'FREQ', 'dump(8) period in days [fstab only]', (r) => r.fstab?.freq ?? null, 1),
  count('passno', 'PASSNO', 'pass number on parallel fsck(8) [fstab only]', (r) => r.fstab?.passno ?? null, 1),
  size('size', 'SIZE', 'file system size', (u) => u.size),
  size('used', 'USED', 'used space (size - free)', (u) => u.size - u.free),
  size('avail', 'AVAIL', 'space available to unprivileged users', (u) => u.avail),
  { ...text('action', 'ACTION', 'action detected by --poll', (r) => r.change?.action ?? ''), width: 10, strictWidth: true, poll: true },
  { ...text('old-target', 'OLD-TARGET', 'old mountpoint saved by --poll', (r) => r.change?.oldTarget ?? ''), share: 0.3, poll: true },
  { ...text('old-options', 'OLD-OPTIONS', 'old mount options saved by --poll', (r) => r.change?.oldOptions ?? ''), share: 0.1, trunc: true, poll: true },
  {
    key: 'use%', aliases: ['pcent'], header: 'USE%', width: 3, align: 'right',
    description: 'used / size, whole percent', descByDefault: true, needs: ['statfs'], json: 'string',
    value: (r) => (r.usage ? findmntUsePercent(r.usage) : null),
    text: (r) => {
      if (r.fstab && (!r.usage || r.usage.stale)) return '';
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

/** The findmnt column named `name` (any case), or undefined. */
export function findMountField(name: string): MountField | undefined {
  return mountFields.find(name) as MountField | undefined;
}

/** The cell as findmnt -J prints it: strings (null when empty), numbers, sizes (strings; numbers with -b). */
export function mountJsonValue(f: MountField, r: MountRow, ctx: Parameters<MountField['text']>[1]): string | number | null | readonly (string | null)[] {
  if (f.json === 'array') {
    const t = f.text(r, ctx);
    return [t === '' ? null : t];
  }
  if (f.json === 'number') {
    const v = f.value(r, ctx);
    return typeof v === 'number' ? v : null;
  }
  if (f.json === 'size' && r.bytes) {
    const v = f.value(r, ctx);
    return typeof v === 'number' ? v : null;
  }
  // JSON has the plain text (MAJ:MIN without the table's padding).
  const v = f.value(r, ctx);
  const t = typeof v === 'string' && f.json === 'string' ? v : f.text(r, ctx);
  return t === '' || (f.json === 'size' && t === '-') ? null : t;
}

/** findmnt --output-all's columns, in its order (the poll-only ACTION, OLD-TARGET, OLD-OPTIONS left out). */
export const FINDMNT_ALL =
  'avail,freq,fsroot,fstype,fs-options,id,label,maj:min,options,opt-fields,parent,partlabel,partuuid,passno,' +
  'propagation,size,source,sources,target,tid,used,use%,uuid,vfs-options';

/** findmnt's default columns. */
export const FINDMNT_DEFAULT = 'target,source,fstype,options';
/** findmnt --df's columns. */
export const FINDMNT_DF = 'source,fstype,size,used,avail,use%,target';
