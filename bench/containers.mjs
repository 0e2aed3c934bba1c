#!/usr/bin/env node
// `npm run bench:containers`: CPU per sample of `sysmon containers` (collect every container's cgroup files,
// sort, render the table) on a generated cgroup v2 root with 200 containers (docker, two processes each).
// A benchmark, not a test: it prints figures and the budget (50 ms of CPU per sample); it fails only when it
// cannot run at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const { ContainerCollector } = await import(path.join(dist, 'collectors/container-collector.js'));
const { ProcFs } = await import(path.join(dist, 'source/proc-fs.js'));
const { parseContainersOptions } = await import(path.join(dist, 'cli/containers/options.js'));
const { sampleText, sampleJson } = await import(path.join(dist, 'cli/containers/run.js'));

const COUNT = Number(process.env.CONTAINERS ?? 200);
const SAMPLES = Number(process.env.SAMPLES ?? 50);
const BUDGET_MS = 50;

function write(root, p, text) {
  const f = path.join(root, p);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
}

/** A v2 root: /proc/self/mountinfo, /sys/fs/cgroup/system.slice/docker-<id>.scope x COUNT, their processes. */
function makeRoot() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-containers-'));
  write(root, 'proc/self/mountinfo', '30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw\n');
  write(root, 'sys/fs/cgroup/cgroup.controllers', 'cpu io memory pids\n');
  for (const d of ['', '/system.slice']) write(root, `sys/fs/cgroup${d}/cgroup.procs`, '');
  for (let i = 0; i < COUNT; i++) {
    const id = i.toString(16).padStart(64, '0');
    const d = `sys/fs/cgroup/system.slice/docker-${id}.scope`;
    const pids = [1000 + 2 * i, 1001 + 2 * i];
    write(root, `${d}/cgroup.procs`, pids.map((p) => `${p}\n`).join(''));
    write(root, `${d}/cpu.stat`, `usage_usec ${i * 1000}\nuser_usec 0\nsystem_usec 0\nnr_periods 10\nnr_throttled 1\nthrottled_usec 5\n`);
    write(root, `${d}/cpu.max`, '50000 100000\n');
    write(root, `${d}/memory.current`, `${(i + 1) * 1048576}\n`);
    write(root, `${d}/memory.stat`, 'anon 1000\nfile 2000\nkernel 0\nsock 0\nshmem 0\nactive_anon 0\ninactive_anon 0\nactive_file 0\ninactive_file 4096\n');
    write(root, `${d}/memory.max`, '536870912\n');
    write(root, `${d}/pids.current`, '2\n');
    write(root, `${d}/pids.max`, '100\n');
    write(root, `${d}/io.stat`, '8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n');
    for (const f of ['cpu', 'memory', 'io']) write(root, `${d}/${f}.pressure`, 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
    for (const p of pids) {
      write(root, `proc/${p}/cmdline`, `nginx\0-g\0daemon off;\0`);
      write(root, `proc/${p}/stat`, `${p} (nginx) S 1 ${p} ${p} 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 100 1000 10 0\n`);
      write(root, `proc/${p}/cgroup`, `0::/system.slice/docker-${id}.scope\n`);
    }
    write(root, `var/lib/docker/containers/${id}/config.v2.json`, JSON.stringify({ Name: `/web-${i}` }));
  }
  return root;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const root = makeRoot();
try {
  const opts = parseContainersOptions({ delay: '0' });
  const collector = new ContainerCollector(new ProcFs(root));
  let rows = 0;
  // The first sample also reads the runtimes' state for names; it is reported on its own.
  const t0 = process.cpuUsage();
  const first = collector.collect();
  sampleText(first, opts);
  const firstMs = (() => { const u = process.cpuUsage(t0); return (u.user + u.system) / 1000; })();
  const text = [];
  const json = [];
  for (let i = 0; i < SAMPLES; i++) {
    const a = process.cpuUsage();
    const s = collector.collect();
    const out = sampleText(s, opts);
    const u = process.cpuUsage(a);
    text.push((u.user + u.system) / 1000);
    rows = s.rows.length;
    if (out.length === 0) throw new Error('empty output');
    const b = process.cpuUsage();
    JSON.stringify(sampleJson(collector.collect(), opts));
    const v = process.cpuUsage(b);
    json.push((v.user + v.system) / 1000);
  }
  const fmt = (x) => x.toFixed(1).padStart(6);
  console.log(`sysmon containers: ${COUNT} containers (${rows} rows), cgroup v2 fixture root, ${SAMPLES} samples, CPU ms per sample`);
  console.log(`  first sample (names read)   ${fmt(firstMs)}`);
  console.log(`  text   median ${fmt(median(text))}   max ${fmt(Math.max(...text))}`);
  console.log(`  json   median ${fmt(median(json))}   max ${fmt(Math.max(...json))}`);
  console.log(`  budget ${BUDGET_MS} ms: ${median(text) <= BUDGET_MS && median(json) <= BUDGET_MS ? 'within' : 'OVER'}`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
