import type { Command } from 'commander';

/**
 * The command table: one line per command. Adding a command is adding its line here, with
 *   - `name`: what the user types after `sysmon` (also the name of its multi-call link, unless an alias is);
 *   - `aliases`: other names, exactly those the module gives commander with `.alias()` (test/cli/commands-table
 *     checks that they agree);
 *   - `load`: a dynamic import of the module in this folder whose `register(program)` defines the command's
 *     options, description and help. That module must load its implementation lazily, inside the action.
 *
 * A start registers only what it needs (see {@link commandsFor}): `sysmon free` builds free's options alone,
 * not every command's (that cost every one-shot ~1.5 ms, and the cost grows with each command added). Help,
 * the default command (the dashboard) and an unknown word register them all, so `sysmon --help`, `sysmon help
 * ps` and commander's suggestions see every command. The order here is the order `sysmon --help` lists.
 */
export interface CommandEntry {
  /** The command's name. */
  readonly name: string;
  /** Other names of the same command (`findmnt` for `mounts`). */
  readonly aliases?: readonly string[];
  /** Imports the module that registers the command. */
  readonly load: () => Promise<{ register(program: Command): void }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'dashboard', load: () => import('./dashboard.js') },
  { name: 'ps', load: () => import('./ps.js') },
  { name: 'free', load: () => import('./free.js') },
  { name: 'top', load: () => import('./top.js') },
  { name: 'df', load: () => import('./df.js') },
  { name: 'mounts', aliases: ['findmnt'], load: () => import('./mounts.js') },
  { name: 'lsblk', load: () => import('./lsblk.js') },
  { name: 'du', load: () => import('./du.js') },
  { name: 'serve', load: () => import('./serve.js') },
  { name: 'containers', load: () => import('./containers.js') },
  { name: 'record', load: () => import('./record.js') },
  { name: 'replay', load: () => import('./replay.js') },
  { name: 'history', load: () => import('./history.js') },
  { name: 'fleet', load: () => import('./fleet.js') },
  { name: 'info', load: () => import('./info.js') },
  { name: 'gpu', load: () => import('./gpu.js') },
  { name: 'uptime', load: () => import('./uptime.js') },
  { name: 'vmstat', load: () => import('./vmstat.js') },
  { name: 'pmap', load: () => import('./pmap.js') },
  { name: 'links', load: () => import('./links.js') },
];

/** The entry named `word` by its name or an alias. */
export function findCommand(word: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === word || (c.aliases?.includes(word) ?? false));
}

/** True when `word` names a command (its name or an alias). */
export function isCommandName(word: string): boolean {
  return findCommand(word) !== undefined;
}

/** Program options that take a value: `--root DIR` and `--backend NAME` come before the command word. */
const PROGRAM_VALUE_OPTIONS = new Set(['--root', '--backend']);

/**
 * The commands a run with these arguments (as given to commander) needs: none for `-V`/`--version` alone, the
 * named one for `sysmon <command> ...`, all of them otherwise (help, the default command, an unknown word).
 */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (PROGRAM_VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a === '-V' || a === '--version') return [];
    if (a.startsWith('-')) {
      if (a.startsWith('--root=') || a.startsWith('--backend=')) continue;
      return COMMANDS; // --help, or the dashboard's options
    }
    const entry = findCommand(a);
    return entry ? [entry] : COMMANDS;
  }
  return COMMANDS;
}

/** Register the commands `argv` needs (every command without `argv`), in table order. */
export async function registerCommands(program: Command, argv?: readonly string[]): Promise<void> {
  const entries = argv ? commandsFor(argv) : COMMANDS;
  const modules = await Promise.all(entries.map((e) => e.load()));
  for (const m of modules) m.register(program);
}
