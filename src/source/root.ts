import path from 'node:path';

/**
 * The directory that stands for `/`: `--root DIR`, else `SYSMON_ROOT`, else `/`.
 * Tests point it at a fixture tree holding proc/, sys/, etc/, run/.
 */
export function resolveRoot(flag?: string): string {
  const chosen = flag ?? process.env.SYSMON_ROOT ?? '/';
  return path.resolve(chosen);
}

/** Join a root and an absolute system path ("/proc/stat") into a real path. */
export function underRoot(root: string, systemPath: string): string {
  return root === '/' ? systemPath : path.join(root, systemPath);
}
