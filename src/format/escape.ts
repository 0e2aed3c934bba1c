/**
 * Escaping of text that came from a process or the kernel (names, command lines, paths, labels, user names)
 * before it reaches an output. One rule per output kind, and nothing else writes such text:
 *
 * - {@link escapeForTerminal}: procps and coreutils text (ps, top -b, df, du): each unsafe character is `?`,
 *   as ps (escape_str) and df (hide_problematic_chars) print it.
 * - {@link escapeHexBytes}: util-linux text (findmnt/mounts, lsblk): each unsafe character as its UTF-8 bytes
 *   in `\xHH` form, as libsmartcols prints it (`\x1b`, `\xc2\x9b` for U+009B CSI).
 * - {@link escapeForTui}: dashboard cells: a newline and a tab as the two characters `\n` `\t` (a path in
 *   the details view stays readable), every other unsafe character `?`, as top draws it.
 * - {@link stringifyJson}: JSON and NDJSON: JSON's own escapes, also for DEL, C1 and U+2028/2029, so the
 *   document is pure printable text and valid however hostile the strings were.
 *
 * Unsafe: C0 controls (tab and newline included: they move the rest of a row), DEL, C1 controls U+0080-U+009F
 * (CSI, OSC, ST: some terminals obey them), the line and paragraph separators, lone surrogate halves (not
 * text: written out they become U+FFFD) and U+FFFD itself, which is what an invalid UTF-8 byte was decoded to
 * (procps prints `?` for an invalid byte).
 */

// Without the `u` flag the class matches UTF-16 code units, so a lone surrogate half is one match.
const UNSAFE_SOURCE =
  '[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufffd]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE_TEST = new RegExp(UNSAFE_SOURCE);
const UNSAFE = new RegExp(UNSAFE_SOURCE, 'g');
// libsmartcols also escapes a backslash that starts `\x`, so an escaped and a literal `\x1b` differ.
const UNSAFE_OR_BACKSLASH_X = new RegExp(`${UNSAFE_SOURCE}|\\\\(?=x)`, 'g');
const HEX_TEST = new RegExp(`${UNSAFE_SOURCE}|\\\\x`);

/** True when `text` holds a character that must be escaped before it reaches a terminal. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

/** Terminal text, procps/coreutils rule: every unsafe character becomes `?`. */
export function escapeForTerminal(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, '?') : text;
}

const encoder = new TextEncoder();

function hexBytes(ch: string): string {
  let out = '';
  for (const b of encoder.encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

/** Terminal text, util-linux rule: every unsafe character as `\xHH` per UTF-8 byte (a lone half as U+FFFD's). */
export function escapeHexBytes(text: string): string {
  return HEX_TEST.test(text) ? text.replace(UNSAFE_OR_BACKSLASH_X, hexBytes) : text;
}

/** Text for a dashboard cell (before blessed tag escaping): `\n` `\t` for newline and tab, else `?`. */
export function escapeForTui(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : '?')) : text;
}

// JSON.stringify escapes C0, quotes, backslashes and lone surrogates itself; these it leaves raw.
const JSON_RAW = /[\x7f-\x9f\u2028\u2029]/g;
const JSON_RAW_TEST = /[\x7f-\x9f\u2028\u2029]/;

/**
 * JSON text of `value` (JSON.stringify's, `indent` as its third argument) with DEL, C1 and U+2028/2029 as
 * `\u` escapes. Outside strings JSON is plain ASCII, so replacing in the whole text only touches strings.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent) ?? 'null';
  return JSON_RAW_TEST.test(text)
    ? text.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : text;
}

/**
 * A diagnostic as it may reach a terminal: messages quote what the user typed and what the system named, and
 * neither may carry a raw control sequence; the lines and tabs of a usage text stay.
 */
export function escapeLines(text: string): string {
  return text.split('\n').map((l) => l.split('\t').map(escapeForTerminal).join('\t')).join('\n');
}
