import type { ProcessRow } from '../../core/process.js';
import { ToolError } from '../../core/errors.js';
import { TOP_FIELD_NAMES, topSortField } from '../../fields/top-fields.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { UserNames } from '../../source/users.js';
import type { SortKey } from '../../fields/registry.js';
import type { RawTopOpts } from '../commands/top.js';

/** A checked top command line. */
export interface TopOptions {
  /** Frames to print; Infinity = until interrupted. */
  iterations: number;
  /** Seconds between frames. */
  delay: number;
  sort: SortKey<ProcessRow>;
  pids: number[] | null;
  /** Uid to keep (-u: the effective one; -U: real, effective, saved or filesystem); null = everyone. */
  user: { uid: number; any: boolean } | null;
  commandLine: boolean;
  /** Line width; null = decide from the terminal / $COLUMNS / 80. */
  width: number | null;
  json: boolean;
  /** `--container`: memory figures (and %MEM) against the cgroup's limit. */
  container: boolean;
  /** -H: a line per thread. */
  threads: boolean;
  /** -i: hide tasks that used no CPU since the previous frame. */
  hideIdle: boolean;
  /** -E: unit of the summary's memory lines, 0 KiB ... 5 EiB (default 1, MiB). */
  summaryScale: number;
  /** -e: smallest unit of the task table's memory cells, 0 KiB ... 4 PiB (default 0). */
  taskScale: number;
  /** -S: TIME+ includes dead children's CPU time. */
  cumulative: boolean;
  /** -1: a %Cpu line per CPU (two abreast, the memory lines beside each other too). */
  perCpu: boolean;
  /** -O came before any bad option: print the field names and stop. */
  listFields: boolean;
}

/** `top -O`: every field name top knows. */
export function topFieldNames(): readonly string[] {
  return TOP_FIELD_NAMES;
}

/** top's usage errors: its message after the program name, exit 1. */
function topError(message: string): ToolError {
  return new ToolError(message, 1);
}

/** -E/-e's letter as a unit index: k m g t p e, either case (top lowercases it); `max` the last allowed. */
function scale(arg: string, max: number): number {
  const i = 'kmgtpe'.indexOf(arg.toLowerCase());
  if (arg.length !== 1 || i < 0 || i > max) throw topError(`bad memory scaling arg '${arg}'`);
  return i;
}

/** A -u/-U argument as a uid: a number as given (top takes any), else a name of the passwd database. */
function userUid(arg: string, fs: ProcFs): number {
  if (arg === '') throw topError('-u argument missing');
  if (/^\d+$/.test(arg)) return Number(arg);
  const uid = new UserNames(fs).uidOf(arg);
  if (uid === undefined) throw topError('Invalid user');
  return uid;
}

/** How many pids -p takes, all -p options together (top's MONPIDMAX). */
const MAX_PIDS = 20;

/**
 * One -p argument as top reads it: from each comma on, `sscanf("%d")` of the rest (blanks before, anything
 * after the digits ignored), refused when the rest holds `+`, `-` or `.` anywhere; 0 is top itself; a pid
 * given twice counts once; more than 20 is top's limit.
 */
function addPids(pids: number[], arg: string): number[] {
  const out = [...pids];
  let rest = arg;
  do {
    if (out.length >= MAX_PIDS) throw topError(`pid limit (${MAX_PIDS}) exceeded`);
    const m = /^\s*(\d+)/.exec(rest);
    if (!m || /[+\-.]/.test(rest)) throw topError(`bad pid '${rest}'`);
    // %d keeps the low 32 bits of a longer number.
    let pid = Number(BigInt.asIntN(32, BigInt(m[1]!)));
    if (pid < 0) throw topError(`bad pid '${rest}'`);
    if (pid === 0) pid = process.pid;
    if (!out.includes(pid)) out.push(pid);
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    rest = rest.slice(comma + 1);
  } while (rest !== '');
  return out;
}

/** The field `-o` names: top's own (as `top -O` lists them, case-sensitively), or sysmon's container columns. */
function sortField(spec: string): SortKey<ProcessRow> {
  let name = spec;
  let desc: boolean | null = null;
  if (spec.startsWith('+')) {
    desc = true; // top: + forces high to low
    name = spec.slice(1);
  } else if (spec.startsWith('-')) {
    desc = false;
    name = spec.slice(1);
  }
  const field = topSortField(name);
  if (!field) throw topError(`unrecognized field name '${name}'`);
  // top sorts high to low whatever the field (its R key reverses); `-FIELD` asks for low to high.
  return { field, desc: desc ?? true };
}

/**
 * Check the raw options in the order they were given, as top does (the first bad one is reported); every
 * mistake is top's message with exit status 1. `-O` stops the checks where it stands.
 */
export function parseTopOptions(raw: RawTopOpts, fs: ProcFs): TopOptions {
  const o: TopOptions = {
    iterations: Infinity, delay: 3, sort: sortField('%CPU'), pids: null, user: null, commandLine: false,
    width: null, json: Boolean(raw.json), container: Boolean(raw.container), threads: false, hideIdle: false,
    summaryScale: 1, taskScale: 0, cumulative: false, perCpu: false, listFields: false,
  };
  const seen = raw.seen ?? [];
  for (const [name, value] of seen) {
    if (name === 'list-fields') {
      o.listFields = true;
      return o;
    }
    check(name, value, o, fs);
  }
  return o;
}

/** top's toggles (-S, -1, -c, -i, -H): each time one is given it flips its option. */
const TOGGLES = new Map<string, 'cumulative' | 'perCpu' | 'commandLine' | 'hideIdle' | 'threads'>([
  ['accum-time-toggle', 'cumulative'],
  ['single-cpu-toggle', 'perCpu'],
  ['cmdline-toggle', 'commandLine'],
  ['idle-toggle', 'hideIdle'],
  ['threads-show', 'threads'],
]);

/** One option as given: toggles flip, the others are checked and take their argument. */
function check(name: string, value: string | boolean | undefined, o: TopOptions, fs: ProcFs): void {
  const arg = typeof value === 'string' ? value : '';
  const toggle = TOGGLES.get(name);
  if (toggle !== undefined) {
    o[toggle] = !o[toggle];
    return;
  }
  switch (name) {
    case 'iterations':
      if (!/^\d+$/.test(arg) || Number(arg) < 1) throw topError(`bad iterations argument '${arg}'`);
      o.iterations = Number(arg);
      break;
    case 'delay': {
      const d = Number(arg);
      if (arg.trim() === '' || !Number.isFinite(d)) throw topError(`bad delay interval '${arg}'`);
      if (d < 0) throw topError('-d requires positive argument');
      o.delay = d;
      break;
    }
    case 'sort-override':
      o.sort = sortField(arg);
      break;
    case 'pid':
      if (o.user !== null) throw topError('conflicting process selections (U/p/u)');
      o.pids = addPids(o.pids ?? [], arg);
      break;
    case 'filter-only-euser':
    case 'filter-any-user':
      if (o.pids !== null || o.user !== null) throw topError('conflicting process selections (U/p/u)');
      o.user = { uid: userUid(arg, fs), any: name === 'filter-any-user' };
      break;
    case 'width':
      if (value === true) o.width = 512;
      else {
        const w = Number(arg);
        if (!/^\d+$/.test(arg) || w < 1 || w > 512) throw topError(`bad width arg '${arg}'`);
        o.width = w;
      }
      break;
    case 'scale-summary-mem':
      o.summaryScale = scale(arg, 5);
      break;
    case 'scale-task-mem':
      o.taskScale = scale(arg, 4);
      break;
    default:
      break;
  }
}
