import { statFlags } from './stat-flags.js';
import { psStart, two } from './start-time.js';
import type { ProcessRow } from '../core/process.js';
import { ttyName } from '../core/tty.js';
import { withContainerFields } from './container-process-fields.js';
import { PROCESS_IO_FIELDS } from './process-io-fields.js';
import { FieldRegistry, portableAware, type Field, type FormatContext } from './registry.js';
import { fixed1 } from './fixed1.js';

/*
 * The process columns, described once (procps-ng src/ps/output.c format_array and top.c's field table are
 * the models). ps -o/--sort, top's table, the TUI headers, hotkeys and field chooser, --json keys and the set
 * of /proc files a tick reads all come from PROCESS_FIELDS. Cell texts follow procps; where ps and top
 * differ, ctx.style says whose convention applies.
 */

type ProcField = Field<ProcessRow>;


/** utime + stime, clock ticks. */
function cpuTicks(r: ProcessRow): number {
  return r.utime + r.stime;
}

/** Whole seconds the process has existed, as procps computes it (uptime - starttime/Hz, truncated). */
/**
 * Seconds since the process started, with the fraction: procps 4 divides CPU time by this, not by whole
 * seconds (a 1.5 s old process that ran 0.2 s shows 13.3, not 20.0; checked against ps on a live zombie).
 */
function elapsedExact(r: ProcessRow, ctx: FormatContext): number {
  const s = ctx.uptime - r.starttime / ctx.hz;
  return s > 0 ? s : 0;
}

/** ps's C column: lifetime CPU use as a whole percent, at most 99. */
function psC(r: ProcessRow, ctx: FormatContext): number {
  const s = elapsedExact(r, ctx);
  return s === 0 ? 0 : Math.min(99, Math.floor((cpuTicks(r) * 100) / ctx.hz / s));
}

function elapsedSeconds(r: ProcessRow, ctx: FormatContext): number {
  const s = Math.floor(ctx.uptime - r.starttime / ctx.hz);
  return s > 0 ? s : 0;
}

/** Start time, seconds since the epoch. */
function startEpoch(r: ProcessRow, ctx: FormatContext): number {
  return ctx.btime + r.starttime / ctx.hz;
}

function isTop(ctx: FormatContext): boolean {
  return ctx.style === 'top';
}

/** ps's lifetime %CPU in tenths of a percent, integer maths as procps does it. */
function psPcpuTenths(r: ProcessRow, ctx: FormatContext): number {
  const seconds = elapsedExact(r, ctx);
  if (seconds === 0) return 0;
  return Math.floor((cpuTicks(r) * 1000) / ctx.hz / seconds);
}

/** top's %CPU: ticks used over the refresh interval, per one CPU (Irix mode), capped at 100 x threads. */
function topPcpu(r: ProcessRow, ctx: FormatContext): number {
  if (r.cpuDeltaTicks === null || ctx.interval === null || ctx.interval <= 0) return 0;
  const pct = (r.cpuDeltaTicks * 100) / (ctx.hz * ctx.interval);
  const cap = 100 * Math.max(1, r.numThreads);
  return pct > cap ? cap : pct;
}

/** Delta-based when the tick knows an interval and a delta, else ps's lifetime average. */
function pcpuValue(r: ProcessRow, ctx: FormatContext): number {
  if (ctx.interval !== null && r.cpuDeltaTicks !== null) return roundPct(topPcpu(r, ctx));
  if (isTop(ctx)) return 0;
  const seconds = ctx.uptime - r.starttime / ctx.hz;
  return seconds > 0 ? roundPct((cpuTicks(r) * 100) / ctx.hz / seconds) : 0;
}

function rssBytes(r: ProcessRow, ctx: FormatContext): number {
  return r.rssPages * ctx.pageSize;
}

