import { Option, type Command } from '../commander.js';
import { examples } from '../context.js';
import { fsRootFor } from './df.js';
import { dropIn } from '../drop-in.js';

interface RawLsblkOpts {
  fs?: boolean;
  paths?: boolean;
  bytes?: boolean;
  all?: boolean;
  noheadings?: boolean;
  json?: boolean;
  statfsTimeout?: string;
}

/** `sysmon lsblk`: util-linux lsblk's device tree, -f, -p, -b and JSON. */
export function register(program: Command): void {
  dropIn(program.command('lsblk').helpOption('-h, --help', 'display this help'), 'lsblk')
    .description('list block devices as a tree (util-linux lsblk)')
    .option('-f, --fs', 'filesystem columns: FSTYPE FSVER LABEL UUID FSAVAIL FSUSE% MOUNTPOINTS')
    .option('-p, --paths', 'print full device paths')
    .option('-b, --bytes', 'print sizes in bytes')
    .option('-a, --all', 'include empty devices (loop devices without a backing file)')
    .option('-n, --noheadings', 'do not print the header line')
    .option('-J, --json', 'print {"blockdevices":[...]} (sizes in bytes, booleans as booleans)')
    .addOption(new Option('--statfs-timeout <MS>', 'time limit of each statfs in milliseconds (-f)').default('2000'))
    .addHelpText(
      'after',
      examples([
        'sysmon lsblk              NAME MAJ:MIN RM SIZE RO TYPE MOUNTPOINTS',
        'sysmon lsblk -f           FSTYPE, LABEL and UUID from the udev database, FSAVAIL, FSUSE%',
        'sysmon lsblk -b -p        sizes in bytes, /dev/... names',
        'sysmon lsblk --json       {"blockdevices":[{"name","maj:min","rm","size","ro","type","mountpoints"}]}',
      ]) +
        '\nFSTYPE, LABEL and UUID are empty (null in JSON) where the machine has no udev database\n' +
        '(/run/udev/data) and no /dev/disk/by-* links: sysmon does not probe the disks to guess them.\n',
    )
    .action(async (raw: RawLsblkOpts, command: Command) => {
      const { parseTimeoutMs } = await import('../df/df-options.js');
      const timeoutMs = parseTimeoutMs(raw.statfsTimeout, '--statfs-timeout');
      const procFs = fsRootFor(command);
      const { runLsblk } = await import('../lsblk/run-lsblk.js');
      const res = await runLsblk(procFs, {
        fs: raw.fs ?? false,
        paths: raw.paths ?? false,
        bytes: raw.bytes ?? false,
        all: raw.all ?? false,
        noHeadings: raw.noheadings ?? false,
        json: raw.json ?? false,
        timeoutMs,
      });
      process.exitCode = res.exitCode;
      if (res.hung) process.exit(res.exitCode);
    });
}
