import type { Command } from 'commander';
import { examples } from '../context.js';

const DB_HELP = 'history database (default: the one `sysmon record` writes)';

/** `sysmon history info|export|prune`: look after the recorded history (docs/history.md). */
export function register(program: Command): void {
  const history = program
    .command('history')
    .description('the recorded history: info, export (NDJSON, OpenMetrics for Prometheus), prune');
  history
    .command('info')
    .description('database, size, time range, samples, interval, gaps, the recorder writing it')
    .option('--db <PATH>', DB_HELP)
    .option('--json', 'print one JSON object')
    .action(async (raw: { db?: string; json?: boolean }) => {
      const { historyInfo } = await import('../history/info.js');
      historyInfo(raw.db, Boolean(raw.json));
    });
  history
    .command('export')
    .description('write recorded samples to stdout: NDJSON (one snapshot a line) or OpenMetrics')
    .option('--from <TIME>', 'first sample time ("2 hours ago", 03:00, ISO-8601; default: the oldest)')
    .option('--to <TIME>', 'last sample time (default: the newest)')
    .option('--format <FORMAT>', 'ndjson or openmetrics', 'ndjson')
    .option('--top <N>', 'openmetrics: processes per ranking (top N by CPU and by memory), as serve --top', '5')
    .option('--db <PATH>', DB_HELP)
    .addHelpText(
      'after',
      examples([
        'sysmon history export --from "1 hour ago" > last-hour.ndjson',
        'sysmon history export --format openmetrics > h.om && promtool tsdb create-blocks-from openmetrics h.om data/',
      ]),
    )
    .action(async (raw: { from?: string; to?: string; format?: string; db?: string; top?: string }) => {
      const { historyExport } = await import('../history/export.js');
      await historyExport(raw);
    });
  history
    .command('prune')
    .description('delete old samples now and compact the file (when no recorder is writing it)')
    .option('--retain <AGE>', 'keep this much: 7d, 12h')
    .option('--before <TIME>', 'delete samples before TIME')
    .option('--max-size <SIZE>', 'delete the oldest until the data fits: 500M')
    .option('--db <PATH>', DB_HELP)
    .action(async (raw: { retain?: string; before?: string; maxSize?: string; db?: string }) => {
      const { historyPrune } = await import('../history/prune.js');
      historyPrune(raw);
    });
}
