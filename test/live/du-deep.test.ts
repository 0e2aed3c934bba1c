import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// A tree deeper than PATH_MAX: 3,000 nested directories `dd`, a file every 100 levels. coreutils du walks
// relative to open directories; full paths fail with ENAMETOOLONG past 4,096 bytes (sysmon did: exit 1 and
// 8,168 against du's 12,008). The totals and the exit status must match du's.
const run = promisify(execFile);
let dir = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-du-deep-'));
  // Built with relative mkdir/chdir (a full path that long cannot be made in one call).
  await run('python3', ['-c', [
    'import os, sys',
    'os.chdir(sys.argv[1])',
    'for i in range(3000):',
    '    os.mkdir("dd"); os.chdir("dd")',
    '    if i % 100 == 0:',
    '        open("f", "w").write("x" * 5000)',
  ].join('\n'), dir], { timeout: 120_000 });
}, 180_000);
afterAll(async () => {
  await run('rm', ['-rf', dir], { timeout: 120_000 });
}, 180_000);

describe('du on a tree deeper than PATH_MAX', () => {
  for (const args of [['-s'], ['-s', '--apparent-size'], ['-s', '-b']]) {
    it(`du ${args.join(' ')} matches coreutils`, async () => {
      const real = await run('du', [...args, 'dd'], { cwd: dir, env: cliEnv(), maxBuffer: 64 << 20 });
      const ours = await run(process.execPath, [SYSMON_BIN, 'du', ...args, 'dd'], { cwd: dir, env: cliEnv(), maxBuffer: 64 << 20 });
      expect(ours.stderr).toBe('');
      expect(ours.stdout).toBe(real.stdout);
    }, 120_000);
  }
  it('du (every directory) matches coreutils line for line', async () => {
    const real = await run('du', ['dd'], { cwd: dir, env: cliEnv(), maxBuffer: 256 << 20 });
    const ours = await run(process.execPath, [SYSMON_BIN, 'du', 'dd'], { cwd: dir, env: cliEnv(), maxBuffer: 256 << 20 });
    expect(ours.stdout.split('\n').length).toBe(3001);
    expect(ours.stdout).toBe(real.stdout);
  }, 120_000);
});
