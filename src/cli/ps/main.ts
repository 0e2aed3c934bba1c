import { readOwnCgroup } from '../../collectors/own-cgroup.js';
import { containerMemInfo } from '../../core/container.js';
import { ProcessCollector } from '../../collectors/process-collector.js';
import { ProcTaskFiles, TaskFilesShared } from '../../collectors/task-files.js';
import { SystemCollector } from '../../collectors/system-collector.js';
import type { ProcessRow } from '../../core/process.js';
import { ToolError } from '../../core/errors.js';
import { psSpec, psSpecFields } from '../../fields/ps-specs.js';
import { sortRows as sortByKeys, type Field, type FormatContext, type Source } from '../../fields/registry.js';
import { mayBeTerminal, out, OutputLines, outJson } from '../../format/output.js';
import { PS_OUTBUF, PsLinePrinter, type PsNode } from '../../format/ps-show.js';
import { parseGroupFile, parseStatFields } from '../../parsers/proc-keyed.js';
import { parseProcPidStatInto } from '../../parsers/proc-pid-stat.js';
import { pageSize, USER_HZ } from '../../source/machine.js';
import { pidDigits } from '../../source/pid-max.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { ttyDevice } from '../../source/tty-device.js';
import { UserNames } from '../../source/users.js';
import { nowMs } from '../clock.js';
import { invokedAs } from '../invoked-as.js';
import { parsePsArgv, type PsArgs, type SelNode } from './argv.js';
import { buildFormats, type PsFormats, type PsSortKey } from './formats.js';
import { PS_JSON_DEFAULT_SPECS, psHelp, psListFields } from './texts.js';
import { versionText, viaLink } from '../drop-in.js';
import { withSmallScanJit } from '../one-shot-jit.js';

/** How the terminal looks to ps: columns and rows when stdout (or stderr, stdin) is one. */
export interface PsTerminal {
  stdoutIsTty: boolean;
  columns: number | undefined;
  rows: number | undefined;
}

function terminal(): PsTerminal {
  // A stream only for what may be a terminal: building process.stdout for a pipe or a file costs ~2.5 ms.
  const o = mayBeTerminal(1) && process.stdout.isTTY ? process.stdout : null;
  const e = o === null && mayBeTerminal(2) && process.stderr.isTTY ? process.stderr : null;
  const t = o ?? e;
  return { stdoutIsTty: o !== null, columns: t?.columns, rows: t?.rows };
}

function envNumber(v: string | undefined): number | null {
  if (!v || !/^\s*\d+$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && n < PS_OUTBUF ? n : null;
}

/** set_screen_size and choose_dimensions: the width ps lays lines out in. */
function screenSize(a: PsArgs, t: PsTerminal, env: NodeJS.ProcessEnv): { cols: number; rows: number } {
  let cols = t.columns && t.columns > 0 ? t.columns : 80;
  let rows = t.rows && t.rows > 0 ? t.rows : 24;
  if (!t.stdoutIsTty) cols = PS_OUTBUF;
  cols = envNumber(env.COLUMNS) ?? cols;
  rows = envNumber(env.LINES) ?? rows;
  if (a.screenCols !== null) cols = a.screenCols;
  if (a.screenRows !== null) rows = a.screenRows;
  if (a.wCount && cols < 132) cols = 132;
  if (a.wCount > 1) cols = PS_OUTBUF;
  return { cols, rows };
}

/** sysmon's own additions to ps's command line, taken out before procps's parser sees it. */
export function ownOptions(argv: readonly string[]): {
  rest: string[]; json: boolean; listFields: boolean; container: boolean; at?: string; db?: string;
} {
  let json = false;
  let listFields = false;
  let container = false;
  const valued: { at?: string; db?: string } = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(at|db)(?:=(.*))?$/s.exec(a);
    if (a === '--json') json = true;
    else if (a === '--list-fields') listFields = true;
    else if (a === '--container') container = true;
    else if (m) {
      const v = m[2] ?? argv[++i];
      if (v === undefined) throw new ToolError(`option --${m[1]} requires an argument`, 1);
      valued[m[1] as 'at' | 'db'] = v;
    } else rest.push(a);
  }
  return { rest, json, listFields, container, ...valued };
}

