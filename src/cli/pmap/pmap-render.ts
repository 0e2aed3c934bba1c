import type { SmapsEntry } from '../../parsers/smaps.js';

/**
 * pmap(1)'s four layouts (procps-ng 4.0.2): default, -x (smaps: RSS and Dirty), -d (device format) and
 * -X/-XX (every smaps field, widths measured over the whole file). Pure functions of parsed maps/smaps.
 */

/** What pmap needs to know of a process besides its maps. */
export interface PmapProcess {
  pid: number;
  /** The header after `PID:   `: the command line, or `[comm]` for a kernel thread. */
  command: string;
  /** startstack of /proc/PID/stat: tells the `[ stack ]` mapping among the anonymous ones. */
  startStack: bigint;
}

/** Layout switches. */
export interface PmapLayout {
  quiet: boolean;
  showPath: boolean;
  /** -A: the address range kept (inclusive), or null. */
  range: { low: bigint; high: bigint } | null;
}

/** Non-printable text (invalid UTF-8, control characters, C1 included) as `?`, as pmap cleans its lines. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
}

function big(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

/** The Mapping column: the file's base name (its path with -p), a SysV segment, or `[ anon ]`/`[ stack ]`. */
export function mappingName(e: SmapsEntry, p: PmapProcess, showPath: boolean): string {
  const name = printable(e.name);
  const [major, minor] = e.device.split(':').map((x) => parseInt(x, 16));
  if (major === 0 && minor !== undefined && name.includes('/SYSV')) {
    return `  [ shmid=0x${BigInt(e.inode).toString(16)} ]`;
  }
  const slash = name.lastIndexOf('/');
  if (slash >= 0) {
    if (showPath) return name.slice(name.indexOf('/'));
    return slash + 1 < name.length ? name.slice(slash + 1) : name.slice(slash);
  }
  const start = big(e.start);
  const end = big(e.end);
  return p.startStack >= start && p.startStack <= end ? '  [ stack ]' : '  [ anon ]';
}

/** `r-xp` -> `r-x--`: private becomes `-`, and the fifth letter (Solaris's R) is always `-`. */
function mode(perms: string): string {
  const p = perms.padEnd(4, '-');
  return `${p.slice(0, 3)}${p[3] === 'p' ? '-' : p[3]}-`;
}

function inRange(e: SmapsEntry, l: PmapLayout): 'keep' | 'skip' | 'stop' {
  if (!l.range) return 'keep';
  if (big(e.end) - 1n < l.range.low) return 'skip';
  if (l.range.high < big(e.start)) return 'stop';
  return 'keep';
}

/** Size of a mapping in KiB. */
function kib(e: SmapsEntry): bigint {
  return (big(e.end) - big(e.start)) >> 10n;
}

interface Totals {
  shared: bigint;
  privateWrite: bigint;
  privateRead: bigint;
}

function account(t: Totals, e: SmapsEntry): void {
  const size = big(e.end) - big(e.start);
  if (e.perms[3] === 's') t.shared += size;
  if (e.perms[3] === 'p') {
    if (e.perms[1] === 'w') t.privateWrite += size;
    else t.privateRead += size;
  }
}

function detail(e: SmapsEntry, key: string): number {
  const d = e.details.find(([k]) => k === key);
  return d ? Number(d[1]) : 0;
}

/** The line pmap prints first for every process it finds, in every layout, even when its map is unreadable. */
export function pmapHeader(p: PmapProcess): string {
  return `${p.pid}:   ${printable(p.command)}\n`;
}

/** Default and -d layouts, from /proc/PID/maps. */
export function renderMaps(p: PmapProcess, maps: SmapsEntry[], l: PmapLayout, device: boolean): string {
  let out = pmapHeader(p);
  if (device && !l.quiet) out += 'Address           Kbytes Mode  Offset           Device    Mapping\n';
  const t: Totals = { shared: 0n, privateWrite: 0n, privateRead: 0n };
  for (const e of maps) {
    const r = inRange(e, l);
    if (r === 'skip') continue;
    if (r === 'stop') break;
    account(t, e);
    const addr = e.start.padStart(16, '0');
    const name = mappingName(e, p, l.showPath);
    if (device) {
      const [major, minor] = e.device.split(':').map((x) => parseInt(x, 16));
      const dev = `${(major ?? 0).toString(16).padStart(3, '0')}:${(minor ?? 0).toString(16).padStart(5, '0')}`;
      out += `${addr} ${String(kib(e)).padStart(7)} ${mode(e.perms)} ${e.offset.padStart(16, '0')} ${dev} ${name}\n`;
    } else {
      out += `${addr} ${String(kib(e)).padStart(6)}K ${mode(e.perms)} ${name}\n`;
    }
  }
  if (!l.quiet) {
    const mapped = (t.shared + t.privateWrite + t.privateRead) >> 10n;
    out += device
      ? `mapped: ${mapped}K    writeable/private: ${t.privateWrite >> 10n}K    shared: ${t.shared >> 10n}K\n`
      : ` total ${String(mapped).padStart(16)}K\n`;
  }
  return out;
}

