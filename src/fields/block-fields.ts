import type { BlockDevice, FsUsage } from '../core/filesystem.js';
import { utilLinuxSize } from '../core/size-units.js';
import { findmntUsePercent } from './mount-fields.js';

/**
 * The lsblk column registry (`sysmon lsblk`): one record per column of util-linux 2.38 lsblk, in the order
 * `lsblk --help` lists them (and `-O` prints them). `-o`, `-O`, `-x`, the option sets (-f -m -t -S), headers,
 * widths, `-J` keys and JSON types all come from these records.
 */

/** What lsblk prints a column as in JSON (and how -b and -x treat it). */
export type BlockColumnKind =
  /** Text; null in JSON when empty. */
  | 'string'
  /** A count; a JSON number (null when absent). */
  | 'number'
  /** Bytes: util-linux units (`256G`, `0B`), or the number with -b; a JSON string, or a number with -b. */
  | 'size'
  /** `1`/`0`; JSON true/false. */
  | 'boolean'
  /** One line per item (MOUNTPOINTS, FSROOTS); a JSON array, `[null]` when empty. */
  | 'array'
  /** A whole percent: `24%`, a `"24%"` string in -J, the number in sysmon's --json. */
  | 'percent';

/** One device as a row: the device, its tree parent, its statfs and the user and group tables. */
export interface BlockRow {
  dev: BlockDevice;
  parent: BlockDevice | null;
  /** -p: NAME, KNAME and PKNAME as device paths. */
  paths: boolean;
  /** statfs of the device's first mount, when a filesystem column is shown and it is mounted. */
  usage?: FsUsage;
  /** Name of a uid / gid (the number as text when unknown). */
  userName(uid: number): string;
  groupName(gid: number): string;
}

/** Raw value of a cell: text, a number, a boolean, lines (arrays), or null where lsblk has none. */
export type BlockValue = string | number | boolean | readonly string[] | null;

/** One lsblk column. */
export interface BlockField {
  /** Lower-case name: the `-J` key, and what -o/-x accept (case-insensitive). */
  key: string;
  header: string;
  /** libsmartcols width hint: >= 1 is the least width of the column; a fraction (0.1) sets none. */
  hint: number;
  align: 'left' | 'right';
  kind: BlockColumnKind;
  /** `lsblk --help`'s description. */
  description: string;
  /** libsmartcols SCOLS_FL_TRUNC: on a narrow terminal (or lsblk -w) a long cell is cut to the column. */
  trunc?: boolean;
  /** libsmartcols SCOLS_FL_NOEXTREMES: cells over twice the average width do not widen the column there. */
  noExtremes?: boolean;
  /** statfs of the mount is needed (FSAVAIL, FSSIZE, FSUSED, FSUSE%). */
  statfs?: boolean;
  /** Sorted numerically by major, then minor (MAJ:MIN). */
  sortDevno?: boolean;
  value(r: BlockRow): BlockValue;
}

const num = (s: string | null): number | null => {
  if (s === null || s.trim() === '') return null;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : null;
};
const bool = (s: string | null): boolean | null => (s === null ? null : s.trim() === '1');
const str = (s: string | null | undefined): string | null => {
  if (s === null || s === undefined) return null;
  const t = s.trim();
  return t === '' ? null : t;
};
const udev = (r: BlockRow, key: string): string | null => str(r.dev.udev.get(key));
const usage = (r: BlockRow): FsUsage | null => (r.usage && !r.usage.stale ? r.usage : null);

/** A column read from one sysfs attribute of the device. */
function attr(key: string, header: string, hint: number, kind: BlockColumnKind, description: string, rel: string,
  scale = 1, absent: number | null = null): BlockField {
  const align = kind === 'string' ? 'left' : 'right';
  return {
    key, header, hint, align, kind, description,
    value: (r) => {
      const s = r.dev.attr(rel);
      if (kind === 'boolean') return bool(s);
      if (kind === 'string') return str(s);
      const n = num(s);
      return n === null ? absent : n * scale;
    },
  };
}

