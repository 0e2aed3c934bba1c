import fs from 'node:fs';

/**
 * The bytes of a regular file, or null when it is missing, unreadable or something else (a directory, a
 * FIFO, a socket, a device). Opened without blocking: a FIFO planted where a kernel file should be (a
 * corrupted or hostile root) can neither block the open nor the read.
 */
export function readRegularFile(real: string): Buffer | null {
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    return fs.readFileSync(fd);
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
