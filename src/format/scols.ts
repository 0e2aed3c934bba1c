import { stringifyJson } from './escape.js';

/**
 * The output modes of util-linux's libsmartcols beyond its table (which src/cli/fs-table.ts draws), shared by
 * lsblk and findmnt: `-r` raw, `-P` key="value" pairs and `-J` JSON, each as libsmartcols 2.38 prints it.
 */

const encoder = new TextEncoder();

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

/** Every byte of `s` (UTF-8) for which `escape` holds as `\xHH`, the rest as they are. */
function escapeBytes(s: string, escape: (b: number) => boolean): string {
  const bytes = encoder.encode(s);
  let plain = true;
  for (const b of bytes) {
    if (escape(b)) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  let out = '';
  let run: number[] = [];
  const flush = (): void => {
    if (run.length > 0) out += Buffer.from(run).toString('utf8');
    run = [];
  };
  for (const b of bytes) {
    if (escape(b)) {
      flush();
      out += hex(b);
    } else {
      run.push(b);
    }
  }
  flush();
  return out;
}

/**
 * A `-r` (raw) cell: blanks, controls, the backslash and every byte of a non-ASCII character as `\xHH`, so a
 * line splits on spaces (libsmartcols fputs_nonblank; lsblk and findmnt print é as `\xc3\xa9` there even in
 * a UTF-8 locale).
 */
export function escapeRaw(s: string): string {
  return escapeBytes(s, (b) => b <= 0x20 || b >= 0x7f || b === 0x5c);
}

/**
 * A `-P` value, inside its double quotes: controls, `"`, `$`, backquote, the backslash and non-ASCII bytes as
 * `\xHH`, so a shell can eval the line safely (libsmartcols fputs_quoted); a space stays a space.
 */
export function escapePairs(s: string): string {
  return escapeBytes(s, (b) => b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x24 || b === 0x60 || b === 0x5c);
}

/**
 * A header as a shell variable name (lsblk/findmnt -y): `%` becomes `_PCT`, anything else that a name cannot
 * hold `_` (`MAJ:MIN` is `MAJ_MIN`, `FSUSE%` is `FSUSE_PCT`), and a leading digit gets a `_` before it.
 */
export function shellName(header: string): string {
  const s = header.replace(/%/g, '_PCT').replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/** One line of `-r` output: escaped cells, one space apart (the header line too). */
export function rawLine(cells: readonly string[]): string {
  return cells.map(escapeRaw).join(' ');
}

/** One line of `-P` output: `NAME="value"` for each column, one space apart. */
export function pairsLine(headers: readonly string[], cells: readonly string[]): string {
  return cells.map((c, i) => `${headers[i]}="${escapePairs(c)}"`).join(' ');
}

/** A value in libsmartcols JSON: a string, a number, a boolean, null, or an array of strings (or nulls). */
export type ScolsJsonValue = string | number | boolean | null | readonly (string | null)[];

/** One object of a JSON document: its members in column order, and the children of a tree. */
export interface ScolsJsonNode {
  members: readonly (readonly [string, ScolsJsonValue])[];
  children?: readonly ScolsJsonNode[];
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return stringifyJson(v);
  return String(v);
}

function value(v: ScolsJsonValue, indent: number): string {
  if (Array.isArray(v)) {
    const items = (v as readonly (string | null)[]).map(scalar).join(', ');
    return `[\n${' '.repeat(indent + 4)}${items}\n${' '.repeat(indent)}]`;
  }
  return scalar(v as string | number | boolean | null);
}

/** Objects at `indent`: `{` members `}`, one after another joined by `},{` as libsmartcols writes them. */
function objects(nodes: readonly ScolsJsonNode[], indent: number): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 3);
  const parts = nodes.map((n) => {
    const lines = n.members.map(([k, v]) => `${inner}${stringifyJson(k)}: ${value(v, indent + 3)}`);
    if (n.children && n.children.length > 0) {
      lines.push(`${inner}"children": [\n${objects(n.children, indent + 6)}\n${inner}]`);
    }
    return lines.join(',\n');
  });
  return `${pad}{\n${parts.join(`\n${pad}},{\n`)}\n${pad}}`;
}

/**
 * A whole `-J` document: `{ "KEY": [ objects ] }` with libsmartcols's three-space indentation, `},{` between
 * siblings, arrays on one line, and an empty array printed with a blank line inside. Strings go through the
 * project's JSON escaping, which also writes DEL and C1 controls as `\u` escapes where libsmartcols writes
 * them raw (a terminal would obey a raw CSI).
 */
export function scolsJson(key: string, nodes: readonly ScolsJsonNode[]): string {
  const body = nodes.length === 0 ? '' : objects(nodes, 6);
  return `{\n   ${stringifyJson(key)}: [\n${body}\n   ]\n}\n`;
}
