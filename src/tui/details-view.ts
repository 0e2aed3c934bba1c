import type { CgroupMembership, MemoryMap, OpenFile, ProcessDetails } from '../core/process-details.js';
import { codePointWidth, displayWidth } from '../format/display-width.js';
import { escapeForTui } from '../format/escape.js';
import { bareTheme, type Role, type Theme } from './theme.js';

/** The parts of the details screen, in the order they are drawn. */
export type DetailsSection = 'summary' | 'memory' | 'maps' | 'files' | 'cgroup' | 'problems';

/** Everything besides the details that decides what {@link renderDetails} draws. */
export interface DetailsViewOptions {
  /** Wall clock, milliseconds since the epoch, for "started 5m ago". Pass Date.now() at render time. */
  now: number;
  /** How text is painted; default {@link bareTheme} (no tags). The dashboard passes its theme. */
  theme?: Theme;
  /** Show the start time in UTC instead of the local zone (tests, servers). */
  utc?: boolean;
  /** Sections to draw; default all. A section with nothing to say ("problems" when none) is left out. */
  sections?: DetailsSection[];
}

/** Output of {@link renderDetails}. */
export interface DetailsRender {
  /** One string per screen line, blessed tags allowed; none is wider than the width asked for. */
  lines: string[];
  /** Where each drawn section starts (index into `lines`), for Tab / Shift-Tab jumps. */
  sections: { id: DetailsSection; title: string; line: number }[];
}

const ALL: DetailsSection[] = ['summary', 'memory', 'maps', 'files', 'cgroup', 'problems'];
const LABEL = 10;

/**
 * Draw the details of one process as lines of text. Pure: same input, same output; it never reads /proc.
 *
 * How the dashboard uses it: on Enter, call the injected `readProcessDetails(pid)`; if it returns null the
 * process is gone (say so on the status line). Otherwise put `renderDetails(details, box.width - 2,
 * { now: Date.now(), theme }).lines.join('\n')` into a scrollable blessed box with `tags: true` (the lines
 * carry `{bold}` and colour tags, with `{` `}` of process text escaped as `{open}` `{close}`). On resize,
 * render again with the new width (any width from 20 up keeps every line within it; 40-200 lays out fully).
 * To jump between sections, scroll the box to `sections[i].line`. Refresh by reading the details again.
 */
export function renderDetails(details: ProcessDetails, width: number, opts: DetailsViewOptions): DetailsRender {
  const w = Math.max(20, Math.floor(width));
  const t = opts.theme ?? bareTheme;
  const want = new Set(opts.sections ?? ALL);
  const out: string[] = [];
  const sections: DetailsRender['sections'] = [];
  const add = (id: DetailsSection, title: string, body: string[]): void => {
    if (!want.has(id)) return;
    if (out.length > 0) out.push('');
    sections.push({ id, title, line: out.length });
    out.push(t.paint('title', t.esc(fit(title, w))));
    out.push(...body);
  };
  add('summary', `Process ${details.pid} (${clean(details.comm)})`, summary(details, w, t, opts));
  add('memory', 'Memory', memory(details, w, t));
  const mapCount = details.maps === null ? '' : ` (${details.maps.entries.length + details.maps.more})`;
  add('maps', `Memory maps${mapCount}`, mapsTable(details, w, t));
  const fdCount = details.openFiles === null ? '' : ` (${details.openFiles.entries.length + details.openFiles.more})`;
  add('files', `Open files${fdCount}`, filesTable(details, w, t));
  add('cgroup', 'Cgroup', cgroup(details, w, t));
  if (details.problems.length > 0) {
    add('problems', 'Could not read', details.problems.map((p) => ' ' + t.paint('warn', t.esc(fit(`${clean(p.what)}: ${p.reason}`, w - 1)))));
  }
  // Every layout above aims to fit; this is the guarantee (tiny widths, unforeseen wide text).
  const tagged = t.esc('{') !== '{';
  return { lines: out.map((l) => clipLine(l, w, tagged)), sections };
}

