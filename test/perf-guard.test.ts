import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessCollector, STATM_REFRESH_TICKS } from '../src/collectors/process-collector.js';
import { PS_FORMATS, processFields } from '../src/fields/process-fields.js';
import { neededSources, type Source } from '../src/fields/registry.js';
import { addProcess, captureProcRoot, CountingProcFs } from './perf/proc-root.js';

// The structural regression guard of `npm run bench` (docs/performance.md): no wall-clock assertion, only what
// a hot path does. Files read per process per tick, and the modules a one-shot command loads.

const repo = path.resolve(__dirname, '..');
const bin = path.join(repo, 'bin', 'sysmon');
const here = path.join(__dirname, 'perf');

/**
 * Files each process costs on a refresh tick after the first, with top's default columns: stat, and statm only
 * when stat moved or on the process's staggered refresh turn (one tick in STATM_REFRESH_TICKS).
 */
const TOP_TICK_FILES = ['stat'];
/** The first tick reads these every time (statm too: RES and SHR come from it). */
const TOP_FIRST_TICK_FILES = ['stat', 'statm'];

/** A later tick of an unchanged process: stat, and statm only on its refresh turn. */
function expectLaterTick(files: string[] | undefined, label: string): void {
  const f = sorted(files);
  expect(f.filter((x) => x !== 'statm'), label).toEqual(sorted(TOP_TICK_FILES));
  expect(f.filter((x) => x === 'statm').length, label).toBeLessThanOrEqual(1);
}

/** statm reads on one later tick, over all processes: about one in STATM_REFRESH_TICKS, never all. */
function expectFewStatm(reads: (pid: number) => string[] | undefined, pidList: number[], label: string): void {
  const n = pidList.filter((pid) => (reads(pid) ?? []).includes('statm')).length;
  expect(n, label).toBeLessThanOrEqual(Math.ceil(pidList.length / STATM_REFRESH_TICKS) + 1);
}
/**
 * Most files a process may cost the first time a refresh sees it, with top's default columns (the per-tick
 * files plus its static facts, such as the owner from status); each at most once.
 */
const TOP_FIRST_TICK_MAX = 3;
/** Files each process costs for `ps aux` (one tick). */
const PS_AUX_FILES = ['stat', 'status', 'cmdline'];

function needsOf(format: string): ReadonlySet<Source> {
  // Formats may hold `key=HEADER`; only the keys matter here.
  const keys = format.split(',').map((c) => c.split('=')[0]).join(',');
  const needs = neededSources(processFields.parseList(keys));
  needs.add('stat');
  return needs;
}

function sorted(list: string[] | undefined): string[] {
  return [...(list ?? [])].sort();
}

