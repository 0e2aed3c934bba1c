import type { FsUsage, Mount } from '../../core/filesystem.js';
import { RuntimeError } from '../../core/errors.js';
import { findmntDfWants } from '../../core/fs-types.js';
import { utilLinuxSize } from '../../core/size-units.js';
import { mountForPath, readMounts, statfsMounts } from '../../collectors/filesystem-collector.js';
import { mountOptionsText } from '../../fields/fs-fields.js';
import { out, outJson } from '../../format/output.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { deviceOf, errnoMessage, pendingPathCalls, resolveUserPath } from '../../source/paths.js';
import { statfsSourceFor } from '../../source/statfs.js';
import { renderFsTable, scolsSafe, walkTree, type FsTableColumn } from '../fs-table.js';

/** Parsed `sysmon mounts` options (findmnt's). */
export interface MountsOptions {
  /** -l: flat list instead of the tree. */
  list: boolean;
  /** -S: only mounts of this source. */
  source: string | null;
  /** -T: the mount that holds this path. */
  target: string | null;
  /** -t: type list as given (`ext4,tmpfs`, `nocgroup,proc`). */
  types: string | null;
  /** -D/--df: df-like size columns, pseudo filesystems left out unless -A. */
  df: boolean;
  all: boolean;
  noHeadings: boolean;
  json: boolean;
  timeoutMs: number;
}

/**
 * findmnt's type filter (libmount mnt_match_fstype): a comma list; a leading `no` negates the whole list,
 * and an item of its own spelled `noTYPE` excludes that type.
 */
export function matchFsTypes(fstype: string, pattern: string): boolean {
  let negated = false;
  let p = pattern;
  if (p.startsWith('no')) {
    negated = true;
    p = p.slice(2);
  }
  for (const item of p.split(',')) {
    if (item === fstype) return !negated;
    if (item.startsWith('no') && item.slice(2) === fstype) return false;
  }
  return negated;
}

/** findmnt's SOURCE: the source, with the filesystem root in brackets for a bind mount of a subdirectory. */
export function findmntSource(m: Mount): string {
  return m.root !== '/' && m.root !== '' ? `${m.source}[${m.root}]` : m.source;
}

/** One printed mount: the entry, and its children in tree mode. */
export interface MountNode {
  mount: Mount;
  usage?: FsUsage;
  children: MountNode[];
}

/**
 * The mount tree as findmnt builds it: the root is the entry with the lowest parent id, followed up to an
 * entry whose parent is absent; children are the entries whose parent id is a node's id, by ascending id.
 * Entries that do not match the filter are left out and their matching descendants hang from the nearest
 * matching ancestor (or become roots).
 */
export function buildMountTree(mounts: Mount[], keep: (m: Mount) => boolean): MountNode[] {
  if (mounts.length === 0) return [];
  const byId = new Map<number, Mount>();
  for (const m of mounts) byId.set(m.id, m);
  let root = mounts[0]!;
  for (const m of mounts) if (m.parentId < root.parentId) root = m;
  const visited = new Set<number>([root.id]);
  for (let p = byId.get(root.parentId); p && p !== root && !visited.has(p.id); p = byId.get(p.parentId)) {
    visited.add(p.id);
    root = p;
  }
  const kids = new Map<number, Mount[]>();
  for (const m of mounts) {
    if (m.id === m.parentId) continue;
    const list = kids.get(m.parentId) ?? [];
    list.push(m);
    kids.set(m.parentId, list);
  }
  for (const list of kids.values()) list.sort((a, b) => a.id - b.id);
  const seen = new Set<number>();
  const build = (m: Mount): MountNode[] => {
    if (seen.has(m.id)) return [];
    seen.add(m.id);
    const children = (kids.get(m.id) ?? []).flatMap(build);
    return keep(m) ? [{ mount: m, children }] : children;
  };
  return build(root);
}

const COLUMNS_DEFAULT: FsTableColumn[] = [
  { header: 'TARGET', min: 0, align: 'left' },
  { header: 'SOURCE', min: 0, align: 'left' },
  { header: 'FSTYPE', min: 0, align: 'left' },
  { header: 'OPTIONS', min: 0, align: 'left' },
];

const COLUMNS_DF: FsTableColumn[] = [
  { header: 'SOURCE', min: 0, align: 'left' },
  { header: 'FSTYPE', min: 0, align: 'left' },
  { header: 'SIZE', min: 5, align: 'right' },
  { header: 'USED', min: 5, align: 'right' },
  { header: 'AVAIL', min: 5, align: 'right' },
  { header: 'USE%', min: 3, align: 'right' },
  { header: 'TARGET', min: 0, align: 'left' },
];

