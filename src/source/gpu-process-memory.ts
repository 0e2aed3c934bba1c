import { spawnSync } from 'node:child_process';
import { NVIDIA_APPS_QUERY, parseNvidiaAppsCsv } from '../parsers/nvidia-smi.js';
import { parseDrmFdinfo } from '../parsers/drm-fdinfo.js';
import { nvidiaAwake, readDrmCards } from './drm-gpu-files.js';
import type { ProcFs } from './proc-fs.js';

/** PCI vendors whose DRM drivers publish per-client memory in fdinfo: AMD, Intel. */
const FDINFO_VENDORS = new Set(['0x1002', '0x8086']);

/** NVIDIA: per-process framebuffer memory from one `nvidia-smi --query-compute-apps` run, bytes by pid. */
function nvidiaByPid(executable: string): Map<number, number> {
  const r = spawnSync(executable, [`--query-compute-apps=${NVIDIA_APPS_QUERY.join(',')}`, '--format=csv,noheader,nounits'], {
    encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const out = new Map<number, number>();
  if (r.status !== 0 || typeof r.stdout !== 'string') return out;
  for (const list of parseNvidiaAppsCsv(r.stdout).values()) {
    for (const p of list) out.set(p.pid, (out.get(p.pid) ?? 0) + p.memoryUsed);
  }
  return out;
}

/**
 * AMD and Intel: VRAM each process holds, from the fdinfo of its open /dev/dri files (each DRM client counted
 * once, however many fds share it). Only the fds that link to /dev/dri are read.
 */
function drmByPid(fs: ProcFs, pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const seen = new Set<string>();
    let bytes = 0;
    // Another user's fds are not ours to list (EACCES): that process shows 0, as nvidia-smi's view would not.
    const fds = fs.tryListDir(`/proc/${pid}/fd`);
    for (const fd of fds.ok ? fds.value : []) {
      const link = fs.tryReadLink(`/proc/${pid}/fd/${fd}`);
      if (!link.ok || !link.value.startsWith('/dev/dri/')) continue;
      const info = fs.tryReadText(`/proc/${pid}/fdinfo/${fd}`);
      const c = info.ok ? parseDrmFdinfo(info.value) : null;
      if (!c || seen.has(`${c.driver}:${c.clientId}`)) continue;
      seen.add(`${c.driver}:${c.clientId}`);
      bytes += c.deviceBytes;
    }
    if (seen.size > 0) out.set(pid, bytes);
  }
  return out;
}

/**
 * GPU memory of each process over every GPU, bytes, for the `gpu_mem` column; null when the machine has no GPU
 * whose driver reports it (the column then prints `-`). Read only when that column is shown: nvidia-smi is
 * started only when an NVIDIA GPU is present and awake (it would wake a sleeping one), and fdinfo is read only
 * with an awake AMD or Intel card.
 */
export function readGpuProcessMemory(
  fs: ProcFs, pids: readonly number[], executable = process.env.SYSMON_NVIDIA_SMI ?? 'nvidia-smi',
): Map<number, number> | null {
  const nv = nvidiaAwake(fs.root);
  const drm = readDrmCards(fs.root).some((c) => FDINFO_VENDORS.has(c.vendor?.trim() ?? '') && c.runtimeStatus?.trim() !== 'suspended');
  if (!nv.present && !drm) return null;
  const total = new Map<number, number>();
  if (nv.present && nv.awake) for (const [pid, b] of nvidiaByPid(executable)) total.set(pid, b);
  if (drm) for (const [pid, b] of drmByPid(fs, pids)) total.set(pid, (total.get(pid) ?? 0) + b);
  return total;
}
