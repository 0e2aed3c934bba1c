import type { Command } from 'commander';
import { backendFor } from '../backend.js';
import { portableFsFor, procFsFor } from '../context.js';

/**
 * `sysmon ps`: procps ps's command line is UNIX, BSD and GNU options at once (`ps aux`, `ps -ef`,
 * `ps axo pid,comm`, `ps -aux`), which commander cannot read; its own parser (src/cli/ps/argv.ts) gets the
 * raw arguments.
 */
export function register(program: Command): void {
  program
    .command('ps')
    .description('report a snapshot of the processes (procps-ng ps: UNIX, BSD and GNU options); every process in the aux columns by default')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[args...]', 'ps options (see sysmon ps --help)')
    .action(async (_args: string[], _opts: unknown, command: Command) => {
      const { ownOptions, psMain } = await import('../ps/main.js');
      const own = ownOptions(command.args);
      // --at TIME [--db PATH]: the recorded processes; the history (and SQLite) load only then.
      if (own.at === undefined && own.db === undefined && !own.listFields && backendFor(command) === 'portable') {
        const { portablePsRows } = await import('../portable/portable-ps.js');
        process.exitCode = psMain(portableFsFor(command), command.args, process.env, undefined, await portablePsRows());
        return;
      }
      const recorded =
        own.at !== undefined || own.db !== undefined ? (await import('../history/one-shots.js')).psRecorded(own.at, own.db) : undefined;
      process.exitCode = psMain(procFsFor(command), command.args, process.env, undefined, recorded);
    });
}
