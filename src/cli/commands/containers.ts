import type { Command } from 'commander';
import { examples, procFsFor } from '../context.js';

/** Raw options as commander hands them over; src/cli/containers/options.ts checks them. */
export interface RawContainersOpts {
  seconds?: string;
  count?: string;
  delay: string;
  json?: boolean;
  sort?: string;
  format?: string;
  all?: boolean;
  headers?: boolean;
  listFields?: boolean;
  at?: string;
  db?: string;
}

/** `sysmon containers`: every container and pod with its usage against its limits, from cgroups alone. */
export function register(program: Command): void {
  program
    .command('containers')
    .description('containers and Kubernetes pods from cgroups: CPU, throttling, memory against limits, PIDs, I/O, PSI')
    .option('-s, --seconds <SECONDS>', 'print a sample every SECONDS (fractions allowed) until stopped or -c')
    .option('-c, --count <COUNT>', 'print COUNT samples, then exit (every second unless -s)')
    .option('-d, --delay <SECONDS>', 'one-shot: measure CPU % over this long (0: no CPU %)', '0.5')
    .option('-o, --format <list>', 'columns, comma separated (see --list-fields)')
    .option('--sort <spec>', 'sort keys, comma list, -key high to low (default -cpu,-mem,name)')
    .option('-a, --all', 'also systemd units and other cgroups that hold processes')
    .option('--no-headers', 'print no header line')
    .option('--json', 'print JSON in base units (bytes, seconds, percent); one object a line with -s/-c')
    .option('--list-fields', 'list the column keys for -o and --sort, and exit')
    .option('--at <TIME>', 'containers as recorded at TIME ("10 min ago", 03:00, "yesterday 14:30", ISO-8601); -s/-c: the samples from then on')
    .option('--db <PATH>', 'history database for --at (default: the one `sysmon record` writes)')
    .addHelpText(
      'after',
      examples([
        'sysmon containers                    every container and pod, busiest first',
        'sysmon containers --sort -mem% -o name,mem,limit,mem%,pids,pids_max',
        'sysmon containers -s 2 -c 5          five samples, two seconds apart',
        'sysmon containers --json | jq ".containers[].name"',
        'sysmon containers -s 1 --json        NDJSON, one sample a line',
        'sysmon containers --all              with systemd units and other cgroups',
        'sysmon containers --at "10 min ago"  as recorded by `sysmon record` then',
      ]) +
        '\nNames come from podman, docker and kubelet state on disk when readable, else 12-character ids.\n' +
        'Exit status: 0 success, 1 no cgroup filesystem, 2 usage error.\n',
    )
    .action(async (raw: RawContainersOpts, command: Command) => {
      const [{ parseContainersOptions }, { runContainers, listContainerFields }] = await Promise.all([
        import('../containers/options.js'),
        import('../containers/run.js'),
      ]);
      const opts = parseContainersOptions(raw);
      if (opts.listFields) {
        listContainerFields();
        return;
      }
      if (raw.at !== undefined || raw.db !== undefined) {
        const { containersAt } = await import('../history/one-shots.js');
        await containersAt(opts, raw.at, raw.db);
        return;
      }
      await runContainers(procFsFor(command), opts);
    });
}
