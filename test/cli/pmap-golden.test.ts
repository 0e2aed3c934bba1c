import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon } from '../helpers/sysmon-cli.js';

// Goldens from the REAL procps-ng 4.0.2 pmap (test/golden/capture-pmap.sh): a python process with a shared
// file mapping named with spaces, a deleted file, anonymous memory, heap and stack; its stat, cmdline, maps
// and smaps were copied into test/fixtures/pmap/ and bind-mounted back over the live files while pmap ran.
// The file name is the arguments, '_' for a space.

const goldenDir = path.join(REPO, 'test', 'golden', 'pmap');
const root = path.join(REPO, 'test', 'fixtures', 'pmap');
const pid = fs.readFileSync(path.join(goldenDir, 'pid'), 'utf8').trim();

function run(args: string[]) {
  return runSysmon(['pmap', ...args], { env: cliEnv({ SYSMON_ROOT: root }), timeout: 60_000 });
}

describe('sysmon pmap matches procps pmap on a captured process', () => {
  const files = fs.readdirSync(goldenDir).filter((f) => f.endsWith('.txt')).sort();
  it('has goldens', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const file of files) {
    const base = file.slice(0, -4);
    const args = base === 'pmap' ? [] : base.slice('pmap_'.length).split('_');
    it(`pmap ${args.join(' ')} PID`, async () => {
      const r = await run([...args, pid]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(fs.readFileSync(path.join(goldenDir, file), 'utf8'));
    }, 90_000);
  }

  it('a PID that does not exist adds nothing and exits 42, as pmap does', async () => {
    const r = await run(['4194305', pid]);
    expect(r.code).toBe(42);
    expect(r.stdout).toBe(fs.readFileSync(path.join(goldenDir, 'pmap.txt'), 'utf8'));
  }, 90_000);

  it('a process whose map cannot be read: its line, then exit 1 with nothing on stderr, as pmap does', async () => {
    // As /proc/1/maps reads under a hardened kernel or in a microVM: the process is there, its map is not.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-pmap-'));
    try {
      const proc = path.join(dir, 'proc');
      fs.cpSync(path.join(root, 'proc'), proc, { recursive: true });
      for (const f of ['maps', 'smaps']) fs.rmSync(path.join(proc, pid, f), { force: true });
      const header = fs.readFileSync(path.join(goldenDir, 'pmap.txt'), 'utf8').split('\n')[0]! + '\n';
      for (const args of [[], ['-x'], ['-X'], ['-q']]) {
        const r = await runSysmon(['pmap', ...args, pid], { env: cliEnv({ SYSMON_ROOT: dir }), timeout: 60_000 });
        expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([1, header, '']);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('usage errors exit 1 with pmap wording', async () => {
    const missing = await run(['-x']);
    expect([missing.code, missing.stderr]).toEqual([1, 'sysmon: argument missing\n']);
    const both = await run(['-x', '-d', pid]);
    expect([both.code, both.stderr]).toEqual([1, 'sysmon: options -c, -C, -d, -n, -N, -x, -X are mutually exclusive\n']);
    const range = await run(['-A', 'zz', pid]);
    expect([range.code, range.stderr]).toEqual([1, "sysmon: failed to parse argument: 'zz'\n"]);
    const bad = await run(['abc']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^\nUsage:/);
  }, 90_000);

  it('--json lists the mappings in bytes', async () => {
    const r = await run(['--json', pid]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { processes: Array<{ pid: number; mappings: Array<{ size: number; mapping: string; rss: number }> }> };
    expect(doc.processes[0]!.pid).toBe(Number(pid));
    const shared = doc.processes[0]!.mappings.find((m) => m.mapping.endsWith('data with spaces.bin'))!;
    expect(shared.size).toBe(65536);
    expect(shared.rss % 1024).toBe(0);
  }, 90_000);
});
