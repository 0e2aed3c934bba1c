import type { CgroupAttribution, CgroupStats, ContainerKind, ContainerRow, ContainerSample } from '../core/container.js';
import { parseCgroupPath, resolveContainer, shortId } from '../parsers/cgroup-path.js';
import { parseProcPidCmdline } from '../parsers/proc-pid-cmdline.js';
import { parseProcPidStat } from '../parsers/proc-pid-stat.js';
import { CgroupFs } from '../source/cgroup-fs.js';
import type { ProcFs } from '../source/proc-fs.js';
import { cgroupLayout, readCgroupProcs, readCgroupStats, workingSet, type CgroupLayout } from './cgroup-stats-reader.js';
import { findCgroupHierarchies } from './cgroup-hierarchies.js';
import { ContainerNameIndex } from './container-names.js';

/** What one collect covers. */
export interface ContainerCollectOptions {
  /** Also systemd units and other cgroups that hold processes (`sysmon containers --all`). */
  all?: boolean;
  /**
   * Read each container's main command line (/proc/PID/cmdline); default true. `sysmon serve` turns it off:
   * it exports no command lines, so it does not read them.
   */
  commands?: boolean;
}

/** A walked cgroup: its path, what the path says, and the pids it holds itself. */
interface Node {
  path: string;
  attribution: CgroupAttribution;
  pids: number[];
}

/** Counters of the previous sample of one row, for rates. */
interface Previous {
  time: number;
  cpuNs: number | null;
  periods: number | null;
  throttled: number | null;
}

/** Deepest cgroup level walked: real trees are 3-8 deep (kind nodes about 10). */
const MAX_DEPTH = 16;

/**
 * Samples every container (and pod, and with `all` every unit) from the cgroup filesystem alone. Each collect
 * walks the primary hierarchy once, reads each container's counters, and keeps the previous counters for CPU %
 * and throttling rates. Names come from the runtimes' state, read only for ids not seen before.
 */
export class ContainerCollector {
  readonly cgfs: CgroupFs;
  private layoutCache: CgroupLayout | null | undefined;
  private readonly names: ContainerNameIndex;
  private readonly prev = new Map<string, Previous>();
  private readonly commands = new Map<string, { pid: number; command: string }>();
  private withCommands = true;
  private lastTime: number | null = null;

  constructor(private readonly procFs: ProcFs, cgfs?: CgroupFs, private readonly now: () => number = Date.now) {
    this.cgfs = cgfs ?? new CgroupFs(procFs.root);
    this.names = new ContainerNameIndex(this.cgfs, now);
  }

  /** The hierarchies in use; null when no cgroup filesystem is mounted under the root. */
  get layout(): CgroupLayout | null {
    if (this.layoutCache === undefined) this.layoutCache = cgroupLayout(findCgroupHierarchies(this.cgfs));
    return this.layoutCache;
  }

  /** One sample. */
  collect(opts: ContainerCollectOptions = {}): ContainerSample {
    const time = this.now();
    const interval = this.lastTime === null ? null : (time - this.lastTime) / 1000;
    this.lastTime = time;
    this.withCommands = opts.commands !== false;
    const layout = this.layout;
    if (layout === null) return { time, interval, version: null, rows: [] };

    const nodes: Node[] = [];
    this.walk(layout, '/', 0, nodes, opts.all === true);

    // Containers own their descendants' processes (systemd inside a container, libpod's `container` child).
    const containers = new Map<string, { attribution: CgroupAttribution; pids: number[] }>();
    const others: Node[] = [];
    for (const n of nodes) {
      const a = n.attribution;
      if (a.containerPath !== null && a.containerId !== null) {
        let c = containers.get(a.containerPath);
        if (c === undefined) {
          c = { attribution: a.containerPath === n.path ? a : parseCgroupPath(a.containerPath), pids: [] };
          containers.set(a.containerPath, c);
        }
        for (const p of n.pids) c.pids.push(p);
      } else if (opts.all === true && n.pids.length > 0) {
        others.push(n);
      }
    }

    const rows: ContainerRow[] = [];
    const seen = new Set<string>();
    for (const [path, c] of containers) {
      const a = c.attribution;
      const id = a.containerId!;
      this.names.want(a.runtime, id);
      if (a.podUid !== null) this.names.wantPod(a.podUid);
      const resolved = resolveContainer(a, this.names.names);
      const stats = readCgroupStats(this.cgfs, layout, path);
      rows.push(this.row('container', path, id, resolved.container ?? shortId(id), a, resolved.pod, resolved.namespace, stats, c.pids, time, seen));
    }

    // Pods sum their containers; the pod's own cgroup gives its limits and pressure.
    const pods = new Map<string, ContainerRow[]>();
    for (const r of rows) {
      const a = containers.get(r.cgroup)!.attribution;
      if (a.podUid === null) continue;
      const list = pods.get(a.podUid);
      if (list) list.push(r);
      else pods.set(a.podUid, [r]);
    }
    for (const [uid, list] of pods) {
      const a = containers.get(list[0]!.cgroup)!.attribution;
      rows.push(this.podRow(uid, a, list, layout, time, seen));
    }

    for (const n of others) {
      const a = n.attribution;
      const last = n.path.split('/').pop() ?? n.path;
      const kind: ContainerKind = a.unit === last ? 'unit' : 'cgroup';
      const stats = readCgroupStats(this.cgfs, layout, n.path);
      rows.push(this.row(kind, n.path, kind === 'unit' ? last : n.path, kind === 'unit' ? last : n.path, a, null, null, stats, n.pids, time, seen));
    }

    for (const k of this.prev.keys()) if (!seen.has(k)) this.prev.delete(k);
    for (const k of this.commands.keys()) if (!seen.has(k)) this.commands.delete(k);
    return { time, interval, version: layout.version, rows };
  }

