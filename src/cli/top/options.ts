import type { ProcessRow } from '../../core/process.js';
import { ToolError } from '../../core/errors.js';
import { processFields } from '../../fields/process-fields.js';
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
  /** Effective user name or id to keep; null = everyone. */
  user: string | null;
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
}

/** The field names top -O prints (procps-ng 4.0.2), in its order. */
const TOP_FIELD_NAMES = ('PID PPID UID USER RUID RUSER SUID SUSER GID GROUP PGRP TTY TPGID SID PR NI nTH P %CPU TIME ' +
  'TIME+ %MEM VIRT SWAP RES CODE DATA SHR nMaj nMin nDRT S COMMAND WCHAN Flags CGROUPS SUPGIDS SUPGRPS TGID OOMa ' +
  'OOMs ENVIRON vMj vMn USED nsIPC nsMNT nsNET nsPID nsUSER nsUTS LXC RSan RSfd RSlk RSsh CGNAME NU LOGID EXE RSS ' +
  'PSS PSan PSfd PSsh USS ioR ioRop ioW ioWop AGID AGNI STARTED ELAPSED %CUU %CUC nsCGROUP nsTIME').split(' ');

/** `top -O`: every field name top knows. */
export function topFieldNames(): string[] {
  return TOP_FIELD_NAMES;
}

/** top's usage errors: its message after the program name, exit 1. */
function topError(message: string): ToolError {
  return new ToolError(message, 1);
}

/** Check the raw options; every mistake is top's message with exit status 1. */
export function parseTopOptions(raw: RawTopOpts): TopOptions {
  let iterations = Infinity;
  if (raw.iterations !== undefined) {
    if (!/^\d+$/.test(raw.iterations) || Number(raw.iterations) < 1) {
      throw topError(`bad iterations argument '${raw.iterations}'`);
    }
    iterations = Number(raw.iterations);
  }
  let delay = 3;
  if (raw.delay !== undefined) {
    const d = Number(raw.delay);
    if (raw.delay.trim() === '' || !Number.isFinite(d)) throw topError(`bad delay interval '${raw.delay}'`);
    if (d < 0) throw topError('-d requires positive argument');
    delay = d;
  }
  const spec = raw.sort ?? '%CPU';
  let name = spec;
  let desc: boolean | null = null;
  if (spec.startsWith('+')) {
    desc = true; // top: + forces high to low
    name = spec.slice(1);
  } else if (spec.startsWith('-')) {
    desc = false;
    name = spec.slice(1);
  }
  const field = processFields.find(name);
  if (!field) throw topError(`unrecognized field name '${name}'`);
  // top sorts high to low whatever the field (its R key reverses); `-FIELD` asks for low to high.
  const sort = { field, desc: desc ?? true };

  let pids: number[] | null = null;
  if (raw.pid !== undefined) {
    pids = raw.pid.flatMap((v) => v.split(',')).filter((s) => s.length > 0).map((p) => {
      if (!/^\d+$/.test(p) || Number(p) < 1) throw topError(`bad pid '${p}'`);
      return Number(p);
    });
  }
  if (pids !== null && raw.user !== undefined) throw topError('conflicting process selections (U/p/u)');
  let width: number | null = null;
  if (raw.width === true) width = 512;
  else if (typeof raw.width === 'string') {
    const w = Number(raw.width);
    if (!/^\d+$/.test(raw.width) || w < 1) throw topError(`bad width arg '${raw.width}'`);
    width = Math.min(512, w);
  }
  return {
    iterations,
    delay,
    sort,
    pids,
    user: raw.user ?? null,
    commandLine: Boolean(raw.command),
    width,
    json: Boolean(raw.json),
    container: Boolean(raw.container),
    threads: Boolean(raw.threadsShow),
    hideIdle: Boolean(raw.idleToggle),
  };
}
