import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, isCommandName } from '../src/cli/commands/index.js';
import { DROP_INS } from '../src/cli/drop-in.js';
import { ContainerCpuExtension, findOwnCpuCounter } from '../src/collectors/own-cgroup.js';
import { ProcessCollector, STATM_REFRESH_TICKS } from '../src/collectors/process-collector.js';
import type { Snapshot } from '../src/core/snapshot.js';
import { PS_FORMATS, processFields } from '../src/fields/process-fields.js';
import { neededSources, type Source } from '../src/fields/registry.js';
import { CgroupFs } from '../src/source/cgroup-fs.js';
import { writeCgroupFixture } from './helpers/cgroup-fixture.js';
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

  it('container columns read /proc/PID/cgroup once per process, and nothing more on later ticks', () => {
    const procFs = new CountingProcFs(root);
    const collector = new ProcessCollector(procFs);
    const needs = needsOf(`${PS_FORMATS.top},container,runtime,pod,namespace`);
    for (let i = 0; i < 3; i++) collector.collect({ needs });
    const [t1, t2, t3] = procFs.log.ticks;
    for (const pid of pids) {
      expect((t1!.reads.get(pid) ?? []).filter((f) => f === 'cgroup'), `tick 1, pid ${pid}`).toEqual(['cgroup']);
      expectLaterTick(t2!.reads.get(pid), `tick 2, pid ${pid}`);
      expectLaterTick(t3!.reads.get(pid), `tick 3, pid ${pid}`);
    }
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

describe('inside a limited cgroup: the CPU meter\'s reads per tick', () => {
  /** A CgroupFs that logs every system path it reads. */
  class CountingCgroupFs extends CgroupFs {
    readonly reads: string[] = [];
    override readSystem(systemPath: string): string | null {
      this.reads.push(systemPath);
      return super.readSystem(systemPath);
    }
  }
  const made: string[] = [];
  afterAll(() => {
    for (const r of made) fs.rmSync(r, { recursive: true, force: true });
  });

  for (const [version, files] of [[2, ['cpu.stat']], [1, ['cpuacct.usage', 'cpuacct.stat']]] as const) {
    it(`v${version}: ${files.join(' and ')} of the limiting cgroup, nothing else, however many processes`, () => {
      const procs = Array.from({ length: 50 }, (_, i) => ({ pid: 1000 + i, comm: 'busy', args: ['busy'] }));
      const self = version === 2 ? '0::/box\n' : '4:cpu:/box\n3:cpuacct:/box\n2:memory:/box\n0::/\n';
      const root = writeCgroupFixture(version, [{ path: '/box', cpuMax: [50000, 100000], procs }], { '/proc/self/cgroup': self });
      made.push(root);
      const cgfs = new CountingCgroupFs(root);
      const ext = new ContainerCpuExtension(cgfs, findOwnCpuCounter(cgfs)!);
      for (let tick = 0; tick < 3; tick++) {
        cgfs.reads.length = 0;
        ext.collect({ hz: 100 } as Snapshot);
        expect(cgfs.reads.map((r) => path.basename(r)), `tick ${tick + 1}`).toEqual(files);
      }
    });
  }
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
 * Commands checked, with the dist/cli/ folders each may load (its own, and shared helpers it is known to use),
 * and whether its plain command line needs commander (src/cli/option-spec.ts reads free's, df's, top's, ps's
 * and uptime's without it). A new entry here is a decision: it makes the command's start-up slower for every user.
 */
const ONE_SHOTS: { args: string[]; cliFolders: string[]; commander: boolean }[] = [
  { args: ['ps', 'aux'], cliFolders: ['ps'], commander: false },
  { args: ['free'], cliFolders: ['free'], commander: false },
  { args: ['free', '-h', '-s', '0.01', '-c', '2'], cliFolders: ['free'], commander: false },
  { args: ['df'], cliFolders: ['df'], commander: false },
  { args: ['df', '-hT', '/'], cliFolders: ['df'], commander: false },
  { args: ['top', '-b', '-n', '1'], cliFolders: ['top', 'ps'], commander: false },
  { args: ['containers', '-d', '0'], cliFolders: ['containers'], commander: true },
  { args: ['uptime'], cliFolders: ['uptime'], commander: false },
  { args: ['vmstat'], cliFolders: ['vmstat'], commander: true },
  { args: ['pmap', String(process.pid)], cliFolders: ['pmap'], commander: true },
];

describe('built CLI: modules a one-shot command loads', () => {
  for (const { args, cliFolders, commander } of ONE_SHOTS) {
    it(`sysmon ${args.join(' ')} loads ${commander ? 'commander only' : 'no package'}, nothing of the TUI or the exporter, no other command`, () => {
      const m = modulesLoadedBy(args);
      expect(m.stderr).toBe('');
      expect(m.status).toBe(0);
      expect(m.dist).toContain('cli/main.js');
      // Not blessed, blessed-contrib, systeminformation or pidusage: one-shots start in tens of milliseconds.
      expect(m.packages).toEqual(commander ? ['commander'] : []);
      expect(m.dist.includes('cli/program.js')).toBe(commander);
      expect(m.dist.filter((d) => /^(tui|export)\//.test(d))).toEqual([]);
      const folders = [...new Set(m.dist.map((d) => /^cli\/([^/]+)\//.exec(d)?.[1]).filter((f) => f && f !== 'commands'))];
      expect(folders.sort()).toEqual([...cliFolders].sort());
    });
  }
  // What the quick reading leaves to commander still gets it: help, an unknown option, program options.
  for (const args of [['free', '--help'], ['df', '--bogus'], ['--root', '/', 'uptime'], ['top', '-h']]) {
    it(`sysmon ${args.join(' ')} loads commander`, () => {
      const m = modulesLoadedBy(args);
      expect(m.packages).toEqual(['commander']);
      expect(m.dist).toContain('cli/program.js');
    });
  }
});

/** Native-call (FFI) packages a GPU or portable path could bring in; none may load on the Linux one-shots. */
const FFI_PACKAGES = ['koffi', 'ffi-napi', 'ref-napi', 'node-ffi', '@napi-rs/ffi'];

describe('built CLI: the portable backend and the GPU code stay off the /proc one-shots', () => {
  for (const args of [['ps', 'aux'], ['free'], ['df'], ['top', '-b', '-n', '1']]) {
    for (const backend of ['', 'proc']) {
      it(`sysmon ${args.join(' ')}${backend ? ` (SYSMON_BACKEND=${backend})` : ''}: no systeminformation, pidusage, FFI, portable or GPU collector module`, () => {
        const m = modulesLoadedBy(args, backend ? { SYSMON_BACKEND: backend } : {});
        expect(m.stderr).toBe('');
        expect(m.status).toBe(0);
        expect(m.packages.filter((p) => p === 'systeminformation' || p === 'pidusage' || FFI_PACKAGES.includes(p))).toEqual([]);
        // The GPU collector and the nvidia-smi loop (gpu_mem's small reader loads with the process collector).
        expect(m.dist.filter((d) => /portable|gpu-collector|nvidia-smi-child/.test(d))).toEqual([]);
      });
    }
  }
  // The recorder sees those packages when they do load: the guard above can fail.
  for (const [args, pkgs] of [[['ps', 'aux'], ['pidusage', 'systeminformation']], [['df'], ['systeminformation']]] as const) {
    it(`sysmon --backend portable ${args.join(' ')} loads ${pkgs.join(' and ')}`, () => {
      const m = modulesLoadedBy(['--backend', 'portable', ...args]);
      expect(m.status).toBe(0);
      for (const p of pkgs) expect(m.packages).toContain(p);
    });
  }
});

describe('built CLI: the bundle bin/sysmon runs', () => {
  for (const args of [['ps', 'aux'], ['free'], ['df'], ['top', '-b', '-n', '1'], ['uptime'], ['vmstat'], ['mounts'], ['lsblk']]) {
    it(`sysmon ${args.join(' ')} loads its command's own bundle, no other file of sysmon's and no package`, () => {
      const m = modulesLoadedBy(args, { SYSMON_UNBUNDLED: '' });
      expect(m.stderr).toBe('');
      expect(m.status).toBe(0);
      expect(m.packages).toEqual([]);
      expect(m.dist).toEqual([`bundle/${args[0]}.cjs`]);
    });
  }
  it('sysmon --version loads the bundle without commands; help the whole CLI', () => {
    expect(modulesLoadedBy(['--version'], { SYSMON_UNBUNDLED: '' }).dist).toEqual(['bundle/_version.cjs']);
    expect(modulesLoadedBy(['--help'], { SYSMON_UNBUNDLED: '' }).dist).toEqual(['bundle/sysmon.cjs']);
    expect(modulesLoadedBy(['help', 'free'], { SYSMON_UNBUNDLED: '' }).dist).toEqual(['bundle/sysmon.cjs']);
  });
});

/**
 * The one-command bundles (scripts/bundle.mjs) hold main and one command; bin/sysmon picks one by the first
 * word or the drop-in link's name. Each command, through its own file, must behave as through tsc's dist/.
 */
describe('built CLI: every command through its own bundle', () => {
  const run = (argv0: string, args: string[], unbundled: boolean) => {
    const e = env({ SYSMON_UNBUNDLED: unbundled ? '1' : '', SYSMON_CODE_CACHE: 'off', COLUMNS: '100' });
    return spawnSync(process.execPath, [argv0, ...args], { encoding: 'utf8', env: e, timeout: 20_000, argv0: 'node' });
  };

  it('bin/sysmon knows the drop-in links main knows', () => {
    const src = fs.readFileSync(bin, 'utf8');
    const list = /^const LINKS = \[([^\]]*)\];$/m.exec(src)?.[1];
    expect(list).toBeDefined();
    const links = [...list!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
    expect(links.sort()).toEqual(Object.keys(DROP_INS).sort());
    for (const l of links) expect(isCommandName(l!), l).toBe(true);
  });

  it('each command name and alias has a bundle, and its --help reads as from dist/', () => {
    for (const c of COMMANDS) {
      for (const name of [c.name, ...(c.aliases ?? [])]) {
        expect(fs.existsSync(path.join(repo, 'dist', 'bundle', `${name}.cjs`)), name).toBe(true);
        const own = run(bin, [name, '--help'], false);
        const ref = run(bin, [name, '--help'], true);
        expect(own.stderr, name).toBe(ref.stderr);
        expect(own.stdout, name).toBe(ref.stdout);
        expect(own.status, name).toBe(ref.status);
        expect(own.stdout.length + own.stderr.length, name).toBeGreaterThan(0);
      }
    }
  }, 120_000); // two runs of each of ~20 commands: slow on a loaded 2-core machine

  it('through a drop-in link, the tool runs from its own bundle as from dist/', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-links-'));
    try {
      for (const tool of Object.keys(DROP_INS)) {
        const link = path.join(dir, tool);
        fs.symlinkSync(bin, link);
        for (const args of [['--help'], ['-V'], ['--no-such-option']]) {
          const own = run(link, args, false);
          const ref = run(link, args, true);
          expect([own.status, own.stdout, own.stderr], `${tool} ${args.join(' ')}`).toEqual([ref.status, ref.stdout, ref.stderr]);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('built CLI: a start registers only the command it runs (src/cli/commands/index.ts)', () => {
  for (const [args, own] of [[['ps', 'aux'], 'ps'], [['free'], 'free'], [['df'], 'df'], [['top', '-b', '-n', '1'], 'top']] as const) {
    it(`sysmon ${args.join(' ')} loads ${own}'s command module and no other`, () => {
      const m = modulesLoadedBy([...args]);
      expect(m.stderr).toBe('');
      expect(m.status).toBe(0);
      expect(m.dist.filter((d) => d.startsWith('cli/commands/')).sort()).toEqual(['cli/commands/index.js', `cli/commands/${own}.js`].sort());
    });
  }

  it('sysmon --version loads no command module', () => {
    const m = modulesLoadedBy(['--version']);
    expect(m.status).toBe(0);
    expect(m.dist.filter((d) => d.startsWith('cli/commands/'))).toEqual(['cli/commands/index.js']);
  });
});

/**
 * bin/sysmon's loader on a private copy of the package (bin/, the bundle, package.json), so damaging its
 * caches cannot disturb other tests running the real one. Functional: which cache a run used and what it
 * printed, never how long it took.
 */
describe('built CLI: the V8 code cache of the bundles (bin/sysmon)', () => {
  let pkg: string;
  let beside: string;
  let home: string;
  const fixture = path.join(repo, 'test', 'fixtures', 'vm-24g');

  beforeAll(() => {
    pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-code-cache-'));
    for (const rel of ['bin/sysmon', 'bin/package.json', 'dist/bundle/free.cjs', 'dist/bundle/sysmon.cjs', 'package.json']) {
      fs.mkdirSync(path.dirname(path.join(pkg, rel)), { recursive: true });
      fs.copyFileSync(path.join(repo, rel), path.join(pkg, rel));
    }
    beside = path.join(pkg, 'dist', 'bundle', 'code-cache', 'free.v8cache');
    home = path.join(pkg, 'home');
    fs.mkdirSync(home);
  });

  afterAll(() => fs.rmSync(pkg, { recursive: true, force: true }));

  /** Run the copy's `sysmon free` on a fixture, tracing the cache; NODE_OPTIONS and node flags unset. */
  function free(extra: Record<string, string> = {}) {
    const e: NodeJS.ProcessEnv = { ...process.env, SYSMON_ROOT: fixture, SYSMON_CODE_CACHE: 'trace', HOME: home, ...extra };
    delete e.NODE_EXTRA_CA_CERTS;
    delete e.NODE_OPTIONS;
    delete e.XDG_CACHE_HOME;
    delete e.SYSMON_UNBUNDLED;
    Object.assign(e, extra);
    const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'sysmon'), 'free'], { encoding: 'utf8', env: e, timeout: 20_000 });
    const trace = r.stderr.split('\n').filter((l) => l.startsWith('sysmon: code cache: ')).map((l) => l.slice(20));
    const other = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('sysmon: code cache: '));
    return { status: r.status, stdout: r.stdout, trace, other };
  }

  let expected: string;
  function expectGood(r: ReturnType<typeof free>): void {
    expect(r.other).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected);
  }

  /** MAGIC, key length, key: the header a valid cache of this bundle starts with. */
  function header(file: string): Buffer {
    const b = fs.readFileSync(file);
    return b.subarray(0, 12 + b.readUInt32LE(8));
  }

  it('without a cache it runs, then writes one beside the bundle; the next run uses it', () => {
    const plain = spawnSync(process.execPath, [path.join(pkg, 'bin', 'sysmon'), 'free'], {
      encoding: 'utf8',
      env: { ...env({ SYSMON_ROOT: fixture, SYSMON_CODE_CACHE: 'off' }), SYSMON_UNBUNDLED: '' },
    });
    expect(plain.stderr).toBe('');
    expected = plain.stdout;
    expect(expected).toMatch(/^ +total +used +free/);
    expect(fs.existsSync(beside)).toBe(false); // off writes nothing

    const first = free();
    expectGood(first);
    expect(first.trace).toEqual(['none for free', `wrote ${beside}`]);
    expect((fs.statSync(beside).mode & 0o777).toString(8)).toBe('644');
    const second = free();
    expectGood(second);
    expect(second.trace).toEqual([`used ${beside}`]);
  });

  it('a damaged, truncated or foreign file is not used, and is replaced', () => {
    const good = fs.readFileSync(beside);
    const damaged: [string, Buffer][] = [
      ['garbage', Buffer.from('not a code cache at all, just some bytes '.repeat(50))],
      ['truncated', good.subarray(0, good.length - 100)],
      ['empty', Buffer.alloc(0)],
      // The same cache for another build: one hex digit of the bundle id changed.
      ['another build', Buffer.from(good.toString('latin1').replace(/^(SYSMONV8[\s\S]{4})(.)/, (_, a: string, c: string) => a + (c === '0' ? '1' : '0')), 'latin1')],
    ];
    for (const [what, bytes] of damaged) {
      fs.writeFileSync(beside, bytes);
      const r = free();
      expectGood(r);
      expect(r.trace, what).toEqual(['none for free', `wrote ${beside}`]);
      expect(fs.readFileSync(beside).equals(header(beside)), what).toBe(false);
      expect(free().trace, `${what}, then`).toEqual([`used ${beside}`]);
    }
  });

  it('a cache V8 rejects (made for other source under the right header) is replaced', () => {
    const vm = require('node:vm') as typeof import('node:vm');
    const other = new vm.Script('(function () { return 42; })').createCachedData();
    const len = Buffer.alloc(4);
    len.writeUInt32LE(other.length);
    fs.writeFileSync(beside, Buffer.concat([header(beside), len, other]));
    const r = free();
    expectGood(r);
    expect(r.trace).toEqual([`rejected ${beside}`, `wrote ${beside}`]);
    expect(free().trace).toEqual([`used ${beside}`]);
  });

  it('a file others may write is not trusted', () => {
    fs.chmodSync(beside, 0o666);
    const r = free();
    expectGood(r);
    expect(r.trace).toEqual(['none for free', `wrote ${beside}`]);
    expect((fs.statSync(beside).mode & 0o777).toString(8)).toBe('644');
  });

  it('where the bundle directory takes no cache, $XDG_CACHE_HOME does; with neither, it still runs', () => {
    fs.rmSync(path.dirname(beside), { recursive: true, force: true });
    // A file where the cache directory would be: writing beside the bundle fails, even for root.
    fs.writeFileSync(path.dirname(beside), 'not a directory');
    const xdg = path.join(pkg, 'xdg');
    const first = free({ XDG_CACHE_HOME: xdg });
    expectGood(first);
    expect(first.trace[0]).toBe('none for free');
    const wrote = /^wrote (.+)$/.exec(first.trace[1] ?? '')?.[1];
    expect(wrote && path.dirname(wrote)).toBe(path.join(xdg, 'sysmon', 'code-cache'));
    expect(free({ XDG_CACHE_HOME: xdg }).trace).toEqual([`used ${wrote}`]);
    // Without XDG_CACHE_HOME: ~/.cache.
    const viaHome = free();
    expectGood(viaHome);
    expect(viaHome.trace[1]).toMatch(new RegExp(`^wrote ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.cache/sysmon/code-cache/[0-9a-f]{8}-free\\.v8cache$`));
    // Nowhere to write: the run is the same, only uncached.
    const blocked = path.join(pkg, 'blocked');
    fs.writeFileSync(blocked, '');
    const nowhere = free({ XDG_CACHE_HOME: path.join(blocked, 'cache'), HOME: blocked });
    expectGood(nowhere);
    expect(nowhere.trace).toEqual(['none for free', 'nowhere to write']);
  });
});

/**
 * ps and top -n 1 turn V8's optimising compiler off for a small scan (src/cli/one-shot-jit.ts) and back on before
 * exit: the cache written at exit is stamped with V8's flags, so a run that left them changed would write a
 * cache every later start rejects.
 */
describe('built CLI: a small scan without TurboFan still leaves a cache the next start uses', () => {
  let pkg: string;
  const fixture = path.join(repo, 'test', 'fixtures', 'procs');

  beforeAll(() => {
    pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-jit-cache-'));
    for (const rel of ['bin/sysmon', 'bin/package.json', 'dist/bundle/ps.cjs', 'dist/bundle/top.cjs', 'dist/bundle/sysmon.cjs', 'package.json']) {
      fs.mkdirSync(path.dirname(path.join(pkg, rel)), { recursive: true });
      fs.copyFileSync(path.join(repo, rel), path.join(pkg, rel));
    }
  });

  afterAll(() => fs.rmSync(pkg, { recursive: true, force: true }));

  function traced(args: string[]) {
    const e: NodeJS.ProcessEnv = { ...process.env, SYSMON_ROOT: fixture, SYSMON_CODE_CACHE: 'trace', HOME: path.join(pkg, 'no-home') };
    delete e.NODE_EXTRA_CA_CERTS;
    delete e.NODE_OPTIONS;
    delete e.XDG_CACHE_HOME;
    delete e.SYSMON_UNBUNDLED;
    const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'sysmon'), ...args], { encoding: 'utf8', env: e, timeout: 30_000 });
    const trace = r.stderr.split('\n').filter((l) => l.startsWith('sysmon: code cache: ')).map((l) => l.slice(20));
    return { status: r.status, stdout: r.stdout, trace };
  }

  for (const [name, args] of [['ps', ['ps', 'aux']], ['top', ['top', '-b', '-n', '1']]] as const) {
    it(`${args.join(' ')}`, () => {
      const file = path.join(pkg, 'dist', 'bundle', 'code-cache', `${name}.v8cache`);
      const first = traced([...args]);
      expect(first.status).toBe(0);
      expect(first.trace).toEqual([`none for ${name}`, `wrote ${file}`]);
      const second = traced([...args]);
      expect(second.status).toBe(0);
      expect(second.trace).toEqual([`used ${file}`]);
      // The column headers (top's first line holds the clock, which may tick between the two runs).
      const headers = (out: string) => out.split('\n').find((l) => /^ *PID /.test(l) || /^USER +PID /.test(l));
      expect(headers(first.stdout)).toBeDefined();
      expect(headers(second.stdout)).toBe(headers(first.stdout));
    }, 60_000);
  }
});

/**
 * A small scan turns TurboFan off through V8's flag setter (src/cli/one-shot-jit.ts), taken from process.binding('v8')
 * rather than node:v8, which loads node:stream and its graph for one call; a scan of more processes than
 * INTERPRETED_SCAN_MAX keeps TurboFan on and looks for neither. The deprecated binding must not print its warning.
 */
describe('built CLI: V8 flags only for a scan small enough to run without TurboFan, without node:v8', () => {
  let big: string;
  const fixture = path.join(repo, 'test', 'fixtures', 'procs');
  // Prints, at exit, whether node:v8 was loaded (process.moduleLoadList names every builtin loaded) and whether
  // the v8 binding was asked for.
  const probe =
    "let asked = false; const binding = process.binding; process.binding = function (name) { if (name === 'v8') asked = true; return binding.apply(this, arguments); };" +
    "process.on('exit', () => require('node:fs').writeSync(2, 'v8:' + process.moduleLoadList.includes('NativeModule v8') + ' binding:' + asked + '\\n'));";

  beforeAll(() => {
    big = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-big-scan-'));
    fs.cpSync(fixture, big, { recursive: true });
    const stat = fs.readFileSync(path.join(fixture, 'proc', '100', 'stat'), 'utf8');
    for (let pid = 5000; pid < 6001; pid++) {
      const dir = path.join(big, 'proc', String(pid));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'stat'), stat.replace(/^100 /, `${pid} `));
      for (const f of ['status', 'statm', 'cmdline']) fs.copyFileSync(path.join(fixture, 'proc', '100', f), path.join(dir, f));
    }
  });

  afterAll(() => fs.rmSync(big, { recursive: true, force: true }));

  function scan(root: string, args: string[]) {
    const e: NodeJS.ProcessEnv = { ...process.env, SYSMON_ROOT: root };
    delete e.NODE_OPTIONS;
    delete e.SYSMON_UNBUNDLED;
    const r = spawnSync(process.execPath, ['--pending-deprecation', '-e', `${probe} process.argv.splice(1, 1); require(${JSON.stringify(bin)})`, bin, ...args], {
      encoding: 'utf8', env: e, timeout: 30_000, maxBuffer: 16 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const m = /^v8:(true|false) binding:(true|false)$/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    return {
      v8: m![1] === 'true', binding: m![2] === 'true', lines: r.stdout.split('\n').filter(Boolean).length,
      otherStderr: r.stderr.split('\n').filter((l) => l !== '' && l !== m![0]),
    };
  }

  for (const args of [['ps', 'aux'], ['top', '-b', '-n', '1']]) {
    it(`sysmon ${args.join(' ')}: the binding over the fixture's few processes, nothing over 1,001 more, node:v8 never`, () => {
      const small = scan(fixture, args);
      expect(small).toMatchObject({ v8: false, binding: true, otherStderr: [] });
      const large = scan(big, args);
      expect(large).toMatchObject({ v8: false, binding: false, otherStderr: [] });
      if (args[0] === 'ps') expect(large.lines).toBeGreaterThan(1001);
    }, 60_000);
  }
});

describe('built CLI: the history loads only with --at', () => {
  for (const args of [['ps', 'aux'], ['free'], ['top', '-b', '-n', '1']]) {
    it(`sysmon ${args.join(' ')} loads no store/history module and not the SQLite driver`, () => {
      const m = modulesLoadedBy(args);
      expect(m.status).toBe(0);
      expect(m.dist.filter((d) => d.startsWith('store/history/') || d.startsWith('cli/history/'))).toEqual([]);
      expect(m.packages).not.toContain('better-sqlite3');
    });
  }
  it('sysmon ps --at loads the history reader and the driver', () => {
    const m = modulesLoadedBy(['ps', '--at', 'now', '--db', path.join(tmp, 'no-such-history.db')]);
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/^sysmon: no history at /);
    expect(m.dist).toContain('store/history/reader.js');
    expect(m.packages).toContain('better-sqlite3');
  });
});

describe('output (src/format/output.ts): one-shots write to fd 1 without building process.stdout', () => {
  const output = require('node:url').pathToFileURL(path.join(repo, 'dist', 'format', 'output.js')).href as string;
  const script = `
    const o = await import(${JSON.stringify(output)});
    o.installPipeHandler();
    o.out('one\\n');
    const early = process.moduleLoadList.filter((m) => /^NativeModule (net|tty|internal\\/fs\\/sync_write_stream)$/.test(m));
    const columns = o.terminalColumns();
    process.stdout.write('two\\n'); // a command that uses the stream itself: out() follows it, in order
    o.out('three\\n');
    process.stderr.write(JSON.stringify({ early, columns }));
  `;
  const node = `"${process.execPath}" --input-type=module -e "$S"`;
  for (const [what, cmd] of [['a pipe', `${node} | cat`], ['a file', `${node} > "$F" && cat "$F"`]] as const) {
    it(`into ${what}: no stream until something asks for one, then the stream, output in order`, () => {
      const file = path.join(tmp, 'output-order.txt');
      const r = spawnSync('sh', ['-c', cmd], {
        encoding: 'utf8',
        env: { ...env({}), S: script, F: file },
        timeout: 20_000,
      });
      expect(r.stdout).toBe('one\ntwo\nthree\n');
      expect(JSON.parse(r.stderr)).toEqual({ early: [], columns: 0 });
    });
  }

  it('a closed pipe ends a stream of out() calls quietly with status 0', () => {
    const loop = `const o = await import(${JSON.stringify(output)}); o.installPipeHandler(); for (;;) o.out('y'.repeat(4096) + '\\n');`;
    const r = spawnSync('bash', ['-c', `"${process.execPath}" --input-type=module -e "$S" | head -c 10 >/dev/null; exit \${PIPESTATUS[0]}`], {
      encoding: 'utf8',
      env: { ...env({}), S: loop },
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
