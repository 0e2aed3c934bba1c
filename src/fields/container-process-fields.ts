import type { ProcessContainer } from '../core/container.js';
import type { ProcessRow } from '../core/process.js';
import type { Field } from './registry.js';

/*
 * Process columns that say which container, pod and systemd unit a process belongs to, from /proc/PID/cgroup
 * (src/parsers/cgroup-path.ts) with names from the runtimes' state on disk. They join the process registry
 * (process-fields.ts), so ps -o, --sort, top -b -o, the dashboard's field chooser and filter, and --json all
 * know them. A process outside any container shows `-`, as procps does for an empty unit; JSON has null.
 */

/** Names, ids and cgroup paths come from other programs: control characters (C0, DEL, C1) print as `?`. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f-\x9f]/.test(s) ? s.replace(/[\x00-\x1f\x7f-\x9f]/g, '?') : s;
}

function column(
  key: keyof Pick<ProcessContainer, 'container' | 'runtime' | 'pod' | 'namespace' | 'unit'>,
  aliases: string[],
  header: string,
  width: number,
  description: string,
): Field<ProcessRow> {
  const value = (r: ProcessRow): string | null => r.container?.[key] ?? null;
  return {
    key, aliases, header, width, align: 'left', description, descByDefault: false, needs: ['container'],
    value,
    text: (r) => {
      const v = value(r);
      return v === null ? '-' : printable(v);
    },
  };
}

/** The container columns of the process registry. */
export const CONTAINER_PROCESS_FIELDS: readonly Field<ProcessRow>[] = [
  column('container', ['ctr'], 'CONTAINER', 12, 'container name (podman, docker, kubelet state), else its 12-character id'),
  column('runtime', [], 'RUNTIME', 10, 'container runtime from the cgroup path: docker podman containerd cri-o lxc nspawn cri'),
  column('pod', [], 'POD', 16, 'Kubernetes pod name (else its uid) or podman pod id'),
  column('namespace', ['kns'], 'NAMESPACE', 12, "Kubernetes namespace (from the kubelet's /var/log/pods)"),
  column('unit', [], 'UNIT', 24, 'systemd unit (or slice) from the cgroup path'),
];

/**
 * The container columns after a registry's field list, leaving out any whose key or alias the list already
 * has (procps's own `unit` specifier, when ps grows it, keeps its meaning).
 */
export function withContainerFields(fields: readonly Field<ProcessRow>[]): Field<ProcessRow>[] {
  const taken = new Set(fields.flatMap((f) => [f.key, ...f.aliases].map((n) => n.toLowerCase())));
  const extra = CONTAINER_PROCESS_FIELDS.filter((f) => ![f.key, ...f.aliases].some((n) => taken.has(n.toLowerCase())));
  return [...fields, ...extra];
}
