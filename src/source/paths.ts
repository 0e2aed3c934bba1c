import fs from 'node:fs';
import path from 'node:path';
import { underRoot } from './root.js';

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
    fs.realpath(userPath, (err, real) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(err ? { ok: false, code: err.code ?? 'EIO' } : { ok: true, path: real });
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
};

/** strerror() text for an errno code, as the classic tools print it. */
export function errnoMessage(code: string): string {
  return MESSAGES[code] ?? code;
}
