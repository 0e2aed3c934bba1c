import { readLibraryFile } from '../../source/user-files.js';
import { RuntimeError } from '../../core/errors.js';
import type { FleetHost } from '../../core/fleet.js';
import { fleetFields, fleetFormatContext, hostState } from '../../fields/fleet-fields.js';
import { out, outJsonLine } from '../../format/output.js';
import { fetchFleet, type FleetQueryOptions } from '../../remote/fleet-queries.js';
import { PrometheusClient, PrometheusError } from '../../remote/prometheus-client.js';
import { readUserFile } from '../../source/user-files.js';
import { fleetCells, fleetLine, orderHosts } from '../../tui/fleet/fleet-view.js';
import type { FleetOptions } from './options.js';

/** Hosts whose `up` series ended this long ago are still listed, as GONE, seconds. */
const LOOKBACK_SECONDS = 600;

/** The client for the options: credentials and TLS material read here (the remote layer reads no files). */
export function clientFor(o: FleetOptions, env: Record<string, string | undefined> = process.env): PrometheusClient {
  let basicAuth: { username: string; password: string } | undefined;
  if (o.user !== undefined) {
    const password = o.passwordFile !== undefined
      ? readUserFile(o.passwordFile, '--password-file', 'fleet').toString('utf8').replace(/\r?\n$/, '')
      : env.SYSMON_PROMETHEUS_PASSWORD ?? '';
    basicAuth = { username: o.user, password };
  }
  try {
    return new PrometheusClient({
      url: o.url,
      timeoutMs: o.timeoutMs,
      basicAuth,
      ca: o.caFile === undefined ? undefined : readUserFile(o.caFile, '--ca-file', 'fleet'),
      cert: o.certFile === undefined ? undefined : readUserFile(o.certFile, '--cert-file', 'fleet'),
      key: o.keyFile === undefined ? undefined : readUserFile(o.keyFile, '--key-file', 'fleet'),
      insecureSkipVerify: o.insecureSkipVerify,
    });
  } catch (e) {
    throw new RuntimeError(`fleet: ${(e as Error).message}`);
  }
}

export function queryOptions(o: FleetOptions): FleetQueryOptions {
  return { matchers: o.matchers, window: o.window, lookbackSeconds: LOOKBACK_SECONDS };
}

/** A host as JSON: its typed record (base units) plus its state word. */
function hostJson(h: FleetHost): Record<string, unknown> {
  return { state: hostState(h), ...h };
}

function table(hosts: readonly FleetHost[], o: FleetOptions): string {
  const ctx = fleetFormatContext();
  const ordered = orderHosts(hosts, o, fleetFields, ctx);
  const t = fleetCells(ordered, o, fleetFields, ctx);
  return [t.headers, ...t.rows].map((cells) => fleetLine(cells, t) + '\n').join('');
}

/**
 * `sysmon fleet -n N` or `--json` or not at a terminal: N tables (or JSON lines), `-d` apart. Prometheus
 * failing is exit 1 with one line; queries that failed while others worked are one line each on stderr.
 */
export async function runFleetOnce(o: FleetOptions): Promise<void> {
  const client = clientFor(o);
  try {
    const n = o.iterations ?? Infinity;
    for (let i = 0; i < n; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, o.delay * 1000));
      let res;
      try {
        res = await fetchFleet(client, queryOptions(o));
      } catch (e) {
        const why = e instanceof PrometheusError ? e.message : String(e);
        throw new RuntimeError(`fleet: ${client.url}: ${why}`);
      }
      for (const w of res.warnings) process.stderr.write(`sysmon: fleet: query failed: ${w}\n`);
      if (o.json) {
        const ordered = orderHosts(res.hosts, o, fleetFields, fleetFormatContext());
        outJsonLine({ time: res.time, prometheus: client.url, hosts: ordered.map(hostJson), warnings: res.warnings });
      } else {
        if (i > 0) out('\n');
        out(table(res.hosts, o));
      }
    }
  } finally {
    client.close();
  }
}

/** The TUI: blessed and the fleet screen load only here. */
export async function runFleetInteractive(o: FleetOptions): Promise<void> {
  const client = clientFor(o);
  const [{ runFleetTui }, { initialFleetState }, { fetchHostDetail }] = await Promise.all([
    import('../../tui/fleet/fleet-adapter.js'),
    import('../../tui/fleet/fleet-controller.js'),
    import('../../remote/host-detail.js'),
  ]);
  const q = queryOptions(o);
  const code = await runFleetTui({
    url: client.url,
    fetchFleet: () => fetchFleet(client, q),
    fetchDetail: (instance) => fetchHostDetail(client, instance, o.matchers, o.window),
    env: { reg: fleetFields, ctx: fleetFormatContext() },
    initialState: initialFleetState({ columns: o.columns, sortKey: o.sortKey, sortDesc: o.sortDesc, filters: o.filters, delay: o.delay }),
    readLibraryFile,
  });
  client.close();
  process.exitCode = code;
}
