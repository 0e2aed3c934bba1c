import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runSysmon } from '../helpers/sysmon-cli.js';

// The one-shots on both backends side by side on this Linux machine: `--backend portable` reads
// systeminformation and pidusage, the default reads /proc. Processes come and go while the two run (other tests
// share the machine), so pid sets are compared modulo those; a process that lived through both /proc readings
// must be in the portable one, with the same user. Children the test owns are compared exactly.

const children = [spawn('sleep', ['311']), spawn('sleep', ['312.5'])];
// A process on a terminal of its own (script(1) gives its command a pseudo-terminal): a TTY that is not `?`.
const onTty = spawn('script', ['-qfc', 'exec sleep 314.5', '/dev/null'], { stdio: 'ignore' });
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  onTty.kill('SIGKILL');
});
const mine = (): number[] => children.map((c) => c.pid!);

interface PsRow {
  pid: number;
  user: string | null;
  comm: string;
  args: string;
  rss: number | null;
  vsz: number | null;
  etimes: number | null;
  tty: string | null;
  pgid: number | null;
}

async function ps(backend: 'proc' | 'portable'): Promise<PsRow[]> {
  const r = await runSysmon(['--backend', backend, 'ps', '-eo', 'pid,user,comm,args,rss,vsz,etimes,tty,pgid', '--json'], { timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PsRow[];
}

describe('ps on both backends', () => {
  it('the same processes, users and commands; resident memory within a tolerance; unfilled columns are null', async () => {
    await new Promise((r) => setTimeout(r, 300));
    const before = await ps('proc');
    const t0 = Date.now() / 1000;
    const portable = await ps('portable');
    const after = await ps('proc');
    const alive = new Set(after.map((p) => p.pid));
    const stable = before.filter((p) => alive.has(p.pid));
    const byPid = new Map(portable.map((p) => [p.pid, p]));
    for (const p of stable) {
      const q = byPid.get(p.pid);
      expect(q, `pid ${p.pid} (${p.comm}) lived through both /proc readings`).toBeDefined();
      expect(q!.user, `user of ${p.pid}`).toBe(p.user);
      // The terminal's name (ps's, through systeminformation) against the one /proc's tty_nr names.
      expect(q!.tty, `tty of ${p.pid}`).toBe(p.tty);
    }
    // A pid only the portable reading saw came and went between the /proc readings: it is younger than them.
    const seen = new Set([...before, ...after].map((p) => p.pid));
    for (const q of portable.filter((p) => !seen.has(p.pid))) {
      expect(q.etimes!, `pid ${q.pid} (${q.comm}) only in the portable reading`).toBeLessThanOrEqual(Date.now() / 1000 - t0 + 5);
    }
    for (const pid of mine()) {
      const p = before.find((x) => x.pid === pid)!;
      const q = byPid.get(pid)!;
      expect(q.comm).toBe(p.comm);
      expect(q.args).toBe(p.args);
      expect(q.vsz).toBe(p.vsz);
      // pidusage reads /proc/PID/stat's rss, which lags the exact figure ps shows (status/statm) by the
      // kernel's per-thread counter batching: up to 64 pages a thread.
      expect(Math.abs(q.rss! - p.rss!), `rss of ${pid}`).toBeLessThanOrEqual(64 * 4096 + 64 * 1024);
      expect(Math.abs(q.etimes! - p.etimes!), `etimes of ${pid}`).toBeLessThanOrEqual(3 + (Date.now() / 1000 - t0));
      // The portable backend has no process group: null in JSON (`-` in the table).
      expect(q.tty).toBe(p.tty);
      expect(q.pgid).toBeNull();
    }
    const termed = before.find((p) => p.args === 'sleep 314.5');
    expect(termed?.tty, 'the sleeper under script(1)').toMatch(/^pts\/\d+$/);
    expect(byPid.get(termed!.pid)!.tty).toBe(termed!.tty);
    // Kernel threads keep their whole name and print as [name], as on /proc.
    const kthreadd = before.find((p) => p.pid === 2 && p.comm === 'kthreadd');
    if (kthreadd) expect(byPid.get(2)!.args).toBe('[kthreadd]');
  }, 120_000);

  it('the table prints - for what the portable backend cannot fill, and the same TTY', async () => {
    const pid = String(mine()[0]);
    const [a, b] = await Promise.all([
      runSysmon(['--backend', 'portable', 'ps', '-o', 'pid,user,tty,pgid,comm', '-p', pid]),
      runSysmon(['ps', '-o', 'pid,user,tty,pgid,comm', '-p', pid]),
    ]);
    expect(b.code).toBe(0);
    expect(a.code).toBe(0);
    const [ha, ra] = a.stdout.trimEnd().split('\n');
    const [hb, rb] = b.stdout.trimEnd().split('\n');
    expect(ha).toBe(hb);
    const [, user, tty] = rb!.trim().split(/\s+/);
    expect(ra!.trim().split(/\s+/)).toEqual([pid, user, tty, '-', 'sleep']);
  }, 60_000);
});

describe('top -b on both backends', () => {
  it('memory totals exactly, the same task count within what came and went, our children listed', async () => {
    const [a, b] = await Promise.all([
      runSysmon(['--backend', 'portable', 'top', '-b', '-n', '1', '--json'], { timeout: 60_000 }),
      runSysmon(['top', '-b', '-n', '1', '--json'], { timeout: 60_000 }),
    ]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const fa = JSON.parse(a.stdout);
    const fb = JSON.parse(b.stdout);
    expect(fa.mem.total).toBe(fb.mem.total);
    expect(fa.swap.total).toBe(fb.swap.total);
    expect(Math.abs(fa.tasks.total - fb.tasks.total)).toBeLessThanOrEqual(Math.max(10, fb.tasks.total * 0.2));
    const pids = new Set((fa.processes as Array<{ pid: number }>).map((p) => p.pid));
    for (const pid of mine()) expect(pids.has(pid), `pid ${pid}`).toBe(true);
    const shr = (fa.processes as Array<{ pid: number; shr: number | null }>).find((p) => p.pid === mine()[0]);
    expect(shr!.shr).toBeNull();
  }, 120_000);

  it('-u USER (a name or a uid): the same processes of that user on both backends, none of anyone else', async () => {
    const uid = process.getuid!();
    const name = (await runSysmon(['ps', '-o', 'user=', '-p', String(process.pid)])).stdout.trim();
    const rows = async (backend: 'proc' | 'portable', user: string) => {
      const r = await runSysmon(['--backend', backend, 'top', '-b', '-n', '1', '--json', '-u', user], { timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).processes as Array<{ pid: number; user: string }>;
    };
    for (const user of [name, String(uid)]) {
      const [a, b] = await Promise.all([rows('portable', user), rows('proc', user)]);
      for (const pid of mine()) expect(a.map((p) => p.pid), `-u ${user}: pid ${pid}`).toContain(pid);
      expect(new Set(a.map((p) => p.user)), `-u ${user}`).toEqual(new Set([name]));
      // Our children and this process live through both readings: both backends list them.
      for (const pid of [...mine(), process.pid]) expect(b.map((p) => p.pid), `proc -u ${user}`).toContain(pid);
    }
    // A user who owns nothing here lists nothing (top's header and no rows), on both.
    const nobody = await rows('portable', '65534');
    expect(nobody.filter((p) => mine().includes(p.pid))).toEqual([]);
  }, 120_000);

  it('text frames: the layout of the /proc backend, SHR printed as -', async () => {
    const r = await runSysmon(['--backend', 'portable', 'top', '-b', '-n', '2', '-d', '0.2', '-p', String(mine()[0])], { timeout: 60_000 });
    expect(r.code).toBe(0);
    const frames = r.stdout.split(/\n(?=top - )/);
    expect(frames).toHaveLength(2);
    const lines = frames[1]!.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^top - \d\d:\d\d:\d\d up .*load average: /);
    expect(lines[6]).toMatch(/^\s+PID USER\s+PR\s+NI\s+VIRT\s+RES\s+SHR S\s+%CPU\s+%MEM\s+TIME\+ COMMAND$/);
    const row = lines[7]!.trim().split(/\s+/);
    expect(row[0]).toBe(String(mine()[0]));
    expect(row[6]).toBe('-');
    expect(row.at(-1)).toBe('sleep');
  }, 60_000);
});

describe('df on both backends', () => {
  it("the portable backend's filesystems are df's, with the same sizes; inode columns print -", async () => {
    const [a, b, i] = await Promise.all([
      runSysmon(['--backend', 'portable', 'df', '--json']),
      runSysmon(['df', '-a', '--json']),
      runSysmon(['--backend', 'portable', 'df', '-i', '/']),
    ]);
    expect(a.code).toBe(0);
    const pa = JSON.parse(a.stdout).filesystems as Array<Record<string, number | string | null>>;
    const pb = JSON.parse(b.stdout).filesystems as Array<Record<string, number | string | null>>;
    expect(pa.length).toBeGreaterThan(0);
    const key = (f: Record<string, unknown>) => `${f.source} ${f.fstype} ${f.target}`;
    const proc = new Map(pb.map((f) => [key(f), f]));
    for (const f of pa) {
      const g = proc.get(key(f));
      expect(g, key(f)).toBeDefined();
      // Both in KiB: df -k rounds the same block counts; used and avail move with whatever writes meanwhile.
      expect(f.size).toBe(Math.floor((g!.size as number) / 1024) * 1024);
      expect(Math.abs((f.used as number) - (g!.used as number))).toBeLessThan(Math.max(64 << 20, (g!.size as number) * 0.01));
      expect(f.itotal).toBeNull();
    }
    // The root filesystem is there on both.
    expect(pa.some((f) => f.target === '/')).toBe(true);
    expect(i.code).toBe(0);
    expect(i.stdout.split('\n')[1]).toMatch(/^\S+\s+-\s+-\s+-\s+-\s+\/$/);
  }, 60_000);

  it('a PATH is answered by the filesystem that holds it, as df does; an empty one is one line and exit 1', async () => {
    // The repository's own directory: it exists wherever the tests run.
    const dir = REPO;
    const [a, b, listed, bad] = await Promise.all([
      runSysmon(['--backend', 'portable', 'df', '--output=target', dir]),
      runSysmon(['df', '--output=target', dir]),
      runSysmon(['--backend', 'portable', 'df', '--output=target']),
      runSysmon(['--backend', 'portable', 'df', '']),
    ]);
    expect(a.code).toBe(0);
    // Where the repository is on a filesystem systeminformation leaves out (tmpfs), the portable answer is the
    // nearest listed one above it; elsewhere both say the same.
    if (listed.stdout.split('\n').includes(b.stdout.split('\n')[1]!)) expect(a.stdout).toBe(b.stdout);
    else expect(listed.stdout.split('\n')).toContain(a.stdout.split('\n')[1]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("sysmon: '': no file system listed holds this path\n");
  }, 60_000);
});
