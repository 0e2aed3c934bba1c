import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';
import { HOSTILE_PIDS, makeHostileRoot, WIDE_COMM, WIDE_PID } from '../helpers/hostile-root.js';

// Every command that prints process or kernel text, fed every control character (C0, DEL, C1, invalid UTF-8)
// through comm, cmdline, a user name, mount points, mount sources, a udev label and file names: no raw control
// byte reaches the output, the output is valid UTF-8, and no name breaks a line or a row apart.

interface RawResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number;
}

function runRaw(args: string[], env: NodeJS.ProcessEnv): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SYSMON_BIN, ...args], { env, encoding: 'buffer', maxBuffer: 64 << 20, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      if (typeof code !== 'number') return reject(err);
      resolve({ stdout, stderr, code });
    });
  });
}

/** The bytes an escaped output may hold: printable UTF-8 text, newlines and (df/du layout) tabs. */
function assertClean(buf: Buffer, what: string, allowTab: boolean): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(buf); // throws on invalid UTF-8
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const bad = (c < 0x20 && c !== 0x0a && !(allowTab && c === 0x09)) || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
    if (bad) throw new Error(`${what}: raw U+${c.toString(16).padStart(4, '0')} at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
  }
  expect(text, what).not.toMatch(/^INJECTED/m);
  if (allowTab) expect(text, what).not.toMatch(/\tINJECTED/);
  return text;
}

let root = '';
let files = '';
let cleanup = (): void => {};
let env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  ({ root, files, cleanup } = makeHostileRoot());
  env = cliEnv({ SYSMON_ROOT: root, COLUMNS: '200', TZ: 'UTC', LC_ALL: 'C.UTF-8' });
});
afterAll(() => cleanup());

const TEXT_COMMANDS: Array<{ args: string[]; tab?: boolean; shows?: RegExp }> = [
  { args: ['ps', '-e'], shows: /^ *300 .*c0\?+/m },
  { args: ['ps', '-ef'], shows: /--end/ },
  { args: ['ps', 'aux'], shows: /ev\?\?il/ },
  { args: ['ps', '-eo', 'pid,user,comm,args,cmd,ucmd'], shows: /c1\?{32}/ },
  { args: ['ps', '-p', HOSTILE_PIDS.join(','), '-o', 'comm=', '-o', 'args='] },
  { args: ['ps', '-p', HOSTILE_PIDS.join(','), '-o', 'pid,lxc,label,cgroup,cgname'], shows: /^ *301 c1\?+ +profile-c1 .* 0::\/lxc\/c1\?+/m },
  { args: ['top', '-b', '-n', '1'] },
  { args: ['top', '-b', '-n', '1', '-c', '-w', '512'], shows: /\/usr\/bin\/bad\?A\?B\?+C\?+/ },
  { args: ['df'], tab: true, shows: /^src-c0\?+ +\d+ .* \/mnt\/c0\?+$/m },
  { args: ['df', '-ahT'], tab: true },
  { args: ['df', '--output=source,fstype,target,file', '-a'], tab: true },
  { args: ['mounts'], shows: /\\x1b\[31mred/ },
  { args: ['mounts', '-l'], shows: /\/mnt\/c1\\xc2\\x80\\xc2\\x81/ },
  { args: ['mounts', '--df'] },
  { args: ['mounts', '-o', 'target,source,fstype,options,fsroot,size'] },
  { args: ['lsblk'], shows: /\\x0aINJECTED-LINE/ },
  { args: ['lsblk', '-f'], shows: /lab\\x1bel\\xc2\\x9b/ },
  { args: ['lsblk', '-r'], shows: /\\x0aINJECTED-LINE/ },
  { args: ['lsblk', '-P', '-f'], shows: /lab\\x1bel\\xc2\\x9b/ },
  { args: ['lsblk', '-O', '-l'] },
  { args: ['lsblk', '-J', '-f'], shows: /\\u001b/ },
  { args: ['mounts', '-r'], shows: /\\x1b\[31mred/ },
  { args: ['mounts', '-P'], shows: /\/mnt\/c1\\xc2\\x80\\xc2\\x81/ },
  { args: ['mounts', '-J'], shows: /\\u001b\[31mred/ },
];

describe('no raw control character reaches a terminal', () => {
  for (const c of TEXT_COMMANDS) {
    it(`sysmon ${c.args.join(' ')}`, async () => {
      const r = await runRaw(c.args, env);
      expect(r.code, r.stderr.toString()).toBe(0);
      const out = assertClean(r.stdout, 'stdout', c.tab === true);
      assertClean(r.stderr, 'stderr', false);
      expect(r.stderr.toString(), 'no stack trace').not.toMatch(/at .*\.js:\d+/);
      if (c.shows) expect(out).toMatch(c.shows);
    }, 60_000);
  }

  it('sysmon du on hostile file names', async () => {
    for (const args of [['du', files], ['du', '-a', files], ['du', '-ah', '-c', files]]) {
      const r = await runRaw(args, env);
      const out = assertClean(r.stdout, args.join(' '), true);
      assertClean(r.stderr, 'stderr', false);
      for (const line of out.trimEnd().split('\n')) expect(line, args.join(' ')).toMatch(/^\S+\t[^\t]+$/);
      expect(out).toMatch(/\/c0\?+\n/);
      expect(r.code).toBe(0);
    }
  }, 60_000);
});

describe('JSON stays JSON and carries the text', () => {
  const DOCS: string[][] = [
    ['ps', '-e', '--json'],
    ['top', '-b', '-n', '1', '--json'],
    ['df', '-a', '--json'],
    ['mounts', '--json'],
    ['lsblk', '--json'],
  ];
  for (const args of DOCS) {
    it(`sysmon ${args.join(' ')}`, async () => {
      const r = await runRaw(args, env);
      expect(r.code, r.stderr.toString()).toBe(0);
      const text = assertClean(r.stdout, 'stdout', false);
      for (const line of args[0] === 'top' ? text.trimEnd().split('\n') : [text]) JSON.parse(line);
      // The strings survive: C1 controls come back out of the \u escapes.
      expect(JSON.stringify(JSON.parse(args[0] === 'top' ? text.split('\n')[0]! : text))).toMatch(/\\u001b|\u009b/);
    }, 60_000);
  }

  it('du --json', async () => {
    const r = await runRaw(['du', '-a', '--json', files], env);
    const doc = JSON.parse(assertClean(r.stdout, 'stdout', false)) as { entries: { path: string }[] };
    expect(doc.entries.some((e) => e.path.endsWith('/nl\nINJECTED-LINE'))).toBe(true);
  }, 60_000);
});

describe('wide characters are padded by display width', () => {
  it('ps lines up a CJK comm as procps does (two columns a character)', async () => {
    const r = await runRaw(['ps', '-o', 'comm,pid', '-p', `${WIDE_PID},100`], env);
    const lines = r.stdout.toString().trimEnd().split('\n');
    // COMMAND is 15 columns + 1 blank and PID 5 (right-aligned): "数据库服务" is 10 columns, so 8 blanks follow.
    expect(lines).toEqual(['COMMAND           PID', 'bash              100', `${WIDE_COMM}        ${WIDE_PID}`]);
  }, 60_000);

  it('mounts -l lines up a CJK mount point', async () => {
    const r = await runRaw(['mounts', '-l', '-o', 'target,fstype', '-t', 'tmpfs'], env);
    const lines = r.stdout.toString().trimEnd().split('\n');
    const wide = lines.find((l) => l.includes(WIDE_COMM))!;
    const plain = lines.find((l) => l.startsWith('/run '))!;
    const col = (l: string): number => [...l.slice(0, l.indexOf('tmpfs'))].reduce((n, ch) => n + (ch >= '\u3000' ? 2 : 1), 0);
    expect(col(wide)).toBe(col(plain));
  }, 60_000);
});
