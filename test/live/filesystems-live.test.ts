import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// sysmon df / mounts / lsblk against the real coreutils df and util-linux findmnt and lsblk on this machine.
// The machine keeps changing (other processes write files, mount things): used/avail get a tolerance,
// and document comparisons are retried until two reads of the real tool agree around ours.
const run = promisify(execFile);
const bin = path.resolve(__dirname, '..', '..', 'bin', 'sysmon');
// C.UTF-8: findmnt and lsblk draw the tree with ├─ └─ │ (as sysmon always does) only in a UTF-8 locale.
const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8' };
delete env.NODE_EXTRA_CA_CERTS;
delete env.SYSMON_ROOT;

const tool = (cmd: string, args: string[]): Promise<string> => run(cmd, args, { env }).then((r) => r.stdout);
const sysmon = (args: string[]): Promise<string> => run(process.execPath, [bin, ...args], { env }).then((r) => r.stdout);

/** Real, ours, real again until the two real reads agree (at most 5 tries); returns the agreeing pair. */
async function stablePair(real: () => Promise<string>, ours: () => Promise<string>): Promise<[string, string]> {
  let last: [string, string] = ['', ''];
  for (let i = 0; i < 5; i++) {
    const a = await real();
    const b = await ours();
    const c = await real();
    last = [a, b];
    if (a === c) return last;
  }
  return last;
}

/**
 * Compare two df tables line by line: the same text between numbers (runs of spaces collapsed, since a
 * number that grew a digit shifts its column), numbers within `tolerance` of each other (files change size
 * between the two reads).
 */
function compareDf(real: string, ours: string, tolerance: number): void {
  const r = real.trimEnd().split('\n');
  const o = ours.trimEnd().split('\n');
  expect(o[0]).toBe(r[0]);
  expect(o.length).toBe(r.length);
  r.forEach((line, i) => {
    const a = line.split(/(\d+)/);
    const b = o[i]!.split(/(\d+)/);
    expect(b.length, `line ${i}: ${o[i]} vs ${line}`).toBe(a.length);
    a.forEach((tok, k) => {
      if (k % 2 === 1) expect(Math.abs(Number(b[k]) - Number(tok)), `line ${i}: ${o[i]} vs ${line}`).toBeLessThanOrEqual(tolerance);
      else expect(b[k]!.replace(/ +/g, ' '), `line ${i}`).toBe(tok.replace(/ +/g, ' '));
    });
  });
}

describe('live: df', () => {
  it('df -T: same filesystems, types, sizes; used/avail within 64 MiB', async () => {
    const [real, ours] = await stablePair(() => tool('df', ['-T']), () => sysmon(['df', '-T']));
    // 64 MiB in 1K blocks.
    compareDf(real, ours, 65536);
  });

  it('df -i: same inode totals', async () => {
    const [real, ours] = await stablePair(() => tool('df', ['-i']), () => sysmon(['df', '-i']));
    compareDf(real, ours, 5000);
  });

  it('df -h -a and df -H --total: same layout, sizes within rounding', async () => {
    const cases: Array<[string[], number]> = [[['-h', '-a'], 1], [['-H', '--total'], 1], [['-l', '-x', 'tmpfs', '-B', '1M'], 64]];
    for (const [args, tolerance] of cases) {
      const [real, ours] = await stablePair(() => tool('df', args), () => sysmon(['df', ...args]));
      compareDf(real, ours, tolerance);
    }
  });

  it('df --json agrees with df -B1 in bytes', async () => {
    const [real, ours] = await stablePair(
      () => tool('df', ['-B1', '--output=size,target']),
      () => sysmon(['df', '--json']),
    );
    const doc = JSON.parse(ours) as { filesystems: Array<{ size: number; target: string }> };
    const want = real.trimEnd().split('\n').slice(1).map((l) => {
      const m = /^ *(\d+) (.*)$/.exec(l)!;
      return [Number(m[1]), m[2]];
    });
    // Control characters in names print as '?' in df's table; compare through the same escaping.
    const esc = (s: string) => s.replace(/[\x00-\x1f]/g, '?');
    expect(doc.filesystems.map((f) => [f.size, esc(f.target)])).toEqual(want);
  });
});

