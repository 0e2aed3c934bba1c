import type { Command } from 'commander';
import { examples, procFsFor } from '../context.js';

/** `sysmon info`: CPU, OS, board, firmware, virtualization and container detection, once. */
export function register(program: Command): void {
  program
    .command('info')
    .description('print the static facts of this machine: CPU, caches, OS, kernel, board, firmware, virtualization')
    .option('--hardware', 'also list memory modules and physical disks (asks dmidecode and lsblk; slower)')
    .option('--json', 'print one JSON object, sizes in bytes, frequencies in MHz')
    .addHelpText(
      'after',
      examples(['sysmon info', 'sysmon info --json | jq .cpu', 'sysmon info --hardware    memory modules and disks too']),
    )
    .action(async (raw: { json?: boolean; hardware?: boolean }, command: Command) => {
      const { runInfo } = await import('../info/run-info.js');
      await runInfo(procFsFor(command), { json: raw.json ?? false, hardware: raw.hardware ?? false });
    });
}
