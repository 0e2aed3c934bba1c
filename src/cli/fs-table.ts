import { displayWidth } from '../format/display-width.js';
import { utf8Locale } from '../format/locale.js';

/**
 * Text tables for df, findmnt and lsblk output. Both coreutils df and util-linux's libsmartcols lay tables out
 * the same way: each column as wide as the widest of its minimum width, its header and its cells; one space
 * between columns; every column padded except the last, which is padded only when right-aligned (so an empty
 * last cell leaves the separator space at the end of the line, as lsblk prints it).
 */

/** One column: header, minimum width, alignment. */
export interface FsTableColumn {
  header: string;
  /** Minimum width in characters (df field widths, libsmartcols width hints >= 1). */
  min: number;
  align: 'left' | 'right';
  /**
   * Printed in the header line instead of `header` (lsblk/findmnt -y's shell names): libsmartcols still
   * sizes the column by the real header, so `FSUSE_PCT` overflows a column sized for `FSUSE%`.
   */
  printed?: string;
}

/** Display width of a cell (escaped text): a wide character takes two columns, a combining mark none. */
const width = displayWidth;

function padCell(s: string, w: number, align: 'left' | 'right'): string {
  const fill = w - width(s);
  if (fill <= 0) return s;
  return align === 'right' ? ' '.repeat(fill) + s : s + ' '.repeat(fill);
}

/**
 * Render rows under headers. `headers: false` leaves the header line out (`-n`, --noheadings) but, as
 * libsmartcols does, the headers still count toward the column widths.
 *
 * Widths follow one of two rules. 'df' (coreutils): the largest of the minimum width, the header and the
 * cells. 'scols' (libsmartcols, for findmnt and lsblk): the widest cell; if that is narrower than the
 * header, the header; otherwise at least the width hint (so SIZE is 5 wide for "256G", but a USED column of
 * zeros is only as wide as "USED").
 */
export function renderFsTable(
  columns: FsTableColumn[],
  rows: string[][],
  opts: { headers?: boolean; rule?: 'df' | 'scols' } = {},
): string {
  const headers = opts.headers ?? true;
  const cellMax = columns.map(() => 0);
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) cellMax[i] = Math.max(cellMax[i]!, width(r[i] ?? ''));
  }
  const widths = columns.map((c, i) => {
    const h = width(c.header);
    const w = cellMax[i]!;
    if (opts.rule === 'scols') return w < h ? h : Math.max(w, c.min);
    return Math.max(c.min, h, w);
  });
  const line = (cells: string[]): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        // libsmartcols does not pad an empty last cell, right-aligned or not (the continuation lines of a
        // multi-line cell end after the separator).
        const last = i === columns.length - 1;
        return last && (c.align === 'left' || (opts.rule === 'scols' && cell === '')) ? cell : padCell(cell, widths[i]!, c.align);
      })
      .join(' ');
  const out: string[] = [];
  if (headers) out.push(line(columns.map((c) => c.printed ?? c.header)));
  for (const r of rows) out.push(line(r));
  return out.length > 0 ? out.join('\n') + '\n' : '';
}


/** The tree's branch, last-child and vertical symbols in this locale (libsmartcols draws ASCII outside UTF-8). */
export function treeSymbols(ascii = false): { branch: string; right: string; vert: string } {
  return !ascii && utf8Locale() ? { branch: '├─', right: '└─', vert: '│ ' } : { branch: '|-', right: '`-', vert: '| ' };
}

/**
 * Visit a forest depth-first with util-linux tree prefixes: roots get none, children `├─` or `└─` (last),
 * under `│ ` or two spaces for each level above.
 */
export function walkTree<T>(
  roots: readonly T[],
  children: (n: T) => readonly T[],
  visit: (n: T, prefix: string, depth: number) => void,
  opts: { ascii?: boolean } = {},
): void {
  const { branch: tee, right: elbow, vert: bar } = treeSymbols(opts.ascii);
  const rec = (nodes: readonly T[], indent: string, depth: number): void => {
    nodes.forEach((n, i) => {
      const last = i === nodes.length - 1;
      const own = depth === 0 ? '' : indent + (last ? '  ' : bar);
      visit(n, depth === 0 ? '' : indent + (last ? elbow : tee), depth);
      rec(children(n), own, depth + 1);
    });
  };
  rec(roots, '', 0);
}