describe('live: mounts (findmnt)', () => {
  it('mounts --json is the findmnt -J document', async () => {
    const [real, ours] = await stablePair(
      () => tool('findmnt', ['-J']).then((s) => JSON.stringify(JSON.parse(s))),
      () => sysmon(['mounts', '--json']).then((s) => JSON.stringify(JSON.parse(s))),
    );
    expect(ours).toBe(real);
  });

  it('mounts prints the tree findmnt prints, byte for byte', async () => {
    const [real, ours] = await stablePair(() => tool('findmnt', []), () => sysmon(['mounts']));
    expect(ours).toBe(real);
  });

  it('mounts -o picks columns as findmnt -o does (tree and list), sizes included', async () => {
    for (const args of [
      ['-o', 'id,parent,maj:min,target,fsroot,propagation'],
      ['-l', '-o', 'source,target,vfs-options,fs-options'],
      ['-o', 'target,fstype,size'],
      ['-J', '-o', 'target,maj:min,parent'],
    ]) {
      const [real, ours] = await stablePair(() => tool('findmnt', args), () => sysmon(['mounts', ...args]));
      if (args[0] === '-J') expect(JSON.parse(ours), args.join(' ')).toEqual(JSON.parse(real));
      else expect(ours, args.join(' ')).toBe(real);
    }
  });

  it('mounts -l -t tmpfs and -T / match findmnt', async () => {
    expect((await stablePair(() => tool('findmnt', ['-l', '-t', 'tmpfs']), () => sysmon(['mounts', '-l', '-t', 'tmpfs'])))[1]).toBe(
      (await tool('findmnt', ['-l', '-t', 'tmpfs'])),
    );
    const [real, ours] = await stablePair(() => tool('findmnt', ['-T', '/']), () => sysmon(['mounts', '-T', '/']));
    expect(ours).toBe(real);
  });
});

describe('live: mounts --df (findmnt --df)', () => {
  it('same rows and layout; sizes within rounding', async () => {
    for (const args of [['--df'], ['--df', '-t', 'tmpfs']]) {
      const [real, ours] = await stablePair(() => tool('findmnt', args), () => sysmon(['mounts', ...args]));
      compareDf(real, ours, 1);
    }
  });
});

describe('live: lsblk', () => {
  it('lsblk --json equals lsblk -J -b', async () => {
    const [real, ours] = await stablePair(
      () => tool('lsblk', ['-J', '-b']).then((s) => JSON.stringify(JSON.parse(s))),
      () => sysmon(['lsblk', '--json']).then((s) => JSON.stringify(JSON.parse(s))),
    );
    expect(ours).toBe(real);
  });

  it('lsblk, lsblk -p and lsblk -b print what lsblk prints', async () => {
    for (const args of [[], ['-p'], ['-b'], ['-a']]) {
      const [real, ours] = await stablePair(() => tool('lsblk', args), () => sysmon(['lsblk', ...args]));
      expect(ours).toBe(real);
    }
  });
});

describe('live: a tmpfs mounted at a path with a space', () => {
  const isRoot = process.getuid?.() === 0;
  let base = '';
  let mnt = '';
  let mounted = false;
  beforeAll(() => {
    if (!isRoot) return;
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon live '));
    mnt = path.join(base, 'mount point');
    fs.mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'sysmon test tmpfs', mnt]);
    mounted = true;
    fs.writeFileSync(path.join(mnt, 'file'), Buffer.alloc(100000, 1));
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  // Mounting needs root; as another user this part is skipped (the rest of the file still runs).
  it.skipIf(!isRoot)('df PATH, mounts -T PATH and mounts --json show it as the real tools do (root only: mounts tmpfs)', async () => {
    const file = path.join(mnt, 'file');
    expect(await sysmon(['df', file])).toBe(await tool('df', [file]));
    expect(await sysmon(['df', '-h', '--output=source,size,used,avail,pcent,target', mnt])).toBe(
      await tool('df', ['-h', '--output=source,size,used,avail,pcent,target', mnt]),
    );
    expect(await sysmon(['mounts', '-T', file])).toBe(await tool('findmnt', ['-T', file]));
    const doc = JSON.parse(await sysmon(['mounts', '-l', '--json', '-t', 'tmpfs']));
    expect(doc.filesystems).toContainEqual({ target: mnt, source: 'sysmon test tmpfs', fstype: 'tmpfs', options: 'rw,relatime,size=2048k' });
    const dfAll = await sysmon(['df']);
    expect(dfAll).toContain(`sysmon test tmpfs`);
    expect(dfAll).toMatch(new RegExp(`\\s${mnt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  });
});

describe('one-shots end when their work is done', () => {
  // A statfs time-limit timer left armed kept `sysmon df` alive for the whole limit (2 s) after printing.
  // The limit is raised to 20 s here, so a leaked timer shows as a run far longer than any real df takes.
  for (const args of [['df'], ['df', '-hT'], ['mounts', '--df']]) {
    it(`sysmon ${args.join(' ')} exits without waiting for a statfs time limit`, async () => {
      const t0 = Date.now();
      await sysmon([...args, '--statfs-timeout', '20000']);
      expect(Date.now() - t0).toBeLessThan(10_000);
    });
  }
});
