import fs from 'node:fs';
import { RuntimeError } from '../core/errors.js';
import { underRoot } from './root.js';

/** Errors that mean "this process or file went away or is hidden": skip, never report. */
const GONE = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM', 'ENOTDIR', 'EINVAL']);

/**
 * Outcome of a read that must say why it failed (the details screen shows "permission denied" rather than
 * nothing): the value, or the errno code such as 'EACCES', 'ENOENT', 'ESRCH'.
 */
export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; code: string };

function errnoCode(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

export function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed or never valid: nothing to give back
  }
}

/**
 * How many descriptors the kept per-tick files may use: half the soft open-file limit less some room for
 * everything else (Node raises the soft limit to the hard one at start). 8192 when the limit is unknown.
 */
function keptLimit(): number {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (!m || m[1] === 'unlimited') return 8192;
    return Math.max(0, Math.floor(Number(m[1]) / 2) - 128);
  } catch {
    return 8192;
  }
}

/** Errors of a path that is there but is not a readable file (a directory, a device without a driver). */
function isNotAFile(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EISDIR' || code === 'ENXIO' || code === 'ENODEV' || code === 'EAGAIN' || code === 'EINVAL';
}

function isGone(err: unknown): boolean {
  return typeof err === 'object' && err !== null && GONE.has((err as NodeJS.ErrnoException).code ?? '');
}

/**
 * Read access to /proc (and the rest of the system tree) under an injectable root. This and the other
 * modules in src/source/ are the only code that touches the file system.
 *
 * Per-process files are read synchronously into one reused buffer: for thousands of small /proc files the
 * asynchronous API costs 6-25x more.
 */
export class ProcFs {
  /** Real path of the proc directory (`<root>/proc`). */
  readonly procDir: string;
  private buf: Buffer = Buffer.allocUnsafe(64 * 1024);
  /**
   * `[buf]`, for fs.readvSync: a read of the whole buffer through it runs two argument checks in JavaScript
   * where fs.readSync runs five (each a wrapper call, costly before the JIT compiles them); scans make thousands.
   */
  private bufList: Buffer[] = [this.buf];
  /** Kept-open descriptors of per-tick files: name -> pid -> fd (see readPidBytesKept). */
  private readonly kept = new Map<string, Map<number, number>>();
  private keptCount = 0;
  private maxKeptValue = -1;

  constructor(readonly root: string) {
    this.procDir = underRoot(root, '/proc');
  }

  /**
   * Most descriptors readPidBytesKept holds; beyond it files are opened and closed per read. Worked out on
   * first use: a one-shot that keeps nothing open never reads /proc/self/limits.
   */
  get maxKept(): number {
    if (this.maxKeptValue < 0) this.maxKeptValue = Math.min(8192, keptLimit());
    return this.maxKeptValue;
  }

  set maxKept(n: number) {
    this.maxKeptValue = n;
  }

  /** Throws a RuntimeError when there is no /proc to read (not Linux, or a wrong --root). */
  assertAvailable(): void {
    if (!fs.existsSync(underRoot(this.root, '/proc/stat'))) {
      const where = this.root === '/' ? '/proc' : `${this.procDir}`;
      throw new RuntimeError(`no ${where}/stat: sysmon reads the Linux /proc filesystem, which this system does not have`);
    }
  }

  /** Real path for a system path such as "/proc/meminfo" or "/etc/passwd". */
  path(systemPath: string): string {
    return underRoot(this.root, systemPath);
  }

