#!/usr/bin/env node
// `npm run bench:history`: the history's budgets (docs/history.md). A benchmark, not a test: it prints figures
// and writes JSON under bench/results/; it fails only when it cannot run at all.
//   1. recording at 1 s and 5 s with 500 processes (a private PID namespace, as bench/run.mjs): CPU % of one
//      core, RSS, bytes per sample, MB per day;
//   2. the process-table encodings side by side on those recorded samples (bytes per sample, encode/decode ms);
//   3. replay on a synthetic 7-day database at 5 s: first frame at random times, stepping forward and back.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { namespacesAvailable, startNamespace } from './lib/namespace.mjs';
import { cpuSample, rssBytes } from './lib/proc-cpu.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const dist = (p) => path.join(repo, 'dist', p);
delete process.env.NODE_EXTRA_CA_CERTS;

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return def;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
};
const only = opt('--only', 'record,codec,replay').split(',');
const procs = Number(opt('--procs', 500));
const measureSeconds = Number(opt('--seconds', 60));
/**
 * Seconds recorded before measuring: start-up, the first samples (static rows, key frames) and V8's optimizing
 * compiles of the per-sample code (~0.4 s of CPU over the first half minute) are a one-off for a recorder that
 * runs for days, so they are left out.
 */
const warmupSeconds = Number(opt('--warmup', 30));
const days = Number(opt('--days', 7));
/** Keep the synthetic week here (reused by later runs with the same --keep). */
const keep = opt('--keep', null);
/** Node flags for the recorder, e.g. the unit's --max-semi-space-size=2 (sysmon record --unit). */
const nodeFlags = (opt('--node-flags', '') ?? '').split(/\s+/).filter(Boolean);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-history-'));
const results = { when: new Date().toISOString(), host: os.hostname(), cpus: os.cpus().length, procs, warmupSeconds, nodeFlags: [], load: os.loadavg() };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms2 = (v) => `${v.toFixed(2)} ms`;

function childrenOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Record for warm-up + measureSeconds inside a namespace of `procs` processes; CPU, RSS, bytes. */
async function recordBudget(interval) {
  const ns = await startNamespace(procs);
  const db = path.join(tmp, `record-${interval}.db`);
  try {
    const child = ns.spawn([process.execPath, ...nodeFlags, path.join(repo, 'bin', 'sysmon'), 'record', '-d', String(interval), '--db', db], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: process.env,
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // nsenter forks the command into the namespace: the recorder is its child.
    let pid = null;
    for (let i = 0; i < 100 && pid === null; i++) {
      await sleep(100);
      pid = childrenOf(child.pid)[0] ?? null;
    }
    if (pid === null) throw new Error(`recorder did not start: ${err}`);
    await sleep(Math.max(warmupSeconds, interval * 3) * 1000); // start-up, the first samples, the JIT's warm-up
    // Growth of the data while measuring (pages in use, WAL included): what a day costs once the static rows
    // of the running processes are in.
    const { openDatabase } = await import(dist('store/history/sqlite-driver.js'));
    const used = () => {
      const d = openDatabase(db, { readonly: true });
      try {
        const pages = d.pragma('page_count', { simple: true }) - d.pragma('freelist_count', { simple: true });
        return { bytes: pages * d.pragma('page_size', { simple: true }), n: d.prepare('SELECT count(*) FROM samples').pluck().get() };
      } finally {
        d.close();
      }
    };
    const u0 = used();
    const a = cpuSample(pid);
    let maxRss = 0;
    const end = Date.now() + measureSeconds * 1000;
    while (Date.now() < end) {
      maxRss = Math.max(maxRss, rssBytes(pid) ?? 0);
      await sleep(500);
    }
    const b = cpuSample(pid);
    const u1 = used();
    // Stop the recorder itself (nsenter does not pass the signal on) and wait for its final checkpoint.
    process.kill(pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const { HistoryReader } = await import(dist('store/history/reader.js'));
    const r = HistoryReader.open(db);
    const row = r.database.prepare('SELECT count(*) n, avg(bytes) avg, max(bytes) max FROM samples').get();
    const keyAvg = r.database.prepare('SELECT avg(bytes) FROM samples WHERE ref IS NULL').pluck().get();
    const deltaAvg = r.database.prepare('SELECT avg(bytes) FROM samples WHERE ref IS NOT NULL').pluck().get();
    r.close();
    const file = fs.statSync(db).size;
    const perDay = 86400 / interval;
    const wall = b.t - a.t;
    const cpu = (((b.sched ?? b.stat) - (a.sched ?? a.stat)) / wall) * 100;
    return {
      interval, samples: row.n, cpuPercentOfOneCore: +cpu.toFixed(2), maxRssMiB: +(maxRss / 2 ** 20).toFixed(1),
      bytesPerSample: Math.round(row.avg), keyframeBytes: Math.round(keyAvg ?? 0), deltaBytes: Math.round(deltaAvg ?? 0),
      fileBytes: file, growthBytesPerSample: Math.round((u1.bytes - u0.bytes) / Math.max(1, u1.n - u0.n)),
      mbPerDay: +((row.avg * perDay) / 1e6).toFixed(1),
      fileMbPerDay: +((((u1.bytes - u0.bytes) / Math.max(1, u1.n - u0.n)) * perDay) / 1e6).toFixed(1), db,
    };
  } finally {
    ns.close();
  }
}

/** The four encodings on the recorded samples of `db`. */
async function codecs(db) {
  const { HistoryReader } = await import(dist('store/history/reader.js'));
  const codec = await import(dist('store/history/process-codec.js'));
  const r = HistoryReader.open(db);
  const first = r.first();
  const snaps = [first, ...r.after(first.id, 10_000)].map((s) => r.snapshot(s.id)).filter(Boolean);
  r.close();
  // Static ids as the writer gives them: one per (pid, start time).
  const ids = new Map();
  const sidsOf = (rows) => rows.map((x) => {
    const k = `${x.pid}/${x.starttime}`;
    if (!ids.has(k)) ids.set(k, ids.size + 1);
    return ids.get(k);
  });
  const cols = snaps.map((s) => codec.toColumns(s.processes, sidsOf(s.processes)));
  const K = codec.KEYFRAME_EVERY;
  const variants = {
    'JSON rows + zlib': (i) => codec.encode(cols[i], codec.CODEC.JSON),
    'JSON rows + zlib, previous sample as dictionary': (i) =>
      codec.encode(cols[i], codec.CODEC.JSON, null, i % K === 0 ? undefined : Buffer.from(JSON.stringify(cols[i - 1].cols))),
    'columnar varints + zlib': (i) => codec.encode(cols[i], codec.CODEC.COLUMNAR),
    [`columnar deltas vs previous + zlib (key frame every ${K})`]: (i) =>
      codec.encode(cols[i], codec.CODEC.COLUMNAR_DELTA, i % K === 0 ? null : cols[i - 1]),
    'sparse deltas: only the rows that moved (written)': (i) =>
      codec.encode(cols[i], codec.CODEC.COLUMNAR_SPARSE, i % K === 0 ? null : cols[i - 1]),
  };
  const out = {};
  for (const [name, enc] of Object.entries(variants)) {
    let bytes = 0;
    const t0 = performance.now();
    const blobs = cols.map((_, i) => enc(i));
    const encMs = (performance.now() - t0) / cols.length;
    for (const b of blobs) bytes += b.length;
    const t1 = performance.now();
    for (let i = 0; i < blobs.length; i++) {
      const c = codec.codecOf(blobs[i]);
      if (c === codec.CODEC.COLUMNAR_DELTA || c === codec.CODEC.COLUMNAR_SPARSE) codec.decode(blobs[i], i % K === 0 ? null : cols[i - 1]);
      else if (name.includes('dictionary')) codec.decode(blobs[i], null, i % K === 0 ? undefined : Buffer.from(JSON.stringify(cols[i - 1].cols)));
      else codec.decode(blobs[i]);
    }
    const decMs = (performance.now() - t1) / cols.length;
    out[name] = { bytesPerSample: Math.round(bytes / cols.length), encodeMs: +encMs.toFixed(3), decodeMs: +decMs.toFixed(3) };
  }
  return { samples: cols.length, processes: Math.round(cols.reduce((a, c) => a + c.n, 0) / cols.length), variants: out };
}

/**
 * A 7-day database at 5 s: one hour written by the real writer from a synthetic 500-process machine, then
 * copied hour after hour with shifted times and ids (whole delta chains, so every sample decodes as written).
 */
async function syntheticWeek(file) {
  const { HistoryWriter } = await import(dist('store/history/writer.js'));
  const { openDatabase } = await import(dist('store/history/sqlite-driver.js'));
  const hour = 720; // samples at 5 s
  const t0 = Date.UTC(2026, 0, 1);
  const w = HistoryWriter.open(file, { retainMs: null, maxBytes: null });
  const GiB = 2 ** 30;
  const cpu = (b) => ({ user: b, nice: 0, system: 0, idle: 100 - b, iowait: 0, irq: 0, softirq: 0, steal: 0, busy: b });
  const times = (b) => ({ user: b, nice: 0, system: 0, idle: 100 - b, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 });
  for (let i = 0; i < hour; i++) {
    const rows = [];
    for (let k = 0; k < procs; k++) {
      const gen = k % 25 === 0 ? Math.floor(i / 60) : 0; // some processes come and go
      rows.push({
        pid: 100 + k + gen * 10_000, comm: `proc-${k % 40}`, state: (i + k) % 17 === 0 ? 'R' : 'S', ppid: 1, pgrp: 100 + k, session: 100 + k,
        ttyNr: 0, tpgid: -1, flags: 0x400000, minflt: 1000 * k + i * (k % 3), majflt: k % 7, utime: 50 * k + i * (k % 4), stime: 5 * k + (i >> 2),
        priority: 20, nice: 0, numThreads: 1 + (k % 8), starttime: 10_000 + k + gen * 70_000, vsize: (20 + (k % 200)) * 2 ** 20,
        rssPages: 500 + k * 5 + (i % 13) * (k % 2), processor: (i + k) % 4, rtPriority: 0, policy: 0, uid: k % 3 === 0 ? 0 : 1000,
        user: k % 3 === 0 ? 'root' : 'alice', euid: null, vmLck: null, sharedPages: 200 + (k % 50), cmdline: [`/usr/bin/proc-${k % 40}`, `--worker=${k}`],
        cpuDeltaTicks: k % 4,
      });
    }
    const busy = 10 + ((i * 7) % 60);
    w.write({
      time: t0 + i * 5000, interval: 5, uptime: 86400 + i * 5, hz: 100, pageSize: 4096,
      stat: { total: times(busy), perCpu: [times(busy), times(busy), times(busy), times(busy)], cpuIds: [0, 1, 2, 3], btime: 1_767_000_000, contextSwitches: i * 1000, processesForked: i, procsRunning: 2, procsBlocked: 0 },
      cpu: { total: cpu(busy), perCpu: [cpu(busy), cpu(busy), cpu(busy), cpu(busy)] },
      mem: { MemTotal: 16 * GiB, MemFree: 4 * GiB - i * 4096, MemAvailable: 10 * GiB, Buffers: 2 ** 28, Cached: 5 * GiB, SReclaimable: 2 ** 28, Shmem: 2 ** 26, SwapTotal: 2 * GiB, SwapFree: 2 * GiB },
      load: { one: busy / 25, five: 1, fifteen: 1, running: 2, total: procs, lastPid: 9999 }, tasks: { total: procs, running: 2, sleeping: procs - 2, stopped: 0, zombie: 0 },
      processes: rows, users: 1,
    });
  }
  w.close();
  const db = openDatabase(file);
  const copy = db.prepare(`INSERT INTO samples (id, time, interval, ref, cpu, mem_used, mem_cache, mem_available, swap_used, load1,
      disk_read, disk_write, net_rx, net_tx, system, procs, bytes)
    SELECT id + ?, time + ?, interval, CASE WHEN ref IS NULL THEN NULL ELSE ref + ? END, cpu, mem_used, mem_cache, mem_available, swap_used, load1,
      disk_read, disk_write, net_rx, net_tx, system, procs, bytes
    FROM samples WHERE id <= ?`);
  const copies = db.transaction(() => {
    for (let h = 1; h < days * 24; h++) copy.run(h * hour, h * 3_600_000, h * hour, hour);
  });
  copies();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { samples: days * 24 * hour, fileBytes: fs.statSync(file).size };
}

/** Replay timings: first frame at random times, steps forward and back, through the dashboard's own code. */
async function replayBudget(file) {
  const { HistoryReader } = await import(dist('store/history/reader.js'));
  const { ReplaySource } = await import(dist('cli/replay/replay-source.js'));
  const { initialDashState, reduce } = await import(dist('tui/controller.js'));
  const { screenPanels } = await import(dist('tui/screen-panels.js'));
  const { buildKeymap } = await import(dist('tui/keymap.js'));
  const { MAIN_VIEWS } = await import(dist('tui/main-views.js'));
  const { bareTheme } = await import(dist('tui/theme.js'));
  const { initialViewState } = await import(dist('tui/view-state.js'));
  const { processFields } = await import(dist('fields/process-fields.js'));
  const ctx = { reg: processFields, keymap: buildKeymap(processFields).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: false, canStep: true };
  const draw = (state, moment) => {
    const s = reduce(state, { type: 'moment', moment }, ctx).state;
    screenPanels(s, ctx);
    return s;
  };
  const probe = HistoryReader.open(file);
  const first = probe.first().time;
  const last = probe.last().time;
  probe.close();
  const firstFrame = [];
  const stepFwd = [];
  const stepBack = [];
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let k = 0; k < 30; k++) {
    const at = first + rand() * (last - first);
    const t0 = performance.now();
    const r = HistoryReader.open(file);
    const src = new ReplaySource(r, r.at(at));
    let state = initialDashState(initialViewState(), ctx, { width: 160, height: 50 });
    state = reduce(state, { type: 'init' }, ctx).state;
    let moment = src.moment();
    src.onMoment = (m) => (moment = m);
    state = draw(state, moment);
    firstFrame.push(performance.now() - t0);
    for (let j = 0; j < 20; j++) {
      const t1 = performance.now();
      src.step(1);
      state = draw(state, moment);
      stepFwd.push(performance.now() - t1);
    }
    for (let j = 0; j < 10; j++) {
      const t2 = performance.now();
      src.step(-1);
      state = draw(state, moment);
      stepBack.push(performance.now() - t2);
    }
    r.close();
  }
  const sum = (a) => ({ p50: +pct(a, 50).toFixed(2), p95: +pct(a, 95).toFixed(2), max: +Math.max(...a).toFixed(2) });
  return { firstFrameMs: sum(firstFrame), stepForwardMs: sum(stepFwd), stepBackMs: sum(stepBack) };
}

if (!fs.existsSync(dist('store/history/reader.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(1);
}

results.nodeFlags = nodeFlags;
try {
  if (only.includes('record') || only.includes('codec')) {
    const why = namespacesAvailable();
    if (why) console.log(`record: skipped (${why})`);
    else {
      results.record = [];
      for (const interval of opt('--intervals', '1,5').split(',').map(Number)) {
        const r = await recordBudget(interval);
        results.record.push(r);
        console.log(`record -d ${interval}${nodeFlags.length ? ` (node ${nodeFlags.join(' ')})` : ''} with ${procs} processes over ${measureSeconds} s: CPU ${r.cpuPercentOfOneCore}% of one core, ` +
          `RSS max ${r.maxRssMiB} MiB, ${r.bytesPerSample} bytes/sample (key frame ${r.keyframeBytes}, delta ${r.deltaBytes}), ` +
          `file grows ${r.growthBytesPerSample} bytes/sample: ${r.mbPerDay} MB/day of sample data, ${r.fileMbPerDay} MB/day of file`);
      }
      if (only.includes('codec')) {
        results.codec = await codecs(results.record[0].db);
        console.log(`\nprocess table encodings, ${results.codec.samples} recorded samples of ~${results.codec.processes} processes:`);
        for (const [name, v] of Object.entries(results.codec.variants)) {
          console.log(`  ${name.padEnd(62)} ${String(v.bytesPerSample).padStart(7)} bytes/sample  encode ${ms2(v.encodeMs)}  decode ${ms2(v.decodeMs)}`);
        }
      }
    }
  }
  if (only.includes('replay')) {
    const file = keep ? path.resolve(keep) : path.join(tmp, 'week.db');
    const t0 = performance.now();
    if (keep && fs.existsSync(file)) results.week = { samples: days * 24 * 720, fileBytes: fs.statSync(file).size };
    else results.week = await syntheticWeek(file);
    console.log(`\nsynthetic ${days}-day database at 5 s: ${results.week.samples} samples of ${procs} processes, ` +
      `${(results.week.fileBytes / 2 ** 20).toFixed(0)} MiB (made in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    results.replay = await replayBudget(file);
    const f = (o) => `p50 ${o.p50} ms, p95 ${o.p95} ms, max ${o.max} ms`;
    console.log(`replay first frame (open, find, decode, draw): ${f(results.replay.firstFrameMs)}`);
    console.log(`replay step forward (t): ${f(results.replay.stepForwardMs)}`);
    console.log(`replay step back (T): ${f(results.replay.stepBackMs)}`);
  }
  fs.mkdirSync(path.join(repo, 'bench', 'results'), { recursive: true });
  const out = path.join(repo, 'bench', 'results', `history-${results.when.replace(/[:.]/g, '-')}.json`);
  for (const r of results.record ?? []) delete r.db;
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`\n${path.relative(repo, out)}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
  spawnSync('true');
}
