import fs from 'node:fs';
import { devMajorMinor } from '../core/devno.js';

/**
 * Standard output as a file descriptor, so that output is never lost silently:
 *
 * - Node writes stdout to a regular file (or /dev/full, /dev/null) with one writeSync per chunk and ignores a
 *   short count. On a nearly full disk the kernel writes what fits and returns the count; the rest of a large
 *   write (ps prints its table in one) was dropped with exit 0. Here a short write is continued, so the next
 *   attempt fails with ENOSPC and the stream reports it.
 * - Started with fd 1 closed (`sysmon ps >&-`), Node reopens it on /dev/null read-write before any JavaScript
 *   runs, so the output vanished with exit 0. procps fails with EBADF; so do our writes to such a stdout.
 *   A shell's `>/dev/null` opens write-only, which tells the two apart.
 */

/**
 * True when fd 1 is the read-write /dev/null Node put in place of a closed descriptor. One fstat for any other
 * stdout (a terminal, a pipe, a file); for /dev/null (character device 1:3) a one-byte read tells the modes
 * apart: the shell's write-only descriptor refuses it (EBADF), Node's read-write one reads end of file. (This
 * was a readlink of /proc/self/fd/1 and a read of its fdinfo: readFileSync's first call alone costs a start
 * ~0.5 ms.)
 */
export function stdoutWasClosed(): boolean {
  try {
    const st = fs.fstatSync(1);
    const [major, minor] = devMajorMinor(st.rdev);
    // /dev/null is character device 1:3.
    if (!st.isCharacterDevice() || major !== 1 || minor !== 3) return false;
    fs.readSync(1, Buffer.alloc(1), 0, 1, null);
    return true;
  } catch {
    return false;
  }
}

interface SyncStream {
  fd?: number;
  _write?: (chunk: unknown, encoding: BufferEncoding, cb: (err?: Error | null) => void) => void;
}

function ebadf(): NodeJS.ErrnoException {
  return Object.assign(new Error('EBADF: bad file descriptor, write'), { code: 'EBADF', errno: -9, syscall: 'write' });
}

/**
 * Make `stream` (process.stdout) complete every write to a file, or fail it with the errno, and fail every
 * write when fd 1 was closed at start. Pipes and terminals already do both; they are left alone.
 */
export function guardStdoutWrites(stream: NodeJS.WriteStream = process.stdout): void {
  const s = stream as unknown as SyncStream;
  if (stream.isTTY || typeof s.fd !== 'number' || typeof s._write !== 'function') return;
  if (stream.constructor?.name !== 'SyncWriteStream') return; // a pipe or socket: libuv finishes short writes
  const fd = s.fd;
  const closed = stdoutWasClosed();
  s._write = (chunk, encoding, cb) => {
    if (closed) {
      cb(ebadf());
      return;
    }
    try {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding);
      let done = 0;
      while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  };
}
