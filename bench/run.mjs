#!/usr/bin/env node
// `npm run bench`: sysmon side by side with procps/coreutils (and htop) at the host's process count and at
// 500, 2,000 and 5,000 idle processes in a private PID namespace. A benchmark, not a test: it prints a table
// and writes JSON under bench/results/; it fails only when it cannot run at all.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { namespacesAvailable, startNamespace } from './lib/namespace.mjs';
import { budgets, render } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
delete process.env.NODE_EXTRA_CA_CERTS; // ~80 ms on every node start

const USAGE = `usage: npm run bench -- [options]
  --only LIST          subset of: ps,free,df,uptime,version,top,dashboard,floor (default: all)
  --counts LIST        process counts: host,500,2000,5000 (default); host = today's processes
  --rounds N           alternating runs per one-shot command (default 10)
  --ticks K            refresh ticks measured per monitor run (default 6)
  --refresh-rounds N   runs per monitor, alternating (default 1)
  --soak[=SECONDS]     dashboard RSS soak at 2000 processes: 600 s with --soak, default 60 s
  --unbundled          also time each sysmon one-shot from tsc's module-by-module dist/ (SYSMON_UNBUNDLED=1)
  --node-flags FLAGS   extra node flags for every sysmon run, e.g. "--max-semi-space-size=4" (experiments)
  --out FILE           JSON output (default bench/results/bench-<time>.json, also latest.json)
  --help`;

function parseArgs(argv) {
  const o = {
    only: ['ps', 'free', 'df', 'uptime', 'version', 'top', 'dashboard', 'floor'],
    counts: ['host', 500, 2000, 5000],
    rounds: 10,
    ticks: 6,
    refreshRounds: 1,
    soakSeconds: 60,
    nodeFlags: [],
    unbundled: false,
    out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    const val = () => inline ?? argv[++i];
    switch (key) {
      case '--only':
        o.only = val().split(',').map((s) => s.trim());
        break;
      case '--counts':
        o.counts = val().split(',').map((s) => (s.trim() === 'host' ? 'host' : Number(s)));
        break;
      case '--rounds':
        o.rounds = Number(val());
        break;
      case '--ticks':
        o.ticks = Number(val());
        break;
      case '--refresh-rounds':
        o.refreshRounds = Number(val());
        break;
      case '--soak':
        o.soakSeconds = inline != null ? Number(inline) : 600;
        break;
      case '--unbundled':
        o.unbundled = true;
        break;
      case '--node-flags':
        o.nodeFlags = val().split(/\s+/).filter(Boolean);
        o.nodeFlagsGiven = true;
        break;
      case '--out':
        o.out = val();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        console.error(`bench: unknown option ${argv[i]}\n${USAGE}`);
        process.exit(2);
    }
  }
  const known = ['ps', 'free', 'df', 'uptime', 'version', 'top', 'dashboard', 'floor'];
  const bad = o.only.filter((x) => !known.includes(x));
  if (bad.length) {
    console.error(`bench: --only takes ${known.join(',')}, not ${bad.join(',')}`);
    process.exit(2);
  }
  if (o.counts.some((c) => c !== 'host' && !(Number.isInteger(c) && c >= 10 && c <= 20000))) {
    console.error('bench: --counts takes host or integers 10..20000');
    process.exit(2);
  }
  for (const k of ['rounds', 'ticks', 'refreshRounds', 'soakSeconds']) {
    if (!(Number.isInteger(o[k]) && o[k] >= (k === 'soakSeconds' ? 0 : 1))) {
      console.error(`bench: --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} takes a positive integer`);
      process.exit(2);
    }
  }
  return o;
}

function has(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** The 1, 5 and 15 minute load averages, as /proc/loadavg prints them. */
function loadavg() {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: os.cpus().length,
    cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memTotalBytes: os.totalmem(),
    kernel: os.release(),
    node: process.version,
    hz: Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || null,
  };
}

