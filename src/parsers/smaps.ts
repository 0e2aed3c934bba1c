/** One mapping of /proc/PID/smaps: its maps line, split as pmap splits it, and its `Key: N kB` details. */
export interface SmapsEntry {
  /** Start and end addresses as the kernel prints them (lower-case hex, no 0x). */
  start: string;
  end: string;
  /** `r-xp`. */
  perms: string;
  /** File offset as printed (hex). */
  offset: string;
  /** `fe:00`. */
  device: string;
  /** Inode as printed (decimal). */
  inode: string;
  /** The rest of the line: a path, [heap], [stack], or '' for an anonymous mapping. */
  name: string;
  /** Detail lines in the kernel's order: key and value as printed (kB for sizes). */
  details: Array<[string, string]>;
  /** VmFlags, without the trailing blank, or null when the kernel has none. */
  vmFlags: string | null;
}

const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) ([0-9a-f:]+) (\S+)(?: +(.*))?$/;

/**
 * Parser for /proc/PID/smaps (proc(5)) and, with no detail lines, /proc/PID/maps. A line that is neither a
 * mapping header, a `Key: N [kB]` detail nor VmFlags is skipped.
 */
export function parseSmaps(text: string): SmapsEntry[] {
  const out: SmapsEntry[] = [];
  let cur: SmapsEntry | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const h = HEADER.exec(line);
    if (h) {
      cur = {
        start: h[1]!, end: h[2]!, perms: h[3]!, offset: h[4]!, device: h[5]!, inode: h[6]!, name: h[7] ?? '',
        details: [], vmFlags: null,
      };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('VmFlags:')) {
      cur.vmFlags = line.slice('VmFlags:'.length).trim();
      continue;
    }
    const d = /^([^:]+):\s+(\d+)(?: kB)?\s*$/.exec(line);
    if (d) cur.details.push([d[1]!, d[2]!]);
  }
  return out;
}

/** `startstack` (field 28) of /proc/PID/stat: the address of the bottom of the stack; 0 if unreadable. */
export function parseStatStartStack(stat: string): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) return 0;
  const rest = stat.slice(close + 2).split(' ');
  const n = Number(rest[25]);
  return Number.isFinite(n) ? n : 0;
}

/** The comm between the parentheses of /proc/PID/stat. */
export function parseStatComm(stat: string): string {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  return open >= 0 && close > open ? stat.slice(open + 1, close) : '';
}
