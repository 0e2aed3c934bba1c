import fs from 'node:fs';
import { RuntimeError } from '../core/errors.js';

const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
};

/**
 * A file the user named on the command line or in a configuration file (a certificate, a key, a password
 * file, a web configuration). These are the user's paths, not system paths: they are not put under --root.
 * Failure is one line naming the command and option: `fleet: cannot read --ca-file ca.pem: no such file`.
 */
export function readUserFile(file: string, what: string, command?: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new RuntimeError(`${command ? `${command}: ` : ''}cannot read ${what} ${file}: ${WHY[code] ?? (err as Error).message}`);
  }
}

/** The text of a file the user named (not under --root), or the errno code of the failure (ENOENT, EACCES). */
export function tryReadUserText(file: string): { ok: true; value: string } | { ok: false; code: string } {
  try {
    return { ok: true, value: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    return { ok: false, code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}
