import type { CgroupAttribution, ContainerNames, ContainerRuntime, PodQos, ProcessContainer } from '../core/container.js';
import type { CgroupMembership } from '../core/process-details.js';

/*
 * Which container, pod and systemd unit a cgroup path stands for. The shapes, as the runtimes make them:
 *
 *   docker       systemd driver  /system.slice/docker-<id>.scope        cgroupfs  /docker/<id>
 *   podman       systemd         /machine.slice/libpod-<id>.scope        cgroupfs  /libpod_parent/libpod-<id>
 *                conmon          libpod-conmon-<id>.scope                          /libpod_parent/conmon
 *                pods            machine-libpod_pod_<podid>.slice                  /libpod_parent/libpod_pod_<podid>
 *   containerd   (CRI)           cri-containerd-<id>.scope
 *   cri-o                        crio-<id>.scope, conmon crio-conmon-<id>.scope (cgroupfs: without .scope)
 *   LXC                          /lxc.payload.<name> (monitor /lxc.monitor.<name>); before LXC 4: /lxc/<name>
 *   systemd-nspawn               /machine.slice/machine-<name>.scope (name escaped as systemd does: \x2d is -)
 *   Kubernetes   systemd         /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/<ctr>
 *                                (guaranteed pods: kubepods-pod<uid_>.slice; the uid's dashes are underscores)
 *                cgroupfs        /kubepods/burstable/pod<uid>/<id>, /kubepods/pod<uid>/<id> (guaranteed)
 *
 * Nesting (kind, docker-in-docker) is read left to right: the innermost container wins, and a pod below a
 * container starts a new level, so a kind node's pods are seen as pods and not as the node's container.
 */

const HEX64 = /^[0-9a-f]{64}$/;
const SCOPE = /^(docker|cri-containerd|crio|libpod)-([0-9a-f]{64})(?:\.scope)?$/;
const CONMON = /^(crio|libpod)-conmon-([0-9a-f]{64})(?:\.scope)?$/;
const KUBE_POD_SLICE = /^(?:kubelet-)?kubepods(?:-(burstable|besteffort))?-pod([0-9a-fA-F_-]+)\.slice$/;
const KUBE_POD_DIR = /^pod([0-9a-fA-F-]+)$/;
const PODMAN_POD = /^(?:machine-)?libpod_pod_([0-9a-f]{64})(?:\.slice)?$/;
const NSPAWN = /^machine-(.+)\.scope$/;
const UNIT = /\.(service|scope|socket|mount|swap|device|target|automount|path|timer)$/;

const RUNTIME_BY_PREFIX: Record<string, ContainerRuntime> = {
  docker: 'docker',
  'cri-containerd': 'containerd',
  crio: 'cri-o',
  libpod: 'podman',
};

/** Undo systemd's unit-name escaping (`\x2d` for `-`, `\x20` for a space): machine names come escaped. */
export function unescapeSystemd(name: string): string {
  return name.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function emptyAttribution(path: string): CgroupAttribution {
  return {
    path, runtime: null, containerId: null, containerPath: null, helper: null, podUid: null, podPath: null,
    qos: null, unit: null, slice: null,
  };
}

/** What one cgroup path (relative to its hierarchy root, as /proc/PID/cgroup prints it) says. Pure. */
export function parseCgroupPath(path: string): CgroupAttribution {
  const a = emptyAttribution(path);
  const parts = path.split('/').filter((p) => p.length > 0);
  let inKube = false;
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    const prev = i > 0 ? parts[i - 1]! : '';
    const here = '/' + parts.slice(0, i + 1).join('/');
    const setContainer = (runtime: ContainerRuntime, id: string): void => {
      a.runtime = runtime;
      a.containerId = id;
      a.containerPath = here;
      a.helper = null;
    };
    const setPod = (uid: string, qos: PodQos | null): void => {
      a.podUid = uid;
      a.podPath = here;
      a.qos = qos;
      // A pod below a container (a kind node) starts a new level: its containers are the ones that count.
      a.runtime = null;
      a.containerId = null;
      a.containerPath = null;
      a.helper = null;
    };

    if (c === 'kubepods' || c === 'kubepods.slice' || c === 'kubelet-kubepods.slice') {
      inKube = true;
    }
    let m: RegExpExecArray | null;
    if ((m = KUBE_POD_SLICE.exec(c)) !== null) {
      inKube = true;
      setPod(m[2]!.replace(/_/g, '-').toLowerCase(), (m[1] as PodQos | undefined) ?? 'guaranteed');
    } else if (inKube && (m = KUBE_POD_DIR.exec(c)) !== null) {
      setPod(m[1]!.toLowerCase(), prev === 'burstable' || prev === 'besteffort' ? prev : 'guaranteed');
    } else if ((m = CONMON.exec(c)) !== null) {
      a.runtime = m[1] === 'crio' ? 'cri-o' : 'podman';
      a.containerId = m[2]!;
      a.containerPath = null;
      a.helper = 'conmon';
    } else if ((m = SCOPE.exec(c)) !== null) {
      setContainer(RUNTIME_BY_PREFIX[m[1]!]!, m[2]!);
    } else if (c === 'conmon' && prev === 'libpod_parent') {
      a.runtime = 'podman';
      a.containerId = null;
      a.containerPath = null;
      a.helper = 'conmon';
    } else if ((m = PODMAN_POD.exec(c)) !== null) {
      setPod(m[1]!, null);
      a.runtime = 'podman';
    } else if (HEX64.test(c) && prev === 'docker') {
      setContainer('docker', c);
    } else if (HEX64.test(c) && a.podPath !== null && a.containerId === null && inKube) {
      // cgroupfs driver: the CRI runtime is not in the path.
      setContainer('cri', c);
    } else if (c.startsWith('lxc.payload.') && c.length > 12) {
      setContainer('lxc', c.slice(12));
    } else if (c.startsWith('lxc.monitor.') && c.length > 12) {
      a.runtime = 'lxc';
      a.containerId = c.slice(12);
      a.containerPath = null;
      a.helper = 'monitor';
    } else if (prev === 'lxc' && i === 1) {
      setContainer('lxc', c);
    } else if ((m = NSPAWN.exec(c)) !== null && prev === 'machine.slice') {
      setContainer('nspawn', unescapeSystemd(m[1]!));
    }

    if (c.endsWith('.slice')) a.slice = c;
    else if (UNIT.test(c)) a.unit = c;
  }
  return a;
}

