import type { Command } from 'commander';
import { resolveRoot } from '../../source/root.js';
import { examples } from '../context.js';

/** `sysmon gpu`: NVIDIA (nvidia-smi), AMD and Intel (sysfs) GPUs. */
export function register(program: Command): void {
  program
    .command('gpu')
    .description('show every GPU: busy %, memory, temperature, power, clocks and fan (NVIDIA, AMD, Intel)')
    .option('-s, --seconds <N>', 'repeat every N seconds')
    .option('-c, --count <N>', 'print N samples, then exit')
    .option('--json', 'print {"time","gpus":[...]} (NDJSON when repeating); memory in bytes, power in W, clocks in MHz')
    .addHelpText(
      'after',
      examples(['sysmon gpu', 'sysmon gpu -s 1 -c 10', 'sysmon gpu --json | jq ".gpus[0].utilization"']) +
        '\nA runtime-suspended GPU is shown "asleep" and is not read (reading it would wake it).\n' +
        'NVIDIA figures come from nvidia-smi (one long-lived child when repeating); AMD and Intel from /sys/class/drm.\n',
    )
    .action(async (raw: { seconds?: string; count?: string; json?: boolean }, command: Command) => {
      const { parseGpuCount, parseGpuSeconds, runGpu } = await import('../gpu/run-gpu.js');
      const root = resolveRoot(command.optsWithGlobals<{ root?: string }>().root);
      await runGpu({
        root,
        json: raw.json ?? false,
        seconds: raw.seconds === undefined ? null : parseGpuSeconds(raw.seconds),
        count: raw.count === undefined ? null : parseGpuCount(raw.count),
      });
    });
}
