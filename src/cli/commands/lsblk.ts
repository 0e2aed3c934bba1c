import { Option, type Command } from '../commander.js';
import { examples } from '../context.js';
import { fsRootFor } from './df.js';
import { dropIn } from '../drop-in.js';
import { attachedOptional, checkExclusive, jsonModes, scolsOutput, flagsOf, strtou32OrErr } from '../scols-cli.js';

interface RawLsblkOpts {
  paths?: boolean;
  bytes?: boolean;
  all?: boolean;
  nodeps?: boolean;
  list?: boolean;
  raw?: boolean;
  pairs?: boolean;
  scsi?: boolean;
  output?: string;
  sort?: string;
  noheadings?: boolean;
  json?: boolean;
  J?: boolean;
  exclude?: string;
  include?: string;
  noempty?: boolean;
  ascii?: boolean;
  shell?: boolean;
  inverse?: boolean;
  dedup?: string;
  sysroot?: string;
  tree?: string | boolean;
  discard?: boolean;
  outputAll?: boolean;
  fs?: boolean;
  perms?: boolean;
  topology?: boolean;
  statfsTimeout?: string;
  width?: string;
  merge?: boolean;
}

type ColumnSet = 'fs' | 'perms' | 'topology' | 'scsi' | 'discard' | 'zoned' | 'all';

