import type { FstabEntry } from '../core/filesystem.js';
import { decodeMountEscapes } from './mountinfo.js';

export type { FstabEntry };

/**
 * Parser for fstab(5) text (/etc/fstab, or a file given to findmnt -F): one filesystem a line, blank and `#`
 * lines skipped, fields split on blanks, `\040`-style octal escapes decoded. Pure function of the text.
 */

/**
 * Parse fstab text as libmount does: a line needs the source, the mount point and the type; options default to
 * none, freq and passno to 0; a line with fewer fields, or a freq or passno that is not a number, is a parse
 * error (its 1-based line number is returned, and the line left out). Fields after the sixth are ignored.
 */
export function parseFstabReport(text: string): { entries: FstabEntry[]; badLines: number[] } {
  const entries: FstabEntry[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = line.split(/[ \t]+/);
    const num = (s: string | undefined): number | null => (s === undefined ? 0 : /^\d+$/.test(s) ? Number(s) : null);
    const freq = num(f[4]);
    const passno = num(f[5]);
    if (f.length < 3 || freq === null || passno === null) {
      badLines.push(i + 1);
      return;
    }
    const options = decodeMountEscapes(f[3] ?? '');
    const split = splitFstabOptions(options);
    entries.push({
      source: decodeMountEscapes(f[0]!),
      target: decodeMountEscapes(f[1]!),
      fstype: decodeMountEscapes(f[2]!),
      options,
      vfsOptions: split.vfs,
      fsOptions: split.fs,
      freq,
      passno,
    });
  });
  return { entries, badLines };
}

/** The entries of fstab text (lines libmount cannot parse left out). */
export function parseFstab(text: string): FstabEntry[] {
  return parseFstabReport(text).entries;
}

/** True when text looks like mountinfo (`ID PARENT MAJ:MIN ...` lines) rather than fstab, as libmount guesses. */
export function looksLikeMountinfo(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return first !== undefined && /^\s*\d+\s+\d+\s+\d+:\d+\s/.test(first);
}

/**
 * libmount's split of fstab options into per-mount (VFS) and filesystem-specific ones; options that are
 * mount(8)'s own (`defaults`, `noauto`, `user`, `_netdev`, `x-*`, `comment=`) belong to neither.
 */
const VFS_OPTIONS = new Set([
  'ro', 'rw', 'exec', 'noexec', 'suid', 'nosuid', 'dev', 'nodev', 'sync', 'async', 'dirsync', 'remount', 'bind',
  'rbind', 'mand', 'nomand', 'atime', 'noatime', 'iversion', 'noiversion', 'diratime', 'nodiratime', 'relatime',
  'norelatime', 'strictatime', 'nostrictatime', 'lazytime', 'nolazytime', 'nosymfollow', 'symfollow', 'move',
  'silent', 'loud', 'private', 'slave', 'shared', 'unbindable', 'rprivate', 'rslave', 'rshared', 'runbindable',
]);
const USERSPACE_OPTIONS = new Set([
  'defaults', 'auto', 'noauto', 'user', 'nouser', 'users', 'owner', 'noowner', 'group', 'nogroup', '_netdev',
  'nofail', 'loop', 'offset', 'sizelimit', 'encryption', 'comment', 'uhelper', 'helper', 'verity',
]);

/** Options of fstab's fs_mntops split as findmnt's VFS-OPTIONS and FS-OPTIONS show them. */
export function splitFstabOptions(options: string): { vfs: string; fs: string } {
  const vfs: string[] = [];
  const fs: string[] = [];
  for (const o of options.split(',')) {
    if (o === '') continue;
    const name = o.split('=')[0]!;
    if (VFS_OPTIONS.has(name)) vfs.push(o);
    else if (!USERSPACE_OPTIONS.has(name) && !name.startsWith('x-')) fs.push(o);
  }
  return { vfs: vfs.join(','), fs: fs.join(',') };
}

/** The options of fs_mntops that are mount(8)'s own (`noauto`, `_netdev`, `x-*`), as findmnt --verify names them. */
export function userOptions(options: string): string {
  return options.split(',').filter((o) => {
    const name = o.split('=')[0]!;
    return o !== '' && name !== 'defaults' && (USERSPACE_OPTIONS.has(name) || name.startsWith('x-'));
  }).join(',');
}
