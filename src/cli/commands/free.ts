import { Option, type Command } from '../commander.js';
import { ToolError } from '../../core/errors.js';
import { backendFor } from '../backend.js';
import { examples, procFsFor } from '../context.js';
import { dropIn } from '../drop-in.js';

/** Unit options, each as procps spells it: [flags, description, exponent, si]. */
const UNIT_OPTIONS: Array<[string, string, number, boolean]> = [
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

/** `sysmon free`: memory and swap, procps-ng free's options, numbers and layout. */
export function register(program: Command): void {
  const cmd = program
    .command('free')
    .description('display the amount of free and used memory and swap (procps free)');
  dropIn(cmd, 'free');
  // free rejects a second unit option (even the same one twice): count them as commander parses.
  const units: Array<{ flag: string; exponent: number; si: boolean }> = [];
  for (const [flags, desc, exponent, si] of UNIT_OPTIONS) {
    const opt = new Option(flags, desc);
    cmd.addOption(opt);
    cmd.on(`option:${opt.name()}`, () => {
      units.push({ flag: opt.long!, exponent, si });
      if (units.length > 1) {
        throw new ToolError("Multiple unit options don't make sense.", 1);
      }
    });
  }
  cmd
    .option('-h, --human', 'show human-readable output (8.6Mi, 23Gi)')
    .option('--si', 'use powers of 1000 not 1024')
    .option('-l, --lohi', 'show detailed low and high memory statistics')
    .option('-t, --total', 'show total for RAM + swap')
    .option('-v, --committed', 'show committed memory and commit limit')
    .option('-s, --seconds <N>', 'repeat printing every N seconds (fractions allowed)')
    .option('-c, --count <N>', 'repeat printing N times, then exit')
    .option('-w, --wide', 'wide output: buffers and cache in separate columns')
    .option('--json', 'print JSON in bytes (one object a line with -s/-c)')
    .option('--at <TIME>', 'memory as recorded at TIME ("10 min ago", 03:00, "yesterday 14:30", ISO-8601)')
    .option('--db <PATH>', 'history database for --at (default: the one `sysmon record` writes)')
    .option('--container', 'memory figures of the cgroup sysmon runs in (its limit as total), not the host\'s')
    .addHelpText(
      'after',
      examples([
        'sysmon free                 sizes in KiB, as free prints them',
        'sysmon free -h              human-readable: 23Gi, 464Mi, 8.6Mi',
        'sysmon free -w -t -l -v     buffers and cache apart; Total, Low/High and Comm rows',
        'sysmon free --si -h         powers of 1000: 25G',
        'sysmon free -m -s 2 -c 5    five blocks in MiB, two seconds apart',
        'sysmon free --json          {"mem":{...},"swap":{...}} in bytes',
      ]) + '\nNote: -h means --human here, as in free; help is --help.\n',
    )
    .action(async (raw: RawFreeOpts, command: Command) => {
      const { parseCount, parseSeconds, runFree } = await import('../free/run.js');
      // Validate every value before touching the file system.
      const seconds = raw.seconds !== undefined ? parseSeconds(raw.seconds) : null;
      const count = raw.count !== undefined ? parseCount(raw.count) : null;
      const u = units[0];
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
    });
}
