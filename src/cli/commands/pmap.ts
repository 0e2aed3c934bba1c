import type { Command } from '../commander.js';
import { ToolError } from '../../core/errors.js';
import { examples, procFsFor } from '../context.js';
import { dropIn, procpsUsage, ToolUsageText } from '../drop-in.js';

interface RawPmap {
  extended?: boolean;
  device?: boolean;
  quiet?: boolean;
  showPath?: boolean;
  range?: string;
  json?: boolean;
  readRc?: boolean;
  readRcFrom?: string;
  createRc?: boolean;
  createRcTo?: string;
}

/** -A LOW[,HIGH]: hex addresses, either may be empty; one address alone is both ends. */
function parseRange(arg: string): { low: bigint; high: bigint } {
  const comma = arg.indexOf(',');
  const a = comma < 0 ? arg : arg.slice(0, comma);
  const b = comma < 0 ? arg : arg.slice(comma + 1);
  const hex = (s: string, dflt: bigint): bigint => {
    if (s === '') return dflt;
    // strtoul base 16: optional blanks, sign and 0x, then hex digits, nothing after.
    const m = /^\s*\+?(?:0[xX])?([0-9a-fA-F]+)$/.exec(s);
    if (!m) throw new ToolError(`failed to parse argument: '${arg}'`, 1);
    return BigInt(`0x${m[1]}`);
  };
  return { low: hex(a, 0n), high: hex(b, 2n ** 64n - 1n) };
}

/** `sysmon pmap`: procps pmap's memory maps of processes. */
export function register(program: Command): void {
  let xCount = 0;
  const cmd = program
    .command('pmap')
    .description('report memory map of a process (procps pmap)')
    .argument('[PID...]', 'processes (a PID or /proc/PID)')
    .usage('[options] PID [PID ...]')
    .helpOption('-h, --help', 'display this help and exit')
    .option('-x, --extended', 'show details')
    .option('-X', 'show even more details (-XX: everything the kernel provides)')
    .option('-c, --read-rc', 'read the default rc (~/.pmaprc)')
    .option('-C, --read-rc-from <file>', 'read the rc from file')
    .option('-n, --create-rc', 'create new default rc (~/.pmaprc); no PID')
    .option('-N, --create-rc-to <file>', 'create new rc to file; no PID')
    .option('-d, --device', 'show the device format')
    .option('-q, --quiet', 'do not display header and footer')
    .option('-p, --show-path', 'show path in the mapping')
    .option('-A, --range <low>[,<high>]', 'limit results to the given range')
    .option('--json', 'print {"processes":[{"pid","command","mappings":[...]}]} (sizes in bytes)')
    .addHelpText(
      'after',
      examples([
        'sysmon pmap 1234            the maps of process 1234, as pmap prints them',
        'sysmon pmap -x $$           with RSS and dirty KiB per mapping',
        'sysmon pmap -XX -q 1234     every smaps field, no header or footer',
        'sysmon pmap --json 1234     mappings with sizes in bytes',
      ]),
    );
  cmd.on('option:X', () => xCount++);
  dropIn(cmd, 'pmap').action(async (pidArgs: string[], raw: RawPmap, command: Command) => {
    const exclusive = [raw.extended, raw.device, xCount > 0, raw.readRc, raw.readRcFrom !== undefined, raw.createRc,
      raw.createRcTo !== undefined].filter(Boolean).length;
    if (exclusive > 1) throw new ToolError('options -c, -C, -d, -n, -N, -x, -X are mutually exclusive', 1);
    const rcFiles = await import('../pmap/rc-files.js');
    if (raw.createRc || raw.createRcTo !== undefined) {
      if (pidArgs.length > 0) throw new ToolError('too many arguments', 1);
      rcFiles.createRc(raw.createRcTo);
      return;
    }
    const rc = raw.readRc || raw.readRcFrom !== undefined ? rcFiles.loadRc(raw.readRcFrom) : null;
    // Nothing at all on the command line is a usage error; options without a PID are "argument missing".
    if (pidArgs.length === 0 && Object.keys(raw).length === 0 && xCount === 0) throw new ToolUsageText(procpsUsage(cmd));
    if (pidArgs.length === 0) throw new ToolError('argument missing', 1);
    const range = raw.range !== undefined ? parseRange(raw.range) : null;
    const pids: number[] = [];
    for (const arg of pidArgs) {
      let walk = arg;
      if (walk.startsWith('/proc/')) {
        walk = walk.slice(6);
        if (!/^\d/.test(walk)) continue; // pmap skips /proc/self and the like
      }
      // strtoul base 0 (0x hex, 0 octal), 1..0x7fffffff, nothing after: anything else is a usage error.
      const m = /^(?:0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9]\d*))$/.exec(walk);
      const pid = !m ? NaN : m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? parseInt(m[2] || '0', 8) : Number(m[3]);
      if (!/^\d/.test(walk) || !Number.isFinite(pid) || pid < 1 || pid > 0x7fffffff) {
        throw new ToolUsageText(procpsUsage(cmd));
      }
      pids.push(pid);
    }
    const { runPmap } = await import('../pmap/run-pmap.js');
    process.exitCode = runPmap(procFsFor(command), {
      format: rc ? 'rc' : raw.extended ? 'extended' : raw.device ? 'device' : xCount >= 2 ? 'everything' : xCount === 1 ? 'all' : 'default',
      ...(rc ? { rc } : {}),
      quiet: Boolean(raw.quiet),
      showPath: Boolean(raw.showPath),
      range,
      json: Boolean(raw.json),
      pids,
    });
  });
}
