import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the df command lands. */
export function register(program: Command): void {
  program
    .command('df')
    .description('df (not built yet)')
    .action(() => {
      throw new RuntimeError('df is not built yet');
    });
}
