import type { Command } from 'commander';
import { RuntimeError } from '../../core/errors.js';

/** Placeholder until the mounts command lands. */
export function register(program: Command): void {
  program
    .command('mounts')
    .description('mounts (not built yet)')
    .action(() => {
      throw new RuntimeError('mounts is not built yet');
    });
}
