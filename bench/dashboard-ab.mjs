#!/usr/bin/env node
// A/B of dashboard builds: each variant's dashboard in a 120x40 tmux pane at -d 1, in turn (A B ... then
// ... B A every other round), inside one private PID namespace with N processes, so all see the same load.
//
//   node bench/dashboard-ab.mjs --procs 500 --rounds 3 --seconds 25 NAME=COMMAND [NAME=COMMAND ...]
//   e.g. before=/tmp/old/bin/sysmon after=bin/sysmon  (a COMMAND that is a path runs as `node PATH -d 1 --no-config`)
//
// Per run: CPU per second over `--seconds` after the first frame and `--warm` seconds, as the sum of
// sum_exec_runtime in /proc/PID/task/*/schedstat (all threads, ns) and as utime+stime (10 ms steps); RSS sampled
// every 5 s, and the last sample split into anonymous and file-backed pages (smaps_rollup). Prints one JSON
// line per run and a median per variant. Needs root for the namespace (else it measures the host's processes).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { namespacesAvailable, startNamespace } from './lib/namespace.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
delete process.env.NODE_EXTRA_CA_CERTS;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parse(argv) {
  const o = { procs: 'host', rounds: 3, seconds: 25, warm: 4, variants: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--inner') o.inner = JSON.parse(argv[++i]);
    else if (a === '--procs') o.procs = argv[++i] === 'host' ? 'host' : Number(argv[i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--seconds') o.seconds = Number(argv[++i]);
    else if (a === '--warm') o.warm = Number(argv[++i]);
    else if (a.includes('=')) {
      const [name, ...rest] = a.split('=');
      let cmd = rest.join('=');
      if (!cmd.includes(' ')) cmd = `'${process.execPath}' '${path.resolve(cmd)}' -d 1 --no-config`;
      o.variants.push({ name, cmd });
    } else {
      console.error(`dashboard-ab: unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

function schedMs(pid) {
  let ns = 0;
  for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended
    }
  }
  return ns / 1e6;
}
function statMs(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
const kib = (text, key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
const mib = (k) => Math.round(k / 102.4) / 10;

async function inner(cfg) {
  const out = [];
  for (let r = 0; r < cfg.rounds; r++) {
    for (const v of r % 2 ? [...cfg.variants].reverse() : cfg.variants) {
      // A socket per run: a server told to exit may still be going when the next run starts.
      const sock = `dash-ab-${process.pid}-${Math.random().toString(36).slice(2, 8)}-r${r}-${v.name.replace(/\W/g, '')}`;
      const tmux = (...a) => execFileSync('tmux', ['-L', sock, '-f', '/dev/null', ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      try {
        tmux('new-session', '-d', '-x', '120', '-y', '40', `exec env -u NODE_EXTRA_CA_CERTS TERM=xterm-256color LANG=C.UTF-8 ${v.cmd}`);
        const pid = Number(tmux('list-panes', '-F', '#{pane_pid}').trim());
        const t0 = Date.now();
        while (!/PID\s+USER/.test(tmux('capture-pane', '-p'))) {
          if (Date.now() - t0 > 30000) throw new Error(`${v.name}: no first frame`);
          await sleep(100);
        }
        await sleep(cfg.warm * 1000);
        const s0 = schedMs(pid);
        const k0 = statMs(pid);
        const w0 = Date.now();
        const rss = [];
        while (Date.now() - w0 < cfg.seconds * 1000) {
          await sleep(Math.min(5000, cfg.seconds * 1000 - (Date.now() - w0)));
          rss.push(mib(kib(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS')));
        }
        const w = (Date.now() - w0) / 1000;
        const roll = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
        const res = {
          round: r,
          name: v.name,
          processes: fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x)).length,
          cpuMsPerS: Math.round(((schedMs(pid) - s0) / w) * 100) / 100,
          statMsPerS: Math.round(((statMs(pid) - k0) / w) * 100) / 100,
          rssMiB: rss.at(-1),
          anonMiB: mib(kib(roll, 'Anonymous')),
          fileMiB: mib(kib(roll, 'Shared_Clean') + kib(roll, 'Private_Clean')),
          rssSamples: rss,
        };
        console.log(JSON.stringify(res));
        out.push(res);
      } catch (err) {
        // A run that failed (no first frame on a loaded machine) is reported and left out of the medians.
        console.log(JSON.stringify({ round: r, name: v.name, error: String(err?.message ?? err) }));
      } finally {
        try {
          tmux('kill-server');
        } catch {
          // it quit already
        }
      }
    }
  }
  for (const v of cfg.variants) {
    const runs = out.filter((x) => x.name === v.name);
    if (runs.length === 0) {
      console.log(`${v.name}: no run finished`);
      continue;
    }
    const med = (k) => runs.map((x) => x[k]).sort((a, b) => a - b)[runs.length >> 1];
    console.log(`${v.name}: CPU ms/s median ${med('cpuMsPerS')} [${runs.map((x) => x.cpuMsPerS).join(' ')}]  RSS MiB median ${med('rssMiB')} (anon ${med('anonMiB')}, file ${med('fileMiB')})`);
  }
}

const opts = parse(process.argv.slice(2));
if (opts.inner) {
  await inner(opts.inner);
} else {
  if (opts.variants.length === 0) {
    console.error('usage: node bench/dashboard-ab.mjs [--procs N|host] [--rounds 3] [--seconds 25] [--warm 4] NAME=COMMAND ...');
    process.exit(2);
  }
  const cfg = { rounds: opts.rounds, seconds: opts.seconds, warm: opts.warm, variants: opts.variants };
  const argv = [process.execPath, fileURLToPath(import.meta.url), '--inner', JSON.stringify(cfg)];
  let ns = null;
  if (opts.procs !== 'host') {
    const why = namespacesAvailable();
    if (why) {
      console.error(`dashboard-ab: ${why}`);
      process.exit(1);
    }
    ns = await startNamespace(opts.procs - 2);
  }
  const child = ns ? ns.spawn(argv, { stdio: 'inherit' }) : spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
  await new Promise((r) => child.on('close', r));
  ns?.close();
}
