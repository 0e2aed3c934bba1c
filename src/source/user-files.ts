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

/** A user's file as text, or null when it cannot be read (pmap -C FILE says only that it could not). */
export function readUserTextOrNull(file: string): string | null {
  const r = readUserText(file);
  return r.ok ? r.text : null;
}

/** A user's file as text (not under --root), or the errno code of the failure (du -X and findmnt -F name it). */
export function readUserText(file: string): { ok: true; text: string } | { ok: false; code: string } {
  try {
    return { ok: true, text: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    return { ok: false, code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/**
 * Create a user's file that must not exist yet (pmap -n, -N): 'exists' when it does, 'failed' when it
 * cannot be made (a missing directory, no permission).
 */
export function createUserFile(file: string, text: string): 'ok' | 'exists' | 'failed' {
  try {
    fs.writeFileSync(file, text, { flag: 'wx', mode: 0o644 });
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists' : 'failed';
  }
}

/** The size of a user's file in bytes, or null when it cannot be statted (a history database, say). */
export function userFileSize(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** Whether a user's file exists (a history database before it is opened). */
export function userFileExists(file: string): boolean {
  return fs.existsSync(file);
}

/** A file outside the monitored root that a library asks for by path (blessed's terminfo entry). */
export function readLibraryFile(file: string): Buffer {
  return fs.readFileSync(file);
}

/** What a user's path names (stat, links followed): a file, a directory, something else, or null when missing. */
export function userPathKind(file: string): 'file' | 'dir' | 'other' | null {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return null;
  }
}

/** The names in a user's directory (unsorted), or null when it cannot be listed. */
export function listUserDir(dir: string): string[] | null {
  try {
    return fs.readdirSync(dir);
  } catch {
    return null;
  }
}
