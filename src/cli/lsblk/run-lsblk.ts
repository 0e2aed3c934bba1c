import path from 'node:path';
import type { BlockDevice, FsUsage } from '../../core/filesystem.js';
import { collectBlockDevices, blockDeviceOf } from '../../collectors/block-collector.js';
import { readMounts, statfsMounts } from '../../collectors/filesystem-collector.js';
import {
  BLOCK_FIELDS, LSBLK_SETS, blockCellText, blockJsonValue, compareBlockRows, findBlockField,
  type BlockField, type BlockRow,
} from '../../fields/block-fields.js';
import { out, outJson } from '../../format/output.js';
import { escapeHexBytes } from '../../format/escape.js';
import { pairsLine, rawLine, scolsJson, shellName, type ScolsJsonNode } from '../../format/scols.js';
import { parsePasswd } from '../../parsers/passwd.js';
import { parseGroupFile } from '../../parsers/proc-keyed.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { statfsSourceFor } from '../../source/statfs.js';
import { treeSymbols, walkTree } from '../fs-table.js';
import { groupSymbols, renderScolsTable, type ScolsColumn, type ScolsLine } from '../../format/scols-table.js';
import { diagPrefix, spokenName } from '../drop-in.js';
import { parseColumnList, scolsTermWidth } from '../scols-cli.js';
import { ToolError } from '../../core/errors.js';

/** Parsed `sysmon lsblk` options (util-linux 2.38 lsblk's). */
export interface LsblkOptions {
  /** -f, -m, -t, -S, -O in the order given: each adds its columns (lsblk add_uniq_column). */
  sets: ('fs' | 'perms' | 'topology' | 'scsi' | 'discard' | 'zoned' | 'all')[];
  /** -o LIST: replaces the columns, or with a leading `+` adds to them. */
  output: string | null;
  /** -x COL: sort by this column (and print a list). */
  sort: string | null;
  /** -p: full device paths in NAME, KNAME and PKNAME. */
  paths: boolean;
  /** -b: sizes in bytes. */
  bytes: boolean;
  /** -a: include empty devices. */
  all: boolean;
  /** -d: no partitions or holders. */
  nodeps: boolean;
  /** -S: SCSI devices only. */
  scsi: boolean;
  /** -l: a list instead of the tree. */
  list: boolean;
  /** -r: raw output. */
  raw: boolean;
  /** -P: key="value" pairs. */
  pairs: boolean;
  /** -J: libsmartcols JSON text. */
  json: boolean;
  /** --json (sysmon's): one compact document, sizes and percents as numbers. */
  sysmonJson?: boolean;
  noHeadings: boolean;
  /** -e LIST: leave out devices of these majors (default: RAM disks, major 1). */
  exclude?: string | null;
  /** -I LIST: only devices of these majors. */
  include?: string | null;
  /** -A: leave out empty devices (size 0). */
  noEmpty?: boolean;
  /** -i: draw the tree in ASCII. */
  ascii?: boolean;
  /** -y: headers (and JSON keys) as shell variable names. */
  shell?: boolean;
  /** -s: the inverse tree: each device at the top of a stack first, what it is built on below it. */
  inverse?: boolean;
  /** -E COL: keep only the first device (in lsblk's device order) of each value of this column. */
  dedup?: string | null;
  /** -T[COL]: a tree even with -x (sorted level by level), drawn in COL (NAME by default). */
  tree?: string | true;
  /** --sysroot DIR: read /sys (and the udev data and /dev links beside it) under DIR, inside sysmon's root. */
  sysroot?: string | null;
  /** -w N: fit the table to N columns even when stdout is not a terminal (0: as without -w). */
  width?: number | null;
  /** -M: group the parents of a device that has several (RAID, LVM over several disks). */
  merge?: boolean;
  /** Device arguments (paths of device nodes). */
  devices: string[];
  timeoutMs: number;
}

/** lsblk's exit codes for device arguments: none of them found, and some of them not found. */
const EXIT_NONE_FOUND = 32;
const EXIT_SOME_FOUND = 64;

