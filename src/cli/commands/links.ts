import type { Command } from '../commander.js';
import { examples } from '../context.js';

/** `sysmon links DIR`: make the multi-call links (ps, free, df, ...) to this sysmon in DIR. */
export function register(program: Command): void {
  program
    .command('links')
    .description('make links named ps, top, free, vmstat, pmap, uptime, df, du, findmnt and lsblk to sysmon in DIR')
    .argument('<DIR>', 'directory for the links (created if missing); put it first on PATH')
    .option('-f, --force', 'replace files of those names already in DIR')
    .option('--tools <LIST>', 'only these tools (comma separated)')
    .addHelpText(
      'after',
      examples([
        'sysmon links ~/.local/sysmon/bin && export PATH=~/.local/sysmon/bin:$PATH',
        'sysmon links --tools free,df,lsblk ~/bin',
      ]) + '\nA link runs sysmon as that tool: its options, output, messages and exit codes.\n',
    )
    .action(async (dir: string, raw: { force?: boolean; tools?: string }) => {
      const { makeLinks } = await import('../links/make-links.js');
      makeLinks(dir, { force: Boolean(raw.force), tools: raw.tools?.split(',').filter(Boolean) ?? null });
    });
}
