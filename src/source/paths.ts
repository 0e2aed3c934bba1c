import fs from 'node:fs';
import path from 'node:path';
import { devNumber } from '../core/devno.js';
import { underRoot } from './root.js';

let pending = 0;

/**
 * realpath/stat calls the kernel has not answered yet (a path on a hung mount). While any is pending, a
 * one-shot command must end with process.exit: the stuck thread-pool call would keep Node alive.
 */
export function pendingPathCalls(): number {
  return pending;
}

/** A resolved command-line path, or the errno code that stopped it ('ETIMEDOUT' when it did not answer). */
export type PathOutcome = { ok: true; path: string } | { ok: false; code: string };

/**
 * Resolve a command-line PATH to an absolute system path with symlinks followed (realpath), within a time
 * limit (a path on a hung NFS mount must not hang sysmon). Under a fixture root, resolution is lexical and
 * the path must exist inside the fixture tree.
 */
export function resolveUserPath(root: string, userPath: string, timeoutMs: number): Promise<PathOutcome> {
  if (root !== '/') {
    const abs = path.posix.resolve('/', userPath);
    try {
      fs.lstatSync(underRoot(root, abs));
      return Promise.resolve({ ok: true, path: abs });
    } catch (err) {
      return Promise.resolve({ ok: false, code: (err as NodeJS.ErrnoException).code ?? 'EIO' });
    }
  }
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      resolve({ ok: false, code: 'ETIMEDOUT' });
    }, timeoutMs);
    pending++;
    fs.realpath(userPath, (err, real) => {
      pending--;
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(err ? { ok: false, code: err.code ?? 'EIO' } : { ok: true, path: real });
    });
  });
}

/**
 * Device number ("maj:min") of the filesystem that holds a path (stat(2) st_dev, symlinks followed), or
 * undefined when it cannot be had within the time limit. Under a fixture root there is none.
 */
export function deviceOf(root: string, realPath: string, timeoutMs: number): Promise<string | undefined> {
  return statDevice(root, realPath, timeoutMs, false);
}

/**
 * The device number (`major:minor`) a block device node stands for (its st_rdev), or undefined when the
 * path is not a block device (or under another root, or stat failed or timed out). df DEVICE reports the
 * file system mounted from it.
 */
export function blockDeviceOf(root: string, realPath: string, timeoutMs: number): Promise<string | undefined> {
  return statDevice(root, realPath, timeoutMs, true);
}

function statDevice(root: string, realPath: string, timeoutMs: number, rdev: boolean): Promise<string | undefined> {
  if (root !== '/') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      resolve(undefined);
    }, timeoutMs);
    pending++;
    fs.stat(realPath, { bigint: true }, (err, st) => {
      pending--;
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err || (rdev && !st.isBlockDevice())) return resolve(undefined);
      resolve(devNumber(rdev ? st.rdev : st.dev));
    });
  });
}

const MESSAGES: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  ESTALE: 'Stale file handle',
  ETIMEDOUT: 'did not answer in time',
  ENOSPC: 'No space left on device',
  EBADF: 'Bad file descriptor',
  EDQUOT: 'Disk quota exceeded',
  EFBIG: 'File too large',
  EISDIR: 'Is a directory',
};

/** strerror() text for an errno code, as the classic tools print it. */
export function errnoMessage(code: string): string {
  return MESSAGES[code] ?? code;
}
