import { formatCpus } from '../core/container.js';
import { memoryFigures } from '../core/memory.js';
import type { Snapshot } from '../core/snapshot.js';
import type { CpuPercent } from '../core/system.js';
import { escapeForTui } from '../format/escape.js';
import { pad } from '../format/table.js';
import type { Role, Theme } from './theme.js';

/** Facts about the machine that are not in a snapshot (they change rarely and the CLI reads them). */
export interface HostInfo {
  hostname: string;
  /** Logged-in users (utmp), or null when unknown. */
  users: number | null;
  /** Inside a limited cgroup: `container: 2.0 CPUs, 4.0 GiB` (null or absent on a host). */
  container?: string | null;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Uptime as top and uptime(1) print it: `5 min`, `3:04`, `2 days,  3:04`, `1 day, 10 min`. */
export function formatUptime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86400);
  const hours = Math.floor(total / 3600) % 24;
  const mins = Math.floor(total / 60) % 60;
  let s = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ` : '';
  s += hours > 0 ? `${String(hours).padStart(2)}:${two(mins)}` : `${mins} min`;
  return s;
}

/** Bytes in the fewest characters: `512B`, `1.5K`, `23.4M`, `7.66G` (powers of 1024, three digits). */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '-';
  if (bytes < 1024) return `${Math.round(bytes)}B`;
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)}${units[u]}`;
}

/**
 * The header lines: host, clock, uptime, users, load; then task counts by state (top's first two lines; with
 * `threads` the counts are of threads, and top then says "Threads:").
 */
export function headerLines(s: Snapshot, host: HostInfo, width: number, height: number, theme: Theme, threads = false): string[] {
  const d = new Date(s.time);
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const users = host.users === null ? '' : `,  ${host.users} user${host.users === 1 ? '' : 's'}`;
  const load = `${s.load.one.toFixed(2)}, ${s.load.five.toFixed(2)}, ${s.load.fifteen.toFixed(2)}`;
  const first =
    theme.paint('title', theme.esc(escapeForTui(host.hostname))) +
    theme.esc(` - ${clock} up ${formatUptime(s.uptime)}${users},  load average: `) +
    theme.paint('value', load) +
    (host.container ? theme.esc('  ') + theme.paint('title', theme.esc(host.container)) : '');
  const t = s.tasks;
  const n = (v: number, w: number): string => theme.paint('value', String(v).padStart(w));
  const second =
    `${threads ? 'Threads' : 'Tasks'}: ${n(t.total, 3)} total, ${n(t.running, 3)} running, ${n(t.sleeping, 3)} sleeping, ` +
    `${n(t.stopped, 3)} stopped, ${t.zombie > 0 ? theme.paint('zombie', String(t.zombie).padStart(3)) : n(t.zombie, 3)} zombie`;
  void width;
  return [first, second].slice(0, Math.max(0, height));
}

/** A bar segment: share of the whole in percent, and how it looks. */
export interface BarSegment {
  percent: number;
  role: Role;
}

/**
 * A meter as htop draws it: `label[|||||||||       text]`, segments in order and in their colours, the text
 * right-aligned inside the bar. Exactly `width` characters (fewer only when width is tiny).
 */
export function meterBar(label: string, segments: readonly BarSegment[], text: string, width: number, theme: Theme): string {
  const inner = width - label.length - 2;
  if (inner < 1) return theme.esc(pad(label, Math.max(0, width), 'left').slice(0, Math.max(0, width)));
  const cells: Role[] = [];
  let acc = 0;
  let filled = 0;
  for (const seg of segments) {
    acc += Math.max(0, seg.percent);
    // Cumulative rounding so the parts add up to the rounded whole.
    const upto = Math.min(inner, Math.round((acc / 100) * inner));
    for (; filled < upto; filled++) cells.push(seg.role);
  }
  const chars: string[] = [];
  const roles: (Role | null)[] = [];
  for (let i = 0; i < inner; i++) {
    const role = i < cells.length ? cells[i]! : null;
    chars.push(role === null ? ' ' : theme.barChar(role));
    roles.push(role);
  }
  // The text sits at the right end inside the bar, as in htop.
  if (text.length <= inner) {
    for (let k = 0; k < text.length; k++) {
      chars[inner - text.length + k] = text[k]!;
      roles[inner - text.length + k] = 'value';
    }
  }
  let out = '';
  for (let i = 0; i < inner; ) {
    let j = i + 1;
    while (j < inner && roles[j] === roles[i]) j++;
    const run = theme.esc(chars.slice(i, j).join(''));
    out += roles[i] === null ? run : theme.paint(roles[i]!, run);
    i = j;
  }
  return `${theme.paint('label', theme.esc(label))}[${out}]`;
}