/** Compile the C helpers into a temp dir; null (and a note) when there is no compiler. */
function compileHelpers(dir, notes) {
  // BENCH_NO_CC=1 takes the path of a machine without a compiler.
  const cc = process.env.BENCH_NO_CC ? undefined : ['cc', 'gcc', 'clang'].find(has);
  if (!cc) {
    notes.push('no C compiler: one-shots timed by node spawnSync (spawn overhead included, see `true`), no C floor (apt-get install -y gcc)');
    return { timerBin: null, floorBin: null };
  }
  const out = {};
  for (const [key, src] of [['timerBin', 'exec-timer.c'], ['floorBin', 'floor.c']]) {
    const bin = path.join(dir, src.replace('.c', ''));
    const r = spawnSync(cc, ['-O2', '-o', bin, path.join(here, 'lib', src)], { encoding: 'utf8' });
    out[key] = r.status === 0 ? bin : null;
    if (r.status !== 0) notes.push(`could not compile ${src}: ${r.stderr.trim().split('\n')[0]}`);
  }
  return out;
}

/** Commands whose help still says "(not built yet)": reported as such, never run. */
function unbuiltCommands(sysmonBin) {
  const r = spawnSync(process.execPath, [sysmonBin, '--help'], { encoding: 'utf8', env: process.env });
  const out = [];
  for (const m of (r.stdout || '').matchAll(/^\s+(\w+)\b[^\n]*\(not built yet\)/gm)) out.push(m[1]);
  return out;
}

function readResult(stdout) {
  const last = stdout.trim().split('\n').pop();
  try {
    return JSON.parse(last);
  } catch {
    return { error: `no result (${stdout.trim().slice(-200) || 'no output'})` };
  }
}

