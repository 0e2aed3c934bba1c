import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// The corpus of real-world invocations (test/corpus/*.txt: the man pages' EXAMPLES and script idioms) run on
// this machine twice: by the real tool (procps-ng, coreutils, util-linux on PATH) and by sysmon through a
// multi-call link of the same name, so the whole of stdout, stderr and the exit status can be compared.
// Each line is MODE<TAB>COMMAND:
//   exact  stdout, stderr and exit status identical.
//   num    the same, except that numbers may differ by 15% or 30 units (memory, load and counters move
//          between the two runs; the clock may tick): words and layout must match.
//   shape  streams whose later lines are rates over a second, and kernel tables whose counts the test's own
//          processes move (slabinfo): the same exit status and stderr, the same number of lines, the header
//          lines identical. (vmstat -m's exact layout is checked against goldens in vmstat-golden.test.ts.)
//   err    a failure: the same exit status and the same first line of stderr (the usage text that may follow
//          lists sysmon's extra options, such as --json).
//   diff   a known difference (a gap recorded in the corpus): the test checks it still differs, so a fix
//          has to move the line to another mode.
// $PID is a sleeping process the test starts; $DIR a small tree it makes; $ROOTDEV the source of /; $RC a
// directory of pmap rc files (fields, all, bad, empty), du -X's du-exclude and findmnt -x's fstab. A comparison
// that fails is retried, as the machine may have moved between the two runs.

const corpusDir = path.join(REPO, 'test', 'corpus');
const run = promisify(execFile);

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

async function exec(file: string, args: string[]): Promise<Result> {
  try {
    const r = await run(file, args, { env: cliEnv({ TZ: 'UTC' }), timeout: 60_000, maxBuffer: 16 << 20 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof err.code !== 'number') throw e;
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code };
  }
}

/** Split on blanks; `''` is an empty argument. */
function words(command: string, vars: Record<string, string>): string[] {
  return command
    .trim()
    .split(/\s+/)
    .map((w) => (w === "''" ? '' : w.replace(/\$(PID|DIR|ROOTDEV|RC)/g, (_, v: string) => vars[v]!)));
}

const NUM = /^-?\d+(?:[.,]\d+)?[KMGTPE]?i?B?%?$/;

function numberOf(w: string): number {
  return Number(w.replace(',', '.').replace(/[KMGTPE]?i?B?%?$/, ''));
}

/** Lines that agree word for word, numbers within 15% or 30 units. Returns the first disagreement. */
function sameWithin(a: string, b: string): string | null {
  const la = a.split('\n');
  const lb = b.split('\n');
  if (la.length !== lb.length) return `line count ${la.length} vs ${lb.length}`;
  for (let i = 0; i < la.length; i++) {
    const wa = la[i]!.trim().split(/\s+/);
    const wb = lb[i]!.trim().split(/\s+/);
    if (wa.length !== wb.length) return `line ${i + 1}: ${la[i]} | ${lb[i]}`;
    for (let j = 0; j < wa.length; j++) {
      const x = wa[j]!;
      const y = wb[j]!;
      if (x === y) continue;
      if (NUM.test(x) && NUM.test(y) && x.replace(/[\d.,-]/g, '') === y.replace(/[\d.,-]/g, '')) {
        const p = numberOf(x);
        const q = numberOf(y);
        if (Math.abs(p - q) <= Math.max(30, 0.15 * Math.max(Math.abs(p), Math.abs(q)))) continue;
      }
      // A clock (hh:mm:ss) a second or two apart.
      if (/^\d\d:\d\d:\d\d$/.test(x) && /^\d\d:\d\d:\d\d$/.test(y)) {
        const s = (t: string): number => t.split(':').reduce((acc, v) => acc * 60 + Number(v), 0);
        if (Math.abs(s(x) - s(y)) <= 2) continue;
      }
      return `line ${i + 1}: ${la[i]} | ${lb[i]}`;
    }
  }
  return null;
}