/** The columns lsblk prints for these options, and the sort column (which may be hidden). */
export function lsblkColumns(o: LsblkOptions): { fields: BlockField[]; sortBy: BlockField | null; dedupBy: BlockField | null } {
  const fields: BlockField[] = [];
  const add = (f: BlockField): void => {
    if (!fields.includes(f)) fields.push(f);
  };
  for (const s of o.sets) {
    if (s === 'all') for (const f of BLOCK_FIELDS) fields.push(f);
    else for (const k of LSBLK_SETS[s]) add(findBlockField(k)!);
  }
  if (fields.length === 0) for (const k of LSBLK_SETS.default) fields.push(findBlockField(k)!);
  const columns = o.output === null ? fields : parseColumnList(o.output, fields, findBlockField);
  let sortBy: BlockField | null = null;
  if (o.sort !== null) {
    sortBy = findBlockField(o.sort) ?? null;
    if (!sortBy) throw new ToolError(`unknown column: ${escapeHexBytes(o.sort)}\nTry '${spokenName('lsblk')} --help' for more information.`, 1);
  }
  let dedupBy: BlockField | null = null;
  if (o.dedup != null) {
    dedupBy = findBlockField(o.dedup) ?? null;
    if (!dedupBy) throw new ToolError(`unknown column: ${escapeHexBytes(o.dedup)}\nTry '${spokenName('lsblk')} --help' for more information.`, 1);
  }
  return { fields: columns, sortBy, dedupBy };
}

/**
 * lsblk -E (lsblk_devtree_deduplicate_devices): of the devices with the same text in the column, the first in
 * device order (each device where the walk first meets it) stays and the others go, with the places in the
 * tree only they lead to. A device without a value in the column is never a duplicate.
 */
function dedupNodes(nodes: Node[], key: (n: Node) => string): Node[] {
  const seenDev = new Set<string>();
  const keys = new Set<string>();
  const removed = new Set<string>();
  walkTree(nodes, (n) => n.children, (n) => {
    const id = n.row.dev.majMin;
    if (seenDev.has(id)) return;
    seenDev.add(id);
    const k = key(n);
    if (k === '') return;
    if (keys.has(k)) removed.add(id);
    else keys.add(k);
  });
  const keep = (list: Node[]): Node[] =>
    list.filter((n) => !removed.has(n.row.dev.majMin)).map((n) => ({ row: n.row, children: keep(n.children) }));
  return keep(nodes);
}

function allDevices(roots: readonly BlockDevice[]): { dev: BlockDevice; parent: BlockDevice | null }[] {
  const outList: { dev: BlockDevice; parent: BlockDevice | null }[] = [];
  const rec = (d: BlockDevice, parent: BlockDevice | null): void => {
    outList.push({ dev: d, parent });
    for (const c of d.children) rec(c, d);
  };
  for (const r of roots) rec(r, null);
  return outList;
}

/** A printed device: its row and, in a tree, its children. */
interface Node {
  row: BlockRow;
  children: Node[];
}

/** lsblk's -e/-I list of major numbers; a ToolError in lsblk's words when it is not one. */
function majorList(list: string): Set<number> {
  const out = new Set<number>();
  for (const item of list.split(',')) {
    if (!/^\d+$/.test(item)) throw new ToolError(`failed to parse list '${escapeHexBytes(list)}'`, 1);
    out.add(Number(item));
  }
  return out;
}

/** The forest without the devices -e, -I and -A leave out (a device left out takes its children with it). */
function filterForest(forest: readonly BlockDevice[], keep: (d: BlockDevice) => boolean): BlockDevice[] {
  return forest.filter(keep).map((d) => ({ ...d, children: filterForest(d.children, keep) }));
}

