/*
 * Container and pod names from what the runtimes leave on disk, so sysmon needs no daemon API. Every parser
 * returns nothing rather than throwing on text it does not understand: the files belong to other programs,
 * may be written while we read them, and change shape between versions.
 */

/**
 * podman's (containers/storage) /var/lib/containers/storage/overlay-containers/containers.json: a JSON array of
 * `{ "id": "<64 hex>", "names": ["web"], ... }`. Returns id -> first name; an empty map for anything else.
 */
export function parsePodmanContainersJson(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return out;
  }
  if (!Array.isArray(doc)) return out;
  for (const entry of doc) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, names } = entry as { id?: unknown; names?: unknown };
    if (typeof id !== 'string' || !Array.isArray(names)) continue;
    const name = names.find((n): n is string => typeof n === 'string' && n.length > 0);
    if (name !== undefined) out.set(id, name);
  }
  return out;
}

/** What docker's config.v2.json tells about one container. */
export interface DockerContainerConfig {
  /** Name without docker's leading `/`. */
  name: string | null;
  /** Kubernetes labels a dockershim container carries. */
  podName: string | null;
  podNamespace: string | null;
  podUid: string | null;
  /** The container's name in its pod (io.kubernetes.container.name). */
  kubeContainer: string | null;
}

/** docker's /var/lib/docker/containers/<id>/config.v2.json (`"Name": "/web"`, `Config.Labels`); null if unreadable. */
export function parseDockerConfigV2(text: string): DockerContainerConfig | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  const d = doc as { Name?: unknown; Config?: { Labels?: unknown } };
  const name = typeof d.Name === 'string' && d.Name.length > 0 ? d.Name.replace(/^\//, '') : null;
  const labels = typeof d.Config?.Labels === 'object' && d.Config.Labels !== null ? (d.Config.Labels as Record<string, unknown>) : {};
  const label = (k: string): string | null => (typeof labels[k] === 'string' ? (labels[k] as string) : null);
  return {
    name,
    podName: label('io.kubernetes.pod.name'),
    podNamespace: label('io.kubernetes.pod.namespace'),
    podUid: label('io.kubernetes.pod.uid'),
    kubeContainer: label('io.kubernetes.container.name'),
  };
}

const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A kubelet pod log directory name, `<namespace>_<pod>_<uid>` (/var/log/pods/). Namespaces and pod names
 * cannot hold `_` (DNS labels), so the split is exact; null for other names.
 */
export function parseKubeletPodDir(name: string): { namespace: string; pod: string; uid: string } | null {
  const parts = name.split('_');
  if (parts.length !== 3) return null;
  const [namespace, pod, uid] = parts as [string, string, string];
  if (namespace === '' || pod === '' || !UID.test(uid.toLowerCase())) return null;
  return { namespace, pod, uid: uid.toLowerCase() };
}

/**
 * A kubelet container log link name, `<pod>_<namespace>_<container>-<64 hex id>.log` (/var/log/containers/):
 * gives the container's name in its pod by container id; null for other names.
 */
export function parseKubeletContainerLog(name: string): { pod: string; namespace: string; container: string; id: string } | null {
  const m = /^([^_]+)_([^_]+)_(.+)-([0-9a-f]{64})\.log$/.exec(name);
  if (!m) return null;
  return { pod: m[1]!, namespace: m[2]!, container: m[3]!, id: m[4]! };
}
