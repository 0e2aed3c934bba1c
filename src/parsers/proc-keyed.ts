/**
 * `Key:<blanks>value` lines, as /proc/PID/status, io and smaps_rollup print them, into a map of trimmed
 * values. Lines without a colon (smaps_rollup's address header) are skipped.
 */
export function parseKeyedLines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) out.set(text.slice(start, colon), text.slice(colon + 1, end).trim());
    start = end + 1;
  }
  return out;
}

/**
 * The fields of /proc/PID/stat after the command name (which may hold blanks and parentheses: the numbers
 * start after the LAST `)`). Element 0 is field 3 (state). Null for text that is no stat line.
 */
export function parseStatFields(text: string): string[] | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const rest = text.slice(close + 1).trim();
  return rest.length === 0 ? null : rest.split(/\s+/);
}

/** gid -> name from /etc/group (`name:password:gid:members`); the first line for a gid wins. */
export function parseGroupFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 3 || f[0] === '' || f[2] === '') continue;
    const gid = Number(f[2]);
    if (Number.isInteger(gid) && gid >= 0 && !out.has(gid)) out.set(gid, f[0]!);
  }
  return out;
}
