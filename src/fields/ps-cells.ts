import type { ProcessRow } from '../core/process.js';
import { ttyName } from '../core/tty.js';
import type { FormatContext, PsCellContext, Source } from './registry.js';
import { statFlags } from './stat-flags.js';
import { MONTHS as MON, psBsdStart, psStart, two } from './start-time.js';

/*
 * How ps makes each cell (procps-ng 4.0.2 output.c's pr_* functions, reimplemented from their documented
 * behaviour): text for the terminal and a value in base units for --json and --sort. ps-specs.ts binds these
 * to the specifier names of `ps L`.
 */

/** One way of making a cell. */
export interface PsCell {
  needs: Source[];
  /** The portable backend fills it (see Field.portable). */
  portable?: boolean;
  /** Value in base units (bytes, seconds, clock ticks, ids); null where the kernel has none. */
  value(r: ProcessRow, ctx: FormatContext): number | string | null;
  text(r: ProcessRow, ctx: FormatContext, ps: PsCellContext): string;
}

const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RLIM_INFINITY = '18446744073709551615';

function pad(s: string, w: number, c = ' '): string {
  return s.length >= w ? s : c.repeat(w - s.length) + s;
}

/** Stat field N (proc(5) numbering) as a number; 0 when unread. */
function statN(r: ProcessRow, n: number): number {
  const f = r.files?.statFields();
  const s = f?.[n - 3];
  return s === undefined ? 0 : Number(s);
}

function statS(r: ProcessRow, n: number): string {
  return r.files?.statFields()?.[n - 3] ?? '0';
}

function status(r: ProcessRow, key: string): string | undefined {
  return r.files?.keyed('status')?.get(key);
}

/** One of the four ids of status `Uid:`/`Gid:` (0 real, 1 effective, 2 saved, 3 filesystem). */
function statusId(r: ProcessRow, key: 'Uid' | 'Gid', which: number): number | null {
  const v = status(r, key);
  if (v === undefined) return key === 'Uid' && which === 1 ? r.uid : null;
  const n = Number(v.split(/\s+/)[which]);
  return Number.isFinite(n) ? n : null;
}

/** A `NNN kB` line of status, in KiB; 0 when absent (kernel threads have no Vm* lines). */
function statusKib(r: ProcessRow, key: string): number {
  const v = status(r, key);
  return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
}

function ticksAll(r: ProcessRow, ps?: PsCellContext): number {
  const t = r.utime + r.stime;
  return ps?.cumulative ? t + statN(r, 16) + statN(r, 17) : t;
}

/** Seconds since the task started, with the fraction (procps TIME_ELAPSED). */
function elapsed(r: ProcessRow, ctx: FormatContext): number {
  const s = ctx.uptime - r.starttime / ctx.hz;
  return s > 0 ? s : 0;
}

function startEpoch(r: ProcessRow, ctx: FormatContext): number {
  return ctx.btime + Math.floor(r.starttime / ctx.hz);
}

function tgid(r: ProcessRow): number {
  return r.tgid ?? r.pid;
}

/** ctime(3) without the newline: `Tue Dec  1 20:03:27 2026`. */
function ctime(sec: number): string {
  const d = new Date(sec * 1000);
  return `${DAY[d.getDay()]} ${MON[d.getMonth()]} ${pad(String(d.getDate()), 2)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** pr_time: `[DD-]HH:MM:SS` of whole seconds. */
function hms(t: number): string {
  const dd = Math.floor(t / 86400);
  const s = `${two(Math.floor(t / 3600) % 24)}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
  return dd > 0 ? `${dd}-${s}` : s;
}

/** Lifetime CPU use in per-mill, integer maths as pr_pcpu. */
function perMill(r: ProcessRow, ctx: FormatContext, ps?: PsCellContext): number {
  // procps 4: TIME_ELAPSED is a real number of seconds; jiffies = (unsigned long long)(elapsed * Hz).
  const jiffies = Math.floor(elapsed(r, ctx) * ctx.hz);
  return jiffies > 0 ? Math.floor((ticksAll(r, ps) * 1000) / jiffies) : 0;
}

