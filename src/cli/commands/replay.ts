import type { Command } from 'commander';
import { examples } from '../context.js';

/** `sysmon replay`: the dashboard on the recorded history (docs/history.md). */
export function register(program: Command): void {
  program
    .command('replay')
    .description('the dashboard on recorded history: step, play, jump to a time (needs `sysmon record`)')
    .option('--at <TIME>', 'start at TIME: "10 min ago", 03:00, "yesterday 14:30", ISO-8601 (default: the newest sample)')
    .option('--db <PATH>', 'history database (default: the one `sysmon record` writes)')
    .addHelpText(
      'after',
      examples([
        'sysmon replay                       the newest sample, paused',
        'sysmon replay --at 03:00            what was running at three this morning',
        'sysmon replay --at "yesterday 14:30" --db /var/lib/sysmon/history.db',
      ]) +
        '\nKeys: t / T next / previous sample, g go to a time, space play / pause, [ ] slower / faster,\n' +
        'a click in the CPU or memory chart goes to that moment; the other dashboard keys work as live.\n',
    )
    .action(async (raw: { at?: string; db?: string }) => {
      const { runReplay } = await import('../replay/run.js');
      await runReplay(raw);
    });
}
