import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the ps command lands. */
export function register(program: Command): void {
  program
    .command('ps')
    .description('ps (not built yet)')
    .action(() => {
      throw new RuntimeError('ps is not built yet');
    });
}
