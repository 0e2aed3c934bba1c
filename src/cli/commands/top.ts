import type { Command } from 'commander';
import { backendFor } from '../backend.js';
import { examples, procFsFor } from '../context.js';

/** Raw options as commander hands them over; src/cli/top/options.ts checks them. */
export interface RawTopOpts {
  batch?: boolean;
  iterations?: string;
  delay?: string;
  sort?: string;
  pid?: string[];
  user?: string;
  command?: boolean;
  width?: string | boolean;
  json?: boolean;
  at?: string;
  db?: string;
  container?: boolean;
  threadsShow?: boolean;
  idleToggle?: boolean;
  listFields?: boolean;
  secureMode?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `sysmon top -b`: procps top's batch frames (summary lines and the task table), or NDJSON frames. */
export function register(program: Command): void {
  program
    .command('top')
    .description('batch-mode top: summary and task table every DELAY seconds (procps top -b)')
    .option('-b, --batch', 'batch mode: plain frames for a pipe or a file (without -b, -n or --json at a terminal, `sysmon top` opens the dashboard)')
    .option('-n, --iterations <N>', 'stop after N frames (default: run until interrupted)')
    .option('-d, --delay <SECONDS>', 'seconds between frames, fractions allowed (default 3)')
    .option('-o, --sort <FIELD>', 'sort field, high to low (%CPU, %MEM, PID, TIME+, RES ...); -FIELD low to high')
    .option('-p, --pid <pids>', 'only these process ids (comma list, repeatable)', collect)
    .option('-u, --user <user>', 'only processes of this effective user (name or id)')
    .option('-c, --command', 'COMMAND shows the command line instead of the name')
    .option('-w, --width [COLUMNS]', 'line width (default: terminal, else $COLUMNS, else 80; -w alone: 512)')
    .option('-H, --threads-show', 'one line per thread (top -H)')
    .option('-i, --idle-toggle', 'hide tasks that used no CPU since the previous frame (top -i)')
    .option('-O, --list-fields', "print top's field names, one a line, and exit (top -O)")
    .option('-s, --secure-mode', 'secure mode (batch output is the same: it only limits interactive commands)')
    .option('--json', 'one JSON object per frame per line: summary and tasks, in bytes/seconds/percent')
    .option('--at <TIME>', 'frames of the samples recorded from TIME on (-n of them; "10 min ago", 03:00, ISO-8601)')
    .option('--db <PATH>', 'history database for --at (default: the one `sysmon record` writes)')
    .option('--container', 'memory figures of the cgroup sysmon runs in (its limit as total), not the host\'s')
    .addHelpText(
      'after',
      examples([
        'sysmon top -b -n 2           two frames; the second shows %CPU over the delay',
        'sysmon top -b -n 1 -o %MEM   one frame, biggest resident memory first',
        'sysmon top -b -d 0.5 -p 1,2  two processes, twice a second',
        'sysmon top -b -u root -c     root\'s processes with full command lines',
        'sysmon top -b -n 3 --json    NDJSON, one frame a line',
      ]),
    )
    .action(async (raw: RawTopOpts, command: Command) => {
      // Plain `sysmon top` at a terminal is what `top` is there: the interactive screen. -b, -n, --json or a
      // pipe ask for batch frames.
      const interactive = raw.at === undefined && !raw.listFields && !raw.batch && !raw.json && raw.iterations === undefined && raw.pid === undefined &&
        raw.command === undefined && raw.width === undefined && process.stdout.isTTY === true &&
        process.stdin.isTTY === true;
      if (interactive) {
        const { runDashboard } = await import('../dashboard/run.js');
        await runDashboard(command, {
          ...(raw.delay !== undefined ? { delay: raw.delay } : {}),
          ...(raw.user !== undefined ? { user: raw.user } : {}),
          ...(raw.sort !== undefined ? { sort: raw.sort } : {}),
        });
        return;
      }
      const { parseTopOptions, topFieldNames } = await import('../top/options.js');
      if (raw.listFields) {
        process.stdout.write(topFieldNames().join('\n') + '\n');
        return;
      }
      const opts = parseTopOptions(raw);
      if (raw.at === undefined && raw.db === undefined && backendFor(command) === 'portable') {
        const { runTopPortable } = await import('../top/run-portable.js');
        await runTopPortable(opts);
        return;
      }
      const fs = procFsFor(command);
      if (raw.at !== undefined || raw.db !== undefined) {
        const { topAt } = await import('../history/one-shots.js');
        await topAt(fs, opts, raw.at, raw.db);
        return;
      }
      const { runTop } = await import('../top/run.js');
      await runTop(fs, opts);
    });
}
