import type { Command } from '../commander.js';
import { ToolError } from '../../core/errors.js';
import { examples, procFsFor } from '../context.js';
import { dropIn, procpsUsage, ToolUsageText } from '../drop-in.js';

interface RawVmstat {
  active?: boolean;
  forks?: boolean;
  slabs?: boolean;
  oneHeader?: boolean;
  stats?: boolean;
  disk?: boolean;
  diskSum?: boolean;
  partition?: string;
  unit?: string;
  wide?: boolean;
  timestamp?: boolean;
  first?: boolean;
  json?: boolean;
}

/** -S's letters: K (KiB, the default), k (1000), M (MiB), m (10^6), b/B (bytes). */
const UNITS: Record<string, number> = { b: 1, B: 1, k: 1000, K: 1024, m: 1e6, M: 1048576 };

/** strtol_or_err: optional blanks and sign, digits, nothing after. */
function parseLong(text: string): number {
  if (!/^\s*[-+]?\d+$/.test(text)) throw new ToolError(`failed to parse argument: '${text}'`, 1);
  return Number(text);
}

/** `sysmon vmstat`: procps vmstat's reports, delay and count. */
export function register(program: Command): void {
  const cmd = program
    .command('vmstat')
    .description('report virtual memory statistics (procps vmstat)')
    .argument('[delay]', 'seconds between reports (then repeat until interrupted)')
    .argument('[count]', 'number of reports')
    .usage('[options] [delay [count]]')
    .helpOption('-h, --help', 'display this help and exit')
    .option('-a, --active', 'active/inactive memory')
    .option('-f, --forks', 'number of forks since boot')
    .option('-m, --slabs', 'slabinfo')
    .option('-n, --one-header', 'do not redisplay header')
    .option('-s, --stats', 'event counter statistics')
    .option('-d, --disk', 'disk statistics')
    .option('-D, --disk-sum', 'summarize disk statistics')
    .option('-p, --partition <dev>', 'partition specific statistics')
    .option('-S, --unit <char>', 'define display unit')
    .option('-w, --wide', 'wide output')
    .option('-t, --timestamp', 'show timestamp')
    .option('-y, --no-first', 'skips first line of output')
    .option('--json', 'print JSON in bytes and per-second rates (one object a line with a delay)')
    .addHelpText(
      'after',
      examples([
        'sysmon vmstat               one line: averages since boot',
        'sysmon vmstat 2 5           five reports, two seconds apart',
        'sysmon vmstat -w -t 1       wide columns with a timestamp, every second',
        'sysmon vmstat -s -S M       event counters and memory in MiB',
        'sysmon vmstat -d            disk statistics',
        'sysmon vmstat 1 3 --json    NDJSON: one object a report, bytes',
      ]),
    );
  dropIn(cmd, 'vmstat').action(async (delayArg: string | undefined, countArg: string | undefined, raw: RawVmstat, command: Command) => {
    let unit = { size: 1024, letter: 'K' };
    if (raw.unit !== undefined) {
      const letter = raw.unit[0] ?? '';
      const size = UNITS[letter];
      if (size === undefined) throw new ToolError('-S requires k, K, m or M (default is KiB)', 1);
      unit = { size, letter };
    }
    let delay = 1;
    let count = 1;
    let streaming = false;
    if (delayArg !== undefined) {
      const d = parseLong(delayArg);
      if (d < 1) throw new ToolError('delay must be positive integer', 1);
      if (d > 4294967295) throw new ToolError('too large delay value', 1);
      delay = d;
      count = Infinity;
      streaming = true;
    }
    if (countArg !== undefined) {
      const c = parseLong(countArg);
      // A negative count is a huge unsigned one in vmstat: it runs until interrupted.
      count = c < 0 ? Infinity : c;
    }
    const modes = [
      raw.disk && 'disk', raw.stats && 'sum', raw.partition !== undefined && 'partition', raw.slabs && 'slab',
      raw.diskSum && 'disksum',
    ].filter(Boolean) as Array<'disk' | 'sum' | 'partition' | 'slab' | 'disksum'>;
    if (!raw.forks && modes.length > 1) throw new ToolUsageText(procpsUsage(cmd));
    const partition = raw.partition?.startsWith('/dev/') ? raw.partition.slice(5) : (raw.partition ?? null);
    const { runVmstat } = await import('../vmstat/run-vmstat.js');
    await runVmstat(procFsFor(command), {
      mode: raw.forks ? 'forks' : (modes[0] ?? 'vm'),
      partition,
      active: Boolean(raw.active),
      wide: Boolean(raw.wide),
      timestamp: Boolean(raw.timestamp),
      noFirst: raw.first === false,
      oneHeader: Boolean(raw.oneHeader),
      unit,
      delay,
      count,
      streaming,
      json: Boolean(raw.json),
    });
  });
}