/** The first tick reads the per-tick files, and a few static facts, each once. */
function expectFirstTick(files: string[]): void {
  for (const f of TOP_FIRST_TICK_FILES) expect(files).toContain(f);
  expect(new Set(files).size, `no file twice on the first tick: ${files.join(', ')}`).toBe(files.length);
  expect(files.length, `first tick: ${files.join(', ')}`).toBeLessThanOrEqual(TOP_FIRST_TICK_MAX);
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Module by module (tsc's dist/): the recorders patch and name those modules. The bundle users run is
  // checked on its own below.
  const e: NodeJS.ProcessEnv = { ...process.env, SYSMON_UNBUNDLED: '1', ...extra };
  delete e.NODE_EXTRA_CA_CERTS;
  return e;
}

let root: string;
let pids: number[];
let tmp: string;

beforeAll(() => {
  ({ root, pids } = captureProcRoot(24));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-perf-guard-'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('process collector: files read per process per tick', () => {
  it('captured a root with processes to count', () => {
    expect(pids.length).toBeGreaterThanOrEqual(5);
  });

  it("top's default columns: static facts once per process, then only the per-tick files", () => {
    const procFs = new CountingProcFs(root);
    const collector = new ProcessCollector(procFs);
    const needs = needsOf(PS_FORMATS.top);
    const first = collector.collect({ needs });
    expect(first.length).toBe(pids.length);
    collector.collect({ needs });
    // A process that starts between ticks costs its first-tick files once; the others do not.
    const newPid = Math.max(...pids) + 1;
    const files = new Map<string, Buffer | string>();
    for (const name of ['stat', 'statm', 'status', 'cmdline']) {
      files.set(name, fs.readFileSync(path.join(root, 'proc', String(pids[pids.length - 1]), name)));
    }
    const stat = files.get('stat')!.toString();
    files.set('stat', `${newPid}${stat.slice(stat.indexOf(' '))}`);
    addProcess(root, newPid, files);
    try {
      collector.collect({ needs });
    } finally {
      fs.rmSync(path.join(root, 'proc', String(newPid)), { recursive: true, force: true });
    }
    const [t1, t2, t3] = procFs.log.ticks;
    const firstTick = sorted(t1!.reads.get(pids[0]!));
    expectFirstTick(firstTick);
    for (const pid of pids) {
      expect(sorted(t1!.reads.get(pid)), `tick 1, pid ${pid}`).toEqual(firstTick);
      expectLaterTick(t2!.reads.get(pid), `tick 2, pid ${pid}`);
      expectLaterTick(t3!.reads.get(pid), `tick 3, pid ${pid}`);
    }
    expectFewStatm((pid) => t2!.reads.get(pid), pids, 'statm reads on tick 2');
    expectFewStatm((pid) => t3!.reads.get(pid), pids, 'statm reads on tick 3');
    expect(sorted(t3!.reads.get(newPid)), 'new process on tick 3').toEqual(firstTick);
    // User names come from one read of /etc/passwd, not one per process or per tick.
    const passwd = [procFs.log.before, ...procFs.log.ticks].flatMap((t) => t.system).filter((p) => p === '/etc/passwd');
    expect(passwd.length).toBeLessThanOrEqual(1);
  });

  it('ps aux reads stat, status and cmdline once per process and nothing else', () => {
    const procFs = new CountingProcFs(root);
    new ProcessCollector(procFs).collect({ needs: needsOf(PS_FORMATS.user), oneShot: true });
    const [t1] = procFs.log.ticks;
    for (const pid of pids) expect(sorted(t1!.reads.get(pid)), `pid ${pid}`).toEqual(sorted(PS_AUX_FILES));
  });

  it('columns from stat alone cost one file per process per tick', () => {
    const procFs = new CountingProcFs(root);
    const collector = new ProcessCollector(procFs);
    const needs = needsOf('pid,ppid,state,nlwp,vsz,time,comm,pr,ni,psr');
    collector.collect({ needs });
    collector.collect({ needs });
    for (const t of procFs.log.ticks) for (const pid of pids) expect(t.reads.get(pid)).toEqual(['stat']);
  });
});

/** Run the built CLI with a preload; returns its exit status and stderr. */
function runCli(args: string[], preload: string, extraEnv: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', path.join(here, preload), bin, ...args], {
    encoding: 'utf8',
    env: env(extraEnv),
    timeout: 20_000,
  });
}

