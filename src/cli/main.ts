import { Command, CommanderError, Option } from './commander.js';
import { createRequire } from 'node:module';
import { ToolError, UsageError } from '../core/errors.js';
import { installPipeHandler } from '../format/output.js';
import { errnoMessage } from '../source/paths.js';
import { guardStdoutWrites } from '../source/stdout-file.js';
import { registerCommands } from './commands/index.js';
import { examples } from './context.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Exit codes: 0 success, 1 runtime failure, 2 usage error. */
export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;

/** Build the commander program (exported for tests that inspect help and options). */
export function buildProgram(): Command {
  const program = new Command('sysmon');
  program
    .description('A terminal system monitor for Linux: dashboard, ps, free, top -b, df, mounts, lsblk, du, serve')
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('--help', 'show help for a command')
    .addOption(new Option('--root <dir>', 'read /proc, /sys, /etc and /run under DIR (tests)').hideHelp())
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(`sysmon: ${str.replace(/^error: /, '').trimEnd()}\n`),
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
  registerCommands(program);
  return program;
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.ok;
    }
    return EXIT.usage; // commander already printed the one-line message
  }
  const e = err as { exitCode?: number; message?: string; stack?: string };
  if (err instanceof ToolError) {
    process.stderr.write(`sysmon: ${err.message}\n`);
    return err.exitCode;
  }
  const code = e?.exitCode === EXIT.usage ? EXIT.usage : EXIT.runtime;
  const known = e?.exitCode === EXIT.usage || e?.exitCode === EXIT.runtime;
  process.stderr.write(`sysmon: ${known ? '' : 'internal error: '}${e?.message ?? String(err)}\n`);
  if (!known && process.env.SYSMON_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  return code;
}

/** Entry point used by bin/sysmon. */
export async function main(argv: string[]): Promise<void> {
  guardStdoutWrites();
  installPipeHandler(process.stdout, errnoMessage);
  const program = buildProgram();
  try {
    const first = argv[0];
    if (first !== undefined && !first.startsWith('-')) {
      const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      if (first !== 'help' && !names.includes(first)) {
        throw new UsageError(`unknown command '${first}' (valid: ${program.commands.map((c) => c.name()).join(', ')})`);
      }
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    process.exitCode = report(err);
  }
}
