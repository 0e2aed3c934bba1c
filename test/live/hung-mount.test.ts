import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// A FUSE mount whose daemon never answers (as one stopped with SIGSTOP): /dev/fuse is opened and mounted
// with mount(8) -i, and nothing ever reads it, so every request on it waits. Made in a private mount
// namespace (unshare -m, as root: CI runs as root), so no other process on the machine sees the hung mount.
// df and mounts must exit right after printing, df PATH and mounts -T PATH must answer without statting the
// target, and du on it must end on SIGINT and SIGTERM.
const run = promisify(execFile);
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const sysmon = `${q(process.execPath)} ${q(SYSMON_BIN)}`;

/** Run `body` (a shell snippet; $M is the hung mount point) in a private namespace; its output. */
async function withHungMount(body: string): Promise<string> {
  const script = `
set -u
M=$(mktemp -d)
exec 3<>/dev/fuse
mount -i -t fuse.sysmonhang -o fd=3,rootmode=40000,user_id=0,group_id=0 sysmonhang "$M" || exit 99
sleep 120 & HOLD=$!
exec 3<&-
${body}
kill $HOLD
`;
  const r = await run('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env: cliEnv(), timeout: 90_000 });
  return r.stdout;
}

/** `cmd` with a 20 s kill as the backstop; prints its exit status and its time in ms. */
const timed = (cmd: string): string =>
  `s=$(date +%s%N); timeout -s KILL 20 ${cmd} >/tmp/out.$$ 2>/tmp/err.$$; echo "status=$?"; ` +
  `echo "ms=$(( ($(date +%s%N) - s) / 1000000 ))"; cat /tmp/out.$$; echo "--stderr"; cat /tmp/err.$$; rm -f /tmp/out.$$ /tmp/err.$$`;

function parse(out: string): { status: number; ms: number; stdout: string; stderr: string } {
  const [head, stderr = ''] = out.split('--stderr\n');
  const status = Number(/status=(\d+)/.exec(head!)![1]);
  const ms = Number(/ms=(\d+)/.exec(head!)![1]);
  return { status, ms, stdout: head!.split('\n').slice(2).join('\n'), stderr };
}

if (process.getuid?.() !== 0) throw new Error('the hung-mount tests need root (mount, unshare): CI runs them as root');

describe('a hung FUSE mount', () => {
  for (const args of ['df', 'df -hT', 'df --json', 'mounts --df', 'df "$M"', 'df "$M/sub/dir"']) {
    it(`sysmon ${args}: prints, marks it stale, exits 1 right after the 2 s statfs limit`, async () => {
      const r = parse(await withHungMount(timed(`${sysmon} ${args}`)));
      expect(r.status).toBe(1); // 137 when the backstop had to kill it
      expect(r.ms).toBeLessThan(15_000);
      expect(r.stderr).toMatch(/statfs did not answer within 2000 ms; shown as stale \(-\)/);
      if (!args.includes('json')) expect(r.stdout).toMatch(/^sysmonhang .*-/m);
    }, 90_000);
  }

  it('mounts -T PATH answers without statting the target', async () => {
    const r = parse(await withHungMount(timed(`${sysmon} mounts -T "$M/x"`)));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\/tmp\/\S+ +sysmonhang +fuse\.sysmonhang /m);
    expect(r.ms).toBeLessThan(10_000);
  }, 90_000);

  for (const [sig, code] of [['INT', 130], ['TERM', 143]] as const) {
    it(`du on it ends on SIG${sig} with status ${code}`, async () => {
      const out = await withHungMount(
        `${sysmon} du "$M" >/dev/null 2>&1 & P=$!; sleep 2; kill -${sig} $P; sleep 2; ` +
          `if kill -0 $P 2>/dev/null; then echo alive; kill -9 $P; else wait $P; echo "status=$?"; fi`,
      );
      expect(out.trim()).toBe(`status=${code}`);
    }, 90_000);
  }
});
