import type { FstabEntry } from '../core/filesystem.js';
import { decodeMountEscapes } from './mountinfo.js';

export type { FstabEntry };

/**
 * Parser for fstab(5) text (/etc/fstab, or a file given to findmnt -F): one filesystem a line, blank and `#`
 * lines skipped, fields split on blanks, `\040`-style octal escapes decoded. Pure function of the text.
 */

/** Parse fstab text; lines with fewer than two fields are left out, as libmount skips them. */
export function parseFstab(text: string): FstabEntry[] {
  const out: FstabEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(/[ \t]+/);
    if (f.length < 2) continue;
    const n = (s: string | undefined): number => {
      const v = Number(s ?? '0');
      return Number.isInteger(v) && v >= 0 ? v : 0;
    };
    const options = decodeMountEscapes(f[3] ?? 'defaults');
    const split = splitFstabOptions(options);
    out.push({
      source: decodeMountEscapes(f[0]!),
      target: decodeMountEscapes(f[1]!),
      fstype: decodeMountEscapes(f[2] ?? 'auto'),
      options,
      vfsOptions: split.vfs,
      fsOptions: split.fs,
      freq: n(f[4]),
      passno: n(f[5]),
    });
  }
  return out;
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
