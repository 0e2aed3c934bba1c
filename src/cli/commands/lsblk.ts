import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the lsblk command lands. */
export function register(program: Command): void {
  program
    .command('lsblk')
    .description('lsblk (not built yet)')
    .action(() => {
      throw new RuntimeError('lsblk is not built yet');
    });
}
