import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon, SYSMON_BIN, type CliResult } from '../helpers/sysmon-cli.js';

// Golden output of `sysmon ps` and `sysmon top -b` on the hand-made fixture test/fixtures/procs (comm
// `we ird) (x`, a zombie, kernel threads, a pid whose stat vanished, a long user name, a real-time task, VmLck).
// Time is pinned: SYSMON_NOW (seconds since the epoch, read only by src/cli/clock.ts) and TZ=UTC. The fixture
// boots at 1764000000 with uptime 200000 s, so "now" is boot + uptime = 1764200000.
// Refresh after a deliberate change with UPDATE_GOLDEN=1 and review the diff.
const repo = REPO;
const bin = SYSMON_BIN;
const goldenDir = path.join(repo, 'test', 'golden', 'procs');
const root = path.join(repo, 'test', 'fixtures', 'procs');
const env = cliEnv({ SYSMON_ROOT: root, SYSMON_NOW: '1764200000', TZ: 'UTC' });
delete env.COLUMNS;

function sysmon(args: string[]): Promise<CliResult> {
  return runSysmon(args, { env });
}

const CASES: Record<string, string[]> = {
  'ps-default': ['ps'],
  'ps-aux': ['ps', 'aux'],
  'ps-ef': ['ps', '-ef'],
  'ps-e': ['ps', '-e'],
  'ps-o': ['ps', '-eo', 'pid,ppid,ni,pri,priority,psr,stat,tty,etime,time,c,nlwp,user,uid,comm'],
  'ps-o-headers': ['ps', '-o', 'pid=PROCESS,comm=,args=WHAT', '-p', '1,120'],
  'ps-o-widths': ['ps', '-eo', 'pid:8,user:12,comm:20,stat'],
  'ps-sort-rss': ['ps', 'aux', '--sort', '-rss,+pid'],
  'ps-sort-mem': ['ps', '-eo', 'pid,pmem,comm', '--sort=-%mem'],
  'ps-sort-start': ['ps', '-eo', 'pid,start,etime', '--sort', 'start'],
  'ps-sort-pcpu': ['ps', '-eo', 'pid,pcpu,time,comm', '--sort', '-%cpu'],
  'ps-user': ['ps', '-u', 'alice,1', '-o', 'pid,user,comm'],
  'ps-command': ['ps', '-C', 'bash,locker', '--no-headers'],
  'ps-bsd-ax': ['ps', 'ax'],
  'ps-json': ['ps', '--json'],
  'ps-json-o': ['ps', '--json', '-o', 'pid,rss,args', '-p', '2,120'],
  'top-b-n2': ['top', '-b', '-n', '2', '-d', '0.05'],
  'top-mem-wide-cmdline': ['top', '-b', '-n', '1', '-o', '%MEM', '-w', '100', '-c'],
  'top-user-pid': ['top', '-b', '-n', '1', '-u', 'alice', '-o', 'PID'],
  'top-pid-ascending': ['top', '-b', '-n', '1', '-o', '-PID', '-w', '70'],
  'top-json': ['top', '-b', '-n', '1', '--json'],
};

