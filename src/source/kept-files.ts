import fs from 'node:fs';
import { closeQuietly, type ProcFs } from './proc-fs.js';

/** Errors that mean the file is not there or not readable: the read is "missing", as ProcFs.readText says. */
const MISSING = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM', 'ENOTDIR', 'EINVAL', 'EISDIR', 'ENXIO', 'ENODEV', 'EAGAIN']);

/** statfs(2)'s f_type of procfs. */
const PROC_SUPER_MAGIC = 0x9fa0;

/** Is `real` a file of a mounted procfs (not a fixture's copy of one)? */
function onProcfs(real: string): boolean {
  try {
    return fs.statfsSync(real).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

function missing(err: unknown): boolean {
  return MISSING.has((err as NodeJS.ErrnoException | null)?.code ?? '');
}

/**
 * Machine-wide files a monitor reads on every tick (/proc/stat, meminfo, loadavg, uptime, diskstats,
 * net/dev, pressure/*), kept open between reads: a read is then one pread(2) at offset 0 instead of open,
 * fstat, two reads and close. The kernel builds these files afresh on every read from offset 0, and a short
 * read is the whole file (seq_file fills the buffer until the file ends), so the text is always current.
 *
 * Only files of a mounted procfs are kept (statfs says so, once, when the file is first opened). Any other
 * file (a fixture under `--root`, which a test may replace between reads) is read whole each time through
 * {@link ProcFs.readText}, as before, and so is anything that is not a regular file (a corrupted root's
 * directory or FIFO: missing, never a hang).
 */
export class KeptFiles {
  private readonly fds = new Map<string, number>();
  /** Paths found not to be procfs files: read the ordinary way without asking statfs again. */
  private readonly plain = new Set<string>();
  /** Paths read once already (the next read keeps them open). */
  private readonly seen = new Set<string>();

  constructor(private readonly procFs: ProcFs) {}

  /** Whole text of `systemPath` ("/proc/meminfo"), or null when it is missing or unreadable. */
  readText(systemPath: string): string | null {
    const fd = this.fds.get(systemPath);
    if (fd !== undefined) {
      const text = this.procFs.preadText(fd);
      if (text !== null) return text;
      // Gone or failing now: let it go and read it the ordinary way.
      this.fds.delete(systemPath);
      closeQuietly(fd);
      return this.procFs.readText(systemPath);
    }
    if (this.plain.has(systemPath)) return this.procFs.readText(systemPath);
    // Kept from the second read on: a one-shot (free, ps, top -b -n 1) reads each file once and should pay
    // neither the statfs check nor a descriptor left open.
    if (!this.seen.has(systemPath)) {
      this.seen.add(systemPath);
      return this.procFs.readText(systemPath);
    }
    const real = this.procFs.path(systemPath);
    if (!onProcfs(real)) {
      this.plain.add(systemPath);
      return this.procFs.readText(systemPath);
    }
    let nfd: number;
    try {
      nfd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (err) {
      if (missing(err)) return null;
      // Out of descriptors (ProcFs gives its own back on EMFILE): read it the ordinary way this time.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EMFILE' || code === 'ENFILE') return this.procFs.readText(systemPath);
      throw err;
    }
    let keep = false;
    try {
      const st = fs.fstatSync(nfd);
      if (!st.isFile()) return null;
      const text = this.procFs.preadText(nfd);
      if (text === null) return null;
      keep = true;
      this.fds.set(systemPath, nfd);
      return text;
    } finally {
      if (!keep) closeQuietly(nfd);
    }
  }

  /** Close every kept file (the next read opens again). */
  close(): void {
    for (const fd of this.fds.values()) closeQuietly(fd);
    this.fds.clear();
  }
}
