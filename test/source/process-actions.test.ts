import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProcPidStat } from '../../src/parsers/proc-pid-stat.js';
import { actionErrorMessage, renice, sendSignal } from '../../src/source/process-actions.js';

const children: ChildProcess[] = [];

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function niceOf(pid: number): number {
  return parseProcPidStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))!.nice;
}

function stateOf(pid: number): string {
  return parseProcPidStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))!.state;
}

/** A pid that is surely free: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true', [], { stdio: 'ignore' });
  await exited(child);
  return child.pid!;
}

/** Run `fn` with the effective uid of nobody (root only; saved uid 0 lets us switch back). */
function asNobody<T>(fn: () => T): T {
  process.seteuid!(65534);
  try {
    return fn();
  } finally {
    process.seteuid!(0);
  }
}

/**
 * Run sendSignal(pid, signal) in a separate node process as the user nobody. kill(2) lets a sender whose
 * REAL uid matches through, so root cannot test "permission denied" by changing only its effective uid: the
 * two modules are transpiled to a temporary directory and run under uid 65534.
 */
function sendSignalAsNobody(pid: number, signal: string | number): unknown {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-actions-'));
  try {
    const src = path.resolve(__dirname, '..', '..', 'src');
    for (const rel of ['source/process-actions.ts', 'core/signals.ts']) {
      const js = ts.transpileModule(fs.readFileSync(path.join(src, rel), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel.replace(/\.ts$/, '.js')), js);
    }
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    fs.writeFileSync(
      path.join(dir, 'run.js'),
      `import { sendSignal } from './source/process-actions.js';\n` +
        `console.log(JSON.stringify(sendSignal(${pid}, ${JSON.stringify(signal)})));\n`,
    );
    for (const p of [dir, path.join(dir, 'source'), path.join(dir, 'core')]) fs.chmodSync(p, 0o755);
    const r = spawnSync(process.execPath, [path.join(dir, 'run.js')], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/' });
    if (r.status !== 0) throw new Error(`child as nobody failed: ${r.stderr || r.error}`);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** For a non-root run: any process owned by another uid. */
function otherUsersPid(): number {
  const me = process.getuid!();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.statSync(`/proc/${name}`).uid !== me) return Number(name);
    } catch {
      // exited meanwhile
    }
  }
  throw new Error('no process of another user is visible: cannot test "permission denied" here');
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('renice', () => {
  it('changes the nice value, as /proc/PID/stat shows', async () => {
    const child = sleeper();
    expect(niceOf(child.pid!)).toBe(0);
    expect(renice(child.pid!, 7)).toEqual({ ok: true });
    expect(niceOf(child.pid!)).toBe(7);
    expect(renice(child.pid!, 19)).toEqual({ ok: true });
    expect(niceOf(child.pid!)).toBe(19);
  });

  it('rejects nice values out of range or not integers, and bad pids', () => {
    expect(renice(process.pid, 20)).toEqual({ ok: false, message: 'nice must be an integer from -20 to 19' });
    expect(renice(process.pid, -21)).toEqual({ ok: false, message: 'nice must be an integer from -20 to 19' });
    expect(renice(process.pid, 1.5)).toEqual({ ok: false, message: 'nice must be an integer from -20 to 19' });
    expect(renice(0, 5)).toEqual({ ok: false, message: 'invalid pid' });
    expect(renice(-1, 5)).toEqual({ ok: false, message: 'invalid pid' });
  });

  it('says "no such process" for a pid that does not exist', async () => {
    expect(renice(await deadPid(), 5)).toEqual({ ok: false, message: 'no such process' });
    expect(renice(4194304 + 1000, 5)).toEqual({ ok: false, message: 'no such process' });
  });

  it('says "permission denied" when not allowed', () => {
    const child = sleeper();
    const attempt = (): unknown => renice(child.pid!, -5);
    // Root may do anything, so drop to nobody for the call; an ordinary user cannot raise priority anyway.
    const result = process.getuid!() === 0 ? asNobody(attempt) : attempt();
    expect(result).toEqual({ ok: false, message: 'permission denied' });
    expect(niceOf(child.pid!)).toBe(0);
  });
});

describe('sendSignal', () => {
  it('kills a child with TERM', async () => {
    const child = sleeper();
    expect(sendSignal(child.pid!, 'TERM')).toEqual({ ok: true });
    expect(await exited(child)).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('accepts SIGKILL and numbers', async () => {
    const a = sleeper();
    expect(sendSignal(a.pid!, 'SIGKILL')).toEqual({ ok: true });
    expect((await exited(a)).signal).toBe('SIGKILL');
    const b = sleeper();
    expect(sendSignal(b.pid!, 9)).toEqual({ ok: true });
    expect((await exited(b)).signal).toBe('SIGKILL');
  });

  it('sends real-time signals by name (their default action ends the process)', async () => {
    const child = sleeper();
    expect(sendSignal(child.pid!, 'RTMIN+2')).toEqual({ ok: true });
    // Node reports a death by a signal it has no name for as (0, null), so the test is that `sleep 60`
    // ended at once and is gone.
    await exited(child);
    expect(fs.existsSync(`/proc/${child.pid}`)).toBe(false);
  });

  it('stops and continues a child', async () => {
    const child = sleeper();
    const pid = child.pid!;
    expect(sendSignal(pid, 'STOP')).toEqual({ ok: true });
    await expect.poll(() => stateOf(pid), { timeout: 2000 }).toBe('T');
    expect(sendSignal(pid, 'cont')).toEqual({ ok: true });
    await expect.poll(() => stateOf(pid), { timeout: 2000 }).toBe('S');
    expect(sendSignal(pid, 0)).toEqual({ ok: true });
  });

  it('rejects bad signal names and numbers without sending anything', async () => {
    const child = sleeper();
    for (const bad of ['BOGUS', 'SIGFOO', '', '99', '-9', 'TERM KILL']) {
      expect(sendSignal(child.pid!, bad), bad).toEqual({ ok: false, message: 'invalid signal' });
    }
    expect(sendSignal(child.pid!, 65)).toEqual({ ok: false, message: 'invalid signal' });
    expect(fs.existsSync(`/proc/${child.pid}`)).toBe(true);
    expect(child.exitCode).toBeNull();
  });

  it('never signals process groups or everyone: pid 0 and negative pids are refused', () => {
    expect(sendSignal(0, 0)).toEqual({ ok: false, message: 'invalid pid' });
    expect(sendSignal(-1, 0)).toEqual({ ok: false, message: 'invalid pid' });
    expect(sendSignal(Number.NaN, 0)).toEqual({ ok: false, message: 'invalid pid' });
  });

  it('says "no such process" for a pid that does not exist', async () => {
    expect(sendSignal(await deadPid(), 'TERM')).toEqual({ ok: false, message: 'no such process' });
  });

  it('says "permission denied" for a process of another user', () => {
    // A root-owned sleeper: an ordinary user may not signal it; as root the call runs in a child as nobody.
    const child = sleeper();
    const result = process.getuid!() === 0 ? sendSignalAsNobody(child.pid!, 'TERM') : sendSignal(otherUsersPid(), 0);
    expect(result).toEqual({ ok: false, message: 'permission denied' });
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
  });
});

describe('actionErrorMessage', () => {
  it('maps errno codes to short words', () => {
    expect(actionErrorMessage('EPERM')).toBe('permission denied');
    expect(actionErrorMessage('EACCES')).toBe('permission denied');
    expect(actionErrorMessage('ESRCH')).toBe('no such process');
    expect(actionErrorMessage('EIO')).toBe('failed (EIO)');
    expect(actionErrorMessage(undefined)).toBe('failed');
  });
});
