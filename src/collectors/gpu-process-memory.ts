import { parseDrmFdinfo } from '../parsers/drm-fdinfo.js';
import { NVIDIA_APPS_QUERY, parseNvidiaAppsCsv } from '../parsers/nvidia-smi.js';
import { nvidiaAwake, readDrmCards } from '../source/drm-gpu-files.js';
import { drmFdinfoTexts, nvidiaSmiSync } from '../source/gpu-process-files.js';
import type { ProcFs } from '../source/proc-fs.js';

/** PCI vendors whose DRM drivers publish per-client memory in fdinfo: AMD, Intel. */
const FDINFO_VENDORS = new Set(['0x1002', '0x8086']);

/** NVIDIA: per-process framebuffer memory from one `nvidia-smi --query-compute-apps` run, bytes by pid. */
function nvidiaByPid(): Map<number, number> {
  const text = nvidiaSmiSync([`--query-compute-apps=${NVIDIA_APPS_QUERY.join(',')}`, '--format=csv,noheader,nounits']);
  const out = new Map<number, number>();
  for (const list of parseNvidiaAppsCsv(text).values()) {
    for (const p of list) out.set(p.pid, (out.get(p.pid) ?? 0) + p.memoryUsed);
  }
  return out;
}

/** AMD and Intel: VRAM each process holds, each DRM client once however many fds (dup, fork) share it. */
function drmByPid(fs: ProcFs, pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const seen = new Set<string>();
    let bytes = 0;
    for (const text of drmFdinfoTexts(fs, pid)) {
      const c = parseDrmFdinfo(text);
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
 * whose driver reports it (the column then prints `-`). nvidia-smi is started only when an NVIDIA GPU is
 * present and awake (it would wake a sleeping one); fdinfo is read only with an awake AMD or Intel card.
 */
export function readGpuProcessMemory(fs: ProcFs, pids: readonly number[]): Map<number, number> | null {
  const nv = nvidiaAwake(fs.root);
  const drm = readDrmCards(fs.root).some((c) => FDINFO_VENDORS.has(c.vendor?.trim() ?? '') && c.runtimeStatus?.trim() !== 'suspended');
  if (!nv.present && !drm) return null;
  const total = new Map<number, number>();
  if (nv.present && nv.awake) for (const [pid, b] of nvidiaByPid()) total.set(pid, b);
  if (drm) for (const [pid, b] of drmByPid(fs, pids)) total.set(pid, (total.get(pid) ?? 0) + b);
  return total;
}
