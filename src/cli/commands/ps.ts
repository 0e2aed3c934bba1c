import type { Command } from 'commander';
import { examples, procFsFor } from '../context.js';

/** Raw options as commander hands them over; src/cli/ps/options.ts checks and combines them. */
export interface RawPsOpts {
  e?: boolean;
  A?: boolean;
  f?: boolean;
  format?: string[];
  pid?: string[];
  user?: string[];
  C?: string[];
  sort?: string[];
  headers?: boolean;
  listFields?: boolean;
  json?: boolean;
  wide?: boolean;
  at?: string;
  db?: string;
  container?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `sysmon ps`: a snapshot of the processes, with procps ps's options, columns and formats. */
export function register(program: Command): void {
  program
    .command('ps')
    .description('report a snapshot of the processes (procps ps); every process in the aux columns by default')
    .argument('[bsd]', 'BSD-style option letters without a dash: aux, ax, u, x, a, w')
    .option('-e', 'select every process (standard syntax; default columns PID TTY TIME CMD)')
    .option('-A', 'same as -e')
    .option('-f', 'full format: UID PID PPID C STIME TTY TIME CMD')
    .option('-o, --format <list>', 'user-defined columns, comma separated; key=HEADER renames (repeatable)', collect)
    .option('-p, --pid <pids>', 'select by process id (comma list, repeatable)', collect)
    .option('-u, --user <users>', 'select by effective user name or id (comma list, repeatable)', collect)
    .option('-C <names>', 'select by command name (comm; comma list, repeatable)', collect)
    .option('--sort <spec>', 'sort: comma list of keys, -key high to low, +key low to high; first key primary', collect)
    .option('--no-headers', 'print no header line')
    .option('-w, --wide', 'do not cut lines to the terminal width (output to a pipe is never cut)')
    .option('--list-fields', 'list the column keys for -o and --sort, with aliases, and exit')
    .option('--json', 'print a JSON array of objects keyed by field key, values in bytes/seconds/percent')
    .option('--at <TIME>', 'the processes as recorded at TIME ("10 min ago", 03:00, "yesterday 14:30", ISO-8601)')
    .option('--db <PATH>', 'history database for --at (default: the one `sysmon record` writes)')
    .option('--container', 'memory figures of the cgroup sysmon runs in (its limit as total), not the host\'s')
    .addHelpText(
      'after',
      examples([
        'sysmon ps                   every process: USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND',
        'sysmon ps aux               the same, BSD spelling',
        'sysmon ps -ef               UID PID PPID C STIME TTY TIME CMD',
        'sysmon ps -eo pid,ppid,user,rss,comm --sort -rss',
        'sysmon ps --sort -%cpu | head -5',
        'sysmon ps -p 1,2 -o pid,etime,args',
        'sysmon ps -u root -C bash',
        'sysmon ps --json -o pid,rss,comm',
        'sysmon ps --list-fields',
      ]) +
        '\nSelections (-p, -u, -C) add up; without one, every process is shown.\n' +
        'Sort keys and -o names accept procps spellings: %cpu pcpu, %mem pmem mem, rss rsz, start_time, ...\n',
    )
    .action(async (bsd: string | undefined, raw: RawPsOpts, command: Command) => {
      // One import wave: run.js brings options.js along.
      const [{ parsePsOptions }, { listFields, runPs }] = await Promise.all([import('../ps/options.js'), import('../ps/run.js')]);
      const plan = parsePsOptions(bsd, raw);
      if (plan.listFields) {
        listFields();
        return;
      }
      if (raw.at !== undefined || raw.db !== undefined) {
        const { psAt } = await import('../history/one-shots.js');
        psAt(procFsFor(command), plan, raw.at, raw.db);
        return;
      }
      runPs(procFsFor(command), plan);
    });
}
