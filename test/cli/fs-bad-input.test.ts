import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon, type CliResult } from '../helpers/sysmon-cli.js';

// Bad input to df, mounts, lsblk and du: one line on stderr, exit 1 as the real tools (usage errors too), no
// stack trace; findmnt prints nothing when nothing matches.
const root = path.join(REPO, 'test', 'fixtures', 'fs-basic');
const env = cliEnv({ SYSMON_ROOT: root });

function sysmon(args: string[]): Promise<CliResult> {
  return runSysmon(args, { env });
}

const cases: Array<[string[], number, RegExp]> = [
  [['df', '-B', '0'], 1, /^sysmon: invalid -B argument '0'$/],
  [['df', '-B', 'x'], 1, /^sysmon: invalid -B argument 'x'$/],
  [['df', '--output=bogus'], 1, /^sysmon: option --output: field 'bogus' unknown \(valid: source, /],
  [['df', '--output=source,source'], 1, /^sysmon: option --output: field 'source' used more than once$/],
  [['df', '-i', '--output=size'], 1, /^sysmon: options -i and --output are mutually exclusive$/],
  [['df', '--sort', 'bogus'], 1, /^sysmon: unknown sort key 'bogus'/],
  [['df', '-t', 'nosuchtype'], 1, /^sysmon: no file systems processed$/],
  [['df', '-t', ''], 1, /^sysmon: no file systems processed$/],
  [['df', ''], 1, /^sysmon: '': No such file or directory$/],
  [['df', '/does/not/exist'], 1, /^sysmon: \/does\/not\/exist: No such file or directory$/],
  [['df', '--statfs-timeout', '-5'], 1, /^sysmon: /],
  [['mounts', '-o', 'target,NOSUCH'], 1, /^sysmon: unknown column: NOSUCH$/],
  [['lsblk', '--statfs-timeout', 'abc'], 1, /^sysmon: invalid --statfs-timeout 'abc'/],
  [['du', '-d', 'x', '.'], 1, /^sysmon: invalid maximum depth 'x'$/],
  [['du', '-s', '-a', '.'], 1, /^sysmon: cannot both summarize and show all entries$/],
  [['du', '-s', '-d', '2', '.'], 1, /^sysmon: summarizing conflicts with --max-depth=2$/],
  [['du', '-B', '0', '.'], 1, /^sysmon: invalid -B argument '0'$/],
];

describe('bad input to the filesystem commands', () => {
  for (const [args, code, msg] of cases) {
    it(`${args.join(' ')} -> exit ${code}, one line`, async () => {
      const r = await sysmon(args);
      expect(r.code).toBe(code);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(msg);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    });
  }

  it("mounts --bogus: getopt's line and util-linux's Try line, exit 1", async () => {
    const r = await sysmon(['mounts', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("sysmon: unrecognized option '--bogus'\nTry 'sysmon findmnt --help' for more information.\n");
  });

  it('findmnt prints nothing and exits 1 when no mount matches a source, path or mount point', async () => {
    for (const args of [['-S', '/dev/nothing'], ['-T', '/does/not/exist'], ['/no/such/mountpoint'], ['-M', '/nope']]) {
      const r = await sysmon(['mounts', ...args]);
      expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([1, '', '']);
    }
    // A type filter that matches nothing is not an error to findmnt.
    const t = await sysmon(['mounts', '-t', 'bogusfs']);
    expect([t.code, t.stdout, t.stderr]).toEqual([0, '', '']);
  });

  it('mounts -T on a path that no mount holds (a fixture mount table without /) prints nothing, exit 1', async () => {
    const r = await runSysmon(['mounts', '-T', '/etc/hostname'], {
      env: { ...env, SYSMON_ROOT: path.join(REPO, 'test', 'fixtures', 'fs-nomount') },
    });
    expect(r.code).toBe(1);
    expect([r.stdout, r.stderr]).toEqual(['', '']);
  });

  it('df with a good and a bad PATH prints the good one and exits 1', async () => {
    const r = await sysmon(['df', '/nope', '/etc/hostname']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sysmon: /nope: No such file or directory\n');
    expect(r.stdout.split('\n')[1]).toMatch(/^\/dev\/mapper\/vg-root +20443136 +7860224 +11534336 +41% \/$/);
  });
});
