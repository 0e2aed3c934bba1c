import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon } from '../helpers/sysmon-cli.js';

// A corrupted root: a directory where /proc/meminfo should be, a FIFO as mountinfo (it used to hang df,
// mounts and lsblk), and values no kernel writes (1e+23 kB, NaN, negative). Each is treated as missing or
// stale with one clear line on stderr, never an internal error, a hang or 1e+26 / NaN / negative sizes.
const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function root(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-corrupt-'));
  made.push(dir);
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'procs'), dir, { recursive: true });
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'fs-basic'), dir, { recursive: true });
  const statfs = path.join(dir, 'statfs.json');
  const t = JSON.parse(fs.readFileSync(statfs, 'utf8')) as Record<string, unknown>;
  t['/mnt/nfs'] = { bsize: 4096, blocks: 10, bfree: 5, bavail: 5, files: 1, ffree: 1 }; // no hang here
  fs.writeFileSync(statfs, JSON.stringify(t));
  edit(dir);
  return dir;
}

function checkOutput(r: { stdout: string; stderr: string }, sizesOnly = true): void {
  expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  expect(r.stdout).not.toMatch(/e\+\d|NaN|Infinity/);
  // top's PR and NI columns are negative for real; free's and df's numbers never are.
  if (sizesOnly) expect(r.stdout).not.toMatch(/ -\d/);
}

describe('a directory where /proc/meminfo should be', () => {
  const dir = root((d) => {
    fs.rmSync(path.join(d, 'proc', 'meminfo'));
    fs.mkdirSync(path.join(d, 'proc', 'meminfo'));
  });
  for (const args of [['free'], ['ps', 'aux'], ['top', '-b', '-n', '1']]) {
    it(`${args.join(' ')}: one line, exit 1`, async () => {
      const r = await runSysmon(args, { env: cliEnv({ SYSMON_ROOT: dir }), timeout: 30_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('sysmon: cannot read /proc/meminfo\n');
      checkOutput(r);
    }, 40_000);
  }
});

describe('a FIFO as mountinfo', () => {
  const dir = root((d) => {
    const mi = path.join(d, 'proc', 'self', 'mountinfo');
    fs.rmSync(mi);
    execFileSync('mkfifo', [mi]);
  });
  for (const args of [['df'], ['mounts'], ['mounts', '--df'], ['lsblk'], ['df', '/etc/hostname']]) {
    it(`${args.join(' ')}: does not hang, one line, exit 1`, async () => {
      const r = await runSysmon(args, { env: cliEnv({ SYSMON_ROOT: dir }), timeout: 30_000 });
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sysmon: cannot read .*\/proc\/self\/mountinfo\n$/);
      checkOutput(r);
    }, 40_000);
  }
});

describe('values no kernel writes', () => {
  const dir = root((d) => {
    const mi = path.join(d, 'proc', 'meminfo');
    fs.writeFileSync(mi, fs.readFileSync(mi, 'utf8').replace(/^MemTotal:.*$/m, 'MemTotal:       99999999999999999999999 kB'));
    fs.writeFileSync(path.join(d, 'proc', 'loadavg'), '1e30 NaN -3 1/1 100\n');
    const statfs = path.join(d, 'statfs.json');
    const t = JSON.parse(fs.readFileSync(statfs, 'utf8')) as Record<string, unknown>;
    t['/'] = { bsize: 4096, blocks: 1e26, bfree: -5, bavail: 3, files: 10, ffree: 2 };
    t['/data'] = { bsize: -4096, blocks: 100, bfree: 50, bavail: 40, files: 10, ffree: 5 };
    fs.writeFileSync(statfs, JSON.stringify(t));
  });
  const negMem = root((d) => {
    const mi = path.join(d, 'proc', 'meminfo');
    fs.writeFileSync(mi, fs.readFileSync(mi, 'utf8').replace(/^MemFree:.*$/m, 'MemFree:        -5000 kB'));
  });
  for (const [args, at] of [[['free'], dir], [['free', '-h'], negMem], [['top', '-b', '-n', '1'], dir], [['ps', 'aux'], negMem]] as const) {
    it(`meminfo: ${args.join(' ')} says which line is implausible, exit 1`, async () => {
      const r = await runSysmon([...args], { env: cliEnv({ SYSMON_ROOT: at }), timeout: 30_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^sysmon: cannot use \/proc\/meminfo: implausible value '(MemTotal: +99999999999999999999999|MemFree: +-5000) kB'\n$/);
      checkOutput(r);
    }, 40_000);
  }
  it('loadavg: implausible load averages read as missing (0.00)', async () => {
    const ok = root((d) => fs.writeFileSync(path.join(d, 'proc', 'loadavg'), '1e30 NaN -3 1/1 100\n'));
    const r = await runSysmon(['top', '-b', '-n', '1'], { env: cliEnv({ SYSMON_ROOT: ok }), timeout: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/load average: 0\.00, 0\.00, 0\.00$/);
    checkOutput(r, false);
  }, 40_000);
  for (const args of [['df'], ['df', '-h'], ['mounts', '--df']]) {
    it(`statfs: ${args.join(' ')} shows the implausible ones as stale (-) with a line each, exit 1`, async () => {
      const r = await runSysmon(args, { env: cliEnv({ SYSMON_ROOT: dir }), timeout: 30_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('sysmon: /: implausible statfs numbers; shown as stale (-)\n');
      expect(r.stdout).toMatch(/^\/dev\/mapper\/vg-root .*- +\/$/m);
      checkOutput(r);
    }, 40_000);
  }
});
