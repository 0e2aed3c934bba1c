import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Mount } from '../../core/filesystem.js';
import type { SizeStyle } from '../../core/size-units.js';
import { mountForPath, readMounts } from '../../collectors/filesystem-collector.js';
import { mayHang } from '../../source/may-hang.js';
import { ProcFs } from '../../source/proc-fs.js';
import { formatSize } from '../../core/size-units.js';
import { collectDu, type DuEntry, type DuOptions } from '../../collectors/du-collector.js';
import { escapeForTerminal } from '../../format/escape.js';
import { outJson } from '../../format/output.js';
import { quoteFileName } from '../../format/shell-quote.js';
import { errnoMessage } from '../../source/paths.js';
import { diagPrefix } from '../drop-in.js';

const WALKER_ENV = 'SYSMON_DU_WALKER';

/**
 * True when a PATH lies on, or holds, a network or FUSE mount (lexically: finding out by stat could hang).
 * du's walk is synchronous; stuck in a hung mount, its main thread could not even take SIGINT or SIGTERM.
 */
function touchesMountThatMayHang(paths: readonly string[]): boolean {
  let mounts: Mount[];
  try {
    mounts = readMounts(new ProcFs('/'));
  } catch {
    return false;
  }
  const risky = mounts.filter((m) => mayHang(m.fstype));
  if (risky.length === 0) return false;
  return paths.some((p) => {
    const abs = path.resolve(p);
    const under = mountForPath(mounts, abs);
    if (under && mayHang(under.fstype)) return true;
    return risky.some((m) => m.target === abs || m.target.startsWith(abs === '/' ? '/' : abs + '/'));
  });
}

/**
 * Run the same du in a child process and wait for it: this process stays free to take signals and, on
 * SIGINT, SIGTERM or SIGHUP, kills the child (a killable wait ends with SIGKILL) and ends as du would.
 */
function walkInChild(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, [WALKER_ENV]: '1' } });
    for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      process.on(sig, () => {
        child.kill('SIGKILL');
        process.exit(code);
      });
    }
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Parsed `sysmon du` options. */
export interface DuCliOptions extends DuOptions {
  sizes: SizeStyle;
  /** -c: a grand total line. */
  total: boolean;
  json: boolean;
  paths: string[];
}

/** Thrown to end the walk when stdout is gone (`sysmon du -a / | head`). */
class ReaderGone extends Error {}

/** Run du: lines stream to stdout in chunks; returns the exit code (1 when anything could not be read). */
export async function runDu(o: DuCliOptions): Promise<number> {
  if (process.env[WALKER_ENV] !== '1' && touchesMountThatMayHang(o.paths)) return walkInChild();
  try {
    return await runDuInner(o);
  } catch (err) {
    // The pipe handler ends the process quietly once the EPIPE error is delivered.
    if (err instanceof ReaderGone) return 0;
    throw err;
  }
}

async function runDuInner(o: DuCliOptions): Promise<number> {
  let exitCode = 0;
  let buf = '';
  const flush = (): void => {
    if (buf.length > 0) process.stdout.write(buf);
    buf = '';
    if (process.stdout.destroyed) throw new ReaderGone();
  };
  const entries: DuEntry[] = [];
  const sizes = await collectDu(o.paths, o, {
    // A slow or closed reader: wait for the pipe to drain (bounded memory), stop when it is gone.
    async pause() {
      flush();
      if (process.stdout.writableLength > 1 << 20) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            process.stdout.off('drain', done);
            process.stdout.off('close', done);
            resolve();
          };
          process.stdout.once('drain', done);
          process.stdout.once('close', done);
        });
      }
      if (process.stdout.destroyed) throw new ReaderGone();
    },
    entry(e) {
      if (o.json) {
        entries.push(e);
        return;
      }
      // A tab after the size; a name's control characters as `?` (no raw escape reaches a terminal).
      buf += `${formatSize(e.bytes, o.sizes)}\t${escapeForTerminal(e.path)}\n`;
      if (buf.length > 65536) flush();
    },
    error(what, p, code) {
      flush();
      // du always quotes the name, in the shell's syntax ($'\033' for a control character).
      const verb = what === 'read' ? 'cannot read directory' : 'cannot access';
      process.stderr.write(`${diagPrefix('du')}${verb} ${quoteFileName(p, true)}: ${errnoMessage(code)}\n`);
      exitCode = 1;
    },
  });
  const total = sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
  if (o.json) {
    outJson({
      apparent: o.apparent,
      entries: entries.map((e) => ({ path: e.path, size: e.bytes, type: e.isDir ? 'directory' : 'file', depth: e.depth })),
      total,
    });
    return exitCode;
  }
  if (o.total) buf += `${formatSize(total, o.sizes)}\ttotal\n`;
  flush();
  return exitCode;
}
