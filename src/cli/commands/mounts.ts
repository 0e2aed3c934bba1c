import type { Command } from 'commander';
import { Option } from '../commander.js';
import { examples } from '../context.js';
import { fsRootFor } from './df.js';
import { dropIn } from '../drop-in.js';
import { attachedOptional, checkExclusive, flagsOf, jsonModes, scolsOutput, strtos32OrErr } from '../scols-cli.js';

interface RawMountsOpts {
  list?: boolean;
  source?: string;
  target?: string;
  mountpoint?: string;
  types?: string;
  df?: boolean;
  all?: boolean;
  noheadings?: boolean;
  json?: boolean;
  J?: boolean;
  output?: string;
  listColumns?: boolean;
  fstab?: boolean;
  tabFile?: string;
  options?: string;
  raw?: boolean;
  pairs?: boolean;
  bytes?: boolean;
  firstOnly?: boolean;
  invert?: boolean;
  real?: boolean;
  pseudo?: boolean;
  nofsroot?: boolean;
  ascii?: boolean;
  shell?: boolean;
  notruncate?: boolean;
  outputAll?: boolean;
  task?: string;
  submounts?: boolean;
  statfsTimeout?: string;
  uniq?: boolean;
  direction?: string;
  tree?: boolean;
  shadowed?: boolean;
  vfsAll?: boolean;
  nocanonicalize?: boolean;
  poll?: string | boolean;
  verify?: boolean;
  verbose?: boolean;
  canonicalize?: boolean;
  evaluate?: boolean;
  timeout?: string;
}