/** Rows and context of a recorded snapshot (`ps --at`) or of the portable backend, instead of a reading of /proc. */
export interface PsRecorded {
  rows: ProcessRow[];
  ctx: FormatContext;
}

/** `sysmon ps ARGS...`: returns the exit status. */
export function psMain(fs: ProcFs, argvIn: readonly string[], env: NodeJS.ProcessEnv = process.env, term = terminal(), recorded?: PsRecorded): number {
  const own = ownOptions(argvIn);
  if (own.listFields) {
    out(psListFields());
    return 0;
  }
  // A bare `sysmon ps` lists every process in the aux columns (documented); through a `ps` link, bare ps is
  // procps's: the processes of this terminal.
  const argv = own.rest.length === 0 && invokedAs() !== 'ps' ? ['aux'] : own.rest;
  const users = new UserNames(fs);
  let groups: Map<number, string> | null = null;
  const gidOf = (name: string): number | undefined => {
    groups ??= parseGroupFile(fs.readText('/etc/group') ?? '');
    for (const [gid, n] of groups) if (n === name) return gid;
    return undefined;
  };
  const ownTty = Number(parseStatFields(fs.readText('/proc/self/stat') ?? '')?.[4] ?? 0);
  const digits = pidDigits(fs);
  let formats: PsFormats | null = null;
  const args = parsePsArgv(argv, {
    uidOf: (n) => users.uidOf(n),
    gidOf,
    ttyDevice: (p) => ttyDevice(fs, p),
    ownTty,
  }, (a) => {
    const r = buildFormats(a, env, digits);
    if (typeof r === 'string') return r;
    formats = r;
    return null;
  }, env);
  if (args.action === 'list') {
    out(psSpecFields().filter((f) => f.psListed).map((f) => `${f.key.padEnd(12).slice(0, 12)} ${f.header.slice(0, 8).padEnd(8)}\n`).join(''));
    return 0;
  }
  if (args.action === 'version') {
    out(versionText('ps', 'procps'));
    return 0;
  }
  if (args.action === 'help' || args.action === 'info') {
    out(psHelp(args.action === 'help' ? args.helpTopic ?? '' : '', viaLink() ? 'ps' : 'sysmon ps'));
    return 0;
  }
  checkConflicts(args, formats!);
  const f = formats as unknown as PsFormats;
  return show(fs, args, f, own.json, screenSize(args, term, env), ownTty, own.container, recorded);
}

/** arg_check_conflicts: -q's restrictions (plain messages, exit 1). */
function checkConflicts(a: PsArgs, f: PsFormats): void {
  const quick = a.selections.filter((s) => s.type === 'quick').length;
  if (quick > 1) throw new ToolError('q/-q/--quick-pid can only be used once.', 1);
  if (quick && a.selections.length > quick) throw new ToolError('q/-q/--quick-pid cannot be combined with other selection options.', 1);
  if (quick && a.forestType) throw new ToolError('q/-q/--quick-pid cannot be used together with forest type listings.', 1);
  if (quick && f.sortApply.length > 0) throw new ToolError('q/-q,--quick-pid cannot be used together with sort options.', 1);
  if (quick && a.negate) throw new ToolError('q/-q/--quick-pid cannot be used together with negation switches.', 1);
}

function needsOf(fields: readonly Field<ProcessRow>[], a: PsArgs): Set<Source> {
  const n = new Set<Source>(['stat']);
  for (const f of fields) for (const s of f.needs) n.add(s);
  for (const s of a.selections) {
    if (s.type === 'euid') n.add('uid');
    if (s.type === 'ruid' || s.type === 'rgid' || s.type === 'egid') n.add('files');
  }
  if (!a.allProcesses) n.add('uid');
  if (a.showEnv) n.add('files');
  return n;
}

