import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childEnv, freePort, get, parseExposition, startChild, startSysmon, stopChild, waitFor, type Child, type Sysmon,
} from './serve-helpers.js';

// `sysmon serve` scraped by a real Prometheus server (Debian package `prometheus`, installed by .ci/run):
// both on 127.0.0.1, Prometheus with a temporary data directory and a 1 s scrape interval. Prometheus's
// HTTP API must then return the values of /proc/meminfo and statfs(2).


function which(cmd: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${cmd} is not installed: apt-get install prometheus (.ci/run does it)`);
  }
}

interface PromVector {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('sysmon serve scraped by Prometheus', () => {
  let sysmon: Sysmon | undefined;
  let prom: Child | undefined;
  let tmp = '';
  let promBase = '';

  async function query(q: string): Promise<PromVector['data']['result']> {
    const r = await get(`${promBase}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = JSON.parse(r.body) as PromVector;
    if (body.status !== 'success') throw new Error(`query ${q}: ${r.body}`);
    return body.data.result;
  }

  beforeAll(async () => {
    const prometheus = which('prometheus');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-prom-'));
    sysmon = await startSysmon();
    fs.writeFileSync(path.join(tmp, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: sysmon',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${sysmon.port}']`,
      '',
    ].join('\n'));
    // The port is free when chosen but could be taken before Prometheus binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      const promPort = await freePort();
      promBase = `http://127.0.0.1:${promPort}`;
      prom = startChild(prometheus, [
        `--config.file=${path.join(tmp, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(tmp, `data${attempt}`)}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ], childEnv());
      const ready = await waitFor('Prometheus to be ready', async () => {
        if (prom!.proc.exitCode !== null) return false;
        return (await get(`${promBase}/-/ready`)).status === 200 ? true : undefined;
      }, 30_000, 200);
      if (ready) break;
      if (attempt === 3) throw new Error(`prometheus exited: ${prom.stderr()}`);
    }
    // Wait for a successful scrape of sysmon: `up` is 1 only after one.
    await waitFor('Prometheus to scrape sysmon', async () => {
      if (prom!.proc.exitCode !== null) throw new Error(`prometheus exited: ${prom!.stderr()}`);
      const up = await query('up{job="sysmon"}');
      return up[0]?.value[1] === '1' ? true : undefined;
    }, 40_000, 250);
  }, 90_000);

  afterAll(async () => {
    await stopChild(prom);
    await stopChild(sysmon);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the target is healthy, with no scrape error', async () => {
    const r = await get(`${promBase}/api/v1/targets`);
    const targets = (JSON.parse(r.body) as { data: { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> } })
      .data.activeTargets;
    expect(targets).toHaveLength(1);
    expect(targets[0]!.scrapeUrl).toBe(`http://127.0.0.1:${sysmon!.port}/metrics`);
    expect(targets[0]!.lastError).toBe('');
    expect(targets[0]!.health).toBe('up');
  });

  it('node_memory_MemTotal_bytes equals /proc/meminfo MemTotal', async () => {
    const kb = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]);
    const r = await query('node_memory_MemTotal_bytes');
    expect(r).toHaveLength(1);
    expect(Number(r[0]!.value[1])).toBe(kb * 1024);
  });

  it('node_filesystem_size_bytes{mountpoint="/"} equals statfs("/")', async () => {
    const st = fs.statfsSync('/');
    const r = await query('node_filesystem_size_bytes{mountpoint="/"}');
    expect(r).toHaveLength(1);
    expect(Number(r[0]!.value[1])).toBe(st.blocks * st.bsize);
    expect(r[0]!.metric.fstype).not.toBe('');
    expect(r[0]!.metric.device).not.toBe('');
  });

  it('per-process series are bounded by --top and carry pid, comm and user, never a command line', async () => {
    const r = await query('sysmon_process_resident_memory_bytes');
    expect(r.length).toBeGreaterThan(0);
    expect(r.length).toBeLessThanOrEqual(40);
    for (const s of r) {
      expect(Object.keys(s.metric).sort()).toEqual(['__name__', 'comm', 'instance', 'job', 'pid', 'user']);
    }
  });

  it('counters that Prometheus can rate: node_cpu_seconds_total has every cpu and mode', async () => {
    const r = await query('count by (mode) (node_cpu_seconds_total)');
    const modes = r.map((s) => s.metric.mode).sort();
    expect(modes).toEqual(['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user']);
    const cpus = (fs.readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm) ?? []).length;
    for (const s of r) expect(Number(s.value[1])).toBe(cpus);
  });

  it('promtool check metrics finds nothing but the camelCase meminfo names node_exporter itself uses', async () => {
    const promtool = which('promtool');
    const body = (await get(`${sysmon!.base}/metrics`)).body;
    const problems = await new Promise<string>((resolve, reject) => {
      const child = execFile(promtool, ['check', 'metrics'], (err, stdout, stderr) => {
        // Exit 3 means lint findings, which are judged below; anything else is a parse failure.
        if (err && (err as { code?: number }).code !== 3) reject(new Error(`promtool: ${stderr}`));
        else resolve(stdout + stderr);
      });
      child.stdin!.end(body);
    });
    const lines = problems.split('\n').filter((l) => l.trim() !== '');
    const other = lines.filter((l) => !/^node_memory_\w+ metric names should be written in 'snake_case' not 'camelCase'$/.test(l));
    expect(other).toEqual([]);
    // Each name promtool dislikes is a /proc/meminfo key spelled as node_exporter spells it (`Active(anon)`
    // becomes `Active_anon`), which dashboards depend on.
    const keys = new Set(fs.readFileSync('/proc/meminfo', 'utf8').split('\n').map((l) => l.split(':')[0]!.replace(/\((.*)\)/, '_$1')));
    const fams = parseExposition(body);
    for (const l of lines) {
      const name = l.split(' ')[0]!;
      expect(fams.has(name)).toBe(true);
      expect(keys.has(name.replace(/^node_memory_/, '').replace(/_bytes$/, '')), name).toBe(true);
    }
  });

  it('a Prometheus rule over sysmon works: CPU busy percent is between 0 and 100', async () => {
    const r = await waitFor('two samples for rate()', async () => {
      const v = await query('100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5s])))');
      return v.length ? v : undefined;
    }, 15_000, 500);
    const busy = Number(r[0]!.value[1]);
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(busy).toBeLessThanOrEqual(100);
  });

  it('keeps its one-line promise on the way out: SIGTERM stops it with status 0', async () => {
    const s = await startSysmon();
    const t0 = Date.now();
    s.proc.kill('SIGTERM');
    const { code } = await s.exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(s.stdout()).toContain('"event":"stopped","signal":"SIGTERM"');
    expect(s.stderr()).toBe('');
  });
});