function runInner(cfg, ns) {
  const argv = [process.execPath, path.join(here, 'lib', 'inner.mjs'), JSON.stringify(cfg)];
  const opts = { stdio: ['ignore', 'pipe', 'inherit'], env: process.env };
  const child = ns ? ns.spawn(argv, opts) : spawn(argv[0], argv.slice(1), opts);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', () => resolve(readResult(out))));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  const notes = [];
  const sysmonBin = path.join(repo, 'bin', 'sysmon');
  if (!fs.existsSync(path.join(repo, 'dist', 'cli', 'main.js'))) {
    console.error('bench: dist/ is missing; run `npm run bench` (it builds first) or `npm run build`');
    process.exit(1);
  }
  for (const [tool, pkg] of [['ps', 'procps'], ['top', 'procps'], ['free', 'procps'], ['uptime', 'procps'], ['df', 'coreutils']]) {
    if (!has(tool)) notes.push(`${tool} missing (apt-get install -y ${pkg}): its comparisons are skipped`);
  }
  const tmux = has('tmux');
  // htop and the dashboard run in a tmux pane.
  const htop = has('htop') && tmux;
  if (!has('htop')) notes.push('htop not installed (apt-get install -y htop): no htop column');
  const btop = has('btop') && tmux;
  if (!has('btop')) notes.push('btop not installed (apt-get install -y btop): no btop column');
  if (!tmux) {
    notes.push('tmux missing (apt-get install -y tmux): dashboard and htop not measured');
    opts.only = opts.only.filter((x) => x !== 'dashboard');
  }
  const nsProblem = namespacesAvailable();
  let counts = opts.counts;
  if (nsProblem && counts.some((c) => c !== 'host')) {
    notes.push(`skipped ${counts.filter((c) => c !== 'host').join(', ')} processes: ${nsProblem}`);
    counts = counts.filter((c) => c === 'host');
  }
  if (opts.only.includes('dashboard') && counts.includes(2000)) {
    notes.push(`dashboard RSS soak: ${opts.soakSeconds} s at 2000 processes${opts.soakSeconds < 600 ? ' (use --soak for the 10-minute soak)' : ''}`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-bin-'));
  const helpers = compileHelpers(tmp, notes);
  const m = machine();
  const notBuilt = unbuiltCommands(sysmonBin);
  // Run sysmon as its launcher would: with the node flags on bin/sysmon's `#!/usr/bin/env -S node ...` line,
  // unless --node-flags names others.
  if (!opts.nodeFlagsGiven) {
    const shebang = fs.readFileSync(sysmonBin, 'utf8').split('\n')[0];
    opts.nodeFlags = (/^#!.*\bnode\b(.*)$/.exec(shebang)?.[1] ?? '').split(/\s+/).filter(Boolean);
  }
  if (opts.nodeFlags.length) notes.push(`sysmon runs with node ${opts.nodeFlags.join(' ')}`);
  if (notBuilt.length) notes.push(`not built yet: ${notBuilt.join(', ')}`);
  if (m.hz && m.hz !== 100) notes.push(`CLK_TCK is ${m.hz}, not 100: the stat-based column is off by ${m.hz / 100}x`);

  const result = {
    startedAt: started.toISOString(),
    loadStart: loadavg(),
    machine: m,
    options: opts,
    method: {
      oneShots: `${opts.rounds} alternating runs per command, stdout to /dev/null, ${helpers.timerBin ? 'timed by a C fork/exec/wait4 helper' : 'timed by node spawnSync'}`,
      refresh: `CPU between frames 1 and ${1 + opts.ticks} after 1 warm-up frame, -d 1 (dashboard -d 1, top -d 1, htop -d 10, btop update_ms = 1000, each in a 120x40 tmux pane)`,
    },
    notes,
    counts: [],
  };
  let current = null;
  const cleanup = () => current?.close();
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  process.on('exit', cleanup);

  for (const target of counts) {
    const label = target === 'host' ? 'host' : String(target);
    const cfg = {
      label,
      target,
      sysmonBin,
      repo,
      nodeFlags: opts.nodeFlags,
      unbundled: opts.unbundled,
      only: opts.only,
      rounds: opts.rounds,
      ticks: opts.ticks,
      warmFrames: 1,
      delay: 1,
      refreshRounds: opts.refreshRounds,
      soakSeconds: opts.soakSeconds,
      soakAt: [2000],
      floorMs: 400,
      htop,
      btop,
      tmux,
      notBuilt,
      ...helpers,
    };
    process.stderr.write(`bench: ${label === 'host' ? 'host processes' : `${target} processes (PID namespace)`}\n`);
    let res;
    if (target === 'host') {
      res = await runInner(cfg, null);
    } else {
      try {
        // The namespace's init and the inner driver count too.
        current = await startNamespace(target - 2);
        res = await runInner(cfg, current);
      } catch (err) {
        res = { label, target, error: String(err.message ?? err) };
      } finally {
        current?.close();
        current = null;
      }
    }
    res.label ??= label;
    res.target ??= target;
    result.counts.push(res);
  }
  result.finishedAt = new Date().toISOString();
  result.loadEnd = loadavg();
  const busiest = Math.max(Number(result.loadStart.split(' ')[0]), Number(result.loadEnd.split(' ')[0]));
  if (busiest > m.nproc) notes.push(`the machine was busy (load ${busiest} on ${m.nproc} CPUs): wall times are noisy, CPU times less so`);
  // Both sides of a pair should print about as many lines (the same processes, the same filesystems).
  for (const c of result.counts) {
    for (const [id, v] of Object.entries(c.oneShots ?? {})) {
      if (v.side !== 'sysmon' || v.lines == null) continue;
      const ref = Object.entries(c.oneShots).find(([, w]) => w.group === v.group && w.side === 'classic')?.[1];
      if (ref?.lines != null && Math.abs(ref.lines - v.lines) > Math.max(5, ref.lines * 0.02)) {
        notes.push(`${c.label}: \`${id}\` printed ${v.lines} lines, the classic tool ${ref.lines}`);
      }
    }
  }
  // A refresh figure is per tick at a process count: say when the count moved while it was measured.
  for (const c of result.counts) {
    for (const [id, v] of Object.entries(c.refresh ?? {})) {
      for (const run of v.runs ?? []) {
        const seen = run.processes ?? [];
        const lo = Math.min(...seen);
        const hi = Math.max(...seen);
        if (seen.length && hi > lo * 1.2 + 10) notes.push(`${c.label}: ${lo} to ${hi} processes while ${id} was measured; that figure is mixed`);
      }
    }
  }
  result.budgets = budgets(result);
  fs.rmSync(tmp, { recursive: true, force: true });

  const outFile = opts.out ?? path.join(here, 'results', `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  console.log(render(result));
  const took = `${Math.round((Date.now() - started) / 1000)} s`;
  try {
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
    if (!opts.out) fs.writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(`\nJSON: ${path.relative(process.cwd(), outFile)}  (${took})`);
  } catch (err) {
    console.error(`\nbench: could not write ${outFile}: ${err.message} (use --out FILE)  (${took})`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(`bench: ${err?.stack ?? err}`);
  process.exit(1);
});
