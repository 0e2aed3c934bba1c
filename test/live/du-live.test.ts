import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Live: sysmon du against coreutils du on a small tree made for the test: nested directories, files of odd sizes,
// a sparse file, hard links (counted once), a symlink to a big file (never followed), an empty directory.
const run = promisify(execFile);
const repo = path.resolve(__dirname, '..', '..');
const bin = path.join(repo, 'bin', 'sysmon');
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
let dir = '';

async function both(args: string[]): Promise<[string, string]> {
  const real = await run('du', args, { cwd: dir, env }).then((r) => r.stdout);
  const ours = await run(process.execPath, [bin, 'du', ...args], { cwd: dir, env }).then((r) => r.stdout);
  return [real, ours];
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-du-'));
  const w = (p: string, n: number): void => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), Buffer.alloc(n, 120));
  };
  w('t/a/one', 1);
  w('t/a/b/two', 5000);
  w('t/a/b/c/three', 70000);
  w('t/big', 1 << 20);
  w('t/name with space', 10);
  fs.mkdirSync(path.join(dir, 't/empty'));
  fs.linkSync(path.join(dir, 't/big'), path.join(dir, 't/a/big-link'));
  fs.symlinkSync('../big', path.join(dir, 't/a/sym'));
  const fd = fs.openSync(path.join(dir, 't/sparse'), 'w');
  fs.ftruncateSync(fd, 50 << 20);
  fs.closeSync(fd);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('sysmon du prints what coreutils du prints', () => {
  for (const args of [
    ['t'], ['-a', 't'], ['-s', 't'], ['-sh', 't'], ['-h', '-a', 't'], ['-c', 't/a', 't/big'], ['-d', '1', 't'],
    ['--apparent-size', '-a', 't'], ['-b', '-a', 't'], ['-s', 't/a', 't'], ['-x', '-s', 't'], ['-m', 't'], ['t/a/sym'],
    ['-B', '4K', '-a', 't'],
  ]) {
    it(`du ${args.join(' ')}`, async () => {
      const [real, ours] = await both(args);
      expect(ours).toBe(real);
    });
  }

  it('--json lists the same entries in bytes', async () => {
    const r = await run(process.execPath, [bin, 'du', '-a', '-b', '--json', 't'], { cwd: dir, env });
    const doc = JSON.parse(r.stdout);
    expect(doc.apparent).toBe(true);
    // The big file has two names; whichever the walk meets first is counted, the other not listed.
    const big = doc.entries.filter((e: { path: string }) => e.path === 't/big' || e.path === 't/a/big-link');
    expect(big).toHaveLength(1);
    expect(big[0]).toMatchObject({ size: 1 << 20, type: 'file' });
    expect(doc.entries.at(-1)).toMatchObject({ path: 't', type: 'directory', depth: 0 });
    expect(doc.total).toBe(doc.entries.at(-1).size);
  });

  it('a missing PATH is an error for that argument; the others still print; exit 1', async () => {
    const r = await run(process.execPath, [bin, 'du', '-s', 'nope', 't/a'], { cwd: dir, env }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("sysmon: cannot access 'nope': No such file or directory\n");
    expect(r.stdout).toMatch(/^\d+\tt\/a\n$/);
  });
});

describe('unreadable directories', () => {
  const copies: string[] = [];
  const isRoot = process.getuid?.() === 0;
  const hasSetpriv = (() => {
    try {
      execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  // As root every directory is readable: the test drops to nobody with setpriv, which needs root.
  it.skipIf(!isRoot || !hasSetpriv)('report one line each on stderr, print the total, exit 1 (as nobody, like du)', async () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-du-perm-'));
    try {
      fs.chmodSync(top, 0o755);
      fs.mkdirSync(path.join(top, 'ok'));
      fs.mkdirSync(path.join(top, 'locked/inner'), { recursive: true });
      fs.writeFileSync(path.join(top, 'locked/inner/f'), 'x');
      fs.chmodSync(path.join(top, 'locked'), 0o000);
      const asNobody = (cmd: string[]) =>
        run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...cmd], { env, cwd: '/' }).catch((e) => e);
      // nobody may not be able to read the checkout (a 0700 home, a mktemp directory): run a 0755 copy of the
      // launcher and the build instead, made outside the measured tree.
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-du-copy-'));
      copies.push(copy);
      for (const part of ['bin', 'dist', 'package.json']) fs.cpSync(path.join(repo, part), path.join(copy, part), { recursive: true });
      const open = (p: string): void => {
        const dir = fs.statSync(p).isDirectory();
        fs.chmodSync(p, dir || p === path.join(copy, 'bin', 'sysmon') ? 0o755 : 0o644);
        if (dir) for (const e of fs.readdirSync(p)) open(path.join(p, e));
      };
      open(copy);
      const real = await asNobody(['du', top]);
      const ours = await asNobody([process.execPath, path.join(copy, 'bin', 'sysmon'), 'du', top]);
      expect(ours.code).toBe(1);
      expect(real.code).toBe(1);
      expect(ours.stdout).toBe(real.stdout);
      expect(ours.stderr).toBe(`sysmon: cannot read directory '${top}/locked': Permission denied\n`);
      expect(ours.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^\\d+\\t${top}$`));
    } finally {
      fs.chmodSync(path.join(top, 'locked'), 0o755);
      fs.rmSync(top, { recursive: true, force: true });
      for (const c of copies.splice(0)) fs.rmSync(c, { recursive: true, force: true });
    }
  });
});
