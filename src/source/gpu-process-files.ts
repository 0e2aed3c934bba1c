import { spawnSync } from 'node:child_process';
import type { ProcFs } from './proc-fs.js';

/**
 * stdout of one `nvidia-smi` run with these arguments ('' when it fails or takes over 5 s). Synchronous: the
 * process scan it serves is (gpu_mem, read only when that column is shown).
 */
export function nvidiaSmiSync(args: string[], executable = process.env.SYSMON_NVIDIA_SMI ?? 'nvidia-smi'): string {
  const r = spawnSync(executable, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 && typeof r.stdout === 'string' ? r.stdout : '';
}

/**
 * The fdinfo texts of a process's open DRM device files (fds that link to /dev/dri/...). Another user's fds
 * are not ours to list (EACCES): none then.
 */
export function drmFdinfoTexts(fs: ProcFs, pid: number): string[] {
  const out: string[] = [];
  const fds = fs.tryListDir(`/proc/${pid}/fd`);
  for (const fd of fds.ok ? fds.value : []) {
    const link = fs.tryReadLink(`/proc/${pid}/fd/${fd}`);
    if (!link.ok || !link.value.startsWith('/dev/dri/')) continue;
    const info = fs.tryReadText(`/proc/${pid}/fdinfo/${fd}`);
    if (info.ok) out.push(info.value);
  }
  return out;
}