/** procps's UTILIZATION: percent of one CPU over the task's life, as a fraction. */
function utilization(r: ProcessRow, ctx: FormatContext, withChildren: boolean): number {
  const e = elapsed(r, ctx);
  if (e <= 0) return 0;
  const t = r.utime + r.stime + (withChildren ? statN(r, 16) + statN(r, 17) : 0);
  return (t * 100) / ctx.hz / e;
}

/*
 * Texts of the most common cells by their integer value, made at first use: most processes show the same few
 * (%CPU 0.0, TIME 0:00), and building each again (number to text, padding, joining) was a good part of a
 * row's cost in a one-shot scan, which ends before the JIT has compiled that code.
 */
/** %CPU and %MEM by per-mill (0..999). */
const PCPU_TEXT: string[] = new Array<string>(1000);
const PMEM_TEXT: string[] = new Array<string>(1000);
/** TIME (hms) and BSD TIME by whole seconds below TIME_TEXTS. */
const TIME_TEXTS = 4096;
const HMS_TEXT: string[] = new Array<string>(TIME_TEXTS);
const BSDTIME_TEXT: string[] = new Array<string>(TIME_TEXTS);

/** BSD TIME: `MMM:SS` of whole seconds. */
function bsdTime(u: number): string {
  return `${pad(String(Math.floor(u / 60)), 3)}:${two(u % 60)}`;
}

const POLICY = ['TS', 'FF', 'RR', 'B', 'ISO', 'IDL', 'DLN', '#7', '#8', '#9'];

function nsInode(r: ProcessRow, name: string): number | null {
  const l = r.files?.link(`ns/${name}`);
  const m = l ? /\[(\d+)\]/.exec(l) : null;
  return m ? Number(m[1]) : null;
}

/** procps help_pr_sig: 16 hex digits wide, else the last 8 (`<` marks lost digits). */
function sigText(hex: string | undefined, ps: PsCellContext): string {
  const sig = hex ?? '0000000000000000';
  if (ps.wideSignals) return sig.length > 8 ? sig : `00000000${sig}`;
  const significant = sig.replace(/^0+/, '').length;
  if (significant > 8) return `<${sig.slice(-8)}`;
  if (sig.length < 8) return pad(sig, 8, '0');
  return sig.slice(-8);
}

/** do_pr_name: a user or group name cut to the room with `+`, or the number (BSD n, or no name fits). */
function nameText(name: string | null, id: number | null, ps: PsCellContext): string {
  if (id === null && name === null) return '-';
  // A name without an id: the portable backend's user (systeminformation gives names only).
  if ((!ps.numeric || id === null) && name !== null) {
    const e = escapedName(name, ps);
    if (e.cells <= ps.room) return e.text;
    if (ps.room >= 1) return ps.escape(name, ps.room - 1).text + '+';
  }
  return String(id! >>> 0);
}

/** The last name nameText escaped (rows of one owner tend to come together), and by which escape. */
let lastName: string | null = null;
let lastNameEscape: PsCellContext['escape'] | null = null;
let lastNameEscaped = { text: '', cells: 0 };

function escapedName(name: string, ps: PsCellContext): { text: string; cells: number } {
  if (name !== lastName || ps.escape !== lastNameEscape) {
    lastNameEscaped = ps.escape(name, 4096);
    lastName = name;
    lastNameEscape = ps.escape;
  }
  return lastNameEscaped;
}

/** The forest prefix (f: ` \_ ` art; -H: two blanks a level), cut to the room. */
function forestPrefix(ps: PsCellContext): string {
  let out = '';
  let room = ps.room;
  const unit = ps.forestUnix ? 2 : 4;
  for (const ch of ps.forest) {
    if (room < unit) break;
    if (ps.forestUnix) out += '  ';
    else out += ch === ' ' ? '    ' : ch === '|' ? ' |  ' : ' \\_ ';
    room -= unit;
  }
  return out;
}