  /**
   * Whole text of a system file, or null when it is missing, unreadable or not a regular file. A corrupted or
   * hostile root may hold a directory or a FIFO where /proc/meminfo or mountinfo should be: opened without
   * blocking and checked with fstat, it counts as missing instead of an EISDIR error or a read that never ends.
   */
  readText(systemPath: string): string | null {
    const real = this.path(systemPath);
    let fd: number;
    try {
      fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (err) {
      if (isGone(err) || isNotAFile(err)) return null;
      throw err;
    }
    try {
      if (!fs.fstatSync(fd).isFile()) return null;
      let total = 0;
      for (;;) {
        if (total === this.buf.length) this.growBuffer(total);
        const n = fs.readSync(fd, this.buf, total, this.buf.length - total, null);
        if (n === 0) break;
        total += n;
      }
      return this.buf.toString('utf8', 0, total);
    } catch (err) {
      if (isGone(err) || isNotAFile(err)) return null;
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Text of /proc/PID/NAME (NAME may be "task/TID/stat"), or null when the process is gone or hidden. */
  readPid(pid: number, name: string): string | null {
    return this.readFile(`${this.procDir}/${pid}/${name}`);
  }

  /**
   * Read a file into the reused buffer and return its byte length, or -1 when unreadable. The bytes stay valid
   * until the next call on this ProcFs; use {@link buffer} to read them. For hot paths that parse bytes directly.
   */
  readPidBytes(pid: number, name: string): number {
    return this.readInto(`${this.procDir}/${pid}/${name}`);
  }

  /**
   * Like {@link readPidBytes}, but trusts a short read as the end of the file: one read(2) instead of two.
   * Only for /proc/PID files the kernel produces whole in one read (stat, statm, status, cmdline, io — the
   * single_open and cmdline handlers); seq_file lists such as mountinfo need {@link readPidBytes}.
   */
  readPidBytesOnce(pid: number, name: string): number {
    let fd: number;
    try {
      fd = this.openFile(`${this.procDir}/${pid}/${name}`);
    } catch (err) {
      if (isGone(err)) return -1;
      throw err;
    }
    try {
      // Nearly every /proc/PID file fits the buffer: one read of all of it.
      let total = fs.readvSync(fd, this.bufList);
      if (total < this.buf.length) return total;
      for (;;) {
        if (total === this.buf.length) this.growBuffer(total);
        const room = this.buf.length - total;
        const n = fs.readSync(fd, this.buf, total, room, null);
        total += n;
        if (n < room) return total;
      }
    } catch (err) {
      if (isGone(err)) return -1;
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Text of /proc/PID/NAME read with a single call into Node (fs.readFileSync with 'utf8' opens, reads and
   * closes in C++), or null when the process is gone or the file hidden. For files read once per process
   * (status, cmdline) and one-shot scans: per file it costs one crossing into the runtime instead of three.
   */
  readPidUtf8(pid: number, name: string): string | null {
    try {
      return fs.readFileSync(`${this.procDir}/${pid}/${name}`, 'utf8');
    } catch (err) {
      if (isGone(err)) return null;
      throw err;
    }
  }

  /**
   * Like {@link readPidBytesOnce}, for files read again on every refresh (stat, statm): the file stays open
   * and later calls re-read it at offset 0, one pread(2) instead of open + read + close. The kernel rebuilds
   * single_open /proc files on every read from offset 0, so the bytes are always fresh. A kept descriptor pins
   * the process it was opened for: once that process is gone, reads fail with ESRCH and the file is opened
   * again by pid, so a reused pid reads the new process. At most {@link maxKept} descriptors are kept (and
   * none after an EMFILE); call {@link releasePid} for processes that went away, {@link releaseAll} at the end.
   */
  readPidBytesKept(pid: number, name: string): number {
    let byPid = this.kept.get(name);
    if (byPid === undefined) {
      byPid = new Map();
      this.kept.set(name, byPid);
    }
    const fd = byPid.get(pid);
    if (fd !== undefined) {
      const n = this.preadAll(fd);
      if (n >= 0) return n;
      byPid.delete(pid);
      this.keptCount--;
      closeQuietly(fd);
    }
    if (this.keptCount >= this.maxKept) return this.readPidBytesOnce(pid, name);
    let nfd: number;
    try {
      nfd = this.openFile(`${this.procDir}/${pid}/${name}`);
      if (this.maxKept === 0) {
        // openFile just gave every kept descriptor back: read this one once and close it too.
        closeQuietly(nfd);
        return this.readPidBytesOnce(pid, name);
      }
    } catch (err) {
      if (isGone(err)) return -1;
      if ((err as NodeJS.ErrnoException).code === 'EMFILE' || (err as NodeJS.ErrnoException).code === 'ENFILE') {
        // Out of descriptors: give them all back and stop keeping files open.
        this.releaseAll();
        this.maxKept = 0;
        return this.readPidBytesOnce(pid, name);
      }
      throw err;
    }
    const n = this.preadAll(nfd);
    if (n < 0) {
      closeQuietly(nfd);
      return -1;
    }
    byPid.set(pid, nfd);
    this.keptCount++;
    return n;
  }

  /** Close the files {@link readPidBytesKept} keeps for a process. */
  releasePid(pid: number): void {
    for (const byPid of this.kept.values()) {
      const fd = byPid.get(pid);
      if (fd !== undefined) {
        byPid.delete(pid);
        this.keptCount--;
        closeQuietly(fd);
      }
    }
  }

  /**
   * open(2) for reading. When the process is out of descriptors (EMFILE, ENFILE: a low `ulimit -n`, thousands
   * of processes), the kept per-tick files are the ones to give back: close them all, keep none from then on,
   * and try once more.
   */
  private openFile(real: string): number {
    try {
      return fs.openSync(real, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'EMFILE' && code !== 'ENFILE') || this.keptCount === 0) throw err;
      this.releaseAll();
      this.maxKept = 0;
      return fs.openSync(real, 'r');
    }
  }

  /** Double the reused buffer, keeping its first `used` bytes (a file larger than any before). */
  private growBuffer(used: number): void {
    const bigger = Buffer.allocUnsafe(this.buf.length * 2);
    this.buf.copy(bigger, 0, 0, used);
    this.setBuffer(bigger);
  }

  private setBuffer(b: Buffer): void {
    this.buf = b;
    this.bufList = [b];
  }

  /** Close every kept file. */
  releaseAll(): void {
    for (const byPid of this.kept.values()) for (const fd of byPid.values()) closeQuietly(fd);
    this.kept.clear();
    this.keptCount = 0;
  }

  /** Pids that have kept files (for sweeping the ones that went away). */
  keptPids(): IterableIterator<number> {
    const all = new Set<number>();
    for (const byPid of this.kept.values()) for (const pid of byPid.keys()) all.add(pid);
    return all.values();
  }

  /** Whole file from offset 0 into the buffer; -1 when the process is gone. */
  private preadAll(fd: number): number {
    try {
      for (;;) {
        const n = fs.readvSync(fd, this.bufList, 0);
        if (n < this.buf.length) return n;
        this.setBuffer(Buffer.allocUnsafe(this.buf.length * 2));
      }
    } catch (err) {
      if (isGone(err)) return -1;
      throw err;
    }
  }

  /** The whole text of an open file read again from offset 0 (a kept /proc file), or null once it cannot be. */
  preadText(fd: number): string | null {
    const n = this.preadAll(fd);
    return n < 0 ? null : this.buf.toString('utf8', 0, n);
  }

  /** The reused buffer that {@link readPidBytes} filled. */
  get buffer(): Buffer {
    return this.buf;
  }

  /** Numeric entries of /proc, ascending. */
  listPids(): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.procDir);
    } catch (err) {
      if (isGone(err)) return [];
      throw err;
    }
    const pids: number[] = [];
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      if (Number.isInteger(pid)) pids.push(pid);
    }
    pids.sort((a, b) => a - b);
    return pids;
  }

