import type { BlockDevice, FsUsage } from '../../core/filesystem.js';
import { utilLinuxSize } from '../../core/size-units.js';
import { collectBlockDevices } from '../../collectors/block-collector.js';
import { readMounts, statfsMounts } from '../../collectors/filesystem-collector.js';
import { out, outJson } from '../../format/output.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { statfsSourceFor } from '../../source/statfs.js';
import { findmntUsePercent } from '../../fields/mount-fields.js';
import { escapeHexBytes } from '../../format/escape.js';
import { renderFsTable, walkTree, type FsTableColumn } from '../fs-table.js';

/** Parsed `sysmon lsblk` options. */
export interface LsblkOptions {
  /** -f: filesystem columns. */
  fs: boolean;
  /** -p: full device paths as names. */
  paths: boolean;
  /** -b: sizes in bytes. */
  bytes: boolean;
  /** -a: include empty devices. */
  all: boolean;
  noHeadings: boolean;
  json: boolean;
  timeoutMs: number;
}

/** One lsblk column: header, libsmartcols width hint (>= 1 is a width in characters), alignment, cell, JSON. */
interface LsblkColumn extends FsTableColumn {
  key: string;
  cell(d: BlockDevice, ctx: Ctx): string;
  json(d: BlockDevice, ctx: Ctx): unknown;
}

interface Ctx {
  o: LsblkOptions;
  /** statfs of each mounted device's first mount point, by maj:min (lsblk -f). */
  usage: Map<string, FsUsage>;
}

const size = (n: number, ctx: Ctx): string => (ctx.o.bytes ? String(n) : utilLinuxSize(n));
const name = (d: BlockDevice, ctx: Ctx): string => (ctx.o.paths ? d.path : d.name);
const nul = (s: string | null): string => (s === null ? '' : escapeHexBytes(s));

const COLUMNS: Record<string, LsblkColumn> = {
  name: { key: 'name', header: 'NAME', min: 0, align: 'left', cell: (d, c) => escapeHexBytes(name(d, c)), json: (d, c) => name(d, c) },
  // lsblk prints "%3u:%-3u" in tables ("  7:0  ", "254:0  "), the plain "7:0" in JSON.
  majmin: {
    key: 'maj:min', header: 'MAJ:MIN', min: 6, align: 'left',
    cell: (d) => {
      const [maj = '', min = ''] = d.majMin.split(':');
      return `${maj.padStart(3)}:${min.padEnd(3)}`;
    },
    json: (d) => d.majMin,
  },
  rm: { key: 'rm', header: 'RM', min: 1, align: 'right', cell: (d) => (d.removable ? '1' : '0'), json: (d) => d.removable },
  size: { key: 'size', header: 'SIZE', min: 5, align: 'right', cell: (d, c) => size(d.size, c), json: (d) => d.size },
  ro: { key: 'ro', header: 'RO', min: 1, align: 'right', cell: (d) => (d.readOnly ? '1' : '0'), json: (d) => d.readOnly },
  type: { key: 'type', header: 'TYPE', min: 4, align: 'left', cell: (d) => d.type, json: (d) => d.type },
  fstype: { key: 'fstype', header: 'FSTYPE', min: 0, align: 'left', cell: (d) => nul(d.fstype), json: (d) => d.fstype },
  fsver: { key: 'fsver', header: 'FSVER', min: 0, align: 'left', cell: (d) => nul(d.fsver), json: (d) => d.fsver },
  label: { key: 'label', header: 'LABEL', min: 0, align: 'left', cell: (d) => nul(d.label), json: (d) => d.label },
  uuid: { key: 'uuid', header: 'UUID', min: 36, align: 'left', cell: (d) => nul(d.uuid), json: (d) => d.uuid },
  fsavail: {
    key: 'fsavail', header: 'FSAVAIL', min: 5, align: 'right',
    cell: (d, c) => {
      const u = c.usage.get(d.majMin);
      return u && !u.stale ? size(u.avail, c) : '';
    },
    json: (d, c) => {
      const u = c.usage.get(d.majMin);
      return u && !u.stale ? u.avail : null;
    },
  },
  fsusep: {
    key: 'fsuse%', header: 'FSUSE%', min: 3, align: 'right',
    cell: (d, c) => {
      const u = c.usage.get(d.majMin);
      const p = u ? findmntUsePercent(u) : null;
      return p === null ? '' : `${p}%`;
    },
    json: (d, c) => {
      const u = c.usage.get(d.majMin);
      return u ? findmntUsePercent(u) : null;
    },
  },
  mountpoints: {
    key: 'mountpoints', header: 'MOUNTPOINTS', min: 0, align: 'left',
    cell: (d) => d.mountpoints.map(escapeHexBytes).join('\n'),
    json: (d) => (d.mountpoints.length > 0 ? d.mountpoints : [null]),
  },
};