/**
 * How much a path tells: a container beats a pod, a pod a runtime helper, a helper a unit, a unit a slice.
 * The hierarchy that tells most is the one a process is shown with.
 */
function score(a: CgroupAttribution): number {
  if (a.containerPath !== null) return 5;
  if (a.podPath !== null) return 4;
  if (a.helper !== null) return 3;
  if (a.unit !== null) return 2;
  if (a.slice !== null) return 1;
  return 0;
}

/** Order in which hierarchies are trusted when they tell the same amount. */
function rank(m: CgroupMembership): number {
  if (m.hierarchy === 0 && m.controllers.length === 0) return 0;
  const c = m.controllers;
  if (c.includes('memory')) return 1;
  if (c.includes('pids')) return 2;
  if (c.includes('name=systemd')) return 3;
  if (c.includes('cpu') || c.includes('cpuacct')) return 4;
  return 5;
}

/**
 * Attribute a process from all its /proc/PID/cgroup lines (v1 hierarchies, the v2 line, or both in hybrid
 * mode). Each line is read on its own; the one that tells most wins, the unified line first on a tie. Lines
 * with empty controller lists on v1 ids and `0::/` are handled like any other path. Pure.
 */
export function parseCgroupAttribution(memberships: readonly CgroupMembership[]): CgroupAttribution {
  let best: CgroupAttribution | null = null;
  let bestScore = -1;
  let bestRank = Infinity;
  for (const m of memberships) {
    const a = parseCgroupPath(m.path);
    const s = score(a);
    const r = rank(m);
    if (s > bestScore || (s === bestScore && r < bestRank)) {
      best = a;
      bestScore = s;
      bestRank = r;
    }
  }
  return best ?? emptyAttribution('/');
}

/** Short id as docker ps and podman ps print it. */
export function shortId(id: string): string {
  return HEX64.test(id) ? id.slice(0, 12) : id;
}

/** Turn an attribution into what the process fields show, with names from the runtimes' state when known. */
export function resolveContainer(a: CgroupAttribution, names: ContainerNames | null): ProcessContainer {
  const inside = a.containerPath !== null && a.containerId !== null;
  const id = inside ? a.containerId : null;
  let container: string | null = null;
  if (id !== null) {
    container = names?.containers.get(id) ?? names?.kubeContainers.get(id) ?? shortId(id);
  }
  let pod: string | null = null;
  let namespace: string | null = null;
  if (a.podUid !== null) {
    const p = names?.pods.get(a.podUid);
    pod = p?.name ?? shortId(a.podUid);
    namespace = p?.namespace ?? null;
  }
  return {
    container,
    containerId: id,
    runtime: a.runtime,
    pod,
    namespace,
    unit: a.unit ?? a.slice,
    cgroup: a.path,
  };
}