const TAG = /^\{\/?[\w\-,;!#]*\}/;

/**
 * Cut a line to `w` visible columns. With `tagged`, blessed tags take no room and `{open}` / `{close}` one
 * column each, and a cut line ends with `{/}` so no colour leaks into the next line.
 */
export function clipLine(line: string, w: number, tagged: boolean): string {
  if (!tagged) return textWidth(line) <= w ? line : fit(line, w);
  let n = 0;
  let out = '';
  let i = 0;
  let sawTag = false;
  while (i < line.length) {
    if (line[i] === '{') {
      const m = TAG.exec(line.slice(i, i + 64));
      if (m && m[0] !== '{open}' && m[0] !== '{close}') {
        out += m[0];
        i += m[0].length;
        sawTag = true;
        continue;
      }
      if (m) {
        if (n + 1 > w) return out + (sawTag ? '{/}' : '');
        out += m[0];
        n++;
        i += m[0].length;
        continue;
      }
    }
    const cp = line.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const cw = charWidth(cp);
    if (n + cw > w) return out + (sawTag ? '{/}' : '');
    out += ch;
    n += cw;
    i += ch.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- sections

function summary(d: ProcessDetails, w: number, t: Theme, opts: DetailsViewOptions): string[] {
  const lines: string[] = [];
  const kv = (label: string, value: string, role: Role = 'value'): void => {
    const first = wrap(clean(value), w - LABEL - 2);
    first.forEach((part, i) => {
      const lab = i === 0 ? t.paint('label', padRight(label, LABEL)) : ' '.repeat(LABEL);
      lines.push(` ${lab} ${t.paint(role, t.esc(part))}`);
    });
  };
  kv('Command', d.command);
  kv('State', `${d.state} (${d.stateName})`, d.state === 'Z' ? 'zombie' : d.state === 'R' ? 'running' : 'value');
  if (d.exe !== null) kv('Executable', d.exe);
  if (d.cwd !== null) kv('Directory', d.cwd);
  kv('Parent', d.parentComm === null ? `PID ${d.ppid}` : `PID ${d.ppid} (${d.parentComm})`);
  kv('Threads', `${d.threads}    nice ${d.nice}    priority ${d.priority}${d.kernelThread ? '    kernel thread' : ''}`);
  const who = d.user === null ? 'unknown' : d.uid !== null && d.user !== String(d.uid) ? `${d.user} (uid ${d.uid})` : d.user;
  kv('User', d.euid !== null && d.euid !== d.uid ? `${who}, effective uid ${d.euid}` : who);
  if (d.startTime !== null) kv('Started', `${dateTime(d.startTime, opts.utc === true)} (${ago(opts.now / 1000 - d.startTime)} ago)`);
  else kv('Started', 'unknown');
  kv('CPU time', `user ${seconds(d.utime)}  system ${seconds(d.stime)}  total ${cpuClock(d.utime + d.stime)}`);
  if (d.voluntaryCtxtSwitches !== null || d.nonvoluntaryCtxtSwitches !== null) {
    kv('Switches', `${d.voluntaryCtxtSwitches ?? '?'} voluntary  ${d.nonvoluntaryCtxtSwitches ?? '?'} involuntary`);
  }
  return lines;
}

function memory(d: ProcessDetails, w: number, t: Theme): string[] {
  const m = d.memory;
  if (d.kernelThread) return [' ' + t.paint('dim', fit('kernel thread: no user memory', w - 1))];
  const lines: string[] = [];
  const row = (label: string, bytes: number | null, note: string): void => {
    const value = bytes === null ? 'n/a' : humanBytes(bytes);
    const kib = padLeft(bytes === null ? '' : `${groupDigits(Math.round(bytes / 1024))} KiB`, 13);
    const head = ` ${padRight(label, LABEL)} ${padLeft(value, 10)}`;
    let line = t.paint('label', padRight(label, LABEL));
    line = ` ${line} ${t.paint(bytes === null ? 'dim' : 'value', padLeft(value, 10))}`;
    let used = head.length;
    const tail: [string, Role][] = [];
    tail.push([kib, 'value']);
    tail.push([note, 'dim']);
    for (const [part, role] of tail) {
      const chunk = `  ${part}`;
      if (used + chunk.length > w) break;
      line += role === 'dim' ? t.paint('dim', chunk) : chunk;
      used += chunk.length;
    }
    lines.push(line);
  };
  row('RSS', m.rss, 'resident in RAM');
  row('PSS', m.pss, 'proportional share');
  row('USS', m.uss, 'private to it');
  row('Shared', m.shared, 'shared with others');
  row('Swap', m.swap, 'swapped out');
  row('Virtual', m.vsize, 'address space');
  if (m.source === 'status') lines.push(' ' + t.paint('dim', fit('(RSS and swap from status: smaps_rollup unreadable)', w - 1)));
  const lim = d.limits;
  if (lim !== null && lim.memoryMax !== null && m.rss !== null) {
    const pct = ((m.rss / lim.memoryMax) * 100).toFixed(1);
    lines.push(' ' + t.paint('dim', fit(`RSS is ${pct}% of the cgroup limit ${humanBytes(lim.memoryMax)}`, w - 1)));
  }
  return lines;
}

function mapsTable(d: ProcessDetails, w: number, t: Theme): string[] {
  if (d.maps === null) return [' ' + t.paint('dim', fit('unreadable (see below)', w - 1))];
  const maps = d.maps.entries;
  if (maps.length === 0 && d.maps.more === 0) return [' ' + t.paint('dim', fit(d.kernelThread ? 'none (kernel thread)' : 'none', w - 1))];
  const rangeW = Math.max('Address range'.length, ...maps.map((e) => e.start.length + 1 + e.end.length));
  const offW = Math.max(8, ...maps.map((e) => e.offset.toString(16).length));
  const inoW = Math.max(5, ...maps.map((e) => String(e.inode).length));
  const cols: Column<MemoryMap>[] = [
    { key: 'range', header: 'Address range', width: rangeW, align: 'left', cell: (e) => `${e.start}-${e.end}` },
    { key: 'size', header: 'Size', width: 6, align: 'right', cell: (e) => compactBytes(e.size) },
    { key: 'perms', header: 'Perms', width: 5, align: 'left', cell: (e) => e.perms },
    { key: 'offset', header: 'Offset', width: offW, align: 'right', cell: (e) => e.offset.toString(16).padStart(8, '0') },
    { key: 'device', header: 'Device', width: 6, align: 'left', cell: (e) => e.device },
    { key: 'inode', header: 'Inode', width: inoW, align: 'right', cell: (e) => String(e.inode) },
  ];
  // Narrow screens drop the least telling columns first; the path always stays.
  const keep = chooseColumns(cols, ['size', 'perms', 'range', 'offset', 'device', 'inode'], w - 1, 14);
  const pathW = w - 1 - keep.reduce((s, c) => s + c.width + 1, 0);
  const lines = [' ' + t.paint('header', padRight(keep.map((c) => pad(c.header, c.width, c.align)).join(' ') + ' Path', w - 1))];
  for (const e of maps) {
    const cells = keep.map((c) => pad(c.cell(e), c.width, c.align)).join(' ');
    lines.push(` ${t.esc(cells)} ${mapPath(e, pathW, t)}`);
  }
  if (d.maps.more > 0) lines.push(' ' + t.paint('dim', `(${d.maps.more} more)`));
  return lines;
}

function mapPath(e: MemoryMap, w: number, t: Theme): string {
  if (e.kind === 'anonymous') return t.paint('dim', fit('[anon]', w));
  const suffix = e.deleted ? ' (deleted)' : '';
  const path = fitLeft(clean(e.path), Math.max(1, w - suffix.length));
  const body = e.kind === 'pseudo' ? t.paint('dim', t.esc(path)) : t.esc(path);
  return suffix !== '' && w > suffix.length ? body + t.paint('warn', suffix) : body;
}

function filesTable(d: ProcessDetails, w: number, t: Theme): string[] {
  if (d.openFiles === null) return [' ' + t.paint('dim', fit('unreadable (see below)', w - 1))];
  const files = d.openFiles.entries;
  if (files.length === 0 && d.openFiles.more === 0) return [' ' + t.paint('dim', 'none')];
  if (files.length > 0 && files.every((f) => f.target === null)) {
    // Hundreds of "(unreadable)" lines tell nothing: say it once, with the descriptor numbers.
    const fds = fdRanges(files.map((f) => f.fd)) + (d.openFiles.more > 0 ? ` and ${d.openFiles.more} more` : '');
    return wrap(clean(`${files.length + d.openFiles.more} descriptors (${fds}); targets unreadable`), w - 1).map((l) => ' ' + t.paint('dim', t.esc(l)));
  }
  const fdW = Math.max(2, ...files.map((f) => String(f.fd).length));
  const targetW = w - 2 - fdW;
  const lines = [' ' + t.paint('header', padRight(`${padLeft('FD', fdW)} Target`, w - 1))];
  for (const f of files) lines.push(` ${padLeft(String(f.fd), fdW)} ${fileTarget(f, targetW, t)}`);
  if (d.openFiles.more > 0) lines.push(' ' + t.paint('dim', `(${d.openFiles.more} more)`));
  return lines;
}

/** [0,1,2,5,7,8] -> "0-2, 5, 7-8". */
function fdRanges(fds: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < fds.length; ) {
    let j = i;
    while (j + 1 < fds.length && fds[j + 1] === fds[j]! + 1) j++;
    parts.push(j === i ? String(fds[i]) : `${fds[i]}-${fds[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function fileTarget(f: OpenFile, w: number, t: Theme): string {
  if (f.target === null) return t.paint('dim', fit('(unreadable)', w));
  const text = fitLeft(clean(f.target), w);
  // Sockets, pipes and anon inodes are not paths: dim them so real files stand out.
  return f.target.startsWith('/') ? t.esc(text) : t.paint('dim', t.esc(text));
}

function cgroup(d: ProcessDetails, w: number, t: Theme): string[] {
  const lines: string[] = [];
  const kv = (label: string, value: string, role: Role = 'value'): void => {
    wrap(clean(value), w - LABEL - 2).forEach((part, i) => {
      const lab = i === 0 ? t.paint('label', padRight(label, LABEL)) : ' '.repeat(LABEL);
      lines.push(` ${lab} ${t.paint(role, t.esc(part))}`);
    });
  };
  if (d.cgroups.length === 0) kv('Path', 'unknown', 'dim');
  const v2 = d.cgroups.find((c) => c.hierarchy === 0);
  if (v2) kv('v2 path', v2.path);
  // v1 lists one line per hierarchy, most of them at "/": one line per distinct path, controllers after it.
  const byPath = new Map<string, string[]>();
  for (const c of orderCgroups(d.cgroups.filter((x) => x.hierarchy !== 0))) {
    const names = c.controllers.length > 0 ? c.controllers : [`#${c.hierarchy}`];
    byPath.set(c.path, [...(byPath.get(c.path) ?? []), ...names]);
  }
  for (const [path, names] of byPath) kv('v1 path', `${path}  (${names.join(', ')})`);
  const lim = d.limits;
  if (lim === null) {
    kv('Limits', 'not readable', 'dim');
    return lines;
  }
  kv('Memory max', lim.memoryMax === null ? 'unlimited' : `${humanBytes(lim.memoryMax)} (set at ${lim.memoryMaxAt})`, lim.memoryMax === null ? 'dim' : 'value');
  if (lim.memoryCurrent !== null) kv('Mem used', `${humanBytes(lim.memoryCurrent)} by the whole cgroup`);
  if (lim.cpuMax === null || lim.cpuMax.quotaUs === null) kv('CPU max', 'unlimited', 'dim');
  else {
    const cpus = lim.cpuMax.quotaUs / lim.cpuMax.periodUs;
    kv('CPU max', `${cpus.toFixed(2)} CPU (${lim.cpuMax.quotaUs}/${lim.cpuMax.periodUs} us, set at ${lim.cpuMaxAt})`);
  }
  kv('Interface', `cgroup v${lim.version}`, 'dim');
  return lines;
}

/** v2 first, then v1 hierarchies that hold the limits people look for, then the rest. */
function orderCgroups(list: CgroupMembership[]): CgroupMembership[] {
  const rank = (c: CgroupMembership): number =>
    c.hierarchy === 0 ? 0 : c.controllers.includes('memory') ? 1 : c.controllers.includes('cpu') ? 2 : 3;
  return [...list].sort((a, b) => rank(a) - rank(b) || a.hierarchy - b.hierarchy);
}

// ---------------------------------------------------------------------------------------------- tables

interface Column<T> {
  key: string;
  header: string;
  width: number;
  align: 'left' | 'right';
  cell(row: T): string;
}

/** Keep columns in priority order while the rest of the line still leaves `minLast` for the last column. */
function chooseColumns<T>(cols: Column<T>[], priority: string[], width: number, minLast: number): Column<T>[] {
  const chosen = new Set<string>();
  let used = 0;
  for (const key of priority) {
    const c = cols.find((x) => x.key === key);
    if (c === undefined) continue;
    if (used + c.width + 1 + minLast > width) continue;
    chosen.add(key);
    used += c.width + 1;
  }
  return cols.filter((c) => chosen.has(c.key));
}

// ---------------------------------------------------------------------------------------------- text

/** Process-supplied text made safe to draw: the dashboard's one escaping rule (format/escape.ts). */
const clean = escapeForTui;

/** Terminal columns of one code point (format/display-width.ts). */
const charWidth = codePointWidth;

/** Terminal columns a string takes. */
export const textWidth = displayWidth;

/** Cut to `w` columns, marking a cut with `…` at the end. */
function fit(text: string, w: number): string {
  if (textWidth(text) <= w) return text;
  if (w <= 0) return '';
  let out = '';
  let n = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (n + cw > w - 1) break;
    out += ch;
    n += cw;
  }
  return out + '…';
}

/** Cut to `w` columns keeping the end (the file name matters more than the directories), `…` in front. */
function fitLeft(text: string, w: number): string {
  if (textWidth(text) <= w) return text;
  if (w <= 0) return '';
  const chars = [...text];
  let out = '';
  let n = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = charWidth(chars[i]!.codePointAt(0)!);
    if (n + cw > w - 1) break;
    out = chars[i]! + out;
    n += cw;
  }
  return '…' + out;
}

/** Break text into lines of at most `w` columns, at spaces where possible, hard-breaking long words. */
function wrap(text: string, w: number): string[] {
  const width = Math.max(1, w);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line.trimEnd());
    line = word;
    while (textWidth(line) > width) {
      const head = takeColumns(line, width);
      lines.push(head);
      line = line.slice(head.length);
    }
  }
  lines.push(line);
  return lines;
}

