import type { Command } from '../commander.js';
import { TOP_FIELD_NAMES } from '../../fields/top-field-names.js';
import { ToolError } from '../../core/errors.js';
import { backendFor } from '../backend.js';
import { dropIn, ToolUsageText } from '../drop-in.js';
import { examples, procFsFor, type CommandContext } from '../context.js';
import { addCommandLine, optionShape, type CommandLine, type Occurrence, type OptionSpec, type ParsedLine } from '../option-spec.js';

/** Raw options as commander hands them over; src/cli/top/options.ts checks them. */
export interface RawTopOpts {
  batchMode?: boolean;
  iterations?: string;
  delay?: string;
  sortOverride?: string;
  pid?: string[];
  filterOnlyEuser?: string;
  filterAnyUser?: string;
  cmdlineToggle?: boolean;
  width?: string | boolean;
  scaleSummaryMem?: string;
  scaleTaskMem?: string;
  json?: boolean;
  at?: string;
  db?: string;
  container?: boolean;
  threadsShow?: boolean;
  idleToggle?: boolean;
  listFields?: boolean;
  secureMode?: boolean;
  /** Every option given, in order, with the argument of that occurrence (top checks them one by one). */
  seen?: Array<[string, string | boolean | undefined]>;
}

function collect(value: string, previous: unknown): string[] {
  return [...((previous as string[] | undefined) ?? []), value];
}

/**
 * What top had seen when getopt met the bad option: -O (it lists the fields and ends well) or -b (then it
 * ends its batch output with a new line).
 */
function seenBeforeBadOption(cmd: Command, argv: readonly string[]): { listFields: boolean; batch: boolean } {
  const known = (t: string): boolean => cmd.options.some((o) => o.short === t || o.long === t.split('=')[0]);
  let batch = false;
  for (const t of argv) {
    if (t === '-O' || t === '--list-fields') return { listFields: true, batch };
    if (!t.startsWith('-') || t === '-') continue;
    // A cluster of known letters (-bn1 reads as -b -n 1 closely enough here) is fine; anything else is the bad one.
    const ok = known(t) || (!t.startsWith('--') && t.slice(1).split('').every((c) => known(`-${c}`) || /\d/.test(c)));
    if (!ok) break;
    if (t === '--batch-mode' || (!t.startsWith('--') && /^-[^\d]*b/.test(t))) batch = true;
  }
  return { listFields: false, batch };
}

/** top's options, in the order its help lists them. */
const OPTIONS: readonly OptionSpec[] = [
  { flags: '-b, --batch-mode', description: 'run in non-interactive batch mode (without -b, -n or --json at a terminal, `sysmon top` opens the dashboard)' },
  { flags: '-c, --cmdline-toggle', description: 'COMMAND shows the command line instead of the name' },
  { flags: '-d, --delay <SECS>', description: 'seconds between frames, fractions allowed (default 3)' },
  { flags: '-E, --scale-summary-mem <SCALE>', description: 'summary memory in k, m (default), g, t, p or e (KiB ... EiB)' },
  { flags: '-e, --scale-task-mem <SCALE>', description: 'task memory from k (default), m, g, t or p on' },
  { flags: '-H, --threads-show', description: 'one line per thread' },
  { flags: '-i, --idle-toggle', description: 'hide tasks that used no CPU since the previous frame' },
  { flags: '-n, --iterations <NUMBER>', description: 'stop after NUMBER frames (default: run until interrupted)' },
  { flags: '-O, --list-fields', description: "print top's field names, one a line, and exit" },
  { flags: '-o, --sort-override <FIELD>', description: 'sort on this field, one of top -O (+FIELD high to low, -FIELD low to high)' },
  { flags: '-p, --pid <PIDLIST>', description: 'only these process ids (comma list, repeatable)', parse: collect },
  { flags: '-S, --accum-time-toggle', description: 'TIME+ includes the CPU time of dead children (given twice: off again)' },
  { flags: '-s, --secure-mode', description: 'secure mode (batch output is the same: it only limits interactive commands)' },
  { flags: '-U, --filter-any-user <USER>', description: 'only processes with USER as real, effective, saved or filesystem user' },
  { flags: '-u, --filter-only-euser <USER>', description: 'only processes of this effective user (name or id)' },
  { flags: '-w, --width [COLUMNS]', description: 'line width (default: terminal, else $COLUMNS, else 80; -w alone: 512)' },
  { flags: '-1, --single-cpu-toggle', description: 'a %Cpu line per CPU, two abreast (given twice: off again)' },
  { flags: '--json', description: 'one JSON object per frame per line: summary and tasks, in bytes/seconds/percent' },
  { flags: '--at <TIME>', description: 'frames of the samples recorded from TIME on (-n of them; "10 min ago", 03:00, ISO-8601)' },
  { flags: '--db <PATH>', description: 'history database for --at (default: the one `sysmon record` writes)' },
  { flags: '--container', description: 'memory figures of the cgroup sysmon runs in (its limit as total), not the host\'s' },
];

