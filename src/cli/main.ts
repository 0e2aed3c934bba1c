import { Command, CommanderError, Option } from './commander.js';
import fs from 'node:fs';
import { ToolError, UsageError } from '../core/errors.js';
import { escapeForTerminal } from '../format/escape.js';
import { installPipeHandler, out } from '../format/output.js';
import { errnoMessage } from '../source/paths.js';
import { guardStdoutWrites, stdoutWasClosed } from '../source/stdout-file.js';
import { registerCommands } from './commands/index.js';
import { examples } from './context.js';
import { diagPrefix, DROP_INS, dropInFor, ToolUsageText, viaLink } from './drop-in.js';
import { invokedAs, setInvokedAs } from './invoked-as.js';

/**
 * Defined by scripts/bundle.mjs in the bundle; tsc's dist/ reads package.json instead (not through node:module,
 * which would load the ES module loader into every bundled start).
 */
declare const SYSMON_VERSION: string | undefined;
const version =
  typeof SYSMON_VERSION === 'string'
    ? SYSMON_VERSION
    : (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export { isCommandName } from './commands/index.js';

/** Exit codes: 0 success, 1 runtime failure, 2 usage error. */
export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;

/**
 * Build the commander program with the commands a run with `argv` needs, every command without `argv`
 * (exported for tests that inspect help and options).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('sysmon');
  program
    .description('A terminal system monitor for Linux: dashboard, ps, free, top -b, df, mounts, lsblk, du, serve')
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('--help', 'show help for a command')
    .addOption(new Option('--root <dir>', 'read /proc, /sys, /etc and /run under DIR (tests)').hideHelp())
    .addOption(new Option('--backend <name>', 'where numbers come from: auto (/proc when present), proc, portable (systeminformation)'))
    .exitOverride()
    // Program options only before the command: `sysmon free -V` is free's -V, not sysmon's.
    .enablePositionalOptions()
    .configureOutput({
      outputError: (str, write) => write(`${invokedAs()}: ${printableLines(str.replace(/^error: /, '').trimEnd())}\n`),
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

/**
 * A diagnostic as it may reach a terminal: messages quote what the user typed and what the system named, and
 * neither may carry a raw control sequence; the lines and tabs of a usage text stay.
 */
function printableLines(text: string): string {
  return text.split('\n').map((l) => l.split('\t').map(escapeForTerminal).join('\t')).join('\n');
}

/**
 * The exit status and message of an error. `tool` is the drop-in command that ran, if any: the real tools
 * exit 1 on a usage error (sysmon's own commands 2), and through a link their message starts with their name
 * once, not twice.
 */
function report(err: unknown, tool: string | null = null): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.ok;
    }
    return tool ? 1 : EXIT.usage; // commander already printed the one-line message
  }
  const e = err as { exitCode?: number; message?: string; stack?: string };
  if (err instanceof ToolUsageText) {
    // An empty text is a failure the real tool reports by its status alone (lsblk -o '').
    if (err.message !== '') process.stderr.write(printableLines(err.message.endsWith('\n') ? err.message : `${err.message}\n`));
    return err.exitCode;
  }
  if (err instanceof ToolError) {
    process.stderr.write(`${tool ? diagPrefix(tool) : `${invokedAs()}: `}${printableLines(err.message)}\n`);
    return err.exitCode;
  }
  const code = e?.exitCode === EXIT.usage && !tool ? EXIT.usage : EXIT.runtime;
  const known = e?.exitCode === EXIT.usage || e?.exitCode === EXIT.runtime;
  let message = e?.message ?? String(err);
  // A drop-in's message is the tool's text after its name: `sysmon: ` or (through a link) `df: ` goes first.
  if (tool && message.startsWith(`${tool}: `)) message = message.slice(tool.length + 2);
  process.stderr.write(`${tool ? diagPrefix(tool) : `${invokedAs()}: `}${known ? '' : 'internal error: '}${printableLines(message)}\n`);
  if (!known && process.env.SYSMON_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  return code;
}

/** Entry point used by bin/sysmon. */
export async function main(argv: string[]): Promise<void> {
  installPipeHandler({ describe: errnoMessage, stdoutClosed: stdoutWasClosed(), onStreamBuilt: guardStdoutWrites });
  setInvokedAs(process.argv[1]);
  // Multi-call: `free -h` through a link named free is `sysmon free -h`.
  const tool = DROP_INS[invokedAs()];
  if (tool) argv = [tool.command, ...argv];
  // A library that throws from one of its own callbacks (systeminformation when a spawn fails) is out of any
  // promise's reach: one line and status 1, not a stack trace. The dashboard adds its own, which restores
  // the terminal first.
  process.on('uncaughtException', (err) => {
    process.exitCode = report(err, dropInFor(argv[0]));
    process.exit();
  });
  const program = await buildProgram(argv);
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
    // The drop-in commands exit as their tools do; sysmon's own commands 2 on a usage error.
    process.exitCode = report(err, dropInFor(argv[0]));
  }
}
