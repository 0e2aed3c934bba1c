import { Option, type Command } from '../commander.js';
import { ProcFs } from '../../source/proc-fs.js';
import { resolveRoot } from '../../source/root.js';
import { backendFor } from '../backend.js';
import { examples } from '../context.js';
import type { RawDf } from '../df/df-options.js';
import { dropIn } from '../drop-in.js';

// `-t ''` is a type no file system has (df then says "no file systems processed"): keep empty names.
const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',')];

/** The root a filesystem command reads: hidden global `--root DIR`, else SYSMON_ROOT, else `/`. */
export function fsRootFor(cmd: Command): ProcFs {
  return new ProcFs(resolveRoot(cmd.optsWithGlobals<{ root?: string }>().root));
}

/** `sysmon df`: coreutils df's options, selection, numbers and layout. */
export function register(program: Command): void {
  const cmd = program
    .command('df')
    .description('report file system space usage (coreutils df)')
    .argument('[PATH...]', 'show the file system that holds each PATH');
  dropIn(cmd, 'df');
  // Size options: the last one given wins, as in df.
  const sizeSpecs: string[] = [];
  const sizeOpts: Array<[string, string, string | null]> = [
    ['-h, --human-readable', 'print sizes in powers of 1024, rounded up (4.0K, 252G)', 'human-readable'],
    ['-H, --si', 'print sizes in powers of 1000 (4.1k, 271G)', 'si'],
    ['-k', 'like --block-size=1K (the default)', '1K'],
    ['-m', 'like --block-size=1M', '1M'],
    ['-B, --block-size <SIZE>', 'scale sizes by SIZE: 1K, 1M, 1MB, 4096, human-readable, si', null],
  ];
  for (const [flags, desc, spec] of sizeOpts) {
    const opt = new Option(flags, desc);
    cmd.addOption(opt);
    cmd.on(`option:${opt.name()}`, (v?: string) => sizeSpecs.push(spec ?? v ?? ''));
  }
  cmd
    .option('-T, --print-type', 'print the file system type')
    .option('-i, --inodes', 'list inode information instead of block usage')
    .option('-a, --all', 'include dummy, duplicate and inaccessible file systems')
    .option('-l, --local', 'limit listing to local file systems')
    .option('-t, --type <TYPE>', 'limit listing to file systems of type TYPE (repeatable)', collect)
    .option('-x, --exclude-type <TYPE>', 'exclude file systems of type TYPE (repeatable)', collect)
    .option('-P, --portability', 'use the POSIX output format (1024-blocks, Capacity; 512-blocks under POSIXLY_CORRECT)')
    .option('--total', 'add a grand total row')
    .option('--output [LIST]', `use the output format defined by LIST (--output=LIST), or all fields;
fields: source fstype itotal iused iavail ipcent size used avail pcent file target options`)
    .option('--sort <SPEC>', 'sort rows by fields: pcent, -size, target,... (- for descending)')
    .option('--json', 'print {"filesystems":[...]} with sizes in bytes')
    .addOption(new Option('--statfs-timeout <MS>', 'time limit of each statfs in milliseconds').default('2000'))
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
    )
    .action(async (paths: string[], raw: RawDf, command: Command) => {
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
    });
}