/** Percentages in JSON and sorting: 6 decimals keep every page of RSS apart on any machine, without float noise. */
function roundPct(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** `%u.%u` of tenths, and the integer alone from 100% up, as procps prints %CPU. */
function tenths(t: number): string {
  if (t > 999) return String(Math.floor(t / 10));
  return `${Math.floor(t / 10)}.${t % 10}`;
}

/** top's percent cell: `%.1f`, or the rounded integer when that does not fit the width. */
function topPercent(v: number, width: number): string {
  const s = fixed1(v);
  return s.length <= width ? s : v.toFixed(0);
}

/**
 * top's memory cell from KiB (top.c scale_mem): from unit `target` on (0 KiB, 1 MiB ... 4 PiB, top -e), the
 * first that fits the width: the KiB number, else m/g/t/p with one decimal; `?` when even PiB do not fit.
 */
export function topScaleKib(kib: number, width: number, target = 0): string {
  // top keeps the figure in a C float and divides it there; printf rounds an exact half to even.
  let v = Math.fround(kib);
  for (let i = 0; i < 5; i++) {
    if (i >= target) {
      const s = i === 0 ? cFixed(v, 0) : `${cFixed(v, 1)}${'kmgtp'[i]}`;
      if (s.length <= width) return s;
    }
    v = Math.fround(v / 1024);
  }
  return '?';
}

/**
 * printf's `%.Nf`: JavaScript's toFixed rounds a value exactly halfway up (13.25 -> 13.3) where glibc rounds it
 * to even (13.2); other values agree.
 */
export function cFixed(v: number, digits: number): string {
  // A whole number prints as itself (toFixed is a call into the runtime; top's KiB cells are whole numbers).
  if (digits === 0 && Number.isInteger(v)) return String(v);
  const scaled = v * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && floor % 2 === 0) return (floor / 10 ** digits).toFixed(digits);
  return v.toFixed(digits);
}

/** CPU ticks TIME+ shows: the task's own, plus its dead children's under top -S. */
function topTicks(r: ProcessRow, ctx: FormatContext): number {
  if (!ctx.topCumulative) return cpuTicks(r);
  const st = r.files?.statFields();
  return cpuTicks(r) + Number(st?.[13] ?? 0) + Number(st?.[14] ?? 0);
}

/** top's TIME+: `M:SS.hh` (minutes uncapped), falling back to `H,MM`, then hours, days, weeks (scale_tics). */
export function topTimePlus(ticks: number, hz: number, width = 9): string {
  const hundredths = Math.floor((ticks * 100) / hz);
  const totalSecs = Math.floor(hundredths / 100);
  const mins = Math.floor(totalSecs / 60);
  let s = `${mins}:${two(totalSecs % 60)}.${two(hundredths % 100)}`;
  if (s.length <= width) return s;
  const hours = Math.floor(mins / 60);
  s = `${hours},${two(mins % 60)}`;
  if (s.length <= width) return s;
  s = `${hours}h`;
  if (s.length <= width) return s;
  s = `${Math.floor(hours / 24)}d`;
  if (s.length <= width) return s;
  return `${Math.floor(hours / 24 / 7)}w`;
}