/** The command line as procps builds it: NULs as blanks; `[comm]` (and ` <defunct>`) when empty. */
export function commandLine(r: ProcessRow): string {
  const args = r.cmdline;
  // procps reads cmdline with NULs and newlines as blanks.
  if (args !== null && args.length > 0) {
    const text = args.join(' ');
    return text.includes('\n') ? text.replace(/\n/g, ' ') : text;
  }
  return r.state === 'Z' ? `[${r.comm}] <defunct>` : `[${r.comm}]`;
}

function environment(r: ProcessRow): string {
  const t = r.files?.text('environ');
  if (t === null || t === undefined || t.length === 0) return '-';
  return t.replace(/\0+$/, '').replace(/[\0\n]/g, ' ');
}

/** pr_args / pr_comm: forest prefix, escaped text cut to the room, the environment after it with BSD e. */
function commandCell(text: string, r: ProcessRow, ps: PsCellContext): string {
  const prefix = forestPrefix(ps);
  let room = ps.room - prefix.length;
  const e = ps.escape(text, Math.max(0, room));
  let out = prefix + e.text;
  room -= e.cells;
  if (ps.showEnv && room > 1) {
    const env = environment(r);
    if (env !== '-') out += ' ' + ps.escape(env, room - 1).text;
  }
  return out;
}

function num(v: number | null): string {
  return v === null ? '-' : String(v);
}

function cell(needs: Source[], value: PsCell['value'], text: PsCell['text']): PsCell {
  return { needs, value, text };
}

/** The cell as the portable backend fills it too. */
function portable(c: PsCell): PsCell {
  return { ...c, portable: true };
}

/** A number both ways. */
function numeric(needs: Source[], value: (r: ProcessRow, ctx: FormatContext) => number | null): PsCell {
  return cell(needs, value, (r, ctx) => num(value(r, ctx)));
}

const F: Source[] = ['files'];
const S: Source[] = ['stat'];

function idCell(key: 'Uid' | 'Gid', which: number): PsCell {
  const needs: Source[] = key === 'Uid' && which === 1 ? ['uid'] : F;
  return numeric(needs, (r) => {
    const v = key === 'Uid' && which === 1 && r.uid !== null && r.files === undefined ? r.uid : statusId(r, key, which);
    return v;
  });
}

function nameCell(key: 'Uid' | 'Gid', which: number): PsCell {
  const needs: Source[] = key === 'Uid' && which === 1 ? ['uid'] : F;
  const idOf = (r: ProcessRow): number | null =>
    key === 'Uid' && which === 1 && r.files === undefined ? r.uid : statusId(r, key, which);
  const nameOf = (r: ProcessRow, id: number | null): string | null => {
    if (id === null) return key === 'Uid' && which === 1 && r.portable ? r.user : null;
    if (key === 'Uid' && which === 1 && r.user !== null && id === r.uid) return r.user;
    if (r.files === undefined) return String(id);
    return key === 'Uid' ? r.files.userName(id) : r.files.groupName(id);
  };
  return cell(needs, (r) => nameOf(r, idOf(r)) ?? null, (r, _c, ps) => {
    const id = idOf(r);
    return nameText(nameOf(r, id), id, ps);
  });
}

function ioCell(key: string): PsCell {
  return numeric(F, (r) => {
    const v = r.files?.keyed('io')?.get(key);
    return v === undefined ? null : Number(v);
  });
}

function sigCell(key: string): PsCell {
  return cell(F, (r) => status(r, key) ?? null, (r, _c, ps) => sigText(status(r, key), ps));
}

function nsCell(name: string): PsCell {
  return numeric(F, (r) => nsInode(r, name));
}

/** The systemd cgroup path of a task: the unified (`0::`) line, else the name=systemd hierarchy. */
function systemdPath(r: ProcessRow): string | null {
  const t = r.files?.text('cgroup');
  if (!t) return null;
  let named: string | null = null;
  for (const line of t.split('\n')) {
    if (line.startsWith('0::')) return line.slice(3);
    const m = /^\d+:name=systemd:(.*)$/.exec(line);
    if (m) named = m[1]!;
  }
  return named;
}

