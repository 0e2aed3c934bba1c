import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BusyboxContainer } from './podman-helpers.js';
import { bin, childEnv, get, repo, startChild, stopChild, waitFor, type Child } from './serve-helpers.js';

// "It exports nothing that an unprivileged user of the host could not read": `sysmon serve` runs under strace
// for a few scrapes, and every file it opened (and every path it statfs'ed) is checked as the unprivileged user
// nobody; the private per-process files (cmdline, environ, mem, maps, fd, io...) must never be opened at all.
// .ci/run installs strace; without it this test fails and says so.

const haveStrace = spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;

/** Another process's files that only its owner (or ptrace rights) can read, or that hold what the process was given. */
const PRIVATE = /^\/proc\/(\d+)(\/task\/\d+)?\/(cmdline|environ|mem|maps|smaps|smaps_rollup|pagemap|numa_maps|fd|fdinfo|io|syscall|stack|auxv|personality|wchan|map_files|ns|root|cwd|exe)(\/|$)/;

/**
 * The one known exception, kept explicit: the container runtimes' state (podman's containers.json, Docker's
 * container configs, the kubelet's log directories) is read for the `name`, `pod` and `namespace` labels only,
 * as cAdvisor does; it is root-only on most hosts. Nothing else from those files is exported.
 */
const RUNTIME_NAME_STATE = /^\/(var\/lib\/containers\/storage\/overlay-containers\/containers\.json|var\/lib\/docker\/containers(\/|$)|var\/log\/(pods|containers)(\/|$))/;

interface Access { call: 'open' | 'statfs'; path: string; pid: number }

/** The successful opens and statfs calls of `strace -ff -o PREFIX` files (one per thread: no interleaving). */
function traced(dir: string): Access[] {
  const out: Access[] = [];
  for (const f of fs.readdirSync(dir)) {
    const pid = Number(f.split('.').pop());
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const m = /^(openat|open|statfs)\((?:(?:AT_FDCWD|\d+), )?"((?:[^"\\]|\\.)*)".*\) = (-?\d+)/.exec(line);
      if (!m) continue;
      const [, call, p, rc] = m;
      if (Number(rc) < 0) continue;
      out.push({ call: call === 'statfs' ? 'statfs' : 'open', path: JSON.parse(`"${p!.replace(/\\x([0-9a-f]{2})/g, '\\u00$1')}"`) as string, pid });
    }
  }
  return out;
}

describe.runIf(process.platform === 'linux')('sysmon serve reads only what an unprivileged user can read', () => {
  let tmp = '';
  let child: Child | undefined;
  // A running container, so the container collector's reads are traced too (its command line once leaked in).
  const container = new BusyboxContainer('strace');

  afterAll(async () => {
    await stopChild(child);
    container.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('no private /proc file is opened, and every file and mount it reads is readable by nobody', async () => {
    expect(haveStrace, 'strace is not installed (.ci/run installs it); this check cannot run without it').toBe(true);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-strace-'));
    const noContainer = container.start();
    if (noContainer !== null) console.warn(`no container during the trace (container reads not covered): ${noContainer}`);
    const prefix = path.join(tmp, 'trace');
    child = startChild('strace', ['-qq', '-ff', '-s', '4096', '-e', 'trace=openat,open,statfs', '-o', prefix,
      process.execPath, bin, 'serve', '--listen', '127.0.0.1:0', '--json', '--top', '20', '--interval', '0.2'], childEnv());
    const info = await waitFor('sysmon serve under strace to listen', async () => {
      if (child!.proc.exitCode !== null) throw new Error(`strace exited: ${child!.stderr()}`);
      const out = child!.stdout();
      return out.includes('\n') ? (JSON.parse(out.split('\n')[0]!) as { port: number }) : undefined;
    }, 60_000, 100);
    // A few scrapes, with the collector ticking in between.
    for (let i = 0; i < 3; i++) {
      expect((await get(`http://127.0.0.1:${info.port}/metrics`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Stop sysmon itself (strace would only detach on SIGTERM); strace exits with it.
    const tracee = Number(fs.readFileSync(`/proc/${child.proc.pid}/task/${child.proc.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    process.kill(tracee, 'SIGTERM');
    await child.exited;

    const accesses = traced(tmp);
    const own = new Set(accesses.map((a) => a.pid));
    expect(accesses.some((a) => /^\/proc\/\d+\/stat$/.test(a.path)), 'it read per-process stat files').toBe(true);
    // Node reads its own /proc/self/maps; sysmon must not read any other process's private files.
    const privateOpens = accesses.filter((a) => PRIVATE.test(a.path) && !own.has(Number(a.path.split('/')[2]))).map((a) => a.path);
    expect(privateOpens, 'private per-process files opened').toEqual([]);

    // Node's own code and libraries are not exported data; the repo may sit in a 0700 home.
    const codeRoots = [repo, path.dirname(path.dirname(process.execPath))].map((p) => `${p}/`);
    const toCheck = new Map<string, 'open' | 'statfs'>();
    for (const a of accesses) {
      if (codeRoots.some((r) => a.path.startsWith(r)) || RUNTIME_NAME_STATE.test(a.path)) continue;
      const m = /^\/proc\/(\d+)(\/task\/\d+)?(\/.*)?$/.exec(a.path);
      // A process's own files are its own; another process's file is checked on PID 1 (root's): the same mode.
      if (m && own.has(Number(m[1]))) continue;
      toCheck.set(m ? `/proc/1${m[3] ?? ''}` : a.path, a.call);
    }
    expect(toCheck.size).toBeGreaterThan(10);
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    // Each line: the call and the path; the shell prints those nobody cannot read (or statfs).
    const script = 'while IFS=" " read -r call p; do if [ "$call" = statfs ]; then stat -f -c %t "$p" >/dev/null 2>&1 || echo "$p"; ' +
      'elif [ -d "$p" ]; then ls "$p" >/dev/null 2>&1 || echo "$p"; else head -c 1 "$p" >/dev/null 2>&1 || echo "$p"; fi; done';
    const r = spawnSync(asNobody[0] ?? 'sh', [...asNobody.slice(1), ...(asNobody.length ? ['sh'] : []), '-c', script],
      { input: [...toCheck].map(([p, c]) => `${c} ${p}`).join('\n') + '\n', encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean), 'read by sysmon serve but not readable by nobody').toEqual([]);
  }, 300_000);
});