/** findmnt's USE%: used / size, rounded to a whole percent (printf %.0f); null without blocks. */
export function findmntUsePercent(u: FsUsage): number | null {
  if (u.stale || u.size === 0) return null;
  const x = ((u.size - u.free) / u.size) * 100;
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

function dfCells(n: MountNode): string[] {
  const u = n.usage;
  // findmnt prints a zero size as a bare 0.
  const size = (b: number): string => (u && !u.stale ? (b === 0 ? '0' : utilLinuxSize(b)) : '-');
  const pct = u ? findmntUsePercent(u) : null;
  return [
    scolsSafe(findmntSource(n.mount)),
    scolsSafe(n.mount.fstype),
    size(u?.size ?? 0),
    size((u?.size ?? 0) - (u?.free ?? 0)),
    size(u?.avail ?? 0),
    pct === null ? '-' : `${pct}%`,
    scolsSafe(n.mount.target),
  ];
}

function nodeJson(n: MountNode, df: boolean, tree: boolean): Record<string, unknown> {
  const m = n.mount;
  const o: Record<string, unknown> = df
    ? {
        source: findmntSource(m),
        fstype: m.fstype,
        size: n.usage && !n.usage.stale ? n.usage.size : null,
        used: n.usage && !n.usage.stale ? n.usage.size - n.usage.free : null,
        avail: n.usage && !n.usage.stale ? n.usage.avail : null,
        'use%': n.usage ? findmntUsePercent(n.usage) : null,
        target: m.target,
      }
    : { target: m.target, source: findmntSource(m), fstype: m.fstype, options: mountOptionsText(m) };
  if (tree && n.children.length > 0) o.children = n.children.map((c) => nodeJson(c, df, tree));
  return o;
}

/** Run `sysmon mounts`. Returns the exit code and whether a statfs still hangs. */
export async function runMounts(procFs: ProcFs, o: MountsOptions): Promise<{ exitCode: number; hung: boolean }> {
  const mounts = readMounts(procFs);
  let tree = !o.list && !o.df;
  let nodes: MountNode[];
  const typeOk = (m: Mount): boolean => (o.types === null ? true : matchFsTypes(m.fstype, o.types));

  if (o.target !== null) {
    tree = false;
    const r = await resolveUserPath(procFs.root, o.target, o.timeoutMs);
    if (!r.ok) {
      if (r.code !== 'ETIMEDOUT') throw new RuntimeError(`mounts: ${o.target}: ${errnoMessage(r.code)}`);
      // The path sits on a mount that does not answer: say so, and leave without waiting for it.
      process.stderr.write(`sysmon: mounts: ${o.target}: ${errnoMessage(r.code)}\n`);
      return { exitCode: 1, hung: true };
    }
    const m = mountForPath(mounts, r.path, await deviceOf(procFs.root, r.path, o.timeoutMs));
    if (!m || !typeOk(m) || (o.source !== null && m.source !== o.source)) {
      throw new RuntimeError(`mounts: ${o.target}: no mount${m ? ' that matches the filters' : ''} holds this path`);
    }
    // Every entry on that mount point (an over-mount and what it covers), as findmnt -T lists them.
    nodes = mounts
      .filter((x) => x.target === m.target && typeOk(x) && (o.source === null || x.source === o.source))
      .map((x) => ({ mount: x, children: [] }));
  } else {
    const keep = (m: Mount): boolean =>
      typeOk(m) && (o.source === null || m.source === o.source) && (!o.df || o.all || findmntDfWants(m.fstype));
    if (o.source !== null) tree = false;
    nodes = tree ? buildMountTree(mounts, keep) : mounts.filter(keep).map((m) => ({ mount: m, children: [] }));
  }
  if (nodes.length === 0) throw new RuntimeError('mounts: no mounts match');

  let hung = pendingPathCalls() > 0;
  let exitCode = 0;
  if (o.df) {
    const usages = await statfsMounts(nodes.map((n) => n.mount), statfsSourceFor(procFs.root), o.timeoutMs);
    nodes.forEach((n, i) => (n.usage = usages[i]));
    for (const u of usages) {
      if (u.stale && u.error === 'ETIMEDOUT') {
        process.stderr.write(`sysmon: mounts: ${u.mount.target}: statfs did not answer within ${o.timeoutMs} ms; shown as stale (-)\n`);
        hung = true;
        exitCode = 1;
      }
    }
  }

  if (o.json) {
    outJson({ filesystems: nodes.map((n) => nodeJson(n, o.df, tree)) });
    return { exitCode, hung };
  }
  const rows: string[][] = [];
  if (o.df) {
    for (const n of nodes) rows.push(dfCells(n));
    out(renderFsTable(COLUMNS_DF, rows, { headers: !o.noHeadings, rule: 'scols' }));
  } else {
    const cells = (n: MountNode, prefix: string): string[] => [
      prefix + scolsSafe(n.mount.target),
      scolsSafe(findmntSource(n.mount)),
      scolsSafe(n.mount.fstype),
      scolsSafe(mountOptionsText(n.mount)),
    ];
    if (tree) walkTree(nodes, (n) => n.children, (n, prefix) => rows.push(cells(n, prefix)));
    else for (const n of nodes) rows.push(cells(n, ''));
    out(renderFsTable(COLUMNS_DEFAULT, rows, { headers: !o.noHeadings, rule: 'scols' }));
  }
  return { exitCode, hung };
}
