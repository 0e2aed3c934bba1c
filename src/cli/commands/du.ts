import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the du command lands. */
export function register(program: Command): void {
  program
    .command('du')
    .description('du (not built yet)')
    .action(() => {
      throw new RuntimeError('du is not built yet');
    });
}
