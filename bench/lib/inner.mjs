// One benchmark pass at the process count of the PID namespace it runs in (or of the host). The outer driver
// (bench/run.mjs) starts it directly or through nsenter, gives it a JSON config as argv[2], and reads one JSON
// result from the last line of stdout. Progress goes to stderr.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCollector } from './collector-probe.mjs';
import { measureFloor } from './floor.mjs';
import { cpuSample, processCount, rssBytes } from './proc-cpu.mjs';
import { median } from './stats.mjs';

const cfg = JSON.parse(process.argv[2]);
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => process.stderr.write(`  [${cfg.label}] ${msg}\n`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-'));

/** The command lines of every measured tool; `sysmon` ones go through the built CLI with this node. */
function sysmon(...args) {
  return [process.execPath, ...cfg.nodeFlags, cfg.sysmonBin, ...args];
}

// ---------------------------------------------------------------------------------------------------------
// One-shots: alternate every command of a round (A B A B ...), reverse the order every other round, and take
// the median wall time and CPU time of each.

function timeOnce(argv, runEnv = env) {
  if (cfg.timerBin) {
    const r = spawnSync(cfg.timerBin, argv, { env: runEnv, encoding: 'utf8', maxBuffer: 1 << 20 });
    const [wall, user, sys, status] = (r.stdout || '').trim().split(' ').map(Number);
    return { wallMs: wall / 1e6, cpuMs: (user + sys) / 1000, status, stderr: r.stderr };
  }
  // Fallback without a C compiler: the driver's own spawn overhead is included (see the `true` baseline).
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { env: runEnv, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  return { wallMs: performance.now() - t0, cpuMs: null, status: r.status ?? 128, stderr: r.stderr };
}

function oneShots() {
  const cmds = [];
  cmds.push({ id: 'node -e 0', argv: [process.execPath, '-e', '0'] });
  if (!cfg.timerBin) cmds.push({ id: 'true', argv: ['true'] });
  // group -> the command both sides run (null: sysmon alone; --only key in brackets when it differs).
  const pairs = {
    ps: ['ps', 'aux'], free: ['free'], df: ['df'], uptime: ['uptime'], version: null, 'top-once': ['top', '-b', '-n', '1'],
  };
  const onlyKey = { 'top-once': 'top' };
  for (const name of Object.keys(pairs)) {
    if (!cfg.only.includes(onlyKey[name] ?? name)) continue;
    const theirs = pairs[name];
    if (theirs === null) {
      cmds.push({ id: 'sysmon --version', group: name, side: 'sysmon', argv: sysmon('--version') });
      continue;
    }
    cmds.push({ id: `sysmon ${theirs.join(' ')}`, group: name, side: 'sysmon', argv: sysmon(...theirs), cmd: theirs[0] });
    cmds.push({ id: theirs.join(' '), group: name, side: 'classic', argv: theirs });
    if (cfg.unbundled) {
      // The same command from tsc's module-by-module output, to show what the one-file bundle saves.
      cmds.push({
        id: `sysmon ${theirs.join(' ')} (unbundled)`, group: name, side: 'unbundled', argv: sysmon(...theirs), cmd: theirs[0],
        env: { ...env, SYSMON_UNBUNDLED: '1' },
      });
    }
  }
  if (cfg.only.includes('ps')) {
    // No sysmon code: node starting and reading the files ps aux reads (report.mjs sets ps's ratio beside it).
    cmds.push({ id: 'node: ps aux files', argv: [process.execPath, new URL('./ps-floor.cjs', import.meta.url).pathname] });
  }
  // First run of each: the check that it works here (and the warm-up of the page cache).
  for (const c of cmds) {
    c.runs = [];
    if (c.cmd && cfg.notBuilt.includes(c.cmd)) {
      c.error = 'not built';
      continue;
    }
    const r = timeOnce(c.argv, c.env);
    if (r.status === 0 && c.group) {
      // Output lines of one extra run: a sanity check that both sides saw the same processes.
      const q = spawnSync(c.argv[0], c.argv.slice(1), { env: c.env ?? env, encoding: 'utf8', maxBuffer: 64 << 20 });
      c.lines = q.stdout.split('\n').filter(Boolean).length;
    }
    if (r.status !== 0) {
      const line = (r.stderr || '').trim().split('\n').pop() || `exit status ${r.status}`;
      c.error = /not built|unknown command/.test(line) ? 'not built' : line.slice(0, 160);
    }
  }
  const live = cmds.filter((c) => !c.error);
  log(`one-shots: ${live.length} commands x ${cfg.rounds} rounds`);
  for (let round = 0; round < cfg.rounds; round++) {
    const order = round % 2 ? [...live].reverse() : live;
    for (const c of order) c.runs.push(timeOnce(c.argv, c.env));
  }
  const out = {};
  for (const c of cmds) {
    out[c.id] = c.error
      ? { error: c.error, group: c.group, side: c.side }
      : {
          group: c.group,
          side: c.side,
          runs: c.runs.length,
          wallMs: median(c.runs.map((r) => r.wallMs)),
          cpuMs: cfg.timerBin ? median(c.runs.map((r) => r.cpuMs)) : null,
          failures: c.runs.filter((r) => r.status !== 0).length,
          lines: c.lines ?? null,
        };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Refresh: CPU charged to a long-running monitor between two of its frames, K frames apart.

/** Per-tick figures from samples taken at consecutive frames. */
function perTick(samples, ticks, procs) {
  const a = samples[0];
  const b = samples[samples.length - 1];
  const steps = [];
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].sched != null && samples[i - 1].sched != null) steps.push(samples[i].sched - samples[i - 1].sched);
  }
  return {
    ticks,
    seconds: (b.t - a.t) / 1000,
    // utime+stime from /proc/PID/stat: the measure; resolution one clock tick (10 ms) per reading.
    statMsPerTick: a.stat != null && b.stat != null ? (b.stat - a.stat) / ticks : null,
    // sum_exec_runtime of the threads: nanosecond resolution, the figure the table shows.
    cpuMsPerTick: a.sched != null && b.sched != null ? (b.sched - a.sched) / ticks : null,
    medianTickMs: median(steps),
    // Lowest and highest process count seen at the frames (others' work can change the host's).
    processes: procs.length ? [Math.min(...procs), Math.max(...procs)] : [],
  };
}

/** A batch monitor writing frames that each start with "top - " to a pipe: sample at each frame. */
async function batchRun(id, argv) {
  const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const need = cfg.warmFrames + cfg.ticks;
  const samples = [];
  const procsAt = [];
  let frames = 0;
  let carry = '';
  let exited = null;
  const done = new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), (need + 4) * (cfg.delay * 1000 + 6000));
    child.on('exit', (code, sig) => {
      exited = code ?? sig;
      clearTimeout(timer);
      resolve('exit');
    });
    child.stdout.on('data', (chunk) => {
      // Count frame headers at line starts, including one split across two chunks.
      const text = carry + chunk.toString('latin1');
      let idx = text.startsWith('top - ') && carry === '' && frames === 0 ? 0 : -1;
      let count = idx === 0 ? 1 : 0;
      for (let i = text.indexOf('\ntop - '); i !== -1; i = text.indexOf('\ntop - ', i + 1)) count++;
      carry = text.slice(-6);
      for (let k = 0; k < count; k++) {
        frames++;
        if (frames > cfg.warmFrames) {
          samples.push(cpuSample(child.pid));
          procsAt.push(processCount());
        }
        if (frames > need) {
          clearTimeout(timer);
          resolve('done');
        }
      }
    });
  });
  const how = await done;
  child.kill('SIGKILL');
  if (how !== 'done') {
    const line = stderr.trim().split('\n').pop() || (how === 'timeout' ? `no frames after ${frames}` : `exited (${exited})`);
    return { error: /not built/.test(line) ? 'not built' : line.slice(0, 160) };
  }
  return perTick(samples, samples.length - 1, procsAt);
}

