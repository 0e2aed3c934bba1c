import type { Command } from '../commander.js';
import { ToolError } from '../../core/errors.js';
import { backendFor } from '../backend.js';
import { examples, procFsFor, type CommandContext } from '../context.js';
import { dropIn } from '../drop-in.js';
import { addCommandLine, type CommandLine, type Occurrence, type OptionSpec, type ParsedLine } from '../option-spec.js';

/** Unit options, each as procps spells it, with its exponent and whether it counts in powers of 1000. */
const UNIT_OPTIONS: ReadonlyMap<OptionSpec, { exponent: number; si: boolean }> = new Map(
  ([
    ['-b, --bytes', 'show output in bytes', 1, false],
    ['--kilo', 'show output in kilobytes', 2, true],
    ['--mega', 'show output in megabytes', 3, true],
    ['--giga', 'show output in gigabytes', 4, true],
    ['--tera', 'show output in terabytes', 5, true],
    ['--peta', 'show output in petabytes', 6, true],
    ['-k, --kibi', 'show output in kibibytes (the default)', 2, false],
    ['-m, --mebi', 'show output in mebibytes', 3, false],
    ['-g, --gibi', 'show output in gibibytes', 4, false],
    ['--tebi', 'show output in tebibytes', 5, false],
    ['--pebi', 'show output in pebibytes', 6, false],
  ] as const).map(([flags, description, exponent, si]) => [{ flags, description }, { exponent, si }]),
);

/** free's options, in the order its help lists them. */
const OPTIONS: readonly OptionSpec[] = [
  ...UNIT_OPTIONS.keys(),
  { flags: '-h, --human', description: 'show human-readable output (8.6Mi, 23Gi)' },
  { flags: '--si', description: 'use powers of 1000 not 1024' },
  { flags: '-l, --lohi', description: 'show detailed low and high memory statistics' },
  { flags: '-t, --total', description: 'show total for RAM + swap' },
  { flags: '-v, --committed', description: 'show committed memory and commit limit' },
  { flags: '-s, --seconds <N>', description: 'repeat printing every N seconds (fractions allowed)' },
  { flags: '-c, --count <N>', description: 'repeat printing N times, then exit' },
  { flags: '-w, --wide', description: 'wide output: buffers and cache in separate columns' },
  { flags: '--json', description: 'print JSON in bytes (one object a line with -s/-c)' },
  { flags: '--at <TIME>', description: 'memory as recorded at TIME ("10 min ago", 03:00, "yesterday 14:30", ISO-8601)' },
  { flags: '--db <PATH>', description: 'history database for --at (default: the one `sysmon record` writes)' },
  { flags: '--container', description: 'memory figures of the cgroup sysmon runs in (its limit as total), not the host\'s' },
];

interface RawFreeOpts {
  human?: boolean;
  si?: boolean;
  lohi?: boolean;
  total?: boolean;
  committed?: boolean;
  wide?: boolean;
  json?: boolean;
  seconds?: string;
  count?: string;
  at?: string;
  db?: string;
  container?: boolean;
}

/** free's command line: its options, getopt's refusal of a second unit, and the run. */
export const line: CommandLine = {
  options: OPTIONS,
  operands: 'none',
  check(seen: readonly Occurrence[]): void {
    // free rejects a second unit option (even the same one twice) as getopt meets it.
    if (UNIT_OPTIONS.has(seen[seen.length - 1]![0]) && seen.filter(([o]) => UNIT_OPTIONS.has(o)).length > 1) {
      throw new ToolError("Multiple unit options don't make sense.", 1);
    }
  },
  run: (parsed: ParsedLine, seen: readonly Occurrence[], ctx: CommandContext) => runFreeLine(parsed.opts as RawFreeOpts, seen, ctx),
};

async function runFreeLine(raw: RawFreeOpts, seen: readonly Occurrence[], command: CommandContext): Promise<void> {
  const { parseCount, parseSeconds, runFree } = await import('../free/run.js');
  // Validate every value before touching the file system.
  const seconds = raw.seconds !== undefined ? parseSeconds(raw.seconds) : null;
  const count = raw.count !== undefined ? parseCount(raw.count) : null;
  const u = seen.map(([o]) => UNIT_OPTIONS.get(o)).find((x) => x !== undefined);
  const o = {
    unit: {
      exponent: (u?.exponent ?? 0) as 0 | 1 | 2 | 3 | 4 | 5 | 6,
      si: Boolean(raw.si) || (u?.si ?? false),
      human: Boolean(raw.human),
    },
    wide: Boolean(raw.wide),
    total: Boolean(raw.total),
    lohi: Boolean(raw.lohi),
    committed: Boolean(raw.committed),
    json: Boolean(raw.json),
    container: Boolean(raw.container),
    seconds,
    count,
  };
  if (raw.at !== undefined || raw.db !== undefined) {
    const { freeAt } = await import('../history/free-at.js');
    await freeAt(procFsFor(command), o, raw.at, raw.db);
    return;
  }
  if (backendFor(command) === 'portable') {
    const { portableMemInfo } = await import('../../collectors/portable-snapshot-collector.js');
    await runFree(portableMemInfo, o);
  } else {
    await runFree(procFsFor(command), o);
  }
}

/** `sysmon free`: memory and swap, procps-ng free's options, numbers and layout. */
export function register(program: Command): void {
  const cmd = program
    .command('free')
    .description('display the amount of free and used memory and swap (procps free)');
  dropIn(cmd, 'free');
  addCommandLine(cmd, line).addHelpText(
    'after',
    examples([
      'sysmon free                 sizes in KiB, as free prints them',
      'sysmon free -h              human-readable: 23Gi, 464Mi, 8.6Mi',
      'sysmon free -w -t -l -v     buffers and cache apart; Total, Low/High and Comm rows',
      'sysmon free --si -h         powers of 1000: 25G',
      'sysmon free -m -s 2 -c 5    five blocks in MiB, two seconds apart',
      'sysmon free --json          {"mem":{...},"swap":{...}} in bytes',
    ]) + '\nNote: -h means --human here, as in free; help is --help.\n',
  );
}
