import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the dashboard command lands. */
export function register(program: Command): void {
  program
    .command('dashboard', { isDefault: true })
    .description('dashboard (not built yet)')
    .action(() => {
      throw new RuntimeError('dashboard is not built yet');
    });
}
