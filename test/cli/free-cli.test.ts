import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon, SYSMON_BIN, type CliResult } from '../helpers/sysmon-cli.js';

const repo = REPO;
const bin = SYSMON_BIN;
const desktop = path.join(repo, 'test', 'fixtures', 'desktop');
const env = cliEnv({ SYSMON_ROOT: desktop });

function sysmon(args: string[], root = desktop): Promise<CliResult> {
  return runSysmon(args, { env: { ...env, SYSMON_ROOT: root } });
}

const KiB = 1024;

describe('sysmon free --json', () => {
  it('prints mem and swap in bytes by default', async () => {
    const r = await sysmon(['free', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      mem: {
        total: 16318412 * KiB, used: (16318412 - 10454204) * KiB, free: 475136 * KiB, shared: 8856 * KiB,
        buffers: 412872 * KiB, cache: (9125388 + 512000) * KiB, available: 10454204 * KiB,
      },
      swap: { total: 2097148 * KiB, used: 262144 * KiB, free: 1835004 * KiB },
    });
  });
  it('adds low/high, total and commit only when -l, -t, -v ask; units and -h do not change bytes', async () => {
    const r = await sysmon(['free', '--json', '-l', '-t', '-v', '-h', '-m']);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['mem', 'low', 'high', 'swap', 'total', 'commit']);
    expect(j.mem.total).toBe(16318412 * KiB);
    expect(j.total).toEqual({ total: (16318412 + 2097148) * KiB, used: (5864208 + 262144) * KiB, free: (475136 + 1835004) * KiB });
    expect(j.commit).toEqual({ limit: 10256352 * KiB, committed: 15678912 * KiB, available: (10256352 - 15678912) * KiB });
    expect(j.low).toEqual({ total: 16318412 * KiB, used: (16318412 - 475136) * KiB, free: 475136 * KiB });
    expect(j.high).toEqual({ total: 0, used: 0, free: 0 });
  });
  it('falls back to MemFree without MemAvailable, and when MemAvailable > MemTotal', async () => {
    const old = JSON.parse((await sysmon(['free', '--json'], path.join(repo, 'test', 'fixtures', 'old-kernel'))).stdout);
    expect(old.mem.available).toBe(123456 * KiB);
    expect(old.mem.used).toBe((2061552 - 123456) * KiB);
    expect(old.mem.shared).toBe(0);
    const box = JSON.parse((await sysmon(['free', '--json'], path.join(repo, 'test', 'fixtures', 'container'))).stdout);
    expect(box.mem.available).toBe(524288 * KiB);
    expect(box.mem.used).toBe(524288 * KiB);
  });
  it('prints one object a line with -c', async () => {
    const r = await sysmon(['free', '--json', '-c', '3', '-s', '0.05']);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    for (const l of lines.slice(0, 3)) expect(JSON.parse(l).swap.total).toBe(2097148 * KiB);
  });
});

describe('sysmon free repeating', () => {
  it('-c N -s S: N blocks with a blank line between, none after the last', async () => {
    const r = await sysmon(['free', '-c', '3', '-s', '0.05']);
    const block = (await sysmon(['free'])).stdout;
    expect(r.stdout).toBe(`${block}\n${block}\n${block}`);
  });
  it('-c N without -s waits one second between blocks', async () => {
    const t0 = Date.now();
    const r = await sysmon(['free', '-c', '2']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r.stdout.split('\n\n')).toHaveLength(2);
  });
  it('-s N repeats with a blank line after each block and ends quietly when the pipe closes', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" free -s 0.05 | head -9`], { env, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status, `signal ${r.signal}`).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ +total +used/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe(lines[0]);
    expect(lines[7]).toBe('');
  });
});

describe('sysmon free usage errors', () => {
  // free's own wording (procps-ng 4.0.2, checked side by side) after `sysmon: `, exit 1.
  const cases: Array<[string[], string]> = [
    [['-b', '-k'], "Multiple unit options don't make sense."],
    [['-m', '-m'], "Multiple unit options don't make sense."],
    [['--kilo', '-g'], "Multiple unit options don't make sense."],
    [['-s', '0'], "seconds argument `0' is not positive number"],
    [['-s', 'abc'], "seconds argument failed: 'abc': Invalid argument"],
    [['-s', '0x10'], "seconds argument failed: '0x10': Invalid argument"],
    [['-s', '1e3'], "seconds argument failed: '1e3': Invalid argument"],
    [['-s', '-1'], "seconds argument `-1' is not positive number"],
    [['-c', '0'], "failed to parse count argument: '0': Numerical result out of range"],
    [['-c', '-2'], "failed to parse count argument: '-2': Numerical result out of range"],
    [['-c', 'x'], "failed to parse count argument: 'x'"],
  ];
  for (const [args, message] of cases) {
    it(`free ${args.join(' ')}: free's one line on stderr, exit 1`, async () => {
      const r = await sysmon(['free', ...args]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`sysmon: ${message}\n`);
    });
  }
  it('free --bogus: getopt\'s line, then the usage, exit 1', async () => {
    const r = await sysmon(['free', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("sysmon: unrecognized option '--bogus'");
    expect(r.stderr).toContain('Usage:');
  });
  it('a root without /proc is a runtime error (exit 1)', async () => {
    const r = await sysmon(['free'], path.join(repo, 'test', 'no-such-root'));
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
  it('--help lists the options and examples; -h is --human', async () => {
    const r = await sysmon(['free', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/-h, --human/);
    expect(r.stdout).toMatch(/--tebi/);
    expect(r.stdout).toMatch(/Examples:/);
  });
});
