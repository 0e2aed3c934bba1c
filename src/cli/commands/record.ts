import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { examples, procFsFor } from '../context.js';

/** `sysmon record`: a bounded, crash-safe history in SQLite (docs/history.md). */
export function register(program: Command): void {
  program
    .command('record')
    .description('record samples (system, every process, filesystems) into the history database for replay and --at')
    .option('-d, --delay <SECONDS>', 'seconds between samples (default 5)')
    .option('--retain <AGE>', 'delete samples older than this: 7d, 12h, 90min; none (default 7d)')
    .option('--max-size <SIZE>', 'keep the database at most this large: 1G, 500M; none (default 1G)')
    .option('--db <PATH>', 'database file (default $XDG_STATE_HOME/sysmon/history.db, /var/lib/sysmon/history.db for root)')
    .option('-n, --samples <N>', 'stop after N samples (default: until SIGINT/SIGTERM)')
    .option('--unit', 'print a systemd service for this recorder (same options) and exit')
    .addHelpText(
      'after',
      examples([
        'sysmon record                         every 5 s into the default history, until Ctrl-C',
        'sysmon record -d 1 --retain 2d --max-size 500M',
        'sysmon record --unit | sudo tee /etc/systemd/system/sysmon-record.service',
        'sysmon replay --at "10 min ago"       look at it',
      ]) + '\nOne recorder per database: a second one refuses. Readers (replay, --at, history) never block it.\n',
    )
    .action(async (raw: { delay?: string; retain?: string; maxSize?: string; db?: string; unit?: boolean; samples?: string }, command: Command) => {
      const { parseRecordOptions, runRecord, unitFile } = await import('../record/run.js');
      const o = parseRecordOptions(raw);
      let count: number | null = null;
      if (raw.samples !== undefined) {
        if (!/^\d+$/.test(raw.samples) || Number(raw.samples) < 1) throw new UsageError(`record: -n needs a positive whole number, got '${raw.samples}'`);
        count = Number(raw.samples);
      }
      if (o.unit) {
        process.stdout.write(unitFile(o, process.execPath, process.argv[1] ?? 'sysmon'));
        return;
      }
      await runRecord(procFsFor(command), o, count);
    });
}