function col(key: string, header: string, hint: number, align: 'left' | 'right', kind: BlockColumnKind,
  description: string, value: (r: BlockRow) => BlockValue, extra: Partial<BlockField> = {}): BlockField {
  return { key, header, hint, align, kind, description, value, ...extra };
}

/** `ls -l`'s mode string of a device node (`brw-rw----`). */
export function modeString(mode: number): string {
  const type = (mode & 0o170000) === 0o060000 ? 'b' : (mode & 0o170000) === 0o020000 ? 'c' : '-';
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? (special ? ch : 'x') : special ? ch.toUpperCase() : '-');
  return type + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    rwx(mode & 7, (mode & 0o1000) !== 0, 't');
}

/** The scheduler in use: the bracketed word of queue/scheduler (`none [mq-deadline] kyber`). */
function scheduler(s: string | null): string | null {
  if (s === null) return null;
  const m = /\[([^\]]+)\]/.exec(s);
  return m ? m[1]! : str(s);
}

const HOTPLUG_BUSES = new Set(['usb', 'ieee1394', 'pcmcia', 'mmc', 'ccw']);

/** lsblk's TRAN for the buses this reads it from (the sysfs subsystem chain); null for the others. */
function transport(r: BlockRow): string | null {
  const chain = r.dev.subsystems();
  for (const t of ['usb', 'nvme', 'mmc']) if (chain.includes(t)) return t;
  return null;
}

/** The scsi_device entry of a SCSI disk (`0:0:0:0`), or null. */
function hctl(r: BlockRow): string | null {
  return r.dev.partition ? null : r.dev.hctl();
}

