import type { ContainerNames } from '../core/container.js';
import {
  parseDockerConfigV2,
  parseKubeletContainerLog,
  parseKubeletPodDir,
  parsePodmanContainersJson,
} from '../parsers/runtime-state.js';
import type { CgroupFs } from '../source/cgroup-fs.js';

/** Where the runtimes keep what names their containers (system paths, read under the root). */
export const PODMAN_CONTAINERS_JSON = '/var/lib/containers/storage/overlay-containers/containers.json';
export const DOCKER_CONTAINERS_DIR = '/var/lib/docker/containers';
export const KUBELET_POD_LOGS = '/var/log/pods';
export const KUBELET_CONTAINER_LOGS = '/var/log/containers';

/** An unknown id makes the state be read again, but not more often than this, milliseconds. */
const RETRY_MS = 2000;

/**
 * Names of containers and pods from the runtimes' state on disk, read only when an id is not known yet and
 * at most every {@link RETRY_MS} per source: a refresh tick of known containers reads nothing. Unreadable
 * state (not installed, not root, another layout) leaves the names out; callers fall back to short ids.
 */
export class ContainerNameIndex {
  private readonly index: ContainerNames = { containers: new Map(), pods: new Map(), kubeContainers: new Map() };
  private podmanAt = -Infinity;
  private kubeAt = -Infinity;
  private readonly dockerTried = new Map<string, number>();

  constructor(private readonly cgfs: CgroupFs, private readonly now: () => number = Date.now) {}

  /** The names known so far. */
  get names(): ContainerNames {
    return this.index;
  }

  /** Make sure a container id has a name if any runtime state names it. */
  want(runtime: string | null, id: string): void {
    if (this.index.containers.has(id) || this.index.kubeContainers.has(id)) return;
    const t = this.now();
    if (runtime === 'docker') {
      const last = this.dockerTried.get(id);
      if (last !== undefined && t - last < RETRY_MS) return;
      this.dockerTried.set(id, t);
      const text = this.cgfs.readSystem(`${DOCKER_CONTAINERS_DIR}/${id}/config.v2.json`);
      const cfg = text === null ? null : parseDockerConfigV2(text);
      if (cfg !== null) {
        if (cfg.kubeContainer !== null) this.index.kubeContainers.set(id, cfg.kubeContainer);
        else if (cfg.name !== null) this.index.containers.set(id, cfg.name);
        if (cfg.podUid !== null && cfg.podName !== null && cfg.podNamespace !== null) {
          this.index.pods.set(cfg.podUid, { name: cfg.podName, namespace: cfg.podNamespace });
        }
      }
      return;
    }
    if (runtime === 'podman') {
      if (t - this.podmanAt < RETRY_MS) return;
      this.podmanAt = t;
      const text = this.cgfs.readSystem(PODMAN_CONTAINERS_JSON);
      if (text !== null) for (const [k, v] of parsePodmanContainersJson(text)) this.index.containers.set(k, v);
      return;
    }
    if (runtime === 'containerd' || runtime === 'cri-o' || runtime === 'cri') this.readKubelet(t);
  }

  /** Make sure a pod uid has a name if the kubelet's log directories name it. */
  wantPod(uid: string): void {
    if (this.index.pods.has(uid)) return;
    this.readKubelet(this.now());
  }

  private readKubelet(t: number): void {
    if (t - this.kubeAt < RETRY_MS) return;
    this.kubeAt = t;
    for (const name of this.cgfs.listSystem(KUBELET_POD_LOGS) ?? []) {
      const p = parseKubeletPodDir(name);
      if (p !== null) this.index.pods.set(p.uid, { name: p.pod, namespace: p.namespace });
    }
    for (const name of this.cgfs.listSystem(KUBELET_CONTAINER_LOGS) ?? []) {
      const c = parseKubeletContainerLog(name);
      if (c !== null) this.index.kubeContainers.set(c.id, c.container);
    }
  }
}
