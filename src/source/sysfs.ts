import fs from 'node:fs';
import { readRegularFile } from './regular-file.js';
import { underRoot } from './root.js';

/**
 * Reading /sys, /run/udev and /dev/disk under an injectable root, for lsblk. Directory listings keep the
 * kernel's readdir order (lsblk prints /sys/block in that order; Node's readdir would sort the names).
 */
export class SysFs {
  constructor(readonly root: string) {}

  /** Real path of a system path. */
  path(systemPath: string): string {
    return underRoot(this.root, systemPath);
  }

  /** Entry names in readdir order, or null when the directory is missing or unreadable. */
  listDir(systemPath: string): string[] | null {
    let dir: fs.Dir;
    try {
      dir = fs.opendirSync(this.path(systemPath));
    } catch {
      return null;
    }
    const names: string[] = [];
    try {
      for (let e = dir.readSync(); e !== null; e = dir.readSync()) names.push(e.name);
    } catch {
      // A listing cut short is still worth showing.
    } finally {
      dir.closeSync();
    }
    return names;
  }

  /** Text of a file with the trailing newline removed, or null when missing or unreadable. */
  read(systemPath: string): string | null {
    const bytes = readRegularFile(this.path(systemPath));
    return bytes === null ? null : bytes.toString('utf8').replace(/\n$/, '');
  }

  /** True when the path exists (without following a final symlink). */
  exists(systemPath: string): boolean {
    try {
      fs.lstatSync(this.path(systemPath));
      return true;
    } catch {
      return false;
    }
  }

  /** Target of a symlink, or null. */
  readLink(systemPath: string): string | null {
    try {
      return fs.readlinkSync(this.path(systemPath));
    } catch {
      return null;
    }
  }

  /** stat(2) of a path, following symlinks: mode, owner, group and the device number of a device node. */
  stat(systemPath: string): { mode: number; uid: number; gid: number; rdev: number } | { error: string } {
    try {
      const st = fs.statSync(this.path(systemPath));
      return { mode: st.mode, uid: st.uid, gid: st.gid, rdev: st.rdev };
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  }

  /** The system path a sysfs path resolves to (symlinks followed), or null. */
  realPath(systemPath: string): string | null {
    try {
      const real = fs.realpathSync(this.path(systemPath));
      if (this.root === '/') return real;
      const base = fs.realpathSync(this.root);
      return real === base ? '/' : real.startsWith(`${base}/`) ? real.slice(base.length) : null;
    } catch {
      return null;
    }
  }
}

