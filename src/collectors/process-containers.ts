import type { CgroupAttribution, ProcessContainer } from '../core/container.js';
import { parseCgroupAttribution, resolveContainer } from '../parsers/cgroup-path.js';
import { parseProcPidCgroup } from '../parsers/proc-pid-cgroup.js';
import { CgroupFs } from '../source/cgroup-fs.js';
import type { ProcFs } from '../source/proc-fs.js';
import { ContainerNameIndex } from './container-names.js';

/**
 * Container attribution of processes for the process collector: /proc/PID/cgroup is read once per process
 * lifetime (the caller keeps the attribution with its other static facts, keyed by pid and starttime), and
 * names are looked up in memory on every tick, so a name that appears on disk after the first sight still shows.
 */
export class ProcessContainers {
  private readonly names: ContainerNameIndex;
  /** Resolutions by attribution object: a process's row shares one object while the names do not change. */
  private readonly resolved = new WeakMap<CgroupAttribution, ProcessContainer>();

  constructor(private readonly procFs: ProcFs, names?: ContainerNameIndex) {
    this.names = names ?? new ContainerNameIndex(new CgroupFs(procFs.root));
  }

  /** Read and parse /proc/PID/cgroup; null when it is unreadable (hidepid, the process exited). */
  read(pid: number): CgroupAttribution | null {
    const text = this.procFs.readPid(pid, 'cgroup');
    if (text === null) return null;
    return parseCgroupAttribution(parseProcPidCgroup(text));
  }

  /** What the process fields show for an attribution, with names known now. No file read once a name is known. */
  resolve(a: CgroupAttribution | null): ProcessContainer | null {
    if (a === null) return null;
    const id = a.containerPath !== null ? a.containerId : null;
    if (id !== null) this.names.want(a.runtime, id);
    if (a.podUid !== null && a.qos !== null) this.names.wantPod(a.podUid);
    const prev = this.resolved.get(a);
    const next = resolveContainer(a, this.names.names);
    if (prev !== undefined && prev.container === next.container && prev.pod === next.pod && prev.namespace === next.namespace) {
      return prev;
    }
    this.resolved.set(a, next);
    return next;
  }
}
