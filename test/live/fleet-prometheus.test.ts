import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHost } from '../../src/core/fleet.js';
import { fetchHostDetail } from '../../src/remote/host-detail.js';
import { PrometheusClient } from '../../src/remote/prometheus-client.js';
import { haveTmux, TmuxSession } from '../tui/tmux-harness.js';
import { BusyboxContainer } from './podman-helpers.js';
import { startPrometheus, which, type Prometheus } from './prometheus-helpers.js';
import {
  bin, childEnv, freePort, get, label, parseExposition, startChild, startSysmon, stopChild, waitFor, type Child, type Sysmon,
} from './serve-helpers.js';

// `sysmon fleet` against a real Prometheus scraping three `sysmon serve` on loopback ports (labels host=a/b/c,
// dc=eu/eu/us) and one node_exporter (host=n): the rows agree with each instance's own /metrics and with
// /proc; one sysmon is stopped midway and its row goes DOWN. Everything listens on 127.0.0.1.

const execFileP = (cmd: string, args: string[], env = childEnv()): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });

const fleet = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  execFileP(process.execPath, [bin, 'fleet', ...args]);

function meminfo(key: string): number {
  return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
}

describe('sysmon fleet over a real Prometheus', () => {
  let tmp = '';
  const sysmons: Record<string, Sysmon> = {};
  let ne: Child | undefined;
  let nePort = 0;
  let prom: Prometheus | undefined;
  // A real container (podman + runc) for the dashboard's container panels; `noContainer` says why there is none.
  const container = new BusyboxContainer('fleet');
  let noContainer: string | null = null;

  const instanceOf = (name: string): string => (name === 'n' ? `127.0.0.1:${nePort}` : `127.0.0.1:${sysmons[name]!.port}`);

  async function fleetJson(extra: string[] = []): Promise<FleetHost[]> {
    const r = await fleet(['--prometheus', prom!.base, '--json', '-n', '1', '--window', '10s', ...extra]);
    if (r.code !== 0) throw new Error(`fleet exited ${r.code}: ${r.stderr}`);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { hosts: FleetHost[] }).hosts;
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-fleet-'));
    noContainer = container.start();
    for (const name of ['a', 'b', 'c']) sysmons[name] = await startSysmon(['--top', '5', '--interval', '0.1']);
    const neBin = which('prometheus-node-exporter');
    for (let attempt = 0; attempt < 3 && !ne; attempt++) {
      nePort = await freePort();
      const child = startChild(neBin, [`--web.listen-address=127.0.0.1:${nePort}`, '--collector.disable-defaults',
        ...['meminfo', 'cpu', 'loadavg', 'filesystem', 'diskstats', 'netdev'].map((c) => `--collector.${c}`)]);
      const ok = await waitFor('node_exporter', async () => {
        if (child.proc.exitCode !== null) return false;
        return (await get(`http://127.0.0.1:${nePort}/metrics`)).status === 200 ? true : undefined;
      }, 15_000, 100);
      if (ok) ne = child;
    }
    if (!ne) throw new Error('node_exporter did not start');
    const target = (name: string, dc: string): string =>
      `      - targets: ['${instanceOf(name)}']\n        labels: { host: ${name}, dc: ${dc} }`;
    prom = await startPrometheus(tmp, [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: sysmon',
      '    static_configs:',
      target('a', 'eu'), target('b', 'eu'), target('c', 'us'),
      '  - job_name: node',
      '    static_configs:',
      target('n', 'eu'),
      '',
    ].join('\n'));
    // Every target scraped, and at least two samples each (rate() over 5 s needs them).
    // Every target scraped, and CPU counters that moved within the rate window of the tests (10 s).
    await waitFor('Prometheus to scrape every target with moving counters', async () => {
      const r = await prom!.query('sum by (instance) (rate(node_cpu_seconds_total[10s])) > 0 and on (instance) up == 1');
      return r.length === 4 ? true : undefined;
    }, 60_000, 500);
  }, 120_000);

  afterAll(async () => {
    await stopChild(prom);
    await stopChild(ne);
    for (const s of Object.values(sysmons)) await stopChild(s);
    container.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('one row per instance, all up, with the exporter each runs and the target labels', async () => {
    const hosts = await fleetJson();
    expect(hosts.map((h) => h.instance).sort()).toEqual(['a', 'b', 'c', 'n'].map(instanceOf).sort());
    for (const h of hosts) {
      const name = h.labels.host!;
      expect(h.instance).toBe(instanceOf(name));
      expect(h.up).toBe(true);
      expect(h.exporter).toBe(name === 'n' ? 'node' : 'sysmon');
      expect(h.job).toBe(name === 'n' ? 'node' : 'sysmon');
      expect(h.labels.dc).toBe(name === 'c' ? 'us' : 'eu');
      expect(h.scrapeAgeSeconds).toBeGreaterThanOrEqual(0);
      expect(h.scrapeAgeSeconds).toBeLessThan(15);
    }
  });

  it('memory, swap, CPUs and load agree with /proc (stable fields exactly, changing ones within tolerance)', async () => {
    const hosts = await fleetJson();
    const cpus = (fs.readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm) ?? []).length;
    const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    const total = meminfo('MemTotal');
    for (const h of hosts) {
      expect(h.memTotalBytes).toBe(total);
      expect(h.swapTotalBytes).toBe(meminfo('SwapTotal'));
      expect(h.cpuCount).toBe(cpus);
      // MemAvailable moves with the other work on the machine: within a tenth of the memory.
      expect(Math.abs(h.memAvailableBytes! - meminfo('MemAvailable'))).toBeLessThan(total / 10);
      expect(h.memUsedBytes).toBe(h.memTotalBytes! - h.memAvailableBytes!);
      // The load average moves slowly; Prometheus's value is at most a few seconds old.
      expect(Math.abs(h.load1! - load[0]!)).toBeLessThan(Math.max(2, load[0]! / 2));
      const what = `${h.labels.host}: ${JSON.stringify(h)}`;
      expect(h.cpuBusyPercent, what).toBeGreaterThanOrEqual(0);
      expect(h.cpuBusyPercent, what).toBeLessThanOrEqual(100);
      expect(h.netRxBytesPerSecond, what).toBeGreaterThanOrEqual(0);
      expect(h.diskWriteBytesPerSecond, what).toBeGreaterThanOrEqual(0);
    }
  });

  it("the fullest filesystem and the top processes are those of each instance's own /metrics", async () => {
    for (const name of ['a', 'c']) {
      // Retry when the machine moved between reading /metrics and asking Prometheus.
      await waitFor(`host ${name} to agree with its /metrics`, async () => {
        const before = parseExposition((await get(`${sysmons[name]!.base}/metrics`)).body);
        const h = (await fleetJson([`--match={host="${name}"}`]))[0]!;
        const after = parseExposition((await get(`${sysmons[name]!.base}/metrics`)).body);
        // Fullest filesystem by df's Use% over the families of /metrics, tmpfs and friends left out.
        const fullest = (fams: typeof before): { mount: string; pct: number } => {
          let best = { mount: '', pct: -1 };
          for (const [labels, size] of fams.get('node_filesystem_size_bytes')!.series) {
            if (/^(tmpfs|ramfs|squashfs|iso9660|erofs|overlay)$/.test(label(labels, 'fstype')!)) continue;
            const free = fams.get('node_filesystem_free_bytes')!.series.get(labels)!;
            const avail = fams.get('node_filesystem_avail_bytes')!.series.get(labels)!;
            const pct = (100 * (size - free)) / (size - free + avail);
            if (Number.isFinite(pct) && pct > best.pct) best = { mount: label(labels, 'mountpoint')!, pct };
          }
          return best;
        };
        const fb = fullest(before);
        const fa = fullest(after);
        const topMem = (fams: typeof before): string => {
          const s = [...fams.get('sysmon_process_resident_memory_bytes')!.series].sort((x, y) => y[1] - x[1])[0]!;
          return `${label(s[0], 'pid')}/${label(s[0], 'comm')}`;
        };
        if (fb.mount !== fa.mount || topMem(before) !== topMem(after)) return undefined;
        if (h.fullestFs?.mountpoint !== fb.mount || `${h.topMem?.pid}/${h.topMem?.comm}` !== topMem(before)) return undefined;
        expect(Math.abs(h.fullestFs.usePercent - fb.pct)).toBeLessThan(1);
        // The top CPU process is one of the processes the instance exports, with a plausible %CPU.
        const pids = [...before.get('sysmon_process_cpu_seconds_total')!.series.keys(), ...after.get('sysmon_process_cpu_seconds_total')!.series.keys()]
          .map((l) => label(l, 'pid'));
        expect(pids).toContain(String(h.topCpu!.pid));
        expect(h.topCpu!.cpuPercent).toBeGreaterThanOrEqual(0);
        expect(h.topCpu!.cpuPercent).toBeLessThanOrEqual(100 * os.cpus().length + 1);
        // The process exists (or existed) with that name in /proc.
        const comm = (() => {
          try {
            return fs.readFileSync(`/proc/${h.topMem!.pid}/comm`, 'utf8').trim();
          } catch {
            return null;
          }
        })();
        if (comm !== null) expect(comm).toBe(h.topMem!.comm);
        return true;
      }, 30_000, 500);
    }
  });

  it('a node_exporter-only host shows what it has and marks the process columns n/a', async () => {
    const n = (await fleetJson(['--match', '{job="node"}']))[0]!;
    expect(n.memTotalBytes).toBe(meminfo('MemTotal'));
    expect(n.topCpu).toBeNull();
    expect(n.topMem).toBeNull();
    const table = await fleet(['--prometheus', prom!.base, '-n', '1', '--window', '10s', '--match', '{job="node"}', '-o', 'instance,state,exporter,topcpu,topmem']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^INSTANCE\s+STATE\s+EXPORTER\s+TOP CPU\s+TOP MEM$/);
    expect(lines[1]).toMatch(new RegExp(`^${instanceOf('n').replace(/\./g, '\\.')}\\s+UP\\s+node\\s+n/a\\s+n/a$`));
    expect(lines).toHaveLength(2);
  });

  it('--match, --filter and --sort choose and order the rows', async () => {
    expect((await fleetJson(['--match', '{dc="us"}'])).map((h) => h.labels.host)).toEqual(['c']);
    expect((await fleetJson(['--match', '{job="sysmon",dc!="us"}'])).map((h) => h.labels.host).sort()).toEqual(['a', 'b']);
    expect((await fleetJson(['--filter', 'exporter=node'])).map((h) => h.labels.host)).toEqual(['n']);
    expect((await fleetJson(['--filter', 'dc=us'])).map((h) => h.labels.host)).toEqual(['c']);
    const sorted = await fleetJson(['--sort', '+instance']);
    expect(sorted.map((h) => h.instance)).toEqual(sorted.map((h) => h.instance).sort());
    const r = await fleet(['--prometheus', prom!.base, '-n', '1', '--sort', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sysmon: unknown sort key 'bogus' \(valid: instance, job, state/);
  });

  it("one host's screen data: an hour of range queries and its processes from sysmon's families", async () => {
    const client = new PrometheusClient({ url: prom!.base, timeoutMs: 10_000 });
    try {
      const d = await fetchHostDetail(client, instanceOf('a'), [], '10s');
      expect(d.charts.map((c) => c.title)).toEqual(['CPU busy %', 'Memory', 'Load', 'Network', 'Disk']);
      const mem = d.charts.find((c) => c.title === 'Memory')!;
      expect(mem.series[1]!.values.length).toBeGreaterThan(0);
      for (const v of mem.series[1]!.values) expect(Math.abs(v - meminfo('MemAvailable'))).toBeLessThan(meminfo('MemTotal') / 5);
      expect(d.processes.length).toBeGreaterThan(0);
      // --top 5: at most 5 by CPU and 5 by memory, so at most 10 processes.
      expect(d.processes.length).toBeLessThanOrEqual(10);
      const own = parseExposition((await get(`${sysmons.a!.base}/metrics`)).body).get('sysmon_process_resident_memory_bytes')!;
      const comms = new Set([...own.series.keys()].map((l) => label(l, 'comm')));
      expect(d.processes.some((p) => comms.has(p.comm))).toBe(true);
    } finally {
      client.close();
    }
  });

  it('an unreachable or silent Prometheus: one line and exit 1, never a stack trace', async () => {
    const port = await freePort();
    const r = await fleet(['--prometheus', `http://127.0.0.1:${port}`, '-n', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sysmon: fleet: http://127.0.0.1:${port}: connection refused\n`);
    const silent = http.createServer(() => {});
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    try {
      const sp = (silent.address() as net.AddressInfo).port;
      const s = await fleet(['--prometheus', `http://127.0.0.1:${sp}`, '-n', '1', '--timeout', '0.5']);
      expect(s.code).toBe(1);
      expect(s.stderr).toBe(`sysmon: fleet: http://127.0.0.1:${sp}: timed out after 0.5 s\n`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    const u = await fleet(['--prometheus', 'not a url', '-n', '1']);
    expect(u.code).toBe(2);
    expect(u.stderr).toBe("sysmon: fleet: --prometheus 'not a url' is not a URL (e.g. http://127.0.0.1:9090)\n");
  });

  it.runIf(haveTmux())('the TUI: rows, Enter opens a host with its history, Esc returns, q quits 0', async () => {
    const t = new TmuxSession({ width: 160, height: 40, env: { NO_COLOR: '1' }, args: ['fleet', '--prometheus', prom!.base, '--window', '10s', '-d', '1', '--sort', '+instance'] });
    t.start();
    try {
      const screen = await t.waitFor((s) => ['a', 'b', 'c', 'n'].every((n) => s.includes(instanceOf(n))), 20_000, 'four hosts');
      expect(screen.split('\n')[0]).toMatch(/^INSTANCE\^?\s+STATE\s+AGE\s+%CPU/);
      expect(screen).toMatch(/4 hosts/);
      t.keys(['Home', 'Enter']);
      const first = [...['a', 'b', 'c', 'n'].map(instanceOf)].sort()[0]!;
      const host = await t.waitFor((s) => s.includes('last hour') && s.includes('CPU busy %') && s.includes('Memory: used'), 20_000, 'host screen');
      expect(host.split('\n')[0]).toContain(first);
      t.keys(['Escape']);
      await t.waitFor((s) => /^INSTANCE/.test(s), 10_000, 'table again');
      t.keys(['q']);
      expect(await t.exitStatus(10_000)).toBe(0);
      expect(t.stderr()).toBe('');
    } finally {
      t.kill();
    }
  });

  it.runIf(haveTmux())('the TUI with a dead Prometheus shows it on the status line and keeps running', async () => {
    const port = await freePort();
    const t = new TmuxSession({ width: 100, height: 20, env: { NO_COLOR: '1' }, args: ['fleet', '--prometheus', `http://127.0.0.1:${port}`, '-d', '0.5'] });
    t.start();
    try {
      const screen = await t.waitFor((s) => s.includes('connection refused'), 15_000, 'the error on the status line');
      expect(screen).toContain('waiting for Prometheus...');
      t.keys(['q']);
      expect(await t.exitStatus(10_000)).toBe(0);
    } finally {
      t.kill();
    }
  });

  const dashboard = () => JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'grafana', 'sysmon-fleet.json'), 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    templating: { list: Array<{ name: string; definition?: string }> };
  };
  // Grafana's variables as it would expand them: All = ".+", the rate interval = 4 x the 1 s scrape.
  const expand = (e: string): string => e.replace(/\$job/g, 'sysmon').replace(/\$instance/g, '.+').replace(/\$__rate_interval/g, '10s');

  it('every PromQL expression of the Grafana dashboard returns data from this Prometheus', async () => {
    const dash = dashboard();
    const all = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
    // The container panels are checked by the next test, against a running container.
    const exprs = all.filter((e) => !e.expr.includes('container_'));
    expect(exprs.length).toBeGreaterThanOrEqual(15);
    for (const { title, expr } of exprs) {
      const r = await prom!.query(expand(expr));
      expect(r.length, `${title}: ${expr}`).toBeGreaterThan(0);
      expect(r.some((x) => Number.isFinite(Number(x.value[1]))), `${title}: ${expr}`).toBe(true);
    }
    // The variables' queries too (label_values(q, label) is the label's values over the series of q).
    for (const v of dash.templating.list.filter((x) => x.definition)) {
      const m = /^label_values\((.*), (\w+)\)$/.exec(v.definition!)!;
      const r = await prom!.query(expand(m[1]!));
      expect(r.map((x) => x.metric[m[2]!]).filter(Boolean).length, v.name).toBeGreaterThan(0);
    }
  });

  it("the dashboard's container panels return data for a real podman container", async (ctx) => {
    if (noContainer !== null) {
      console.warn(`container panels not checked: ${noContainer}`);
      ctx.skip(`no container runtime: ${noContainer}`);
    }
    const exprs = dashboard().panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })))
      .filter((e) => e.expr.includes('container_'));
    expect(exprs.length).toBeGreaterThanOrEqual(5);
    for (const { title, expr } of exprs) {
      // The container appears in sysmon's next collection and needs two scrapes for rate(): retry until then.
      await waitFor(`${title}: ${expr} to return the container`, async () => {
        const r = await prom!.query(expand(expr));
        return r.some((x) => x.metric.name === container.name && Number.isFinite(Number(x.value[1]))) ? true : undefined;
      }, 60_000, 500);
    }
    // Its limit is podman's --memory 64m, and it runs two processes (sh's yes and sleep).
    const limit = await prom!.query(`container_spec_memory_limit_bytes{name="${container.name}",host="a"}`);
    expect(Number(limit[0]!.value[1])).toBe(64 * 1024 * 1024);
    const procs = await prom!.query(`container_processes{name="${container.name}",host="a"}`);
    expect(Number(procs[0]!.value[1])).toBe(2);
  });

  it('a stopped instance goes DOWN while the others stay UP', async () => {
    await stopChild(sysmons.b);
    const hosts = await waitFor('host b to go down', async () => {
      const h = await fleetJson();
      return h.find((x) => x.labels.host === 'b')?.up === false ? h : undefined;
    }, 30_000, 500);
    const b = hosts.find((x) => x.labels.host === 'b')!;
    // A failed scrape marks the target's series stale: no figures, only the state.
    expect(b.memTotalBytes).toBeNull();
    expect(b.topMem).toBeNull();
    for (const h of hosts.filter((x) => x.labels.host !== 'b')) expect(h.up).toBe(true);
    const table = await fleet(['--prometheus', prom!.base, '-n', '1', '--match', '{host="b"}', '-o', 'instance,state,mem,topcpu']);
    expect(table.stdout.split('\n')[1]).toMatch(/\s+DOWN\s+-\s+-$/);
  });
});