/** Run `sysmon lsblk`. Returns the exit code and whether a statfs (for -f) still hangs. */
export async function runLsblk(procFs: ProcFs, o: LsblkOptions): Promise<{ exitCode: number; hung: boolean }> {
  const { fields, sortBy, dedupBy } = lsblkColumns(o);
  const include = o.include != null ? majorList(o.include) : null;
  const exclude = o.exclude != null ? majorList(o.exclude) : include === null ? new Set([1]) : new Set<number>();
  const major = (d: BlockDevice): number => Number(d.majMin.split(':')[0]);
  const mounts = readMounts(procFs);
  const sysRoot = o.sysroot != null ? path.join(procFs.root, path.resolve(o.sysroot)) : procFs.root;
  const forest = filterForest(collectBlockDevices(sysRoot, mounts, { all: o.all || o.devices.length > 0 }), (d) =>
    !exclude.has(major(d)) && (include === null || include.has(major(d))) && !(o.noEmpty && d.size === 0));
  let users: Map<number, string> | null = null;
  let groups: Map<number, string> | null = null;
  const base = {
    paths: o.paths,
    userName: (uid: number): string => (users ??= parsePasswd(procFs.readText('/etc/passwd') ?? '')).get(uid) ?? String(uid),
    groupName: (gid: number): string => (groups ??= parseGroupFile(procFs.readText('/etc/group') ?? '')).get(gid) ?? String(gid),
  };
  const parents = new Map<BlockDevice, BlockDevice | null>();
  for (const { dev, parent } of allDevices(forest)) if (!parents.has(dev)) parents.set(dev, parent);

  // The devices asked for: each argument's device number found in the forest, in argument order.
  // The devices each device is built on (its disk for a partition, the slaves of a dm or md device), for -s.
  const below = new Map<string, BlockDevice[]>();
  const leaves: BlockDevice[] = [];
  const seenLeaf = new Set<string>();
  for (const { dev, parent } of allDevices(forest)) {
    if (parent !== null) {
      const list = below.get(dev.majMin) ?? [];
      if (!list.some((p) => p.majMin === parent.majMin)) list.push(parent);
      below.set(dev.majMin, list);
    }
    if (dev.children.length === 0 && !seenLeaf.has(dev.majMin)) {
      seenLeaf.add(dev.majMin);
      leaves.push(dev);
    }
  }
  let roots: BlockDevice[] = o.inverse ? leaves : forest;
  let exitCode = 0;
  if (o.devices.length > 0) {
    roots = [];
    let missing = 0;
    for (const arg of o.devices) {
      const which = blockDeviceOf(procFs.root, arg);
      const found = which === null ? undefined : [...parents.keys()].find((d) =>
        'devno' in which ? d.majMin === which.devno : d.kname === which.kname);
      if (!found) {
        process.stderr.write(`${diagPrefix('lsblk')}${escapeHexBytes(arg)}: not a block device\n`);
        missing++;
        continue;
      }
      roots.push(found);
    }
    if (missing > 0) exitCode = roots.length === 0 ? EXIT_NONE_FOUND : EXIT_SOME_FOUND;
  }
  if (o.scsi) roots = roots.filter((d) => d.hctl() !== null);
  const nodeps = o.nodeps || o.scsi;
  const toNode = (d: BlockDevice): Node => ({
    row: { ...base, dev: d, parent: parents.get(d) ?? null },
    children: nodeps ? [] : (o.inverse ? below.get(d.majMin) ?? [] : d.children).map(toNode),
  });
  let nodes = roots.map(toNode);
  const table0 = !o.raw && !o.pairs;
  if (dedupBy !== null) {
    const by = dedupBy;
    nodes = dedupNodes(nodes, (n) => {
      const c = blockCellText(by, n.row, o.bytes, table0);
      return typeof c === 'string' ? c : c.join('\n');
    });
  }
  // -T COL: the tree in that column (an unknown name is only warned about, as lsblk does); a tree column
  // that is not printed leaves no tree to draw.
  let treeField = findBlockField('NAME')!;
  if (typeof o.tree === 'string') {
    const f = findBlockField(o.tree);
    if (f) treeField = f;
    else process.stderr.write(`${diagPrefix('lsblk')}unknown column: ${escapeHexBytes(o.tree)}\n`);
  }
  const treeCol = fields.indexOf(treeField);
  const tree = !o.list && !o.raw && !o.pairs && (sortBy === null || o.tree !== undefined) && !nodeps && treeCol >= 0;
  // lsblk sorts by MAJ:MIN unless -x names a column: a tree (and the tree order that -s, -r and -P follow)
  // level by level, as libsmartcols sorts each line's children; a plain list as a whole.
  const sortKey = sortBy ?? findBlockField('MAJ:MIN')!;
  const sortList = (list: readonly Node[], deep: boolean): Node[] =>
    list.map((n, i) => ({ n, i })).sort((a, b) => compareBlockRows(sortKey, a.n.row, b.n.row) || a.i - b.i)
      .map((x) => ({ row: x.n.row, children: deep ? sortList(x.n.children, true) : x.n.children }));
  const treeOrder = !tree && (o.inverse === true || o.raw || o.pairs);
  if (tree || treeOrder) nodes = sortList(nodes, true);
  // -M: the table draws the groups from the whole forest; every other output gets each device once, under
  // its last parent (a tree walks it after the tree of that parent; the tree order takes it as a root).
  const unmerged = nodes;
  if (o.merge === true) {
    nodes = mergeForest(nodes, tree ? 'walk' : treeOrder ? 'roots' : 'prune');
    if (treeOrder) nodes = sortList(nodes, false);
  }
  if (!tree) {
    const flat: Node[] = [];
    // A list prints each device once, unless it follows the tree's order, as lsblk does.
    const printed = new Set<string>();
    const rec = (n: Node): void => {
      if (!treeOrder && printed.has(n.row.dev.majMin)) return;
      printed.add(n.row.dev.majMin);
      flat.push({ row: n.row, children: [] });
      n.children.forEach(rec);
    };
    nodes.forEach(rec);
    nodes = treeOrder ? flat : sortList(flat, false);
  }

  let hung = false;
  if (fields.some((f) => f.statfs)) {
    const all: Node[] = [];
    walkTree(nodes, (n) => n.children, (n) => all.push(n));
    const mounted = all.filter((n) => n.row.dev.firstMount !== null);
    const usages: FsUsage[] = await statfsMounts(mounted.map((n) => n.row.dev.firstMount!), statfsSourceFor(procFs.root), o.timeoutMs);
    mounted.forEach((n, i) => (n.row.usage = usages[i]));
    for (const u of usages) {
      if (u.stale && u.error === 'ETIMEDOUT') {
        process.stderr.write(`${diagPrefix('lsblk')}${escapeHexBytes(u.mount.target)}: statfs did not answer within ${o.timeoutMs} ms; shown as stale\n`);
        hung = true;
        exitCode = exitCode || 1;
      }
    }
  }

  if (o.sysmonJson) {
    const toObj = (n: Node): Record<string, unknown> => {
      const obj: Record<string, unknown> = {};
      for (const f of fields) obj[f.key] = blockJsonValue(f, n.row, true, false);
      if (n.children.length > 0) obj.children = n.children.map(toObj);
      return obj;
    };
    outJson({ blockdevices: nodes.map(toObj) });
    return { exitCode, hung };
  }
  if (o.json) {
    const toJson = (n: Node): ScolsJsonNode => ({
      members: fields.map((f) => [o.shell ? shellName(f.header).toLowerCase() : f.key, blockJsonValue(f, n.row, o.bytes)] as const),
      children: n.children.map(toJson),
    });
    out(scolsJson('blockdevices', nodes.map(toJson)));
    return { exitCode, hung };
  }
  // libsmartcols prints nothing at all, not even the header, for a table without lines.
  if (nodes.length === 0) return { exitCode, hung };
  const table = !o.raw && !o.pairs;
  const joined = (c: string | readonly string[]): string => (typeof c === 'string' ? c : c.join('\n'));
  const cellsOf = (n: Node): string[] => fields.map((f) => joined(blockCellText(f, n.row, o.bytes, table)));
  if (o.raw || o.pairs) {
    const lines: string[] = [];
    const headers = fields.map((f) => (o.shell ? shellName(f.header) : f.header));
    if (o.raw && !o.noHeadings) lines.push(rawLine(headers));
    for (const n of nodes) lines.push(o.raw ? rawLine(cellsOf(n)) : pairsLine(headers, cellsOf(n)));
    out(lines.join('\n') + '\n');
    return { exitCode, hung };
  }
  // Each item of an array cell (MOUNTPOINTS) escaped on its own (a newline inside a name is `\x0a`), then
  // one a line.
  const cellsOfLine = (n: Node): string[] => fields.map((f) => {
    const c = blockCellText(f, n.row, o.bytes, table);
    return typeof c === 'string' ? escapeHexBytes(c) : c.map(escapeHexBytes).join('\n');
  });
  const { lines, groups: merged } = o.merge === true && tree ? mergedLines(unmerged, cellsOfLine)
    : { lines: nodes.map(function toLine(n: Node): ScolsLine {
      return { cells: cellsOfLine(n), children: n.children.map(toLine) };
    }), groups: [] };
  const columns: ScolsColumn[] = fields.map((f) => ({
    header: f.header, hint: f.hint, ...(o.shell ? { printed: shellName(f.header) } : {}),
    // libsmartcols draws a tree column left-aligned (lsblk clears SCOLS_FL_RIGHT for it).
    right: f.align === 'right' && !(tree && f === treeField), tree: tree && f === treeField,
    trunc: f.trunc === true, noExtremes: f.noExtremes === true, wrap: f.kind === 'array',
  }));
  // lsblk sorts by MAJ:MIN unless -x says otherwise; a sort or -E column that is not printed is a hidden
  // last column of its table.
  const sortCol = sortBy ?? findBlockField('MAJ:MIN')!;
  out(renderScolsTable(columns, lines, {
    headers: !o.noHeadings, termWidth: scolsTermWidth(o.width ?? null), symbols: treeSymbols(o.ascii),
    ...(merged.length > 0 ? { groups: merged, groupSymbols: groupSymbols(treeSymbols(o.ascii).vert !== "| ") } : {}),
    hiddenLast: !fields.includes(sortCol) || (dedupBy !== null && !fields.includes(dedupBy)),
  }));
  return { exitCode, hung };
}

