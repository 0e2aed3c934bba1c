import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// Output is never lost silently: a full disk (whatever the write size: the first write short, or no room at
// all), /dev/full, or a stdout closed at start each give `sysmon: write error: <strerror>` and exit 1, as
// procps does; `>/dev/null` and a reader that goes away (`| head`) stay quiet successes.
const run = promisify(execFile);
let dir = '';
let root = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-write-'));
  // The procs fixture with 300 more processes: every command's output is well over the 8 KiB of room.
  root = path.join(dir, 'root');
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'procs'), root, { recursive: true });
  const model = path.join(root, 'proc', '100');
  for (let pid = 1000; pid < 1300; pid++) {
    const d = path.join(root, 'proc', String(pid));
    fs.mkdirSync(d);
    for (const f of ['stat', 'status', 'statm', 'cmdline']) {
      const text = fs.readFileSync(path.join(model, f), 'utf8');
      fs.writeFileSync(path.join(d, f), f === 'stat' ? text.replace(/^100 /, `${pid} `) : f === 'status' ? text.replace(/Pid:\t100/g, `Pid:\t${pid}`) : text);
    }
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const sysmon = `${q(process.execPath)} ${q(SYSMON_BIN)}`;

/** Run a shell line; its stdout, stderr and status. */
async function sh(line: string, env: NodeJS.ProcessEnv = cliEnv()): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run('sh', ['-c', line], { env, timeout: 60_000 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: unknown };
    if (typeof err.code !== 'number') throw e;
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code };
  }
}

/**
 * `cmd > FILE` on a tmpfs of `sizeKiB` that already holds `fillKiB`, in a private mount namespace (root, or
 * an unprivileged user namespace elsewhere). Prints the command's stderr, then `status=N`.
 */
function onFullTmpfs(cmd: string, sizeKiB: number, fillKiB: number): Promise<{ stdout: string; stderr: string; code: number }> {
  const mnt = path.join(dir, `m${Math.random().toString(36).slice(2, 8)}`);
  fs.mkdirSync(mnt);
  const unshare = process.getuid?.() === 0 ? 'unshare -m' : 'unshare -rm';
  const inner =
    `mount -t tmpfs -o size=${sizeKiB}k sysmon-full ${q(mnt)} && ` +
    (fillKiB > 0 ? `{ head -c ${fillKiB * 1024} /dev/zero > ${q(mnt)}/fill 2>/dev/null; true; } && ` : '') +
    `{ ${cmd} > ${q(mnt)}/out; echo status=$? >&2; }`;
  return sh(`${unshare} sh -c ${q(inner)}`, cliEnv({ SYSMON_ROOT: root }));
}

const COMMANDS = [
  ['ps aux', `${sysmon} ps aux`],
  ['ps -ef', `${sysmon} ps -ef`],
  ['ps --json', `${sysmon} ps -e --json`],
  ['top -b', `${sysmon} top -b -n 3 -d 0.1`],
];

describe('a full disk mid-output', () => {
  for (const [name, cmd] of COMMANDS) {
    it(`${name}: output larger than the room left (a short first write) reports ENOSPC and exits 1`, async () => {
      const r = await onFullTmpfs(cmd, 8, 0);
      expect(r.stderr).toBe('sysmon: write error: No space left on device\nstatus=1\n');
    }, 60_000);
    it(`${name}: no room at all reports ENOSPC and exits 1`, async () => {
      const r = await onFullTmpfs(cmd, 8, 8);
      expect(r.stderr).toBe('sysmon: write error: No space left on device\nstatus=1\n');
    }, 60_000);
    it(`${name} > /dev/full reports ENOSPC and exits 1`, async () => {
      const r = await sh(`${cmd} > /dev/full`, cliEnv({ SYSMON_ROOT: root }));
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('sysmon: write error: No space left on device\n');
    }, 60_000);
  }
});

describe('a closed or discarded stdout', () => {
  it('sysmon ps >&- reports EBADF and exits 1, as procps does', async () => {
    for (const cmd of [`${sysmon} ps`, `${sysmon} ps -ef`, `${sysmon} top -b -n 1`, `${sysmon} ps --json`]) {
      const r = await sh(`${cmd} >&-`, cliEnv({ SYSMON_ROOT: root }));
      expect(r.stderr, cmd).toBe('sysmon: write error: Bad file descriptor\n');
      expect(r.code, cmd).toBe(1);
    }
  }, 60_000);
  it('>/dev/null and | head stay quiet successes', async () => {
    const a = await sh(`${sysmon} ps aux >/dev/null`, cliEnv({ SYSMON_ROOT: root }));
    expect([a.code, a.stderr]).toEqual([0, '']);
    const b = await sh(`${sysmon} ps aux | head -1`, cliEnv({ SYSMON_ROOT: root }));
    expect(b.stderr).toBe('');
    expect(b.stdout.split('\n')[0]).toMatch(/^USER +PID/);
  }, 60_000);
});