export const BLOCK_FIELDS: readonly BlockField[] = [
  attr('alignment', 'ALIGNMENT', 6, 'number', 'alignment offset', 'alignment_offset'),
  attr('disc-aln', 'DISC-ALN', 6, 'number', 'discard alignment offset', 'discard_alignment'),
  attr('dax', 'DAX', 1, 'boolean', 'dax-capable device', 'queue/dax'),
  attr('disc-gran', 'DISC-GRAN', 6, 'size', 'discard granularity', 'queue/discard_granularity'),
  attr('disc-max', 'DISC-MAX', 6, 'size', 'discard max bytes', 'queue/discard_max_bytes'),
  attr('disc-zero', 'DISC-ZERO', 1, 'boolean', 'discard zeroes data', 'queue/discard_zeroes_data'),
  col('fsavail', 'FSAVAIL', 5, 'right', 'size', 'filesystem size available', (r) => usage(r)?.avail ?? null, { statfs: true }),
  col('fsroots', 'FSROOTS', 0.1, 'left', 'array', 'mounted filesystem roots', (r) => r.dev.fsroots),
  col('fssize', 'FSSIZE', 5, 'right', 'size', 'filesystem size', (r) => usage(r)?.size ?? null, { statfs: true }),
  col('fstype', 'FSTYPE', 0.1, 'left', 'string', 'filesystem type', (r) => r.dev.fstype, { trunc: true }),
  col('fsused', 'FSUSED', 5, 'right', 'size', 'filesystem size used', (r) => {
    const u = usage(r);
    return u ? u.size - u.free : null;
  }, { statfs: true }),
  col('fsuse%', 'FSUSE%', 3, 'right', 'percent', 'filesystem use percentage', (r) => {
    const u = usage(r);
    return u ? findmntUsePercent(u) : null;
  }, { statfs: true }),
  col('fsver', 'FSVER', 0.1, 'left', 'string', 'filesystem version', (r) => r.dev.fsver, { trunc: true }),
  col('group', 'GROUP', 0.1, 'left', 'string', 'group name', (r) => {
    const n = r.dev.node();
    return n ? r.groupName(n.gid) : null;
  }, { trunc: true }),
  col('hctl', 'HCTL', 10, 'left', 'string', 'Host:Channel:Target:Lun for SCSI', hctl),
  col('hotplug', 'HOTPLUG', 1, 'right', 'boolean', 'removable or hotplug device (usb, pcmcia, ...)', (r) =>
    r.dev.removable || r.dev.subsystems().some((s) => HOTPLUG_BUSES.has(s))),
  col('kname', 'KNAME', 0.3, 'left', 'string', 'internal kernel device name', (r) => (r.paths ? `/dev/${r.dev.kname}` : r.dev.kname)),
  col('label', 'LABEL', 0.1, 'left', 'string', 'filesystem LABEL', (r) => r.dev.label),
  attr('log-sec', 'LOG-SEC', 7, 'number', 'logical sector size', 'queue/logical_block_size'),
  col('maj:min', 'MAJ:MIN', 6, 'left', 'string', 'major:minor device number', (r) => r.dev.majMin, { sortDevno: true }),
  attr('min-io', 'MIN-IO', 6, 'number', 'minimum I/O size', 'queue/minimum_io_size'),
  col('mode', 'MODE', 10, 'left', 'string', 'device node permissions', (r) => {
    const n = r.dev.node();
    return n ? modeString(n.mode) : null;
  }),
  col('model', 'MODEL', 0.1, 'left', 'string', 'device identifier', (r) =>
    r.dev.partition ? null : (udev(r, 'ID_MODEL') ?? str(r.dev.attr('device/model'))), { trunc: true }),
  col('name', 'NAME', 0.25, 'left', 'string', 'device name', (r) => (r.paths ? r.dev.path : r.dev.name), { noExtremes: true }),
  attr('opt-io', 'OPT-IO', 6, 'number', 'optimal I/O size', 'queue/optimal_io_size'),
  col('owner', 'OWNER', 0.1, 'left', 'string', 'user name', (r) => {
    const n = r.dev.node();
    return n ? r.userName(n.uid) : null;
  }, { trunc: true }),
  col('partflags', 'PARTFLAGS', 36, 'left', 'string', 'partition flags', (r) => udev(r, 'ID_PART_ENTRY_FLAGS')),
  col('partlabel', 'PARTLABEL', 0.1, 'left', 'string', 'partition LABEL', (r) => {
    const enc = udev(r, 'ID_PART_ENTRY_NAME');
    return enc === null ? null : enc.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }),
  col('parttype', 'PARTTYPE', 36, 'left', 'string', 'partition type code or UUID', (r) => udev(r, 'ID_PART_ENTRY_TYPE')),
  col('parttypename', 'PARTTYPENAME', 0.1, 'left', 'string', 'partition type name', () => null),
  col('partuuid', 'PARTUUID', 36, 'left', 'string', 'partition UUID', (r) => udev(r, 'ID_PART_ENTRY_UUID')),
  col('path', 'PATH', 0.3, 'left', 'string', 'path to the device node', (r) => r.dev.path),
  attr('phy-sec', 'PHY-SEC', 7, 'number', 'physical sector size', 'queue/physical_block_size'),
  col('pkname', 'PKNAME', 0.3, 'left', 'string', 'internal parent kernel device name', (r) =>
    r.parent === null ? null : r.paths ? `/dev/${r.parent.kname}` : r.parent.kname),
  col('pttype', 'PTTYPE', 0.1, 'left', 'string', 'partition table type', (r) => udev(r, 'ID_PART_TABLE_TYPE')),
  col('ptuuid', 'PTUUID', 36, 'left', 'string', 'partition table identifier (usually UUID)', (r) => udev(r, 'ID_PART_TABLE_UUID')),
  attr('ra', 'RA', 3, 'number', 'read-ahead of the device', 'queue/read_ahead_kb'),
  attr('rand', 'RAND', 1, 'boolean', 'adds randomness', 'queue/add_random'),
  col('rev', 'REV', 4, 'right', 'string', 'device revision', (r) => (r.dev.partition ? null : str(r.dev.attr('device/rev')))),
  col('rm', 'RM', 1, 'right', 'boolean', 'removable device', (r) => r.dev.removable),
  col('ro', 'RO', 1, 'right', 'boolean', 'read-only device', (r) => r.dev.readOnly),
  attr('rota', 'ROTA', 1, 'boolean', 'rotational device', 'queue/rotational'),
  attr('rq-size', 'RQ-SIZE', 5, 'number', 'request queue size', 'queue/nr_requests'),
  col('sched', 'SCHED', 0.1, 'left', 'string', 'I/O scheduler name', (r) => scheduler(r.dev.attr('queue/scheduler'))),
  col('serial', 'SERIAL', 0.1, 'left', 'string', 'disk serial number', (r) =>
    r.dev.partition ? null : (udev(r, 'ID_SERIAL_SHORT') ?? str(r.dev.attr('device/serial'))), { trunc: true }),
  col('size', 'SIZE', 5, 'right', 'size', 'size of the device', (r) => r.dev.size),
  col('start', 'START', 5, 'right', 'number', 'partition start offset', (r) => (r.dev.partition ? num(r.dev.attr('start')) : null)),
  col('state', 'STATE', 7, 'left', 'string', 'state of the device', (r) => {
    if (r.dev.partition) return null;
    if (r.dev.kname.startsWith('dm-')) {
      const s = r.dev.attr('dm/suspended');
      return s === null ? null : s.trim() === '1' ? 'suspended' : 'running';
    }
    return str(r.dev.attr('device/state'));
  }, { trunc: true }),
  col('subsystems', 'SUBSYSTEMS', 0.1, 'left', 'string', 'de-duplicated chain of subsystems', (r) =>
    str(r.dev.subsystems().join(':')), { noExtremes: true }),
  col('mountpoint', 'MOUNTPOINT', 0.1, 'left', 'string', 'where the device is mounted', (r) => {
    // lsblk prefers the mount of the whole filesystem (root "/") over a bind mount of a directory of it.
    const i = r.dev.fsroots.indexOf('/');
    return r.dev.mountpoints[i >= 0 ? i : 0] ?? null;
  }, { trunc: true }),
  col('mountpoints', 'MOUNTPOINTS', 0.1, 'left', 'array', 'all locations where device is mounted', (r) => r.dev.mountpoints),
  col('tran', 'TRAN', 6, 'left', 'string', 'device transport type', transport),
  col('type', 'TYPE', 4, 'left', 'string', 'device type', (r) => r.dev.type),
  col('uuid', 'UUID', 36, 'left', 'string', 'filesystem UUID', (r) => r.dev.uuid),
  col('vendor', 'VENDOR', 0.1, 'left', 'string', 'device vendor', (r) =>
    r.dev.partition ? null : (udev(r, 'ID_VENDOR') ?? str(r.dev.attr('device/vendor'))), { trunc: true }),
  attr('wsame', 'WSAME', 6, 'size', 'write same max bytes', 'queue/write_same_max_bytes'),
  col('wwn', 'WWN', 18, 'left', 'string', 'unique storage identifier', (r) => udev(r, 'ID_WWN_WITH_EXTENSION') ?? udev(r, 'ID_WWN')),
  attr('zoned', 'ZONED', 0.3, 'string', 'zone model', 'queue/zoned'),
  attr('zone-sz', 'ZONE-SZ', 9, 'size', 'zone size', 'queue/chunk_sectors', 512),
  attr('zone-wgran', 'ZONE-WGRAN', 10, 'size', 'zone write granularity', 'queue/zone_write_granularity'),
  attr('zone-app', 'ZONE-APP', 11, 'size', 'zone append max bytes', 'queue/zone_append_max_bytes'),
  attr('zone-nr', 'ZONE-NR', 8, 'number', 'number of zones', 'queue/nr_zones'),
  attr('zone-omax', 'ZONE-OMAX', 10, 'number', 'maximum number of open zones', 'queue/max_open_zones', 1, 0),
  attr('zone-amax', 'ZONE-AMAX', 10, 'number', 'maximum number of active zones', 'queue/max_active_zones', 1, 0),
];