/** Each device's parents (by MAJ:MIN), in the order a walk of the forest meets them. */
function parentsByDevice(nodes: readonly Node[]): Map<string, string[]> {
  const parentsOf = new Map<string, string[]>();
  const collect = (list: readonly Node[], parent: Node | null): void => {
    for (const n of list) {
      if (parent !== null) {
        const ps = parentsOf.get(n.row.dev.majMin) ?? [];
        if (!ps.includes(parent.row.dev.majMin)) ps.push(parent.row.dev.majMin);
        parentsOf.set(n.row.dev.majMin, ps);
      }
      collect(n.children, n);
    }
  };
  collect(nodes, null);
  return parentsOf;
}

/**
 * lsblk -M outside the table: a device with several parents only under its last one; in a tree ('walk')
 * taken from there to the top level, after the tree it was found in, where libsmartcols walks a group's
 * children; in the tree order of -r and -P ('roots') a root of its own (the caller sorts the roots).
 */
function mergeForest(nodes: readonly Node[], mode: 'walk' | 'roots' | 'prune'): Node[] {
  const parentsOf = parentsByDevice(nodes);
  const hoist = mode !== 'prune';
  const out: Node[] = [];
  const tail: Node[] = [];
  for (const root of nodes) {
    const hoisted: Node[] = [];
    const prune = (n: Node): Node => ({
      row: n.row,
      children: n.children.flatMap((c) => {
        const ps = parentsOf.get(c.row.dev.majMin) ?? [];
        if (ps.length < 2) return [prune(c)];
        if (ps[ps.length - 1] !== n.row.dev.majMin) return [];
        if (!hoist) return [prune(c)];
        hoisted.push(prune(c));
        return [];
      }),
    });
    out.push(prune(root));
    if (mode === 'walk') out.push(...hoisted);
    else tail.push(...hoisted);
  }
  return [...out, ...tail];
}

