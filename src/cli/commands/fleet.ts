import type { Command } from 'commander';
import { examples } from '../context.js';
import type { RawFleetOptions } from '../fleet/options.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `sysmon fleet`: a top-like view of many hosts, from a Prometheus server that scrapes them. */
export function register(program: Command): void {
  program
    .command('fleet')
    .description('many hosts from a Prometheus server: a table per host (TUI; -n 1 or --json for one shot)')
    .option('--prometheus <url>', 'the Prometheus server (or $SYSMON_PROMETHEUS_URL); user:password@ in the URL works too')
    .option('--match <selector>', 'only targets matching this label selector, e.g. {job="nodes",dc="eu"}')
    .option('-d, --delay <secs>', 'seconds between refreshes (default 2)')
    .option('-n, --iterations <N>', 'print N tables (or JSON lines) and exit; no TUI')
    .option('--json', 'one JSON object per refresh per line (hosts in base units: bytes, seconds, percent)')
    .option('-o, --columns <list>', 'columns, comma separated (see --help below for the names)')
    .option('--sort <key>', 'sort key: cpu, pmem, instance, age ... (-key high to low, +key low to high)')
    .option('--filter <expr>', 'only hosts matching: text, FIELD=text, FIELD>n, FIELD<n, !negated, label=value (repeatable)', collect)
    .option('--window <duration>', 'range of rate() and CPU busy, a PromQL duration (default 1m)')
    .option('--timeout <secs>', 'deadline of each request to Prometheus (default 5)')
    .option('--user <name>', 'basic auth user for Prometheus (password from --password-file or $SYSMON_PROMETHEUS_PASSWORD)')
    .option('--password-file <file>', 'file holding the basic auth password')
    .option('--ca-file <file>', 'CA certificate(s), PEM, to trust for an https Prometheus')
    .option('--cert-file <file>', 'client certificate, PEM, for a Prometheus that asks for one')
    .option('--key-file <file>', 'key of the client certificate, PEM')
    .option('--insecure-skip-verify', 'do not verify the Prometheus server certificate')
    .addHelpText(
      'after',
      examples([
        'sysmon fleet --prometheus http://prom:9090                  the TUI: Enter opens a host, Esc returns',
        'sysmon fleet --prometheus http://prom:9090 -n 1             one table',
        "sysmon fleet --prometheus http://prom:9090 --match '{job=\"sysmon\",dc=\"eu\"}' --sort -pmem -n 1",
        'sysmon fleet --prometheus http://prom:9090 --json -n 1 | jq .hosts[].instance',
        'sysmon fleet --prometheus https://prom:9090 --ca-file ca.pem --user ops --password-file pw',
      ]) +
        '\nColumns: instance job state age exporter cpu cpus load1 load5 load15 mem pmem avail total swap fs rx tx read write topcpu topmem\n' +
        'Exit status: 0 ok, 1 Prometheus failed (one-shot), 2 usage error. In the TUI a failing server is shown on the status line.\n',
    )
    .action(async (raw: RawFleetOptions) => {
      const { parseFleetOptions } = await import('../fleet/options.js');
      const opts = parseFleetOptions(raw);
      const interactive = !opts.json && opts.iterations === null && process.stdout.isTTY === true && process.stdin.isTTY === true;
      const run = await import('../fleet/run.js');
      if (interactive) await run.runFleetInteractive(opts);
      else await run.runFleetOnce(opts);
    });
}
