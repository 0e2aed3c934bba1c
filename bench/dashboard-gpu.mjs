#!/usr/bin/env node
// GPU panel budget: the dashboard's CPU per tick with the GPU panel and without it (--no-gpu), on the same
// root: the procs fixture's /proc and the GPU fixture's /sys (two AMD, one Intel, one NVIDIA card), with the
// tests' stand-in nvidia-smi streaming (-lms). Budget: at most 0.2 ms of CPU per tick more with the panel.
//
//   node bench/dashboard-gpu.mjs [--seconds 20] [--delay 0.1] [--rounds 3] [--live-proc] [--no-nvidia]
//
// Each variant runs in its own 120x40 tmux pane; CPU = utime + stime of the dashboard's node process
// (/proc/PID/stat, 10 ms resolution) over `--seconds` after a warm-up, divided by the ticks in that time
// (seconds / delay). The variants alternate for `--rounds` rounds so machine load falls on both alike. The
// nvidia-smi stand-in is its own process: its CPU is not the dashboard's (a real nvidia-smi's cost is NVML's).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const sysmon = path.join(repo, 'bin', 'sysmon');
const fix = path.join(repo, 'test', 'fixtures');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const seconds = arg('seconds', 20);
const delay = arg('delay', 0.1);
const rounds = arg('rounds', 3);
const HZ = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --live-proc: this machine's /proc (and /etc, /run) through symlinks, so the screen changes every tick as
// it does in use; the default, the procs fixture, is a still picture (only the GPU lines move).
const live = process.argv.includes('--live-proc');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-gpu-'));
if (live) for (const d of ['proc', 'etc', 'run', 'dev']) fs.symlinkSync(`/${d}`, path.join(root, d));
else fs.cpSync(path.join(fix, 'procs'), root, { recursive: true });
fs.cpSync(path.join(fix, 'gpu', 'sys'), path.join(root, 'sys'), { recursive: true });
// --no-nvidia: the DRM cards only (no NVIDIA PCI device, so no nvidia-smi child).
const noNvidia = process.argv.includes('--no-nvidia');
if (noNvidia) fs.rmSync(path.join(root, 'sys', 'bus', 'pci', 'devices'), { recursive: true, force: true });

/** utime and stime of a process, clock ticks. */
function cpuTicks(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]), system: Number(f[12]) };
}

async function measure(label, extraArgs) {
  const socket = `bench-gpu-${process.pid}-${label}`;
  const tmux = (...a) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // On the still fixture the GPU figures hold still too (FAKE_NVIDIA_SMI_STEADY): otherwise the panel would be
  // the only thing on screen that changes, and the comparison would measure drawing a frame at all.
  const steady = live ? '' : 'FAKE_NVIDIA_SMI_STEADY=1 ';
  const env = `env -u NODE_EXTRA_CA_CERTS TERM=xterm-256color LANG=C.UTF-8 ${steady}SYSMON_ROOT=${root} SYSMON_NVIDIA_SMI=${path.join(fix, 'fake-nvidia-smi.cjs')}`;
  tmux('new-session', '-d', '-x', '120', '-y', '40', `exec ${env} ${process.execPath} ${sysmon} -d ${delay} --no-config ${extraArgs}`);
  try {
    const t0 = Date.now();
    for (;;) {
      await sleep(50);
      const screen = tmux('capture-pane', '-p', '-t', '0');
      if (/^\s*PID\s+USER/m.test(screen) && (label === 'no-gpu' || /GPUs \(/.test(screen))) break;
      if (Date.now() - t0 > 30000) throw new Error(`${label}: no first frame`);
    }
    const pid = Number(tmux('display-message', '-p', '-t', '0', '#{pane_pid}').trim());
    await sleep(2000); // start-up is not the steady state
    const c0 = cpuTicks(pid);
    const w0 = performance.now();
    await sleep(seconds * 1000);
    const c1 = cpuTicks(pid);
    const ticks = (performance.now() - w0) / 1000 / delay;
    const perTick = (t) => ((t / HZ) * 1000) / ticks;
    split[label].push([perTick(c1.user - c0.user), perTick(c1.system - c0.system)]);
    return perTick(c1.user - c0.user + c1.system - c0.system);
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // gone
    }
  }
}

const results = { gpu: [], 'no-gpu': [] };
/** [user, system] ms a tick of each round. */
const split = { gpu: [], 'no-gpu': [] };
try {
  for (let r = 0; r < rounds; r++) {
    results.gpu.push(await measure('gpu', ''));
    results['no-gpu'].push(await measure('no-gpu', '--no-gpu'));
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const f = (a) => a.map((x) => x.toFixed(3)).join(' ');
console.log(`with GPU panel   ${median(results.gpu).toFixed(3)} ms CPU/tick (rounds: ${f(results.gpu)})`);
console.log(`without (--no-gpu) ${median(results['no-gpu']).toFixed(3)} ms CPU/tick (rounds: ${f(results['no-gpu'])})`);
const us = (l) => `user ${median(split[l].map((x) => x[0])).toFixed(3)} + system ${median(split[l].map((x) => x[1])).toFixed(3)}`;
console.log(`medians: with ${us('gpu')}, without ${us('no-gpu')} ms/tick`);
console.log(`difference ${(median(results.gpu) - median(results['no-gpu'])).toFixed(3)} ms/tick (budget 0.2); ${live ? 'live /proc' : 'procs fixture'}${noNvidia ? ', no NVIDIA card' : ''}, -d ${delay}, ${seconds} s a round, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// In process, the GPU family's own work per tick without the terminal: GpuCollector.sample() (the DRM cards'
// changing files, the newest nvidia-smi block) and the panel's lines, from dist/ (npm run build).
{
  const { GpuCollector, gpuExtension } = await import(path.join(repo, 'dist', 'collectors', 'gpu-collector.js'));
  const { SCREEN_PANELS } = await import(path.join(repo, 'dist', 'tui', 'panels.js'));
  const { colourTheme } = await import(path.join(repo, 'dist', 'tui', 'theme.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-gpu-'));
  fs.cpSync(path.join(fix, 'gpu', 'sys'), path.join(dir, 'sys'), { recursive: true });
  process.env.SYSMON_NVIDIA_SMI = path.join(fix, 'fake-nvidia-smi.cjs');
  const gpus = new GpuCollector({ root: dir, intervalMs: delay * 1000 });
  await gpus.init();
  gpus.startStreaming();
  await sleep(500);
  const ext = gpuExtension(gpus);
  const panel = SCREEN_PANELS.find((p) => p.id === 'gpu');
  const n = 5000;
  const snap = {};
  for (let i = 0; i < 200; i++) ext.collect(snap); // warm-up
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    ext.collect(snap);
    panel.render({ snapshot: snap, width: 58, height: 6, theme: colourTheme });
  }
  const t = process.cpuUsage(t0);
  gpus.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`in process: GPU family + panel ${(((t.user + t.system) / 1000) / n).toFixed(3)} ms CPU/tick (${n} ticks, ${snap.gpus.length} GPUs)`);
}