describe('built CLI: what a command reads (dist/, from `npm run build`)', () => {
  it('sysmon top -b reads only the per-tick files of known processes after the first tick', () => {
    const logFile = path.join(tmp, 'top-reads.json');
    const r = runCli(['top', '-b', '-n', '3', '-d', '0.1'], 'proc-read-recorder.mjs', {
      SYSMON_ROOT: root,
      SYSMON_PROC_READ_LOG: logFile,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const log = JSON.parse(fs.readFileSync(logFile, 'utf8')) as { ticks: { reads: Record<string, string[]> }[] };
    // top primes once, then one collect per frame.
    expect(log.ticks.length).toBeGreaterThanOrEqual(3);
    const firstTick = sorted(log.ticks[0]!.reads[pids[0]!]);
    expectFirstTick(firstTick);
    for (const pid of pids) {
      expect(sorted(log.ticks[0]!.reads[pid]), `tick 1, pid ${pid}`).toEqual(firstTick);
      for (const t of log.ticks.slice(1)) expectLaterTick(t.reads[pid], `later tick, pid ${pid}`);
    }
    for (const t of log.ticks.slice(1)) expectFewStatm((pid) => t.reads[pid], pids, 'statm reads on a later tick');
  });

  it('sysmon ps aux reads stat, status and cmdline once per process', () => {
    const logFile = path.join(tmp, 'ps-reads.json');
    const r = runCli(['ps', 'aux'], 'proc-read-recorder.mjs', { SYSMON_ROOT: root, SYSMON_PROC_READ_LOG: logFile });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBe(pids.length + 1);
    const log = JSON.parse(fs.readFileSync(logFile, 'utf8')) as { ticks: { reads: Record<string, string[]> }[] };
    expect(log.ticks.length).toBe(1);
    for (const pid of pids) expect(sorted(log.ticks[0]!.reads[pid]), `pid ${pid}`).toEqual(sorted(PS_AUX_FILES));
  });
});

/** Modules the built CLI loads for one command: package names from node_modules and dist/ paths. */
function modulesLoadedBy(
  args: string[],
  extraEnv: Record<string, string> = {},
): { packages: string[]; dist: string[]; status: number | null; stderr: string } {
  const logFile = path.join(tmp, `modules-${args.join('-').replace(/\W/g, '')}.txt`);
  fs.rmSync(logFile, { force: true });
  const r = runCli(args, 'module-recorder.mjs', { SYSMON_MODULE_LOG: logFile, ...extraEnv });
  const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n') : [];
  const packages = new Set<string>();
  const dist = new Set<string>();
  for (const line of lines) {
    const file = line.replace(/^(esm|cjs):/, '').replace(/^file:\/\//, '');
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (nm) packages.add(nm[1]!);
    const d = /\/dist\/(.+)$/.exec(file);
    if (d && !nm) dist.add(d[1]!);
  }
  return { packages: [...packages].sort(), dist: [...dist].sort(), status: r.status, stderr: r.stderr };
}

/**
 * Commands checked, with the dist/cli/ folders each may load (its own, and shared helpers it is known to use).
 * A new entry here is a decision: it makes the command's start-up slower for every user.
 */
const ONE_SHOTS: { args: string[]; cliFolders: string[] }[] = [
  { args: ['ps', 'aux'], cliFolders: ['ps'] },
  { args: ['free'], cliFolders: ['free'] },
  { args: ['df'], cliFolders: ['df'] },
  { args: ['top', '-b', '-n', '1'], cliFolders: ['top', 'ps'] },
  { args: ['uptime'], cliFolders: ['uptime'] },
  { args: ['vmstat'], cliFolders: ['vmstat'] },
  { args: ['pmap', String(process.pid)], cliFolders: ['pmap'] },
];

describe('built CLI: modules a one-shot command loads', () => {
  for (const { args, cliFolders } of ONE_SHOTS) {
    it(`sysmon ${args.join(' ')} loads commander only, nothing of the TUI or the exporter, no other command`, () => {
      const m = modulesLoadedBy(args);
      expect(m.stderr).toBe('');
      expect(m.status).toBe(0);
      expect(m.dist).toContain('cli/main.js');
      // Not blessed, blessed-contrib, systeminformation or pidusage: one-shots start in tens of milliseconds.
      expect(m.packages).toEqual(['commander']);
      expect(m.dist.filter((d) => /^(tui|export)\//.test(d))).toEqual([]);
      const folders = [...new Set(m.dist.map((d) => /^cli\/([^/]+)\//.exec(d)?.[1]).filter((f) => f && f !== 'commands'))];
      expect(folders.sort()).toEqual([...cliFolders].sort());
    });
  }
});

describe('built CLI: the bundle bin/sysmon runs', () => {
  for (const args of [['ps', 'aux'], ['free'], ['df'], ['top', '-b', '-n', '1'], ['uptime'], ['vmstat']]) {
    it(`sysmon ${args.join(' ')} loads one file of sysmon's and no package from node_modules`, () => {
      const m = modulesLoadedBy(args, { SYSMON_UNBUNDLED: '' });
      expect(m.stderr).toBe('');
      expect(m.status).toBe(0);
      expect(m.packages).toEqual([]);
      expect(m.dist).toEqual(['bundle/sysmon.cjs']);
    });
  }
});
