import path from 'node:path';
import { portableFilesystems } from '../../collectors/portable-snapshot-collector.js';
import { sortRows } from '../../fields/registry.js';
import { FS_FIELDS, fsFields, fsFormatContext, fsRowJson, type FsRow } from '../../fields/fs-fields.js';
import { escapeForTerminal } from '../../format/escape.js';
import { out, outJson } from '../../format/output.js';
import { diagPrefix } from '../drop-in.js';
import { renderFsTable } from '../fs-table.js';
import { defaultColumns, totalRow, type DfOptions, type DfResult } from './run-df.js';

/** The row of the filesystem that holds an absolute path: the longest mount point that is a prefix of it. */
function holding(rows: FsRow[], p: string): FsRow | undefined {
  let best: FsRow | undefined;
  for (const r of rows) {
    const t = r.mount.target;
    const under = t === '/' || p === t || p.startsWith(t.endsWith('/') ? t : `${t}/`);
    if (under && (!best || t.length >= best.mount.target.length)) best = r;
  }
  return best;
}

/**
 * `df` on the portable backend: the filesystems systeminformation lists (its fsSize() runs `df -kP`: local
 * disks, without the pseudo filesystems that df hides unless -a), with df's selection (-t, -x, PATHs), sort,
 * columns, total and JSON. Sizes come in KiB from that df; inode columns print `-`. A PATH is placed on its
 * mount lexically (the path is not resolved through symlinks).
 */
export async function runDfPortable(o: DfOptions): Promise<DfResult> {
  const all: FsRow[] = await portableFilesystems();
  const typeOk = (t: string): boolean => (o.types.length === 0 || o.types.includes(t)) && !o.excludeTypes.includes(t);
  let exitCode = 0;
  const rows: FsRow[] = [];
  if (o.paths.length === 0) rows.push(...all.filter((r) => typeOk(r.mount.fstype)));
  for (const p of o.paths) {
    const r = p === '' ? undefined : holding(all, path.resolve(p));
    if (!r) {
      process.stderr.write(`${diagPrefix('df')}${escapeForTerminal(p === '' ? "''" : p)}: no file system listed holds this path\n`);
      exitCode = 1;
    } else if (typeOk(r.mount.fstype)) rows.push({ ...r, file: p });
  }
  if (rows.length === 0) {
    if (exitCode === 0) process.stderr.write(diagPrefix('df') + 'no file systems processed\n');
    return { exitCode: 1, hung: false };
  }
  const ctx = fsFormatContext(o.sizes);
  const shown = o.sort !== null ? sortRows(rows, fsFields.parseSort(o.sort), ctx) : rows;
  const total = { ...totalRow(rows, o.output ?? defaultColumns(o)), portable: true };
  if (o.json) {
    const fields = o.output ?? FS_FIELDS;
    const doc: Record<string, unknown> = { filesystems: shown.map((r) => ({ ...fsRowJson(r, fields, ctx), stale: false })) };
    if (o.total) doc.total = fsRowJson(total, fields.filter((f) => f.needs.includes('statfs')), ctx);
    outJson(doc);
    return { exitCode, hung: false };
  }
  const fields = o.output ?? defaultColumns(o);
  const columns = fields.map((f) => ({ header: f.dfHeader(o.sizes, o.output === null), min: f.width, align: f.align }));
  const lines = (o.total ? [...shown, total] : shown).map((r) => fields.map((f) => escapeForTerminal(f.text(r, ctx))));
  out(renderFsTable(columns, lines));
  return { exitCode, hung: false };
}
