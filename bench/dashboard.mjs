#!/usr/bin/env node
// Dashboard budget: CPU per tick, RSS and time to first frame, next to procps top doing the same refreshes.
//
//   node bench/dashboard.mjs [--procs 100] [--ticks 40] [--delay 0.5] [--minutes 0] [--sysmon-only]
//
// As root, each tool runs in a fresh pid namespace (unshare --pid --fork --mount-proc) holding `--procs`
// sleeping processes, so both see the same, known process count whatever else the machine runs. Without root
// the tools see the machine's processes. CPU per tick = (utime + stime of the tool) / ticks, read from
// /proc/PID/stat; the first ticks (start-up) are left out. `--minutes N` also samples RSS for N minutes.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sysmon = path.resolve(here, '..', 'bin', 'sysmon');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const procs = arg('procs', 100);
const ticks = arg('ticks', 40);
const delay = arg('delay', 0.5);
const minutes = arg('minutes', 0);
const HZ = 100;
const root = process.getuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuTicks(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}
function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}
/** The outside pid of the process whose environment holds `token`. */
function findByToken(token, comm) {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!fs.readFileSync(`/proc/${name}/comm`, 'utf8').startsWith(comm)) continue;
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').includes(token)) return Number(name);
    } catch {
      // gone or not ours
    }
  }
  return null;
}

async function measure(label, command, comm, ready) {
  const socket = `bench-${process.pid}-${label}`;
  const token = `SYSMON_BENCH_TOKEN=${socket}`;
  const tmux = (...a) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // The pane stamps the wall clock just before it starts the tool: first frame = frame seen - stamp.
  const stamp = path.join(os.tmpdir(), `${socket}.start`);
  fs.rmSync(stamp, { force: true });
  const inner =
    `i=0; while [ $i -lt ${procs} ]; do sleep 100000 & i=$((i+1)); done; ` +
    `tmux -L ${socket} -f /dev/null new-session -d -x 120 -y 40 "date +%s%N > ${stamp}; exec env -u NODE_EXTRA_CA_CERTS ${token} TERM=xterm-256color LANG=C.UTF-8 ${command}"; ` +
    'sleep 100000';
  const t0 = performance.now();
  const holder = root
    ? spawn('unshare', ['--pid', '--fork', '--mount-proc', 'sh', '-c', inner], { stdio: 'ignore', detached: true })
    : spawn('sh', ['-c', inner.replace(/i=0; while .*?done; /, '')], { stdio: 'ignore', detached: true });
  let first = null;
  let pid = null;
  try {
    for (;;) {
      await sleep(5);
      let screen = '';
      try {
        screen = tmux('capture-pane', '-p', '-t', '0');
      } catch {
        continue; // server not up yet
      }
      if (ready(screen)) {
        const seen = Date.now();
        first = seen - Number(BigInt(fs.readFileSync(stamp, 'utf8').trim()) / 1000000n);
        break;
      }
      if (performance.now() - t0 > 60000) throw new Error(`${label}: no first frame`);
    }
    pid = findByToken(token, comm);
    if (pid === null) throw new Error(`${label}: process not found`);
    await sleep(3 * delay * 1000); // start-up ticks are not the steady state
    const c0 = cpuTicks(pid);
    const w0 = performance.now();
    await sleep(ticks * delay * 1000);
    const c1 = cpuTicks(pid);
    const wall = (performance.now() - w0) / 1000;
    const n = wall / delay;
    const result = {
      label,
      processes: procs,
      ticks: Math.round(n),
      msPerTick: (((c1 - c0) / HZ) * 1000) / n,
      firstFrameMs: first,
      rssMiB: rssKiB(pid) / 1024,
    };
    if (minutes > 0) {
      const samples = [];
      const end = Date.now() + minutes * 60000;
      while (Date.now() < end) {
        samples.push(rssKiB(pid) / 1024);
        await sleep(10000);
      }
      result.rssMiBOverTime = samples.map((x) => Math.round(x * 10) / 10);
    }
    return result;
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    try {
      process.kill(-holder.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const results = [];
results.push(
  await measure('sysmon', `${process.execPath} ${sysmon} -d ${delay} --no-config`, 'node', (s) => /^\s*PID\s+USER/m.test(s) && /Tasks:/.test(s)),
);
if (!process.argv.includes('--sysmon-only')) results.push(await measure('top', `top -d ${delay}`, 'top', (s) => /^\s*PID\s+USER/m.test(s)));
for (const r of results) {
  console.log(
    `${r.label.padEnd(7)} ${String(r.processes).padStart(5)} processes  ${r.msPerTick.toFixed(2).padStart(7)} ms CPU/tick over ${r.ticks} ticks` +
      `  first frame ${r.firstFrameMs.toFixed(0)} ms  RSS ${r.rssMiB.toFixed(1)} MiB` +
      (r.rssMiBOverTime ? `  RSS over time ${r.rssMiBOverTime.join(' ')}` : ''),
  );
}
console.log(`(${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${root ? 'pid namespace' : 'whole machine'})`);