function tmux(sock, ...args) {
  return spawnSync('tmux', ['-L', sock, ...args], { env, encoding: 'utf8' });
}

/**
 * A full-screen monitor in a 120x40 tmux pane. Its frames are counted as bursts of output to the pane
 * (pipe-pane into a file, polled every 20 ms: a burst is growth after 300 ms of quiet), and its CPU is sampled
 * at the start of each burst. With `soakMs`, the run lasts at least that long and RSS is sampled as it goes.
 */
async function tuiRun(id, shellCmd, { soakMs = 0, extraEnv = {} } = {}) {
  // The pid alone is not unique: the driver has the same pid in every namespace a concurrent bench makes.
  const sock = `sysmon-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}-${id.replace(/\W/g, '')}`;
  const outFile = path.join(tmp, `${sock}.out`);
  const errFile = path.join(tmp, `${sock}.err`);
  fs.writeFileSync(outFile, '');
  const envCmd = Object.entries(extraEnv).map(([k, v]) => `${k}='${v}'`).join(' ');
  const r = tmux(sock, 'new-session', '-d', '-x', '120', '-y', '40', '-s', 'bench', `exec env ${envCmd} ${shellCmd} 2>'${errFile}'`);
  if (r.status !== 0) return { error: `tmux: ${(r.stderr || '').trim()}` };
  try {
    tmux(sock, 'pipe-pane', '-t', 'bench', `cat >> '${outFile}'`);
    const pid = Number(tmux(sock, 'list-panes', '-t', 'bench', '-F', '#{pane_pid}').stdout.trim());
    if (!pid) return { error: 'no pane pid' };
    const need = cfg.warmFrames + cfg.ticks;
    const samples = [];
    const procsAt = [];
    const rss = [];
    let size = 0;
    let lastGrowth = 0;
    let frames = 0;
    const start = performance.now();
    const deadline = start + Math.max(soakMs, 0) + (need + 4) * (cfg.delay * 1000 + 6000);
    let rssNext = start;
    while (performance.now() < deadline) {
      await sleep(20);
      const now = performance.now();
      let st;
      try {
        st = fs.statSync(`/proc/${pid}`);
      } catch {
        st = null;
      }
      if (!st) break; // exited
      const s = fs.statSync(outFile).size;
      if (s > size) {
        if (now - lastGrowth > 300) {
          frames++;
          if (frames > cfg.warmFrames) {
            samples.push(cpuSample(pid));
            procsAt.push(processCount());
          }
        }
        lastGrowth = now;
        size = s;
      }
      if (soakMs > 0 && frames > cfg.warmFrames && now >= rssNext) {
        rss.push({ s: Math.round((now - start) / 1000), bytes: rssBytes(pid) });
        rssNext = now + Math.min(10_000, Math.max(1000, soakMs / 20));
      }
      if (frames > need && now - start >= soakMs && samples.length > cfg.ticks) break;
    }
    if (samples.length < 2) {
      let err = '';
      try {
        err = fs.readFileSync(errFile, 'utf8').trim().split('\n').pop() ?? '';
      } catch {}
      const line = err || `no frames seen (${frames})`;
      return { error: /not built/.test(line) ? 'not built' : line.slice(0, 160) };
    }
    const res = perTick(samples, samples.length - 1, procsAt);
    if (soakMs > 0 && rss.length > 0) {
      // Start and end as medians of the first and last three samples, so one GC cycle does not decide.
      const bytes = rss.map((x) => x.bytes).filter((b) => b != null);
      res.rss = rss;
      res.rssStartBytes = median(bytes.slice(0, 3));
      res.rssEndBytes = median(bytes.slice(-3));
      res.rssMaxBytes = Math.max(...bytes);
      // Flat: the heap settles in the first tens of seconds; growth after the midpoint would be a leak.
      const mid = bytes.length >> 1;
      res.rssMidBytes = median(bytes.slice(Math.max(0, mid - 1), mid + 2));
      res.soakSeconds = rss[rss.length - 1].s - rss[0].s;
    }
    return res;
  } finally {
    tmux(sock, 'kill-server');
    // The server can leave its socket behind when it is killed; the name is ours alone.
    const dir = path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    fs.rmSync(path.join(dir, sock), { force: true });
  }
}