function statusId(r: ProcessRow, key: 'Uid' | 'Gid', which: number): number | null {
  const v = r.files?.keyed('status')?.get(key);
  if (v === undefined) return null;
  const n = Number(v.split(/\s+/)[which]);
  return Number.isFinite(n) ? n : null;
}

/** proc_was_listed: does any selection list name this task? */
function listed(r: ProcessRow, sels: readonly SelNode[]): boolean {
  for (const s of sels) {
    let v: number | string | null;
    switch (s.type) {
      case 'ruid': v = statusId(r, 'Uid', 0); break;
      case 'euid': v = r.uid; break;
      case 'rgid': v = statusId(r, 'Gid', 0); break;
      case 'egid': v = statusId(r, 'Gid', 1); break;
      case 'pgrp': v = r.pgrp; break;
      case 'pid':
      case 'quick': v = r.tgid ?? r.pid; break;
      case 'ppid': v = r.ppid; break;
      case 'tty': v = r.ttyNr; break;
      case 'sess': v = r.session; break;
      case 'comm': {
        const c = r.comm;
        for (const x of s.values as string[]) {
          if (c.length === 15 && x.length >= 15 && x.slice(0, 15) === c) return true;
          if (x.slice(0, 63) === c) return true;
        }
        continue;
      }
    }
    if (v === null) continue;
    for (const x of s.values) if (((x as number) >>> 0) === (v >>> 0)) return true;
  }
  return false;
}

function wanted(r: ProcessRow, a: PsArgs, euid: number, ownTty: number): boolean {
  let ok = true;
  if (!a.allProcesses) {
    const bits = typeof a.selectBits === 'number' ? a.selectBits : 0;
    const useTable = a.simple.size > 0 || a.selections.length === 0;
    const idx = (r.uid === euid ? 1 : 0) | (r.session === (r.tgid ?? r.pid) ? 2 : 0) | (r.ttyNr === 0 ? 4 : 0) |
      (r.ttyNr === ownTty ? 8 : 0);
    ok = (useTable && (bits & (1 << idx)) !== 0) || listed(r, a.selections);
  }
  if (a.runningOnly && r.state !== 'R' && r.state !== 'D') ok = false;
  return a.negate ? !ok : ok;
}

/** Thread rows of a process (from /proc/PID/task), for -L, -T, -m, H. */
function threadRows(fs: ProcFs, p: ProcessRow, shared: TaskFilesShared | null): ProcessRow[] {
  const out: ProcessRow[] = [];
  for (const tid of fs.listTids(p.pid)) {
    // procps shows the main thread with the process's own figures (CPU times of the whole group).
    if (tid === p.pid) {
      out.push({ ...p, tgid: p.pid });
      continue;
    }
    const text = fs.readPidUtf8(p.pid, `task/${tid}/stat`);
    if (text === null) continue;
    const t: ProcessRow = { ...p, tgid: p.pid };
    if (!parseProcPidStatInto(text, t)) continue;
    if (shared !== null) t.files = new ProcTaskFiles(shared, p.pid, `task/${tid}/`);
    out.push(t);
  }
  // A zombie's task directory is empty: ps prints its one line.
  if (out.length === 0) out.push({ ...p, tgid: p.pid });
  return out;
}

/** procps applies its keys one stable sort at a time, the last applied the primary: one sort, keys reversed. */
function sortRows(rows: ProcessRow[], keys: readonly PsSortKey[], ctx: FormatContext): ProcessRow[] {
  return sortByKeys(rows, [...keys].reverse(), ctx);
}

const NOP: Field<ProcessRow> = psSpec('cmaj_flt')!;

/** procps lists_and_needs: for -m, thread-only columns print `-` on process lines and the reverse. */
function splitLists(nodes: readonly PsNode[], both: boolean): { proc: PsNode[]; task: PsNode[] } {
  if (!both) return { proc: [...nodes], task: [...nodes] };
  const proc = nodes.map((n) => (n.field?.psPrint === 'thread' ? { ...n, field: NOP } : n));
  const task = nodes.map((n) => (n.field?.psPrint === 'process' ? { ...n, field: NOP } : n));
  return { proc, task };
}

