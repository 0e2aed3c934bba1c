import type { Command } from 'commander';
import { backendFor } from '../backend.js';
import { examples, portableFsFor, procFsFor } from '../context.js';
import type { RawServeOptions } from '../serve/options.js';
import type { RawServeRecord } from '../serve/record-hook.js';

/** `sysmon serve`: a Prometheus exporter with node_exporter's names, plus bounded per-process metrics. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('export metrics for Prometheus (node_exporter names, plus the top processes)')
    .option('--listen <addr:port>', 'address to listen on; only loopback unless you name another', '127.0.0.1:9101')
    .option('--top <N>', 'export the top N processes by CPU and the top N by memory (0: none)', '20')
    .option('--containers <N>', 'export cAdvisor container families for at most N containers (0: none)', '100')
    .option('-d, --interval <secs>', 'scrapes within this many seconds share one sample', '1')
    .option('--json', 'print the startup line as JSON ({"url":...,"port":...})')
    .option('--web.config.file <file>', 'TLS and basic auth: a Prometheus exporter web configuration file (see docs/fleet.md)')
    .option('--web.max-connections <N>', 'open connections at most; the oldest idle or half-sent ones make room (default 256)')
    .option('--no-gpu', 'do not export GPU metrics (DCGM_FI_DEV_*; NVIDIA needs a long-lived nvidia-smi)')
    .option('--record', 'also record the exporter\'s samples into the history (sysmon replay, --at; docs/history.md)')
    .option('--record-every <secs>', 'with --record: seconds between recorded samples (default 5)')
    .option('--retain <AGE>', 'with --record: keep this much history (default 7d)')
    .option('--max-size <SIZE>', 'with --record: largest database (default 1G)')
    .option('--db <PATH>', 'with --record: database file (default: the one `sysmon record` writes)')
    .addHelpText(
      'after',
      examples([
        'sysmon serve                          http://127.0.0.1:9101/metrics, loopback only',
        'sysmon serve --listen 0.0.0.0:9101    every IPv4 interface (for a Prometheus elsewhere)',
        'sysmon serve --listen [::1]:9101      IPv6 loopback',
        'sysmon serve --listen 127.0.0.1:0     any free port (printed at start)',
        'sysmon serve --top 5                  at most 10 process series per metric',
        'curl -s localhost:9101/metrics | grep ^node_load',
        'sysmon serve --listen 0.0.0.0:9101 --web.config.file /etc/sysmon/web.yml   https and basic auth',
      ]) +
        '\nPaths: /metrics (Prometheus text format 0.0.4), / (index), /healthz. SIGINT/SIGTERM stop it.\n' +
        'Command lines are never exported: they can hold secrets.\n',
    )
    .action(async (raw: RawServeOptions & RawServeRecord, command: Command) => {
      const { parseServeOptions } = await import('../serve/options.js');
      const opts = parseServeOptions(raw);
      const record = raw.record || Object.keys(raw).some((k) => ['recordEvery', 'retain', 'maxSize', 'db'].includes(k))
        ? (await import('../serve/record-hook.js')).parseServeRecord(raw)
        : null;
      const portable = backendFor(command) === 'portable';
      const fs = portable ? portableFsFor(command) : procFsFor(command);
      const { runServe } = await import('../serve/run.js');
      await runServe(fs, opts, record, portable);
    });
}
