import fs from 'node:fs';
import path from 'node:path';
import { devNumber } from '../core/devno.js';
import { underRoot } from './root.js';
import { SysFs } from './sysfs.js';

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
 * Run one thread-pool file-system call within a time limit: `call` starts it and hands its callback; the
 * promise takes what `settle` makes of the outcome, or `late` when the call has not answered in time (it is
 * still counted as pending until it does).
 */
function withinTime<T, R>(timeoutMs: number, late: R,
  call: (cb: (err: NodeJS.ErrnoException | null, value: T) => void) => void,
  settle: (err: NodeJS.ErrnoException | null, value: T) => R): Promise<R> {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      resolve(late);
    }, timeoutMs);
    pending++;
    call((err, value) => {
      pending--;
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(settle(err, value));
    });
  });
}

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
  return withinTime<string, PathOutcome>(timeoutMs, { ok: false, code: 'ETIMEDOUT' }, (cb) => fs.realpath(userPath, cb),
    (err, real) => (err ? { ok: false, code: err.code ?? 'EIO' } : { ok: true, path: real }));
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
  return withinTime<fs.BigIntStats, string | undefined>(timeoutMs, undefined,
    (cb) => fs.stat(realPath, { bigint: true }, cb), (err, st) => {
      if (err || (rdev && !st.isBlockDevice())) return undefined;
      return devNumber(rdev ? st.rdev : st.dev);
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
  EINVAL: 'Invalid argument',
  ENXIO: 'No such device or address',
  ENOMEDIUM: 'No medium found',
  ENODEV: 'No such device',
};

/** strerror() text for an errno code, as the classic tools print it. */
export function errnoMessage(code: string): string {
  return MESSAGES[code] ?? code;
}

/** `/dev/mapper/NAME` for a device-mapper node `/dev/dm-N` (its /sys/block/dm-N/dm/name), else the path. */
function mapperName(root: string, p: string): string {
  const m = /^\/dev\/(dm-\d+)$/.exec(p);
  if (!m) return p;
  const name = new SysFs(root).read(`/sys/block/${m[1]}/dm/name`);
  return name === null || name === '' ? p : `/dev/mapper/${name}`;
}

/**
 * A mount's source as findmnt -c prints it (util-linux canonicalize_path): realpath, relative to the working
 * directory (so `proc` is `/proc` when run from /), within the time limit; as given when it does not
 * resolve; a device-mapper node by its /dev/mapper name. Under a fixture root the path is resolved lexically.
 */
export async function canonicalSource(root: string, source: string, timeoutMs: number): Promise<string> {
  if (source === '') return source;
  const r = root === '/' ? await resolveUserPath(root, source, timeoutMs)
    : source.startsWith('/') ? await resolveUserPath(root, source, timeoutMs) : { ok: false as const, code: 'ENOENT' };
  return r.ok ? mapperName(root, r.path) : source;
}

/**
 * The device a udev link in /dev/disk names (findmnt -e, libblkid's udev way): null when there is no such
 * link, or (on the real system) it does not lead to a block device.
 */
export function deviceOfLink(root: string, link: string): string | null {
  try {
    const target = fs.readlinkSync(underRoot(root, link));
    const dev = path.posix.resolve(path.posix.dirname(link), target);
    // libblkid takes the link only to an existing block device; a fixture tree cannot hold device nodes.
    if (root === '/' && !fs.statSync(dev).isBlockDevice()) return null;
    return mapperName(root, dev);
  } catch {
    return null;
  }
}

/** What a path is, as stat(2) (symlinks followed) says. */
export type PathKind = 'dir' | 'file' | 'block' | 'char' | 'other';

/** stat(2) of a path within the time limit: its kind, or the errno code ('ETIMEDOUT' when it did not answer). */
export function statWithin(root: string, p: string, timeoutMs: number): Promise<{ ok: true; kind: PathKind } | { ok: false; code: string }> {
  const kindOf = (st: fs.Stats): PathKind =>
    st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isBlockDevice() ? 'block' : st.isCharacterDevice() ? 'char' : 'other';
  if (root !== '/') {
    try {
      return Promise.resolve({ ok: true, kind: kindOf(fs.statSync(underRoot(root, path.posix.resolve('/', p)))) });
    } catch (err) {
      return Promise.resolve({ ok: false, code: (err as NodeJS.ErrnoException).code ?? 'EIO' });
    }
  }
  return withinTime<fs.Stats, { ok: true; kind: PathKind } | { ok: false; code: string }>(timeoutMs,
    { ok: false, code: 'ETIMEDOUT' }, (cb) => fs.stat(p, cb),
    (err, st) => (err ? { ok: false, code: err.code ?? 'EIO' } : { ok: true, kind: kindOf(st) }));
}

/**
 * Why a device cannot be opened for reading (the errno code libblkid's probe would fail with), or null when
 * it opens. Opened without blocking and closed at once; nothing is read.
 */
export function openFailure(root: string, p: string): string | null {
  try {
    const fd = fs.openSync(root === '/' ? p : underRoot(root, path.posix.resolve('/', p)), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    fs.closeSync(fd);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

/**
 * The texts that say which file systems this kernel supports, as findmnt --verify collects them:
 * /proc/filesystems and /lib/modules/RELEASE/modules.dep ('' where missing).
 */
export function kernelFilesystemTexts(root: string, release: string): { filesystems: string; modulesDep: string } {
  const sys = new SysFs(root);
  return { filesystems: sys.read('/proc/filesystems') ?? '', modulesDep: sys.read(`/lib/modules/${release}/modules.dep`) ?? '' };
}

/** A mount point as libmount resolves it (realpath, as given when that fails), within the time limit. */
export async function canonicalTarget(root: string, p: string, timeoutMs: number): Promise<string> {
  const r = await resolveUserPath(root, p, timeoutMs);
  return r.ok ? r.path : p;
}