function compare(mode: string, real: Result, ours: Result): string | null {
  if (real.code !== ours.code) return `exit ${ours.code}, real ${real.code}`;
  switch (mode) {
    case 'exact':
      if (ours.stderr !== real.stderr) return `stderr ${JSON.stringify(ours.stderr)} vs ${JSON.stringify(real.stderr)}`;
      return ours.stdout === real.stdout ? null : sameWithin(ours.stdout, real.stdout) ?? 'stdout differs in spacing';
    case 'num':
      if (ours.stderr !== real.stderr) return `stderr ${JSON.stringify(ours.stderr)} vs ${JSON.stringify(real.stderr)}`;
      return sameWithin(ours.stdout, real.stdout);
    case 'shape': {
      if (ours.stderr !== real.stderr) return `stderr ${JSON.stringify(ours.stderr)} vs ${JSON.stringify(real.stderr)}`;
      const a = ours.stdout.split('\n');
      const b = real.stdout.split('\n');
      if (a.length !== b.length) return `line count ${a.length} vs ${b.length}`;
      for (let i = 0; i < a.length; i++) {
        if (/^[a-z -]+$/i.test(b[i]!.trim()) && a[i] !== b[i]) return `header line ${i + 1}: ${a[i]} | ${b[i]}`;
      }
      return null;
    }
    case 'err': {
      const first = (s: string): string => s.split('\n').find((l) => l !== '') ?? '';
      if (real.code === 0) return 'the real tool succeeded: not an error case';
      return first(ours.stderr) === first(real.stderr) ? null : `stderr ${first(ours.stderr)} | ${first(real.stderr)}`;
    }
    default:
      return `unknown mode ${mode}`;
  }
}

interface Entry {
  file: string;
  mode: string;
  command: string;
}

// ps.txt and top.txt belong to test/live/ps-corpus.test.ts, which reads them in its own format.
const OTHER_RUNNER = new Set(['ps.txt', 'top.txt']);