const BY_NAME = new Map(BLOCK_FIELDS.map((f) => [f.key, f]));

/** The column named `name` (any case), or undefined. */
export function findBlockField(name: string): BlockField | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The column sets of lsblk's options, by column names. */
export const LSBLK_SETS = {
  default: ['name', 'maj:min', 'rm', 'size', 'ro', 'type', 'mountpoints'],
  fs: ['name', 'fstype', 'fsver', 'label', 'uuid', 'fsavail', 'fsuse%', 'mountpoints'],
  perms: ['name', 'size', 'owner', 'group', 'mode'],
  topology: ['name', 'alignment', 'min-io', 'opt-io', 'phy-sec', 'log-sec', 'rota', 'sched', 'rq-size', 'ra', 'wsame'],
  scsi: ['name', 'hctl', 'type', 'vendor', 'model', 'rev', 'serial', 'tran'],
  discard: ['name', 'disc-aln', 'disc-gran', 'disc-max', 'disc-zero'],
  zoned: ['name', 'zoned', 'zone-sz', 'zone-nr', 'zone-amax', 'zone-omax', 'zone-app', 'zone-wgran'],
} as const;

/**
 * Text of a cell as lsblk prints it, unescaped: one string, or one per item of an array column (the table
 * puts them on lines of their own, -r and -P join them with a newline).
 */
