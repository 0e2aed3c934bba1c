import type { Command } from '../commander.js';
import { procFsFor } from '../context.js';
import { dropIn } from '../drop-in.js';

/** `sysmon uptime`: procps uptime's line, `-p` and `-s`. */
export function register(program: Command): void {
  const cmd = program
    .command('uptime')
    .description('tell how long the system has been running (procps uptime)')
    .helpOption('-h, --help', 'display this help and exit')
    .option('-p, --pretty', 'show uptime in pretty format')
    .option('-s, --since', 'system up since')
    .option('--json', 'print {"uptime","boot_time","users","load"} (seconds, epoch seconds)');
  dropIn(cmd, 'uptime').action(async (raw: { pretty?: boolean; since?: boolean; json?: boolean }, command: Command) => {
    const { runUptime } = await import('../uptime/run-uptime.js');
    runUptime(procFsFor(command), { pretty: Boolean(raw.pretty), since: Boolean(raw.since), json: Boolean(raw.json) });
  });
}
