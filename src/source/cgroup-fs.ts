import fs from 'node:fs';
import { parseMountinfo } from '../parsers/mountinfo.js';
import { underRoot } from './root.js';

/** One mounted cgroup hierarchy. */
export interface CgroupHierarchy {
  version: 1 | 2;
  /** v1: the controllers of the hierarchy (`cpu`, `cpuacct`, `name=systemd`); v2: those in cgroup.controllers. */
  controllers: string[];
  /** Mount point as a system path (`/sys/fs/cgroup/memory`). */
  mountPoint: string;
  /** The hierarchy path mounted there (mountinfo's root: `/` unless a cgroup namespace or bind mount). */
  mountRoot: string;
}

const V1_NAMED = /^name=/;

/**
 * The cgroup filesystem under an injectable root: which hierarchies are mounted (from /proc/self/mountinfo,
 * else by looking at /sys/fs/cgroup), and reads of cgroup files and directories. Every failure (missing,
 * permission, a controller file the kernel refuses with EOPNOTSUPP) is null: a cgroup can vanish at any time.
 */
export class CgroupFs {
  private readonly buf = Buffer.allocUnsafe(16384);
  private cached: CgroupHierarchy[] | null = null;

  constructor(readonly root: string) {}

  /** Real path of a system path. */
  private real(systemPath: string): string {
    return underRoot(this.root, systemPath);
  }

  /** The mounted hierarchies, read once. */
  hierarchies(): CgroupHierarchy[] {
    if (this.cached !== null) return this.cached;
    const found: CgroupHierarchy[] = [];
    const text = this.readSystem('/proc/self/mountinfo');
    const seen = new Set<string>();
    for (const m of text === null ? [] : parseMountinfo(text)) {
      if (seen.has(m.target)) continue;
      if (m.fstype === 'cgroup2') {
        seen.add(m.target);
        const ctl = this.readSystem(`${m.target}/cgroup.controllers`);
        found.push({ version: 2, controllers: ctl === null ? [] : ctl.trim().split(/\s+/).filter(Boolean), mountPoint: m.target, mountRoot: m.root });
      } else if (m.fstype === 'cgroup') {
        seen.add(m.target);
        const known = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'net_cls', 'blkio', 'perf_event',
          'net_prio', 'hugetlb', 'pids', 'rdma', 'misc'];
        const controllers = m.superOptions.split(',').filter((o) => known.includes(o) || V1_NAMED.test(o));
        found.push({ version: 1, controllers, mountPoint: m.target, mountRoot: m.root });
      }
    }
    if (found.length === 0) found.push(...this.probe());
    this.cached = found;
    return found;
  }

  /** Without a readable mountinfo: the usual layouts under /sys/fs/cgroup. */
  private probe(): CgroupHierarchy[] {
    const base = '/sys/fs/cgroup';
    const ctl = this.readSystem(`${base}/cgroup.controllers`);
    if (ctl !== null) return [{ version: 2, controllers: ctl.trim().split(/\s+/).filter(Boolean), mountPoint: base, mountRoot: '/' }];
    const out: CgroupHierarchy[] = [];
    for (const name of this.listSystemDirs(base) ?? []) {
      const dir = `${base}/${name}`;
      if (name === 'unified') {
        const u = this.readSystem(`${dir}/cgroup.controllers`);
        if (u !== null) out.push({ version: 2, controllers: u.trim().split(/\s+/).filter(Boolean), mountPoint: dir, mountRoot: '/' });
        continue;
      }
      if (this.readSystem(`${dir}/cgroup.procs`) === null) continue;
      const controllers = name === 'systemd' ? ['name=systemd'] : name.split(',');
      out.push({ version: 1, controllers, mountPoint: dir, mountRoot: '/' });
    }
    return out;
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
        if (chunks === null && total === 0 && n < this.buf.length) {
          // The common case: a small file in one read. Decode before the buffer is reused.
          const first = this.buf.toString('utf8', 0, n);
          const more = fs.readSync(fd, this.buf, 0, this.buf.length, null);
          if (more === 0) return first;
          chunks = [Buffer.from(first), Buffer.from(this.buf.subarray(0, more))];
          total = n + more;
          continue;
        }
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