async function refresh() {
  const out = {};
  const htopHome = path.join(tmp, 'htop-home');
  fs.mkdirSync(htopHome, { recursive: true });
  const node = process.execPath;
  const tools = [];
  if (cfg.only.includes('top')) {
    tools.push(['sysmon top -b', () => batchRun('sysmon-top', sysmon('top', '-b', '-d', String(cfg.delay)))]);
    tools.push(['top -b', () => batchRun('top', ['top', '-b', '-d', String(cfg.delay)])]);
  }
  if (cfg.only.includes('dashboard')) {
    const soakMs = cfg.soakAt.includes(cfg.target) ? cfg.soakSeconds * 1000 : 0;
    tools.push(['sysmon (dashboard)', () => tuiRun('dash', `'${node}' ${cfg.nodeFlags.join(' ')} '${cfg.sysmonBin}' -d ${cfg.delay} --no-config`, { soakMs })]);
  }
  if (cfg.only.includes('top') || cfg.only.includes('dashboard')) {
    if (cfg.htop) {
      tools.push(['htop', () => tuiRun('htop', `htop -d ${cfg.delay * 10}`, { extraEnv: { HOME: htopHome } })]);
    } else {
      out.htop = { error: 'not measured (needs htop and tmux)' };
    }
  }
  if (cfg.only.includes('dashboard')) {
    // The monitors people compare sysmon with, each in the same pane at the same refresh.
    if (cfg.tmux) tools.push(['top', () => tuiRun('top', `top -d ${cfg.delay}`, { extraEnv: { HOME: htopHome } })]);
    if (cfg.btop) {
      // btop's refresh is its config's update_ms; a private HOME keeps the user's own config out.
      const btopHome = path.join(tmp, 'btop-home');
      fs.mkdirSync(path.join(btopHome, '.config', 'btop'), { recursive: true });
      fs.writeFileSync(path.join(btopHome, '.config', 'btop', 'btop.conf'), `update_ms = ${cfg.delay * 1000}\n`);
      tools.push(['btop', () => tuiRun('btop', 'btop', { extraEnv: { HOME: btopHome, XDG_CONFIG_HOME: path.join(btopHome, '.config'), LANG: 'C.UTF-8' } })]);
    } else {
      out.btop = { error: 'not measured (needs btop and tmux)' };
    }
  }
  if (cfg.notBuilt.includes('top')) out['sysmon top -b'] = { error: 'not built' };
  if (cfg.notBuilt.includes('dashboard')) out['sysmon (dashboard)'] = { error: 'not built' };
  for (let round = 0; round < cfg.refreshRounds; round++) {
    const order = round % 2 ? [...tools].reverse() : tools;
    for (const [id, run] of order) {
      if (out[id]?.error) continue;
      log(`refresh: ${id} (round ${round + 1}/${cfg.refreshRounds})`);
      const res = await run();
      if (res.error) {
        out[id] = res;
        continue;
      }
      (out[id] ??= { runs: [] }).runs.push(res);
    }
  }
  for (const v of Object.values(out)) {
    if (!v.runs) continue;
    v.cpuMsPerTick = median(v.runs.map((r) => r.cpuMsPerTick));
    v.statMsPerTick = median(v.runs.map((r) => r.statMsPerTick));
    const soak = v.runs.find((r) => r.rss);
    if (soak) {
      v.rssStartBytes = soak.rssStartBytes;
      v.rssEndBytes = soak.rssEndBytes;
      v.rssMaxBytes = soak.rssMaxBytes;
      v.rssMidBytes = soak.rssMidBytes;
      v.soakSeconds = soak.soakSeconds;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const result = { label: cfg.label, target: cfg.target, processes: processCount() };
  log(`${result.processes} processes visible`);
  if (cfg.only.includes('floor') || cfg.only.includes('top') || cfg.only.includes('dashboard')) {
    const f = measureFloor(cfg.floorMs);
    result.floor = { node: f };
    if (cfg.floorBin) {
      const r = spawnSync(cfg.floorBin, [String(cfg.floorMs)], { encoding: 'utf8' });
      const [passes, processes, cpuUs] = r.stdout.trim().split(' ').map(Number);
      result.floor.c = { passes, processes, cpuMsPerPass: cpuUs / 1000 / passes };
      // What the kernel charges for each other per-process file, read alone the same way (C, ms per pass).
      result.fileCost = {};
      for (const file of ['stat', 'statm', 'status', 'cmdline']) {
        const q = spawnSync(cfg.floorBin, [String(Math.round(cfg.floorMs / 2)), file], { encoding: 'utf8' });
        const [p, , us] = q.stdout.trim().split(' ').map(Number);
        result.fileCost[file] = us / 1000 / p;
      }
    }
    // The collector alone, with top's default columns and with columns stat alone can fill.
    result.collector = await measureCollector(cfg.repo, { top: 'top', statOnly: 'pid,ppid,state,ni,pr,vsz,time,comm' }, cfg.floorMs, {
      psAux: 'user',
    });
  }
  if (['ps', 'free', 'df', 'uptime', 'version', 'top'].some((k) => cfg.only.includes(k))) result.oneShots = oneShots();
  if (['top', 'dashboard'].some((k) => cfg.only.includes(k))) result.refresh = await refresh();
  result.processesAfter = processCount();
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main()
  .catch((err) => {
    process.stdout.write(`\n${JSON.stringify({ label: cfg.label, error: String(err?.stack ?? err) })}\n`);
  })
  .finally(() => fs.rmSync(tmp, { recursive: true, force: true }));
