import type { Command } from '../commander.js';
import { ProcFs } from '../../source/proc-fs.js';
import { resolveRoot } from '../../source/root.js';
import { backendFor } from '../backend.js';
import { examples, type CommandContext } from '../context.js';
import type { RawDf } from '../df/df-options.js';
import { dropIn } from '../drop-in.js';
import { addCommandLine, type CommandLine, type Occurrence, type OptionSpec, type ParsedLine } from '../option-spec.js';

// `-t ''` is a type no file system has (df then says "no file systems processed"): keep empty names.
const collect = (v: string, prev: unknown): string[] => [...((prev as string[] | undefined) ?? []), ...v.split(',')];

/** The root a filesystem command reads: hidden global `--root DIR`, else SYSMON_ROOT, else `/`. */
export function fsRootFor(cmd: CommandContext): ProcFs {
  return new ProcFs(resolveRoot(cmd.optsWithGlobals<{ root?: string }>().root));
}

/** Size options, with the size each stands for (null: its value, -B's SIZE). The last one given wins, as in df. */
const SIZE_OPTIONS: ReadonlyMap<OptionSpec, string | null> = new Map(
  ([
    ['-h, --human-readable', 'print sizes in powers of 1024, rounded up (4.0K, 252G)', 'human-readable'],
    ['-H, --si', 'print sizes in powers of 1000 (4.1k, 271G)', 'si'],
    ['-k', 'like --block-size=1K (the default)', '1K'],
    ['-m', 'like --block-size=1M', '1M'],
    ['-B, --block-size <SIZE>', 'scale sizes by SIZE: 1K, 1M, 1MB, 4096, human-readable, si', null],
  ] as const).map(([flags, description, size]) => [{ flags, description }, size]),
);

/** df's options, in the order its help lists them. */
const OPTIONS: readonly OptionSpec[] = [
  ...SIZE_OPTIONS.keys(),
  { flags: '-T, --print-type', description: 'print the file system type' },
  { flags: '-i, --inodes', description: 'list inode information instead of block usage' },
  { flags: '-a, --all', description: 'include dummy, duplicate and inaccessible file systems' },
  { flags: '-l, --local', description: 'limit listing to local file systems' },
  { flags: '-t, --type <TYPE>', description: 'limit listing to file systems of type TYPE (repeatable)', parse: collect },
  { flags: '-x, --exclude-type <TYPE>', description: 'exclude file systems of type TYPE (repeatable)', parse: collect },
  { flags: '-P, --portability', description: 'use the POSIX output format (1024-blocks, Capacity; 512-blocks under POSIXLY_CORRECT)' },
  { flags: '--total', description: 'add a grand total row' },
  {
    flags: '--output [LIST]',
    description: `use the output format defined by LIST (--output=LIST), or all fields;
fields: source fstype itotal iused iavail ipcent size used avail pcent file target options`,
  },
  { flags: '--sort <SPEC>', description: 'sort rows by fields: pcent, -size, target,... (- for descending)' },
  { flags: '--json', description: 'print {"filesystems":[...]} with sizes in bytes' },
  { flags: '--statfs-timeout <MS>', description: 'time limit of each statfs in milliseconds', defaultValue: '2000' },
];

/** df's command line. */
export const line: CommandLine = {
  options: OPTIONS,
  operands: 'many',
  run: (parsed: ParsedLine, seen: readonly Occurrence[], ctx: CommandContext) => runDfLine(parsed.args, parsed.opts as RawDf, seen, ctx),
};

async function runDfLine(paths: string[], raw: RawDf, seen: readonly Occurrence[], command: CommandContext): Promise<void> {
  const sizeSpecs: string[] = [];
  for (const [o, value] of seen) {
    const size = SIZE_OPTIONS.get(o);
    if (size !== undefined) sizeSpecs.push(size ?? value ?? '');
  }
  const { parseDfOptions } = await import('../df/df-options.js');
  const opts = parseDfOptions(paths, raw, sizeSpecs, process.argv);
  if (backendFor(command) === 'portable') {
    const { runDfPortable } = await import('../df/run-df-portable.js');
    process.exitCode = (await runDfPortable(opts)).exitCode;
    return;
  }
  const procFs = fsRootFor(command);
  const { runDf } = await import('../df/run-df.js');
  const res = await runDf(procFs, opts);
  process.exitCode = res.exitCode;
  // A statfs that still hangs holds a libuv thread and would keep the process alive: leave now.
  if (res.hung) process.exit(res.exitCode);
}

/** `sysmon df`: coreutils df's options, selection, numbers and layout. */
export function register(program: Command): void {
  const cmd = program
    .command('df')
    .description('report file system space usage (coreutils df)')
    .argument('[PATH...]', 'show the file system that holds each PATH');
  dropIn(cmd, 'df');
  addCommandLine(cmd, line)
    .addHelpText(
      'after',
      examples([
        'sysmon df                    1K blocks, as df prints them',
        'sysmon df -hT                human-readable sizes and the type column',
        'sysmon df -i /tmp            inodes of the file system that holds /tmp',
        'sysmon df -x tmpfs --total   without tmpfs, with a total row',
        'sysmon df --output=source,size,pcent,target --sort -pcent',
        'sysmon df --json             {"filesystems":[{"source","fstype","size",...}]} in bytes',
      ]) +
        '\nA file system whose statfs does not answer within --statfs-timeout (a hung NFS or FUSE mount) is\n' +
        'shown with - and a note on stderr; the exit status is then 1. Help is --help (-h is --human-readable).\n',
    );
}
