import path from 'node:path';
import type { Mount } from '../../core/filesystem.js';
import type { SizeStyle } from '../../core/size-units.js';
import { UsageError } from '../../core/errors.js';
import {
  finishDf, IMPLAUSIBLE, mountForPath, planDf, readMounts, statfsMounts, usageFrom, type DfSelection,
} from '../../collectors/filesystem-collector.js';
import { sortRows } from '../../fields/registry.js';
import { FS_FIELDS, fsFields, fsFormatContext, fsRowJson, type FsField, type FsRow } from '../../fields/fs-fields.js';
import { escapeForTerminal } from '../../format/escape.js';
import { outJson, out } from '../../format/output.js';
import { quoteFileName } from '../../format/shell-quote.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { blockDeviceOf, deviceOf, errnoMessage, pendingPathCalls, resolveUserPath } from '../../source/paths.js';
import { mayHang } from '../../source/may-hang.js';
import { statfsSourceFor } from '../../source/statfs.js';
import { renderFsTable } from '../fs-table.js';
import { diagPrefix } from '../drop-in.js';

/** Parsed df options. */
export interface DfOptions extends DfSelection {
  sizes: SizeStyle;
  /** -T */
  printType: boolean;
  /** -i */
  inodes: boolean;
  /** -P: POSIX headers (`1024-blocks`, `Capacity`); sizes in 512-byte blocks when POSIXLY_CORRECT is set. */
  posix: boolean;
  /** --output: the chosen fields, or null for df's default columns. */
  output: FsField[] | null;
  /** --sort spec, or null for mount order. */
  sort: string | null;
  json: boolean;
  timeoutMs: number;
  paths: string[];
}

/** What a df run ended with: exit code, and whether a statfs still hangs (the caller must exit hard). */
export interface DfResult {
  exitCode: number;
  hung: boolean;
}

/** The fields --output without a list shows: df's order. */
export const DF_OUTPUT_ALL = ['source', 'fstype', 'itotal', 'iused', 'iavail', 'ipcent', 'size', 'used', 'avail', 'pcent', 'file', 'target'];

/** Parse an --output list: known fields, each at most once (coreutils rejects repeats). */
export function parseOutputList(list: string): FsField[] {
  const names = list.split(',').map((s) => s.trim());
  const fields: FsField[] = [];
  for (const n of names) {
    if (n === '') throw new UsageError(`df: option --output: empty field name in '${list}'`);
    const f = fsFields.find(n) as FsField | undefined;
    if (!f) throw new UsageError(`df: option --output: field '${n}' unknown (valid: ${FS_FIELDS.map((x) => x.key).join(', ')})`);
    if (fields.includes(f)) throw new UsageError(`df: option --output: field '${n}' used more than once`);
    fields.push(f);
  }
  return fields;
}

/** df's own columns for -T and -i (no --output). */
export function defaultColumns(o: DfOptions): FsField[] {
  const keys = ['source'];
  if (o.printType) keys.push('fstype');
  keys.push(...(o.inodes ? ['itotal', 'iused', 'iavail', 'ipcent'] : ['size', 'used', 'avail', 'pcent']));
  keys.push('target');
  return keys.map((k) => fsFields.get(k) as FsField);
}

/** The mount of the file system on device `majMin`: the first one of its whole tree (root `/`), else the first. */
function mountedFrom(mounts: Mount[], majMin: string): Mount | undefined {
  const on = mounts.filter((m) => m.majMin === majMin);
  return on.find((m) => m.root === '/') ?? on[0];
}

/** df's grand total row: "total" as source, or as target when no source column is shown. */
export function totalRow(rows: FsRow[], fields: FsField[]): FsRow {
  const hasSource = fields.some((f) => f.key === 'source');
  const mount: Mount = {
    id: 0, parentId: 0, majMin: '0:0', root: '/', target: hasSource ? '-' : 'total', mountOptions: '', optional: [],
    fstype: '-', source: 'total', superOptions: '',
  };
  const t: FsRow = { mount, blockSize: 1, size: 0, free: 0, avail: 0, files: 0, filesFree: 0, stale: false, file: '-' };
  for (const r of rows) {
    if (r.stale) continue;
    t.size += r.size;
    t.free += r.free;
    t.avail += r.avail;
    t.files += r.files;
    t.filesFree += r.filesFree;
  }
  return t;
}

