import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { examples } from '../context.js';

/** Options of the dashboard, as top spells them. */
export interface DashboardOptions {
  delay?: string;
  user?: string;
  sort?: string;
  config?: boolean;
  theme?: string;
  host?: boolean;
  /** false with --no-gpu. */
  gpu?: boolean;
}

/** `sysmon` (no command): the interactive dashboard. */
export function register(program: Command): void {
  program
    .command('dashboard', { isDefault: true, hidden: false })
    .description('interactive dashboard with top-style keys (the default command)')
    .option('-d, --delay <secs>', 'seconds between refreshes (fractions allowed; default 1.5, like top)')
    .option('-u, --user <user>', 'show only processes of this user (name or uid; !name excludes)')
    .option('-o, --sort <field>', 'sort by this field (top and ps names: %CPU, RES, pid, -rss ...)')
    .option('--theme <name>', 'colours: default, light (light terminal background) or colour-blind; NO_COLOR wins')
    .option('--host', "inside a limited cgroup, show the host's memory totals instead of the cgroup's limit")
    .option('--no-gpu', 'no GPU panel and no GPU polling (NVIDIA needs a long-lived nvidia-smi)')
    .option('--no-config', 'ignore the configuration file (sysmon/config.json in the XDG config dir)')
    .addHelpText(
      'after',
      examples([
        'sysmon                      open the dashboard',
        'sysmon -d 5                 refresh every 5 seconds',
        'sysmon -u root -o %MEM      root\'s processes by memory',
        'sysmon --theme colour-blind colours that stay apart for every kind of colour blindness',
        'sysmon top -b -n 1          a batch snapshot for scripts and pipes',
      ]) +
        '\nKeys: h or ? in the dashboard lists them all (P M N T sort, k kill, r renice, f fields, / filter, q quit).\n',
    )
    .action(async (opts: DashboardOptions, cmd: Command) => {
      if (!process.stdout.isTTY || !process.stdin.isTTY) {
        throw new UsageError('the dashboard needs a terminal; for pipes and scripts use `sysmon top -b`');
      }
      const { runDashboard } = await import('../dashboard/run.js');
      await runDashboard(cmd, opts);
    });
}