/** ps `time`: `[DD-]HH:MM:SS` of CPU seconds. */
export function psTime(seconds: number): string {
  const t = Math.floor(seconds);
  const dd = Math.floor(t / 86400);
  const hms = `${two(Math.floor(t / 3600) % 24)}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
  return dd > 0 ? `${dd}-${hms}` : hms;
}

/** ps `etime`: `[[DD-]HH:]MM:SS`. */
export function psEtime(seconds: number): string {
  const t = Math.floor(seconds);
  const dd = Math.floor(t / 86400);
  const hh = Math.floor(t / 3600) % 24;
  let s = '';
  if (dd > 0) s += `${dd}-`;
  if (dd > 0 || hh > 0) s += `${two(hh)}:`;
  return `${s}${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}


/** A user name in 8 columns: longer names print 7 characters and `+` (ps and top both do this). */
function user8(name: string, width = 8): string {
  return name.length > width ? `${name.slice(0, Math.max(0, width - 1))}+` : name;
}


/** SCHED_OTHER, SCHED_BATCH and SCHED_IDLE are niced; for real-time policies ps prints NI as `-`. */
function hasNice(r: ProcessRow): boolean {
  return r.policy === 0 || r.policy === 3 || r.policy === 5;
}

function num(v: number | null): string {
  return v === null ? '-' : String(v);
}

function f(
  key: string,
  aliases: string[],
  header: string,
  width: number,
  align: 'left' | 'right',
  description: string,
  needs: ProcField['needs'],
  value: ProcField['value'],
  text: ProcField['text'],
  extra: { descByDefault?: boolean; hotkey?: string; pidColumn?: boolean; portable?: boolean } = {},
): ProcField {
  return portableAware({
    key, aliases, header, width, align, description, needs, value, text,
    descByDefault: extra.descByDefault ?? align === 'right',
    ...(extra.hotkey !== undefined ? { hotkey: extra.hotkey } : {}),
    ...(extra.pidColumn ? { pidColumn: true } : {}),
    ...(extra.portable ? { portable: true } : {}),
  });
}

/** Width a column takes when pids have `pidDigits` digits (see Field.pidColumn). */
export function columnWidth(field: ProcField, pidDigits: number): number {
  return field.pidColumn ? Math.max(field.width, pidDigits) : field.width;
}

/**
 * GPU memory of the process (all GPUs), as RSS prints its size: KiB in ps, top's scaled units in top and the
 * dashboard, bytes in JSON; `-` where no GPU driver reports per-process memory.
 */
export const GPU_MEM_FIELD: ProcField = f('gpu_mem', ['gpumem'], 'GPUMEM', 6, 'right',
  'GPU memory the process holds, all GPUs (nvidia-smi compute apps, DRM fdinfo); KiB (bytes in JSON)', ['gpu'],
  (r) => r.gpuMem ?? null,
  (r, ctx) => (r.gpuMem == null ? '-' : isTop(ctx) ? topScaleKib(r.gpuMem / 1024, 6) : String(Math.floor(r.gpuMem / 1024))));

/** Every process column. Order is the order of `--list-fields` and the TUI field chooser. */
export const PROCESS_FIELDS: readonly ProcField[] = [
  f('pid', ['tgid'], 'PID', 5, 'right', 'process id', ['stat'],
    (r) => r.pid, (r) => String(r.pid), { hotkey: 'N', descByDefault: false, pidColumn: true, portable: true }),
  f('ppid', [], 'PPID', 5, 'right', 'parent process id', ['stat'],
    (r) => r.ppid, (r) => String(r.ppid), { descByDefault: false, pidColumn: true, portable: true }),
  f('pgid', ['pgrp'], 'PGID', 5, 'right', 'process group id', ['stat'],
    (r) => r.pgrp, (r) => String(r.pgrp), { descByDefault: false, pidColumn: true }),
  f('sid', ['sess', 'session'], 'SID', 5, 'right', 'session id', ['stat'],
    (r) => r.session, (r) => String(r.session), { descByDefault: false, pidColumn: true }),
  f('uid', ['euid'], 'UID', 5, 'right', 'effective user id', ['uid'],
    (r) => r.uid, (r) => num(r.uid), { descByDefault: false }),
  f('user', ['euser', 'uname'], 'USER', 8, 'left', 'effective user name (8 columns, longer names end in +)',
    ['uid'], (r) => r.user ?? r.uid, (r, ctx) => user8(r.user ?? (r.uid === null ? '?' : String(r.uid)), ctx.width),
    { descByDefault: false, portable: true }),
  f('pcpu', ['%cpu', 'cpu', 'CPU%'], '%CPU', 4, 'right',
    'CPU use, percent of one CPU: lifetime average (ps) or since the previous refresh (top)', ['stat'],
    (r, ctx) => pcpuValue(r, ctx),
    (r, ctx) => {
      if (isTop(ctx)) return topPercent(topPcpu(r, ctx), 5);
      if (ctx.interval !== null && r.cpuDeltaTicks !== null) return tenths(Math.floor(topPcpu(r, ctx) * 10));
      return tenths(psPcpuTenths(r, ctx));
    }, { hotkey: 'P', portable: true }),
  f('pmem', ['%mem', 'mem', 'MEM%'], '%MEM', 4, 'right', 'resident memory, percent of MemTotal', ['stat', 'rss'],
    (r, ctx) => (ctx.memTotal > 0 ? roundPct((rssBytes(r, ctx) * 100) / ctx.memTotal) : 0),
    (r, ctx) => {
      if (ctx.memTotal <= 0) return isTop(ctx) ? '0.0' : '0.0';
      if (isTop(ctx)) return topPercent((rssBytes(r, ctx) * 100) / ctx.memTotal, 5);
      const t = Math.min(999, Math.floor((Math.floor(rssBytes(r, ctx) / 1024) * 1000) / Math.floor(ctx.memTotal / 1024)));
      return tenths(t);
    }, { hotkey: 'M', portable: true }),
  f('vsz', ['vsize'], 'VSZ', 6, 'right', 'virtual memory size, KiB (bytes in JSON)', ['stat'],
    (r) => r.vsize, (r) => String(Math.floor(r.vsize / 1024)), { portable: true }),
  f('rss', ['rssize', 'rsz'], 'RSS', 5, 'right', 'resident set size, KiB (bytes in JSON)', ['stat', 'rss'],
    (r, ctx) => rssBytes(r, ctx), (r, ctx) => String(Math.floor(rssBytes(r, ctx) / 1024)), { portable: true }),
  f('virt', [], 'VIRT', 7, 'right', "virtual memory, KiB scaled as top does (bytes in JSON)", ['stat'],
    (r) => r.vsize, (r, ctx) => topScaleKib(r.vsize / 1024, 7, ctx.topTaskScale), { portable: true }),
  f('res', [], 'RES', 6, 'right', 'resident memory, KiB scaled as top does (bytes in JSON)', ['stat', 'rss'],
    (r, ctx) => rssBytes(r, ctx), (r, ctx) => topScaleKib(rssBytes(r, ctx) / 1024, 6, ctx.topTaskScale), { portable: true }),
  f('shr', ['share'], 'SHR', 6, 'right', 'shared resident memory (statm), KiB scaled as top does (bytes in JSON)',
    ['statm'], (r, ctx) => (r.sharedPages == null ? null : r.sharedPages * ctx.pageSize),
    (r, ctx) => (r.sharedPages == null ? '-' : topScaleKib((r.sharedPages * ctx.pageSize) / 1024, 6, ctx.topTaskScale))),
  f('tty', ['tname', 'tt'], 'TT', 8, 'left', 'controlling terminal (? when none)', ['stat'],
    (r) => r.ttyName ?? ttyName(r.ttyNr), (r) => r.ttyName ?? ttyName(r.ttyNr), { descByDefault: false, portable: true }),
  f('stat', [], 'STAT', 4, 'left', 'state letter and flags < N L s l +', ['stat', 'locked'],
    (r) => statFlags(r), (r) => statFlags(r), { descByDefault: false }),
  f('state', ['s'], 'S', 1, 'left', 'state letter: R S D Z T t I X', ['stat'],
    (r) => r.state, (r) => r.state, { descByDefault: false, portable: true }),
  f('start', ['start_time', 'stime'], 'START', 5, 'right',
    'start time: HH:MM today, MonDD this year, else the year (seconds since the epoch in JSON)', ['stat'],
    (r, ctx) => Math.floor(startEpoch(r, ctx)), (r, ctx) => psStart(startEpoch(r, ctx), ctx.now), { portable: true }),
  f('time', ['cputime'], 'TIME', 8, 'right', 'CPU time [DD-]HH:MM:SS (seconds in JSON)', ['stat'],
    (r, ctx) => cpuTicks(r) / ctx.hz, (r, ctx) => psTime(cpuTicks(r) / ctx.hz), { portable: true }),
  f('bsdtime', [], 'TIME', 6, 'right', 'CPU time M:SS, as ps aux shows it (seconds in JSON)', ['stat'],
    (r, ctx) => cpuTicks(r) / ctx.hz,
    (r, ctx) => {
      const t = Math.floor(cpuTicks(r) / ctx.hz);
      return `${Math.floor(t / 60)}:${two(t % 60)}`;
    }, { portable: true }),
  f('time+', ['timeplus'], 'TIME+', 9, 'right', "CPU time M:SS.hh, as top shows it (seconds in JSON)", ['stat'],
    (r, ctx) => topTicks(r, ctx) / ctx.hz, (r, ctx) => topTimePlus(topTicks(r, ctx), ctx.hz), { hotkey: 'T', portable: true }),
  f('etime', ['ELAPSED'], 'ELAPSED', 11, 'right', 'time since start [[DD-]HH:]MM:SS (seconds in JSON)', ['stat'],
    (r, ctx) => elapsedSeconds(r, ctx), (r, ctx) => psEtime(elapsedSeconds(r, ctx)), { portable: true }),
  f('c', ['cp'], 'C', 2, 'right', 'lifetime CPU use, integer percent capped at 99 (ps -f)', ['stat'],
    (r, ctx) => psC(r, ctx), (r, ctx) => String(psC(r, ctx)), { portable: true }),
  f('ni', ['nice'], 'NI', 3, 'right', 'nice value (- for real-time tasks in ps)', ['stat'],
    (r) => r.nice, (r, ctx) => (isTop(ctx) || hasNice(r) ? String(r.nice) : '-'), { portable: true }),
  f('pri', [], 'PRI', 3, 'right', 'priority as ps -o pri shows it (39 - kernel priority; higher runs first)', ['stat'],
    (r) => 39 - r.priority, (r) => String(39 - r.priority), { portable: true }),
  f('pr', ['priority'], 'PR', 3, 'right', 'kernel priority as top shows it (rt for real-time)', ['stat'],
    (r) => r.priority, (r) => (r.priority < -99 ? 'rt' : String(r.priority)), { portable: true }),
  f('psr', ['cpuid', 'P'], 'PSR', 3, 'right', 'CPU the task last ran on', ['stat'],
    (r) => r.processor, (r) => String(r.processor)),
  f('nlwp', ['thcount', 'threads', 'nTH'], 'NLWP', 4, 'right', 'number of threads', ['stat'],
    (r) => r.numThreads, (r) => String(r.numThreads)),
  f('maj_flt', ['majflt'], 'MAJFL', 5, 'right', 'major page faults', ['stat'],
    (r) => r.majflt, (r) => String(r.majflt)),
  f('min_flt', ['minflt'], 'MINFL', 5, 'right', 'minor page faults', ['stat'],
    (r) => r.minflt, (r) => String(r.minflt)),
  f('comm', ['ucmd', 'ucomm'], 'COMMAND', 15, 'left',
    'command name from stat (as procps 4 prints it: no <defunct>, which only args adds)', ['stat'],
    (r) => r.comm,
    (r) => r.comm,
    { descByDefault: false, portable: true }),
  f('args', ['cmd', 'command'], 'COMMAND', 7, 'left',
    'command line; [comm] when empty (kernel threads), [comm] <defunct> for zombies', ['stat', 'cmdline'],
    (r) => argsText(r), (r) => argsText(r), { descByDefault: false, portable: true }),
  ...PROCESS_IO_FIELDS,
  GPU_MEM_FIELD,
];

function argsText(r: ProcessRow): string {
  if (r.state === 'Z') return `[${r.comm}] <defunct>`;
  if (r.cmdline === null || r.cmdline.length === 0) return `[${r.comm}]`;
  return r.cmdline.length === 1 ? r.cmdline[0]! : r.cmdline.join(' ');
}

/** The process field registry. */
export const processFields = new FieldRegistry<ProcessRow>('process', withContainerFields(PROCESS_FIELDS));

/** Column lists of the classic layouts (field keys, with `key=HEADER` where the header differs). */
export const PS_FORMATS = {
  /** ps aux / ps u */
  user: 'user,pid,pcpu,pmem,vsz,rss,tty=TTY,stat,start,bsdtime,args',
  /** ps -f */
  full: 'user=UID,pid,ppid,c,start=STIME,tty=TTY,time,args=CMD',
  /** ps (no options), ps -e */
  basic: 'pid,tty=TTY,time,comm=CMD',
  /** ps ax / ps x (BSD job format without u) */
  bsd: 'pid,tty=TTY,stat,bsdtime,args',
  /** top's task table */
  top: 'pid,user,pr,ni,virt,res,shr,state,pcpu,pmem,time+,comm',
} as const;
