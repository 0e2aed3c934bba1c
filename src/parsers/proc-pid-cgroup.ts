import type { CgroupMembership } from '../core/process-details.js';

/**
 * Parse /proc/PID/cgroup (cgroups(7)): one `hierarchy-ID:controller-list:cgroup-path` line per hierarchy.
 * cgroup v2 prints the single line `0::/path`; v1 prints `N:cpu,cpuacct:/path` or `N:name=systemd:/path`.
 * The path is everything after the second colon, so a path containing `:` survives. Lines that do not
 * have the shape are skipped.
 */
export function parseProcPidCgroup(text: string): CgroupMembership[] {
  const out: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (b < 0) continue;
    const idText = line.slice(0, a);
    if (!/^\d+$/.test(idText)) continue;
    const list = line.slice(a + 1, b);
    out.push({
      hierarchy: Number(idText),
      controllers: list === '' ? [] : list.split(','),
      path: line.slice(b + 1),
    });
  }
  return out;
}
