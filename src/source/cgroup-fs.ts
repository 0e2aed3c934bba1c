import fs from 'node:fs';
import type { CgroupHierarchy } from '../core/container.js';
import { underRoot } from './root.js';

/**
 * The cgroup filesystem under an injectable root: reads of cgroup files and directories of a hierarchy
 * (found by src/collectors/cgroup-hierarchies.ts), and of the runtimes' state files. Every failure (missing,
 * permission, a controller file the kernel refuses with EOPNOTSUPP) is null: a cgroup can vanish at any time.
 */
export class CgroupFs {
  private readonly buf = Buffer.allocUnsafe(16384);

  constructor(readonly root: string) {}

  /** Real path of a system path. */
  private real(systemPath: string): string {
    return underRoot(this.root, systemPath);
  }

  /** System path of a cgroup's directory in a hierarchy; null when the path lies outside what is mounted. */
  dirOf(h: CgroupHierarchy, cgroupPath: string): string | null {
    let rel = cgroupPath;
    if (h.mountRoot !== '/' && h.mountRoot !== '') {
      if (rel === h.mountRoot) rel = '/';
      else if (rel.startsWith(h.mountRoot + '/')) rel = rel.slice(h.mountRoot.length);
      else if (rel.startsWith('/..')) return null;
    }
    if (rel.includes('/../') || rel.endsWith('/..')) return null;
    return rel === '/' ? h.mountPoint : `${h.mountPoint}${rel}`;
  }

  /** Text of a file of a cgroup, or null. */
  read(h: CgroupHierarchy, cgroupPath: string, file: string): string | null {
    const dir = this.dirOf(h, cgroupPath);
    return dir === null ? null : this.readSystem(`${dir}/${file}`);
  }

  /** Names of a cgroup's child cgroups (subdirectories), or null when the cgroup is gone or unreadable. */
  children(h: CgroupHierarchy, cgroupPath: string): string[] | null {
    const dir = this.dirOf(h, cgroupPath);
    return dir === null ? null : this.listSystemDirs(dir);
  }

  /** Whole text of a system file (under the root), or null on any error. */
  readSystem(systemPath: string): string | null {
    let fd: number;
    try {
      fd = fs.openSync(this.real(systemPath), 'r');
    } catch {
      return null;
    }
    try {
      let total = 0;
      let chunks: Buffer[] | null = null;
      for (;;) {
        const n = fs.readSync(fd, this.buf, 0, this.buf.length, null);
        if (n === 0) break;
        // cgroup and /proc files are seq_files: a read returns all that fits, so a read shorter than a page is
        // the whole file: the read(2) that would return 0 is saved, one per file.
        if (chunks === null && total === 0 && n < 4096) return this.buf.toString('utf8', 0, n);
        (chunks ??= []).push(Buffer.from(this.buf.subarray(0, n)));
        total += n;
      }
      return chunks === null ? '' : Buffer.concat(chunks).toString('utf8');
    } catch {
      return null;
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // nothing to give back
      }
    }
  }

  /** Subdirectory names of a system directory, or null. */
  listSystemDirs(systemPath: string): string[] | null {
    try {
      return fs.readdirSync(this.real(systemPath), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return null;
    }
  }

  /** Entry names of a system directory (files and directories), or null. */
  listSystem(systemPath: string): string[] | null {
    try {
      return fs.readdirSync(this.real(systemPath));
    } catch {
      return null;
    }
  }
}
