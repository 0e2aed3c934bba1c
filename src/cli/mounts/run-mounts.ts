import { matchFsTypes } from '../../core/fs-types.js';
import { deviceOfTag } from './tag-device.js';
import path from 'node:path';
import type { FsUsage, Mount } from '../../core/filesystem.js';
import { isPseudoFsType } from '../../core/fs-types.js';
import { mayHang } from '../../source/may-hang.js';
import { IMPLAUSIBLE, mountForPath, readMounts, statfsMounts } from '../../collectors/filesystem-collector.js';
import {
  FINDMNT_ALL, FINDMNT_DEFAULT, FINDMNT_DF, findMountField, mountFields, mountJsonValue, type MountField, type MountRow,
} from '../../fields/mount-fields.js';
import type { FormatContext } from '../../fields/registry.js';
import { out, outJson, outJsonLine } from '../../format/output.js';
import { pairsLine, rawLine, scolsJson, shellName, type ScolsJsonNode } from '../../format/scols.js';
import { looksLikeMountinfo, parseFstabReport, type FstabEntry } from '../../parsers/fstab.js';
import { parseMountinfo } from '../../parsers/mountinfo.js';
import { parseUdevProperties } from '../../parsers/udev-db.js';
import { listUserDir, readUserText, userPathKind } from '../../source/user-files.js';
import { mountOptionsText } from '../../fields/fs-fields.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { canonicalSource, deviceOf, errnoMessage, pendingPathCalls, resolveUserPath } from '../../source/paths.js';
import { statfsSourceFor } from '../../source/statfs.js';
import { escapeHexBytes } from '../../format/escape.js';
import { renderFsTable, treeSymbols, walkTree } from '../fs-table.js';
import { renderScolsTable, type ScolsColumn, type ScolsLine } from '../../format/scols-table.js';
import { diagPrefix } from '../drop-in.js';
import { parseColumnList, scolsTermWidth } from '../scols-cli.js';
import type { MountChangeCells } from '../../fields/mount-fields.js';
import type { MountChange } from './mount-diff.js';
import { pollMountTable } from './poll-mounts.js';
import { verifyFstab } from './verify-fstab.js';

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
  /** A second positional argument: then `spec` is the source and this the mount point. */
  spec2?: string | null;
  /** -s: the static table (/etc/fstab under the root) instead of the kernel's. */
  fstab?: boolean;
  /** -F FILE: read this table (fstab or mountinfo format) instead. */
  tabFile?: string | null;
  /** -O: only mounts whose options match this list (`noatime`, `nosuid,ro`; a `no` prefix negates). */
  options?: string | null;
  /** -r: raw output. */
  raw?: boolean;
  /** -P: key="value" output. */
  pairs?: boolean;
  /** -b: sizes in bytes. */
  bytes?: boolean;
  /** --json (sysmon's): one compact document, raw values in base units. */
  sysmonJson?: boolean;
  /** -f: only the first match. */
  firstOnly?: boolean;
  /** -i: invert the filters. */
  invert?: boolean;
  /** --real / --pseudo: only real, or only pseudo filesystems. */
  real?: boolean;
  pseudo?: boolean;
  /** -v: SOURCE without `[/dir]`. */
  noFsroot?: boolean;
  /** -a: the tree in ASCII. */
  ascii?: boolean;
  /** -y: headers and JSON keys as shell variable names. */
  shell?: boolean;
  /** --output-all: every column. */
  outputAll?: boolean;
  /** -R: the matches with every mount below them. */
  submounts?: boolean;
  /** -N TID: the mount table of this task (/proc/TID/mountinfo), as text given. */
  task?: string | null;
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
  /** -U/--uniq: of entries on the same mount point only the last (in mountinfo order) is kept. */
  uniq?: boolean;
  /** -d/--direction backward: the list in reverse mountinfo order. */
  backward?: boolean;
  /** --shadowed: only mounts over-mounted by a child on the same mount point. */
  shadowed?: boolean;
  /** --vfs-all: every VFS flag in VFS-OPTIONS. */
  vfsAll?: boolean;
  /** -C/--nocanonicalize: compare the paths given (-S, -M, the arguments) as they are, not resolved. */
  noCanonicalize?: boolean;
  /** --tree: the tree even where a list would be printed (-l, -r, -P, a source or type search). */
  forceTree?: boolean;
  /** -c/--canonicalize: print sources (not tags) as canonical paths. */
  canonicalize?: boolean;
  /** -e/--evaluate: print a tag source (LABEL=, UUID=...) as the device it names ('' without one). */
  evaluate?: boolean;
  /** -u/--notruncate: no column is cut on a terminal (they overflow instead). */
  notruncate?: boolean;
  /** -x/--verify: check the table (fstab unless -F) instead of printing it. */
  verify?: boolean;
  /** --verbose: with -x, also say what is fine. */
  verbose?: boolean;
  /** -p/--poll[=LIST]: watch the table and print its changes (true: every action; else the list given). */
  poll?: string | true | null;
  /** -w/--timeout with --poll: end after this many milliseconds without a change (negative: never). */
  pollTimeoutMs?: number;
}

