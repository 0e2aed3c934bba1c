import path from 'node:path';
import { portableFilesystems } from '../../collectors/portable-snapshot-collector.js';
import type { FsRow } from '../../fields/fs-fields.js';
import { quoteFileName } from '../../format/shell-quote.js';
import { diagPrefix } from '../drop-in.js';
import { printDfRows, type DfOptions, type DfResult } from './run-df.js';

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
      process.stderr.write(`${diagPrefix('df')}${quoteFileName(p)}: no file system listed holds this path\n`);
      exitCode = 1;
    } else if (typeOk(r.mount.fstype)) rows.push({ ...r, file: p });
  }
  return printDfRows(rows, o, exitCode, false, true);
}