  /** Numeric entries of /proc/PID/task (thread ids), ascending; empty when the process is gone. */
  listTids(pid: number): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(`${this.procDir}/${pid}/task`);
    } catch (err) {
      if (isGone(err)) return [];
      throw err;
    }
    return names.map(Number).filter(Number.isInteger).sort((a, b) => a - b);
  }

  /** Owner uid of /proc/PID (the real uid for ordinary processes), or null when gone. */
  ownerUid(pid: number): number | null {
    try {
      return fs.statSync(`${this.procDir}/${pid}`).uid;
    } catch (err) {
      if (isGone(err)) return null;
      throw err;
    }
  }

  /** Target of a symlink such as /proc/PID/fd/N or /proc/PID/exe, or null. */
  readLink(systemPath: string): string | null {
    try {
      return fs.readlinkSync(this.path(systemPath));
    } catch (err) {
      if (isGone(err)) return null;
      throw err;
    }
  }

  /** Entry names of a directory, or null when missing or unreadable. */
  listDir(systemPath: string): string[] | null {
    try {
      return fs.readdirSync(this.path(systemPath));
    } catch (err) {
      if (isGone(err)) return null;
      throw err;
    }
  }

  /** Like {@link readText}, but a failure carries its errno code (EACCES, ENOENT, ESRCH, ...). */
  tryReadText(systemPath: string): ReadOutcome<string> {
    let n: number;
    try {
      n = this.readInto(this.path(systemPath), true);
    } catch (err) {
      const code = errnoCode(err);
      if (code === null) throw err;
      return { ok: false, code };
    }
    return { ok: true, value: this.buf.toString('utf8', 0, n) };
  }

  /** Like {@link readLink}, but a failure carries its errno code. */
  tryReadLink(systemPath: string): ReadOutcome<string> {
    try {
      return { ok: true, value: fs.readlinkSync(this.path(systemPath)) };
    } catch (err) {
      const code = errnoCode(err);
      if (code === null) throw err;
      return { ok: false, code };
    }
  }

  /** Like {@link listDir}, but a failure carries its errno code. */
  tryListDir(systemPath: string): ReadOutcome<string[]> {
    try {
      return { ok: true, value: fs.readdirSync(this.path(systemPath)) };
    } catch (err) {
      const code = errnoCode(err);
      if (code === null) throw err;
      return { ok: false, code };
    }
  }

  private readFile(real: string): string | null {
    const n = this.readInto(real);
    return n < 0 ? null : this.buf.toString('utf8', 0, n);
  }

  /** With `rethrow`, every error propagates (for the try* methods); without, "gone" errors return -1. */
  private readInto(real: string, rethrow = false): number {
    let fd: number;
    try {
      fd = this.openFile(real);
    } catch (err) {
      if (!rethrow && isGone(err)) return -1;
      throw err;
    }
    try {
      let total = 0;
      for (;;) {
        if (total === this.buf.length) this.growBuffer(total);
        const n = fs.readSync(fd, this.buf, total, this.buf.length - total, null);
        if (n === 0) return total;
        total += n;
      }
    } catch (err) {
      if (!rethrow && isGone(err)) return -1;
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  }
}
