import type { CgroupHierarchy } from '../core/container.js';
import { parseMountinfo } from '../parsers/mountinfo.js';
import type { CgroupFs } from '../source/cgroup-fs.js';

const V1_CONTROLLERS = new Set(['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'net_cls', 'blkio',
  'perf_event', 'net_prio', 'hugetlb', 'pids', 'rdma', 'misc']);

function controllersOf(text: string | null): string[] {
  return text === null ? [] : text.trim().split(/\s+/).filter(Boolean);
}

/**
 * The mounted cgroup hierarchies: from /proc/self/mountinfo (cgroup2 and cgroup mounts; a v1 mount's
 * controllers are its superblock options), else by looking at the usual layouts under /sys/fs/cgroup.
 */
export function findCgroupHierarchies(cgfs: CgroupFs): CgroupHierarchy[] {
  const found: CgroupHierarchy[] = [];
  const text = cgfs.readSystem('/proc/self/mountinfo');
  const seen = new Set<string>();
  for (const m of text === null ? [] : parseMountinfo(text)) {
    if (seen.has(m.target)) continue;
    if (m.fstype === 'cgroup2') {
      seen.add(m.target);
      found.push({ version: 2, controllers: controllersOf(cgfs.readSystem(`${m.target}/cgroup.controllers`)), mountPoint: m.target, mountRoot: m.root });
    } else if (m.fstype === 'cgroup') {
      seen.add(m.target);
      const controllers = m.superOptions.split(',').filter((o) => V1_CONTROLLERS.has(o) || o.startsWith('name='));
      found.push({ version: 1, controllers, mountPoint: m.target, mountRoot: m.root });
    }
  }
  return found.length > 0 ? found : probe(cgfs);
}

/** Without a readable mountinfo: /sys/fs/cgroup as v2, or its v1 subdirectories (and `unified`). */
function probe(cgfs: CgroupFs): CgroupHierarchy[] {
  const base = '/sys/fs/cgroup';
  const ctl = cgfs.readSystem(`${base}/cgroup.controllers`);
  if (ctl !== null) return [{ version: 2, controllers: controllersOf(ctl), mountPoint: base, mountRoot: '/' }];
  const out: CgroupHierarchy[] = [];
  for (const name of cgfs.listSystemDirs(base) ?? []) {
    const dir = `${base}/${name}`;
    if (name === 'unified') {
      const u = cgfs.readSystem(`${dir}/cgroup.controllers`);
      if (u !== null) out.push({ version: 2, controllers: controllersOf(u), mountPoint: dir, mountRoot: '/' });
      continue;
    }
    if (cgfs.readSystem(`${dir}/cgroup.procs`) === null) continue;
    out.push({ version: 1, controllers: name === 'systemd' ? ['name=systemd'] : name.split(','), mountPoint: dir, mountRoot: '/' });
  }
  return out;
}
