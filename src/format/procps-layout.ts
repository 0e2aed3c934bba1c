import type { ByteLines } from './byte-lines.js';
import { displayWidth } from './display-width.js';
import { escapeForTerminal } from './escape.js';
import type { TableColumn } from './table.js';

/** Where {@link procpsLine} reports the display columns of the line it made. */
export interface LineMeasure {
  /** Display columns of the line (of its escaped text). */
  width: number;
  /** Blanks at the end of the line. */
  trailing: number;
}

/**
 * Lay out one line the way procps ps and top do: every column has a fixed nominal width and start; a cell
 * longer than its width pushes the rest of the line right, and the following columns give that space back out
 * of their padding until the line is in step again (a 7-digit VSZ eats one blank of TTY). Columns never widen
 * for the whole table, so each line is independent of the others. One space between columns; a last
 * left-aligned column is not padded. Cells are escaped for a terminal here (process text reaches no terminal
 * raw) and measured in display columns (a CJK name is two columns a character, as ps pads it); `measure`, when
 * given, gets the line's display width and its trailing blanks, so a caller fitting it to a screen need not read
 * the line again (reading a line built by `+=` makes V8 copy it into one flat string first).
 */
export function procpsLine(columns: readonly TableColumn[], cells: readonly string[], measure?: LineMeasure): string {
  let line = '';
  let debt = 0; // characters written beyond the nominal positions so far
  let narrower = 0; // UTF-16 units of the line beyond its display width (wide and combining text)
  const last = columns.length - 1;
  let text = '';
  for (let i = 0; i <= last; i++) {
    const c = columns[i]!;
    text = cells[i] ?? '';
    let w: number;
    // Numbers and plain names are printable ASCII: safe as they are and as wide as they are long. Testing that
    // with a loop spares two regular expressions per cell (top -b lays out every process every frame).
    if (isPrintableAscii(text)) w = text.length;
    else {
      text = escapeForTerminal(text);
      w = displayWidth(text);
      narrower += text.length - w;
    }
    if (i > 0) line += ' ';
    if (i === last && c.align === 'left') {
      line += text;
      break;
    }
    const room = c.width - debt;
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
  if (measure !== undefined) {
    measure.width = line.length - narrower;
    // The line ends with the last cell's text; only when that is all blanks need the line itself be read.
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
    let trailing = text.length - end;
    if (end === 0) {
      trailing = 0;
      while (trailing < line.length && line.charCodeAt(line.length - 1 - trailing) === 32) trailing++;
    }
    measure.trailing = trailing;
  }
  return line;
}

/**
 * {@link procpsLine} written as bytes to `out`, its trailing blanks dropped, when that is the whole story: every
 * cell printable ASCII (nothing to escape, as wide as it is long) and the line, without its trailing blanks, at
 * most `limit` columns. Otherwise it writes nothing and returns false, and the caller lays the line out as a
 * string (escaping, display widths, cutting).
 */
export function procpsLineBytes(columns: readonly TableColumn[], cells: readonly string[], limit: number, out: ByteLines): boolean {
  const last = columns.length - 1;
  let need = last + 1;
  for (let i = 0; i <= last; i++) need += columns[i]!.width + (cells[i] ?? '').length;
  out.reserve(need);
  const buf = out.bytes;
  const start = out.length;
  let o = start;
  let debt = 0;
  for (let i = 0; i <= last; i++) {
    const c = columns[i]!;
    const text = cells[i] ?? '';
    const w = text.length;
    if (i > 0) buf[o++] = 32;
    if (i === last && c.align === 'left') {
      o = copyAscii(buf, o, text);
      if (o < 0) return false;
      break;
    }
    const room = c.width - debt;
    if (w >= room) {
      o = copyAscii(buf, o, text);
    } else if (c.align === 'right') {
      for (let n = room - w; n > 0; n--) buf[o++] = 32;
      o = copyAscii(buf, o, text);
    } else {
      o = copyAscii(buf, o, text);
      if (o >= 0) for (let n = room - w; n > 0; n--) buf[o++] = 32;
    }
    if (o < 0) return false;
    debt += Math.max(w, room) - c.width;
    if (debt < 0) debt = 0;
  }
  while (o > start && buf[o - 1] === 32) o--;
  if (o - start > limit) return false;
  out.length = o;
  return true;
}

/** Copy `text` to `buf` at `o` if every unit is printable ASCII: the offset after it, else -1. */
function copyAscii(buf: Buffer, o: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u < 0x20 || u > 0x7e) return -1;
    buf[o++] = u;
  }
  return o;
}

/** Every UTF-16 unit in U+0020..U+007E. */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
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
