import type { Command, Help, Option } from './commander.js';
import { ToolError } from '../core/errors.js';
import { invokedAs } from './invoked-as.js';
import { version as sysmonVersion } from './version.js';

/**
 * The drop-in commands and the package each imitates. A family decides how a usage error reads: procps tools
 * print getopt's line and then their whole usage text on stderr; util-linux and coreutils print getopt's line
 * and `Try 'NAME --help' for more information.`. All of them exit 1 on a usage error.
 */
export type Family = 'procps' | 'util-linux' | 'coreutils';

/**
 * Tool name (as a multi-call link is named) -> its sysmon command and family; `bare` when the tool does not
 * start its messages with its name (ps: `error: unknown gnu long option`).
 */
export const DROP_INS: Readonly<Record<string, { command: string; family: Family; bare?: boolean }>> = {
  ps: { command: 'ps', family: 'procps', bare: true },
  top: { command: 'top', family: 'procps' },
  free: { command: 'free', family: 'procps' },
  vmstat: { command: 'vmstat', family: 'procps' },
  pmap: { command: 'pmap', family: 'procps' },
  uptime: { command: 'uptime', family: 'procps' },
  df: { command: 'df', family: 'coreutils' },
  du: { command: 'du', family: 'coreutils' },
  findmnt: { command: 'mounts', family: 'util-linux' },
  lsblk: { command: 'lsblk', family: 'util-linux' },
};

const UPSTREAM: Record<Family, string> = {
  procps: 'procps-ng 4.0.2',
  'util-linux': 'util-linux 2.38.1',
  coreutils: 'GNU coreutils 9.1',
};

/** True when sysmon runs through a multi-call link (its messages then carry the tool's name alone). */
export function viaLink(): boolean {
  return invokedAs() in DROP_INS;
}

/**
 * Prefix of a diagnostic a drop-in command writes: `df: ` through a link (byte for byte the tool's line),
 * `sysmon: ` otherwise. One rule for every drop-in: the prefix, then the real tool's message text after its
 * own `NAME: ` (`sysmon: /nosuch: No such file or directory`, `sysmon: bad delay interval 'x'`).
 */
export function diagPrefix(tool: string): string {
  if (!viaLink()) return 'sysmon: ';
  return DROP_INS[tool]?.bare ? '' : `${tool}: `;
}

/** The drop-in tool a command line runs (`mounts` and `findmnt` are findmnt), or null for sysmon's own. */
export function dropInFor(command: string | undefined): string | null {
  if (command === undefined) return null;
  if (command in DROP_INS) return command;
  for (const [tool, d] of Object.entries(DROP_INS)) if (d.command === command) return tool;
  return null;
}

/** How the user names the command in `Try '... --help'`: `df` through a link, `sysmon df` otherwise. */
export function spokenName(tool: string): string {
  return viaLink() ? tool : `sysmon ${tool}`;
}

/**
 * A usage error whose whole text is given (procps tools print only their usage for a stray operand). main.ts
 * prints it as is, without the `name: ` prefix.
 */
export class ToolUsageText extends ToolError {
  constructor(text: string, exitCode = 1) {
    super(text, exitCode);
    this.name = 'ToolUsageText';
  }
}

/** A procps tool's usage text as it prints it on stderr: a blank line, then the help. */
export function procpsUsage(cmd: Command): string {
  const help = cmd.helpInformation();
  return help.startsWith('\n') ? help : `\n${help}`;
}

/** What follows getopt's line: procps's usage text, or the Try line. */
function usageTail(cmd: Command, tool: string, family: Family): string {
  if (family === 'procps') return procpsUsage(cmd);
  return `Try '${spokenName(tool)} --help' for more information.\n`;
}

/** The form of an option the user typed, for getopt's messages: `-s` if it appears in argv, else `--seconds`. */
function typedForm(option: Option, argv: readonly string[]): string {
  const short = option.short;
  if (short && argv.some((a) => a === short || (a.startsWith('-') && !a.startsWith('--') && a.endsWith(short.slice(1))))) {
    return short;
  }
  return option.long ?? short ?? option.flags;
}

function getoptMissing(flag: string): string {
  return flag.startsWith('--') ? `option '${flag}' requires an argument` : `option requires an argument -- '${flag.slice(1)}'`;
}