const DEFAULT = ['name', 'majmin', 'rm', 'size', 'ro', 'type', 'mountpoints'];
const FS = ['name', 'fstype', 'fsver', 'label', 'uuid', 'fsavail', 'fsusep', 'mountpoints'];

function toJson(d: BlockDevice, cols: LsblkColumn[], ctx: Ctx): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const c of cols) o[c.key] = c.json(d, ctx);
  if (d.children.length > 0) o.children = d.children.map((ch) => toJson(ch, cols, ctx));
  return o;
}

/** Run `sysmon lsblk`. Returns the exit code and whether a statfs (for -f) still hangs. */
export async function runLsblk(procFs: ProcFs, o: LsblkOptions): Promise<{ exitCode: number; hung: boolean }> {
  const mounts = readMounts(procFs);
  const devices = collectBlockDevices(procFs.root, mounts, { all: o.all });
  const ctx: Ctx = { o, usage: new Map() };
  let hung = false;
  if (o.fs) {
    const firsts: BlockDevice[] = [];
    walkTree(devices, (d) => d.children, (d) => {
      if (d.mountpoints.length > 0) firsts.push(d);
    });
    const targets = firsts.flatMap((d) => mounts.filter((m) => m.target === d.mountpoints[0] && m.majMin === d.majMin).slice(-1));
    const usages = await statfsMounts(targets, statfsSourceFor(procFs.root), o.timeoutMs);
    for (const u of usages) {
      ctx.usage.set(u.mount.majMin, u);
      if (u.stale && u.error === 'ETIMEDOUT') {
        process.stderr.write(`sysmon: lsblk: ${u.mount.target}: statfs did not answer within ${o.timeoutMs} ms; shown as stale\n`);
        hung = true;
      }
    }
  }
  const cols = (o.fs ? FS : DEFAULT).map((k) => COLUMNS[k]!);
  if (o.json) {
    outJson({ blockdevices: devices.map((d) => toJson(d, cols, ctx)) });
    return { exitCode: hung ? 1 : 0, hung };
  }
  // Rows with the tree drawn into NAME; a multi-line MOUNTPOINTS cell continues on lines of its own, where
  // the NAME column carries the tree lines on (libsmartcols print_empty_cell).
  const rows: string[][] = [];
  const conts: string[] = [];
  walkTree(devices, (d) => d.children, (d, prefix, _depth, cont) => {
    rows.push(cols.map((c, i) => (i === 0 ? prefix : '') + c.cell(d, ctx)));
    conts.push(cont + (d.children.length > 0 ? '│ ' : ''));
  });
  const lines: string[][] = [];
  rows.forEach((r, j) => {
    const parts = r.map((cell) => cell.split('\n'));
    const n = Math.max(...parts.map((p) => p.length));
    for (let k = 0; k < n; k++) lines.push(parts.map((p, i) => p[k] ?? (i === 0 ? conts[j]! : '')));
  });
  out(renderFsTable(cols, lines, { headers: !o.noHeadings, rule: 'scols' }));
  return { exitCode: hung ? 1 : 0, hung };
}
