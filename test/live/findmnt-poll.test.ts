import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUnshareMounts, hasCommand } from '../helpers/host-tools.js';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// findmnt --poll against the real findmnt: both watch the mount table of a private mount namespace this test
// makes (unshare -m, so nothing else on the machine mounts there and nothing leaks out), side by side, while
// a script mounts, remounts, moves, over-mounts and unmounts tmpfs file systems there, one change at a time.
// Every invocation's whole output and exit status must be the same.

const run = promisify(execFile);
const canUnshare = canUnshareMounts() && hasCommand('findmnt');

const CASES = [
  '--poll -w 5000',
  '--poll -w 5000 -r -o ACTION,TARGET,OLD-TARGET,OLD-OPTIONS,SOURCE',
  '--poll=umount,move -w 5000 -l',
  '--poll -w 5000 -f',
  '--poll -w 5000 -P -o ACTION,TARGET,SOURCE,FSTYPE,VFS-OPTIONS',
  '--poll -w 5000 -t tmpfs -o ACTION,TARGET,FSTYPE',
  '--poll -w 5000 $M/two',
  '--poll -w 5000 -n -d backward',
  '--poll=remount -w 5000 -f',
  '--poll -w 5000 -S second',
  '--poll=mount --timeout 5000 -o TARGET,SOURCE,OPTIONS -O size=1024k',
  '-p -w 5000 -i -t tmpfs',
];

let dir: string;
let links: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-poll-'));
  links = path.join(dir, 'bin');
  fs.mkdirSync(links);
  fs.symlinkSync(SYSMON_BIN, path.join(links, 'findmnt'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Run every case with both tools in one new mount namespace; the outputs by case, real and sysmon's. */
async function session(attempt: number): Promise<{ real: string; ours: string }[]> {
  const m = path.join(dir, `m${attempt}`);
  const out = path.join(dir, `out${attempt}`);
  fs.mkdirSync(path.join(m, 'one'), { recursive: true });
  fs.mkdirSync(path.join(m, 'two'), { recursive: true });
  fs.mkdirSync(out);
  const lines = ['M=' + JSON.stringify(m)];
  CASES.forEach((args, i) => {
    lines.push(`(findmnt ${args} >${out}/r${i} 2>&1; echo "rc=$?" >>${out}/r${i}) &`);
    lines.push(`(${links}/findmnt ${args} >${out}/o${i} 2>&1; echo "rc=$?" >>${out}/o${i}) &`);
  });
  // sysmon starts slower than findmnt: give both time to read the table before the first change.
  lines.push(
    'sleep 3',
    'mount -t tmpfs -o size=1m first "$M/one"', 'sleep 0.4',
    'mount -o remount,size=2m "$M/one"', 'sleep 0.4',
    'mount --move "$M/one" "$M/two"', 'sleep 0.4',
    'mount -t tmpfs second "$M/one"', 'sleep 0.4',
    'mount -t tmpfs -o size=1m third "$M/one"', 'sleep 0.4',
    'umount "$M/two"', 'sleep 0.4',
    'umount "$M/one"', 'sleep 0.4',
    'umount "$M/one"',
    'wait',
  );
  const script = path.join(dir, `poll${attempt}.sh`);
  fs.writeFileSync(script, lines.join('\n') + '\n');
  await run('unshare', ['-m', '--propagation', 'private', 'sh', script], {
    env: cliEnv({ LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }), timeout: 120_000,
  });
  return CASES.map((_, i) => ({
    real: fs.readFileSync(path.join(out, `r${i}`), 'utf8'),
    ours: fs.readFileSync(path.join(out, `o${i}`), 'utf8'),
  }));
}

describe.skipIf(!canUnshare)('findmnt --poll in a private mount namespace, against the real findmnt', () => {
  it('prints the same changes, columns, batches and exit status for every invocation', async () => {
    let results: { real: string; ours: string }[] = [];
    // The two tools read the table at their own moments: a change that falls between sysmon's start and
    // its first read is a race of this test, not a difference, so a mismatch is tried again.
    for (let attempt = 0; attempt < 3; attempt++) {
      results = await session(attempt);
      if (results.every((r) => r.real === r.ours)) break;
    }
    // The script's changes reached the real findmnt (the test watched something).
    expect(results[0]!.real).toContain('umount');
    expect(results[0]!.real).toContain('move');
    results.forEach((r, i) => expect(r.ours, CASES[i]).toBe(r.real));
  }, 400_000);
});