/** `sysmon mounts`: util-linux findmnt's tree, list, filters and JSON. */
export function register(program: Command): void {
  dropIn(program.command('mounts').helpOption('-h, --help', 'display this help'), 'findmnt')
    .alias('findmnt')
    .description('show mounted file systems as a tree (util-linux findmnt)')
    .option('-l, --list', 'flat list instead of the tree')
    .option('-S, --source <SOURCE>', 'only mounts of this source device or name')
    .argument('[device|mountpoint]', 'only the mount of this source or on this mount point (exact)')
    .argument('[mountpoint]', 'with a device first: only its mount on this mount point')
    .option('-s, --fstab', 'search in static table of filesystems (/etc/fstab)')
    .option('-F, --tab-file <path>', 'alternative file for -s (fstab or mountinfo format)')
    .option('-O, --options <list>', 'limit the set of filesystems by mount options')
    .option('-p, --poll [list]', 'monitor changes in table of mounted filesystems (--poll=mount,umount,remount,move)')
    .option('-w, --timeout <num>', 'upper limit in milliseconds that --poll will block')
    .option('-r, --raw', 'use raw output format')
    .option('-P, --pairs', 'use key="value" output format')
    .option('-b, --bytes', 'print sizes in bytes rather than in human readable format')
    .option('-f, --first-only', 'print the first found filesystem only')
    .option('-i, --invert', 'invert the sense of matching')
    .option('--real', 'print only real filesystems')
    .option('--pseudo', 'print only pseudo-filesystems')
    .option('-v, --nofsroot', "don't print [/dir] for bind or btrfs mounts")
    .option('-a, --ascii', 'use ASCII chars for tree formatting')
    .option('-y, --shell', 'use column names to be usable as shell variable identifiers')
    .option('-u, --notruncate', "don't truncate text in columns")
    .option('--output-all', 'output all available columns')
    .option('-R, --submounts', 'print all submounts for the matching filesystems')
    .option('-N, --task <tid>', 'use alternative namespace (/proc/<tid>/mountinfo file)')
    .option('-U, --uniq', 'ignore filesystems with duplicate target')
    .option('-d, --direction <word>', 'direction of search, \'forward\' or \'backward\'')
    .option('--tree', 'enable tree format if possible')
    .option('-c, --canonicalize', 'canonicalize printed paths')
    .option('-e, --evaluate', 'convert tags (LABEL,UUID,PARTUUID,PARTLABEL) to device names')
    .option('-C, --nocanonicalize', "don't canonicalize when comparing paths")
    .option('--vfs-all', 'print all VFS options')
    .option('-x, --verify', 'verify mount table content (default is fstab)')
    .option('--verbose', 'print more details')
    .option('--shadowed', 'print only filesystems over-mounted by another filesystem')
    .option('-T, --target <PATH>', 'the mount that holds PATH')
    .option('-M, --mountpoint <DIR>', 'only the mount on exactly DIR')
    .option('-t, --types <LIST>', 'only these types (comma list; a leading "no" negates the list)')
    .option('-D, --df', 'df-like output: SOURCE FSTYPE SIZE USED AVAIL USE% TARGET')
    .option('-A, --all', 'with --df, include pseudo file systems (proc, sysfs, overlay, ...)')
    .option('-n, --noheadings', 'do not print the header line')
    .option('-o, --output <LIST>', 'columns to print, comma separated (see --list-columns)')
    .option('--list-columns', 'list the columns -o knows, with their headers and meaning')
    .option('-J', "use JSON output format: findmnt's text ({\"filesystems\":[...]})")
    .option('--json', "sysmon's JSON: one compact document, sizes in bytes (through a findmnt link, -J)")
    .addOption(new Option('--statfs-timeout <MS>', 'time limit of each statfs in milliseconds (--df)').default('2000'))
    .addHelpText(
      'after',
      examples([
        'sysmon mounts                      the mount tree: TARGET SOURCE FSTYPE OPTIONS',
        'sysmon mounts -l -t tmpfs          tmpfs mounts as a list',
        'sysmon mounts -t nocgroup,cgroup2  everything but cgroup file systems',
        'sysmon mounts -T ~/src             the mount that holds ~/src',
        'sysmon mounts -S /dev/vda          where /dev/vda is mounted (bind mounts as /dev/vda[/dir])',
        'sysmon mounts --df                 sizes as findmnt --df prints them',
        'sysmon mounts -o target,fstype,size,use%   chosen columns (sizes need a statfs)',
        'sysmon mounts --json               nested {"filesystems":[...]}',
        'sysmon mounts -s                   the static table, /etc/fstab',
        'sysmon mounts -n -o SOURCE /       the source of /',
        'sysmon mounts -O ro -r             read-only mounts, raw',
      ]),
    )
    .action(async (spec0: string | undefined, spec20: string | undefined, raw: RawMountsOpts, command: Command) => {
      const positionals = [spec0, spec20].filter((x): x is string => x !== undefined);
      const poll = attachedOptional(raw.poll, 'p', 'poll', positionals);
      const [spec, spec2] = positionals;
      const json = jsonModes(raw).json;
      const on = (v: unknown): boolean => v !== undefined && v !== false;
      // findmnt's ul_excl_t table, in its order (-k and -m, which sysmon does not take, are never given).
      checkExclusive([
        [[on(raw.nocanonicalize), 'nocanonicalize'], [on(raw.canonicalize), 'canonicalize']],
        [[on(raw.nocanonicalize), 'nocanonicalize'], [on(raw.evaluate), 'evaluate']],
        [[json, 'json'], [on(raw.pairs), 'pairs'], [on(raw.raw), 'raw'], [on(raw.verify), 'verify']],
        [[on(raw.mountpoint), 'mountpoint'], [on(raw.target), 'target']],
        [[on(raw.task), 'task'], [false, 'kernel'], [false, 'mtab'], [on(raw.fstab), 'fstab']],
        [[on(raw.pairs), 'pairs'], [on(raw.list), 'list'], [on(raw.raw), 'raw'], [on(raw.verify), 'verify']],
        [[on(poll), 'poll'], [on(raw.verify), 'verify']],
        [[false, 'mtab'], [on(poll), 'poll'], [on(raw.fstab), 'fstab']],
        [[on(raw.pseudo), 'pseudo'], [on(raw.real), 'real']],
      ]);
      const { parseTimeoutMs } = await import('../df/df-options.js');
      const timeoutMs = parseTimeoutMs(raw.statfsTimeout, '--statfs-timeout');
      const procFs = fsRootFor(command);
      const { ToolError } = await import('../../core/errors.js');
      const { escapeHexBytes } = await import('../../format/escape.js');
      if (raw.direction !== undefined && raw.direction !== 'forward' && raw.direction !== 'backward') {
        throw new ToolError(`unknown direction '${escapeHexBytes(raw.direction)}'`, 1);
      }
      const { runMounts, listMountColumns } = await import('../mounts/run-mounts.js');
      if (raw.listColumns) {
        listMountColumns();
        return;
      }
      const res = await runMounts(procFs, {
        source: raw.source ?? null,
        target: raw.target ?? null,
        mountpoint: raw.mountpoint ?? null,
        spec: spec ?? null,
        spec2: spec2 ?? null,
        fstab: raw.fstab ?? false,
        tabFile: raw.tabFile ?? null,
        options: raw.options ?? null,
        ...flagsOf(raw, ['bytes', 'firstOnly', 'invert', 'real', 'pseudo', 'outputAll', 'submounts', 'df', 'all', 'uniq', 'shadowed', 'vfsAll', 'canonicalize', 'evaluate', 'verify', 'verbose', 'notruncate']),
        noFsroot: raw.nofsroot ?? false,
        task: raw.task ?? null,
        types: raw.types ?? null,
        ...scolsOutput(raw),
        columns: raw.output ?? null,
        timeoutMs,
        backward: raw.direction === 'backward',
        forceTree: raw.tree ?? false,
        noCanonicalize: raw.nocanonicalize ?? false,
        poll: poll ?? null,
        pollTimeoutMs: raw.timeout === undefined ? -1 : strtos32OrErr(raw.timeout, 'invalid timeout argument'),
      });
      process.exitCode = res.exitCode;
      if (res.hung) process.exit(res.exitCode);
    });
}
