import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor, findCommand, isCommandName, registerCommands } from '../../src/cli/commands/index.js';

// The command table registers lazily, by name: it has to agree with what each module gives commander.

const dir = path.resolve(__dirname, '..', '..', 'src', 'cli', 'commands');

describe('command table (src/cli/commands/index.ts)', () => {
  it('each line registers one command with the name and aliases the line gives', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('sysmon');
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name()), entry.name).toEqual([entry.name]);
      expect(program.commands[0]!.aliases(), entry.name).toEqual([...(entry.aliases ?? [])]);
    }
  });

  it('every command module in the folder has its line', async () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(files.length).toBeGreaterThanOrEqual(COMMANDS.length);
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as { register?: (p: Command) => void };
      expect(typeof mod.register, f).toBe('function');
      const program = new Command('sysmon');
      mod.register!(program);
      for (const c of program.commands) expect(findCommand(c.name())?.name, `${f} registers ${c.name()}`).toBe(c.name());
    }
  });

  it('names and aliases are unique', () => {
    const all = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(all).size).toBe(all.length);
    expect(isCommandName('findmnt')).toBe(true);
    expect(isCommandName('mounts')).toBe(true);
    expect(isCommandName('fre')).toBe(false);
  });

  it('a start needs the named command alone, nothing for --version, every command otherwise', () => {
    const names = (argv: string[]) => commandsFor(argv).map((c) => c.name);
    const every = COMMANDS.map((c) => c.name);
    expect(names(['free', '-h'])).toEqual(['free']);
    expect(names(['ps', 'aux'])).toEqual(['ps']);
    expect(names(['findmnt', '-l'])).toEqual(['mounts']);
    expect(names(['--root', '/tmp/x', 'df'])).toEqual(['df']);
    expect(names(['--root=/tmp/x', 'df'])).toEqual(['df']);
    expect(names(['--version'])).toEqual([]);
    expect(names(['-V'])).toEqual([]);
    expect(names([])).toEqual(every); // the default command, the dashboard
    expect(names(['-d', '2'])).toEqual(every); // the dashboard's options
    expect(names(['--help'])).toEqual(every);
    expect(names(['help', 'ps'])).toEqual(every);
    expect(names(['bogus'])).toEqual(every); // commander's suggestion and the list of valid commands see them all
  });

  it('registers what commandsFor names, in table order; all without arguments', async () => {
    const one = new Command('sysmon');
    await registerCommands(one, ['top', '-b']);
    expect(one.commands.map((c) => c.name())).toEqual(['top']);
    const all = new Command('sysmon');
    await registerCommands(all);
    expect(all.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });
});
