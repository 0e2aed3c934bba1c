import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the serve command lands. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve (not built yet)')
    .action(() => {
      throw new RuntimeError('serve is not built yet');
    });
}
