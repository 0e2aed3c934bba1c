import path from 'node:path';
import type { FsUsage, Mount } from '../../core/filesystem.js';
import { findmntDfWants } from '../../core/fs-types.js';
import { mayHang } from '../../source/may-hang.js';
import { IMPLAUSIBLE, mountForPath, readMounts, statfsMounts } from '../../collectors/filesystem-collector.js';
import { FINDMNT_DEFAULT, FINDMNT_DF, mountFields, type MountRow } from '../../fields/mount-fields.js';
import type { Field, FormatContext } from '../../fields/registry.js';
import { out, outJson } from '../../format/output.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { deviceOf, errnoMessage, pendingPathCalls, resolveUserPath } from '../../source/paths.js';
import { statfsSourceFor } from '../../source/statfs.js';
import { escapeHexBytes } from '../../format/escape.js';
import { renderFsTable, walkTree, type FsTableColumn } from '../fs-table.js';
import { diagPrefix } from '../drop-in.js';
import { ToolError } from '../../core/errors.js';

/** Parsed `sysmon mounts` options (findmnt's). */
export interface MountsOptions {
  /** -l: flat list instead of the tree. */
  list: boolean;
  /** -S: only mounts of this source. */
  source: string | null;
  /** -T: the mount that holds this path. */
  target: string | null;
  /** -M/--mountpoint: the mount on exactly this directory. */
  mountpoint: string | null;
  /** The positional argument: a source or a mount point, matched exactly. */
  spec: string | null;
  /** -t: type list as given (`ext4,tmpfs`, `nocgroup,proc`). */
  types: string | null;
  /** -D/--df: df-like size columns, pseudo filesystems left out unless -A. */
  df: boolean;
  all: boolean;
  noHeadings: boolean;
  json: boolean;
  /** -o/--output: column keys from the findmnt registry; null for the default (or --df) set. */
  columns: string | null;
  timeoutMs: number;
}

const MOUNT_CONTEXT: FormatContext = {
  now: 0, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: null, cpuCount: 1,
};

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

/** The columns to print: `-o LIST`, else findmnt's default or `--df` set; each from the registry. */
function chosenColumns(o: MountsOptions): Field<MountRow>[] {
  if (o.columns !== null) {
    // findmnt names the first unknown column as it was typed, and exits 1.
    for (const name of o.columns.split(',')) {
      if (name !== '' && mountFields.find(name) === undefined) throw new ToolError(`unknown column: ${name}`, 1);
    }
  }
  return mountFields.parseList(o.columns ?? (o.df ? FINDMNT_DF : FINDMNT_DEFAULT));
}

function nodeJson(n: MountNode, fields: Field<MountRow>[], tree: boolean, ctx: FormatContext): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) o[f.key] = f.value(n, ctx);
  if (tree && n.children.length > 0) o.children = n.children.map((c) => nodeJson(c, fields, tree, ctx));
  return o;
}

/** Cells of one row; TARGET (or the first column when there is none) carries the tree prefix. */
function rowCells(n: MountNode, fields: Field<MountRow>[], treeAt: number, prefix: string, ctx: FormatContext): string[] {
  return fields.map((f, i) => (i === treeAt ? prefix : '') + escapeHexBytes(f.text(n, ctx)));
}

/** `sysmon mounts --list-columns`: every column -o knows. */
export function listMountColumns(): void {
  const rows = mountFields.fields.map((f) => [f.key, f.header, f.description]);
  out(renderFsTable(
    [{ header: 'COLUMN', min: 0, align: 'left' }, { header: 'HEADER', min: 0, align: 'left' }, { header: 'DESCRIPTION', min: 0, align: 'left' }],
    rows,
    { headers: true, rule: 'scols' },
  ));
}