function show(fs: ProcFs, a: PsArgs, f: PsFormats, json: boolean, screen: { cols: number; rows: number }, ownTty: number, container = false, recorded?: PsRecorded): number {
  const jsonFields = json && !a.sf.some((s) => s.code !== 'G_sort' && s.code !== 'B_m')
    ? PS_JSON_DEFAULT_SPECS
    : f.nodes.flatMap((n) => (n.field ? [n.field] : []));
  const fields = [...(json ? jsonFields : f.nodes.flatMap((n) => (n.field ? [n.field] : []))), ...f.sortApply.map((k) => k.field)];
  const needs = needsOf(fields, a);
  // Recorded (--at) and portable-backend rows bring their context: /proc is not read for it.
  const ctx: FormatContext = recorded?.ctx ?? liveContext(fs, fields, container);
  const t = a.threadFlags;
  const showBoth = t.has('show_both');
  const threads = t.has('loose_tasks') || t.has('show_task');
  const euid = process.geteuid?.() ?? 0;
  const lists = splitLists(f.nodes, showBoth);
  const printer = new PsLinePrinter(f.nodes, ctx, {
    screenCols: screen.cols,
    cumulative: a.cumulative,
    showEnv: a.showEnv,
    commIsArgs: a.unixF,
    numeric: a.numeric,
    forestUnix: a.forestType === 'u',
  });
  // check_headers: no header without a named column; h/--headers repeat it every screenful.
  let lines = 1;
  let gap = -1;
  if (a.headerType === 'multi') gap = screen.rows - 1;
  else if (a.headerType === 'none' || !f.nodes.some((n) => n.field !== null && n.header !== '')) lines = -1;
  const output = new OutputLines();
  const emit = (r: ProcessRow, nodes: PsNode[], prefix: string): void => {
    if (!--lines) {
      lines = gap;
      output.line(printer.line(null, '', lines, lists.proc));
    }
    output.line(printer.line(r, prefix, lines, nodes));
  };

  const collector = new ProcessCollector(fs, new UserNames(fs));
  const quick = a.selections.find((s) => s.type === 'quick');
  // Rows in /proc's order, one line each, nothing sorted or grouped (ps aux): each line is made as its process
  // is read, and no row outlives its line.
  const streaming = !recorded && !json && !threads && !showBoth && !a.forestType && f.sortApply.length === 0;
  let rows: ProcessRow[];
  let shown = 0;
  if (recorded) rows = recorded.rows;
  else {
    const visit = streaming ? (r: ProcessRow): void => {
      if (!wanted(r, a, euid, ownTty)) return;
      shown++;
      emit(r, lists.proc, '');
    } : undefined;
    try {
      // The listing is taken here so that a small scan can run without TurboFan (see withSmallScanJit).
      const pids = quick ? quick.values as number[] : fs.listPids();
      rows = withSmallScanJit(pids.length, (interpreted) => collector.collect({ needs, oneShot: true, interpreted, pids, ...(visit ? { visit } : {}) }));
    } finally {
      collector.close();
    }
  }
  if (!streaming) {
    const shared = needs.has('files') ? new TaskFilesShared(fs) : null;
    // Threads come from /proc/PID/task at this moment: mixed into recorded or portable rows they would be
    // today's threads of whatever process has that pid now.
    if (threads && recorded) {
      throw new ToolError('thread options (-L, -T, -m, H) read /proc/PID/task live: not from a recording or the portable backend', 1);
    }
    if (threads) rows = rows.flatMap((p) => threadRows(fs, p, shared));
    rows = rows.filter((r) => wanted(r, a, euid, ownTty));

    let forest: string[] | null = null;
    if (a.forestType || f.sortApply.length > 0) {
      const keys = [...f.sortApply];
      if (a.forestType) {
        if (keys.length === 0) keys.unshift({ field: psSpec('ppid')!, desc: false });
        keys.unshift({ field: psSpec('start_time')!, desc: false });
      }
      rows = sortRows(rows, keys, ctx);
      if (a.forestType) ({ rows, forest } = forestOrder(rows, a.forestType));
    } else if (showBoth) {
      rows = sortRows(rows, [
        { field: psSpec('start_time')!, desc: false },
        { field: psSpec('tgid')!, desc: false },
      ], ctx);
    }

    if (json) {
      outJson(rows.map((r) => Object.fromEntries(jsonFields.map((x) => [x.key, x.value(r, ctx)]))));
      return rows.length > 0 ? 0 : 1;
    }

    if (showBoth && !threads) {
      for (const r of rows) emit(r, lists.proc, '');
    } else if (showBoth) {
      let prev = -1;
      for (const r of rows) {
        const tg = r.tgid ?? r.pid;
        if (tg !== prev) {
          emit({ ...r, pid: tg }, lists.proc, '');
          prev = tg;
        }
        emit(r, lists.task, '');
      }
    } else {
      rows.forEach((r, i) => emit(r, lists.proc, forest ? forest[i]! : ''));
    }
    shown = rows.length;
  }
  if (shown === 0) {
    if (!--lines) output.line(printer.line(null, '', lines, lists.proc));
    output.flush();
    return 1;
  }
  output.flush();
  return 0;
}

