import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The built CLI (npm test builds dist/ first). */
export const SYSMON = path.resolve(__dirname, '..', '..', 'bin', 'sysmon');

/** True when tmux is installed; the TUI tests need it (.ci/run installs it). */
export function haveTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface SessionOptions {
  width: number;
  height: number;
  term?: string;
  /** Extra environment for sysmon (NO_COLOR ...). */
  env?: Record<string, string>;
  args?: string[];
  /** The pane's shell ignores SIGHUP, so it still records sysmon's status when the session is killed. */
  outliveHangup?: boolean;
  /** Shell commands the pane's shell runs before starting sysmon (moving itself into a cgroup, say). */
  prelude?: string;
}

/**
 * sysmon running in a detached tmux session on its own server socket (parallel tests never collide). stderr
 * and the exit status go to files, so a test can check both after quitting.
 */
export class TmuxSession {
  readonly socket: string;
  readonly dir: string;
  readonly stderrFile: string;
  readonly statusFile: string;

  constructor(readonly opts: SessionOptions) {
    this.socket = `sysmon-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-tui-'));
    this.stderrFile = path.join(this.dir, 'stderr');
    this.statusFile = path.join(this.dir, 'status');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Start sysmon; the shell records its exit status and then waits, so the pane outlives it. */
  start(): void {
    const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    // A private config dir: the user's sysmon/config.json must not change what a test sees, and W writes here.
    const env = {
      TERM: this.opts.term ?? 'xterm-256color',
      LANG: 'C.UTF-8',
      XDG_CONFIG_HOME: path.join(this.dir, 'config'),
      ...(this.opts.env ?? {}),
    };
    const envText = Object.entries(env).map(([k, v]) => `${k}=${q(v)}`).join(' ');
    const cmd =
      (this.opts.outliveHangup ? `trap '' HUP; ` : '') +
      (this.opts.prelude !== undefined ? `${this.opts.prelude}; ` : '') +
      `env -u NODE_EXTRA_CA_CERTS -u NO_COLOR ${envText} ${q(process.execPath)} ${q(SYSMON)} ${(this.opts.args ?? []).map(q).join(' ')}` +
      ` 2>${q(this.stderrFile)}; echo $? > ${q(this.statusFile)}; sleep 600`;
    this.tmux('new-session', '-d', '-x', String(this.opts.width), '-y', String(this.opts.height), 'sh', '-c', cmd);
  }

  /** The screen as text (`escapes`: with colour escape sequences). */
  capture(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', '0');
  }

  /** Press keys (tmux key names: Enter, Escape, Home, F9, or literal text with `literal`). */
  keys(keys: string[], literal = false): void {
    this.tmux('send-keys', '-t', '0', ...(literal ? ['-l'] : []), ...keys);
  }

  /** Whether the pane shows the alternate screen (a running full-screen program). */
  alternateOn(): boolean {
    return this.tmux('display-message', '-p', '-t', '0', '#{alternate_on}').trim() === '1';
  }

  /** Poll the screen until `ok` holds; throws with the last screen after the deadline. */
  async waitFor(ok: (screen: string) => boolean, timeoutMs = 8000, what = 'screen'): Promise<string> {
    const end = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = this.capture();
      if (ok(screen)) return screen;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen was:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Wait for sysmon to exit; its exit status. */
  async exitStatus(timeoutMs = 5000): Promise<number> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (fs.existsSync(this.statusFile)) {
        const t = fs.readFileSync(this.statusFile, 'utf8').trim();
        if (t !== '') return Number(t);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`sysmon did not exit; screen was:\n${this.capture()}`);
  }

  /** Press q and wait for sysmon to exit: its status and what it wrote on stderr (a clean quit: 0 and ''). */
  async quit(timeoutMs = 10_000): Promise<{ status: number; stderr: string }> {
    this.keys(['q']);
    const status = await this.exitStatus(timeoutMs);
    return { status, stderr: this.stderr() };
  }

  stderr(): string {
    return fs.existsSync(this.stderrFile) ? fs.readFileSync(this.stderrFile, 'utf8') : '';
  }

  /** The pid of sysmon (the node process under the pane's shell). */
  sysmonPid(): number {
    const shell = Number(this.tmux('display-message', '-p', '-t', '0', '#{pane_pid}').trim());
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(shell)], { encoding: 'utf8' });
    const pid = Number(out.trim().split(/\s+/)[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('sysmon process not found');
    return pid;
  }

  /** Close the terminal under sysmon, as a closed window or an ssh drop does (the pane's pty hangs up). */
  killSession(): void {
    this.tmux('kill-server');
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The first row of the process table: the line after the PID header. */
export function firstProcessRow(screen: string): string | undefined {
  const lines = screen.split('\n');
  const h = lines.findIndex((l) => /^\s*PID\s+USER/.test(l));
  return h < 0 ? undefined : lines[h + 1];
}