export function blockCellText(f: BlockField, r: BlockRow, bytes: boolean, table: boolean): string | readonly string[] {
  const v = f.value(r);
  if (v === null) return '';
  if (Array.isArray(v)) return v as readonly string[];
  if (f.kind === 'size') return bytes ? String(v) : utilLinuxSize(v as number);
  if (f.kind === 'boolean') return v ? '1' : '0';
  if (f.kind === 'percent') return `${v as number}%`;
  if (f.sortDevno && table) {
    // lsblk lines the colons up in a table ("%3u:%-3u": "  7:0  ", "254:0  ").
    const [maj = '', min = ''] = String(v).split(':');
    return `${maj.padStart(3)}:${min.padEnd(3)}`;
  }
  return String(v);
}

/**
 * The cell as `-J` prints it (`lsblk` true): strings (null when empty), numbers, booleans, arrays (`[null]`
 * when empty), sizes as text unless -b; or as sysmon's --json has it (false): sizes and percents as numbers.
 */
export function blockJsonValue(f: BlockField, r: BlockRow, bytes: boolean, lsblk = true): string | number | boolean | null | readonly (string | null)[] {
  const v = f.value(r);
  if (f.kind === 'array') {
    const list = (v ?? []) as readonly string[];
    return list.length > 0 ? list : [null];
  }
  if (f.kind === 'boolean') return v === true;
  if (v === null) return null;
  if (f.kind === 'size') return bytes || !lsblk ? (v as number) : utilLinuxSize(v as number);
  if (f.kind === 'percent') return lsblk ? `${v as number}%` : (v as number);
  if (f.kind === 'number') return v as number;
  const s = String(v);
  return s === '' ? null : s;
}

/** Order of two rows by a column, as lsblk -x sorts: numbers by value, MAJ:MIN by major then minor, text by bytes. */
export function compareBlockRows(f: BlockField, a: BlockRow, b: BlockRow): number {
  const x = f.value(a);
  const y = f.value(b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (f.sortDevno) {
    const [am = 0, an = 0] = String(x).split(':').map(Number);
    const [bm = 0, bn = 0] = String(y).split(':').map(Number);
    return am - bm || an - bn;
  }
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const sx = Array.isArray(x) ? x.join('\n') : String(x);
  const sy = Array.isArray(y) ? y.join('\n') : String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}
