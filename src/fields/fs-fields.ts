import type { FsUsage, Mount } from '../core/filesystem.js';
import { blockSizeLabel, formatSize, humanCeil, KIB_BLOCKS, type SizeStyle } from '../core/size-units.js';
import { FieldRegistry, portableAware, type Field, type FormatContext } from './registry.js';

/**
 * The filesystem field registry: one record per df column (coreutils' --output names), plus `options`.
 * It drives `sysmon df` columns, `--output`, sorting and JSON keys, the dashboard's df view and the
 * exporter's node_filesystem_* families.
 *
 * value(): raw numbers in bytes (size, used, avail), counts (itotal, iused, iavail), percent (pcent,
 * ipcent: df's rounded-up Use%), strings otherwise; null where unknown (stale or failed statfs, or a
 * percentage df shows as `-`).
 * text(): df's cell text in the size style of the context (see {@link FsFormatContext}).
 */

/** A df row: a filesystem's usage, and the PATH argument it was asked for (df's `file` column). */
export interface FsRow extends FsUsage {
  /** The command-line PATH this row answers (df PATH...), or undefined for a listing of all mounts. */
  file?: string;
}

/** Formatting context for filesystem fields: how sizes print (df -k/-m/-B/-h/-H). */
export interface FsFormatContext extends FormatContext {
  /** Sizes in blocks or human-readable; absent means 1K blocks. */
  sizes?: SizeStyle;
  /** df -h/-H also scale inode counts; blocks styles print them as they are. */
  humanInodes?: boolean;
}

/** A filesystem field: a registry field plus df's header, which depends on the size style. */
export interface FsField extends Field<FsRow> {
  /**
   * df's header in a size style. `defaultColumns` is true for df's built-in column sets (where Avail is
   * spelled "Available" outside -h), false for --output.
   */
  dfHeader(sizes: SizeStyle, defaultColumns: boolean, posix?: boolean): string;
}

/** Build a formatting context for one-shot filesystem output. */
export function fsFormatContext(sizes: SizeStyle = KIB_BLOCKS, now = Date.now()): FsFormatContext {
  return {
    now, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: null, cpuCount: 1,
    sizes, humanInodes: sizes.kind === 'human',
  };
}

/** Bytes used: blocks minus blocks free (root's reserve counts as used, as df counts it). */
export function usedBytes(u: FsUsage): number | null {
  return u.stale ? null : u.size - u.free;
}

/** df's Use%: ceil(used * 100 / (used + avail)); null when used + avail is 0 or unknown. */
export function usePercent(u: FsUsage): number | null {
  if (u.stale) return null;
  return ceilPercent(u.size - u.free, u.avail);
}

/** df's IUse%: ceil(iused * 100 / (iused + ifree)); null when there are no inodes or unknown. */
export function inodePercent(u: FsUsage): number | null {
  if (u.stale) return null;
  return ceilPercent(u.files - u.filesFree, u.filesFree);
}

function ceilPercent(used: number, avail: number): number | null {
  const total = used + avail;
  if (total <= 0 || used < 0) return null;
  // BigInt: used * 100 in bytes passes 2^53 on large filesystems.
  const u100 = BigInt(Math.round(used)) * 100n;
  const t = BigInt(Math.round(total));
  return Number(u100 / t + (u100 % t !== 0n ? 1n : 0n));
}

/**
 * Options as findmnt prints them (libmount's merge of per-mount and superblock options): `rw`/`ro` once at
 * the front (`ro` if either side says ro), then the rest in order.
 */
export function mountOptionsText(m: Mount): string {
  const vfs = m.mountOptions.split(',').filter((s) => s.length > 0);
  const sb = m.superOptions.split(',').filter((s) => s.length > 0);
  if (m.mountOptions === m.superOptions) return m.mountOptions;
  const all = [...vfs, ...sb];
  const ro = all.includes('ro');
  const rest = all.filter((o) => o !== 'rw' && o !== 'ro');
  return [ro ? 'ro' : 'rw', ...rest].join(',');
}

/** True when the mount is read-only (either its mount or its superblock options say `ro`). */
export function isReadOnlyMount(m: Mount): boolean {
  return m.mountOptions.split(',').includes('ro') || m.superOptions.split(',').includes('ro');
}

function styleOf(ctx: FormatContext): SizeStyle {
  return (ctx as FsFormatContext).sizes ?? KIB_BLOCKS;
}

function sizeText(bytes: number | null, ctx: FormatContext): string {
  return bytes === null ? '-' : formatSize(bytes, styleOf(ctx));
}

function countText(n: number | null, ctx: FormatContext): string {
  if (n === null) return '-';
  const s = styleOf(ctx);
  return (ctx as FsFormatContext).humanInodes && s.kind === 'human' ? humanCeil(n, s.base) : String(n);
}

function pctText(p: number | null): string {
  return p === null ? '-' : `${p}%`;
}

const fixed = (h: string) => (): string => h;

function field(
  f: Omit<FsField, 'aliases' | 'descByDefault' | 'dfHeader' | 'needs'> &
    Partial<Pick<FsField, 'aliases' | 'descByDefault' | 'dfHeader' | 'needs'>>,
): FsField {
  const whole: FsField = {
    aliases: [],
    descByDefault: false,
    needs: ['none'],
    dfHeader: fixed(f.header),
    ...f,
  };
  return { ...whole, ...portableAware(whole) };
}

