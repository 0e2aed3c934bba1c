import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the top command lands. */
export function register(program: Command): void {
  program
    .command('top')
    .description('top (not built yet)')
    .action(() => {
      throw new RuntimeError('top is not built yet');
    });
}
