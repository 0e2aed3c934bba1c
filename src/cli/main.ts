import { ToolError, UsageError } from '../core/errors.js';
import { escapeLines } from '../format/escape.js';
import { installPipeHandler, out } from '../format/output.js';
import { errnoMessage } from '../source/paths.js';
import { guardStdoutWrites, stdoutWasClosed } from '../source/stdout-file.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { diagPrefix, DROP_INS, dropInFor, ToolUsageText } from './drop-in.js';
import { invokedAs, setInvokedAs } from './invoked-as.js';
import { quickParse, type CommandLine } from './option-spec.js';
import { version } from './version.js';

export { isCommandName } from './commands/index.js';

/** Exit codes: 0 success, 1 runtime failure, 2 usage error. */
export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;

/** commander's own ends of a parse (help or version shown), which are no failure. */
const COMMANDER_DONE = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** True for commander's CommanderError, told by its code so that main need not load commander to ask. */
function commanderError(err: unknown): err is { code: string; exitCode: number } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}

/**
 * The exit status and message of an error. `tool` is the drop-in command that ran, if any: the real tools
 * exit 1 on a usage error (sysmon's own commands 2), and through a link their message starts with their name
 * once, not twice.
 */
function report(err: unknown, tool: string | null = null): number {
  if (commanderError(err)) {
    if (COMMANDER_DONE.has(err.code)) return EXIT.ok;
    return tool ? 1 : EXIT.usage; // commander already printed the one-line message
  }
  const e = err as { exitCode?: number; message?: string; stack?: string };
  if (err instanceof ToolUsageText) {
    // An empty text is a failure the real tool reports by its status alone (lsblk -o '').
    if (err.message !== '') process.stderr.write(escapeLines(err.message.endsWith('\n') ? err.message : `${err.message}\n`));
    return err.exitCode;
  }
  if (err instanceof ToolError) {
    process.stderr.write(`${tool ? diagPrefix(tool) : `${invokedAs()}: `}${escapeLines(err.message)}\n`);
    return err.exitCode;
  }
  const code = e?.exitCode === EXIT.usage && !tool ? EXIT.usage : EXIT.runtime;
  const known = e?.exitCode === EXIT.usage || e?.exitCode === EXIT.runtime;
  let message = e?.message ?? String(err);
  // A drop-in's message is the tool's text after its name: `sysmon: ` or (through a link) `df: ` goes first.
  if (tool && message.startsWith(`${tool}: `)) message = message.slice(tool.length + 2);
  process.stderr.write(`${tool ? diagPrefix(tool) : `${invokedAs()}: `}${known ? '' : 'internal error: '}${escapeLines(message)}\n`);
  if (!known && process.env.SYSMON_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  return code;
}

/**
 * A run that needs no commander: `--version` alone, or a command whose module gives its CommandLine and whose
 * words that reads by itself. True when it ran.
 */
async function quickRun(argv: readonly string[]): Promise<boolean> {
  const first = argv[0];
  if (argv.length === 1 && (first === '-V' || first === '--version')) {
    out(`${version()}\n`);
    return true;
  }
  const entry = first === undefined ? undefined : findCommand(first);
  if (!entry) return false;
  const m = (await entry.load()) as { line?: CommandLine };
  return m.line !== undefined && (await quickParse(m.line, argv.slice(1)));
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
  try {
    if (await quickRun(argv)) return;
    const { buildProgram } = await import('./program.js');
    const program = await buildProgram(argv);
    const first = argv[0];
    if (first !== undefined && !first.startsWith('-')) {
      if (first !== 'help' && !findCommand(first)) {
        throw new UsageError(`unknown command '${first}' (valid: ${COMMANDS.map((c) => c.name).join(', ')})`);
      }
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    // The drop-in commands exit as their tools do; sysmon's own commands 2 on a usage error.
    process.exitCode = report(err, dropInFor(argv[0]));
  }
}