/** Run df: collect, select, print. Messages for bad PATHs and stale filesystems go to stderr. */
export async function runDf(procFs: ProcFs, o: DfOptions): Promise<DfResult> {
  const mounts = readMounts(procFs);
  const source = statfsSourceFor(procFs.root);
  const live = procFs.root === '/';
  let exitCode = 0;
  let hung = false;
  const rows: FsRow[] = [];
  const typeOk = (t: string): boolean =>
    (o.types.length === 0 || o.types.includes(t)) && !o.excludeTypes.includes(t);

  if (o.paths.length === 0) {
    const plan = planDf(mounts, o);
    const usages = await statfsMounts(plan.map((p) => p.mount), source, o.timeoutMs, mounts);
    rows.push(...finishDf(usages, plan, o));
  } else {
    // Every PATH is resolved and answered at once (a hung one costs one time limit, not one each).
    const answers = await Promise.all(
      o.paths.map(async (p): Promise<FsRow | string> => {
        // An empty name is no file (stat("") is ENOENT); df quotes it as ''.
        if (p === '') return `${quoteFileName(p)}: No such file or directory`;
        // A path on a network or FUSE mount is not resolved or statted here (it may hang this process, and a
        // hung call keeps Node from exiting): its mount is found lexically, as findmnt -T does, and statfs
        // runs in a child process.
        const lexical = live ? mountForPath(mounts, path.resolve(p)) : null;
        if (lexical && mayHang(lexical.fstype) && source.statfsIsolated) {
          const [st] = await source.statfsIsolated([lexical.target], o.timeoutMs);
          if (!st!.ok && st!.code !== 'ETIMEDOUT') return `${quoteFileName(p)}: ${errnoMessage(st!.code)}`;
          return { ...usageFrom(lexical, st!), file: p };
        }
        const r = await resolveUserPath(procFs.root, p, o.timeoutMs);
        if (!r.ok) return `${quoteFileName(p)}: ${errnoMessage(r.code)}`;
        // A block device node stands for the file system mounted from it (coreutils: the mount whose source
        // is that device), not for /dev that holds the node.
        const rdev = await blockDeviceOf(procFs.root, r.path, o.timeoutMs);
        const fromDevice = rdev === undefined ? undefined : mountedFrom(mounts, rdev);
        const m = fromDevice ?? mountForPath(mounts, r.path, await deviceOf(procFs.root, r.path, o.timeoutMs));
        if (!m) return `${quoteFileName(p)}: no mount holds this path`;
        const st = await source.statfs(live && !fromDevice ? r.path : m.target, o.timeoutMs);
        if (!st.ok && st.code !== 'ETIMEDOUT') return `${quoteFileName(p)}: ${errnoMessage(st.code)}`;
        return { ...usageFrom(m, st), file: p };
      }),
    );
    for (const a of answers) {
      if (typeof a === 'string') {
        process.stderr.write(`${diagPrefix('df')}${a}\n`);
        exitCode = 1;
      } else if (typeOk(a.mount.fstype)) {
        rows.push(a);
      }
    }
  }

  for (const r of rows) {
    if (r.stale && r.error === IMPLAUSIBLE) {
      process.stderr.write(`${diagPrefix('df')}${escapeForTerminal(r.file ?? r.mount.target)}: implausible statfs numbers; shown as stale (-)\n`);
      exitCode = 1;
    }
    if (r.stale && r.error === 'ETIMEDOUT') {
      process.stderr.write(
        `${diagPrefix('df')}${escapeForTerminal(r.file ?? r.mount.target)}: statfs did not answer within ${o.timeoutMs} ms; shown as stale (-)\n`,
      );
      exitCode = 1;
      hung = true;
    }
  }

  if (pendingPathCalls() > 0) hung = true;
  return printDfRows(rows, o, exitCode, hung);
}

/**
 * The end every backend's df shares: `no file systems processed` when nothing was selected, else the rows
 * sorted, the total, as JSON or df's table. `exitCode` and `hung` carry what the selection found.
 */
export function printDfRows(rows: FsRow[], o: DfOptions, exitCode: number, hung: boolean, portable = false): DfResult {
  if (rows.length === 0) {
    if (exitCode === 0) process.stderr.write(diagPrefix('df') + 'no file systems processed\n');
    return { exitCode: 1, hung };
  }

  const ctx = fsFormatContext(o.sizes);
  let shown: FsRow[] = rows;
  if (o.sort !== null) shown = sortRows(rows, fsFields.parseSort(o.sort), ctx);
  const total = { ...totalRow(rows, o.output ?? defaultColumns(o)), ...(portable ? { portable: true } : {}) };

  if (o.json) {
    const fields = o.output ?? FS_FIELDS;
    const doc: Record<string, unknown> = {
      filesystems: shown.map((r) => ({ ...fsRowJson(r, fields, ctx), stale: r.stale, ...(r.error ? { error: r.error } : {}) })),
    };
    if (o.total) doc.total = fsRowJson(total, fields.filter((f) => f.needs.includes('statfs')), ctx);
    outJson(doc);
    return { exitCode, hung };
  }

  const fields = o.output ?? defaultColumns(o);
  const isDefault = o.output === null;
  const all = o.total ? [...shown, total] : shown;
  const columns = fields.map((f) => ({ header: f.dfHeader(o.sizes, isDefault, o.posix), min: f.width, align: f.align }));
  out(renderFsTable(columns, all.map((r) => fields.map((f) => escapeForTerminal(f.text(r, ctx))))));
  return { exitCode, hung };
}