/** top's command line. */
export const line: CommandLine = {
  options: OPTIONS,
  operands: 'none',
  run: (parsed: ParsedLine, seen: readonly Occurrence[], ctx: CommandContext) =>
    runTopLine({ ...(parsed.opts as RawTopOpts), seen: seen.map(([o, v]) => [optionShape(o).name, v ?? true]) }, ctx),
};

async function runTopLine(raw: RawTopOpts, command: CommandContext): Promise<void> {
  // Plain `sysmon top` at a terminal is what `top` is there: the interactive screen. -b, -n, --json or a
  // pipe ask for batch frames.
  const interactive = raw.at === undefined && !raw.listFields && !raw.batchMode && !raw.json && raw.iterations === undefined && raw.pid === undefined &&
    raw.cmdlineToggle === undefined && raw.width === undefined && process.stdout.isTTY === true &&
    process.stdin.isTTY === true;
  if (interactive) {
    const { runDashboard } = await import('../dashboard/run.js');
    await runDashboard(command, {
      ...(raw.delay !== undefined ? { delay: raw.delay } : {}),
      ...(raw.filterOnlyEuser !== undefined ? { user: raw.filterOnlyEuser } : {}),
      ...(raw.sortOverride !== undefined ? { sort: raw.sortOverride } : {}),
    });
    return;
  }
  const { parseTopOptions, topFieldNames } = await import('../top/options.js');
  const fs = procFsFor(command);
  const opts = parseTopOptions(raw, fs);
  if (raw.listFields) {
    process.stdout.write(topFieldNames().join('\n') + '\n');
    return;
  }
  if (raw.at === undefined && raw.db === undefined && backendFor(command) === 'portable') {
    const { runTopPortable } = await import('../top/run-portable.js');
    await runTopPortable(opts, fs);
    return;
  }
  if (raw.at !== undefined || raw.db !== undefined) {
    const { topAt } = await import('../history/one-shots.js');
    await topAt(fs, opts, raw.at, raw.db);
    return;
  }
  const { runTop } = await import('../top/run.js');
  await runTop(fs, opts);
}

/** `sysmon top -b`: procps top's batch frames (summary lines and the task table), or NDJSON frames. */
export function register(program: Command): void {
  const cmd = program
    .command('top')
    .description('batch-mode top: summary and task table every DELAY seconds (procps top -b)')
    .helpOption('-h, --help', 'display this help text, then exit');
  addCommandLine(cmd, line);
  // top's getopt errors: the message on stderr, status 0, and (after -b) a new line on stdout.
  dropIn(cmd, 'top', {
    getoptError: (line) => {
      // top handles -O as getopt meets it: an -O before the bad option lists the fields and ends well.
      // The program has parsed its own options by now: its args are this command's name and what follows.
      const seen = seenBeforeBadOption(cmd, (cmd.parent?.args ?? []).slice(1));
      if (seen.listFields) {
        process.stdout.write(TOP_FIELD_NAMES.join('\n') + '\n');
        throw new ToolUsageText('', 0); // listed: status 0, nothing more to say
      }
      if (seen.batch) process.stdout.write('\n');
      throw new ToolError(line, 0);
    },
  });
  cmd
    .addHelpText(
      'after',
      examples([
        'sysmon top -b -n 2           two frames; the second shows %CPU over the delay',
        'sysmon top -b -n 1 -o %MEM   one frame, biggest resident memory first',
        'sysmon top -b -d 0.5 -p 1,2  two processes, twice a second',
        'sysmon top -b -u root -c     root\'s processes with full command lines',
        'sysmon top -b -n 3 --json    NDJSON, one frame a line',
      ]),
    );
}