/** The context of a reading of /proc now: clock, boot time, page size, MemTotal (when %MEM is shown). */
function liveContext(fs: ProcFs, fields: readonly Field<ProcessRow>[], container: boolean): FormatContext {
  const system = new SystemCollector(fs);
  const stat = system.readStat();
  // --container: %MEM against the memory limit of sysmon's own cgroup instead of the host's MemTotal.
  const host = fields.some((x) => x.key === 'pmem' || x.key === '%mem') ? system.readMem() : null;
  const own = host !== null && container ? readOwnCgroup(fs) : null;
  const mem = host === null ? null : own === null ? host : containerMemInfo(host, own);
  return {
    now: nowMs(),
    uptime: system.readUptime(),
    btime: stat.btime,
    hz: USER_HZ,
    pageSize: pageSize(fs),
    memTotal: mem === null ? 0 : mem.MemTotal ?? 0,
    interval: null,
    cpuCount: Math.max(1, stat.perCpu.length),
    style: 'ps',
  };
}

/** show_forest / show_tree: the rows in tree order with each one's prefix. */
function forestOrder(rows: ProcessRow[], type: 'u' | 'b' | 'g'): { rows: ProcessRow[]; forest: string[] } {
  const n = rows.length;
  const outRows: ProcessRow[] = [];
  const outPrefix: string[] = [];
  const prefix: string[] = [];
  const pids = new Set(rows.map((r) => r.pid));
  const tree = (self: number, level: number, sibling: boolean, depth: number): void => {
    if (depth > 2000) return;
    if (level) prefix[level - 1] = sibling ? '+' : 'L';
    prefix.length = level;
    outRows.push(rows[self]!);
    outPrefix.push(prefix.join(''));
    let i = 0;
    while (i < n && rows[i]!.ppid !== rows[self]!.pid) i++;
    if (i >= n) return;
    if (level) prefix[level - 1] = sibling ? '|' : ' ';
    prefix.length = level;
    const selfPid = rows[self]!.pid;
    for (;;) {
      if (i >= n) break;
      const more = i + 1 < n && rows[i + 1]!.ppid === selfPid;
      if (selfPid === 1 && type !== 'u') tree(i++, level, more, depth + 1);
      else tree(i++, level + 1, more, depth + 1);
      if (!more) break;
    }
    prefix.length = level;
  };
  for (let i = n - 1; i >= 0; i--) {
    if (!pids.has(rows[i]!.ppid) || rows[i]!.ppid === rows[i]!.pid) tree(i, 0, false, 0);
  }
  return { rows: outRows, forest: outPrefix };
}