const entries: Entry[] = fs
  .readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt') && !OTHER_RUNNER.has(f))
  .sort()
  .flatMap((file) =>
    fs
      .readFileSync(path.join(corpusDir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => {
        const [mode, command] = l.split('\t');
        return { file, mode: mode!, command: command ?? '' };
      }),
  );

let links: string;
let dir: string;
let rcDir: string;
let sleeper: ChildProcess;
const vars: Record<string, string> = {};

beforeAll(() => {
  links = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-corpus-links-'));
  for (const tool of ['free', 'vmstat', 'pmap', 'uptime', 'df', 'du', 'findmnt', 'lsblk']) {
    fs.symlinkSync(SYSMON_BIN, path.join(links, tool));
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-corpus-du-'));
  fs.mkdirSync(path.join(dir, 'a', 'deep'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'a', 'one.bin'), Buffer.alloc(10_000, 1));
  fs.writeFileSync(path.join(dir, 'a', 'deep', 'two.bin'), Buffer.alloc(70_000, 2));
  fs.writeFileSync(path.join(dir, 'b', 'app.log'), Buffer.alloc(50_000, 3));
  fs.writeFileSync(path.join(dir, 'small.txt'), 'hello\n');
  fs.linkSync(path.join(dir, 'a', 'one.bin'), path.join(dir, 'b', 'hard.bin'));
  sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
  vars.PID = String(sleeper.pid);
  vars.DIR = dir;
  // The source of the root file system (a block device on most machines): df DEVICE reports its mount.
  const root = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => f[1] === '/').pop();
  vars.ROOTDEV = root?.[0] ?? '/';
  // pmap rc files (-C FILE): some columns with ShowPath, every column, complaints, nothing.
  rcDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-corpus-rc-'));
  fs.writeFileSync(path.join(rcDir, 'fields'), '# some\n[Fields Display]\nRss\nPerm\nSize # a comment\nMapping\n\n[Mapping]\nShowPath\n');
  const all = ['Perm', 'Offset', 'Device', 'Inode', 'Size', 'Rss', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean',
    'Private_Dirty', 'Referenced', 'Anonymous', 'AnonHugePages', 'Swap', 'KernelPageSize', 'MMUPageSize', 'Locked',
    'VmFlags', 'Mapping'];
  fs.writeFileSync(path.join(rcDir, 'all'), `[Fields Display]\n${all.join('\n')}\n`);
  fs.writeFileSync(path.join(rcDir, 'bad'), 'Size\n[Fields Display]\nRss\nfoo bar\n[Colours]\nPss\n[Mapping]\nShowPath\nBogus\n');
  fs.writeFileSync(path.join(rcDir, 'empty'), '');
  fs.writeFileSync(path.join(rcDir, 'du-exclude'), '*.log\n\ndeep\n');
  // An fstab for findmnt --verify: every kind of complaint, with paths of this test's own tree.
  fs.writeFileSync(path.join(rcDir, 'fstab'), [
    'LABEL=nolabel /nonexistent/a ext4 defaults 0 0',
    'UUID=1234-5678 /nonexistent/b vfat noauto 0 2',
    `/dev/nosuch ${dir}/a xfs defaults 0 0`,
    `${dir}/b ${dir}/small.txt none bind 0 0`,
    `${dir}/b /nonexistent/c none defaults 0 0`,
    '/dev/null /nonexistent/d ext4 noauto 0 0',
    'proc /proc proc defaults 0 0',
    `tmpfs ${dir} tmpfs defaults 0 0`,
    'server:/export /nonexistent/nfs nfs4 rw,_netdev 0 0',
    '/dev/null none swap sw,pri=x,discard=foo 0 0',
    '/dev/null none swap defaults 0 0',
    'FOO=bar /nonexistent/z ext4 defaults 0 0',
    `${dir}/b ${dir}//a//deep nosuchfs defaults 0 0`,
    `${dir}/b ${dir}/a/../a/deep ext3 defaults 0 0`,
    `${dir}/b /nonexistent/w auto bind 0 0`,
    `${dir}/small.txt /nonexistent/q ext4 defaults 0 0`,
    'a bad line',
    '',
  ].join('\n'));
  // An fstab.d directory: libmount reads its *.fstab files in order and nothing else.
  fs.mkdirSync(path.join(rcDir, 'fstab.d'));
  fs.writeFileSync(path.join(rcDir, 'fstab.d', '20-proc.fstab'), 'proc /proc proc defaults 0 0\n');
  fs.writeFileSync(path.join(rcDir, 'fstab.d', '10-tmp.fstab'), `tmpfs ${dir}/a tmpfs defaults 0 0\n`);
  fs.writeFileSync(path.join(rcDir, 'fstab.d', 'notes.txt'), 'not an fstab line\n');
  vars.RC = rcDir;
});

afterAll(() => {
  sleeper?.kill();
  fs.rmSync(links, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rcDir, { recursive: true, force: true });
});

describe('corpus: real-world invocations against the real tools on this machine', () => {
  it('holds at least 100 invocations', () => expect(entries.length).toBeGreaterThanOrEqual(100));

  for (const e of entries) {
    it(`${e.mode} ${e.command}`, async () => {
      const argv = words(e.command, vars);
      const tool = argv[0]!;
      let why: string | null = null;
      for (let attempt = 0; attempt < 4; attempt++) {
        // The real tool and sysmon close together in time, in alternating order.
        const [real, ours] =
          attempt % 2 === 0
            ? [await exec(tool, argv.slice(1)), await exec(path.join(links, tool), argv.slice(1))]
            : await (async () => {
                const o = await exec(path.join(links, tool), argv.slice(1));
                return [await exec(tool, argv.slice(1)), o] as const;
              })();
        if (e.mode === 'diff') {
          why = compare('exact', real, ours);
          expect(why, 'a known difference is gone: move this line to exact/num/err').not.toBeNull();
          return;
        }
        why = compare(e.mode, real, ours);
        if (why === null) return;
      }
      expect(why).toBeNull();
    }, 300_000);
  }
});