/** getopt's wording for an unknown option: `-xv` reports its first unknown letter, as getopt does. */
export function getoptUnknown(flag: string, cmd?: Command): string {
  if (flag.startsWith('--')) return `unrecognized option '${flag.split('=')[0]}'`;
  const known = new Set((cmd?.options ?? []).map((o) => o.short).filter(Boolean));
  const letters = [...flag.slice(1)];
  const bad = letters.find((c) => !known.has(`-${c}`)) ?? letters[0] ?? '';
  return `invalid option -- '${bad}'`;
}

/** Sections of a man page, for the help's last line. */
const MAN_SECTION: Record<string, number> = { vmstat: 8, findmnt: 8, lsblk: 8 };

/**
 * Help in the real tool's shape, for runs through a link: procps and util-linux print `Usage:`, the synopsis
 * on its own line, the options one a line and `For more details see NAME(N).`; coreutils the GNU layout.
 */
function toolHelp(cmd: Command, helper: Help, tool: string, family: Family): string {
  const rows = helper.visibleOptions(cmd).map((o) => [helper.optionTerm(o), helper.optionDescription(o)] as const);
  const width = Math.max(...rows.map(([t]) => t.length));
  const list = rows.map(([t, d]) => ` ${t.padEnd(width)}  ${d}`).join('\n');
  if (family === 'coreutils') {
    return `Usage: ${tool} ${cmd.usage()}\n${cmd.description()}\n\n${list.replace(/^ /gm, '  ')}\n`;
  }
  const desc = family === 'util-linux' ? `\n${cmd.description()}\n` : '';
  return `\nUsage:\n ${tool} ${cmd.usage()}\n${desc}\nOptions:\n${list}\n\nFor more details see ${tool}(${MAN_SECTION[tool] ?? 1}).\n`;
}

interface Overridable {
  /** commander's way out: hands the exit override a CommanderError (main.ts reads its code), or exits. */
  _exit(exitCode: number, code: string, message: string): never;
  unknownOption(flag: string): void;
  optionMissingArgument(option: Option): void;
  _excessArguments(args: string[]): void;
}

/** The `-V`/`--version` text in the real tool's shape, naming sysmon and the version it follows. */
export function versionText(tool: string, family: Family): string {
  const version = sysmonVersion();
  if (family === 'coreutils') return `${tool} (sysmon) ${version}\nCompatible with ${UPSTREAM[family]}.\n`;
  return `${tool} from sysmon ${version} (${UPSTREAM[family]} compatible)\n`;
}

/**
 * Make `cmd` fail as the real `tool` does: getopt's messages, exit status 1 (`exit` for lsblk's own), the
 * family's usage tail, and a `-V`/`--version` option in the tool's shape. `excess` is what a stray operand
 * gets; by default the procps usage text, or getopt's family tail with `extra operand`.
 */
export function dropIn(
  cmd: Command,
  tool: string,
  opts: { version?: string; excess?: (args: string[]) => never; getoptError?: (line: string) => never } = {},
): Command {
  const family = DROP_INS[tool]!.family;
  const o = cmd as unknown as Overridable;
  // `getoptError` replaces the usage tail and status for tools that do otherwise (top: status 0, no usage).
  const fail = opts.getoptError ?? ((line: string): never => {
    throw new ToolError(`${line}\n${usageTail(cmd, tool, family)}`.trimEnd(), 1);
  });
  o.unknownOption = (flag: string) => fail(getoptUnknown(flag, cmd));
  o.optionMissingArgument = (option: Option) => fail(getoptMissing(typedForm(option, process.argv)));
  o._excessArguments = (args: string[]) => {
    if (opts.excess) opts.excess(args);
    if (family === 'procps') throw new ToolUsageText(procpsUsage(cmd));
    throw new ToolError(`extra operand '${args[cmd.registeredArguments.length] ?? ''}'\n${usageTail(cmd, tool, family)}`.trimEnd(), 1);
  };
  if (viaLink()) cmd.configureHelp({ formatHelp: (c, helper) => toolHelp(c, helper, tool, family) });
  const flags = opts.version ?? (family === 'coreutils' ? '--version' : '-V, --version');
  cmd.option(flags, 'output version information and exit');
  cmd.on('option:version', () => {
    process.stdout.write(versionText(tool, family));
    o._exit(0, 'commander.version', versionText(tool, family));
  });
  return cmd;
}