/** What libsystemd's sd_pid_get_* derive from that path. */
function systemdFact(r: ProcessRow, what: 'unit' | 'slice' | 'uunit' | 'session' | 'ouid' | 'machine' | 'seat'): string {
  const p = systemdPath(r);
  if (p === null) return '-';
  const parts = p.split('/').filter((x) => x.length > 0);
  const slices = parts.filter((x) => x.endsWith('.slice'));
  const firstUnit = parts.find((x) => !x.endsWith('.slice'));
  const userSlice = slices.find((x) => /^user-\d+\.slice$/.test(x));
  const session = parts.map((x) => /^session-(.+)\.scope$/.exec(x)?.[1]).find((x) => x !== undefined);
  switch (what) {
    case 'slice':
      return slices.length > 0 ? slices[slices.length - 1]! : '-.slice';
    case 'unit':
      return firstUnit !== undefined && firstUnit.includes('.') ? firstUnit : '-';
    case 'uunit': {
      const i = parts.findIndex((x) => /^user@\d+\.service$/.test(x));
      const u = i >= 0 ? parts.slice(i + 1).find((x) => !x.endsWith('.slice')) : undefined;
      return u ?? '-';
    }
    case 'session':
      return session ?? '-';
    case 'ouid':
      return userSlice ? userSlice.slice(5, -6) : '-';
    case 'machine': {
      if (!slices.includes('machine.slice') || firstUnit === undefined) return '-';
      const m = /^machine-(.+)\.scope$/.exec(firstUnit);
      return m ? m[1]!.replace(/\\x2d/g, '-') : '-';
    }
    case 'seat': {
      if (session === undefined) return '-';
      const f = r.files?.system(`/run/systemd/sessions/${session}`);
      const m = f ? /^SEAT=(.*)$/m.exec(f) : null;
      return m ? m[1]! : '-';
    }
  }
}

function sdCell(what: Parameters<typeof systemdFact>[1]): PsCell {
  return cell(F, (r) => systemdFact(r, what), escapedWhole((r) => systemdFact(r, what)));
}

/** procps's cgroup text: the lines of /proc/PID/cgroup that are not a root, joined with commas. */
function cgroupText(r: ProcessRow): string {
  const t = r.files?.text('cgroup');
  if (!t) return '-';
  const kept = t.split('\n').filter((l) => l.length > 0 && !l.endsWith('/'));
  return kept.length > 0 ? kept.join(',') : '-';
}

function escapedCell(text: (r: ProcessRow) => string): PsCell['text'] {
  return (r, _c, ps) => ps.escape(text(r), ps.room).text;
}

/**
 * Text procps prints whole with snprintf(outbuf, COLWID, "%s") (at most 239 bytes, never cut to the column),
 * escaped here as comm is: names anyone may choose.
 */
function escapedWhole(text: (r: ProcessRow) => string): PsCell['text'] {
  return (r, _c, ps) => ps.escape(text(r), 239).text;
}

function lxcName(r: ProcessRow): string {
  const t = r.files?.text('cgroup');
  const m = t ? /\/lxc(?:\.payload)?[./]([^/\n]+)/.exec(t) : null;
  return m ? m[1]! : '-';
}

function securityLabel(r: ProcessRow): string {
  const t = r.files?.text('attr/current');
  if (!t) return '-';
  let n = 0;
  while (n < t.length && t.charCodeAt(n) >= 0x20 && t.charCodeAt(n) < 0x7f) n++;
  return n > 0 ? t.slice(0, n) : '-';
}

function autogroup(r: ProcessRow): { id: number; nice: number } {
  const m = /autogroup-(\d+)\s+nice\s+(-?\d+)/.exec(r.files?.text('autogroup') ?? '');
  return m ? { id: Number(m[1]), nice: Number(m[2]) } : { id: -1, nice: 0 };
}

function supGids(r: ProcessRow): number[] {
  const g = status(r, 'Groups');
  return g ? g.split(/\s+/).filter((x) => x.length > 0).map(Number) : [];
}