describe('ps and top -b on the procs fixture', () => {
  for (const [name, args] of Object.entries(CASES)) {
    it(`sysmon ${args.join(' ')}`, async () => {
      const r = await sysmon(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const file = path.join(goldenDir, `${name}.txt`);
      if (process.env.UPDATE_GOLDEN) {
        fs.mkdirSync(goldenDir, { recursive: true });
        fs.writeFileSync(file, r.stdout);
      }
      expect(r.stdout).toBe(fs.readFileSync(file, 'utf8'));
    });
  }

  it('ps --json keys are field keys, values in base units', async () => {
    const r = await sysmon(['ps', '--json']);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((x) => x.pid)).toEqual([1, 2, 15, 100, 120, 130, 140, 145]);
    const weird = rows.find((x) => x.pid === 120)!;
    expect(weird).toMatchObject({ ppid: 100, user: 'alice', stat: 'Rl+', pcpu: 60, vsz: 2500000 * 1024, rss: 400000 * 1024, comm: 'we ird) (x', args: './we ird --flag=(x)' });
  });

  it('top --json: one object per frame per line', async () => {
    const r = await sysmon(['top', '-b', '-n', '2', '-d', '0.05', '--json']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const frame = JSON.parse(lines[1]!) as { users: number; tasks: { total: number; zombie: number }; processes: Record<string, unknown>[] };
    expect(frame.users).toBe(2);
    expect(frame.tasks).toMatchObject({ total: 8, zombie: 1 });
    expect(Object.keys(frame.processes[0]!)).toEqual(['pid', 'user', 'pr', 'ni', 'virt', 'res', 'shr', 'state', 'pcpu', 'pmem', 'time+', 'comm']);
  });
});

describe('PID columns as wide as kernel.pid_max (procps 4)', () => {
  it('pid_max 4194304 (systemd default): PID and PPID 7 wide in ps and top', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-pidmax-'));
    try {
      fs.cpSync(root, tmp, { recursive: true });
      fs.writeFileSync(path.join(tmp, 'proc', 'sys', 'kernel', 'pid_max'), '4194304\n');
      const run7 = (args: string[]) => runSysmon(args, { env: { ...env, SYSMON_ROOT: tmp } });
      const ef = (await run7(['ps', '-ef'])).stdout.split('\n');
      expect(ef[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
      expect(ef[1]).toBe('root           1       0  0 Nov24 ?        00:00:08 /sbin/init splash');
      const aux = (await run7(['ps', 'aux'])).stdout.split('\n');
      expect(aux[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
      const top = (await run7(['top', '-b', '-n', '1'])).stdout.split('\n');
      expect(top[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
      expect(top[7]).toBe('      1 root      20   0  168000  12000   9000 S   0.0   0.1   0:08.00 systemd');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('output into a closed pipe ends quietly', () => {
  for (const cmd of ['ps aux', 'top -b -n 3 -d 0.05']) {
    it(`sysmon ${cmd} | head -1`, () => {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" ${cmd} | head -1; exit \${PIPESTATUS[0]}`], { env, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n')).toHaveLength(2);
    });
  }
});

// ps's usage errors are procps's: `error: MESSAGE`, its usage lines, exit 1 (checked against procps-ng 4.0.2).
describe('ps bad input: procps message and usage lines on stderr, exit 1', () => {
  const usage = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n" +
    "  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";
  const bad: Record<string, [string[], string]> = {
    'unknown -o field': [['ps', '-o', 'pid,bogus'], 'unknown user-defined format specifier "bogus"'],
    'unknown sort key': [['ps', '--sort', '-bogus'], 'unknown sort specifier'],
    'unknown option': [['ps', '--frobnicate'], 'unknown gnu long option'],
    'bad pid list': [['ps', '-p', 'abc'], 'process ID list syntax error'],
    'empty pid in a list': [['ps', '-p', '1,,2'], 'improper list'],
    'empty pid list': [['ps', '-p', ''], 'list of process IDs must follow -p'],
    'empty command list': [['ps', '-C', ''], 'list of command names must follow -C'],
    'unknown user': [['ps', '-u', 'nosuchuser'], 'user name does not exist'],
    'bad BSD letters': [['ps', 'auxq'], 'List of process IDs must follow q.'],
  };
  for (const [name, [args, message]] of Object.entries(bad)) {
    it(name, async () => {
      const r = await sysmon(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`sysmon: error: ${message}\n${usage}`);
    });
  }
  it('a pid or command no process has: the header, exit 1', async () => {
    for (const args of [['ps', '-p', '4194305'], ['ps', '-C', 'nosuch']]) {
      const r = await sysmon(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toMatch(/^ +PID TTY {10}TIME CMD\n$/);
      expect(r.stderr).toBe('');
    }
  });
});

describe("top bad input: top's message after sysmon's prefix, exit 1", () => {
  const bad: Record<string, [string[], string]> = {
    'top: bad -n': [['top', '-b', '-n', 'x'], "bad iterations argument 'x'"],
    'top: bad -d': [['top', '-b', '-d', '-1'], '-d requires positive argument'],
    'top: unknown sort field': [['top', '-b', '-o', 'nope'], "unrecognized field name 'nope'"],
    'top: unknown user': [['top', '-b', '-n', '1', '-u', 'nosuchuser'], 'Invalid user'],
    'top: -u with -p': [['top', '-b', '-n', '1', '-u', 'root', '-p', '1'], 'conflicting process selections (U/p/u)'],
  };
  for (const [name, [args, message]] of Object.entries(bad)) {
    it(name, async () => {
      const r = await sysmon(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`sysmon: ${message}\n`);
    });
  }
});