/** The longest prefix of `text` that fits in `w` columns (at least one character). */
function takeColumns(text: string, w: number): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (n + cw > w && out !== '') break;
    out += ch;
    n += cw;
  }
  return out;
}

function padRight(text: string, w: number): string {
  const n = textWidth(text);
  return n >= w ? text : text + ' '.repeat(w - n);
}

function padLeft(text: string, w: number): string {
  const n = textWidth(text);
  return n >= w ? text : ' '.repeat(w - n) + text;
}

function pad(text: string, w: number, align: 'left' | 'right'): string {
  return align === 'right' ? padLeft(text, w) : padRight(text, w);
}

// ---------------------------------------------------------------------------------------------- units

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB", 0 -> "0 B": one decimal, binary units. */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${UNITS[i]}`;
}

/** Map sizes as ls -h and GNOME's maps table show them, at most 5 characters: "4K", "7.4M", "128M". */
function compactBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const s = v < 10 && !Number.isInteger(v) ? v.toFixed(1) : String(Math.round(v));
  // 1023.6K rounds to "1024K": say "1.0M" instead, keeping the column at five characters.
  if (s === '1024' && i < units.length - 1) return `1.0${units[i + 1]}`;
  return `${s}${units[i]}`;
}

function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2026-11-25 23:59:29" in the local zone or UTC. */
function dateTime(epochSeconds: number, utc: boolean): string {
  const d = new Date(Math.floor(epochSeconds) * 1000);
  const [y, mo, da, h, mi, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${two(mo + 1)}-${two(da)} ${two(h)}:${two(mi)}:${two(s)}${utc ? ' UTC' : ''}`;
}

/** A duration as its two largest units: "45s", "5m 12s", "3h 04m", "12d 3h". */
function ago(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

function seconds(s: number): string {
  return `${s.toFixed(2)}s`;
}

/** top's TIME+ format: minutes:seconds.hundredths ("12:05.33"). */
function cpuClock(s: number): string {
  const cs = Math.round(s * 100);
  const m = Math.floor(cs / 6000);
  const rest = cs % 6000;
  return `${m}:${two(Math.floor(rest / 100))}.${two(rest % 100)}`;
}
