import { displayWidth, padToWidth } from './display-width.js';
import { escapeForTerminal } from './escape.js';

/** A column of a text table: header, minimum width, alignment. */
export interface TableColumn {
  header: string;
  width: number;
  align: 'left' | 'right';
  /** A last left-aligned column is not padded (COMMAND, Mounted on). */
}

/** A left-aligned column of at least `width` display columns. */
export function leftColumn(header: string, width = 0): TableColumn {
  return { header, width, align: 'left' };
}

/** A right-aligned column (numbers) of at least `width` display columns. */
export function rightColumn(header: string, width = 0): TableColumn {
  return { header, width, align: 'right' };
}

/** Pad to `width` display columns on the side the alignment asks; never truncate. */
export function pad(text: string, width: number, align: 'left' | 'right'): string {
  return padToWidth(text, width, align);
}

/**
 * Lay out rows under headers, one space between columns, as ps does: each column as wide as its widest cell
 * (at least its minimum width, in display columns); the last column is not padded on the right. Cells are
 * escaped for a terminal.
 */
export function renderTable(columns: TableColumn[], rawRows: string[][], opts: { headers?: boolean } = {}): string {
  const headers = opts.headers ?? true;
  const rows = rawRows.map((r) => r.map(escapeForTerminal));
  const widths = columns.map((c) => Math.max(c.width, headers ? displayWidth(c.header) : 0));
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const len = displayWidth(row[i] ?? '');
      if (len > widths[i]!) widths[i] = len;
    }
  }
  const lines: string[] = [];
  const line = (cells: string[]): string => {
    const parts: string[] = [];
    for (let i = 0; i < columns.length; i++) {
      const last = i === columns.length - 1;
      const c = columns[i]!;
      const cell = cells[i] ?? '';
      parts.push(last && c.align === 'left' ? cell : pad(cell, widths[i]!, c.align));
    }
    return parts.join(' ').replace(/\s+$/, '');
  };
  if (headers) lines.push(line(columns.map((c) => c.header)));
  for (const r of rows) lines.push(line(r));
  return lines.length ? lines.join('\n') + '\n' : '';
}
