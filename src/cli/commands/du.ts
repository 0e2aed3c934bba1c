import { Option, type Command } from '../commander.js';
import { UsageError } from '../../core/errors.js';
import { examples } from '../context.js';
import { diagPrefix, dropIn } from '../drop-in.js';

interface RawDuOpts {
  summarize?: boolean;
  all?: boolean;
  total?: boolean;
  oneFileSystem?: boolean;
  maxDepth?: string;
  apparentSize?: boolean;
  bytes?: boolean;
  inodes?: boolean;
  exclude?: string[];
  excludeFrom?: string[];
  json?: boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** `sysmon du`: coreutils du's counting (allocated blocks, hard links once, no symlinks followed). */
export function register(program: Command): void {
  const cmd = program
    .command('du')
    .description('estimate file space usage (coreutils du)')
    .argument('[PATH...]', 'files or directories (default: .)');
  dropIn(cmd, 'du');
  const sizeSpecs: string[] = [];
  const sizeOpts: Array<[string, string, string | null]> = [
    ['-h, --human-readable', 'print sizes in powers of 1024, rounded up (4.0K, 1.2G)', 'human-readable'],
    ['--si', 'print sizes in powers of 1000', 'si'],
    ['-k', 'like --block-size=1K (the default)', '1K'],
    ['-m', 'like --block-size=1M', '1M'],
    ['-B, --block-size <SIZE>', 'scale sizes by SIZE: 1K, 1M, 1MB, 4096', null],
  ];
  for (const [flags, desc, spec] of sizeOpts) {
    const opt = new Option(flags, desc);
    cmd.addOption(opt);
    cmd.on(`option:${opt.name()}`, (v?: string) => sizeSpecs.push(spec ?? v ?? ''));
  }
  cmd
    .option('-s, --summarize', 'display only a total for each argument')
    .option('-a, --all', 'write counts for all files, not just directories')
    .option('-c, --total', 'produce a grand total')
    .option('-x, --one-file-system', 'skip directories on different file systems')
    .option('-d, --max-depth <N>', 'print the total for a directory only if it is N or fewer levels below the argument')
    .option('--apparent-size', 'print apparent sizes (st_size) rather than disk usage')
    .option('-b, --bytes', 'equivalent to --apparent-size --block-size=1')
    .option('--inodes', 'list inode usage information instead of block usage')
    .option('--exclude <PATTERN>', 'exclude files that match PATTERN (a shell wildcard; repeatable)', collect)
    .option('-X, --exclude-from <FILE>', 'exclude files that match any pattern in FILE (one a line)', collect)
    .option('--json', 'print {"entries":[{"path","size","type","depth"}],"total"} with sizes in bytes')
    .addHelpText(
      'after',
      examples([
        'sysmon du -sh ~/src          one human-readable total',
        'sysmon du -h -d 1 /var       each directory one level down',
        'sysmon du -ax / | sort -n    every file of the root file system only',
        'sysmon du -b -s .            apparent size in bytes',
        'sysmon du -s --json /tmp     {"entries":[{"path":"/tmp","size":...}],"total":...}',
      ]) +
        '\nUnreadable directories are reported on stderr, one line each; the totals still print and the\n' +
        'exit status is 1, as with du.\n',
    )
    .action(async (paths: string[], raw: RawDuOpts) => {
      const { parseSizeSpec, KIB_BLOCKS } = await import('../../core/size-units.js');
      let sizes = KIB_BLOCKS;
      if (raw.bytes) sizes = { kind: 'blocks', blockSize: 1 };
      try {
        for (const s of sizeSpecs) sizes = parseSizeSpec(s);
      } catch (e) {
        throw new UsageError(`du: ${(e as Error).message}`);
      }
      let maxDepth: number | null = null;
      if (raw.maxDepth !== undefined) {
        if (!/^\d+$/.test(raw.maxDepth)) throw new UsageError(`du: invalid maximum depth '${raw.maxDepth}'`);
        maxDepth = Number(raw.maxDepth);
      }
      if (raw.summarize) {
        if (raw.all) throw new UsageError('du: cannot both summarize and show all entries');
        if (maxDepth !== null && maxDepth !== 0) {
          throw new UsageError(`du: summarizing conflicts with --max-depth=${maxDepth}`);
        }
        maxDepth = 0;
      }
      if (raw.inodes) {
        // du counts inodes in units of one (or human-readable), and says sizes do not apply.
        if (raw.apparentSize || raw.bytes) {
          process.stderr.write(`${diagPrefix('du')}warning: options --apparent-size and -b are ineffective with --inodes\n`);
        }
        sizes = sizes.kind === 'human' ? sizes : { kind: 'blocks', blockSize: 1 };
      }
      const { excludeTest } = await import('../../core/exclude-pattern.js');
      const patterns = [...(raw.exclude ?? [])];
      if (raw.excludeFrom) {
        const { readUserText } = await import('../../source/user-files.js');
        const { errnoMessage } = await import('../../source/paths.js');
        for (const file of raw.excludeFrom) {
          const r = readUserText(file);
          if (!r.ok) throw new UsageError(`du: ${file}: ${errnoMessage(r.code)}`);
          // One pattern a line, taken as written; empty lines are none.
          patterns.push(...r.text.split('\n').filter((l) => l !== ''));
        }
      }
      const { runDu } = await import('../du/run-du.js');
      process.exitCode = await runDu({
        inodes: raw.inodes ?? false,
        exclude: excludeTest(patterns),
        all: raw.all ?? false,
        maxDepth,
        xdev: raw.oneFileSystem ?? false,
        apparent: (raw.apparentSize ?? false) || (raw.bytes ?? false),
        sizes,
        total: raw.total ?? false,
        json: raw.json ?? false,
        paths: paths.length > 0 ? paths : ['.'],
      });
    });
}