/** Run `sysmon mounts`. Returns the exit code and whether a statfs still hangs. */
export async function runMounts(procFs: ProcFs, o: MountsOptions): Promise<{ exitCode: number; hung: boolean }> {
  const mounts = readMounts(procFs);
  let tree = !o.list && !o.df;
  let nodes: MountNode[];
  const typeOk = (m: Mount): boolean => (o.types === null ? true : matchFsTypes(m.fstype, o.types));

  if (o.target !== null) {
    tree = false;
    // On a network or FUSE mount the path is not resolved or statted (it may hang): its mount is found
    // lexically, as findmnt -T finds it without touching the target.
    const lexical = procFs.root === '/' ? mountForPath(mounts, path.resolve(o.target)) : null;
    const r = lexical && mayHang(lexical.fstype)
      ? { ok: true as const, path: path.resolve(o.target) }
      : await resolveUserPath(procFs.root, o.target, o.timeoutMs);
    if (!r.ok) {
      // findmnt prints nothing for a path that does not exist, and exits 1.
      if (r.code !== 'ETIMEDOUT') return { exitCode: 1, hung: false };
      // The path sits on a mount that does not answer: say so, and leave without waiting for it.
      process.stderr.write(`${diagPrefix('findmnt')}${o.target}: ${errnoMessage(r.code)}\n`);
      return { exitCode: 1, hung: true };
    }
    const m = lexical && mayHang(lexical.fstype) ? lexical : mountForPath(mounts, r.path, await deviceOf(procFs.root, r.path, o.timeoutMs));
    if (!m || !typeOk(m) || (o.source !== null && m.source !== o.source)) {
      return { exitCode: 1, hung: false };
    }
    // Every entry on that mount point (an over-mount and what it covers), as findmnt -T lists them.
    nodes = mounts
      .filter((x) => x.target === m.target && typeOk(x) && (o.source === null || x.source === o.source))
      .map((x) => ({ mount: x, children: [] }));
  } else {
    // A positional argument is a source or a mount point, matched exactly (findmnt /dev/vda, findmnt /).
    const keep = (m: Mount): boolean =>
      typeOk(m) && (o.source === null || m.source === o.source) && (!o.df || o.all || findmntDfWants(m.fstype)) &&
      (o.mountpoint === null || m.target === o.mountpoint) &&
      (o.spec === null || m.target === o.spec || m.source === o.spec);
    if (o.source !== null || o.spec !== null || o.mountpoint !== null) tree = false;
    nodes = tree ? buildMountTree(mounts, keep) : mounts.filter(keep).map((m) => ({ mount: m, children: [] }));
  }
  // Nothing matched: findmnt prints nothing, and exits 1 when a source, target or mount point was asked for.
  if (nodes.length === 0) {
    const asked = o.source !== null || o.target !== null || o.spec !== null || o.mountpoint !== null;
    return { exitCode: asked ? 1 : 0, hung: false };
  }

  let hung = pendingPathCalls() > 0;
  let exitCode = 0;
  const fields = chosenColumns(o);
  if (fields.some((f) => f.needs.includes('statfs'))) {
    // Every node, children of the tree included.
    const all: MountNode[] = [];
    const visit = (n: MountNode): void => {
      all.push(n);
      n.children.forEach(visit);
    };
    nodes.forEach(visit);
    const usages = await statfsMounts(all.map((n) => n.mount), statfsSourceFor(procFs.root), o.timeoutMs);
    all.forEach((n, i) => (n.usage = usages[i]));
    for (const u of usages) {
      if (u.stale && u.error === IMPLAUSIBLE) {
        process.stderr.write(`${diagPrefix('findmnt')}${escapeHexBytes(u.mount.target)}: implausible statfs numbers; shown as stale (-)\n`);
        exitCode = 1;
      }
      if (u.stale && u.error === 'ETIMEDOUT') {
        process.stderr.write(`${diagPrefix('findmnt')}${escapeHexBytes(u.mount.target)}: statfs did not answer within ${o.timeoutMs} ms; shown as stale (-)\n`);
        hung = true;
        exitCode = 1;
      }
    }
  }

  // The cells need no clock or machine facts; the registry's signature asks for a context all the same.
  const ctx = MOUNT_CONTEXT;
  if (o.json) {
    outJson({ filesystems: nodes.map((n) => nodeJson(n, fields, tree, ctx)) });
    return { exitCode, hung };
  }
  const rows: string[][] = [];
  const target = fields.findIndex((f) => f.key === 'target');
  const treeAt = target >= 0 ? target : 0;
  if (tree) walkTree(nodes, (n) => n.children, (n, prefix) => rows.push(rowCells(n, fields, treeAt, prefix, ctx)));
  else for (const n of nodes) rows.push(rowCells(n, fields, treeAt, '', ctx));
  const columns: FsTableColumn[] = fields.map((f) => ({ header: f.header, min: f.width, align: f.align }));
  out(renderFsTable(columns, rows, { headers: !o.noHeadings, rule: 'scols' }));
  return { exitCode, hung };
}