/** NUMA node of the CPU the task last ran on, from sysfs (0 without NUMA nodes). */
function numaNode(r: ProcessRow): number {
  const cpu = r.processor;
  for (let node = 0; node < 64; node++) {
    const list = r.files?.system(`/sys/devices/system/node/node${node}/cpulist`);
    if (list === null || list === undefined) return node === 0 ? 0 : -1;
    for (const part of list.trim().split(',')) {
      const [a, b] = part.split('-').map(Number);
      if (a !== undefined && cpu >= a && cpu <= (b ?? a)) return node;
    }
  }
  return -1;
}

/** The test specifiers (_left, _right, ...): fixed texts cycling on the line counter, as procps's. */
function testCell(vals: string[], unlimited: boolean): PsCell {
  return cell([], () => null, (_r, _c, ps) => {
    const i = ((ps.lineCounter % vals.length) + vals.length) % vals.length;
    const u = (2 ** 32 + ps.lineCounter) % vals.length;
    const t = vals[ps.lineCounter >= 0 ? i : u]!;
    return unlimited ? t.slice(0, ps.room) : t;
  });
}

const pids = (f: (r: ProcessRow) => number): PsCell => numeric(S, f);

/** Every way ps makes a cell, by procps's pr_ function name (without `pr_`). */
export const PS_CELLS: Record<string, PsCell> = {
  nop: cell([], () => null, () => '-'),
  pcpu: portable(cell(S, (r, ctx) => round6(utilization(r, ctx, false)), (r, ctx, ps) => {
    const t = perMill(r, ctx, ps);
    return t > 999 ? String(Math.floor(t / 10)) : (PCPU_TEXT[t] ??= `${Math.floor(t / 10)}.${t % 10}`);
  })),
  pmem: portable(cell(['stat', 'rss'], (r, ctx) => (ctx.memTotal > 0 ? round6((r.rssPages * ctx.pageSize * 100) / ctx.memTotal) : 0),
    (r, ctx) => {
      const kib = Math.floor((r.rssPages * ctx.pageSize) / 1024);
      const total = Math.floor(ctx.memTotal / 1024);
      const t = total > 0 ? Math.min(999, Math.floor((kib * 1000) / total)) : 0;
      return (PMEM_TEXT[t] ??= `${pad(String(Math.floor(t / 10)), 2)}.${t % 10}`);
    })),
  args: portable(cell(['stat', 'cmdline'], (r) => commandLine(r), (r, _c, ps) =>
    commandCell(ps.argsIsComm ? r.comm : commandLine(r), r, ps))),
  comm: portable(cell(['stat', 'cmdline'], (r) => r.comm, (r, _c, ps) => commandCell(ps.commIsArgs ? commandLine(r) : r.comm, r, ps))),
  cgname: cell(F, (r) => {
    const c = cgroupText(r);
    const i = c.indexOf(':name=');
    return i >= 0 && c.length > i + 6 ? c.slice(i + 6) : c;
  }, escapedCell((r) => {
    const c = cgroupText(r);
    const i = c.indexOf(':name=');
    return i >= 0 && c.length > i + 6 ? c.slice(i + 6) : c;
  })),
  cgroup: cell(F, (r) => cgroupText(r), escapedCell(cgroupText)),
  fname: portable(cell(S, (r) => r.comm, (r, _c, ps) => {
    const prefix = forestPrefix(ps);
    const room = Math.min(8, ps.room - prefix.length);
    return prefix + ps.escape(r.comm, Math.max(0, room)).text;
  })),
  etime: portable(cell(S, (r, ctx) => Math.floor(elapsed(r, ctx)), (r, ctx) => {
    const t = Math.floor(elapsed(r, ctx));
    const dd = Math.floor(t / 86400);
    const hh = Math.floor(t / 3600) % 24;
    return `${dd ? `${dd}-` : ''}${dd || hh ? `${two(hh)}:` : ''}${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
  })),
  etimes: portable(numeric(S, (r, ctx) => Math.floor(elapsed(r, ctx)))),
  c: portable(cell(S, (r, ctx) => Math.min(99, Math.floor(perMill(r, ctx) / 10)), (r, ctx, ps) => {
    const j = Math.floor(elapsed(r, ctx) * ctx.hz);
    const v = j > 0 ? Math.min(99, Math.floor((ticksAll(r, ps) * 100) / j)) : 0;
    return pad(String(v), 2);
  })),
  cp: portable(cell(S, (r, ctx) => Math.min(999, perMill(r, ctx)), (r, ctx, ps) => pad(String(Math.min(999, perMill(r, ctx, ps))), 3))),
  pgid: pids((r) => r.pgrp),
  ppid: portable(pids((r) => r.ppid)),
  time: portable(cell(S, (r, ctx) => (r.utime + r.stime) / ctx.hz, (r, ctx, ps) => {
    const t = Math.floor(ticksAll(r, ps) / ctx.hz);
    return t < TIME_TEXTS ? (HMS_TEXT[t] ??= hms(t)) : hms(t);
  })),
  times: portable(cell(S, (r, ctx) => (r.utime + r.stime) / ctx.hz, (r, ctx, ps) => String(Math.floor(ticksAll(r, ps) / ctx.hz)))),
  vsz: portable(cell(S, (r) => r.vsize, (r) => String(Math.floor(r.vsize / 1024)))),
  priority: portable(numeric(S, (r) => r.priority)),
  opri: portable(numeric(S, (r) => 60 + r.priority)),
  pri_foo: portable(numeric(S, (r) => r.priority - 20)),
  pri_bar: portable(numeric(S, (r) => r.priority + 1)),
  pri_baz: portable(numeric(S, (r) => r.priority + 100)),
  pri: portable(numeric(S, (r) => 39 - r.priority)),
  pri_api: portable(numeric(S, (r) => -1 - r.priority)),
  nice: portable(cell(S, (r) => r.nice, (r) => (r.policy !== 0 && r.policy !== 3 ? '-' : String(r.nice)))),
  oom_adj: numeric(F, (r) => Number(r.files?.text('oom_adj') ?? 0)),
  oom: numeric(F, (r) => Number(r.files?.text('oom_score') ?? 0)),
  class: cell(S, (r) => r.policy, (r) => POLICY[r.policy] ?? '?'),
  rtprio: cell(S, (r) => r.rtPriority, (r) => (r.policy === 0 ? '-' : String(r.rtPriority))),
  sched: numeric(S, (r) => r.policy),
  wchan: cell(F, (r) => r.files?.text('wchan') ?? null, (r, _c, ps) => {
    const w = r.files?.text('wchan');
    const t = w === null || w === undefined || w === '' || w === '0' ? '-' : w;
    return t.slice(0, ps.room);
  }),
  // The portable backend has the terminal's name (ps's), not its device number.
  tty4: portable(cell(S, (r) => r.ttyName ?? ttyName(r.ttyNr), (r) => (r.ttyName ?? ttyName(r.ttyNr)).replace(/^(pts\/|tty)/, ''))),
  tty8: portable(cell(S, (r) => r.ttyName ?? ttyName(r.ttyNr), (r) => r.ttyName ?? ttyName(r.ttyNr))),
  stat: cell(['stat', 'locked'], (r) => statFlags(r), (r) => statFlags(r)),
  s: portable(cell(S, (r) => r.state, (r) => r.state)),
  flag: numeric(S, (r) => (r.flags >>> 6) & 7),
  stackp: cell(F, (r) => statN(r, 28), (r) => hex16(statS(r, 28))),
  esp: cell(F, (r) => statN(r, 29), (r) => hex16(statS(r, 29))),
  eip: cell(F, (r) => statN(r, 30), (r) => hex16(statS(r, 30))),
  bsdtime: portable(cell(S, (r, ctx) => (r.utime + r.stime) / ctx.hz, (r, ctx, ps) => {
    const u = Math.floor(ticksAll(r, ps) / ctx.hz);
    return u < TIME_TEXTS ? (BSDTIME_TEXT[u] ??= bsdTime(u)) : bsdTime(u);
  })),
  bsdstart: portable(cell(S, (r, ctx) => startEpoch(r, ctx), (r, ctx) => {
    const start = startEpoch(r, ctx);
    const ago = Math.max(0, Math.floor(ctx.now / 1000) - start);
    const c = ctime(start);
    return (ago > 86400 ? c.slice(4) : c.slice(10)).slice(0, 6);
  })),
  sz: portable(numeric(S, (r, ctx) => Math.floor(r.vsize / 1024 / (ctx.pageSize / 1024)))),
  dsiz: numeric(F, (r) => (r.vsize ? Math.floor((r.vsize - statN(r, 27) + statN(r, 26)) / 1024) : 0)),
  tsiz: numeric(F, (r) => (r.vsize ? Math.floor((statN(r, 27) - statN(r, 26)) / 1024) : 0)),
  drs: numeric(F, (r) => (r.vsize ? Math.floor((r.vsize - statN(r, 27) + statN(r, 26)) / 1024) : 0)),
  trs: numeric(F, (r) => (r.vsize ? Math.floor((statN(r, 27) - statN(r, 26)) / 1024) : 0)),
  swapable: cell(F, (r) => (statusKib(r, 'VmData') + statusKib(r, 'VmStk')) * 1024,
    (r) => String(statusKib(r, 'VmData') + statusKib(r, 'VmStk'))),
  size: portable(numeric(S, (r) => r.vsize)),
  minflt: cell(S, (r) => r.minflt, (r, _c, ps) => String(ps.cumulative ? statN(r, 11) : r.minflt)),
  majflt: cell(S, (r) => r.majflt, (r, _c, ps) => String(ps.cumulative ? statN(r, 13) : r.majflt)),
  lim: cell(F, (r) => (statS(r, 25) === RLIM_INFINITY ? null : statN(r, 25)), (r) =>
    statS(r, 25) === RLIM_INFINITY ? 'xx' : pad(String(Math.floor(statN(r, 25) / 1024)), 5)),
  psr: numeric(S, (r) => r.processor),
  pss: cell(F, (r) => kibOf(r, 'Pss') * 1024, (r) => String(kibOf(r, 'Pss'))),
  numa: numeric(F, (r) => numaNode(r)),
  rss: portable(cell(['stat', 'rss'], (r, ctx) => r.rssPages * ctx.pageSize, (r, ctx) => String(Math.floor((r.rssPages * ctx.pageSize) / 1024)))),
  lstart: portable(cell(S, (r, ctx) => startEpoch(r, ctx), (r, ctx) => ctime(startEpoch(r, ctx)))),
  stime: portable(cell(S, (r, ctx) => startEpoch(r, ctx), (r, ctx) => psStart(startEpoch(r, ctx), ctx.now))),
  start: portable(cell(S, (r, ctx) => startEpoch(r, ctx), (r, ctx) => psBsdStart(startEpoch(r, ctx), ctx.now))),
  tsig: sigCell('SigPnd'),
  sig: sigCell('ShdPnd'),
  sigmask: sigCell('SigBlk'),
  sigignore: sigCell('SigIgn'),
  sigcatch: sigCell('SigCgt'),
  uss: cell(F, (r) => (kibOf(r, 'Private_Clean') + kibOf(r, 'Private_Dirty')) * 1024,
    (r) => String(kibOf(r, 'Private_Clean') + kibOf(r, 'Private_Dirty'))),
  egid: idCell('Gid', 1),
  rgid: idCell('Gid', 0),
  sgid: idCell('Gid', 2),
  fgid: idCell('Gid', 3),
  euid: idCell('Uid', 1),
  ruid: idCell('Uid', 0),
  suid: idCell('Uid', 2),
  fuid: idCell('Uid', 3),
  luid: cell(F, (r) => loginUid(r), (r) => num(loginUid(r))),
  ruser: nameCell('Uid', 0),
  euser: portable(nameCell('Uid', 1)),
  fuser: nameCell('Uid', 3),
  suser: nameCell('Uid', 2),
  egroup: nameCell('Gid', 1),
  rgroup: nameCell('Gid', 0),
  fgroup: nameCell('Gid', 3),
  sgroup: nameCell('Gid', 2),
  rbytes: ioCell('read_bytes'),
  rchars: ioCell('rchar'),
  rops: ioCell('syscr'),
  wbytes: ioCell('write_bytes'),
  wcbytes: ioCell('cancelled_write_bytes'),
  wchars: ioCell('wchar'),
  wops: ioCell('syscw'),
  procs: portable(pids((r) => tgid(r))),
  tasks: portable(pids((r) => r.pid)),
  nlwp: numeric(S, (r) => r.numThreads),
  sess: pids((r) => r.session),
  supgid: cell(F, (r) => supGids(r).join(','), (r, _c, ps) => {
    const g = supGids(r);
    return (g.length > 0 ? g.join(',') : '-').slice(0, ps.room);
  }),
  supgrp: cell(F, (r) => supGids(r).map((g) => r.files!.groupName(g)).join(','), (r, _c, ps) => {
    const g = supGids(r);
    return ps.escape(g.length > 0 ? g.map((x) => r.files!.groupName(x)).join(',') : '-', ps.room).text;
  }),
  tpgid: numeric(S, (r) => r.tpgid),
  sgi_p: cell(S, (r) => r.processor, (r) => (r.state === 'R' ? String(r.processor) : '*')),
  exe: cell(F, (r) => r.files?.link('exe') ?? null, escapedCell((r) => r.files?.link('exe') ?? '-')),
  utilization: portable(cell(S, (r, ctx) => utilization(r, ctx, false), (r, ctx) => utilizationCap(utilization(r, ctx, false)).toFixed(3))),
  utilization_c: cell(F, (r, ctx) => utilization(r, ctx, true), (r, ctx) => utilizationCap(utilization(r, ctx, true)).toFixed(3)),
  sd_unit: sdCell('unit'),
  sd_session: sdCell('session'),
  sd_ouid: sdCell('ouid'),
  sd_machine: sdCell('machine'),
  sd_uunit: sdCell('uunit'),
  sd_seat: sdCell('seat'),
  sd_slice: sdCell('slice'),
  cgroupns: nsCell('cgroup'),
  ipcns: nsCell('ipc'),
  mntns: nsCell('mnt'),
  netns: nsCell('net'),
  pidns: nsCell('pid'),
  timens: nsCell('time'),
  userns: nsCell('user'),
  utsns: nsCell('uts'),
  // Cgroup, unit and machine names and LSM labels are chosen by whoever made them: escaped like comm.
  lxcname: cell(F, (r) => lxcName(r), escapedWhole(lxcName)),
  context: cell(F, (r) => securityLabel(r), escapedWhole(securityLabel)),
  agid: numeric(F, (r) => autogroup(r).id),
  agnice: numeric(F, (r) => autogroup(r).nice),
  t_unlimited: testCell(['[123456789-12345] <defunct>', 'ps', '123456789-123456'], true),
  t_unlimited2: testCell(['unlimited', '[123456789-12345] <defunct>', 'ps', '123456789-123456'], true),
  t_right: testCell(['999-23:59:59', '99-23:59:59', '9-23:59:59', '59:59'], false),
  t_right2: testCell(['999-23:59:59', '99-23:59:59', '9-23:59:59'], false),
  t_left: testCell(['tty7', 'pts/9999', 'iseries/vtty42', 'ttySMX0', '3270/tty4'], false),
  t_left2: testCell(['tty7', 'pts/9999', 'ttySMX0', '3270/tty4'], false),
};

/** Percentages in JSON: 6 decimals, no float noise. */
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** procps caps lifetime utilisation at 99.999 (a short-lived ps may see more than 100). */
function utilizationCap(v: number): number {
  return v > 99 ? 99.999 : v;
}

function kibOf(r: ProcessRow, key: string): number {
  const v = r.files?.keyed('smaps_rollup')?.get(key);
  return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
}

function loginUid(r: ProcessRow): number | null {
  const t = r.files?.text('loginuid');
  if (t === null || t === undefined) return null;
  const n = Number(t.trim());
  return n === 4294967295 || !Number.isFinite(n) ? null : n;
}

function hex16(dec: string): string {
  let v: bigint;
  try {
    v = BigInt(dec);
  } catch {
    v = 0n;
  }
  return v.toString(16).padStart(16, '0');
}


