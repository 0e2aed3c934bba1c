import { Command, Option } from './commander.js';
import { escapeLines } from '../format/escape.js';
import { out } from '../format/output.js';
import { registerCommands } from './commands/index.js';
import { examples } from './context.js';
import { viaLink } from './drop-in.js';
import { invokedAs } from './invoked-as.js';
import { version } from './version.js';

// commander and every command's options: what a start needs only when a command line is more than
// src/cli/option-spec.ts reads by itself (help, errors, program options, commands without a CommandLine).

/**
 * Build the commander program with the commands a run with `argv` needs, every command without `argv`
 * (exported for tests that inspect help and options).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('sysmon');
  program
    .description('A terminal system monitor for Linux: dashboard, ps, free, top -b, df, mounts, lsblk, du, serve')
    .version(version(), '-V, --version', 'print the version and exit')
    .helpOption('--help', 'show help for a command')
    .addOption(new Option('--root <dir>', 'read /proc, /sys, /etc and /run under DIR (tests)').hideHelp())
    .addOption(new Option('--backend <name>', 'where numbers come from: auto (/proc when present), proc, portable (systeminformation)'))
    .exitOverride()
    // Program options only before the command: `sysmon free -V` is free's -V, not sysmon's.
    .enablePositionalOptions()
    .configureOutput({
      outputError: (str, write) => write(`${invokedAs()}: ${escapeLines(str.replace(/^error: /, '').trimEnd())}\n`),
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      examples([
        'sysmon                      open the dashboard',
        'sysmon ps aux               every process, BSD style',
        'sysmon ps aux --sort -rss | head',
        'sysmon free -h -s 1 -c 5',
        'sysmon top -b -n 2',
        'sysmon df -hT',
        'sysmon mounts',
        'sysmon lsblk -f',
        'sysmon <command> --help     options of one command',
      ]) +
        '\nExit status: 0 success, 1 runtime failure (no /proc, unreadable input), 2 usage error.\n',
    );
  // Through a multi-call link the usage line names the tool alone: `Usage: free [options]`.
  if (viaLink()) program.configureHelp({ commandUsage: (c) => `${invokedAs()} ${c.usage()}` });
  // Help and --version through output.ts, which writes to fd 1 without building process.stdout (~2 ms).
  program.configureOutput({ writeOut: out });
  await registerCommands(program, argv);
  return program;
}

