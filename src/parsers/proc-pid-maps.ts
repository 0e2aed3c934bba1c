import type { MemoryMap } from '../core/process-details.js';

/**
 * Parse one line of /proc/PID/maps (proc(5)): `start-end perms offset maj:min inode [path]`.
 * start, end and offset are hex; inode is decimal; the path starts after a run of padding spaces and may
 * itself contain spaces. The kernel escapes only a newline in the path, as `\012`; a file removed after it
 * was mapped ends in ` (deleted)`. Pseudo paths are bracketed ([heap], [stack], [vdso], [vvar], [vsyscall],
 * [anon:NAME]); anonymous mappings have no path. Returns null for a line that does not have this shape.
 */
export function parseMapsLine(line: string): MemoryMap | null {
  const m = /^([0-9a-fA-F]+)-([0-9a-fA-F]+) (\S{4}) ([0-9a-fA-F]+) ([0-9a-fA-F]+:[0-9a-fA-F]+) (\d+)(?: +(.*))?$/.exec(line);
  if (!m) return null;
  const start = m[1]!.toLowerCase();
  const end = m[2]!.toLowerCase();
  let path = m[7] ?? '';
  let deleted = false;
  if (path.endsWith(' (deleted)')) {
    deleted = true;
    path = path.slice(0, -' (deleted)'.length);
  }
  path = path.replace(/\\012/g, '\n');
  const kind: MemoryMap['kind'] = path === '' ? 'anonymous' : path.startsWith('[') && path.endsWith(']') ? 'pseudo' : 'file';
  return {
    start,
    end,
    size: hexDifference(start, end),
    perms: m[3]!,
    offset: parseInt(m[4]!, 16),
    device: m[5]!.toLowerCase(),
    inode: Number(m[6]),
    path,
    deleted,
    kind,
  };
}

/** end - start of two hex addresses, exact even above 2^53. */
function hexDifference(start: string, end: string): number {
  if (start.length <= 13 && end.length <= 13) return parseInt(end, 16) - parseInt(start, 16);
  return Number(BigInt(`0x${end}`) - BigInt(`0x${start}`));
}

/** Result of {@link parseMaps}: the first `limit` mappings and the count of all lines. */
export interface ParsedMaps {
  entries: MemoryMap[];
  /** Number of mapping lines in the text (parsed or not). */
  total: number;
}

/**
 * Parse the text of /proc/PID/maps, keeping at most `limit` entries but counting every line, so a process
 * with 60 000 mappings costs one pass over the text and `limit` regex matches. Malformed lines are skipped
 * and not counted; past the limit a line counts when it starts with a hex digit, without a full check.
 */
export function parseMaps(text: string, limit = Number.POSITIVE_INFINITY): ParsedMaps {
  const entries: MemoryMap[] = [];
  let total = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (entries.length < limit) {
        const e = parseMapsLine(text.slice(start, end));
        if (e) {
          entries.push(e);
          total++;
        }
      } else if (isHexDigit(text.charCodeAt(start))) {
        total++;
      }
    }
    start = end + 1;
  }
  return { entries, total };
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