const sizeField = (
  key: string,
  header: string,
  description: string,
  bytes: (u: FsRow) => number | null,
  extra: Partial<FsField> = {},
): FsField =>
  field({
    key,
    header,
    width: 5,
    align: 'right',
    description,
    descByDefault: true,
    needs: ['statfs'],
    value: (r) => bytes(r),
    text: (r, ctx) => sizeText(bytes(r), ctx),
    ...extra,
  });

const countField = (key: string, header: string, description: string, n: (u: FsRow) => number | null, aliases: string[] = []): FsField =>
  field({
    key,
    header,
    aliases,
    width: 5,
    align: 'right',
    description,
    descByDefault: true,
    needs: ['statfs'],
    value: (r) => n(r),
    text: (r, ctx) => countText(n(r), ctx),
  });

/** Every filesystem field, in df's --output order (then options). */
export const FS_FIELDS: readonly FsField[] = [
  field({
    key: 'source',
    portable: true,
    aliases: ['filesystem', 'device'],
    header: 'Filesystem',
    width: 14,
    align: 'left',
    description: 'mount source (device, server:path, or a name such as tmpfs)',
    value: (r) => r.mount.source,
    text: (r) => r.mount.source,
  }),
  field({
    key: 'fstype',
    portable: true,
    aliases: ['type'],
    header: 'Type',
    width: 4,
    align: 'left',
    description: 'filesystem type',
    value: (r) => r.mount.fstype,
    text: (r) => (r.error !== undefined && r.error !== 'ETIMEDOUT' && r.error !== 'IMPLAUSIBLE' ? '-' : r.mount.fstype),
  }),
  countField('itotal', 'Inodes', 'total inodes', (r) => (r.stale ? null : r.files), ['inodes']),
  countField('iused', 'IUsed', 'inodes in use', (r) => (r.stale ? null : r.files - r.filesFree)),
  countField('iavail', 'IFree', 'free inodes', (r) => (r.stale ? null : r.filesFree), ['ifree']),
  field({
    key: 'ipcent',
    aliases: ['iuse%'],
    header: 'IUse%',
    width: 4,
    align: 'right',
    description: 'inodes in use, percent (rounded up)',
    descByDefault: true,
    needs: ['statfs'],
    value: (r) => inodePercent(r),
    text: (r) => pctText(inodePercent(r)),
  }),
  sizeField('size', 'Size', 'total size, bytes', (r) => (r.stale ? null : r.size), {
    portable: true,
    aliases: ['blocks', '1k-blocks'],
    // df -P names the block size in bytes (`1048576-blocks` where plain df says `1M-blocks`).
    dfHeader: (s, _d, posix) =>
      (s.kind === 'human' ? 'Size' : `${posix ? String(s.blockSize) : blockSizeLabel(s.blockSize, s.suffix)}-blocks`),
  }),
  sizeField('used', 'Used', 'bytes used (size minus free, so the root reserve counts as used)', usedBytes, { portable: true }),
  sizeField('avail', 'Avail', 'bytes available to unprivileged users', (r) => (r.stale ? null : r.avail), {
    portable: true,
    aliases: ['available'],
    dfHeader: (s, defaultColumns) => (s.kind === 'blocks' && defaultColumns ? 'Available' : 'Avail'),
  }),
  field({
    key: 'pcent',
    portable: true,
    aliases: ['use%'],
    header: 'Use%',
    width: 4,
    align: 'right',
    description: 'used / (used + avail), percent, rounded up',
    descByDefault: true,
    needs: ['statfs'],
    value: (r) => usePercent(r),
    text: (r) => pctText(usePercent(r)),
    dfHeader: (s, defaultColumns, posix) => (posix && defaultColumns && s.kind === 'blocks' ? 'Capacity' : 'Use%'),
  }),
  field({
    key: 'file',
    portable: true,
    header: 'File',
    width: 0,
    align: 'left',
    description: 'the PATH argument this row answers (- when listing all)',
    value: (r) => r.file ?? null,
    text: (r) => (r.file === undefined ? '-' : r.file),
  }),
  field({
    key: 'target',
    portable: true,
    aliases: ['mounted', 'mountpoint'],
    header: 'Mounted on',
    width: 0,
    align: 'left',
    description: 'mount point',
    value: (r) => r.mount.target,
    text: (r) => r.mount.target,
  }),
  field({
    key: 'options',
    aliases: ['opts'],
    header: 'Options',
    width: 0,
    align: 'left',
    description: 'mount options (per-mount and superblock, merged as findmnt shows them)',
    value: (r) => mountOptionsText(r.mount),
    text: (r) => mountOptionsText(r.mount),
  }),
];

/** The registry: lookup by key or alias (case-insensitive), `--output` lists, sort specs. */
export const fsFields = new FieldRegistry<FsRow>('filesystem', FS_FIELDS);

/** The FsField with this key or alias (a UsageError naming the choices otherwise). */
export function fsField(name: string): FsField {
  return fsFields.get(name) as FsField;
}

/** JSON object of a row: every field's key and raw value (bytes, counts, percent, strings; null unknown). */
export function fsRowJson(row: FsRow, fields: readonly FsField[], ctx: FormatContext): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) o[f.key] = f.value(row, ctx);
  return o;
}

/** The dashboard's filesystem view: df -hT's columns. */
export const DF_DASHBOARD_COLUMNS = 'source,fstype,size,used,avail,pcent,target';