const MOUNT_CONTEXT: FormatContext = {
  now: 0, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: null, cpuCount: 1,
};


/** A `LABEL=`/`UUID=`/`PARTLABEL=`/`PARTUUID=` tag or a `MAJ:MIN` number: a source that is never a mount point. */
function isTagOrDevno(spec: string): boolean {
  return /^(LABEL|UUID|PARTLABEL|PARTUUID)=/.test(spec) || /^\d+:\d+/.test(spec);
}

/** findmnt's source match: a `MAJ:MIN` argument is the device number of the entry, anything else its source. */
function sourceMatches(m: Mount, src: string): boolean {
  const dev = /^(\d+):(\d+)/.exec(src);
  if (dev) return m.majMin === `${Number(dev[1])}:${Number(dev[2])}`;
  return m.source === src;
}

/** One printed mount: the entry, and its children in tree mode. */
export interface MountNode {
  mount: Mount;
  usage?: FsUsage;
  /** The fstab line of the entry (findmnt -s, -F FILE). */
  fstab?: FstabEntry;
  /** --poll: the change the row reports. */
  change?: MountChangeCells;
  /** -c/-e: the source as printed. */
  sourceAs?: string;
  /** udev properties of the mounted device, when a column needs them. */
  udev?: ReadonlyMap<string, string>;
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
  const kids = childrenByParent(mounts);
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

/**
 * findmnt -U (libmount mnt_table_uniq_fs, backward, MNT_UNIQ_KEEPTREE): of the entries on one mount point
 * the last wins; the children of a dropped entry are moved to the dropped entry's parent.
 */
export function uniqMounts(mounts: Mount[]): Mount[] {
  const seen = new Set<string>();
  const dropped = new Map<number, number>();
  const kept: Mount[] = [];
  for (let i = mounts.length - 1; i >= 0; i--) {
    const m = mounts[i]!;
    if (seen.has(m.target)) dropped.set(m.id, m.parentId);
    else {
      seen.add(m.target);
      kept.push(m);
    }
  }
  kept.reverse();
  const up = (id: number): number => {
    const guard = new Set<number>();
    let p = id;
    while (dropped.has(p) && !guard.has(p)) {
      guard.add(p);
      p = dropped.get(p)!;
    }
    return p;
  };
  return kept.map((m) => (dropped.has(m.parentId) ? { ...m, parentId: up(m.parentId) } : m));
}

/** The columns to print: `-o LIST` (`+LIST` adds to the default), else findmnt's default or `--df` set. */
export function chosenColumns(o: MountsOptions): MountField[] {
  // --poll puts ACTION before findmnt's default columns.
  const defaults = o.poll != null ? `action,${FINDMNT_DEFAULT}` : FINDMNT_DEFAULT;
  const base = (o.outputAll ? FINDMNT_ALL : o.df ? FINDMNT_DF : defaults).split(',').map((k) => findMountField(k)!);
  return o.columns === null ? base : parseColumnList(o.columns, base, findMountField);
}

/**
 * findmnt -O (libmount mnt_match_options): every item of the comma list must hold; `noNAME` means NAME is
 * absent, `+noNAME` the option noNAME itself; `NAME=VALUE` needs that value.
 */
export function matchMountOptions(options: string, pattern: string): boolean {
  const have = options.split(',').filter((x) => x !== '');
  for (const raw of pattern.split(',')) {
    if (raw === '') continue;
    let item = raw;
    let negated = false;
    if (item.startsWith('+')) item = item.slice(1);
    else if (item.startsWith('no') && item.length > 2) {
      negated = true;
      item = item.slice(2);
    }
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const found = have.some((h) => {
      const he = h.indexOf('=');
      const hn = he < 0 ? h : h.slice(0, he);
      return hn === name && (eq < 0 || (he >= 0 && h.slice(he + 1) === item.slice(eq + 1)));
    });
    if (found === negated) return false;
  }
  return true;
}

/** An fstab line as a mount entry (no ids, no device number), so the filters and statfs take it as one. */
function fstabMount(e: FstabEntry): Mount {
  return {
    id: 0, parentId: 0, majMin: '', root: '', target: e.target, mountOptions: e.options, optional: [],
    fstype: e.fstype, source: e.source, superOptions: e.options,
  };
}

function nodeJson(n: MountNode, fields: MountField[], tree: boolean, ctx: FormatContext, extra: Partial<MountRow>, shell = false): ScolsJsonNode {
  const row: MountRow = { ...n, ...extra, ...rowExtra(n) };
  return {
    members: fields.map((f) => [shell ? shellName(f.header).toLowerCase() : f.key, mountJsonValue(f, row, ctx)] as const),
    children: tree ? n.children.map((c) => nodeJson(c, fields, tree, ctx, extra, shell)) : [],
  };
}

/** What a node carries beyond the mount: its fstab line and udev record. */
function rowExtra(n: MountNode): Partial<MountRow> {
  const x: Partial<MountRow> = {};
  if (n.fstab) x.fstab = n.fstab;
  if (n.udev) x.udev = n.udev;
  return x;
}

/** Cells of one row; TARGET (or the first column when there is none) carries the tree prefix. */
function rowCells(n: MountNode, fields: MountField[], treeAt: number, prefix: string, ctx: FormatContext, extra: Partial<MountRow>): string[] {
  const row: MountRow = { ...n, ...extra, ...rowExtra(n) };
  return fields.map((f, i) => (i === treeAt ? prefix : '') + escapeHexBytes(f.text(row, ctx)));
}

/** Cells of one row for -r and -P: the plain text (MAJ:MIN unpadded), escaped by the caller. */
function plainCells(n: MountNode, fields: MountField[], ctx: FormatContext, extra: Partial<MountRow>): string[] {
  const row: MountRow = { ...n, ...extra, ...rowExtra(n) };
  return fields.map((f) => {
    const v = mountJsonValue(f, row, ctx);
    if (Array.isArray(v)) return v.filter((x) => x !== null).join('\n');
    return v === null ? (f.json === 'size' ? f.text(row, ctx) : '') : String(v);
  });
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

/** fstab text as entries; each line libmount cannot parse is reported as findmnt reports it, and left out. */
function fstabTable(text: string, name: string): { mounts: Mount[]; fstab: FstabEntry[]; parseErrors: number } {
  const { entries, badLines } = parseFstabReport(text);
  for (const n of badLines) process.stderr.write(`${diagPrefix('findmnt')}${escapeHexBytes(name)}: parse error at line ${n} -- ignored\n`);
  return { mounts: entries.map(fstabMount), fstab: entries, parseErrors: badLines.length };
}

/** The table findmnt reads: the kernel's mountinfo, fstab (-s), or a file (-F) in either format. */
function readTable(procFs: ProcFs, o: MountsOptions): { mounts: Mount[]; fstab: FstabEntry[] | null; parseErrors?: number } | { error: string } {
  if (o.tabFile != null && o.fstab) {
    // libmount's fstab reading: a directory is its *.fstab files in order (fstab.d), a device or FIFO no fstab.
    const kind = userPathKind(o.tabFile);
    if (kind === 'other') return { error: `can't read ${escapeHexBytes(o.tabFile)}: ${errnoMessage('ENOENT')}` };
    if (kind === 'dir') {
      const names = (listUserDir(o.tabFile) ?? []).filter((n) => !n.startsWith('.') && n.endsWith('.fstab')).sort();
      const texts = names.map((n) => readUserText(path.join(o.tabFile!, n))).flatMap((r) => (r.ok ? [r.text] : []));
      return fstabTable(texts.join('\n'), o.tabFile);
    }
  }
  if (o.tabFile != null) {
    const r = readUserText(o.tabFile);
    if (!r.ok) return { error: `can't read ${escapeHexBytes(o.tabFile)}: ${errnoMessage(r.code)}` };
    // libmount tells a mountinfo file from fstab by its look, unless -s (or -x) says the file is fstab.
    if (!o.fstab && looksLikeMountinfo(r.text)) return { mounts: parseMountinfo(r.text), fstab: null };
    return fstabTable(r.text, o.tabFile);
  }
  if (o.fstab) {
    const r = procFs.tryReadText('/etc/fstab');
    if (!r.ok) return { error: `can't read /etc/fstab: ${errnoMessage(r.code)}` };
    return fstabTable(r.value, '/etc/fstab');
  }
  if (o.task != null) {
    if (!/^\d+$/.test(o.task)) return { error: `invalid TID argument: '${escapeHexBytes(o.task)}'` };
    const file = `/proc/${Number(o.task)}/mountinfo`;
    const r = procFs.tryReadText(file);
    if (!r.ok) return { error: `can't read ${file}: ${errnoMessage(r.code)}` };
    return { mounts: parseMountinfo(r.value), fstab: null };
  }
  return { mounts: readMounts(procFs), fstab: null };
}

/** Run `sysmon mounts`. Returns the exit code and whether a statfs still hangs. */
export async function runMounts(procFs: ProcFs, o0: MountsOptions): Promise<{ exitCode: number; hung: boolean }> {
  // --verify checks fstab unless another table is named.
  const o = o0.verify === true && o0.task == null ? { ...o0, fstab: true } : o0;
  const fields = chosenColumns(o);
  const table = readTable(procFs, o);
  if ('error' in table) {
    process.stderr.write(`${diagPrefix('findmnt')}${table.error}\n`);
    return { exitCode: 1, hung: false };
  }
  const polled = fields.find((f) => f.poll === true);
  if (polled && o.poll == null) {
    process.stderr.write(`${diagPrefix('findmnt')}${polled.header} column is requested, but --poll is not enabled\n`);
    return { exitCode: 1, hung: false };
  }
  const { fstab } = table;
  const mounts = o.uniq === true && fstab === null ? uniqMounts(table.mounts) : table.mounts;
  const fstabOf = new Map<Mount, FstabEntry>();
  if (fstab) mounts.forEach((m, i) => fstabOf.set(m, fstab[i]!));
  const flat = o.list || o.raw === true || o.pairs === true || fstab !== null || o.firstOnly === true;
  let tree = !flat && !o.df;
  let nodes: MountNode[];
  // --shadowed (libmount mnt_table_over_fs): the entries that a child on the same mount point covers.
  const covered = new Set<number>();
  if (o.shadowed === true) {
    const byId = new Map(mounts.map((m) => [m.id, m] as const));
    for (const m of mounts) if (m.id !== m.parentId && byId.get(m.parentId)?.target === m.target) covered.add(m.parentId);
  }
  const node = (m: Mount): MountNode => {
    const e = fstabOf.get(m);
    return e ? { mount: m, fstab: e, children: [] } : { mount: m, children: [] };
  };
  // -R matters only with something to match: without, findmnt prints its plain tree.
  const submounts = o.submounts === true && fstab === null && (o.types !== null || o.options != null ||
    o.source !== null || o.spec !== null || o.mountpoint !== null || o.target !== null || o.real === true ||
    o.pseudo === true);
  // Two positional arguments are a source and a mount point; one is either.
  let source = o.source;
  let spec = o.spec;
  let mountpoint = o.mountpoint;
  if (o.spec2 != null) {
    source = o.spec;
    mountpoint = o.spec2;
    spec = null;
  }
  // findmnt's match function (misc-utils/findmnt.c match_func), in its order: -i turns each failed check
  // into a match and each match into a failure, --df and --real/--pseudo included; --df without -A takes
  // any tmpfs-like type before the later checks (--shadowed among them) are made.
  const optionsOf = (m: Mount): string => fstabOf.get(m)?.options ?? mountOptionsText(m);
  const inv = o.invert === true;
  const matches = (m: Mount, src: string | null, tgt: string | null): boolean => {
    if (o.types !== null && !matchFsTypes(m.fstype, o.types)) return inv;
    if (o.options != null && !matchMountOptions(optionsOf(m), o.options)) return inv;
    if (tgt !== null && m.target !== tgt) return inv;
    if (src !== null && !sourceMatches(m, src)) return inv;
    if (o.df && !o.all) {
      if (m.fstype.includes('tmpfs')) return !inv;
      if (isPseudoFsType(m.fstype)) return inv;
    }
    if (o.real === true && isPseudoFsType(m.fstype)) return inv;
    if (o.pseudo === true && !isPseudoFsType(m.fstype)) return inv;
    if (o.shadowed === true && !covered.has(m.id)) return inv;
    return !inv;
  };

  // findmnt resolves a path it is given (`/dev/../dev/vda`, a /dev/disk/by-* link) before comparing, unless
  // -C; a path that does not resolve is compared as given.
  if (o.noCanonicalize !== true && fstab === null) {
    const canon = async (p: string | null): Promise<string | null> => {
      if (p === null || !p.startsWith('/')) return p;
      const r = await resolveUserPath(procFs.root, p, o.timeoutMs);
      return r.ok ? r.path : p;
    };
    source = await canon(source);
    spec = await canon(spec);
    mountpoint = await canon(mountpoint);
  } else if (fstab === null) {
    // Even then libmount's path comparison ignores repeated and trailing slashes (not `.` or `..`).
    const slashes = (p: string | null): string | null =>
      p === null || !p.startsWith('/') ? p : p.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    source = slashes(source);
    spec = slashes(spec);
    mountpoint = slashes(mountpoint);
  }

  // Without anything to match (--df, --real and --pseudo count, unless -A), a list is the whole table.
  const listAll = !((o.df || o.real === true || o.pseudo === true) && !o.all) && o.types === null &&
    o.options == null && source === null && spec === null && mountpoint === null;

  if (o.verify === true) {
    const asFstab = (m: Mount): FstabEntry => fstabOf.get(m) ?? {
      source: m.source, target: m.target, fstype: m.fstype, options: mountOptionsText(m), vfsOptions: m.mountOptions,
      fsOptions: m.superOptions, freq: 0, passno: 0,
    };
    let chosen = listAll ? mounts : mounts.filter((m) => matches(m, source ?? spec, mountpoint ?? o.target));
    if (!listAll && chosen.length === 0 && spec !== null && mountpoint === null && !isTagOrDevno(spec)) {
      chosen = mounts.filter((m) => matches(m, null, spec));
    }
    if (o.firstOnly === true) chosen = chosen.slice(0, 1);
    const whole = mounts.map(asFstab);
    const exitCode = await verifyFstab({
      procFs, table: whole, entries: chosen.map((m) => whole[mounts.indexOf(m)]!), checkOrder: listAll,
      verbose: o.verbose === true, parseErrors: table.parseErrors ?? 0, mounts: fstab === null ? mounts : readMounts(procFs),
      release: (procFs.readText('/proc/sys/kernel/osrelease') ?? '').trim(), timeoutMs: o.timeoutMs,
    });
    return { exitCode, hung: pendingPathCalls() > 0 };
  }

  if (o.poll != null) {
    // The match function is asked about the entry of each change; a positional argument that is not found
    // as a source is tried as a mount point.
    const swap = spec !== null && mountpoint === null && o.target === null && !isTagOrDevno(spec);
    const match = (m: Mount): boolean => matches(m, source ?? spec, mountpoint ?? o.target) ||
      (swap && matches(m, null, spec));
    return { exitCode: await pollMounts(procFs, o, fields, match), hung: false };
  }

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
    const m = lexical && mayHang(lexical.fstype) ? lexical : mountForPath(mounts, r.path, fstab ? undefined : await deviceOf(procFs.root, r.path, o.timeoutMs));
    if (!m) return { exitCode: 1, hung: false };
    // findmnt first looks for the path itself as a mount point, then (nothing found) for the mount point
    // that holds it: every entry there (an over-mount and what it covers) that passes the match function.
    let found = mounts.filter((x) => matches(x, source, r.path));
    if (found.length === 0) found = mounts.filter((x) => matches(x, source, m.target));
    if (found.length === 0) return { exitCode: 1, hung: false };
    nodes = found.map(node);
  } else {
    if (source !== null || spec !== null || mountpoint !== null) tree = false;
    // --tree wins over -l, -r, -P, --df and a search: the matches hang from their nearest matching ancestor.
    if (o.forceTree === true && fstab === null) tree = true;
    if (tree && !submounts) {
      // The tree consults the match function for every entry, even with nothing to match.
      nodes = buildMountTree(mounts, (m) => matches(m, source ?? spec, mountpoint));
    } else if (listAll) {
      nodes = mounts.map(node);
    } else {
      // A positional argument is a source first; when no entry has it as its source, a mount point (unless
      // it is a tag or a device number, which cannot be one).
      let found = mounts.filter((m) => matches(m, source ?? spec, mountpoint));
      if (found.length === 0 && spec !== null && mountpoint === null && !isTagOrDevno(spec)) {
        found = mounts.filter((m) => matches(m, null, spec));
      }
      nodes = found.map(node);
    }
  }
  if (o.backward === true && !tree) nodes = [...nodes].reverse();
  if (o.firstOnly && nodes.length > 1) nodes = nodes.slice(0, 1);
  if (submounts) {
    // -R: every match with the mounts below it, as a tree unless a list was asked for.
    const kids = childrenByParent(mounts);
    const seen = new Set<number>();
    const grow = (n: MountNode): MountNode => {
      seen.add(n.mount.id);
      const below = (kids.get(n.mount.id) ?? []).filter((m) => !seen.has(m.id)).sort((a, b) => a.id - b.id);
      return { ...n, children: below.map((m) => grow(node(m))) };
    };
    tree = !flat;
    // A match that is below an earlier one is printed there only.
    const grown: MountNode[] = [];
    for (const n of nodes) if (!seen.has(n.mount.id)) grown.push(grow(n));
    if (tree) nodes = grown;
    else {
      nodes = [];
      walkTree(grown, (n) => n.children, (n) => nodes.push({ ...n, children: [] }));
    }
  }
  // Nothing matched: findmnt prints nothing; a list (and a search: a source, target or mount point) exits 1,
  // a tree 0.
  // -R is a search too: nothing under it exits 1.
  if (nodes.length === 0) return { exitCode: tree && !submounts ? 0 : 1, hung: false };

  const filled = await fillNodes(procFs, nodes, fields, fstab !== null, o);
  const hung = filled.hung || pendingPathCalls() > 0;
  const exitCode = filled.exitCode;
  printMounts(nodes, fields, tree, o, { headers: !o.noHeadings });
  return { exitCode, hung };
}

/** The actions --poll=LIST may name, as findmnt spells them. */
const POLL_ACTIONS: readonly MountChange['action'][] = ['mount', 'umount', 'remount', 'move'];

/** `findmnt --poll`: the table's changes, batch by batch, in the output mode asked for. */
async function pollMounts(procFs: ProcFs, o: MountsOptions, fields: MountField[], match: (m: Mount) => boolean): Promise<number> {
  let actions: Set<MountChange['action']> | null = null;
  if (typeof o.poll === 'string') {
    // An empty list fails without a word, as findmnt's string_to_idarray does.
    if (o.poll === '') return 1;
    actions = new Set();
    for (const name of o.poll.split(',')) {
      const a = POLL_ACTIONS.find((x) => x === name);
      if (a === undefined) {
        process.stderr.write(`${diagPrefix('findmnt')}unknown action: ${escapeHexBytes(name)}\n`);
        return 1;
      }
      actions.add(a);
    }
  }
  const file = o.tabFile ?? (o.task != null ? `/proc/${Number(o.task)}/mountinfo` : '/proc/self/mountinfo');
  const read = (): string | null => {
    if (o.tabFile != null) {
      const r = readUserText(o.tabFile);
      return r.ok ? r.text : null;
    }
    return procFs.readText(file);
  };
  const parse = (text: string): Mount[] =>
    looksLikeMountinfo(text) ? parseMountinfo(text) : parseFstabReport(text).entries.map(fstabMount);
  let exitCode = 0;
  const status = await pollMountTable({
    read, parse, actions, matches: match, timeoutMs: o.pollTimeoutMs ?? -1, firstOnly: o.firstOnly === true,
    backward: o.backward === true,
    print: async (changes, first) => {
      const nodes: MountNode[] = changes.map((c) => ({
        mount: (c.new ?? c.old)!, children: [],
        change: {
          action: c.action,
          oldTarget: c.old !== null && (c.action === 'move' || c.action === 'umount') ? c.old.target : '',
          oldOptions: c.old !== null && (c.action === 'remount' || c.action === 'umount') ? mountOptionsText(c.old) : '',
        },
      }));
      const filled = await fillNodes(procFs, nodes, fields, false, o);
      exitCode ||= filled.exitCode;
      printMounts(nodes, fields, false, o, { headers: first && !o.noHeadings, stream: true });
    },
  });
  return status || exitCode;
}

/**
 * What the chosen columns need beyond the mount entry, for every node (a tree's children too): the udev
 * record of the device, and statfs (a mount that does not answer within the time limit is shown stale).
 */
async function fillNodes(procFs: ProcFs, nodes: readonly MountNode[], fields: readonly MountField[], isFstab: boolean,
  o: MountsOptions): Promise<{ exitCode: number; hung: boolean }> {
  let hung = false;
  let exitCode = 0;
  const all: MountNode[] = [];
  const visit = (n: MountNode): void => {
    all.push(n);
    n.children.forEach(visit);
  };
  nodes.forEach(visit);
  if (o.canonicalize === true || o.evaluate === true) {
    for (const n of all) {
      const src = n.fstab?.source ?? n.mount.source;
      if (/^(LABEL|UUID|PARTLABEL|PARTUUID)=/.test(src)) {
        if (o.evaluate === true) n.sourceAs = deviceOfTag(procFs.root, src) ?? '';
      } else if (o.canonicalize === true) {
        n.sourceAs = await canonicalSource(procFs.root, src, o.timeoutMs);
      }
    }
  }
  if (fields.some((f) => f.udev) && !isFstab) {
    for (const n of all) {
      const text = procFs.readText(`/run/udev/data/b${n.mount.majMin}`);
      if (text !== null) n.udev = parseUdevProperties(text);
    }
  }
  if (fields.some((f) => f.needs.includes('statfs'))) {
    const usages = await statfsMounts(all.map((n) => n.mount), statfsSourceFor(procFs.root), o.timeoutMs);
    all.forEach((n, i) => (n.usage = usages[i]));
    for (const u of usages) {
      // An fstab line names a mount point that may not exist or not be mounted: no size, and no complaint.
      if (isFstab) continue;
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
  return { exitCode, hung };
}

/**
 * Print nodes in the output mode the options ask for. `headers` is false for the later batches of --poll
 * (findmnt prints its header once); `stream` prints sysmon's --json as one line per node (NDJSON).
 */
function printMounts(nodes: MountNode[], fields: MountField[], tree: boolean, o: MountsOptions,
  opts: { headers: boolean; stream?: boolean }): void {
  // The cells need no clock or machine facts; the registry's signature asks for a context all the same.
  const ctx = MOUNT_CONTEXT;
  const extra: Partial<MountRow> = {
    ...(o.bytes ? { bytes: true } : {}), ...(o.noFsroot ? { noFsroot: true } : {}),
    ...(o.task != null ? { tid: Number(o.task) } : {}), ...(o.vfsAll ? { vfsAll: true } : {}),
  };
  const header = (f: MountField): string => (o.shell ? shellName(f.header) : f.header);
  if (o.sysmonJson) {
    const toObj = (n: MountNode): Record<string, unknown> => {
      const row: MountRow = { ...n, ...rowExtra(n), ...(o.vfsAll ? { vfsAll: true } : {}) };
      const obj: Record<string, unknown> = {};
      for (const f of fields) obj[f.key] = f.value(row, ctx);
      if (tree && n.children.length > 0) obj.children = n.children.map(toObj);
      return obj;
    };
    if (opts.stream) for (const n of nodes) outJsonLine(toObj(n));
    else outJson({ filesystems: nodes.map(toObj) });
    return;
  }
  if (o.json) {
    out(scolsJson('filesystems', nodes.map((n) => nodeJson(n, fields, tree, ctx, extra, o.shell === true))));
    return;
  }
  if (o.raw || o.pairs) {
    const headers = fields.map(header);
    const lines: string[] = [];
    if (o.raw && opts.headers) lines.push(rawLine(headers));
    const treeCol = Math.max(0, fields.findIndex((f) => f.tree === true));
    const emit = (n: MountNode, prefix: string): void => {
      const cells = plainCells(n, fields, ctx, extra);
      // --tree -r keeps the tree's lines in the first (TARGET) cell, escaped as any other byte.
      if (prefix !== '') cells[treeCol] = prefix + cells[treeCol]!;
      lines.push(o.raw ? rawLine(cells) : pairsLine(headers, cells));
    };
    if (tree) walkTree(nodes, (n) => n.children, emit, { ascii: o.ascii ?? false });
    else for (const n of nodes) emit(n, '');
    out(lines.join('\n') + '\n');
    return;
  }
  // The tree is drawn in TARGET; without TARGET the lines keep the tree's order, as a list.
  const treeAt = tree ? fields.findIndex((f) => f.tree === true) : -1;
  const toLine = (n: MountNode): ScolsLine => ({
    cells: rowCells(n, fields, -1, '', ctx, extra),
    children: treeAt >= 0 ? n.children.map(toLine) : [],
  });
  const lines: ScolsLine[] = [];
  if (tree && treeAt < 0) walkTree(nodes, (n) => n.children, (n) => lines.push(toLine(n)));
  else for (const n of nodes) lines.push(toLine(n));
  const columns: ScolsColumn[] = fields.map((f, i) => ({
    header: f.header, hint: f.width >= 1 ? f.width : f.share ?? 0, ...(o.shell ? { printed: shellName(f.header) } : {}),
    right: f.align === 'right', tree: i === treeAt, trunc: f.trunc === true && o.notruncate !== true, noExtremes: f.noExtremes === true,
    wrap: f.json === 'array', strictWidth: f.strictWidth === true,
  }));
  out(renderScolsTable(columns, lines, {
    headers: opts.headers, termWidth: scolsTermWidth(), symbols: treeSymbols(o.ascii),
  }));
}

/** Mounts by their parent's id, in mountinfo order (a mount that is its own parent is nobody's child). */
function childrenByParent(mounts: readonly Mount[]): Map<number, Mount[]> {
  const kids = new Map<number, Mount[]>();
  for (const m of mounts) {
    if (m.id === m.parentId) continue;
    const list = kids.get(m.parentId) ?? [];
    list.push(m);
    kids.set(m.parentId, list);
  }
  return kids;
}
