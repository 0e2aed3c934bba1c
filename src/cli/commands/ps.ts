import type { Command } from 'commander';
import { backendFor } from '../backend.js';
import { portableFsFor, procFsFor, type CommandContext } from '../context.js';
import { addCommandLine, type CommandLine, type ParsedLine } from '../option-spec.js';

/**
 * ps's command line is UNIX, BSD and GNU options at once (`ps aux`, `ps -ef`, `ps axo pid,comm`, `ps -aux`),
 * which commander cannot read: every word goes to ps's own parser (src/cli/ps/argv.ts).
 */
export const line: CommandLine = {
  options: [],
  operands: 'raw',
  async run(parsed: ParsedLine, _seen, command: CommandContext): Promise<void> {
    const args = parsed.args;
    const { ownOptions, psMain } = await import('../ps/main.js');
    const own = ownOptions(args);
    // --at TIME [--db PATH]: the recorded processes; the history (and SQLite) load only then.
    if (own.at === undefined && own.db === undefined && !own.listFields && backendFor(command) === 'portable') {
      const { portablePsRows } = await import('../portable/portable-ps.js');
      process.exitCode = psMain(portableFsFor(command), args, process.env, undefined, await portablePsRows());
      return;
    }
    const recorded =
      own.at !== undefined || own.db !== undefined ? (await import('../history/one-shots.js')).psRecorded(own.at, own.db) : undefined;
    process.exitCode = psMain(procFsFor(command), args, process.env, undefined, recorded);
  },
};

/** `sysmon ps`: procps-ng ps. */
export function register(program: Command): void {
  const cmd = program
    .command('ps')
    .description('report a snapshot of the processes (procps-ng ps: UNIX, BSD and GNU options); every process in the aux columns by default')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[args...]', 'ps options (see sysmon ps --help)');
  addCommandLine(cmd, line);
}
