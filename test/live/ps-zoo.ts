import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcFs } from '../../src/source/proc-fs.js';
import { psMain } from '../../src/cli/ps/main.js';
import { captureOutput } from '../../src/format/output.js';

/*
 * Processes for comparing sysmon ps with procps ps: a niced sleeper, a negative nice, a threaded process,
 * real-time, batch and idle policies, a stopped process, a zombie, a session leader of its own, one on a pty,
 * and odd names (blanks, parentheses, a trailing blank, a C1 control byte). All sleep, so their figures hold
 * still between two reads except the clocks (elapsed time and lifetime %CPU), which the tests read twice.
 */

/** procps-ng's ps is installed (asked up to three times: a loaded machine can fail one spawn). */
export const hasProcps = [0, 1, 2].some(() =>
  spawnSync('ps', ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout?.includes('procps-ng') ?? false);

/** A started set of processes; stop() ends them all. */
export interface Zoo {
  pids: number[];
  /** pid -> what it is, for messages. */
  what: Map<number, string>;
  stop(): void;
}

const PY_THREADS =
  'import threading,time\n' +
  'for _ in range(3): threading.Thread(target=time.sleep, args=(100000,), daemon=True).start()\n' +
  'time.sleep(100000)\n';
const PY_ZOMBIE = 'import os,time,sys\npid=os.fork()\nif pid==0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(100000)\n';
const PY_NAMED = (name: string): string =>
  `import time\nopen('/proc/self/comm','wb').write(${JSON.stringify(name)}.encode('latin-1'))\ntime.sleep(100000)\n`;

function readyWhen(test: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = (): void => {
      if (test()) resolve();
      else if (Date.now() - t0 > 90_000) reject(new Error(`${what} did not start`));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

function stateOf(pid: number): string | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

function commOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'latin1').replace(/\n$/, '');
  } catch {
    return '';
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Start the processes and wait until each is in the state it should be in. */
export async function startZoo(): Promise<Zoo> {
  const kids: ChildProcess[] = [];
  const what = new Map<number, string>();
  const go = (cmd: string, args: string[], label: string, opts: { detached?: boolean; env?: NodeJS.ProcessEnv } = {}): ChildProcess => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: opts.detached ?? false, env: opts.env ?? process.env });
    kids.push(c);
    if (c.pid) what.set(c.pid, label);
    return c;
  };
  go('nice', ['-n', '7', 'sleep', '100000'], 'niced sleeper');
  go('nice', ['-n', '-4', 'sleep', '100000'], 'negative nice');
  go('python3', ['-c', PY_THREADS], 'threaded');
  go('chrt', ['-f', '12', 'sleep', '100000'], 'SCHED_FIFO 12');
  go('chrt', ['-r', '3', 'sleep', '100000'], 'SCHED_RR 3');
  go('chrt', ['-b', '0', 'sleep', '100000'], 'SCHED_BATCH');
  go('chrt', ['-i', '0', 'sleep', '100000'], 'SCHED_IDLE');
  const stopped = go('sleep', ['100000'], 'stopped');
  go('setsid', ['sleep', '100000'], 'own session');
  // script runs its command with $SHELL -c (sh where SHELL is unset, as under CI); dash forks for a plain
  // command where bash execs, so `exec` makes sleep script's own child whichever shell it is.
  const pty = go('script', ['-qfc', 'exec sleep 100000', '/dev/null'], 'script (pty owner)', { env: { ...process.env, SHELL: '/bin/sh' } });
  go('python3', ['-c', PY_NAMED('we ird) (x ')], 'odd name');
  go('python3', ['-c', PY_NAMED('ctl\x9bname')], 'raw 0x9b byte in comm');
  go('python3', ['-c', PY_NAMED('c1\xc2\x9bu8')], 'U+009B (C1 CSI) in comm');
  go('python3', ['-c', PY_NAMED('bel\x07x')], 'BEL in comm');
  const zparent = go('python3', ['-c', PY_ZOMBIE], 'zombie parent');
  let zombie = 0;
  zparent.stdout!.on('data', (d: Buffer) => {
    zombie = Number(d.toString().trim());
  });
  const pids = [...what.keys()];
  await readyWhen(() => pids.every((p) => stateOf(p) === 'S' || stateOf(p) === 'T'), 'the sleepers');
  await readyWhen(() => commOf(pids[10]!) === 'we ird) (x ' && [11, 12, 13].every((i) => commOf(pids[i]!) !== 'python3'), 'renamed processes');
  process.kill(stopped.pid!, 'SIGSTOP');
  await readyWhen(() => stateOf(stopped.pid!) === 'T', 'the stopped process');
  // The parent prints the child's pid; its children file names it too (whichever comes first under load).
  await readyWhen(() => {
    if (zombie === 0) zombie = childrenOf(zparent.pid!).find((p) => stateOf(p) === 'Z') ?? 0;
    return zombie > 0 && stateOf(zombie) === 'Z';
  }, 'the zombie');
  what.set(zombie, 'zombie');
  let onPty = 0;
  await readyWhen(() => {
    onPty = childrenOf(pty.pid!)[0] ?? 0;
    return onPty > 0 && stateOf(onPty) === 'S' && commOf(onPty) === 'sleep';
  }, 'the process on a pty');
  what.set(onPty, 'sleep on a pty');
  for (const p of childrenOf(pids[8]!)) what.set(p, 'own session child');
  return {
    pids: [...what.keys()].sort((a, b) => a - b),
    what,
    stop() {
      for (const c of kids) {
        try {
          if (c.pid === stopped.pid) process.kill(c.pid!, 'SIGCONT');
          c.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
      try {
        process.kill(onPty, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** Run procps ps; its stdout, stderr and status. */
export function realPs(args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; code: number } {
  const r = spawnSync('ps', args, { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TZ: process.env.TZ, ...env }, maxBuffer: 64 << 20 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

const procFs = new ProcFs('/');

/** Run sysmon's ps in this process (no Node start-up per call): stdout and status. Output goes to a pipe. */
export function ourPs(args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; code: number } {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string | Uint8Array): boolean => {
    chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString());
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  captureOutput(process.stdout);
  try {
    code = psMain(procFs, args, { LANG: 'C.UTF-8', ...env }, { stdoutIsTty: false, columns: undefined, rows: undefined });
  } finally {
    process.stdout.write = write;
    captureOutput(null);
  }
  return { stdout: chunks.join(''), code };
}

export const tmpDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-ps-'));