/**
 * lsblk -M: a device with several parents (a RAID or LVM volume over several disks) is printed once, after
 * its last parent, as the child of the group of all its parents (lsblk device_to_scols with --merge); under
 * its other parents it is left out, with what hangs from it.
 */
function mergedLines(nodes: readonly Node[], cells: (n: Node) => string[]): {
  lines: ScolsLine[]; groups: { members: ScolsLine[]; children: ScolsLine[] }[];
} {
  const parentsOf = parentsByDevice(nodes);
  const lineOf = new Map<string, ScolsLine>();
  const order = new Map<ScolsLine, number>();
  const groupOf = new Map<ScolsLine, { members: ScolsLine[]; children: ScolsLine[] }>();
  const groups: { members: ScolsLine[]; children: ScolsLine[] }[] = [];
  const build = (n: Node, parent: Node | null, parentLine: ScolsLine | null): ScolsLine | null => {
    const ps = parentsOf.get(n.row.dev.majMin) ?? [];
    const grouped = parent !== null && parentLine !== null && ps.length > 1;
    if (grouped && ps[ps.length - 1] !== parent.row.dev.majMin) return null;
    const children: ScolsLine[] = [];
    const line: ScolsLine = { cells: cells(n), children };
    order.set(line, order.size);
    lineOf.set(n.row.dev.majMin, line);
    for (const c of n.children) {
      const cl = build(c, n, line);
      if (cl !== null) children.push(cl);
    }
    if (!grouped) return line;
    let g = groupOf.get(parentLine);
    if (g === undefined) {
      g = { members: [parentLine], children: [] };
      groups.push(g);
      groupOf.set(parentLine, g);
    }
    for (const p of ps) {
      const pl = lineOf.get(p);
      if (pl !== undefined && !groupOf.has(pl)) {
        g.members.push(pl);
        groupOf.set(pl, g);
      }
    }
    g.children.push(line);
    return null;
  };
  const lines: ScolsLine[] = [];
  for (const n of nodes) {
    const l = build(n, null, null);
    if (l !== null) lines.push(l);
  }
  // libsmartcols puts the members of a group in the order the tree is walked.
  for (const g of groups) g.members.sort((a, b) => order.get(a)! - order.get(b)!);
  return { lines, groups };
}
