import { displayWidth } from './display-width.js';
import { escapeForTerminal } from './escape.js';
import type { TableColumn } from './table.js';

/**
 * Lay out one line the way procps ps and top do: every column has a fixed nominal width and start; a cell
 * longer than its width pushes the rest of the line right, and the following columns give that space back out
 * of their padding until the line is in step again (a 7-digit VSZ eats one blank of TTY). Columns never widen
 * for the whole table, so each line is independent of the others. One space between columns; a last
 * left-aligned column is not padded. Cells are escaped for a terminal here (process text reaches no terminal
 * raw) and measured in display columns (a CJK name is two columns a character, as ps pads it).
 */
export function procpsLine(columns: readonly TableColumn[], cells: readonly string[]): string {
  let line = '';
  let debt = 0; // characters written beyond the nominal positions so far
  const last = columns.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = columns[i]!;
    const text = escapeForTerminal(cells[i] ?? '');
    if (i > 0) line += ' ';
    if (i === last && c.align === 'left') {
      line += text;
      break;
    }
    const room = c.width - debt;
    const w = displayWidth(text);
    if (w >= room) {
      line += text;
    } else {
      const fill = blanks(room - w);
      line += c.align === 'right' ? fill + text : text + fill;
    }
    const used = Math.max(w, room);
    debt += used - c.width;
    if (debt < 0) debt = 0;
  }
  return line;
}

/** Header plus rows with {@link procpsLine}; trailing blanks trimmed, a newline after every line. */
export function renderProcpsTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  opts: { headers?: boolean } = {},
): string {
  const parts: string[] = [];
  if (opts.headers ?? true) parts.push(trimEnd(procpsLine(columns, columns.map((c) => c.header))));
  for (const r of rows) parts.push(trimEnd(procpsLine(columns, r)));
  return parts.length ? parts.join('\n') + '\n' : '';
}

/**
 * The same table, rows produced on the fly: cell(row, column) gives each cell, so no per-row array of cells
 * is kept (thousands of processes).
 */
export function renderProcpsRows<R>(
  columns: readonly TableColumn[],
  rows: readonly R[],
  cell: (row: R, column: number) => string,
  opts: { headers?: boolean } = {},
): string {
  const parts: string[] = [];
  if (opts.headers ?? true) parts.push(trimEnd(procpsLine(columns, columns.map((c) => c.header))));
  const cells = new Array<string>(columns.length);
  for (const r of rows) {
    for (let i = 0; i < columns.length; i++) cells[i] = cell(r, i);
    parts.push(trimEnd(procpsLine(columns, cells)));
  }
  return parts.length ? parts.join('\n') + '\n' : '';
}

const SPACES = ' '.repeat(256);

/** n blanks without allocating a new string each time for the usual small n. */
function blanks(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}

function trimEnd(s: string): string {
  return s.charCodeAt(s.length - 1) === 32 ? s.replace(/ +$/, '') : s;
}