  private walk(layout: CgroupLayout, path: string, depth: number, out: Node[], all: boolean): void {
    const attribution = parseCgroupPath(path);
    // Outside containers and pods, only --all needs a cgroup's processes: reading cgroup.procs of every unit
    // would cost the plain listing one file per unit.
    const inside = attribution.containerPath !== null || attribution.podPath !== null;
    const pids = inside || all ? readCgroupProcs(this.cgfs, layout, path) : [];
    out.push({ path, attribution, pids });
    if (depth >= MAX_DEPTH) return;
    const children = this.cgfs.children(layout.primary, path);
    if (children === null) return;
    for (const c of children) this.walk(layout, path === '/' ? `/${c}` : `${path}/${c}`, depth + 1, out, all);
  }

  private rates(key: string, stats: CgroupStats, time: number, seen: Set<string>): { cpu: number | null; throttled: number | null } {
    seen.add(key);
    const p = this.prev.get(key);
    this.prev.set(key, { time, cpuNs: stats.cpuUsageNs, periods: stats.nrPeriods, throttled: stats.nrThrottled });
    if (p === undefined) return { cpu: null, throttled: null };
    const dt = (time - p.time) / 1000;
    let cpu: number | null = null;
    if (dt > 0 && p.cpuNs !== null && stats.cpuUsageNs !== null) cpu = Math.max(0, ((stats.cpuUsageNs - p.cpuNs) / 1e9 / dt) * 100);
    let throttled: number | null = null;
    if (p.periods !== null && stats.nrPeriods !== null && p.throttled !== null && stats.nrThrottled !== null) {
      const dp = stats.nrPeriods - p.periods;
      throttled = dp > 0 ? Math.min(100, ((stats.nrThrottled - p.throttled) / dp) * 100) : 0;
    }
    return { cpu, throttled };
  }

  private row(
    kind: ContainerKind, path: string, id: string, name: string, a: CgroupAttribution, pod: string | null,
    namespace: string | null, stats: CgroupStats, pids: number[], time: number, seen: Set<string>,
  ): ContainerRow {
    const r = this.rates(path, stats, time, seen);
    const mainPid = pids.length === 0 ? null : Math.min(...pids);
    return {
      kind, key: path, id, name, runtime: kind === 'container' ? a.runtime : null, pod, namespace, qos: a.qos,
      cgroup: path,
      cpuSeconds: stats.cpuUsageNs === null ? null : stats.cpuUsageNs / 1e9,
      cpuPercent: r.cpu, cpuLimit: stats.cpuLimit, nrThrottled: stats.nrThrottled, throttledPercent: r.throttled,
      throttledSeconds: stats.throttledNs === null ? null : stats.throttledNs / 1e9,
      workingSet: workingSet(stats), memoryUsage: stats.memoryUsage, memoryLimit: stats.memoryLimit,
      pids: stats.pidsCurrent, pidsMax: stats.pidsMax, ioReadBytes: stats.ioReadBytes, ioWriteBytes: stats.ioWriteBytes,
      cpuPressure: stats.cpuPressure, memoryPressure: stats.memoryPressure, ioPressure: stats.ioPressure,
      processes: pids.length, mainPid, command: mainPid === null || !this.withCommands ? null : this.command(path, mainPid),
      containers: kind === 'container' ? 1 : 0,
    };
  }

  private podRow(uid: string, a: CgroupAttribution, list: ContainerRow[], layout: CgroupLayout, time: number, seen: Set<string>): ContainerRow {
    const podPath = a.podPath!;
    const own = readCgroupStats(this.cgfs, layout, podPath);
    const key = `pod:${uid}`;
    seen.add(key);
    const sum = (f: (r: ContainerRow) => number | null): number | null => {
      let total: number | null = null;
      for (const r of list) {
        const v = f(r);
        if (v !== null) total = (total ?? 0) + v;
      }
      return total;
    };
    const first = list[0]!;
    return {
      kind: 'pod', key, id: uid, name: first.pod ?? shortId(uid), runtime: null, pod: first.pod ?? shortId(uid),
      namespace: first.namespace, qos: a.qos, cgroup: podPath,
      cpuSeconds: sum((r) => r.cpuSeconds), cpuPercent: sum((r) => r.cpuPercent), cpuLimit: own.cpuLimit,
      nrThrottled: sum((r) => r.nrThrottled),
      throttledPercent: this.rates(key, own, time, seen).throttled,
      throttledSeconds: sum((r) => r.throttledSeconds),
      workingSet: sum((r) => r.workingSet), memoryUsage: sum((r) => r.memoryUsage), memoryLimit: own.memoryLimit,
      pids: sum((r) => r.pids), pidsMax: own.pidsMax, ioReadBytes: sum((r) => r.ioReadBytes),
      ioWriteBytes: sum((r) => r.ioWriteBytes), cpuPressure: own.cpuPressure, memoryPressure: own.memoryPressure,
      ioPressure: own.ioPressure, processes: list.reduce((n, r) => n + r.processes, 0), mainPid: null,
      command: null, containers: list.length,
    };
  }

  /** The main process's command line, read once per (row, pid). */
  private command(key: string, pid: number): string {
    const c = this.commands.get(key);
    if (c !== undefined && c.pid === pid) return c.command;
    const args = parseProcPidCmdline(this.procFs.readPid(pid, 'cmdline') ?? '');
    let command: string;
    if (args.length > 0) command = args.join(' ');
    else {
      const stat = this.procFs.readPid(pid, 'stat');
      const parsed = stat === null ? null : parseProcPidStat(stat);
      command = parsed === null ? '?' : `[${parsed.comm}]`;
    }
    this.commands.set(key, { pid, command });
    return command;
  }
}