/** -x: one row per mapping with Kbytes, RSS and Dirty (shared + private) from smaps. */
export function renderExtended(p: PmapProcess, smaps: SmapsEntry[], l: PmapLayout): string {
  let out = pmapHeader(p);
  if (!l.quiet) out += 'Address           Kbytes     RSS   Dirty Mode  Mapping\n';
  const t: Totals = { shared: 0n, privateWrite: 0n, privateRead: 0n };
  let rss = 0;
  let dirty = 0;
  for (const e of smaps) {
    const r = inRange(e, l);
    if (r === 'stop') break;
    // pmap adds up the RSS and Dirty of mappings outside the range too: it reads their keys all the same.
    const eRss = detail(e, 'Rss');
    const eDirty = detail(e, 'Shared_Dirty') + detail(e, 'Private_Dirty');
    rss += eRss;
    dirty += eDirty;
    if (r === 'skip') continue;
    account(t, e);
    // A row is printed when its Swap line is read, so a mapping without one (an old kernel) has no row.
    if (!e.details.some(([k]) => k === 'Swap')) continue;
    out +=
      `${e.start.padStart(16, '0')} ${String(kib(e)).padStart(7)} ${String(eRss).padStart(7)} ${String(eDirty).padStart(7)} ` +
      `${mode(e.perms).padStart(5)} ${mappingName(e, p, l.showPath)}\n`;
  }
  if (!l.quiet) {
    const mapped = (t.shared + t.privateWrite + t.privateRead) >> 10n;
    out += '---------------- ------- ------- ------- \n';
    out += `${'total kB'.padEnd(16)} ${String(mapped).padStart(7)} ${String(rss).padStart(7)} ${String(dirty).padStart(7)}\n`;
  }
  return out;
}

/** Fields -X leaves out (-XX shows them). */
const UNIMPORTANT = new Set([
  'AnonHugePages', 'KernelPageSize', 'MMUPageSize', 'Shared_Dirty', 'Private_Dirty', 'Shared_Clean',
  'Private_Clean', 'VmFlags',
]);

/**
 * -X (all) or -XX (everything): the smaps fields of the first mapping as columns. Widths: the longest address,
 * perms, offset, device and inode; a field is as wide as its header and its total (its widest value with -q).
 */
export function renderAll(p: PmapProcess, smaps: SmapsEntry[], l: PmapLayout, everything: boolean): string {
  const enabled = (k: string): boolean => everything || !UNIMPORTANT.has(k);
  let out = pmapHeader(p);
  const keys = (smaps[0]?.details ?? []).map(([k]) => k).filter(enabled);
  const hasFlags = everything && smaps.some((e) => e.vmFlags !== null);
  const w = { addr: 0, perm: 0, off: 0, dev: 0, inode: 0, flags: 0 };
  const totals = keys.map(() => 0);
  const widths = keys.map((k) => (l.quiet ? 0 : k.length));
  for (const e of smaps) {
    w.addr = Math.max(w.addr, e.start.length);
    w.perm = Math.max(w.perm, e.perms.length);
    w.off = Math.max(w.off, e.offset.length);
    w.dev = Math.max(w.dev, e.device.length);
    w.inode = Math.max(w.inode, e.inode.length);
    w.flags = Math.max(w.flags, (e.vmFlags ?? '').length);
    keys.forEach((k, i) => {
      const v = e.details.find(([kk]) => kk === k)?.[1] ?? '0';
      totals[i]! += Number(v);
      if (l.quiet) widths[i] = Math.max(widths[i]!, v.length);
    });
  }
  if (!l.quiet) totals.forEach((t, i) => (widths[i] = Math.max(widths[i]!, String(t).length)));
  const head = (s: string, width: number): [string, number] => {
    const wd = Math.max(width, s.length);
    return [`${s.padStart(wd)} `, wd];
  };
  if (!l.quiet && smaps.length > 0) {
    let h = '';
    let part: string;
    [part, w.addr] = head('Address', w.addr); h += part;
    [part, w.perm] = head('Perm', w.perm); h += part;
    [part, w.off] = head('Offset', w.off); h += part;
    [part, w.dev] = head('Device', w.dev); h += part;
    [part, w.inode] = head('Inode', w.inode); h += part;
    keys.forEach((k, i) => (h += head(k, widths[i]!)[0]));
    if (hasFlags) {
      [part, w.flags] = head('VmFlags', w.flags); h += part;
    }
    out += `${h}Mapping\n`;
  }
  for (const e of smaps) {
    let line = `${e.start.padStart(w.addr)} ${e.perms.padStart(w.perm)} ${e.offset.padStart(w.off)} ${e.device.padStart(w.dev)} ${e.inode.padStart(w.inode)}`;
    keys.forEach((k, i) => (line += ` ${(e.details.find(([kk]) => kk === k)?.[1] ?? '').padStart(widths[i]!)}`));
    if (hasFlags) line += ` ${(e.vmFlags ?? '').padStart(w.flags)}`;
    const name = printable(e.name);
    const slash = name.lastIndexOf('/');
    line += ` ${l.showPath || slash < 0 ? name : name.slice(slash + 1)}`;
    out += `${line}\n`;
  }
  if (!l.quiet && keys.length > 0) {
    const gap = ' '.repeat(w.addr + 1 + w.perm + 1 + w.off + 1 + w.dev + 1 + w.inode + 1);
    out += `${gap}${widths.map((wd) => `${'='.repeat(wd)} `).join('')}\n`;
    out += `${gap}${totals.map((t, i) => `${String(t).padStart(widths[i]!)} `).join('')}KB \n`;
  }
  return out;
}