/** Segments of a CPU bar: user, system (with irq and softirq), nice, iowait, steal. */
export function cpuSegments(p: CpuPercent): BarSegment[] {
  return [
    { percent: p.user, role: 'user' },
    { percent: p.system, role: 'system' },
    { percent: p.irq + p.softirq, role: 'irq' },
    { percent: p.nice, role: 'nice' },
    { percent: p.iowait, role: 'iowait' },
    { percent: p.steal, role: 'steal' },
  ];
}

const ZERO: CpuPercent = { user: 0, nice: 0, system: 0, idle: 100, iowait: 0, irq: 0, softirq: 0, steal: 0, busy: 0 };

/**
 * The total CPU meter: the host's CPU line, or inside a limited cgroup (snapshot.containerCpu) the cgroup's use
 * against its limit, `37.5% of 1.5 CPUs` (the limit dropped when the bar is too narrow for it). The per-CPU
 * bars below stay the host's: a quota is time on any CPU, not a set of CPUs.
 */
function totalCpuMeter(s: Snapshot, label: string, width: number, theme: Theme): string {
  const c = s.containerCpu;
  if (c === undefined) {
    const total = s.cpu?.total ?? ZERO;
    return meterBar(label, cpuSegments(total), `${total.busy.toFixed(1)}%`, width, theme);
  }
  const p = c.percent ?? ZERO;
  const busy = `${p.busy.toFixed(1)}%`;
  const full = `${busy} of ${formatCpus(c.limit)}`;
  return meterBar(label, cpuSegments(p), full.length <= width - label.length - 2 ? full : busy, width, theme);
}

/**
 * CPU meters in `width` x `height`: the total first, then one bar per CPU when `perCpu`, packed into as many
 * columns as the height asks (htop's layout for many cores). Before the second tick the bars are empty.
 */
export function cpuMeters(s: Snapshot, perCpu: boolean, width: number, height: number, theme: Theme): string[] {
  if (height <= 0 || width <= 0) return [];
  const n = s.cpu?.perCpu.length ?? s.stat.perCpu.length;
  // The kernel's CPU numbers: with a CPU offline in the middle, the bars read 0, 2, 3 rather than 0, 1, 2.
  const cpuName = (i: number): string => String(s.stat.cpuIds?.[i] ?? i);
  const labelWidth = Math.max(3, cpuName(n - 1).length);
  const lines = [totalCpuMeter(s, 'CPU'.padEnd(labelWidth), width, theme)];
  if (!perCpu || n <= 1 || height < 2) return lines;
  const rows = height - 1;
  const cols = Math.ceil(n / rows);
  const colWidth = Math.floor((width - (cols - 1)) / cols);
  const perRow = Math.ceil(n / cols);
  for (let r = 0; r < perRow; r++) {
    const parts: string[] = [];
    for (let c = 0; c < cols; c++) {
      const i = c * perRow + r;
      if (i >= n) break;
      const p = s.cpu?.perCpu[i] ?? ZERO;
      parts.push(meterBar(cpuName(i).padStart(labelWidth), cpuSegments(p), `${p.busy.toFixed(1)}%`, colWidth, theme));
    }
    lines.push(parts.join(' '));
  }
  return lines;
}

/** Memory meters: Mem (used, buff/cache), Swap, then free's numbers in MiB as top prints them. */
export function memoryMeters(s: Snapshot, width: number, height: number, theme: Theme): string[] {
  if (height <= 0 || width <= 0) return [];
  const m = memoryFigures(s.mem);
  const share = (v: number, of: number): number => (of > 0 ? (v * 100) / of : 0);
  const mem = meterBar(
    'Mem',
    [
      { percent: share(m.used, m.total), role: 'memUsed' },
      { percent: share(Math.min(m.buffCache, m.total - m.used), m.total), role: 'memCache' },
    ],
    `${humanBytes(m.used)}/${humanBytes(m.total)}`,
    width,
    theme,
  );
  const swp = meterBar('Swp', [{ percent: share(m.swapUsed, m.swapTotal), role: 'swap' }], `${humanBytes(m.swapUsed)}/${humanBytes(m.swapTotal)}`, width, theme);
  const lines = [
    mem,
    swp,
    figureLine([['used', m.used], ['buff/cache', m.buffCache], ['avail', m.available]], width, theme),
    figureLine([['total', m.total], ['free', m.free], ['shared', m.shared]], width, theme),
  ];
  return lines.slice(0, height);
}

/**
 * `label value` pairs in `width` columns: two spaces between pairs when they fit, else one, else the pairs
 * that fit whole (a half-printed number would mislead).
 */
function figureLine(pairs: Array<[string, number]>, width: number, theme: Theme): string {
  const plain = pairs.map(([label, x]) => [label, humanBytes(x)] as const);
  for (const sep of ['  ', ' ']) {
    let n = plain.length;
    while (n > 0 && plain.slice(0, n).map(([l, x]) => `${l} ${x}`).join(sep).length > width) n--;
    if (n === plain.length || sep === ' ') {
      return plain.slice(0, n).map(([l, x]) => `${l} ${theme.paint('value', x)}`).join(sep);
    }
  }
  return '';
}
