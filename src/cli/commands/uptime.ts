import type { Command } from '../commander.js';
import { procFsFor, type CommandContext } from '../context.js';
import { dropIn } from '../drop-in.js';
import { addCommandLine, type CommandLine, type ParsedLine } from '../option-spec.js';

/** uptime's command line: procps uptime's line, `-p` and `-s`. */
export const line: CommandLine = {
  options: [
    { flags: '-p, --pretty', description: 'show uptime in pretty format' },
    { flags: '-s, --since', description: 'system up since' },
    { flags: '--json', description: 'print {"uptime","boot_time","users","load"} (seconds, epoch seconds)' },
  ],
  operands: 'none',
  async run(parsed: ParsedLine, _seen, command: CommandContext): Promise<void> {
    const raw = parsed.opts as { pretty?: boolean; since?: boolean; json?: boolean };
    const { runUptime } = await import('../uptime/run-uptime.js');
    runUptime(procFsFor(command), { pretty: Boolean(raw.pretty), since: Boolean(raw.since), json: Boolean(raw.json) });
  },
};

/** `sysmon uptime`: procps uptime's line, `-p` and `-s`. */
export function register(program: Command): void {
  const cmd = program
    .command('uptime')
    .description('tell how long the system has been running (procps uptime)')
    .helpOption('-h, --help', 'display this help and exit');
  addCommandLine(cmd, line);
  dropIn(cmd, 'uptime');
}