/** `sysmon lsblk`: util-linux lsblk's device tree and list, its column sets, -o/-x, raw, pairs and JSON. */
export function register(program: Command): void {
  // -f, -m, -t, -S and -O add their columns in the order they are given, as lsblk does.
  let sets: ColumnSet[] = [];
  const cmd = dropIn(program.command('lsblk').helpOption('-h, --help', 'display this help'), 'lsblk')
    .description('list block devices as a tree (util-linux lsblk)')
    .argument('[device...]', 'only these devices (paths of device nodes)')
    .option('-A, --noempty', "don't print empty devices")
    .option('-D, --discard', 'print discard capabilities')
    .option('-a, --all', 'print all devices (loop devices without a backing file too)')
    .option('-b, --bytes', 'print SIZE in bytes rather than in human readable format')
    .option('-d, --nodeps', "don't print slaves or holders")
    .option('-E, --dedup <column>', 'de-duplicate output by <column>')
    .option('-e, --exclude <list>', 'exclude devices by major number (default: RAM disks)')
    .option('-I, --include <list>', 'show only devices with specified major numbers')
    .option('-i, --ascii', 'use ascii characters only')
    .option('-f, --fs', 'output info about filesystems')
    .option('-J', "use JSON output format: lsblk's text (sizes as numbers with -b)")
    .option('--json', "sysmon's JSON: one compact document, sizes and FSUSE% as numbers (through an lsblk link, -J)")
    .option('-l, --list', 'use list format output')
    .option('-M, --merge', 'group parents of sub-trees (usable for RAIDs, Multi-path)')
    .option('-m, --perms', 'output info about permissions')
    .option('-n, --noheadings', "don't print headings")
    .option('-o, --output <list>', 'output columns (+LIST adds to the default ones)')
    .option('-O, --output-all', 'output all columns')
    .option('-p, --paths', 'print complete device path')
    .option('-P, --pairs', 'use key="value" output format')
    .option('-r, --raw', 'use raw output format')
    .option('-S, --scsi', 'output info about SCSI devices')
    .option('-s, --inverse', 'inverse dependencies')
    .option('--sysroot <dir>', 'use specified directory as system root')
    .option('-T, --tree [column]', 'use tree format output (the tree drawn in this column: -TCOL, --tree=COL)')
    .option('-t, --topology', 'output info about topology')
    .option('-w, --width <num>', 'specifies output width as number of characters')
    .option('-x, --sort <column>', 'sort output by <column>')
    .option('-y, --shell', 'use column names to be usable as shell variable identifiers')
    .option('-z, --zoned', 'print zone related information')
    .addOption(new Option('--statfs-timeout <MS>', 'time limit of each statfs in milliseconds (-f)').default('2000'))
    .addHelpText(
      'after',
      examples([
        'sysmon lsblk              NAME MAJ:MIN RM SIZE RO TYPE MOUNTPOINTS',
        'sysmon lsblk -f           FSTYPE, LABEL and UUID from the udev database, FSAVAIL, FSUSE%',
        'sysmon lsblk -b -p        sizes in bytes, /dev/... names',
        'sysmon lsblk -o NAME,SIZE,ROTA -d   chosen columns, disks only',
        'sysmon lsblk -J           lsblk\'s JSON text: {"blockdevices":[...]}, sizes as "256G"',
        'sysmon lsblk --json       the same document compact, sizes in bytes, FSUSE% a number',
        'sysmon lsblk /dev/vda     one device and its partitions',
      ]) +
        '\nFSTYPE, LABEL and UUID are empty (null in JSON) where the machine has no udev database\n' +
        '(/run/udev/data) and no /dev/disk/by-* links: sysmon does not probe the disks to guess them.\n' +
        'Exit status: 0 ok, 1 failure, 32 none of the devices given found, 64 some of them not found.\n',
    );
  const sets0: Record<string, ColumnSet> = {
    fs: 'fs', perms: 'perms', topology: 'topology', scsi: 'scsi', discard: 'discard', zoned: 'zoned', outputAll: 'all',
  };
  for (const [attr, set] of Object.entries(sets0)) {
    const flag = attr === 'outputAll' ? 'output-all' : attr;
    cmd.on(`option:${flag}`, () => sets.push(set));
  }
  cmd.action(async (devices: string[], raw: RawLsblkOpts, command: Command) => {
    exclusive(raw);
    const tree = attachedOptional(raw.tree, 'T', 'tree', devices);
    const width = raw.width === undefined ? null : strtou32OrErr(raw.width, 'invalid output width number argument');
    const { parseTimeoutMs } = await import('../df/df-options.js');
    const timeoutMs = parseTimeoutMs(raw.statfsTimeout, '--statfs-timeout');
    const procFs = fsRootFor(command);
    const { runLsblk } = await import('../lsblk/run-lsblk.js');
    const chosen = sets;
    sets = [];
    const res = await runLsblk(procFs, {
      sets: chosen,
      output: raw.output ?? null,
      sort: raw.sort ?? null,
      ...flagsOf(raw, ['paths', 'bytes', 'all', 'nodeps', 'scsi', 'inverse', 'merge']),
      width,
      ...scolsOutput(raw),
      exclude: raw.exclude ?? null,
      include: raw.include ?? null,
      noEmpty: raw.noempty ?? false,
      dedup: raw.dedup ?? null,
      tree,
      sysroot: raw.sysroot ?? null,
      devices,
      timeoutMs,
    });
    process.exitCode = res.exitCode;
    if (res.hung) process.exit(res.exitCode);
  });
}

/**
 * lsblk's groups of options that exclude each other (its ul_excl_t table, in its order), each member as
 * [is it given, its long name]: the message names the whole group, whatever two of it were given.
 */
function exclusive(raw: RawLsblkOpts): void {
  const json = jsonModes(raw).json;
  const O = raw.outputAll ?? false;
  const groups: [boolean, string][][] = [
    [[raw.discard ?? false, 'discard'], [O, 'output-all']],
    [[raw.include !== undefined, 'include'], [raw.exclude !== undefined, 'exclude']],
    [[json, 'json'], [raw.pairs ?? false, 'pairs'], [raw.raw ?? false, 'raw']],
    [[O, 'output-all'], [raw.scsi ?? false, 'scsi']],
    [[O, 'output-all'], [raw.fs ?? false, 'fs']],
    [[O, 'output-all'], [raw.perms ?? false, 'perms']],
    [[O, 'output-all'], [raw.output !== undefined, 'output']],
    [[O, 'output-all'], [raw.topology ?? false, 'topology']],
    [[raw.pairs ?? false, 'pairs'], [raw.tree !== undefined, 'tree'], [raw.list ?? false, 'list'], [raw.raw ?? false, 'raw']],
  ];
  checkExclusive(groups);
}
