import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the free command lands. */
export function register(program: Command): void {
  program
    .command('free')
    .description('free (not built yet)')
    .action(() => {
      throw new RuntimeError('free is not built yet');
    });
}
