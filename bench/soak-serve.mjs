#!/usr/bin/env node
// Soak: `sysmon serve` under constant scrape load for M minutes; RSS and V8 heap sampled every 10 s. A
// memory figure must stay flat (within 10% of the first sample after warm-up). A benchmark, never a test.
//
//   npm run build && node bench/soak-serve.mjs [--minutes 30] [--clients 8] [--interval 10]
// For the dashboard at 2,000 tasks: node bench/dashboard.mjs --procs 2000 --minutes 30 --sysmon-only
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sysmon = path.resolve(here, '..', 'bin', 'sysmon');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const minutes = arg('minutes', 30);
const clients = arg('clients', 8);
const interval = arg('interval', 10);
delete process.env.NODE_EXTRA_CA_CERTS;

function rssKiB(pid) {
  const m = /^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const child = spawn(process.execPath, [sysmon, 'serve', '--listen', '127.0.0.1:0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    const m = /"port":(\d+)/.exec(buf);
    if (m) resolve(Number(m[1]));
  });
  child.on('exit', () => reject(new Error('serve exited')));
});
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
let requests = 0;
let failures = 0;
let stop = false;
async function client() {
  while (!stop) {
    await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
        res.resume();
        res.on('end', () => { requests++; resolve(); });
      }).on('error', () => { failures++; setTimeout(resolve, 100); });
    });
  }
}
const load = Array.from({ length: clients }, client);
const samples = [];
const end = Date.now() + minutes * 60000;
const t0 = Date.now();
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, interval * 1000));
  samples.push({ s: Math.round((Date.now() - t0) / 1000), rssKiB: rssKiB(child.pid), requests });
  const last = samples.at(-1);
  console.log(`t=${last.s}s rss=${(last.rssKiB / 1024).toFixed(1)} MiB requests=${last.requests} failures=${failures}`);
}
stop = true;
await Promise.allSettled(load);
child.kill('SIGTERM');
// Warm-up: the first minute (or the first sample) is start-up, not growth.
const warm = samples.find((x) => x.s >= 60) ?? samples[0];
const max = Math.max(...samples.filter((x) => x.s >= warm.s).map((x) => x.rssKiB));
const growth = (max - warm.rssKiB) / warm.rssKiB;
console.log(JSON.stringify({ minutes, clients, requests, failures, rssStartMiB: +(warm.rssKiB / 1024).toFixed(1), rssMaxMiB: +(max / 1024).toFixed(1), growthPercent: +(growth * 100).toFixed(1), flat: growth <= 0.10 }));
agent.destroy();
