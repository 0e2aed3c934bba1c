#!/usr/bin/env node
// Load on `sysmon serve`: N concurrent loopback clients scrape /metrics back to back for S seconds, over
// keep-alive connections as Prometheus does. Reports requests, failures, latency percentiles, the server's
// CPU time and RSS, and how many /proc samples it took. With node_exporter installed, the same load is run
// against it for comparison. A benchmark, not a test: it fails only when it cannot run.
//
//   npm run build && node bench/serve-load.mjs [--clients 50] [--seconds 10] [--top 20] [--json]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
delete process.env.NODE_EXTRA_CA_CERTS;

function parseArgs(argv) {
  const o = { clients: 50, seconds: 10, top: 20, json: false, nodeExporter: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--clients') o.clients = Number(argv[++i]);
    else if (a === '--seconds') o.seconds = Number(argv[++i]);
    else if (a === '--top') o.top = Number(argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--no-node-exporter') o.nodeExporter = false;
    else {
      console.error(`serve-load: unknown option ${a}\nusage: node bench/serve-load.mjs [--clients N] [--seconds S] [--top N] [--json] [--no-node-exporter]`);
      process.exit(2);
    }
  }
  if (!(o.clients >= 1 && o.seconds > 0)) {
    console.error('serve-load: --clients and --seconds must be positive');
    process.exit(2);
  }
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** utime + stime (seconds) and RSS (bytes) of a pid. */
function cost(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { cpu: (Number(f[11]) + Number(f[12])) / 100, rss: Number(f[21]) * 4096 };
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return await r.text();
    } catch {}
    await sleep(100);
  }
  throw new Error(`no answer from ${url}`);
}

async function load(url, clients, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const lat = [];
  let failed = 0;
  let bytes = 0;
  const one = () =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.get(url, { agent }, (res) => {
        let n = 0;
        res.on('data', (d) => (n += d.length));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          if (res.statusCode === 200 && n > 0) {
            lat.push(ms);
            bytes += n;
          } else failed++;
          resolve();
        });
        res.on('error', () => {
          failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
    });
  const start = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() - start < seconds * 1000) await one();
    }),
  );
  const wall = (Date.now() - start) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : NaN);
  return {
    requests: lat.length + failed,
    failed,
    rps: lat.length / wall,
    p50ms: pct(50),
    p90ms: pct(90),
    p99ms: pct(99),
    maxms: lat.length ? lat[lat.length - 1] : NaN,
    bodyBytes: lat.length ? Math.round(bytes / lat.length) : 0,
    wall,
  };
}

async function measure(name, proc, url, o, counter) {
  await waitHttp(url, 15_000);
  const before = cost(proc.pid);
  const c0 = counter ? await counter() : null;
  const r = await load(url, o.clients, o.seconds);
  const after = cost(proc.pid);
  const c1 = counter ? await counter() : null;
  return {
    name,
    ...r,
    serverCpuSeconds: after.cpu - before.cpu,
    serverCpuPercent: (100 * (after.cpu - before.cpu)) / r.wall,
    serverRssMiB: after.rss / 1048576,
    samples: c0 === null ? null : c1 - c0 - 1,
  };
}

async function stop(proc) {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.on('exit', r));
}

const o = parseArgs(process.argv.slice(2));
const results = [];
const port = await freePort();
const sysmon = spawn(process.execPath, [path.join(repo, 'bin', 'sysmon'), 'serve', '--listen', `127.0.0.1:${port}`, '--top', String(o.top)], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const url = `http://127.0.0.1:${port}/metrics`;
  const counter = async () => Number(/^sysmon_collections_total (\d+)$/m.exec(await waitHttp(url, 5000))[1]);
  results.push(await measure('sysmon serve', sysmon, url, o, counter));
} finally {
  await stop(sysmon);
}

const ne = spawnSync('sh', ['-c', 'command -v prometheus-node-exporter || command -v node_exporter'], { encoding: 'utf8' }).stdout.trim();
if (o.nodeExporter && ne) {
  const nport = await freePort();
  const proc = spawn(ne, [`--web.listen-address=127.0.0.1:${nport}`, '--web.max-requests=0'], { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    results.push(await measure('node_exporter (defaults, no request cap)', proc, `http://127.0.0.1:${nport}/metrics`, o, null));
  } finally {
    await stop(proc);
  }
}

if (o.json) {
  console.log(JSON.stringify({ clients: o.clients, seconds: o.seconds, top: o.top, results }, null, 2));
} else {
  console.log(`${o.clients} concurrent keep-alive clients on 127.0.0.1, ${o.seconds} s each, GET /metrics back to back\n`);
  const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
  console.log('target                                   requests failed   req/s  p50 ms  p90 ms  p99 ms  max ms  body KiB  CPU %  RSS MiB  samples');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(40)} ${String(r.requests).padStart(8)} ${String(r.failed).padStart(6)} ${f(r.rps, 0).padStart(7)} ${f(r.p50ms).padStart(7)} ${f(r.p90ms).padStart(7)} ${f(r.p99ms).padStart(7)} ${f(r.maxms).padStart(7)} ${f(r.bodyBytes / 1024).padStart(9)} ${f(r.serverCpuPercent, 0).padStart(6)} ${f(r.serverRssMiB).padStart(8)} ${String(r.samples ?? '-').padStart(8)}`,
    );
  }
}
if (results.some((r) => r.failed > 0)) process.exitCode = 1;
